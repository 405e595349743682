"""A failed build never costs the last good output.

Whatever stops a build — the process killed mid-write, a full disk, a folder it may not
write, a bug in a renderer — the previous ``kz.pdf`` / ``kz.pptx`` stay byte for byte, no
half-written file appears under an output's name, and the user reads one line saying what
went wrong (never a traceback).
"""

from __future__ import annotations

import errno
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import CliRunner

import briefgen
import briefgen.output as output
from briefgen.build import build
from briefgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "inputs" / "kz.yaml"
PART = re.compile(r"^\.kz\.(pdf|pptx)\..+\.part$")


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of a good build of kz.yaml."""
    out = tmp_path_factory.mktemp("good")
    build(briefgen.load(KZ), out=out)
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.fixture
def out(tmp_path: Path, good_bytes: dict[str, bytes]) -> Path:
    """An output folder holding the previous good build."""
    folder = tmp_path / "outputs"
    folder.mkdir()
    for name, data in good_bytes.items():
        (folder / name).write_bytes(data)
    return folder


def assert_intact(folder: Path, good: dict[str, bytes], allow_parts: bool = False) -> None:
    """The previous outputs are unchanged and nothing else that looks like an output exists."""
    for name, data in good.items():
        assert (folder / name).read_bytes() == data, f"{name} was damaged"
    extra = {p.name for p in folder.iterdir()} - set(good)
    if allow_parts:
        extra = {name for name in extra if not PART.match(name)}
    assert not extra, f"stray files left behind: {sorted(extra)}"


def assert_one_line(stderr: str, *needles: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got: {stderr!r}"
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    return lines[0]


def invoke_build(*args: str) -> Any:
    result = CliRunner().invoke(app, ["build", str(KZ), *args])
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    return result


# ---------------------------------------------------------------------------------------------
# (a) The process is killed while writing
# ---------------------------------------------------------------------------------------------

SLOW_WRITER = """
import sys, time
import briefgen
import briefgen.render.pdf as pdf

def render(document, theme, stream, options, layout=None):
    stream.write(b"%PDF-1.7\\n% the first half of a file that never gets finished\\n" * 500)
    stream.flush()
    print("writing", flush=True)
    time.sleep(120)

pdf.render = render
from briefgen.build import build
build(briefgen.load(sys.argv[1]), pdf=True, pptx=False, out=sys.argv[2])
"""


@pytest.fixture
def killed_mid_write(tmp_path: Path, out: Path) -> Iterator[subprocess.Popen[str]]:
    """A build of kz.pdf into ``out`` that has written half its file and is still running."""
    script = tmp_path / "slow_writer.py"
    script.write_text(SLOW_WRITER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(KZ), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready else ""  # type: ignore[union-attr]
        assert line.strip() == "writing", proc.stderr.read() if proc.poll() is not None else line  # type: ignore[union-attr]
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def test_killed_build_leaves_the_previous_output(
    out: Path, good_bytes: dict[str, bytes], killed_mid_write: subprocess.Popen[str]
) -> None:
    parts = [p for p in out.iterdir() if PART.match(p.name)]
    assert len(parts) == 1 and parts[0].stat().st_size > 0, "the build should be mid-write"
    assert (out / "kz.pdf").read_bytes() == good_bytes["kz.pdf"]
    _kill(killed_mid_write)
    # SIGKILL cannot be caught: the hidden temporary file may stay, but never under kz.pdf.
    assert_intact(out, good_bytes, allow_parts=True)
    # The next build is not disturbed by the leftover and writes a complete file.
    build(briefgen.load(KZ), out=out)
    assert_intact(out, good_bytes, allow_parts=True)


def test_next_build_removes_temporary_files_of_killed_builds(
    out: Path, good_bytes: dict[str, bytes], killed_mid_write: subprocess.Popen[str]
) -> None:
    _kill(killed_mid_write)
    hour_ago = time.time() - 3600  # killed a while ago (a fresh file may be a build starting)
    for part in out.iterdir():
        if PART.match(part.name):
            os.utime(part, (hour_ago, hour_ago))
    build(briefgen.load(KZ), out=out)
    assert_intact(out, good_bytes)


def test_a_build_never_removes_the_temporary_file_of_a_running_build(
    out: Path, good_bytes: dict[str, bytes], killed_mid_write: subprocess.Popen[str]
) -> None:
    """Two builds into one folder: the second must not delete the first one's file."""
    before = {p.name for p in out.iterdir() if PART.match(p.name)}
    build(briefgen.load(KZ), out=out)
    assert killed_mid_write.poll() is None
    assert before <= {p.name for p in out.iterdir()}, "a running build's file was removed"
    assert_intact(out, good_bytes, allow_parts=True)


# ---------------------------------------------------------------------------------------------
# (b) The disk fills up
# ---------------------------------------------------------------------------------------------


class _Full:
    """A file that takes ``room`` bytes, then fails like a full disk."""

    def __init__(self, real: Any, room: int) -> None:
        self._real = real
        self._room = room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._real.write(bytes(data[: self._room]))
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _Full:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


class _Os:
    """``os`` as seen by briefgen.output, with some functions replaced."""

    def __init__(self, **replaced: Any) -> None:
        self.__dict__.update(replaced)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


def _enospc(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_keeps_the_previous_output(
    monkeypatch: pytest.MonkeyPatch,
    out: Path,
    good_bytes: dict[str, bytes],
    fmt: str,
    where: str,
) -> None:
    if where == "write":
        fake = _Os(fdopen=lambda fd, mode: _Full(os.fdopen(fd, mode), room=4096))
    else:
        fake = _Os(fsync=_enospc)
    monkeypatch.setattr(output, "os", fake)
    result = invoke_build(f"--{fmt}", "--out", str(out))
    assert result.exit_code != 0
    assert_one_line(result.stderr, "No space left on device", f"kz.{fmt}")
    assert_intact(out, good_bytes)


# ---------------------------------------------------------------------------------------------
# (c) The output folder cannot be written
# ---------------------------------------------------------------------------------------------


def test_read_only_output_folder(out: Path, good_bytes: dict[str, bytes]) -> None:
    out.chmod(0o500)
    try:
        probe = out / ".probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:  # root (or a file system without permissions): chmod does not block writes
            probe.unlink()
            pytest.skip("permissions are not enforced for this user")
        result = invoke_build("--out", str(out))
        assert result.exit_code != 0
        assert_one_line(result.stderr, "Permission denied", str(out))
    finally:
        out.chmod(0o755)
    assert_intact(out, good_bytes)


def test_output_folder_under_a_regular_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    result = invoke_build("--out", str(blocker / "sub"))
    assert result.exit_code != 0
    line = assert_one_line(result.stderr, "briefgen: error:", str(blocker))
    assert "Not a directory" in line or "File exists" in line
    assert blocker.read_text(encoding="utf-8") == "a file where a folder should be"


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_rename_refused_keeps_the_previous_output_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, out: Path, good_bytes: dict[str, bytes], fmt: str
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))

    monkeypatch.setattr(output, "os", _Os(replace=refuse))
    result = invoke_build(f"--{fmt}", "--out", str(out))
    assert result.exit_code != 0
    assert_one_line(result.stderr, "Permission denied", f"kz.{fmt}")
    assert_intact(out, good_bytes)


# ---------------------------------------------------------------------------------------------
# (d) A renderer has a bug
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_renderer_bug_keeps_the_previous_output(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    out: Path,
    good_bytes: dict[str, bytes],
    fmt: str,
) -> None:
    import importlib

    module = importlib.import_module(f"briefgen.render.{fmt}")

    def broken(
        document: object, theme: object, stream: Any, options: object, *laid: object
    ) -> None:
        stream.write(b"half a file " * 1000)
        raise ZeroDivisionError("division by zero in the layout")

    monkeypatch.setattr(module, "render", broken)
    monkeypatch.setattr(sys, "argv", ["briefgen", "build", str(KZ), "--out", str(out)])
    from briefgen.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code not in (0, None)
    captured = capsys.readouterr()
    assert_one_line(captured.err, "internal error", "ZeroDivisionError", "--debug")
    assert_intact(out, good_bytes)
