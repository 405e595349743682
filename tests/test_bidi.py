"""Arabic lines ordered by the Unicode bidirectional algorithm (python-bidi): numbers, full
stops, brackets and Latin names inside Arabic, in the pure ordering and in the PDF as drawn."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

import briefgen
from briefgen import bidi, fonts
from briefgen.build import build
from briefgen.theme import load_theme

NUMBER = "عدد 5000 طفل"
STOP = "They wrote حقوق الطفل. Then they left."
MIXED = "قال Ahmed Saleh إن 300 طفل (من أصل 5000) دون شهادات."
IN_ENGLISH = "Children: عدد 5000 طفل lack papers."


@pytest.mark.parametrize(
    ("text", "rtl", "visual"),
    [
        # right to left: the number stays left to right between the words it separates
        (NUMBER, True, "لفط 5000 ددع"),
        # inside English the number belongs to the Arabic phrase, which reads right to left
        (IN_ENGLISH, False, "Children: لفط 5000 ددع lack papers."),
        # the full stop after Arabic in an English sentence stays after it, on its right
        (STOP, False, "They wrote لفطلا قوقح. Then they left."),
        # Latin name, number and brackets in an Arabic sentence; brackets mirrored
        (MIXED, True, ".تاداهش نود (5000 لصأ نم) لفط 300 نإ Ahmed Saleh لاق"),
        # brackets around Arabic in English are not mirrored
        ("Ratify (اتفاقية حقوق الطفل) now", False, "Ratify (لفطلا قوقح ةيقافتا) now"),
    ],
)
def test_visual_order(text: str, rtl: bool, visual: str) -> None:
    assert bidi.display(text, rtl) == visual


def test_shaped_words_are_read_back_into_reading_order() -> None:
    """harfbuzz hands back Arabic words right to left; ``shaped=True`` undoes that first."""
    shaped = " ".join(w[::-1] if fonts.has_arabic(w) else w for w in STOP.split(" "))
    order = bidi.visual_order(shaped, rtl=False, shaped=True)
    drawn = "".join(shaped[i] for i, _ in order)
    assert drawn == "They wrote لفطلا قوقح. Then they left."


def test_paragraph_direction_follows_the_first_strong_letter() -> None:
    assert fonts.is_rtl_text(MIXED)
    assert fonts.is_rtl_text(NUMBER)
    assert not fonts.is_rtl_text(STOP)
    assert not fonts.is_rtl_text("5000 Ahmed")


_PUA = re.compile("[\ue000-\uf8ff\\s]")


def _glyphs(word: str) -> str:
    """What the PDF draws for an Arabic word: harfbuzz's glyphs, right to left."""
    theme = load_theme("default")
    (spec,) = [s for s in theme.fallback_specs() if "Arabic" in s.family]
    name = "BidiTestArabic"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(fonts.resolve(spec).path)))
    return _PUA.sub("", str(shapeStr(word, name, 10)))


def _drawn_lines(pdf: Path) -> list[str]:
    """Each text line of the PDF as drawn, left to right, without spaces (grouped by baseline:
    the Arabic font's glyphs are taller than the Latin ones on the same line)."""
    lines: dict[tuple[int, int], list[tuple[float, str]]] = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                key = (page.page_number, -round(ch["matrix"][5]))
                lines.setdefault(key, []).append((ch["x0"], ch["text"]))
    return [_PUA.sub("", "".join(t for _, t in sorted(cs))) for _, cs in sorted(lines.items())]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("bidi")
    path = folder / "bidi.yaml"
    texts = (NUMBER, STOP, MIXED, IN_ENGLISH)
    recs = "".join(f"      - {json.dumps(t, ensure_ascii=False)}\n" for t in texts)
    path.write_text(
        "title: Bidi\ncountry: Kazakhstan\nissues:\n  - title: Mixed lines\n"
        f"    recommendations:\n{recs}",
        encoding="utf-8",
    )
    build(briefgen.load(path), out=folder, pdf=True, pptx=False)
    return _drawn_lines(folder / "bidi.pdf")


def _expect(*parts: str) -> str:
    """A drawn sequence: Arabic words (as their shaped glyphs) and other text, left to right."""
    return "".join(_glyphs(p) if fonts.has_arabic(p) else p.replace(" ", "") for p in parts)


def test_pdf_number_between_arabic_words(drawn: list[str]) -> None:
    assert any(_expect("طفل", "5000", "عدد") in line for line in drawn), drawn


def test_pdf_number_inside_arabic_inside_english(drawn: list[str]) -> None:
    assert any(
        _expect("Children:", "طفل", "5000", "عدد", "lack papers.") in line for line in drawn
    ), drawn


def test_pdf_full_stop_after_arabic_in_english(drawn: list[str]) -> None:
    assert any(
        _expect("They wrote", "الطفل", "حقوق", ". Then they left.") in line for line in drawn
    ), drawn


def test_pdf_arabic_with_latin_name_number_and_brackets(drawn: list[str]) -> None:
    expected = _expect(
        ".", "شهادات", "دون", "(5000", "أصل", "من", ")", "طفل", "300", "إن", "Ahmed Saleh", "قال"
    )
    assert any(expected in line for line in drawn), drawn
