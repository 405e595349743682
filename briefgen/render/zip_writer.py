"""A zip archive written in one pass, byte for byte as :mod:`zipfile` writes it for the deck.

The deck's entries all carry the same fixed metadata (1980-01-01, mode 0644, made on MS-DOS,
Deflate at zlib's default level), so the archive is a function of the names and contents
alone. Writing the headers here instead of through ``zipfile.ZipFile.writestr`` lets a
long-running process (watch) keep each entry's compressed form: a template's masters,
layouts and theme, and every slide an edit did not touch, are compressed once, not at every
rebuild. The bytes equal ``zipfile``'s (a test compares them).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_VERSION = 20  # zipfile's DEFAULT_VERSION, also the version Deflate needs
_DEFLATED = 8
_UTF8_NAME = 0x800
_MODE = 0o644 << 16  # external attributes: a regular file, rw-r--r--
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_DOS_TIME = 0  # 00:00:00

# contents -> (crc, compressed); cleared whole past _KEPT entries
_COMPRESSED: dict[bytes, tuple[int, bytes]] = {}
_KEPT = 2048


def _compressed(data: bytes) -> tuple[int, bytes]:
    made = _COMPRESSED.get(data)
    if made is None:
        packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        made = (zlib.crc32(data), packer.compress(data) + packer.flush())
        if len(_COMPRESSED) >= _KEPT:
            _COMPRESSED.clear()
        _COMPRESSED[data] = made
    return made


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def zip_bytes(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """The archive of ``(name, contents)`` in order, Deflate-compressed, fixed metadata."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, data in entries:
        encoded, flags = _name(name)
        crc, packed = _compressed(data)
        fields = (flags, _DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data))
        header = _LOCAL.pack(b"PK\003\004", _VERSION, 0, *fields, len(encoded), 0)
        out += (header, encoded, packed)
        central.append(
            _CENTRAL.pack(
                b"PK\001\002",
                _VERSION,  # made by: version, system 0 (MS-DOS)
                0,
                _VERSION,  # needed to extract
                0,
                *fields,
                len(encoded),
                0,  # extra
                0,  # comment
                0,  # disk number
                0,  # internal attributes
                _MODE,
                offset,
            )
            + encoded
        )
        offset += len(header) + len(encoded) + len(packed)
    directory = b"".join(central)
    end = _END.pack(b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(out) + directory + end
