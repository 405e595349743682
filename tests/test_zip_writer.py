"""The deck's zip writer gives zipfile's bytes for the deck's fixed entry metadata."""

from __future__ import annotations

import io
import zipfile

from briefgen.render.zip_writer import zip_bytes

ENTRIES = [
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
    ("ppt/slides/slide1.xml", b"<p:sld>" + b"text " * 2000 + b"</p:sld>"),
    ("ppt/media/empty.bin", b""),
    ("ppt/slides/slide1.xml.bak", b"<p:sld>" + b"text " * 2000 + b"</p:sld>"),  # same bytes again
    ("ppt/Ünïcode name.xml", "Қазақстан".encode()),
]


def _zipfile_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, data)
    return buffer.getvalue()


def test_zip_bytes_equal_zipfiles_and_read_back() -> None:
    made = zip_bytes(ENTRIES)
    assert made == _zipfile_bytes(ENTRIES)
    assert zip_bytes(ENTRIES) == made  # again, from the kept compressed entries
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == ENTRIES


def test_an_empty_archive_is_zipfiles_too() -> None:
    assert zip_bytes([]) == _zipfile_bytes([])
