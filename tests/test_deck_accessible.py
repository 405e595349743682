"""Decks an accessibility checker has nothing to flag in: every slide titled, titles unique
(continuation slides numbered), the title first in reading order, pictures with alt text,
decoration marked decorative, every run with its language. Read back with python-pptx."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_logo_briefing
from pptx import Presentation
from pptx.oxml.ns import qn

import briefgen
from briefgen.build import Options, build
from briefgen.layout.slides import numbered

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


def _deck(source: Path, out: Path) -> Presentation:
    result = build(briefgen.load(source), pdf=False, out=out, options=Options())
    return Presentation(str(result.written["pptx"]))


def _decorative(shape: object) -> bool:
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]  # type: ignore[attr-defined]
    return any(mark.get("val") == "1" for mark in c_nv_pr.iter(DECORATIVE))


def _check(prs: Presentation, lang: str) -> list[str]:
    titles = []
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip(), f"slide {number}"
        titles.append(title.text_frame.text)
        content = [s for s in slide.shapes if not _decorative(s)]
        assert content[0].shape_id == title.shape_id, f"slide {number}: title not read first"
        for shape in slide.shapes:
            c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")[0]
            if shape.shape_type == 13:  # a picture: alt text
                assert (c_nv_pr.get("descr") or "").strip(), f"slide {number}: {shape.name}"
            elif not shape.has_text_frame or not shape.text_frame.text.strip():
                assert _decorative(shape), f"slide {number}: {shape.name} is not decorative"
            for r_pr in shape._element.iter(qn("a:rPr")):
                assert r_pr.get("lang") in {lang, "ar"}, f"slide {number}: {shape.name}"
    assert len(titles) == len(set(titles)), titles
    return titles


def test_kz_deck_is_accessible(kz_path: Path, tmp_path: Path) -> None:
    titles = _check(_deck(kz_path, tmp_path), "en")
    assert len(titles) > 5


def test_continuation_slides_are_numbered(tmp_path: Path) -> None:
    titles = _check(_deck(INPUTS / "stress.yaml", tmp_path), "en")
    continued = [t for t in titles if "cont." in t]  # "(Child labour, cont.)", "(…, cont. 3)"
    assert any(t.endswith(" cont.)") for t in continued)
    assert any(t.endswith(" cont. 3)") for t in continued)


def test_arabic_deck_runs_say_arabic(tmp_path: Path) -> None:
    titles = _check(_deck(INPUTS / "samples" / "briefing-ar.yaml", tmp_path), "ar")
    assert titles


def test_logos_have_alt_text(tmp_path: Path) -> None:
    prs = _deck(write_logo_briefing(tmp_path, members=3), tmp_path / "out")
    _check(prs, "en")
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) >= 3


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("(cont.)", "(cont. 3)"),
        ("（续）", "（续 3）"),
        ("(تابع)", "(تابع 3)"),
        ("weiter", "weiter 3"),
    ],
)
def test_numbered_continuation_mark(word: str, expected: str) -> None:
    assert numbered(word, 3) == expected
