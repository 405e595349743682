"""The Unicode bidirectional algorithm (UAX #9) for one line of text, via python-bidi.

:func:`visual_order` answers where each character of a line goes when it is drawn left to
right, and which characters are drawn mirrored ("(" as ")" inside right-to-left text). It
resolves embedding levels with python-bidi's implementation of the algorithm (rules W1-W7,
N0-N2, I1-I2), then applies L1 (trailing spaces take the paragraph level) and L2 (reverse
every run at each level from the highest down to the lowest odd one).

The PDF draws Arabic with harfbuzz, which shapes each space-separated word and hands back its
glyphs already right to left. A line of *shaped* text therefore holds each word with Arabic
in visual order; ``shaped=True`` turns such words back into reading order first, so digits,
full stops and brackets inside them land where the algorithm says, and the result is an
order of the glyphs as they are.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import algorithm
from bidi.bidi import get_display_inner

__all__ = ["MIRROR", "display", "levels", "visual_order"]

MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
"""Mirrored pairs (Unicode Bidi_Mirroring_Glyph) the briefings' text uses."""

_ALEF = "\u0627"  # a strong right-to-left (AL) stand-in for glyphs without a code point


def _is_private(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character (even: left to right, odd: right to
    left) in a paragraph of base direction ``rtl``, after rule L1."""
    if not text:
        return []
    out = _rust_levels(text, rtl) or _python_levels(text, rtl)
    base = 1 if rtl else 0
    # L1: whitespace (and isolate/format characters) at the end of the line take the base level
    i = len(text) - 1
    while i >= 0 and unicodedata.bidirectional(text[i]) in ("WS", "BN", "FSI", "LRI", "RLI"):
        out[i] = base
        i -= 1
    return out


_LEVELS = re.compile(r"levels: \[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _rust_levels(text: str, rtl: bool) -> list[int] | None:
    """Levels from python-bidi's Rust core (the unicode-bidi crate, Unicode 15 rules with
    bracket pairs, N0), read from its debug report: one level per UTF-8 byte. ``None`` when
    the report has another shape (then the pure-Python implementation answers)."""
    try:
        report = get_display_inner(text, "R" if rtl else "L", True)
    except Exception:  # any failure of the native core: use the Python implementation
        return None
    found = _LEVELS.search(str(report))
    if found is None:
        return None
    per_byte = [int(n) for n in _LEVEL.findall(found.group(1))]
    out: list[int] = []
    offset = 0
    for ch in text:
        if offset >= len(per_byte):
            return None
        out.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return out if offset == len(per_byte) else None


def _python_levels(text: str, rtl: bool) -> list[int]:
    """Levels from python-bidi's pure-Python implementation (no bracket pairs)."""
    storage = algorithm.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    algorithm.get_embedding_levels(text, storage)
    chars = list(storage["chars"])  # X9 drops some of them from storage; keep them all here
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return [int(c["level"]) for c in chars]


def _reorder(levels_: list[int]) -> list[int]:
    """Rule L2: positions in visual order."""
    order = list(range(len(levels_)))
    if not order:
        return order
    highest = max(levels_)
    odd = [lv for lv in levels_ if lv % 2]
    if not odd:
        return order
    lowest_odd = min(odd)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if levels_[order[i]] >= level:
                j = i
                while j < n and levels_[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def _shaped_right_to_left(word: str) -> bool:
    """Whether harfbuzz shaped ``word`` right to left: it guesses the direction from the
    script of the first letter (digits and punctuation have none); glyphs without a code
    point (private use) come from Arabic shaping."""
    for ch in word:
        if _is_private(ch):
            return True
        if ch.isalpha():
            return unicodedata.bidirectional(ch) in ("R", "AL")
    return False


def _words(text: str) -> list[tuple[int, int]]:
    """Start and end of each run of non-space characters."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if ch == " ":
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def visual_order(text: str, rtl: bool, shaped: bool = False) -> list[tuple[int, bool]]:
    """Each character of a line as ``(index into text, draw mirrored)``, in drawing order.

    ``rtl``: the paragraph's base direction. ``shaped``: words with Arabic are harfbuzz
    output, their glyphs already right to left (and brackets in them already mirrored)."""
    logical = list(range(len(text)))
    from_rtl_word = [False] * len(text)
    if shaped:
        for start, end in _words(text):
            if _shaped_right_to_left(text[start:end]):
                logical[start:end] = reversed(logical[start:end])
                for k in range(start, end):
                    from_rtl_word[k] = True
    proxy = []
    for i in logical:
        ch = text[i]
        if from_rtl_word[i]:
            ch = _ALEF if _is_private(ch) else MIRROR.get(ch, ch)
        proxy.append(ch)
    resolved = levels("".join(proxy), rtl)
    out = []
    for pos in _reorder(resolved):
        i = logical[pos]
        odd = resolved[pos] % 2 == 1
        out.append((i, text[i] in MIRROR and odd != from_rtl_word[i]))
    return out


def display(text: str, rtl: bool) -> str:
    """``text`` (in reading order) as drawn left to right: the algorithm's visual string."""
    return "".join(MIRROR[text[i]] if m else text[i] for i, m in visual_order(text, rtl))
