"""Arabic prints: Noto Sans Arabic (the default theme's second fallback), letters joined by
harfbuzz shaping, words right to left, in the PDF and in the deck; slide fitting measures the
shaped widths. Briefings without Arabic build as before (tests/test_fallback.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

import briefgen
from briefgen import fonts
from briefgen.build import build
from briefgen.layout import measure
from briefgen.layout.document import build_document
from briefgen.layout.slides import layout_deck
from briefgen.theme import load_theme

ARABIC = "صادقوا على اتفاقية حقوق الطفل"
PHRASE = "اتفاقية حقوق الطفل"
MIXED = f"Ratify the Convention ({PHRASE}) without reservations"
LONG = (
    "يعمل كثير من الأطفال في المناطق الريفية في الزراعة ولا يستطيعون الذهاب إلى المدرسة في"
    " الوقت المحدد، وتزيد الصعوبات الاقتصادية للأسر من حدة هذه المشكلة."
)
_PUA = re.compile("[\ue000-\uf8ff]")


@pytest.fixture(scope="module")
def ar_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ar") / "ar.yaml"
    path.write_text(
        "title: Children's rights\ncountry: المغرب\ndate: 2024-12-05\n"
        "issues:\n  - title: Child labour\n    situation:\n      developments:\n"
        f"        - {LONG}\n    recommendations:\n      - {ARABIC}\n      - {MIXED}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def ar_built(ar_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("ar-out")
    build(briefgen.load(ar_path), out=out)
    return out / "ar.pdf", out / "ar.pptx"


def _arabic_face() -> fonts.FontFace:
    theme = load_theme("default")
    (face,) = [fonts.resolve(s) for s in theme.fallback_specs() if "Arabic" in s.family]
    return face


def _glyphs(text: str) -> str:
    """What the PDF draws for ``text``: reportlab's shaped glyphs in visual order, each as its
    character (contextual forms are Presentation Forms); glyphs without one (Noto draws some
    dots as glyphs of their own) are left out."""
    face = _arabic_face()
    name = "ArabicTestFace"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(face.path)))
    return _PUA.sub("", str(shapeStr(text, name, 10)))


def _drawn_arabic(pdf: Path) -> list[str]:
    """Per text line, the characters drawn in the Arabic font, in drawing (visual) order."""
    lines: dict[float, str] = {}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                if "NotoSansArabic" in ch["fontname"] and not ch["text"].isspace():
                    key = round(page.page_number * 10000 + ch["top"])
                    lines[key] = lines.get(key, "") + _PUA.sub("", ch["text"])
    return list(lines.values())


def test_pdf_draws_arabic_shaped_and_right_to_left(ar_built: tuple[Path, Path]) -> None:
    pdf, _ = ar_built
    drawn = _drawn_arabic(pdf)
    # Each word shaped (joined contextual forms, not the isolated letters), words right to left.
    visual = "".join(_glyphs(w) for w in reversed(ARABIC.split()))
    assert visual in drawn
    assert visual != "".join(reversed(ARABIC.replace(" ", "")))  # shaping changed the glyphs
    # The phrase inside the English sentence: its own words right to left, in place.
    phrase = "".join(_glyphs(w) for w in reversed(f"({PHRASE})".split()))
    assert any(phrase in line for line in drawn), drawn
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "Ratify the Convention" in text and "without reservations" in text


def test_pdf_arabic_paragraph_breaks_in_reading_order(ar_built: tuple[Path, Path]) -> None:
    pdf, _ = ar_built
    words = LONG.split()
    drawn = [line for line in _drawn_arabic(pdf) if _glyphs(words[0]) in line]
    assert drawn, "the long Arabic paragraph is drawn"
    first = drawn[0]
    # The first line holds the first words (rightmost, so last in drawing order).
    assert first.endswith(_glyphs(words[0])) and _glyphs(words[1]) in first


def test_pdf_embeds_the_arabic_font(ar_built: tuple[Path, Path]) -> None:
    pdf, _ = ar_built
    with pdfplumber.open(pdf) as doc:
        names = {ch["fontname"].split("+")[-1] for page in doc.pages for ch in page.chars}
    assert _arabic_face().name in names


def test_deck_runs_name_the_complex_script_font(ar_built: tuple[Path, Path]) -> None:
    _, deck = ar_built
    qn = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    paragraphs = [
        para
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for para in shape.text_frame.paragraphs
    ]
    texts = ["".join(run.text for run in p.runs) for p in paragraphs]
    assert any(ARABIC in t for t in texts) and any(MIXED in t for t in texts)
    arabic_runs = 0
    for para in paragraphs:
        for run in para.runs:
            cs = run._r.find(f"{qn}rPr/{qn}cs")
            if fonts.has_arabic(run.text):
                arabic_runs += 1
                assert cs is not None and cs.get("typeface") == "Noto Sans Arabic", run.text
                assert run._r.find(f"{qn}rPr/{qn}ea") is None
            else:
                assert cs is not None and cs.get("typeface") != "Noto Sans Arabic"
        ppr = para._p.find(f"{qn}pPr")
        text = "".join(run.text for run in para.runs)
        rtl = ppr is not None and ppr.get("rtl") == "1"
        assert rtl == fonts.is_rtl_text(text), text
        if rtl:
            assert ppr is not None and ppr.get("algn") == "r"
    assert arabic_runs >= 3


def test_arabic_slides_do_not_overflow(ar_path: Path) -> None:
    theme = load_theme("default")
    deck = layout_deck(build_document(briefgen.load(ar_path), theme), theme)
    for slide in deck.slides:
        for block in slide.blocks:
            assert block.height <= block.box.h + 1e-6, (slide.number, block.text[:40])


def test_arabic_is_measured_shaped() -> None:
    theme = load_theme("default")
    chained = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
    face = _arabic_face()
    isolated = fonts.FontMetrics.load(face.path)
    word = "اتفاقية"
    shaped = fonts.shaped_width(face.path, word) / isolated.units_per_em * 20
    assert chained.width(word, 20) == pytest.approx(shaped)
    assert abs(shaped - isolated.width(word, 20)) > 0.5  # contextual forms differ
    # reportlab's shaped advance agrees (what the PDF's lines are broken with)
    glyphs = shapeStr(word, _register(face), 20)
    assert sum(d.x_advance for d in glyphs.__shapeData__) * 20 / 1000 == pytest.approx(shaped)
    lines = measure.wrap(LONG, chained, 12, 200)
    assert len(lines) > 2 and " ".join(lines) == " ".join(LONG.split())
    assert all(chained.width(line, 12) <= 200 for line in lines)


def _register(face: fonts.FontFace) -> str:
    _glyphs("")
    return "ArabicTestFace"


def test_arabic_letters_use_the_arabic_fallback_even_where_the_role_font_has_them() -> None:
    theme = load_theme("default")
    chained = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
    assert isinstance(chained, fonts.FallbackMetrics)
    assert chained.primary.covers("ح")  # DejaVu Sans has (unshaped) Arabic letters
    (index,) = {i for i, _ in chained.runs(ARABIC)}
    assert chained.faces()[index - 1].family == "Noto Sans Arabic"
    assert chained.runs(MIXED) == [
        (0, "Ratify the Convention "),
        (index, f"({PHRASE}) "),
        (0, "without reservations"),
    ]


def test_a_character_in_no_font_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(
        f"title: T\ncountry: K\nissues:\n  - title: A\n    recommendations:\n"
        f"      - {ARABIC} \U00010900\n",
        encoding="utf-8",
    )
    with pytest.raises(briefgen.InputError) as caught:
        build(briefgen.load(path), out=tmp_path)
    (problem,) = caught.value.problems
    assert "U+10900" in problem.message and "U+062D" not in problem.message
    assert (problem.line, problem.column) == (6, 9)
