"""Reading a stranger's file: every way it can fail is one plain message, for pictures and
templates alike."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.images import PictureError, read_picture_bytes
from briefgen.paths import read_checked
from briefgen.template_check import TemplateError, check_template


class Refused(Exception):
    pass


def test_read_checked_names_each_failure(tmp_path: Path) -> None:
    small = tmp_path / "small.bin"
    small.write_bytes(b"12345")
    assert read_checked(small, 5, "file", "a file", Refused) == b"12345"
    cases = [
        (tmp_path / "gone.bin", 5, "file 'gone.bin' not found"),
        (small, 4, "file 'small.bin' is too large (at most 0 MB)"),
        (tmp_path, 5, f"file {tmp_path.name!r} is a folder, not a file"),
    ]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        cases.append(
            (fifo, 5, "file 'pipe' is not a regular file (a device, pipe or socket), not a file")
        )
    for path, limit, message in cases:
        with pytest.raises(Refused) as caught:
            read_checked(path, limit, "file", "a file", Refused)
        assert str(caught.value) == message
        assert caught.value.__context__ is None  # one line, no chained traceback


def test_pictures_and_templates_share_the_messages(tmp_path: Path) -> None:
    folder = tmp_path / "logo.png"
    folder.mkdir()
    with pytest.raises(PictureError, match=r"^image 'logo.png' is a folder, not an image$"):
        read_picture_bytes(folder)
    with pytest.raises(PictureError, match=r"^image 'none.png' not found$"):
        read_picture_bytes(tmp_path / "none.png")
    with pytest.raises(TemplateError, match=r"^template 'none.pptx' not found$"):
        check_template(tmp_path / "none.pptx")
    deck = tmp_path / "deck.pptx"
    deck.mkdir()
    with pytest.raises(TemplateError, match=r"^template 'deck.pptx' is a folder, not a file$"):
        check_template(deck)
