"""The resident build server: builds through it are the builds of a fresh process.

Each test that runs a server gives it a private runtime folder (a short one: socket paths
are limited to about 100 bytes) and stops it afterwards. Commands run as the user runs
them: ``python -m briefgen.cli ...`` in a child process whose ``main`` first asks the server.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.workflow import client

pytestmark = pytest.mark.skipif(not client.supported(), reason="needs fork and Unix sockets")

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "inputs" / "kz.yaml"
CLI = (sys.executable, "-m", "briefgen.cli")


def server_env(runtime: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "BRIEFGEN_SERVER"}
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["BRIEFGEN_SERVER_IDLE"] = "120"
    return env


NEUTRAL = Path(tempfile.gettempdir())
"""Where commands run unless a test says otherwise. Not the checkout: ``python -m`` puts
the working folder first on sys.path, so from the checkout a command imports the checkout's
briefgen, elsewhere the installed one, and each copy of briefgen has its own server."""


def cli(env: dict[str, str], *args: str, cwd: Path = NEUTRAL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def served(env: dict[str, str]) -> int:
    """How many connections the server has taken (read with ``briefgen server status``)."""
    status = cli(env, "server", "status")
    found = re.search(r"(\d+) connections? served", status.stdout)
    assert found, status.stdout + status.stderr
    return int(found.group(1))


@pytest.fixture(scope="module")
def running() -> Iterator[dict[str, str]]:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    env = server_env(runtime)
    try:
        started = cli(env, "server", "start")
        assert started.returncode == 0, started.stderr
        assert "build server running" in started.stdout
        yield env
    finally:
        cli(env, "server", "stop")
        shutil.rmtree(runtime, ignore_errors=True)


def test_build_through_the_server_writes_the_bytes_of_a_fresh_process(
    running: dict[str, str], tmp_path: Path
) -> None:
    before = served(running)
    via = cli(running, "build", str(KZ), "--out", str(tmp_path / "via"))
    assert served(running) == before + 2  # the build and the status call that follows it
    off = dict(running, BRIEFGEN_SERVER="off")
    here = cli(off, "build", str(KZ), "--out", str(tmp_path / "here"))
    assert via.returncode == here.returncode == 0, via.stderr
    assert via.stdout.replace("/via/", "/here/") == here.stdout
    assert "wrote" in via.stdout and "estimated talk time: 5:32" in via.stdout
    for name in ("kz.pdf", "kz.pptx"):
        assert (tmp_path / "via" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


def test_outputs_follow_the_callers_umask_through_the_server_and_without(
    running: dict[str, str], tmp_path: Path
) -> None:
    modes = {}
    for how, env in (("via", running), ("here", dict(running, BRIEFGEN_SERVER="off"))):
        out = tmp_path / how
        subprocess.run(
            [*CLI, "build", str(KZ), "--pptx", "--out", str(out)],
            env=env,
            cwd=NEUTRAL,
            check=True,
            capture_output=True,
            preexec_fn=lambda: os.umask(0o027),
        )
        modes[how] = stat.S_IMODE((out / "kz.pptx").stat().st_mode)
    assert modes == {"via": 0o640, "here": 0o640}  # not readable by others, as umask 027 asks


def test_the_callers_resource_limits_bind_the_build_in_the_server(
    running: dict[str, str], tmp_path: Path
) -> None:
    import resource

    def small_files() -> None:  # ulimit -f: no file over 4 kB
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    results = {}
    for how, env in (("via", running), ("here", dict(running, BRIEFGEN_SERVER="off"))):
        done = subprocess.run(
            [*CLI, "build", str(KZ), "--pptx", "--out", str(tmp_path / how)],
            env=env,
            cwd=NEUTRAL,
            capture_output=True,
            text=True,
            preexec_fn=small_files,
        )
        results[how] = (done.returncode, "File too large" in done.stderr)
        assert not (tmp_path / how / "kz.pptx").exists()
    assert results == {"via": (1, True), "here": (1, True)}


def test_bad_input_through_the_server_is_one_positioned_line_and_status_2(
    running: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(KZ.read_text(encoding="utf-8").replace("cycle: 4", "cycle: four", 1))
    before = served(running)
    # a relative path: the server's child works in the client's folder
    done = cli(running, "build", "bad.yaml", "--out", "out", cwd=tmp_path)
    assert served(running) == before + 2
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(r"bad\.yaml:\d+:\d+: ", lines[0]), done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()


def test_validate_and_its_warnings_through_the_server(
    running: dict[str, str], tmp_path: Path
) -> None:
    starter = cli(running, "init", "draft", cwd=tmp_path)
    assert starter.returncode == 0
    before = served(running)
    done = cli(running, "validate", "draft.yaml", cwd=tmp_path)
    assert served(running) == before + 2
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "draft.yaml: ok (2 issues)"


def test_builds_at_the_same_time_each_get_their_own_child(
    running: dict[str, str], tmp_path: Path
) -> None:
    procs = [
        subprocess.Popen(
            [*CLI, "build", str(KZ), "--pdf", "--out", str(tmp_path / str(k))],
            env=running,
            cwd=NEUTRAL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for k in range(3)
    ]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    first = (tmp_path / "0" / "kz.pdf").read_bytes()
    assert first[:5] == b"%PDF-"
    assert all((tmp_path / str(k) / "kz.pdf").read_bytes() == first for k in (1, 2))


def _served_build(
    env: dict[str, str], tmp_path: Path, issues: int, *flags: str
) -> subprocess.Popen[str]:
    """A build of a generated briefing of ``issues`` issues into ``tmp_path / "o"``,
    returned once the server has taken it."""
    from tests.test_pdf import generated

    big = tmp_path / "big.yaml"
    big.write_text(generated(issues), encoding="utf-8")
    before = served(env)
    proc = subprocess.Popen(
        [*CLI, "build", str(big), *flags, "--out", str(tmp_path / "o")],
        env=env,
        cwd=NEUTRAL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while served(env) < before + 2:  # the build, and the status call asking
        assert time.monotonic() < deadline
    return proc


def _server_pid(env: dict[str, str]) -> int:
    found = re.search(r"pid (\d+)", cli(env, "server", "status").stdout)
    assert found
    return int(found.group(1))


def test_ctrl_c_stops_the_build_in_the_server_and_writes_nothing(
    running: dict[str, str], tmp_path: Path
) -> None:
    proc = _served_build(running, tmp_path, 150)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert not (tmp_path / "o").exists()


def _working(env: dict[str, str]) -> set[int]:
    """The server's children that are running, not finished (Linux's /proc)."""
    pid = _server_pid(env)
    listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    working = set()
    for child in listed:
        try:
            state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # reaped meanwhile
        if state != "Z":
            working.add(int(child))
    return working


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_a_terminated_client_ends_its_build_and_writes_nothing(
    running: dict[str, str], tmp_path: Path
) -> None:
    proc = _served_build(running, tmp_path, 300)
    build = _working(running) & _working(running) & _working(running)  # status calls end
    assert len(build) == 1, build
    proc.terminate()  # SIGTERM, as a closing session or a supervisor sends it
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGTERM  # ended by the signal, as a build here would be
    deadline = time.monotonic() + 10
    while build & _working(running):
        assert time.monotonic() < deadline, "the build went on without its client"
        time.sleep(0.1)
    assert not (tmp_path / "o").exists()


def test_a_new_server_starts_while_a_dead_ones_last_build_runs(tmp_path: Path) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    env = server_env(runtime)
    try:
        assert cli(env, "server", "start").returncode == 0
        proc = _served_build(env, tmp_path, 600, "--pdf")  # a build that outlasts a restart
        os.kill(_server_pid(env), signal.SIGKILL)  # it dies, leaving its lock file behind
        again = cli(env, "server", "start")  # the running child holds no lock of the old one
        assert again.returncode == 0 and "0 connections" not in again.stdout, again.stderr
        assert proc.poll() is None, "the build should still be running"
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "big.pdf" in out and (tmp_path / "o" / "big.pdf").read_bytes()[:5] == b"%PDF-"
    finally:
        cli(env, "server", "stop")
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_build_starts_a_server_for_the_next_one_and_stop_stops_it(tmp_path: Path) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    env = server_env(runtime)
    try:
        assert cli(env, "server", "status").stdout.strip() == client.NOT_RUNNING
        first = cli(env, "build", str(KZ), "--pptx", "--out", str(tmp_path))
        assert first.returncode == 0, first.stderr  # built here, a server started beside it
        deadline = time.monotonic() + 60
        while not cli(env, "server", "status").stdout.startswith("build server running"):
            assert time.monotonic() < deadline, "no server started"
            time.sleep(0.2)
        sockets = [p for p in (runtime / "briefgen").iterdir() if stat.S_ISSOCK(p.lstat().st_mode)]
        assert len(sockets) == 1
        assert not Path(f"{sockets[0]}.started").exists()  # a listening server removed its mark
        assert stat.S_IMODE((runtime / "briefgen").stat().st_mode) == 0o700
        assert stat.S_IMODE(sockets[0].lstat().st_mode) == 0o600
        stopped = cli(env, "server", "stop")
        assert stopped.stdout.strip() == "stopped 1 build server"
        assert not sockets[0].exists()
        assert cli(env, "server", "status").stdout.strip() == client.NOT_RUNNING
    finally:
        cli(env, "server", "stop")
        shutil.rmtree(runtime, ignore_errors=True)


def test_one_command_starts_a_server_and_a_failing_one_is_not_restarted_by_every_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        folder = client.runtime_dir()
        assert folder is not None
        path = client.socket_path(folder, "k" * 20)
        assert path is not None
        assert client._first_start(path)  # the first command without a server starts one
        assert not client._first_start(path)  # the next ones, within a minute, do not
        mark = Path(path + ".started")
        old = time.time() - client.RESTART_SECONDS - 1
        os.utime(mark, (old, old))
        assert client._first_start(path)  # a minute later, one of them tries again
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_stop_removes_what_a_dead_server_left(monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        folder = Path(str(client.runtime_dir()))
        dead = socket.socket(socket.AF_UNIX)
        dead.bind(str(folder / ("s-" + "d" * 20)))
        dead.close()  # its file stays, as a killed server's does
        (folder / ("s-" + "d" * 20 + ".started")).touch()
        assert client.stop() == (0, "stopped 0 build servers")
        assert list(folder.iterdir()) == []
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_init_readies_a_server_for_the_build_that_follows(tmp_path: Path) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    env = server_env(runtime)
    try:
        done = cli(env, "init", "draft", cwd=tmp_path)
        assert done.returncode == 0 and (tmp_path / "draft.yaml").is_file()
        deadline = time.monotonic() + 60
        while not cli(env, "server", "status").stdout.startswith("build server running"):
            assert time.monotonic() < deadline, "init started no server"
            time.sleep(0.2)
        before = served(env)
        built = cli(env, "build", "draft.yaml", cwd=tmp_path)
        assert built.returncode == 0 and served(env) == before + 2  # the build was served
    finally:
        cli(env, "server", "stop")
        shutil.rmtree(runtime, ignore_errors=True)


def test_server_off_keeps_every_command_in_its_own_process(tmp_path: Path) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    env = dict(server_env(runtime), BRIEFGEN_SERVER="off")
    try:
        done = cli(env, "build", str(KZ), "--pptx", "--out", str(tmp_path))
        assert done.returncode == 0
        time.sleep(1.0)  # a server would have bound its socket by now
        assert not (runtime / "briefgen").exists()
        assert cli(env, "server", "start").returncode == 1
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_the_server_is_chosen_by_code_python_and_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = client.server_key()
    monkeypatch.setenv("PWD", "/elsewhere")  # a shell's own bookkeeping does not matter
    monkeypatch.setenv("OLDPWD", "/before")
    assert client.server_key() == key
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "/another/cache")  # anything else does
    assert client.server_key() != key
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR")


def test_an_edited_briefgen_file_gives_another_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "briefgen"  # a copy: editing the real files would disturb other tests
    (package / "__pycache__").mkdir(parents=True)
    (package / "cli.py").write_text("x = 1\n")
    monkeypatch.setattr(client, "package_dir", lambda: str(package))
    key = client.server_key()
    (package / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"compiled")
    assert client.server_key() == key  # bytecode is not source
    (package / "cli.py").write_text("x = 22\n")  # another size: mtimes may tick coarsely
    edited = client.server_key()
    assert edited != key
    (package / "new.py").write_text("")
    assert client.server_key() not in (key, edited)


def test_an_install_or_upgrade_gives_another_server(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    key = client.server_key()
    (tmp_path / "notes.txt").write_text("not an install")  # an unrelated file changes nothing
    assert client.server_key() == key
    (tmp_path / "somelib-1.0.dist-info").mkdir()
    installed = client.server_key()
    assert installed != key
    (tmp_path / "somelib-1.0.dist-info").rename(tmp_path / "somelib-1.1.dist-info")
    assert client.server_key() not in (key, installed)


def test_a_folder_others_can_enter_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        (runtime / "briefgen").mkdir(mode=0o700)
        assert client.runtime_dir() == str(runtime / "briefgen")
        os.chmod(runtime / "briefgen", 0o755)
        assert client.runtime_dir() is None
        monkeypatch.delenv("BRIEFGEN_SERVER", raising=False)
        assert client.run(["build", str(KZ)]) is None  # runs here, starts nothing
        assert os.listdir(runtime / "briefgen") == []
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_only_build_and_validate_go_to_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFGEN_SERVER", raising=False)
    assert client.wanted(["build", "x.yaml"]) and client.wanted(["validate", "x.yaml"])
    for args in (["watch", "x.yaml"], ["init", "x"], ["schema"], ["--help"], []):
        assert not client.wanted(args)
    assert not client.wanted(["build", "x.yaml", "--executor", "dask"])
    monkeypatch.setenv("BRIEFGEN_SERVER", "off")
    assert not client.wanted(["build", "x.yaml"])


def test_the_server_refuses_other_users() -> None:
    from briefgen.workflow.server import _same_user

    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        assert _same_user(a)  # same process, same user; another uid compares unequal
