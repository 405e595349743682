"""Charts as vector drawings (reportlab.graphics), from the layout's neutral chart data.

A :class:`~briefgen.layout.tracking.Chart` is a title, an optional legend and horizontal bars
of one or more stacked segments; every segment is a theme colour role. Each bar's label sits
on the left (cut with the theme's ellipsis when too long), its total after it, and a stacked
segment's value inside it when it fits. Sizes and spacing come from ``layout.tracking``.
Bars and swatches are reportlab.graphics shapes; texts are drawn on the canvas with the
theme's fallback fonts, so Chinese has its glyphs and Arabic is shaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefgen.layout.tracking import Chart
from briefgen.render.pdf_fonts import FALLBACK, Look

__all__ = ["ChartFlowable", "Label", "drawing"]


@dataclass(frozen=True)
class Label:
    """A chart text, drawn on the canvas with the theme's fallback fonts (shaped Arabic, CJK)."""

    x: float
    y: float
    text: str
    font: str
    size: float
    color: Color
    anchor: str = "start"  # start | middle


def _width(text: str, font: str, size: float) -> float:
    fallback = FALLBACK.get()
    return fallback.width(text, font, size) if fallback else stringWidth(text, font, size)


def _cut(text: str, font: str, size: float, room: float, ellipsis: str) -> str:
    if _width(text, font, size) <= room:
        return text
    while text and _width(text + ellipsis, font, size) > room:
        text = text[:-1]
    return text.rstrip() + ellipsis


def drawing(chart: Chart, look: Look, width: float) -> tuple[Drawing, list[Label]]:
    """The chart's shapes drawn ``width`` wide, as tall as its bars need, and its texts."""
    lay, body, small = look.theme.layout.tracking, look.sizes.body, look.sizes.small
    bold, regular = look.faces.bold, look.faces.regular
    bar, gap, line = lay.bar * body, lay.bar_gap * body, look.leading(body)
    top = line + (look.leading(small) if chart.legend else 0.0)
    height = top + len(chart.bars) * (bar + gap)
    d = Drawing(width, height)
    texts = [Label(0, height - body, chart.title, bold, body, look.heading)]
    if chart.legend:
        x, y = 0.0, height - line - small
        for label, color in chart.legend:
            d.add(Rect(x, y, small, small, fillColor=look.color(color), strokeColor=None))
            texts.append(Label(x + small * 1.4, y + small * 0.1, label, regular, small, look.text))
            x += small * 3 + _width(label, regular, small)
    label_w = lay.label_share * width
    most = max((b.total for b in chart.bars), default=0) or 1
    value_gap = lay.value_gap * small
    room = width - label_w - value_gap - stringWidth(str(most), bold, small) - value_gap
    ellipsis = look.theme.layout.slides.ellipsis
    for k, b in enumerate(chart.bars):
        y = height - top - (k + 1) * (bar + gap) + gap / 2
        text_y = y + (bar - small * 0.7) / 2
        label = _cut(b.label, regular, small, label_w - value_gap, ellipsis)
        texts.append(Label(0, text_y, label, regular, small, look.text))
        x = label_w
        for seg in b.segments:
            w = room * seg.value / most
            if w > 0:
                d.add(Rect(x, y, w, bar, fillColor=look.color(seg.color), strokeColor=None))
            number = str(seg.value)
            if len(b.segments) > 1 and seg.value and stringWidth(number, bold, small) < w - 2:
                mid = x + w / 2
                texts.append(Label(mid, text_y, number, bold, small, look.background, "middle"))
            x += w
        texts.append(Label(x + value_gap, text_y, str(b.total), bold, small, look.text))
    return d, texts


class ChartFlowable(Flowable):
    """A chart across the frame's width; one piece (it never splits)."""

    def __init__(self, chart: Chart, look: Look) -> None:
        super().__init__()
        self.chart, self.look = chart, look
        self.spaceAfter = look.theme.layout.tracking.chart_after * look.sizes.body
        self.drawn: tuple[Drawing, list[Label]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.drawn = drawing(self.chart, self.look, available_width)
        self.width, self.height = available_width, float(self.drawn[0].height)
        return self.width, self.height

    def draw(self) -> None:
        assert self.drawn is not None
        shapes, texts = self.drawn
        renderPDF.draw(shapes, self.canv, 0, 0)
        fallback = FALLBACK.get()
        canvas = self.canv
        for t in texts:
            canvas.setFont(t.font, t.size)
            canvas.setFillColor(t.color)
            x = t.x - _width(t.text, t.font, t.size) / 2 if t.anchor == "middle" else t.x
            if fallback is not None:
                fallback.draw(canvas, x, t.y, t.text)
            else:
                canvas.drawString(x, t.y, t.text)
