"""Atomic output files: a failed build never leaves half a file or loses the last good one."""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from briefgen import environment
from briefgen.errors import BuildError, Problem

try:
    import fcntl
except ImportError:  # Windows: no flock, the file's age is all there is to go by
    fcntl = None  # type: ignore[assignment]

STALE_SECONDS = 600
"""A temporary file this old belongs to a build that was killed, not to one still running."""


def _parts(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.part"))


def _in_use(part: Path) -> bool:
    """True while a running build holds the lock on its temporary file (POSIX only)."""
    if fcntl is None:
        return False
    with open(part, "rb") as probe:
        try:
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
    return False


def remove_stale_parts(target: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files that killed builds of ``target`` left behind."""
    now = time.time() if now is None else now
    removed = []
    for part in _parts(target):
        try:
            if now - part.stat().st_mtime > STALE_SECONDS and not _in_use(part):
                part.unlink()
                removed.append(part)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def check_targets(planned: Iterable[tuple[str, Path, Iterable[Path]]]) -> list[Problem]:
    """Before anything is written: no two inputs write one file, no output replaces an input.

    ``planned`` holds, for each build, how errors name its input, the input file and the
    files it will write. Returns one problem per offending output.
    """
    items = [(display, source.resolve(), list(targets)) for display, source, targets in planned]
    inputs = {source: display for display, source, _ in items}
    seen: dict[Path, str] = {}
    problems = []
    for display, source, targets in items:
        for target in targets:
            key = target.resolve()
            if key == source:
                message = (
                    f"the output {target} would replace this input; "
                    "rename the input or choose another output folder (--out)"
                )
            elif key in inputs:
                message = (
                    f"the output {target} would replace the input {inputs[key]}; "
                    "choose another output folder (--out)"
                )
            elif key in seen and seen[key] != display:
                message = (
                    f"would write {target}, as {seen[key]} does; "
                    "rename one input or build them into different --out folders"
                )
            else:
                seen[key] = display
                continue
            problems.append(Problem(display, 1, 1, "", message))
    return problems


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``target`` through ``write`` into a temporary file, then rename it into place."""
    return write_all([(target, write)])[0]


def write_all(jobs: Sequence[tuple[Path, Callable[[BinaryIO], None]]]) -> list[Path]:
    """Write every target to a temporary file first, then rename them all into place.

    A failure while writing any of them leaves every previous output as it was: one
    input's outputs are replaced together or not at all. SIGTERM, SIGHUP and Ctrl-C remove
    the temporary files before the process ends, so none is left behind.
    """
    temps: list[tuple[Path, Path]] = []
    with _signals_stop_the_build(temps):
        try:
            for target, write in jobs:
                _write_temp(target, write, temps)
            for tmp, target in temps:
                try:
                    os.replace(tmp, target)
                except OSError as err:
                    raise BuildError(f"cannot write {target}: {err.strerror or err}") from err
        finally:
            for tmp, _ in temps:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
    return [target for target, _ in jobs]


def _write_temp(
    target: Path, write: Callable[[BinaryIO], None], temps: list[tuple[Path, Path]]
) -> None:
    """Write one output's temporary file; it is registered in ``temps`` before any byte."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        tmp = Path(name)
        temps.append((tmp, target))
        with os.fdopen(fd, "wb") as stream:
            if fcntl is not None:  # held until closed: a slow build's file is never "stale"
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o666 & ~environment.umask())  # as a file the user creates: mkstemp's is 0600
    except OSError as err:
        raise BuildError(f"cannot write {target}: {err.strerror or err}") from err


@contextlib.contextmanager
def _signals_stop_the_build(temps: list[tuple[Path, Path]]) -> Iterator[None]:
    """While outputs are written, SIGTERM, SIGHUP and Ctrl-C remove the temporary files and
    end the process (status 128 + signal).

    Removing them in the handler itself, rather than raising, works even while a library
    with a bare ``except:`` is running (reportlab turns any exception while it reads a font
    into "Corrupt TTF file").
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [getattr(signal, n) for n in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, n)]

    def stop(signum: int, _frame: object) -> None:
        for tmp, _ in list(temps):
            with contextlib.suppress(OSError):
                tmp.unlink()
        os._exit(128 + signum)

    previous = {}
    for signum in wanted:
        try:
            previous[signum] = signal.signal(signum, stop)
        except (ValueError, OSError):
            continue
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
