"""The sheets PDFs (mission pages, factsheets): frame pages painted one per page.

Every page was laid out and fitted by :mod:`briefgen.layout.pdf_sheets`; here each becomes a
full page on the theme's background, with the same frame painter as the cover and handout.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import BinaryIO

from reportlab.platypus import Flowable, PageBreak, PageTemplate

from briefgen.layout.document import Document
from briefgen.layout.pdf_sheets import Sheets
from briefgen.render.pdf import _frame, _paint_background, doc_template, metadata
from briefgen.render.pdf_canvas import FullPage
from briefgen.render.pdf_fonts import FALLBACK, FallbackText, make_look, register_fonts
from briefgen.render.pdf_frames import frame_painter
from briefgen.render.pdf_tags import TaggedCanvas, Tagger
from briefgen.theme import Theme

__all__ = ["render_sheets"]


def render_sheets(
    document: Document, theme: Theme, stream: BinaryIO, sheets: Sheets
) -> dict[str, object]:
    """Paint ``sheets`` to ``stream``; returns {"pages": N}."""
    token = FALLBACK.set(FallbackText(theme))
    try:
        faces = register_fonts(theme)
        look = make_look(theme, faces)
        geo = sheets.geometry
        template = doc_template(stream, geo, document, sheets.title, faces.regular)
        template.addPageTemplates(
            [
                PageTemplate(
                    "sheet",
                    [_frame(geo, "sheet")],
                    onPage=lambda canvas, _: _paint_background(canvas, look, geo),
                )
            ]
        )
        story: list[Flowable] = []
        for k, page in enumerate(sheets.pages):
            if k:
                story.append(PageBreak())
            painter = frame_painter(page, look, geo, document.lang)
            story.append(FullPage(painter, (geo.left, geo.bottom)))
        # tagged like the briefing: the frames' roles give the structure (PDF/UA-1)
        tagger = Tagger(replace(metadata(document), title=sheets.title))
        template.build(story, canvasmaker=functools.partial(TaggedCanvas, tagger=tagger))
        return {"pages": len(sheets.pages)}
    finally:
        FALLBACK.reset(token)
