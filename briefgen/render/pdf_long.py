"""A very long paragraph set one page at a time, in time linear in its length.

reportlab breaks a paragraph's lines again from its first character every time the paragraph
is split across a page, so a paragraph of ``n`` characters over ``n / p`` pages costs ``n² / p``
(a one-megabyte word: hours). :class:`LongParagraph` hands reportlab only a prefix of the text
that surely fills the room left on the page (a few lines more than fit), lets reportlab split
that prefix, and continues with the rest of the text from where the first part ended.

Line breaking is greedy: a line depends only on the text from its start up to the first
character that no longer fits, and cutting the text after a prefix can change at most its last
two lines. A prefix two lines longer than what fits therefore breaks the lines that are kept
exactly as the whole paragraph would: the pages look the same and the text is the same, no
character added or lost. Paragraphs with Arabic are not cut (their letters are shaped, so the
characters drawn are not those of the input); short paragraphs never reach this module.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from briefgen import fonts
from briefgen.render.pdf_fonts import para

__all__ = ["LONG", "LongParagraph", "long_para"]

LONG = 4000  # characters: a paragraph at least this long is set in page-sized prefixes
_MARGIN = 2  # lines more than fit, so the kept lines do not depend on where the prefix ends
# Lines measured at most: a keep-together group asks for the height of its whole content; it
# only needs to learn that it is taller than a page, as a text this long always is.
_MOST = 400


def long_para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Flowable:
    """A paragraph of plain text; a very long one (without Arabic) set page by page."""
    if len(text) < LONG or fonts.has_arabic(text):
        return para(text, style, bullet)
    return LongParagraph(text, style, bullet)


def skip_letters(text: str, start: int, count: int) -> int:
    """The index after ``count`` non-space characters from ``start`` and the spaces after them."""
    i, n = start, len(text)
    while i < n and count:
        if not text[i].isspace():
            count -= 1
        i += 1
    while i < n and text[i].isspace():
        i += 1
    return i


def _letters(prefix: Paragraph, count: int) -> int:
    """How many non-space characters the first ``count`` broken lines of ``prefix`` hold."""
    bl = prefix.blPara
    if bl.kind == 0:  # (extra space, words)
        texts = [w for _, words in bl.lines[:count] for w in words]
    else:  # styled lines: words are fragments with text
        texts = [str(getattr(f, "text", "")) for line in bl.lines[:count] for f in line.words]
    return sum(not c.isspace() for text in texts for c in text)


class LongParagraph(Flowable):
    """``text[start:]`` as a paragraph in ``style``, split across pages in linear time.

    ``prefixes`` counts the characters handed to reportlab, for tests that check the cost
    grows linearly with the text (shared by the pieces of one paragraph).
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        bullet: str | None = None,
        start: int = 0,
        prefixes: list[int] | None = None,
        hint: int = LONG // 2,
    ) -> None:
        super().__init__()
        self.text, self.style, self.bullet, self.start = text, style, bullet, start
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.prefixes = prefixes if prefixes is not None else []
        self.hint = hint  # characters that filled a page last time (a quarter more)
        self._width, self._size = -1.0, 0
        self._prefix: Paragraph | None = None
        self._whole = False

    def _fill(self, width: float, height: float) -> Paragraph:
        """The shortest doubling prefix with ``_MARGIN`` lines more than ``height`` holds."""
        need = min(int(height / self.style.leading), _MOST) + _MARGIN
        prefix = self._prefix  # line breaks depend on the width alone: reuse a long enough one
        if prefix is not None and self._width == width and hasattr(prefix, "blPara"):
            lines = len(prefix.blPara.lines)
            if (self._whole or lines >= need) and (lines <= 4 * need or self._size <= self.hint):
                return prefix
        size = self.hint
        while True:
            end = min(len(self.text), self.start + size)
            prefix = para(self.text[self.start : end], self.style, self.bullet)
            prefix.wrap(width, height)
            self.prefixes.append(end - self.start)
            if end == len(self.text) or len(prefix.blPara.lines) >= need:
                break
            size *= 2
        lines, self._size = len(prefix.blPara.lines), end - self.start
        if 2 * _MARGIN < need < _MOST and lines >= need:  # a page's room, not a sliver
            self.hint = self._size * need * 5 // (lines * 4)
        self._width, self._prefix, self._whole = width, prefix, end == len(self.text)
        return prefix

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        prefix = self._fill(availWidth, availHeight)
        self.width, self.height = prefix.width, prefix.height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        prefix = self._fill(availWidth, availHeight)
        lines = prefix.blPara
        parts: list[Flowable] = prefix.split(availWidth, availHeight)
        if not hasattr(prefix, "blPara"):  # reportlab forgets its lines when nothing fits
            prefix.blPara = lines
        if self._whole or len(parts) < 2:
            return parts
        first = parts[0]
        assert isinstance(first, Paragraph)
        start = skip_letters(self.text, self.start, _letters(prefix, len(first.blPara.lines)))
        rest = LongParagraph(self.text, self.style, None, start, self.prefixes, self.hint)
        for part in (first, rest):
            if hasattr(self, "role"):
                setattr(part, "role", self.role)  # noqa: B010 (as pdf_flow tags flowables)
        return [first, rest]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        prefix = self._prefix
        if prefix is None or not self._whole:  # asked to draw more than it said fits
            prefix = para(self.text[self.start :], self.style, self.bullet)
            prefix.wrap(self.width, self.height)
        prefix.drawOn(canvas, x, y, _sW)
