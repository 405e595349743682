"""Which files a briefing or theme may name: those inside its own folder tree.

A briefing, theme or SVG comes from a stranger, so a path written in it must not reach
the rest of the disk (``/etc``, ``../../secret.png``, ``/dev/zero``). Files inside the
folder of the file naming them are allowed, and so are folders the user lists with
``--assets DIR`` (the library's ``assets=`` parameter).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

ALLOW_HINT = "to allow it, pass --assets FOLDER (assets= in the library) naming its folder"


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """True when ``path`` (symlinks resolved) lies in one of ``roots`` (also resolved)."""
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):
        return False
    for root in roots:
        try:
            real.relative_to(root.resolve(strict=False))
        except (ValueError, OSError, RuntimeError):
            continue
        return True
    return False


def outside_message(what: str, name: str) -> str:
    """The error for a path leaving the allowed folders, saying how to allow it."""
    return f"{what} {name!r} is outside the folder of the file naming it; {ALLOW_HINT}"


def read_regular(path: Path, limit: int) -> bytes:
    """Read at most ``limit`` bytes of a regular file; anything else raises ``OSError``.

    Opened without blocking (a FIFO would wait for a writer forever), checked to be a
    regular file on the open descriptor (no swap between check and read), and read with a
    bound instead of trusting ``st_size`` (``/proc`` files report 0, devices never end).
    Raises ``FileTooLarge`` past ``limit`` and ``NotRegular`` for folders, devices, FIFOs.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise NotRegular("is a folder")
        if not stat.S_ISREG(mode):
            raise NotRegular("is not a regular file (a device, pipe or socket)")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLarge(limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_checked(
    path: Path, limit: int, what: str, noun: str, error: Callable[[str], Exception]
) -> bytes:
    """:func:`read_regular`, every way reading can fail raised as ``error(message)``: ``what``
    names the file in the message ("image", "template"), ``noun`` what it had to be."""
    name = path.name
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        message = f"{what} {name!r} not found"
    except FileTooLarge:
        message = f"{what} {name!r} is too large (at most {limit // 2**20} MB)"
    except NotRegular as err:
        message = f"{what} {name!r} {err.strerror}, not {noun}"
    except OSError as err:
        message = f"cannot read {what} {name!r} ({err.strerror or err})"
    raise error(message)


class NotRegular(OSError):
    """A folder, device, FIFO or socket where a file was expected."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.strerror = message


class FileTooLarge(OSError):
    """More bytes than the limit; the message says the limit."""

    def __init__(self, limit: int) -> None:
        message = f"file is too large (more than {limit / 2**20:g} MB)"
        super().__init__(message)
        self.strerror = message
        self.limit = limit
