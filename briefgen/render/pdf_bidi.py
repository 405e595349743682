"""Arabic in the PDF: shaped letters, right-to-left order, per line.

reportlab shapes text with harfbuzz when a paragraph style has ``shaping=1`` (each word's
glyphs then come out joined and in visual order), but it orders the *words* of a line left to
right, and its own bidi support needs a library that is not on PyPI. So a paragraph with Arabic
is a :class:`BidiParagraph`: reportlab breaks its lines in logical order (the order the layout
measured), then each line's glyphs are put in visual order by the Unicode bidirectional
algorithm (:mod:`briefgen.bidi`, python-bidi): numbers, full stops, brackets and Latin names
inside Arabic land where UAX #9 puts them. A paragraph with no left-to-right letter is right to
left and set flush right. Paragraphs without Arabic are plain reportlab paragraphs, unchanged.
"""

from __future__ import annotations

import copy
import re
import weakref
from types import MethodType
from typing import Any

from reportlab.lib import fonts as rl_fonts
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag, ParaParser
from reportlab.rl_config import paraFontSizeHeightOffset

from briefgen import bidi, fonts
from briefgen.render.pdf_marks import label

__all__ = ["BidiParagraph", "MarkupParagraph", "PlainParagraph", "is_rtl_text", "paragraph"]

_TAG = re.compile(r"<[^>]*>|&[#\w]+;")


is_rtl_text = fonts.is_rtl_text


def _rtl_token(token: str) -> bool:
    return fonts.has_arabic(token)


def _mirrored(glyph: Any) -> Any:
    """The mirror image of a bracket, keeping reportlab's shaping data (same advance)."""
    mirror = bidi.MIRROR[str(glyph)]
    data = getattr(glyph, "__shapeData__", None)
    return ShapedStr(mirror, shapeData=data) if data is not None else mirror


class BidiParagraph(Paragraph):
    """A paragraph with Arabic: shaped by reportlab, its lines reordered right to left.

    ``mirrored`` (a right-to-left layout): the paragraph's base direction is right to left
    whatever its letters, its style is reflected (the left indent becomes the right one, left
    alignment right) and its bullet or number is drawn at the right, ``bulletIndent`` from
    the right edge.
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *args: Any,
        mirrored: bool = False,
        **kwargs: Any,
    ) -> None:
        # a part made by split() has no text: split() sets its direction and bullet
        self._rtl = mirrored or (text is not None and is_rtl_text(_TAG.sub("", text)))
        alignment = TA_RIGHT if self._rtl and style.alignment == TA_LEFT else style.alignment
        extra: dict[str, Any] = {}
        self.right_bullet: str | None = None
        if mirrored:
            extra = {"leftIndent": style.rightIndent, "rightIndent": style.leftIndent}
            self.right_bullet = kwargs.pop("bulletText", None) or None
        shaped = ParagraphStyle(
            f"{style.name}-bidi", parent=style, shaping=1, alignment=alignment, **extra
        )
        super().__init__(text, shaped, *args, **kwargs)

    def split(self, available_width: Any, available_height: Any) -> Any:
        parts = super().split(available_width, available_height)
        for k, part in enumerate(parts):
            if isinstance(part, BidiParagraph):
                part._rtl = self._rtl
                part.right_bullet = self.right_bullet if k == 0 else None
        return parts

    def draw(self) -> None:
        if self.right_bullet:  # before the text, as reportlab draws its bullets: a list
            with label(self.canv):  # item's label, then its body
                self._draw_right_bullet(self.right_bullet)
        super().draw()

    def _draw_right_bullet(self, bullet: str) -> None:
        """The bullet on the first line's baseline, its right edge ``bulletIndent`` from the
        paragraph's right edge (reportlab's own right-to-left bullets need its bidi library)."""
        style, bl = self.style, self.blPara
        first = bl if bl.kind == 0 or not bl.lines else bl.lines[0]
        size = getattr(first, "fontSize", style.fontSize)
        y = self.height - (size if paraFontSizeHeightOffset else getattr(first, "ascent", size))
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(style.bulletColor or style.textColor)
        canvas.setFont(style.bulletFontName, style.bulletFontSize)
        canvas.drawRightString(self.width - style.bulletIndent, y, bullet)
        canvas.restoreState()

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
        """Plain lines: a list of words (one font, not shaped), joined by single spaces when
        drawn; put in visual order by the Unicode bidirectional algorithm."""
        if not any(_rtl_token(w) for w in words):
            return words
        return bidi.display(" ".join(words), self._rtl).split(" ")

    def _frags(self, frags: list[Any]) -> list[Any]:
        """Styled lines: frags whose text holds shaped words and spaces. Every glyph is put
        where the Unicode bidirectional algorithm draws it, across frags; slices of shaped
        text keep their shaping data."""
        if any(hasattr(f, "cbDefn") for f in frags) or not (
            self._rtl or any(_rtl_token(str(getattr(f, "text", ""))) for f in frags)
        ):
            return frags
        glyphs: list[tuple[Any, Any]] = []  # (frag, one glyph of its text)
        for f in frags:
            text = f.text
            glyphs.extend((f, text[k : k + 1]) for k in range(len(text)))
        line = "".join(str(g) for _, g in glyphs)
        out: list[Any] = []
        for i, mirrored in bidi.visual_order(line, self._rtl, shaped=True):
            frag, glyph = glyphs[i]
            if mirrored:
                glyph = _mirrored(glyph)
            if out and out[-1][0] is frag:
                out[-1][1] = out[-1][1] + glyph
            else:
                out.append([frag, glyph])
        return [frag.clone(text=text) for frag, text in out]


def _set_rise(tx: Any, rise: float) -> None:
    """``PDFTextObject.setRise``, also when its operator list is still empty."""
    if tx._code:
        PDFTextObject.setRise(tx, rise)
        return
    tx._rise = rise
    tx._y -= rise
    tx._code.append(f"{fp_str(rise)} Ts")


def paragraph(
    text: str, style: ParagraphStyle, bullet: str | None = None, rtl: bool = False
) -> Paragraph:
    """A reportlab paragraph for markup ``text``; a :class:`BidiParagraph` when it has Arabic
    or the layout is right to left (``rtl``: mirrored, bullet at the right)."""
    if rtl or fonts.has_arabic(text):
        return BidiParagraph(text, style, bulletText=bullet, mirrored=rtl)
    frags = plain_frags(text, style)
    if frags is None:
        return MarkupParagraph(text, style, bulletText=bullet)
    made = PlainParagraph(None, style, bulletText=bullet, frags=frags)
    made.text = frags[0].text  # as reportlab keeps it: the cleaned text
    return made


class _WrapOnce(Paragraph):
    """A paragraph whose size depends on the width alone: platypus asks again (a kept group
    measures its items, then the frame places each), so the lines are broken once per width.
    A split forgets them (reportlab drops a paragraph's lines when it cannot split it)."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: Any, availHeight: Any) -> Any:
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == availWidth and "blPara" in self.__dict__:
            self.width, self.height = wrapped[1]
            return wrapped[1]
        size = super().wrap(availWidth, availHeight)
        if size[0] == availWidth:  # not reportlab's answer to a width too narrow for text
            self._wrapped = (availWidth, size)
        return size

    def split(self, availWidth: Any, availHeight: Any) -> Any:
        self._wrapped = None
        try:
            return super().split(availWidth, availHeight)
        finally:
            self._wrapped = None


class PlainParagraph(_WrapOnce):
    """A paragraph of plain text in one style: its broken lines are kept by text, style and
    widths, so a long-running process (``watch``) breaks an unchanged paragraph once.

    reportlab's line breaking is a pure function of those, plus the bullet's width; the
    result is copied out, with the attributes ``breakLines`` leaves on the paragraph.
    """

    def breakLines(self, width: Any) -> Any:
        frags = self.frags
        if len(frags) != 1 or getattr(frags[0], "text", None) != self.text or not self.text:
            return super().breakLines(width)  # a part made by split(): its own words
        key = (_style_key(self.style), self.text, self.bulletText, _widths_key(width))
        return _kept_lines(self, key, width, _copy_lines, super().breakLines)


class MarkupParagraph(_WrapOnce):
    """A paragraph with markup (a card's states in their font, escaped ``&``): its parse is
    kept by text and style, its broken lines by text, style and widths, so a long-running
    process parses and breaks an unchanged paragraph once. Each paragraph gets its own copies
    of the fragments and lines (reportlab edits a split paragraph's words); a part made by
    ``split`` (given its fragments) is reportlab's own."""

    _kept_key: tuple[object, ...] | None = None

    def __init__(
        self,
        text: Any,
        style: Any = None,
        bulletText: Any = None,
        frags: Any = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
    ) -> None:
        if frags is not None or not isinstance(text, str) or not isinstance(style, ParagraphStyle):
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
            return
        _check_families()
        key = (_full_style_key(style), text, caseSensitive)
        kept = _PARSED.get(key)
        if kept is not None:
            cleaned, parsed = kept
            frags = [frag.clone() for frag in parsed]
            super().__init__(cleaned, style, bulletText, frags, caseSensitive, encoding)
            self._kept_key = key
            return
        super().__init__(text, style, bulletText, None, caseSensitive, encoding)
        if self.style is not style or self.bulletText is not (
            bulletText or getattr(style, "bulletText", None)
        ):
            return  # the markup changed the style or held a bullet: not kept
        if len(_PARSED) >= _BROKEN_KEPT:
            _PARSED.clear()
        _PARSED[key] = (self.text, [frag.clone() for frag in self.frags])
        self._kept_key = key

    def breakLines(self, width: Any) -> Any:
        if self._kept_key is None:
            return super().breakLines(width)
        key = (self._kept_key, repr(self.bulletText), _widths_key(width))
        return _kept_lines(self, key, width, _copy_lines, super().breakLines)


def _copy_lines(lines: Any) -> Any:
    """Broken lines with their own line and word objects."""
    if lines.kind != 1:
        return lines.clone(lines=list(lines.lines))
    return lines.clone(
        lines=[line.clone(words=[copy.copy(word) for word in line.words]) for line in lines.lines]
    )


def _widths_key(width: Any) -> object:
    return tuple(width) if isinstance(width, list | tuple) else width


def _kept_lines(
    made: Paragraph, key: tuple[object, ...], width: Any, copy_lines: Any, breaking: Any
) -> Any:
    """``breaking(width)``'s lines for ``made``, kept under ``key`` (copied out with
    ``copy_lines``, with the attributes ``breakLines`` leaves on the paragraph)."""
    widths = width if isinstance(width, list) else None
    kept = _BROKEN.get(key)
    if kept is None:
        lines = breaking(width)
        if lines.kind not in (0, 1):
            return lines
        if len(_BROKEN) >= _BROKEN_KEPT:
            _BROKEN.clear()
        left = {name: made.__dict__[name] for name in _LEFT_BY_BREAKING}
        _BROKEN[key] = (copy_lines(lines), tuple(widths) if widths is not None else None, left)
        return lines
    lines, widths_after, left = kept
    made.__dict__.update(left)
    if widths is not None and widths_after is not None:
        widths[:] = widths_after  # the bullet's room, as breakLines narrows the first line
    return copy_lines(lines)


def _check_families() -> None:
    """Forget the kept fragments and lines when reportlab's font family maps changed since
    they were made (a theme registering a face under another role): the parser resolves
    every font name through them (bold, italic, the face a ``<b>`` picks)."""
    now = (rl_fonts._ps2tt_map, rl_fonts._tt2ps_map)
    if _FAMILIES and _FAMILIES[0] == now:
        return
    _PARSED.clear()
    _BROKEN.clear()
    _OPENING.clear()
    _FAMILIES[:] = [(dict(now[0]), dict(now[1]))]


# reportlab's font family maps (a copy) when the kept fragments and lines were made
_FAMILIES: list[tuple[dict[Any, Any], dict[Any, Any]]] = []
_PARSED: dict[tuple[object, ...], tuple[str, list[ParaFrag]]] = {}
_BROKEN: dict[tuple[object, ...], tuple[Any, tuple[float, ...] | None, dict[str, Any]]] = {}
_LEFT_BY_BREAKING = ("_width_max", "height", "_splitLongWordCount", "_hyphenations")
_BROKEN_KEPT = 20_000

_BREAKING = [
    "fontName",
    "fontSize",
    "leftIndent",
    "rightIndent",
    "firstLineIndent",
    "wordWrap",
    "shaping",
    "hyphenationLang",
    "hyphenationMinWordLength",
    "uriWasteReduce",
    "embeddedHyphenation",
    "spaceShrinkage",
    "splitLongWords",
    "bulletFontName",
    "bulletFontSize",
    "bulletIndent",
    "endDots",
    "autoLeading",
    "justifyLastLine",
]


_STYLE_KEYS: weakref.WeakKeyDictionary[ParagraphStyle, tuple[str, ...]] = (
    weakref.WeakKeyDictionary()
)


_FULL_KEYS: weakref.WeakKeyDictionary[ParagraphStyle, tuple[str, ...]] = weakref.WeakKeyDictionary()


def _full_style_key(style: ParagraphStyle) -> tuple[str, ...]:
    """Every attribute of a style (what parsing markup may read), once per style."""
    key = _FULL_KEYS.get(style)
    if key is None:
        names = sorted(set(style.defaults) | set(style.__dict__) - {"parent"})
        key = tuple(f"{name}={getattr(style, name, None)!r}" for name in names)
        _FULL_KEYS[style] = key
    return key


def _style_key(style: ParagraphStyle) -> tuple[str, ...]:
    """What of a style line breaking reads (its colour does not matter), once per style (not
    kept on the style itself: a style made from it copies its attributes)."""
    key = _STYLE_KEYS.get(style)
    if key is None:
        key = _STYLE_KEYS[style] = tuple(repr(getattr(style, name, None)) for name in _BREAKING)
    return key


def plain_frags(text: str, style: ParagraphStyle) -> list[ParaFrag] | None:
    """The fragments reportlab's parser makes of ``text`` without markup, made without it.

    Most paragraphs are plain text, and parsing (an HTML parser per paragraph) was a fifth
    of painting a briefing. The parser turns such text into one fragment: a copy of the
    style's opening fragment carrying the cleaned text; that fragment is made here once per
    style by parsing one letter, then copied, so the output bytes are the parser's. Text
    with markup or entities (``<``, ``&``) is left to the parser (None).
    """
    if "<" in text or "&" in text:
        return None
    cleaned = _CLEANED.get(text)
    if cleaned is None:
        cleaned = cleanBlockQuotedText(text)
        if len(_CLEANED) >= _BROKEN_KEPT:
            _CLEANED.clear()
        _CLEANED[text] = cleaned
    if not cleaned or getattr(style, "textTransform", None):
        return None
    _check_families()
    key = _opening_key(style)
    opening = _OPENING.get(key) if key is not None else None
    if opening is None:
        _, parsed, _ = ParaParser().parse("x", style)
        if not parsed or len(parsed) != 1:
            return None
        opening = parsed[0]
        if key is not None:
            if len(_OPENING) >= _OPENINGS_KEPT:
                _OPENING.clear()
            _OPENING[key] = opening
    frag = ParaFrag.__new__(type(opening))  # copy.copy's result, made directly
    frag.__dict__.update(opening.__dict__)
    frag.text = cleaned
    return [frag]


_CLEANED: dict[str, str] = {}  # reportlab's cleaning of a paragraph's text, by text


# The opening fragment of plain text depends on the style's font, size and colour alone (the
# parser's _initial_frag and handle_data read nothing else without markup): kept by those, so
# every build of a long-running process shares them.
_OPENING: dict[tuple[object, ...], ParaFrag] = {}
_OPENINGS_KEPT = 256


def _opening_key(style: ParagraphStyle) -> tuple[object, ...] | None:
    color = style.textColor
    if not isinstance(color, Color):
        return None
    return (style.fontName, style.fontSize, type(color), tuple(color.rgba()))
