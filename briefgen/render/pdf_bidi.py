"""Arabic in the PDF: shaped letters, right-to-left order, per line.

reportlab shapes text with harfbuzz when a paragraph style has ``shaping=1`` (each word's
glyphs then come out joined and in visual order), but it orders the *words* of a line left to
right, and its own bidi support needs a library that is not on PyPI. So a paragraph with Arabic
is a :class:`BidiParagraph`: reportlab breaks its lines in logical order (the order the layout
measured), then each line's Arabic words are put in visual order: a stretch of Arabic words
inside a left-to-right paragraph is reversed in place; a paragraph with no left-to-right letter
is reversed as a whole and set flush right. Digits and Latin words stay left to right within
them. Paragraphs without Arabic are plain reportlab paragraphs, unchanged.
"""

from __future__ import annotations

import re
from types import MethodType
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from briefgen import fonts

__all__ = ["BidiParagraph", "is_rtl_text", "paragraph"]

_TAG = re.compile(r"<[^>]*>|&[#\w]+;")
_TOKENS = re.compile(r" +|[^ ]+")


is_rtl_text = fonts.is_rtl_text


def _rtl_token(token: str) -> bool:
    return fonts.has_arabic(token)


def _order(tokens: list[str], rtl: bool) -> list[int]:
    """Visual order of a line's tokens (words and space runs), as indexes into ``tokens``.

    Left-to-right base: each maximal stretch of Arabic words (with the spaces between them) is
    reversed. Right-to-left base: the whole line is reversed, then each stretch of non-Arabic
    words (digits, Latin) is put back left to right.
    """
    n = len(tokens)
    out = list(range(n))
    inner = (lambda t: not _rtl_token(t)) if rtl else _rtl_token
    if rtl:
        out.reverse()
    i = 0
    while i < n:
        if not inner(tokens[out[i]]) or tokens[out[i]].startswith(" "):
            i += 1
            continue
        j = i
        k = i
        while k < n and (inner(tokens[out[k]]) or tokens[out[k]].startswith(" ")):
            if inner(tokens[out[k]]):
                j = k
            k += 1
        out[i : j + 1] = reversed(out[i : j + 1])
        i = j + 1
    return out


class BidiParagraph(Paragraph):
    """A paragraph with Arabic: shaped by reportlab, its lines reordered right to left."""

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        # reportlab's split() makes the two halves with text=None and the frags of each
        if text is None:
            plain = "".join(str(getattr(f, "text", "")) for f in kwargs.get("frags") or ())
        else:
            plain = _TAG.sub("", text)
        self._rtl = is_rtl_text(plain)
        alignment = TA_RIGHT if self._rtl and style.alignment == TA_LEFT else style.alignment
        shaped = ParagraphStyle(f"{style.name}-bidi", parent=style, shaping=1, alignment=alignment)
        super().__init__(text, shaped, *args, **kwargs)

    def beginText(self, x: float, y: float) -> Any:
        """reportlab's text object, with a ``setRise`` that survives shaped text's marks.

        Drawing harfbuzz-shaped text, reportlab collects one word's operators in an empty list
        and calls ``setRise`` for a glyph with a vertical offset (an Arabic mark) before
        anything is in it; its ``setRise`` then indexes the empty list (IndexError).
        """
        tx = super().beginText(x, y)
        tx.setRise = MethodType(_set_rise, tx)
        return tx

    def breakLines(self, width: Any) -> Any:
        bl = super().breakLines(width)
        if bl.kind == 0:
            bl.lines = [(extra, self._simple(words)) for extra, words in bl.lines]
        else:
            for line in bl.lines:
                line.words = self._frags(line.words)
        return bl

    def _simple(self, words: list[str]) -> list[str]:
        """Plain lines: a list of words (one font), joined by single spaces when drawn."""
        if not any(_rtl_token(w) for w in words):
            return words
        tokens: list[Any] = []
        for i, w in enumerate(words):
            if i:
                tokens.append(" ")
            tokens.append(w)
        order = _order([str(t) for t in tokens], self._rtl)
        return [tokens[i] for i in order if tokens[i] != " "]

    def _frags(self, frags: list[Any]) -> list[Any]:
        """Styled lines: frags whose text holds words and spaces; reorder across frags."""
        if any(hasattr(f, "cbDefn") for f in frags) or not any(
            _rtl_token(str(getattr(f, "text", ""))) for f in frags
        ):
            return frags
        pieces: list[tuple[Any, Any]] = []  # (frag, token text, slices keep shaping data)
        for f in frags:
            text = f.text
            for m in _TOKENS.finditer(str(text)):
                pieces.append((f, text[m.start() : m.end()]))
        order = _order([str(t) for _, t in pieces], self._rtl)
        out: list[Any] = []
        for i in order:
            frag, token = pieces[i]
            if out and out[-1][0] is frag:
                out[-1][1] = out[-1][1] + token
            else:
                out.append([frag, token])
        return [frag.clone(text=text) for frag, text in out]


def _set_rise(tx: Any, rise: float) -> None:
    """``PDFTextObject.setRise``, also when its operator list is still empty."""
    if tx._code:
        PDFTextObject.setRise(tx, rise)
        return
    tx._rise = rise
    tx._y -= rise
    tx._code.append(f"{fp_str(rise)} Ts")


def paragraph(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A reportlab paragraph for markup ``text``; a :class:`BidiParagraph` when it has Arabic."""
    if fonts.has_arabic(text):
        return BidiParagraph(text, style, bulletText=bullet)
    return Paragraph(text, style, bulletText=bullet)
