"""Atomic output files: a failed build never leaves half a file or loses the last good one."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from briefgen.errors import BuildError

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


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``target`` through ``write`` into a temporary file, then rename it into place."""
    tmp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as stream:
            if fcntl is not None:  # held until closed: a slow build's file is never "stale"
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
        tmp = None
    except OSError as err:
        raise BuildError(f"cannot write {target}: {err.strerror or err}") from err
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return target
