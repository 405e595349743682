"""The deck's package written without python-pptx, from a template analysis kept on disk.

The decks keep the bytes python-pptx's writer gave them (hashes pinned from the last build
made through python-pptx); python-pptx, reading a deck back and saving it, writes the same
parts; a process whose template analysis is cached imports neither python-pptx nor lxml; a
corrupt, foreign or tampered cache file is ignored and made again.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

import briefgen
from briefgen.build import Options, build_bytes
from briefgen.render import pptx_analyse, pptx_template
from briefgen.render.pptx_package import DeckPackage
from briefgen.theme import Theme, load_theme
from tests.conftest import INPUTS
from tests.test_templates import custom_template, default_template

# sha256 of the decks python-pptx's writer made (before the deck was written without it)
PINNED = {
    "kz": "aed6dcd04139f3ed74fd53c50a892f3f252073e31e5dd44d7a7635a2ab232204",
    "kz-tracking": "b158820be9ff57a9a9f075043d83412e69add54868612506ae58c8a25f189ff8",
    "kz-presenters": "604ab8bcbd91a4330fc120ee135c49e86ee3b22df7fe2819895f96531a1a2485",
    "kz 4:3": "fbbba8066771ceb3ac262c958a9c061a62cb284c5a6e8795e656838f4288a157",
    "briefing-ar": "16f30bd10fb3cbd3f8f2d576c505c793f94a668cc66cc326dce2a9d5a5477ca9",
    "kz default.pptx": "fbfcbf05475f461840ee57f5afe01ce5d313b709b104d83d02eb05cb5c43978c",
    "kz default.potx": "fbfcbf05475f461840ee57f5afe01ce5d313b709b104d83d02eb05cb5c43978c",
    "kz custom.pptx": "d003eb487fcd54e4678109308bb7c816b590e7c0b1fb5c481b15fff2e02220eb",
    "kz-tracking custom.pptx": "cf4082130144440729dc9cb72ccd5c01140f28b80998240b444176d342884c21",
}


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh disk cache, and no analysis kept in this process: each test starts cold."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(cache))
    monkeypatch.setattr(pptx_template, "_KEPT", {})
    return cache


def _templated(folder: Path, kind: str) -> Theme:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / kind
    if not path.exists():  # made once: a new file is a new template to analyse
        (custom_template if kind.startswith("custom") else default_template)(path)
    (folder / "theme.yaml").write_text(
        f"extends: default\nslides:\n  template: {kind}\n", encoding="utf-8"
    )
    return load_theme(str(folder))


def _deck(case: str, folder: Path) -> bytes:
    name, _, variant = case.partition(" ")
    source = INPUTS / "samples" / f"{name}.yaml" if name.startswith("briefing") else None
    briefing = briefgen.load(source or INPUTS / f"{name}.yaml")
    theme = _templated(folder, variant) if variant.endswith(("pptx", "potx")) else None
    options = Options(aspect=variant) if ":" in variant else Options()
    return build_bytes(briefing, ("pptx",), theme=theme, options=options).outputs["pptx"]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("case", sorted(PINNED))
def test_decks_keep_their_bytes(case: str, tmp_path: Path) -> None:
    """Made by python-pptx's analysis, then again from the disk cache alone."""
    assert _sha(_deck(case, tmp_path / "brand")) == PINNED[case]
    assert list((tmp_path / "cache" / "templates").glob("*.json"))
    pptx_template._KEPT.clear()
    assert _sha(_deck(case, tmp_path / "brand")) == PINNED[case]


@pytest.mark.parametrize("case", ["kz-presenters", "kz-tracking custom.pptx"])
def test_python_pptx_saving_the_deck_writes_the_same_parts(case: str, tmp_path: Path) -> None:
    """Read back and saved by python-pptx, the deck has the same entries with the same bytes
    (pictures, charts and their workbooks, relationships, content types), except that lxml
    writes an empty core property as ``<x/>``."""
    ours = zipfile.ZipFile(io.BytesIO(_deck(case, tmp_path / "brand")))
    saved = io.BytesIO()
    Presentation(io.BytesIO(_deck(case, tmp_path / "brand"))).save(saved)
    theirs = zipfile.ZipFile(saved)
    assert sorted(ours.namelist()) == sorted(theirs.namelist())
    assert any(n.startswith("ppt/media/") for n in ours.namelist())
    for name in ours.namelist():
        mine = ours.read(name)
        if name == "docProps/core.xml":
            mine = re.sub(rb"<([a-z:A-Z]+)></\1>", rb"<\1/>", mine)
        assert mine == theirs.read(name), name


def test_a_warm_cache_builds_the_deck_without_python_pptx_or_lxml(
    own_cache: Path, tmp_path: Path
) -> None:
    """The first process analyses python-pptx's default deck and an organisation's template
    (for the template check and the deck); the next one reads both analyses from the disk
    cache and writes the same bytes without importing either library."""
    brand = tmp_path / "brand"
    _templated(brand, "custom.pptx")
    script = (
        "import sys, hashlib, briefgen\n"
        "from briefgen.build import build_bytes\n"
        f"kz = briefgen.load({str(INPUTS / 'kz.yaml')!r})\n"
        f"for theme in (None, {str(brand)!r}):\n"
        "    r = build_bytes(kz, ('pptx',), theme=theme)\n"
        "    print(hashlib.sha256(r.outputs['pptx']).hexdigest())\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'pptx', 'lxml'})))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split("\n")
        for _ in range(2)
    ]
    hashes = [PINNED["kz"], PINNED["kz custom.pptx"]]
    assert runs[0][:2] == runs[1][:2] == hashes
    assert runs[0][2] == "lxml,pptx"
    assert runs[1][2] == ""


def _count_analyses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    made: list[object] = []
    original = pptx_analyse.analyse

    def counting(template: Path | None) -> pptx_template.TemplateAnalysis:
        made.append(template)
        return original(template)

    monkeypatch.setattr(pptx_analyse, "analyse", counting)
    return made


def _tampered(record: Path) -> list[bytes]:
    """Bad forms of a good cache file: not JSON, cut short, another file's, a part name that
    leaves the package, a relationship target that does."""
    good = record.read_bytes()
    data = json.loads(good)
    foreign = dict(data, name="0" * 24 + ".json")
    escaping = json.loads(good)
    escaping["parts"][0][0] = "/../../outside.xml"
    target = json.loads(good)
    target["package_rels"][0][2] = "/ppt/../../outside.xml"
    return [
        b"\x00not json",
        good[: len(good) // 2],
        json.dumps(foreign).encode(),
        json.dumps(escaping).encode(),
        json.dumps(target).encode(),
        json.dumps(dict(data, format=0)).encode(),
    ]


def test_a_corrupt_foreign_or_tampered_cache_file_is_ignored(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _count_analyses(monkeypatch)
    assert _sha(_deck("kz", tmp_path)) == PINNED["kz"]
    (record,) = (own_cache / "templates").glob("*.json")
    good = record.read_bytes()
    assert made == [None]
    for bad in _tampered(record):
        record.write_bytes(bad)
        pptx_template._KEPT.clear()
        assert _sha(_deck("kz", tmp_path)) == PINNED["kz"]
        assert made == [None, None], bad[:40]  # made again, and written again
        assert record.read_bytes() == good
        made.pop()
    pptx_template._KEPT.clear()
    assert _sha(_deck("kz", tmp_path)) == PINNED["kz"]
    assert made == [None]  # the good file is used


def _image(color: str, image_format: str, size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, image_format)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["", "custom.pptx"])
def test_pictures_are_named_shared_and_related_as_python_pptx_does(
    kind: str, tmp_path: Path
) -> None:
    """The same pictures added to three slides: the same part names (the first free number,
    after the template's pictures), content types and relationship ids; identical bytes share
    a part, the template's picture too (the custom template's master holds the teal logo)."""
    template = None
    if kind:
        template = tmp_path / kind
        custom_template(template)
    logo = _image("teal", "PNG", (120, 80))
    a, b, c = _image("red", "PNG"), _image("blue", "JPEG"), _image("green", "PNG")
    slides = [[(a, "PNG"), (b, "JPEG"), (a, "PNG")], [(b, "JPEG"), (c, "PNG")], [(logo, "PNG")]]
    if template is None:
        prs = Presentation()
    else:
        prs = pptx_analyse.open_template_bytes(template.read_bytes())
    theirs = []
    for pictures in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        for data, _ in pictures:
            part, r_id = slide.part.get_or_add_image_part(io.BytesIO(data))
            theirs.append((str(part.partname), part.content_type, r_id))
    analysis = pptx_template.analysis(template)
    package = DeckPackage(analysis, 9144000, 6858000)
    ours = []
    for pictures in slides:
        slide_part = package.add_slide(analysis.layouts[6].partname)
        for data, image_format in pictures:
            r_id = slide_part.add_image(data, image_format)
            name = slide_part.rels[r_id].target
            ours.append((name, package.parts[name].content_type, r_id))
    assert ours == theirs
    assert ours[1][:2] == (
        "/ppt/media/image2.jpg" if not kind else "/ppt/media/image3.jpg",
        "image/jpeg",
    )
    assert (ours[-1][0] == "/ppt/media/image1.png") is bool(kind)
