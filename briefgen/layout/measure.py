"""Line breaking that agrees with reportlab's Paragraph, computed from font metrics alone.

The layout engine decides page and slide breaks before anything is drawn, so it must know how
many lines a text takes in the PDF. :func:`wrap` ports the plain-text branch of reportlab's
``Paragraph.breakLines`` (greedy, space-separated words, ``splitLongWords``) on top of
:class:`briefgen.fonts.FontMetrics`, so the answer is the same without importing reportlab.

For the PDF renderer to break identically it must draw each line as returned, or use a
``ParagraphStyle`` with ``spaceShrinkage=0`` (reportlab's default is 0.05, which lets lines run up
to 5% of a space per gap past the width; pass ``space_shrinkage=0.05`` here to mimic that) and
no hyphenation, with hard line breaks written as ``<br/>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefgen.fonts import FontMetrics
from briefgen.regex import Deferred

__all__ = ["has_ideographs", "wrap", "wrapped"]

# reportlab's whitespace set (paragraph._wsc): Python's str.split() minus NBSP, plus U+200B.
_WSC = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
)
_wsc_split = re.compile(f"[{re.escape(_WSC)}]+").split

Measure = Callable[[str, float], float]  # FontMetrics.width

# Scripts written without spaces, where a line may break between any two characters (the ID
# class of UAX #14, simplified): Han ideographs, kana, Hangul syllables, CJK symbols, fullwidth
# forms.
_IDEO = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003ffff"
)
_IDEO_RE = Deferred(f"[{_IDEO}]")  # compiled when a text first reaches the CJK blocks
_has_ideo = _IDEO_RE.search
_is_ideo = _IDEO_RE.match


def has_ideographs(text: str) -> bool:
    """True when ``text`` has characters a line may break between without a space."""
    # max() is one C pass; only text reaching the ideograph blocks needs the search
    return not text.isascii() and max(text) >= "\u2e80" and _has_ideo(text) is not None


# Kinsoku (JIS X 4051 and GB/T 15834, simplified): a line never begins with closing brackets
# and quotes, stops, commas, iteration marks or small kana, and never ends with an opening
# bracket or quote.
NO_LINE_START = frozenset(
    "、。，．：；！？）」』】〕〉》〗〙〛｝］〜ー々…‥・,.;:!?)]}%”’〞﹚﹜﹞〟ゝゞヽヾ"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
NO_LINE_END = frozenset("（「『【〔〈《〖〘〚｛［([{“‘〝﹙﹛﹝")


def may_break_between(prev: str, char: str) -> bool:
    """Whether a line may break between two characters written without a space: next to an
    ideograph, unless kinsoku forbids it."""
    return (
        (_is_ideo(prev) is not None or _is_ideo(char) is not None)
        and char not in NO_LINE_START
        and prev not in NO_LINE_END
    )


def _words(segment: str) -> list[str]:
    """Split like reportlab: str.split(), except NBSP binds words when the text contains one."""
    if "\xa0" in segment:
        return [w for w in _wsc_split(segment.strip(_WSC)) if w]
    return segment.split()


# Lines by (metrics, text, size, width, shrinkage, preparation), shared by every build of a
# process: font metrics objects are cached by file (path, modification time), so a
# long-running process (watch) re-measures only the paragraphs an edit changed. Cleared whole
# past _WRAPPED_KEPT entries.
_WRAPPED: dict[tuple[object, ...], tuple[str, ...]] = {}
_WRAPPED_KEPT = 50_000

Prepare = Callable[[str, FontMetrics, float, float], str]


def wrapped(
    text: str,
    metrics: FontMetrics,
    size: float,
    width: float,
    *,
    space_shrinkage: float = 0.0,
    prepare: Prepare | None = None,
) -> tuple[str, ...]:
    """:func:`wrap`, kept for the process; ``prepare`` rewrites the text first (a slide's
    long words start their own line) and is part of the key."""
    key = (metrics, text, size, width, space_shrinkage, prepare)
    hit = _WRAPPED.get(key)
    if hit is None:
        source = prepare(text, metrics, size, width) if prepare is not None else text
        hit = tuple(wrap(source, metrics, size, width, space_shrinkage=space_shrinkage))
        if len(_WRAPPED) >= _WRAPPED_KEPT:
            _WRAPPED.clear()
        _WRAPPED[key] = hit
    return hit


def wrap(
    text: str,
    metrics: FontMetrics,
    size: float,
    width: float,
    *,
    space_shrinkage: float = 0.0,
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, exactly as reportlab would.

    Runs of whitespace collapse to one space; a word wider than ``width`` is broken at character
    boundaries (its first piece fills what is left of the current line, as in reportlab); a
    hard ``"\\n"`` starts a new line (like ``<br/>``: blank segments give empty lines, a trailing
    newline adds none). Whitespace-only text gives ``[]``. A single glyph wider than ``width``
    still gets a line of its own, the only case where a line exceeds ``width``.
    """
    if not text or not text.strip(_WSC):
        return []
    segments = text.split("\n")
    if len(segments) > 1 and not segments[-1].strip(_WSC):
        segments.pop()
    measure = metrics.width
    space = measure(" ", size)
    cache: dict[str, float] = {}
    lines: list[str] = []
    for segment in segments:
        words = _words(segment)
        glued: list[bool] | None = None
        if has_ideographs(segment):
            words, glued = _ideographic(words)
        if words:
            lines.extend(
                _break(words, measure, size, width, space, space * space_shrinkage, cache, glued)
            )
        else:
            lines.append("")
    return lines


def _ideographic(words: list[str]) -> tuple[list[str], list[bool]]:
    """Cut words at the break opportunities between ideographs; ``glued[i]``: token i continues
    token i-1 without a space."""
    tokens: list[str] = []
    glued: list[bool] = []
    for word in words:
        start = 0
        for k in range(1, len(word)):
            if may_break_between(word[k - 1], word[k]):
                tokens.append(word[start:k])
                glued.append(start > 0)
                start = k
        tokens.append(word[start:])
        glued.append(start > 0)
    return tokens, glued


def _break(
    words: list[str],
    measure: Measure,
    size: float,
    width: float,
    space: float,
    shrink: float,
    cache: dict[str, float],
    glued: list[bool] | None = None,
) -> list[str]:
    """Greedy breaking of one paragraph: a port of reportlab's simple-frag loop."""
    lines: list[str] = []
    line: list[str] = []
    line_w = -space  # reportlab's trick: the first word pays for no space
    forced = False  # the current (split) piece must end its line
    pending: list[tuple[str, bool]] = []  # split pieces still to place, last piece first
    n = len(words)
    i = 0
    while True:
        glue = False
        if pending:
            word, is_piece = pending.pop()
        elif i < n:
            word, is_piece = words[i], False
            glue = glued is not None and glued[i] and bool(line)
            i += 1
        else:
            break
        if is_piece and not word:
            forced = True  # nothing of a long word fits here: just end the line
        ww = cache.get(word)
        if ww is None:
            ww = cache[word] = measure(word, size)
        new_w = line_w + (0.0 if glue else space) + ww
        limit = width + shrink * len(line)
        if new_w > limit and not forced and not is_piece and ww > width:
            sep = 0.0 if glue else space
            pieces = _split_word(word, line_w + sep, width, measure, size, cache)
            pending.extend((p, True) for p in reversed(pieces))
            forced = True
            continue
        if new_w <= limit or not line or forced:
            if glue and word:
                line[-1] += word
            elif word:
                line.append(word)
            if forced:
                forced = False
                lines.append(" ".join(line))
                line = []
                line_w = -space
            else:
                line_w = new_w
        else:
            lines.append(" ".join(line))
            line = [word]
            line_w = ww
    if line:
        lines.append(" ".join(line))
    return lines


def _split_word(
    word: str,
    line_w: float,
    width: float,
    measure: Measure,
    size: float,
    cache: dict[str, float],
) -> list[str]:
    """Cut a too-long word at character boundaries (reportlab's ``_splitWord``).

    Linear in the word's length: each distinct character is measured once and pieces are
    sliced from the word, not grown a character at a time.
    """
    for ch in set(word).difference(cache):
        cache[ch] = measure(ch, size)
    pieces: list[str] = []
    start = 0
    for i, ch in enumerate(word):
        cw = cache[ch]
        new_w = line_w + cw
        if new_w > width and (i > start or cw <= width):
            pieces.append(word[start:i])
            start = i
            new_w = cw
        line_w = new_w
    pieces.append(word[start:])
    return pieces
