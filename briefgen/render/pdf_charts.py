"""Charts as vector drawings (reportlab.graphics), from the layout's neutral chart data.

A :class:`~briefgen.layout.tracking.Chart` is a title, an optional legend and horizontal bars
of one or more stacked segments; every segment is a theme colour role. Each bar's label sits
on the left (cut with the theme's ellipsis when too long), its total after it, and a stacked
segment's value inside it when it fits. Sizes and spacing come from ``layout.tracking``.
"""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from briefgen.layout.tracking import Chart
from briefgen.render.pdf_fonts import Look

__all__ = ["ChartFlowable", "drawing"]


def _cut(text: str, font: str, size: float, room: float, ellipsis: str) -> str:
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + ellipsis, font, size) > room:
        text = text[:-1]
    return text.rstrip() + ellipsis


def drawing(chart: Chart, look: Look, width: float) -> Drawing:
    """The chart drawn ``width`` wide, as tall as its bars need."""
    lay, body, small = look.theme.layout.tracking, look.sizes.body, look.sizes.small
    bold, regular = look.faces.bold, look.faces.regular
    bar, gap, line = lay.bar * body, lay.bar_gap * body, look.leading(body)
    top = line + (look.leading(small) if chart.legend else 0.0)
    height = top + len(chart.bars) * (bar + gap)
    d = Drawing(width, height)
    d.add(
        String(0, height - body, chart.title, fontName=bold, fontSize=body, fillColor=look.heading)
    )
    if chart.legend:
        x, y = 0.0, height - line - small
        for label, color in chart.legend:
            d.add(Rect(x, y, small, small, fillColor=look.color(color), strokeColor=None))
            d.add(
                String(
                    x + small * 1.4,
                    y + small * 0.1,
                    label,
                    fontName=regular,
                    fontSize=small,
                    fillColor=look.text,
                )
            )
            x += small * 3 + stringWidth(label, regular, small)
    label_w = lay.label_share * width
    most = max((b.total for b in chart.bars), default=0) or 1
    value_gap = lay.value_gap * small
    room = width - label_w - value_gap - stringWidth(str(most), regular, small) - value_gap
    ellipsis = look.theme.layout.slides.ellipsis
    for k, b in enumerate(chart.bars):
        y = height - top - (k + 1) * (bar + gap) + gap / 2
        text_y = y + (bar - small * 0.7) / 2
        label = _cut(b.label, regular, small, label_w - value_gap, ellipsis)
        d.add(String(0, text_y, label, fontName=regular, fontSize=small, fillColor=look.text))
        x = label_w
        for seg in b.segments:
            w = room * seg.value / most
            if w > 0:
                d.add(Rect(x, y, w, bar, fillColor=look.color(seg.color), strokeColor=None))
            number = str(seg.value)
            if len(b.segments) > 1 and seg.value and stringWidth(number, bold, small) < w - 2:
                d.add(
                    String(
                        x + w / 2,
                        text_y,
                        number,
                        fontName=bold,
                        fontSize=small,
                        fillColor=look.background,
                        textAnchor="middle",
                    )
                )
            x += w
        d.add(
            String(
                x + value_gap,
                text_y,
                str(b.total),
                fontName=bold,
                fontSize=small,
                fillColor=look.text,
            )
        )
    return d


class ChartFlowable(Flowable):
    """A chart across the frame's width; one piece (it never splits)."""

    def __init__(self, chart: Chart, look: Look) -> None:
        super().__init__()
        self.chart, self.look = chart, look
        self.spaceAfter = look.theme.layout.tracking.chart_after * look.sizes.body
        self.drawn: Drawing | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.drawn = drawing(self.chart, self.look, available_width)
        self.width, self.height = available_width, float(self.drawn.height)
        return self.width, self.height

    def draw(self) -> None:
        assert self.drawn is not None
        renderPDF.draw(self.drawn, self.canv, 0, 0)
