"""A row of labels: a recommendation's response and status, or its SDGs, drawn as chips.

The layout decides each label's words, colour role and font role
(:class:`~briefgen.layout.pdf_blocks.Chip`); the theme's ``layout.pdf.label_*`` ratios size
them from the body size. A chip is a rounded box tinted with its colour and outlined in it,
the words in that colour inside. The shapes are artifacts; the words are the paragraph's
real text, in reading order (a lead text such as "para. 120.75" first), each followed by a
space so that text extraction and screen readers keep the words apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefgen import fonts
from briefgen.render.pdf_fonts import FALLBACK, FallbackText, Look
from briefgen.render.pdf_marks import artifact

__all__ = ["ChipLook", "LabelRow", "tint"]


def tint(color: Color, background: Color, share: float) -> Color:
    """``share`` of ``color`` laid over ``background``."""
    mix = [share * a + (1 - share) * b for a, b in zip(color.rgb(), background.rgb(), strict=True)]
    return Color(*mix)


@dataclass(frozen=True)
class ChipLook:
    """One label as drawn: words, font, text and outline colour, fill."""

    text: str
    font: str
    color: Color
    fill: Color


@dataclass(frozen=True)
class _Placed:
    text: str
    font: str
    size: float
    color: Color
    x: float  # from the left edge of the row's box
    row: int
    width: float
    chip: ChipLook | None  # None: the lead text


class LabelRow(Flowable):
    """A lead text and chips in a line, wrapping to more lines when the width needs it."""

    def __init__(
        self,
        lead: str,
        chips: Sequence[ChipLook],
        style: ParagraphStyle,
        look: Look,
        rtl: bool = False,
    ) -> None:
        super().__init__()
        lay = look.lay
        self.lead, self.chips, self.style, self.rtl = lead, tuple(chips), style, rtl
        self.size = lay.label_size * look.sizes.body
        self.pad_x, self.pad_y = lay.label_pad_x * self.size, lay.label_pad_y * self.size
        self.radius, self.gap = lay.label_radius * self.size, lay.label_gap * self.size
        self.line = lay.label_line * self.size
        self.row_gap = lay.label_row_gap * self.size
        self.chip_h = self.size + 2 * self.pad_y
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.fallback = FALLBACK.get() or FallbackText(look.theme)
        self.placed: list[_Placed] = []
        self.rows = 1

    def _width(self, text: str, font: str, size: float) -> float:
        return self.fallback.width(text, font, size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        indent = self.style.leftIndent
        room = max(available_width - indent, 0.0)
        items: list[tuple[str, str, float, Color, float, ChipLook | None]] = []
        if self.lead:
            font, size = self.style.fontName, self.style.fontSize
            w = self._width(self.lead, font, size)
            items.append((self.lead, font, size, self.style.textColor, w, None))
        for c in self.chips:
            w = self._width(c.text, c.font, self.size) + 2 * self.pad_x
            items.append((c.text, c.font, self.size, c.color, w, c))
        placed, x, row = [], 0.0, 0
        for text, font, size, color, w, chip in items:
            if x > 0 and x + w > room:
                x, row = 0.0, row + 1
            placed.append(_Placed(text, font, size, color, x, row, w, chip))
            x += w + self.gap
        self.placed, self.rows = placed, row + 1
        self.width = available_width
        self.height = self.rows * self.chip_h + (self.rows - 1) * self.row_gap
        return self.width, self.height

    def _left(self, p: _Placed) -> float:
        """The item's left edge in the row's box: from the indent, mirrored right to left."""
        if self.rtl:
            return self.width - self.style.leftIndent - p.x - p.width
        return self.style.leftIndent + p.x

    def _bottom(self, row: int) -> float:
        return self.height - (row + 1) * self.chip_h - row * self.row_gap

    def draw(self) -> None:
        canvas = self.canv
        with artifact(canvas):
            canvas.saveState()
            for p in self.placed:
                if p.chip is not None:
                    self._chip(canvas, p, p.chip)
            canvas.restoreState()
        canvas.saveState()
        last = len(self.placed) - 1
        for k, p in enumerate(self.placed):
            ascent, descent = getAscentDescent(p.font, p.size)
            baseline = self._bottom(p.row) + self.chip_h / 2 - (ascent + descent) / 2
            x = self._left(p) + (self.pad_x if p.chip is not None else 0.0)
            text = p.text
            if k < last and not fonts.has_arabic(text):
                text += " "  # words kept apart in the text layer; drawn past the chip, unseen
            canvas.setFont(p.font, p.size)
            canvas.setFillColor(p.color)
            self.fallback.line(canvas, x, baseline, text, rtl=self.rtl)
        canvas.restoreState()

    def _chip(self, canvas: Canvas, p: _Placed, chip: ChipLook) -> None:
        canvas.setFillColor(chip.fill)
        canvas.setStrokeColor(chip.color)
        canvas.setLineWidth(self.line)
        inset = self.line / 2
        canvas.roundRect(
            self._left(p) + inset,
            self._bottom(p.row) + inset,
            p.width - self.line,
            self.chip_h - self.line,
            self.radius,
            stroke=1 if self.line > 0 else 0,
            fill=1,
        )
