"""The running header of the body's pages, naming the section a page's top continues.

Which section a page continues is known only once platypus has placed the page's first
flowables, so the header is drawn when the page ends: :class:`RunningHeader` follows the
section anchors as they are placed (the document template's ``afterFlowable``), notes at each
page's start which section was open, and forgets it when a section's anchor is the first
thing on the page (the page starts that section rather than continuing one). The texts are
the layout's (:class:`~briefgen.layout.pdf_pages.Running`); the header is an artifact.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from briefgen.layout.pdf_pages import Geometry, Running
from briefgen.render.pdf_canvas import Anchor
from briefgen.render.pdf_fonts import FALLBACK, FallbackText, Look
from briefgen.render.pdf_marks import artifact

__all__ = ["RunningHeader"]


class RunningHeader:
    """Follows the sections while the story is laid out and draws each body page's header."""

    def __init__(self, texts: Running, look: Look, geo: Geometry) -> None:
        self.texts, self.look, self.geo = texts, look, geo
        self.active = ""  # the key of the section whose anchor was placed last
        self.top = ""  # the section the current page's top continues ("" : none)
        self.pages: list[str] = []  # per body page drawn, the section it continues

    def page_begin(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.top = self.active

    def after_flowable(self, flowable: Flowable, frame: object) -> None:
        """A section's anchor placed: the open section; at a page's top, no continuation."""
        if isinstance(flowable, Anchor):
            if getattr(frame, "_atTop", False):
                self.top = ""
            self.active = flowable.key

    def draw(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """The header: short title, and the country or the name of the continued section."""
        look, geo, texts = self.look, self.geo, self.texts
        self.pages.append(self.top)
        left, right = texts.header(self.top)
        size = look.sizes.small
        gap = look.lay.header_rule_gap * size
        fallback = FALLBACK.get() or FallbackText(look.theme)
        x_right = geo.width - geo.right
        start, end = (x_right, geo.left) if texts.rtl else (geo.left, x_right)
        rtl = texts.rtl
        y = geo.height - geo.top / 2
        canvas.saveState()
        with artifact(canvas, "header"):
            canvas.setFont(look.faces.regular, size)
            canvas.setFillColor(look.muted)
            canvas.setStrokeColor(look.rule)
            canvas.setLineWidth(look.lay.rule * size)
            fallback.line(canvas, start, y, left, right=rtl, rtl=rtl)
            fallback.line(canvas, end, y, right, right=not rtl, rtl=rtl)
            canvas.line(geo.left, y - gap, x_right, y - gap)
        canvas.restoreState()
