"""Right-to-left builds mirror both outputs (layout.direction), and Chinese is set as a
native reader expects: kinsoku line breaks in the PDF, heavier headings in a one-weight font,
talk time by characters; the page line uses the fallback fonts, shaping and bidi order."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pptx import Presentation

import briefgen
from briefgen import bidi
from briefgen.build import build
from briefgen.layout.direction import is_rtl, mirror_box
from briefgen.layout.document import build_document
from briefgen.layout.frames import Box
from briefgen.layout.notes import spoken_characters, spoken_words, talk_seconds
from briefgen.layout.pdf_pages import geometry
from briefgen.layout.slides import layout_deck
from briefgen.options import Options
from briefgen.theme import load_theme

SAMPLES = Path(__file__).resolve().parent.parent / "inputs" / "samples"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PUA = re.compile("[\ue000-\uf8ff]")
MIXED_TITLE = "تقرير Human Rights Watch عن 5000 طفل (2024)"


@pytest.fixture(scope="module")
def ar_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("ar-sample")
    build(briefgen.load(SAMPLES / "briefing-ar.yaml"), out=out)
    return out / "briefing-ar.pdf", out / "briefing-ar.pptx"


def test_direction_from_the_language() -> None:
    assert is_rtl("ar") and is_rtl("ar-EG") and not is_rtl("en") and not is_rtl("zh")
    assert mirror_box(Box(10, 5, 30, 7), 100) == Box(60, 5, 30, 7)


# -- the deck -----------------------------------------------------------------------------------


def _paragraph_props(shape) -> list[tuple[str | None, str | None, str]]:  # type: ignore[no-untyped-def]
    out = []
    for p in shape.text_frame._txBody.iter(f"{A}p"):
        ppr = p.find(f"{A}pPr")
        text = "".join(t.text or "" for t in p.iter(f"{A}t"))
        if ppr is not None and text:
            out.append((ppr.get("algn"), ppr.get("rtl"), text))
    return out


def test_arabic_deck_paragraphs_are_right_to_left_and_flush_right(
    ar_sample: tuple[Path, Path],
) -> None:
    prs = Presentation(str(ar_sample[1]))
    width = prs.slide_width
    seen = 0
    for slide in prs.slides:
        numbers = []
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for algn, rtl, text in _paragraph_props(shape):
                assert rtl == "1", text
                if text.strip().isdigit():  # the slide number: mirrored to the left
                    assert algn == "l"
                    numbers.append(shape)
                else:
                    assert algn == "r", text
                seen += 1
        for shape in numbers:  # the slide number sits in the left half
            assert shape.left + shape.width < width / 2
    assert seen > 20


def test_arabic_deck_bullets_and_decoration_on_the_right(ar_sample: tuple[Path, Path]) -> None:
    prs = Presentation(str(ar_sample[1]))
    width = prs.slide_width
    slide = prs.slides[1]
    rects = [s for s in slide.shapes if s.name.startswith("Rectangle")]
    accent = min(rects, key=lambda s: s.width)  # the short accent bar over the rule
    assert accent.left + accent.width == pytest.approx(max(r.left + r.width for r in rects), abs=2)
    assert accent.left > width / 2
    bulleted = [
        p
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame._txBody.iter(f"{A}p")
        if p.find(f"{A}pPr/{A}buChar") is not None
    ]
    assert len(bulleted) >= 3
    for p in bulleted:  # rtl: PowerPoint puts marL and the bullet at the right
        assert p.find(f"{A}pPr").get("rtl") == "1"


def test_english_deck_is_not_mirrored(kz) -> None:  # type: ignore[no-untyped-def]
    deck = layout_deck(build_document(kz, load_theme("default")), load_theme("default"))
    for slide in deck.slides:
        assert not any(b.rtl for b in slide.blocks)


# -- the PDF ------------------------------------------------------------------------------------


def _frame_right() -> tuple[float, float]:
    geo = geometry(load_theme("default"), Options())
    return geo.left, geo.width - geo.right


def _lines(page) -> list[list[dict]]:  # type: ignore[no-untyped-def]
    """The page's characters grouped in lines (by their baseline), top line first, each
    sorted left to right."""
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        rows.setdefault(round(ch["matrix"][5]), []).append(ch)
    return [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items(), reverse=True)]


def test_arabic_pdf_body_is_flush_right_with_numbers_at_the_right(
    ar_sample: tuple[Path, Path],
) -> None:
    left, right = _frame_right()
    with pdfplumber.open(ar_sample[0]) as pdf:
        page = pdf.pages[1]  # the first issue (a one-page body has no contents page)
        words = page.extract_words()
        numbers = {w["text"]: w for w in words if w["text"] in ("1.1", "1.2", "A")}
        assert set(numbers) == {"1.1", "1.2", "A"}  # other recommendations are lettered
        for w in numbers.values():
            assert w["x1"] == pytest.approx(right, abs=1.0)  # the number at the right edge
            line = [c for c in page.chars if c["top"] < w["bottom"] and c["bottom"] > w["top"]]
            text = [c for c in line if c["x1"] < w["x0"] - 1]
            assert text and max(c["x1"] for c in text) < w["x0"] - 3  # text to its left
        body = [
            line
            for line in _lines(page)
            if 60 < line[0]["top"] < page.height - 60 and line[0]["size"] < 12
        ]
        ends = [max(c["x1"] for c in line) for line in body]
        starts = [min(c["x0"] for c in line) for line in body]
        assert all(e > right - 40 for e in ends)  # flush right (bullets at the right edge)
        assert min(starts) > left + 20  # no line starts at the left margin


def _visual_tokens(text: str) -> str:
    """A line in drawing order with each run of Arabic letters as "A", spaces dropped."""
    text = unicodedata.normalize("NFKC", _PUA.sub("", text))
    text = re.sub(r"[\u0600-\u06ff\u0750-\u077f]+", "A", text.replace(" ", ""))
    return re.sub("A+", "A", text)


def test_arabic_cover_and_running_header_in_bidi_order(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(
        f"title: {MIXED_TITLE}\nsubtitle: {MIXED_TITLE}\ncountry: المغرب\nlanguage: ar\n"
        "date: 2024-12-05\ncoalition:\n  name: ائتلاف NGO Forum للطفل\n"
        "issues:\n  - title: عمل الأطفال\n    recommendations:\n"
        "      - وضع آليات لرصد عمل الأطفال.\n",
        encoding="utf-8",
    )
    build(briefgen.load(path), out=tmp_path, pptx=False)
    expected = _visual_tokens(bidi.display(MIXED_TITLE, rtl=True))
    assert expected == "(2024)A5000AHumanRightsWatchA"  # the reference: UAX #9
    left, right = _frame_right()
    with pdfplumber.open(tmp_path / "mixed.pdf") as pdf:
        cover = [_visual_tokens("".join(c["text"] for c in line)) for line in _lines(pdf.pages[0])]
        assert expected in cover
        lines = _lines(pdf.pages[1])
        header = next(line for line in lines if "H" in "".join(c["text"] for c in line))
        country = [c for c in header if c["x1"] < (left + right) / 2]  # mirrored: at the left
        header = [c for c in header if c["x0"] > (left + right) / 2]
        assert min(c["x0"] for c in country) == pytest.approx(left, abs=1.0)
        assert _visual_tokens("".join(c["text"] for c in header)) == expected
        assert max(c["x1"] for c in header) == pytest.approx(right, abs=1.0)  # at the right
        footer = lines[-1]
        coalition = [c for c in footer if c["x0"] > (left + right) / 2]
        assert _visual_tokens("".join(c["text"] for c in coalition)) == _visual_tokens(
            bidi.display("ائتلاف NGO Forum للطفل", rtl=True)
        )
        page_line = [c for c in footer if c["x1"] < (left + right) / 2]
        assert min(c["x0"] for c in page_line) == pytest.approx(left, abs=1.0)  # at the left
        assert _visual_tokens("".join(c["text"] for c in page_line)) == _visual_tokens(
            bidi.display("الصفحة 2 من 2", rtl=True)  # a one-page body: no contents page
        )


# -- Chinese ------------------------------------------------------------------------------------

OPENING = "（「『【《“‘"
CLOSING = "）」』】》”’，。、：；！？"
SENTENCE = "缔约国应当（依照公约）尊重并确保每一名儿童的权利，委员会建议：加强监测。"


def _zh_briefing(tmp_path: Path) -> Path:
    items = "".join(f"        - {'儿' * k}{SENTENCE * 3}\n" for k in range(1, 25))
    path = tmp_path / "zh.yaml"
    path.write_text(
        "title: 哈萨克斯坦的儿童权利\ncountry: 哈萨克斯坦\nlanguage: zh\ndate: 2024-12-05\n"
        "issues:\n  - title: 童工\n    situation:\n"
        "      previous_recommendations:\n"
        f"        - text: {'监' * 7}{SENTENCE * 4}\n"
        "          states: [西班牙, 德国]\n          response: supported\n"
        "      developments:\n"
        f"{items}    recommendations:\n      - 建立童工监测机制。\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def zh_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zh")
    build(briefgen.load(_zh_briefing(folder)), out=folder)
    return folder / "zh.pdf"


def test_chinese_pdf_lines_obey_kinsoku(zh_built: Path) -> None:
    checked = 0
    with pdfplumber.open(zh_built) as pdf:
        for page in pdf.pages[1:]:  # the body, after the cover
            for line in _lines(page):
                text = "".join(c["text"] for c in line).strip()
                if len(text) < 20:
                    continue
                assert text[0] not in CLOSING, text
                assert text[-1] not in OPENING, text
                checked += 1
    assert checked > 40
    with pdfplumber.open(zh_built) as pdf:  # the previous recommendation's card keeps its states
        text = "".join(c["text"] for c in pdf.pages[1].chars)
    # broken by kinsoku, the states kept inside the sentence, before its full stop
    assert f"{SENTENCE[-10:-1]} (西班牙, 德国){SENTENCE[-1]}" in text


def _operators(pdf: Path, page: int) -> list[tuple[str, list[object]]]:
    with pikepdf.open(pdf) as doc:
        return [
            (str(op), list(operands))
            for operands, op in pikepdf.parse_content_stream(doc.pages[page])
        ]


def test_chinese_headings_are_heavier_in_the_pdf(zh_built: Path) -> None:
    theme = load_theme("default")
    ops = _operators(zh_built, 1)  # the first body page (the contents are on the cover)
    modes = [int(args[0]) for op, args in ops if op == "Tr"]  # type: ignore[call-overload]
    assert 2 in modes  # fill then stroke: the headings' Chinese
    # the stroke is thin, in the heading's size ratio, and only inside heading text
    widths = [float(args[0]) for op, args in ops if op == "w"]  # type: ignore[arg-type]
    h1 = theme.pdf.sizes.heading1 * theme.layout.pdf.synthetic_bold
    assert any(w == pytest.approx(h1, abs=1e-3) for w in widths)
    stroked = 0
    mode = 0
    for op, args in ops:
        if op == "Tr":
            mode = int(args[0])  # type: ignore[call-overload]
        elif op in ("Tj", "TJ") and mode == 2:
            stroked += 1
        elif op == "Q":  # each paragraph is drawn inside q ... Q
            mode = 0
    assert stroked >= 3  # h1, h2 and h3 headings
    with pdfplumber.open(zh_built) as pdf:  # body text is not stroked: it reads back as before
        assert SENTENCE[:10] in "".join(c["text"] for c in pdf.pages[1].chars)


def test_english_pdf_has_no_stroked_text(kz) -> None:  # type: ignore[no-untyped-def]
    import io

    from briefgen.render import pdf as pdf_render

    theme = load_theme("default")
    doc = build_document(kz, theme)
    stream = io.BytesIO()
    pdf_render.render(doc, theme, stream, Options())
    stream.seek(0)
    with pikepdf.open(stream) as pdf:
        for page in pdf.pages[:4]:
            ops = [str(op) for _, op in pikepdf.parse_content_stream(page)]
            assert "Tr" not in ops


def test_chinese_deck_headings_are_bold(tmp_path: Path) -> None:
    build(briefgen.load(SAMPLES / "briefing-zh.yaml"), out=tmp_path, pdf=False)
    prs = Presentation(str(tmp_path / "briefing-zh.pptx"))
    title = prs.slides[1].shapes.title
    runs = list(title.text_frame._txBody.iter(f"{A}rPr"))
    assert runs and all(r.get("b") == "1" for r in runs)
    assert all(r.find(f"{A}ea") is not None for r in runs)  # Chinese in the ea font, bold


def test_chinese_talk_time_counts_characters() -> None:
    assert spoken_words(["儿童权利非政府组织联盟"]) == 0
    assert spoken_characters(["儿童权利非政府组织联盟。"]) == 11
    assert talk_seconds(["儿童权利非政府组织联盟"], 130, 220) == pytest.approx(3.0)
    assert talk_seconds(["UNHCR 2016 儿童"], 120, 240) == pytest.approx(1.5)
    english = talk_seconds(["Child rights coalition"], 130)
    assert english == pytest.approx(3 * 60 / 130)


def test_chinese_sample_talk_time_by_characters() -> None:
    theme = load_theme("default")
    doc = build_document(briefgen.load(SAMPLES / "briefing-zh.yaml"), theme)
    deck = layout_deck(doc, theme)
    cpm = theme.slides.characters_per_minute
    slide = deck.slides[-1]  # the closing slide: its title and paragraphs are all it says
    assert slide.seconds >= spoken_characters([slide.notes.rsplit("\n", 1)[0]]) * 60 / cpm - 1
    assert deck.total_seconds > 30  # by spaces, the sample would take a few seconds


def test_chinese_page_line_in_words(zh_built: Path) -> None:
    with pdfplumber.open(zh_built) as pdf:
        count = len(pdf.pages)
        page = pdf.pages[1]
        text = "".join(c["text"] for c in page.chars if c["top"] > page.height - 50)
    assert f"第2页，共{count}页" in text
