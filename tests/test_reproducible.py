"""Same input, same bytes: builds are reproducible across runs, processes and machines' settings.

Byte-identical output lets a coalition check a shared file by hash, keeps version control
diffs honest, and makes any unintended change in the renderers show up in review. What
must not leak into the files: the time of day, the time zone, hash randomisation (set and
dict order), the working directory, the output folder and where the input file lives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import briefgen
from briefgen.build import Options, build

ROOT = Path(__file__).resolve().parent.parent


def _rich_input(folder: Path) -> Path:
    """kz.yaml plus a member logo, so images and every block type are in the files."""
    folder.mkdir(parents=True, exist_ok=True)
    logo = Image.new("RGB", (120, 60), (27, 58, 107))
    for x in range(40, 80):
        for y in range(15, 45):
            logo.putpixel((x, y), (217, 130, 43))
    logo.save(folder / "logo.png")
    text = (ROOT / "inputs" / "kz.yaml").read_text(encoding="utf-8")
    marker = "        kk: «Аман-саулық» қоғамдық қоры\n"
    assert marker in text, "kz.yaml changed: update the logo insertion point"
    text = text.replace(marker, marker + "      logo: logo.png\n", 1)
    path = folder / "kz.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_two_builds_in_one_process_are_identical(tmp_path: Path) -> None:
    briefing = briefgen.load(_rich_input(tmp_path / "in"))
    build(briefing, out=tmp_path / "a")
    build(briefing, out=tmp_path / "b")
    first, second = _bytes(tmp_path / "a"), _bytes(tmp_path / "b")
    assert set(first) == {"kz.pdf", "kz.pptx"}
    assert first["kz.pdf"].startswith(b"%PDF-")
    assert first["kz.pptx"].startswith(b"PK")
    assert b"/Subtype /Image" in first["kz.pdf"], "the member logo should be in the PDF"
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds"


def test_handout_and_other_shapes_are_reproducible(tmp_path: Path) -> None:
    briefing = briefgen.load(_rich_input(tmp_path / "in"))
    options = Options(handout=True, page_size="Letter", aspect="4:3")
    build(briefing, out=tmp_path / "a", options=options)
    build(briefing, out=tmp_path / "b", options=options)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")


def _build_in_subprocess(source: Path, out: Path, cwd: Path, hash_seed: str, tz: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": tz}
    env.pop("SOURCE_DATE_EPOCH", None)  # reproducible without the caller's help
    cwd.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen.cli", "build", str(source), "--out", str(out)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(not hasattr(os, "fork"), reason="TZ switching needs a POSIX libc")
def test_builds_in_different_processes_and_places_are_identical(tmp_path: Path) -> None:
    """Different hash seeds, time zones, working folders, output folders and input folders."""
    first_src = _rich_input(tmp_path / "here" / "input")
    second_src = tmp_path / "elsewhere" / "deeper" / "copy" / "kz.yaml"
    shutil.copytree(first_src.parent, second_src.parent)
    _build_in_subprocess(first_src, tmp_path / "out-1", tmp_path / "cwd-1", "1", "UTC")
    _build_in_subprocess(
        second_src,
        Path("relative-out"),  # relative to its own working directory
        tmp_path / "cwd-2",
        "12345",
        "Asia/Almaty",
    )
    first = _bytes(tmp_path / "out-1")
    second = _bytes(tmp_path / "cwd-2" / "relative-out")
    assert set(first) == {"kz.pdf", "kz.pptx"}
    for name in first:
        assert first[name] == second[name], f"{name} depends on the process or its location"
