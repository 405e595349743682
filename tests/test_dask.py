"""The Dask executor on a LocalCluster, through the real command line, with a worker killed
while it builds: Dask retries the task, every output is complete and byte-identical to a
local build, and nothing is half written."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "inputs" / "kz.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _kill_a_busy_worker(client: distributed.Client, build: subprocess.Popen[str]) -> str:
    """SIGKILL the process of a worker while it runs a build task; its address."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        busy = [addr for addr, keys in client.processing().items() if keys]
        if busy:
            pids = client.run(os.getpid, workers=[busy[0]])
            os.kill(pids[busy[0]], signal.SIGKILL)
            return busy[0]
        time.sleep(0.02)
    raise AssertionError("no worker ever started a build")


def test_dask_cluster_survives_a_killed_worker(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = ["one", "two", "three", "four"]
    for name in names:
        shutil.copy(KZ, inputs / f"{name}.yaml")
    (inputs / "bad.yaml").write_text("title: T\ncountry: 'C\n", encoding="utf-8")
    out = tmp_path / "out"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        build = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "briefgen.cli",
                "build",
                *(str(inputs / f"{n}.yaml") for n in [*names, "bad"]),
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--out",
                str(out),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        killed = _kill_a_busy_worker(client, build)
        stdout, stderr = build.communicate(timeout=300)
    assert killed
    assert build.returncode == 2, stderr
    assert stderr.splitlines()[0] == (
        f"{inputs / 'bad.yaml'}:2:10: YAML syntax: this ' is never closed; end the text with '"
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{n}.{fmt}" for n in names for fmt in ("pdf", "pptx")
    )  # no .part file left by the killed worker: the client alone writes
    local = tmp_path / "local"
    subprocess.run(
        [sys.executable, "-m", "briefgen.cli", "build", str(KZ), "--out", str(local)],
        check=True,
        env=ENV,
        capture_output=True,
    )
    for name in names:
        assert (out / f"{name}.pdf").read_bytes() == (local / "kz.pdf").read_bytes()
        assert (out / f"{name}.pptx").read_bytes() == (local / "kz.pptx").read_bytes()
    rows = [line.split() for line in stdout.splitlines()[-6:]]
    assert rows[0] == ["file", "pages", "slides", "talk", "seconds", "result"]
    assert [r[-1] for r in rows[1:]] == ["ok", "ok", "ok", "ok", "input"]
