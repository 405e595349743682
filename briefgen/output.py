"""Atomic output files: a failed build never leaves half a file or loses the last good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from briefgen.errors import BuildError


@contextlib.contextmanager
def _temporary_beside(target: Path) -> Iterator[tuple[BinaryIO, Path]]:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream, tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write ``target`` through ``write`` into a temporary file, then rename it into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _temporary_beside(target) as (stream, tmp):
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as err:
        raise BuildError(f"cannot write {target}: {err.strerror or err}") from err
    return target
