"""The PDF briefing painter: draws what the PDF layout decided (:mod:`briefgen.layout.pdf_pages`).

Order: cover, contents, one section per issue, other recommendations, the coalition and,
when asked for, the "key recommendations" handout. The handout comes *last* so that it can
be printed or torn off on its own (it is a summary, not a preface) and so that the body's
page numbers stay the same with or without it.

The painter decides nothing: the cover and the handout are frame pages painted by
:mod:`briefgen.render.pdf_frames`, the body's role-tagged blocks become flowables in
:mod:`briefgen.render.pdf_flow` and reportlab's page flow breaks them into pages, obeying
their keep and page-start marks. Page totals and contents page numbers are drawn as forms
filled in when the file is saved (:mod:`briefgen.render.pdf_canvas`). Every number, colour
and word comes from the theme, the layout or the document; this package imports nothing
from the build, the loader or the input model.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.frames import Frame

from briefgen.layout.document import Document
from briefgen.layout.pdf_pages import Geometry, PdfPages, Running, layout_pdf
from briefgen.options import Options
from briefgen.render.pdf_canvas import Anchor, Deferred, DeferredCanvas, FullPage, TextLook
from briefgen.render.pdf_flow import flowables
from briefgen.render.pdf_fonts import (
    FALLBACK,
    FallbackText,
    Look,
    Styles,
    make_look,
    register_fonts,
)
from briefgen.render.pdf_frames import frame_painter
from briefgen.render.pdf_marks import MarkingDocTemplate, artifact
from briefgen.render.pdf_running import RunningHeader
from briefgen.render.pdf_structure import creation_date
from briefgen.render.pdf_tags import Metadata, Tagger
from briefgen.theme import Theme

CREATOR = "briefgen"


def _frame(geo: Geometry, name: str) -> Frame:
    return Frame(
        geo.left,
        geo.bottom,
        geo.frame_width,
        geo.frame_height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=name,
    )


def _paint_background(canvas: Canvas, look: Look, geo: Geometry) -> None:
    with artifact(canvas, "background"):
        canvas.setFillColor(look.background)
        canvas.rect(0, 0, geo.width, geo.height, stroke=0, fill=1)


def _furniture(
    texts: Running, look: Look, geo: Geometry, header: RunningHeader | None
) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Background and running footer (coalition, "page X of Y"); the running header (short
    title, country or the section the page continues) is drawn by ``header`` when the page
    ends."""
    small = TextLook(look.faces.regular, look.sizes.small, look.muted)
    rule = look.lay.rule * look.sizes.small
    gap = look.lay.header_rule_gap * small.size
    fallback = FALLBACK.get() or FallbackText(look.theme)

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        _paint_background(canvas, look, geo)
        canvas.setFont(small.font, small.size)
        canvas.setFillColor(small.color)
        canvas.setStrokeColor(look.rule)
        canvas.setLineWidth(rule)
        right = geo.width - geo.right
        # mirrored (right to left): the title and coalition at the right, the country and the
        # page line at the left
        start, end = (right, geo.left) if texts.rtl else (geo.left, right)
        rtl = texts.rtl
        if header is not None:
            header.page_begin(canvas, doc)
        y = geo.bottom / 2
        rule_y = y + small.size + gap
        with artifact(canvas, "footer"):
            canvas.line(geo.left, rule_y, right, rule_y)
            if texts.footer_left:
                fallback.line(canvas, start, y, texts.footer_left, right=rtl, rtl=rtl)
            if isinstance(canvas, DeferredCanvas):
                canvas.draw_page_total(end, y)
        canvas.restoreState()

    return draw


def _page_line(
    fallback: FallbackText, rtl: bool, canvas: Canvas, x: float, y: float, text: str, right: bool
) -> None:
    """The page line, drawn as the running texts are (fallback fonts, shaping, bidi order)."""
    fallback.line(canvas, x, y, text, right=right, rtl=rtl)


def _number_room(doc: Document, look: Look) -> float:
    """Room for the widest recommendation number in its named style, and the gap after it."""
    font = look.font(look.named("recommendation.number").font)
    widest = max(
        (stringWidth(r.number, font, look.sizes.body) for r in doc.all_recommendations),
        default=0.0,
    )
    return widest + look.lay.number_gap * look.sizes.body


def story(doc: Document, pages: PdfPages, look: Look) -> list[Flowable]:
    """All flowables, in reading order."""
    geo = pages.geometry
    st = Styles(look, _number_room(doc, look))
    lang = doc.lang
    cover = pages.cover
    out: list[Flowable] = [Anchor(cover.anchor, cover.anchor_title)] if cover.anchor else []
    out += [
        FullPage(frame_painter(cover, look, geo, lang), (geo.left, geo.bottom)),
        NextPageTemplate("body"),
        *flowables(pages.blocks, look, st, geo, lang, pages.rtl),
    ]
    for k, page in enumerate(pages.handout):
        out += [NextPageTemplate("handout"), PageBreak()] if k == 0 else [PageBreak()]
        if page.anchor:
            out.append(Anchor(page.anchor, page.anchor_title))
        out.append(FullPage(frame_painter(page, look, geo, lang), (geo.left, geo.bottom)))
    return out


def render(
    document: Document,
    theme: Theme,
    stream: BinaryIO,
    options: Options,
    pages: PdfPages | None = None,
) -> dict[str, object]:
    """Paint the PDF briefing laid out as ``pages`` (laid out here when not given) to
    ``stream``; returns {"pages": N, "warnings": [...]}."""
    token = FALLBACK.set(FallbackText(theme))
    try:
        with collector_paused():
            return _render(document, theme, stream, pages or layout_pdf(document, theme, options))
    finally:
        FALLBACK.reset(token)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a PDF is painted (on again after, as it was).

    Painting a long briefing makes tens of thousands of objects that live until the file is
    saved: the collector kept walking them (and every object of the process, once per
    build) for little garbage, a tenth of the painting time. What painting leaves in cycles
    is collected as usual afterwards. Only switched when it is on, and switched back
    by whoever switched it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _templates(pages: PdfPages, look: Look, header: RunningHeader) -> list[PageTemplate]:
    geo = pages.geometry
    return [
        PageTemplate(
            "cover",
            [_frame(geo, "cover")],
            onPage=lambda canvas, _: _paint_background(canvas, look, geo),
        ),
        PageTemplate(
            "body",
            [_frame(geo, "body")],
            onPage=_furniture(pages.running, look, geo, header),
            onPageEnd=header.draw,
        ),
        PageTemplate(
            "handout",
            [_frame(geo, "handout")],
            onPage=_furniture(pages.running, look, geo, None),
        ),
    ]


def metadata(document: Document) -> Metadata:
    """What the tagged file says about itself; created on the briefing's date (else
    ``SOURCE_DATE_EPOCH``, else no date at all)."""
    cover = document.cover
    return Metadata(
        title=cover.title,
        lang=document.lang,
        author=cover.coalition,
        subject=document.subject,
        keywords=tuple(dict.fromkeys(document.keywords)),
        creator=CREATOR,
        created=creation_date(document.date),
    )


def doc_template(
    stream: BinaryIO, geo: Geometry, document: Document, title: str, font: str
) -> BaseDocTemplate:
    """reportlab's document for one of briefgen's PDFs: page size and margins from the
    layout, metadata from the document (the tagger writes the final metadata at save)."""
    return MarkingDocTemplate(
        stream,
        pagesize=(geo.width, geo.height),
        leftMargin=geo.left,
        rightMargin=geo.right,
        topMargin=geo.top,
        bottomMargin=geo.bottom,
        title=title,
        author=document.cover.coalition,
        subject=document.subject,
        keywords=list(document.keywords),
        creator=CREATOR,
        lang=document.lang,
        invariant=1,
        pageCompression=1,
        initialFontName=font,
        displayDocTitle=1,
    )


def _render(
    document: Document, theme: Theme, stream: BinaryIO, pages: PdfPages
) -> dict[str, object]:
    faces = register_fonts(theme)
    fallback = FALLBACK.get()
    if fallback is not None:  # bold text in a one-weight fallback font is drawn heavier
        fallback.bold_fonts = frozenset((faces.bold, faces.bold_italic))
    look = make_look(theme, faces)
    geo = pages.geometry
    cover = document.cover
    template = doc_template(stream, geo, document, cover.title, faces.regular)
    header = RunningHeader(pages.running, look, geo)
    template.addPageTemplates(_templates(pages, look, header))
    template.afterFlowable = lambda f: header.after_flowable(f, template.frame)
    deferred = Deferred(
        page_look=TextLook(faces.regular, look.sizes.small, look.muted),
        number_look=TextLook(faces.regular, look.sizes.body, look.text),
        page_format=document.page_label,
        write=functools.partial(_page_line, FALLBACK.get() or FallbackText(theme), pages.rtl),
        page_left=pages.rtl,
    )
    tagger = Tagger(metadata(document))
    canvas_maker = functools.partial(DeferredCanvas, deferred=deferred, tagger=tagger)
    template.build(story(document, pages, look), canvasmaker=canvas_maker)
    canvas = template.canv
    count = canvas.pages_done if isinstance(canvas, DeferredCanvas) else template.page
    return {"pages": count, "warnings": list(pages.warnings)}
