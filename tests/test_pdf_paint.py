"""The PDF painter's short ways give reportlab's own bytes: structure markers placed by the
document template, text encoded from the codes a face already gave, markup paragraphs whose
parse and lines are kept, and the cycle collector paused while painting."""

from __future__ import annotations

import datetime as dt
import gc
import io
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

import briefgen
from briefgen import fonts
from briefgen.build import Options, build_bytes
from briefgen.fonts import FontSpec
from briefgen.render import pdf as pdf_renderer
from briefgen.render import pdf_bidi, pdf_ttf
from briefgen.render.pdf_fonts import register_fonts
from briefgen.render.pdf_marks import Close, MarkingDocTemplate, Open
from briefgen.render.pdf_tags import Metadata, TaggedCanvas, Tagger
from briefgen.theme import load_theme
from tests.test_pdf import generated

ROOT = Path(__file__).resolve().parent.parent
DEJAVU = fonts.resolve(FontSpec("DejaVu Sans")).path


def _pdf(path: Path) -> bytes:
    return build_bytes(briefgen.load(path), ("pdf",), options=Options()).outputs["pdf"]


@pytest.mark.parametrize("name", ["kz", "generated"])
def test_markers_placed_by_the_template_give_platypus_own_bytes(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = ROOT / "inputs" / "kz.yaml"
    if name == "generated":  # pages full of list items, markers at many page ends
        path = tmp_path / "generated.yaml"
        path.write_text(generated(14), encoding="utf-8")
    direct = _pdf(path)
    monkeypatch.setattr(MarkingDocTemplate, "handle_flowable", BaseDocTemplate.handle_flowable)
    assert _pdf(path) == direct


def _marked_story(template: type[BaseDocTemplate]) -> bytes:
    """A frame filled to the last point before a marker: platypus moves the marker on."""
    style = ParagraphStyle("p", fontName=register_fonts(load_theme("default")).regular)
    out = io.BytesIO()
    doc = template(out, pagesize=(300, 200), invariant=1)
    frame = Frame(0, 0, 300, 200, 0, 0, 0, 0, id="f")
    doc.addPageTemplates([PageTemplate("p", [frame])])
    meta = Metadata(title="t", lang="en", created=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    story = [
        Open("P"),
        Paragraph("Before.", style),
        Close("P"),
        Spacer(10, 200 - 12),  # the paragraph is 12 points tall: the frame is full
        Open("P"),
        Paragraph("After.", style),
        Close("P"),
    ]
    doc.build(story, canvasmaker=lambda *a, **k: TaggedCanvas(*a, tagger=Tagger(meta), **k))
    return out.getvalue()


def test_a_marker_in_a_full_frame_moves_on_as_platypus_moves_it() -> None:
    direct = _marked_story(MarkingDocTemplate)
    assert direct == _marked_story(BaseDocTemplate)
    assert direct.count(b"/Type /Page\n") == 2 or direct.count(b"/Type /Page ") == 2


def test_text_is_split_into_subsets_as_reportlab_splits_it() -> None:
    ours = pdf_ttf.TTFont("paint-ours", str(DEJAVU))
    theirs = ReportlabTTFont("paint-theirs", str(DEJAVU))
    doc = object.__new__(type("Doc", (), {}))  # the per-document state's key
    glyphs = [chr(c) for c in sorted(theirs.face.charToGlyph) if c > 32][:600]
    texts = [
        "Plain text, twice.",
        "Plain text, twice.",
        "Non\xa0breaking and a missing glyph: \U0001f600 \U0001f600.",
        "Қазақстан Республикасы",
        "".join(glyphs[:300]),  # past the first subset's 256 codes
        "".join(glyphs[::-1]),
        "Қазақстан and text seen before.\xa0",
        "",
    ]
    for text in texts + texts:
        assert ours.splitString(text, doc) == theirs.splitString(text, doc), text


def test_markup_paragraphs_kept_give_the_parser_and_breaker_own_lines() -> None:
    style = ParagraphStyle("m", fontName=register_fonts(load_theme("default")).regular)
    text = 'Adopt a law &amp; enforce it <font color="#ff0000">Chile, Peru</font>.' * 3

    def lines(made: Paragraph) -> list[list[str]]:
        made.wrap(120, 1000)
        return [[w.text for w in line.words] for line in made.blPara.lines]

    expected = lines(Paragraph(text, style))
    first = pdf_bidi.MarkupParagraph(text, style)
    assert lines(first) == expected
    again = pdf_bidi.MarkupParagraph(text, style)
    assert lines(again) == expected
    again.blPara.lines[0].words[0].text = "edited"  # what a split does to its words
    again.frags[0].text = "edited"
    assert lines(pdf_bidi.MarkupParagraph(text, style)) == expected
    parts = pdf_bidi.MarkupParagraph(text, style).split(120, 30)
    reference = Paragraph(text, style).split(120, 30)
    assert [lines(p) for p in parts] == [lines(p) for p in reference]


@pytest.mark.parametrize("enabled", [True, False])
def test_painting_leaves_the_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with pdf_renderer.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), pdf_renderer.collector_paused():
            raise RuntimeError
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_paragraph_wrapped_again_keeps_its_lines_until_a_split_drops_them() -> None:
    style = ParagraphStyle("w", fontName=register_fonts(load_theme("default")).regular)
    made = pdf_bidi.paragraph("Inspect farms and factories. " * 12, style)
    assert isinstance(made, pdf_bidi.PlainParagraph)
    size = made.wrap(150, 1000)
    lines = made.blPara
    assert made.wrap(150, 10) == size and made.blPara is lines  # same width: same lines
    assert made.split(150, 5) == []  # no room for one line: reportlab drops the lines
    assert made.wrap(150, 1000) == size and made.blPara is not lines
    assert made.wrap(200, 1000) == Paragraph("Inspect farms and factories. " * 12, style).wrap(
        200, 1000
    )


def test_kept_markup_follows_a_change_of_font_family() -> None:
    theme = load_theme("default")
    faces = register_fonts(theme)
    style = ParagraphStyle("f", fontName=faces.regular)
    text = "Plain, <b>bold</b> &amp; plain again."
    assert pdf_bidi.MarkupParagraph(text, style).frags[1].fontName == faces.bold
    pdfmetrics.registerFontFamily(  # another theme's family: its bold is this italic face
        faces.regular,
        normal=faces.regular,
        bold=faces.italic,
        italic=faces.italic,
        boldItalic=faces.bold_italic,
    )
    try:
        again = pdf_bidi.MarkupParagraph(text, style)
        assert [f.fontName for f in again.frags] == [
            f.fontName for f in Paragraph(text, style).frags
        ]
        assert again.frags[1].fontName == faces.italic
    finally:
        register_fonts(theme)
    assert pdf_bidi.MarkupParagraph(text, style).frags[1].fontName == faces.bold
