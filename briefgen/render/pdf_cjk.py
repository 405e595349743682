"""Chinese in the PDF: lines broken by the kinsoku rules, headings heavier in a one-weight font.

reportlab breaks text without spaces by cutting a "too long word" at any character, so a line
could begin with "，" or end with "（". A :class:`CJKParagraph` is broken instead by the
layout's line breaker (:func:`briefgen.layout.measure.wrap`: breaks between ideographs, never
before closing or after opening punctuation) at the width the page flow offers, and handed to
reportlab with those breaks as ``<br/>``; reportlab then only draws and splits it between
lines.

A fallback font package often has one weight (Noto Sans SC at regular), so a bold heading's
Chinese would look like body text. Text in such a face inside a bold paragraph is drawn with
text render mode 2 (fill, then stroke with a thin line in the text colour): visibly heavier,
still real text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from briefgen.fonts import FontMetrics
from briefgen.layout import measure

__all__ = ["CJKParagraph", "HeavyText", "has_ideographs", "spans_markup"]

has_ideographs = measure.has_ideographs

FILL = 0
FILL_STROKE = 2


class HeavyText(PDFTextObject):
    """A text object that fills and strokes the glyphs of some fonts (synthetic bold)."""

    def __init__(self, canvas: Any, x: float, y: float, heavy: Iterable[str]) -> None:
        self._heavy_fonts = frozenset(heavy)
        self._mode = FILL
        super().__init__(canvas, x, y)

    def _mode_for(self, font: str) -> None:
        mode = FILL_STROKE if font in self._heavy_fonts else FILL
        if mode != self._mode:
            self.setTextRenderMode(mode)
            self._mode = mode

    def _setFont(self, psfontname: str, size: float) -> None:
        super()._setFont(psfontname, size)
        self._mode_for(psfontname)

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:
        super().setFont(psfontname, size, leading)
        self._mode_for(psfontname)


class _Widths:
    """The measuring the line breaker needs, from the painter's fallback-aware widths."""

    def __init__(self, width: Callable[[str, str, float], float], font: str) -> None:
        self._width, self._font = width, font

    def width(self, text: str, size: float) -> float:
        return self._width(text, self._font, size)


class CJKParagraph(Paragraph):
    """A paragraph with ideographs, broken at the width it is given by the kinsoku rules.

    ``plain``: its text (not markup), re-broken whenever the width changes; ``markup`` makes
    the paragraph's markup from its lines (fallback fonts, ``<br/>`` between); ``width``
    measures (text, font, size) as the painter draws. ``heavy``: names of one-weight fallback
    faces to draw heavier, stroked with a line ``stroke`` points wide. Parts made by
    :meth:`split` keep their lines as broken.
    """

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: Any = None,
        frags: Any = None,
        *,
        plain: str | None = None,
        markup: Callable[[Sequence[str]], str] | None = None,
        width: Callable[[str, str, float], float] | None = None,
        heavy: Iterable[str] = (),
        stroke: float = 0.0,
        **kwargs: Any,
    ) -> None:
        self._plain, self._markup, self._measure = plain, markup, width
        self._heavy, self._stroke = tuple(heavy), stroke
        self._broken_at: float | None = None
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if (
            self._plain is not None
            and self._markup is not None
            and self._measure is not None
            and self._broken_at != available_width
        ):
            st = self.style
            room = available_width - st.leftIndent - st.rightIndent - st.firstLineIndent
            widths = cast(FontMetrics, _Widths(self._measure, st.fontName))
            lines = measure.wrap(self._plain, widths, st.fontSize, room)
            text = self._markup(lines)
            self._setup(text, st, self.bulletText, None, cleanBlockQuotedText)
            self._broken_at = available_width
        return cast(tuple[float, float], super().wrap(available_width, available_height))

    def split(self, available_width: float, available_height: float) -> Any:
        parts = super().split(available_width, available_height)
        for part in parts:
            if isinstance(part, CJKParagraph):
                part._heavy, part._stroke = self._heavy, self._stroke
        return parts

    def beginText(self, x: float, y: float) -> Any:
        if self._heavy and self._stroke > 0:
            return HeavyText(self.canv, x, y, self._heavy)
        return super().beginText(x, y)

    def draw(self) -> None:
        if self._heavy and self._stroke > 0:
            self.canv.setStrokeColor(self.style.textColor)
            self.canv.setLineWidth(self._stroke)
        super().draw()


def spans_markup(
    plain: str, spans: Sequence[tuple[int, Callable[[str], str]]]
) -> Callable[[Sequence[str]], str]:
    """Markup for lines of ``plain`` whose parts look different: ``spans`` are (start offset,
    markup of a piece) in order; each line is found in ``plain`` and cut where a span starts
    (a line not found verbatim, after collapsed spaces, takes the first span's look)."""

    def make(lines: Sequence[str]) -> str:
        out: list[str] = []
        cursor = 0
        for line in lines:
            start = plain.find(line, cursor)
            if start < 0:
                out.append(spans[0][1](line))
                continue
            cursor = start + len(line)
            pieces = []
            for k, (begin, look) in enumerate(spans):
                end = spans[k + 1][0] if k + 1 < len(spans) else len(plain)
                lo, hi = max(begin, start), min(end, cursor)
                if lo < hi:
                    pieces.append(look(plain[lo:hi]))
            out.append("".join(pieces))
        return "<br/>".join(out)

    return make
