"""Format-neutral text metrics, read from the theme's real TrueType files.

The layout engine must break lines exactly where the PDF renderer (reportlab) will, and the same
layout feeds the PPTX deck, so text is measured here with fontTools only -- never through
reportlab or python-pptx. :class:`FontMetrics` reads advance widths and vertical metrics (cmap,
hmtx, head, hhea, OS/2) so :func:`FontMetrics.width` matches reportlab's ``stringWidth`` (no
kerning, ``.notdef`` advance for missing characters, NBSP measured as a space); tables are kept
in a disk cache by path, modification time and size. :func:`chain` follows a role font with
the theme's fallbacks (Chinese, Arabic shaped with harfbuzz). Font files are found by
:mod:`briefgen.font_files`, whose public names are re-exported here.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import sys
import unicodedata
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from briefgen.font_files import (
    DEJAVU_SANS,
    FontError,
    FontFace,
    FontSpec,
    absent_extras,
    cache_dir,
    known_families,
    missing_extra,
    norm_family,
    resolve,
    write_cache,
)

__all__ = [
    "DEJAVU_SANS",
    "FallbackMetrics",
    "FontError",
    "FontFace",
    "FontMetrics",
    "FontSpec",
    "absent_extras",
    "cache_dir",
    "chain",
    "check_font",
    "has_arabic",
    "is_arabic",
    "is_rtl_text",
    "known_families",
    "missing_extra",
    "resolve",
    "shaped_width",
]


class _Advances(dict[str, int]):
    """char -> advance in font units; a missing char measures as ``.notdef`` like reportlab."""

    __slots__ = ("notdef",)

    def __init__(self, items: dict[str, int], notdef: int) -> None:
        super().__init__(items)
        self.notdef = notdef

    def __missing__(self, key: str) -> int:
        return self.notdef


class FontMetrics:
    """Advance widths and vertical metrics of one TrueType file.

    Read with fontTools (cmap, hmtx, head, hhea, OS/2) the first time a file is seen, then kept
    in the disk cache (:func:`cache_dir`) keyed by the file's path, modification time and size,
    so later processes neither import fontTools nor parse the font.
    """

    __slots__ = (
        "_adv",
        "_scale",
        "_table",
        "ascent",
        "descent",
        "line_gap",
        "path",
        "units_per_em",
    )

    path: Path
    units_per_em: int
    ascent: float  # em fractions
    descent: float  # em fractions, positive
    line_gap: float  # em fractions

    def __init__(self, path: Path, table: _MetricsTable | None = None) -> None:
        self.path = path
        table = table or _read_metrics(path)
        upem = table.units_per_em
        self.units_per_em = upem
        self.ascent = table.ascent / upem
        self.descent = -table.descent / upem
        self.line_gap = table.line_gap / upem
        self._scale = 1.0 / upem
        self._adv: _Advances | None = None
        self._table = table

    @classmethod
    def load(cls, path: Path) -> FontMetrics:
        """Shared instance per file version: fonts are measured thousands of times per build."""
        path = Path(path)
        return _load_metrics(path, _stamp(path))

    def _advances(self) -> _Advances:
        """char -> advance, from the table read at load."""
        if self._adv is None:
            table = self._table
            self._adv = _Advances(dict(zip(table.chars, table.advances, strict=True)), table.notdef)
        return self._adv

    def covers(self, char: str) -> bool:
        """True when the font has a glyph for ``char`` (else the PDF would show a box)."""
        adv = self._adv if self._adv is not None else self._advances()
        return char in adv

    def missing(self, text: str) -> list[str]:
        """Distinct characters of ``text`` the font cannot draw, in first-seen order.

        Whitespace and control characters are skipped: line breaking consumes them, they are
        never drawn.
        """
        adv = self._adv if self._adv is not None else self._advances()
        return [
            ch
            for ch in dict.fromkeys(text)
            if ch not in adv and not ch.isspace() and unicodedata.category(ch) != "Cc"
        ]

    def width(self, text: str, size: float) -> float:
        """Advance width of ``text`` in points at ``size``; same result as reportlab stringWidth."""
        adv = self._adv if self._adv is not None else self._advances()
        return sum(map(adv.__getitem__, text)) * size * self._scale

    def __repr__(self) -> str:
        return f"FontMetrics({str(self.path)!r})"


Stamp = tuple[int, int]
"""A file's modification time (ns) and size: a cached reading is valid while both hold."""


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        raise FontError(f"font file missing: {path}") from None
    return (info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=64)
def _load_metrics(path: Path, stamp: Stamp) -> FontMetrics:
    """In-process cache behind :meth:`FontMetrics.load`, keyed by path and stamp."""
    if not path.is_file():
        raise FontError(f"font file missing: {path}")
    return FontMetrics(path, _read_metrics(path, stamp))


@dataclass(frozen=True)
class _MetricsTable:
    """What measuring needs from a font file, in font units."""

    units_per_em: int
    ascent: int
    descent: int  # negative, as in the font
    line_gap: int
    notdef: int
    chars: str  # every character with a glyph, in code point order
    advances: array[int]  # advance of each character of ``chars``


_METRICS_FORMAT = 1
_METRICS_HEADER = "<6sHiiiiII"  # magic, format, upem, ascent, descent, line gap, notdef, count


def _metrics_cache_file(path: Path, stamp: Stamp) -> Path:
    key = f"briefgen-metrics-v{_METRICS_FORMAT}\0{path.resolve()}\0{stamp[0]}\0{stamp[1]}"
    return cache_dir() / "metrics" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.bin"


def _read_metrics(path: Path, stamp: Stamp | None = None) -> _MetricsTable:
    """The metrics table of ``path``: from the disk cache when the file is unchanged."""
    cached = _metrics_cache_file(path, stamp or _stamp(path))
    table = _unpack_metrics(cached)
    if table is None:
        table = _parse_metrics(path)
        write_cache(cached, _pack_metrics(table))
    return table


def _pack_metrics(table: _MetricsTable) -> bytes:
    head = struct.pack(
        _METRICS_HEADER,
        b"BGMTRX",
        _METRICS_FORMAT,
        table.units_per_em,
        table.ascent,
        table.descent,
        table.line_gap,
        table.notdef,
        len(table.chars),
    )
    codes = array("I", map(ord, table.chars))
    advances = array("I", table.advances)
    if sys.byteorder != "little":
        codes.byteswap()
        advances.byteswap()
    return head + codes.tobytes() + advances.tobytes()


def _unpack_metrics(cached: Path) -> _MetricsTable | None:
    """A cached table, or None when absent or not a table this version wrote."""
    try:
        data = cached.read_bytes()
    except OSError:
        return None
    size = struct.calcsize(_METRICS_HEADER)
    try:
        magic, version, upem, asc, desc, gap, notdef, count = struct.unpack_from(
            _METRICS_HEADER, data
        )
    except struct.error:
        return None
    if magic != b"BGMTRX" or version != _METRICS_FORMAT or len(data) != size + 8 * count:
        return None
    codes, advances = array("I"), array("I")
    codes.frombytes(data[size : size + 4 * count])
    advances.frombytes(data[size + 4 * count :])
    if sys.byteorder != "little":
        codes.byteswap()
        advances.byteswap()
    if upem <= 0 or any(c > 0x10FFFF for c in codes):
        return None
    return _MetricsTable(upem, asc, desc, gap, notdef, "".join(map(chr, codes)), advances)


def _parse_metrics(path: Path) -> _MetricsTable:
    """Read cmap + raw hmtx and the vertical metrics with fontTools (skips glyph names, glyf)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        upem = int(font["head"].unitsPerEm)
        hhea = font["hhea"]
        os2 = font.get("OS/2")
        if os2 is not None and os2.fsSelection & (1 << 7):  # USE_TYPO_METRICS
            asc, desc, gap = os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap
        else:
            asc, desc, gap = hhea.ascent, hhea.descent, hhea.lineGap
        num_glyphs = int(font["maxp"].numGlyphs)
        n_hmetrics = int(hhea.numberOfHMetrics)
        raw = font.reader["hmtx"]
        # Synthetic glyph order: avoids parsing the post table's glyph names (a few ms).
        order = [f"g{i}" for i in range(num_glyphs)]
        font.setGlyphOrder(order)
        cmap = font.getBestCmap() or {}
    pairs = array("H")
    pairs.frombytes(raw[: 4 * n_hmetrics])
    if sys.byteorder == "little":
        pairs.byteswap()
    advances = pairs[0::2]
    last = advances[-1]
    gid_of = {name: i for i, name in enumerate(order)}
    items: dict[str, int] = {}
    for code, glyph in sorted(cmap.items()):
        gid = gid_of.get(glyph, 0)
        if gid:  # like reportlab: glyph 0 or out of range counts as missing
            items[chr(code)] = advances[gid] if gid < n_hmetrics else last
    # reportlab measures NBSP with the space glyph (and vice versa when only NBSP exists).
    if " " in items:
        items["\xa0"] = items[" "]
    elif "\xa0" in items:
        items[" "] = items["\xa0"]
    chars = "".join(sorted(items))
    return _MetricsTable(
        upem,
        int(asc),
        int(desc),
        int(gap),
        advances[0],
        chars,
        array("I", (items[c] for c in chars)),
    )


class FallbackMetrics(FontMetrics):
    """A role font followed by fallback fonts: each character is measured in the first that has it.

    Vertical metrics are the role font's. Text the role font covers entirely (every Latin or
    Cyrillic briefing) is measured exactly as by the role font alone, on the same fast path; only
    text with a character it lacks builds and uses the merged table (fallback advances scaled to
    the role font's units).
    """

    __slots__ = ("_fallbacks", "_merged", "_plain", "_shaped", "primary", "specs")

    primary: FontMetrics
    specs: tuple[FontSpec, ...]

    def __init__(self, primary: FontMetrics, specs: tuple[FontSpec, ...]) -> None:
        # No FontMetrics.__init__: the vertical metrics are copied from the role font.
        self.primary = primary
        self.specs = specs
        self._fallbacks: tuple[FontMetrics, ...] | None = None
        self.path = primary.path
        self.units_per_em = primary.units_per_em
        self.ascent = primary.ascent
        self.descent = primary.descent
        self.line_gap = primary.line_gap
        self._scale = primary._scale
        self._adv = None
        self._plain: dict[str, int] | None = None
        self._merged: _Advances | None = None
        self._shaped: dict[tuple[int, str], float] = {}

    @property
    def fallbacks(self) -> tuple[FontMetrics, ...]:
        """The fallback fonts' metrics, resolved (and instanced) on first need only."""
        if self._fallbacks is None:
            self._fallbacks = tuple(FontMetrics.load(resolve(s).path) for s in self.specs)
        return self._fallbacks

    def faces(self) -> tuple[FontFace, ...]:
        """The fallback faces (index i-1 for :meth:`font_index` i)."""
        return tuple(resolve(s) for s in self.specs)

    def _advances(self) -> _Advances:
        """Role font advances, then each fallback's for characters not yet covered (scaled)."""
        if self._merged is None:
            base = self.primary._adv if self.primary._adv is not None else self.primary._advances()
            items: dict[str, float] = dict(base)
            for fb in self.fallbacks:
                adv = fb._adv if fb._adv is not None else fb._advances()
                ratio = self.units_per_em / fb.units_per_em
                for ch, value in adv.items():
                    if ch not in items:
                        items[ch] = value * ratio
            self._merged = _Advances(items, base.notdef)  # type: ignore[arg-type]
        self._adv = self._merged
        return self._merged

    def _plain_table(self) -> dict[str, int]:
        """Role font advances for what the role font draws itself (no Arabic: see font_index)."""
        plain = self._plain
        if plain is None:
            base = self.primary._adv if self.primary._adv is not None else self.primary._advances()
            plain = dict(base)
            for ch in ARABIC_CHARS.intersection(plain):  # one set operation, not a test per key
                del plain[ch]
            self._plain = plain
        return plain

    def width(self, text: str, size: float) -> float:
        """Like :meth:`FontMetrics.width`; characters the role font lacks use a fallback's.

        Arabic is measured shaped (harfbuzz, with the font that draws it): its letters take
        contextual forms whose advances differ from the isolated ones.
        """
        plain = self._plain if self._plain is not None else self._plain_table()
        try:
            return sum(map(plain.__getitem__, text)) * size * self._scale
        except KeyError:
            if not self._foreign(text):  # only spaces, controls or role-font Arabic
                return self.primary.width(text, size)
            if has_arabic(text):
                return sum(self._run_width(i, run) for i, run in self.runs(text)) * size
            adv = self._merged if self._merged is not None else self._advances()
            return sum(map(adv.__getitem__, text)) * size * self._scale

    def _run_width(self, index: int, run: str) -> float:
        """Width of one run at size 1: shaped when it has Arabic, else summed advances."""
        key = (index, run)
        cached = self._shaped.get(key)
        if cached is None:
            font = self.fallbacks[index - 1] if index else self.primary
            if index and has_arabic(run):
                cached = shaped_width(font.path, run) / font.units_per_em
            else:
                adv = self._merged if self._merged is not None else self._advances()
                cached = sum(map(adv.__getitem__, run)) * self._scale
            self._shaped[key] = cached
        return cached

    def _foreign(self, text: str) -> bool:
        """True when a character of ``text`` is drawn by a fallback font."""
        plain = self._plain if self._plain is not None else self._plain_table()
        extra = "".join(set(text) - plain.keys())
        # Spaces and controls are never drawn, so they never read the fallback fonts.
        candidates = [c for c in extra if is_arabic(c)] + self.primary.missing(extra)
        return any(self.font_index(c) > 0 for c in candidates)

    def covers(self, char: str) -> bool:
        return self.font_index(char) >= 0

    def missing(self, text: str) -> list[str]:
        """Characters no font of the chain has (the fallbacks are read only when needed)."""
        return [ch for ch in self.primary.missing(text) if self.font_index(ch) < 0]

    def font_index(self, char: str) -> int:
        """0 for the role font, i for the i-th fallback (from 1), -1 when none has ``char``.

        Arabic letters go to the first fallback that has them even when the role font has them
        too: a Latin font's Arabic is often minimal (DejaVu Sans has no italic Arabic), and one
        font for all Arabic keeps bold, italic and regular text alike.
        """
        if is_arabic(char):
            for i, fb in enumerate(self.fallbacks, start=1):
                if fb.covers(char):
                    return i
        if self.primary.covers(char):
            return 0
        for i, fb in enumerate(self.fallbacks, start=1):
            if fb.covers(char):
                return i
        return -1

    def runs(self, text: str) -> list[tuple[int, str]]:
        """``text`` cut into runs drawn by one font each: (font_index, text); spaces and
        characters no font has stay with the run they are in (the role font's when alone).

        A word with Arabic letters is one run in the Arabic font (its punctuation too, when that
        font has it), so it is shaped as a whole and never mixes fonts within a word.
        """
        out: list[tuple[int, str]] = []
        for token in _TOKENS(text):
            whole = -1
            if has_arabic(token) and not token.isspace():
                idx = next(self.font_index(c) for c in token if is_arabic(c))
                if idx > 0 and all(self.fallbacks[idx - 1].covers(c) for c in token):
                    whole = idx
            for ch in token:
                idx = whole if whole >= 0 else self.font_index(ch)
                if idx <= 0 and (ch.isspace() or idx < 0) and out:
                    idx = out[-1][0]
                idx = max(idx, 0)
                if out and out[-1][0] == idx:
                    out[-1] = (idx, out[-1][1] + ch)
                else:
                    out.append((idx, ch))
        return out

    def needs_fallback(self, text: str) -> bool:
        """True when some character of ``text`` is drawn by a fallback font."""
        plain = self._plain if self._plain is not None else self._plain_table()
        if plain.keys() >= set(text):
            return False
        return self._foreign(text)

    def __repr__(self) -> str:
        return f"FallbackMetrics({self.primary!r}, {self.fallbacks!r})"


# Arabic script blocks: Arabic, Supplement, Extended-B/A, Presentation Forms-A and -B.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_has_arabic = re.compile(f"[{_ARABIC}]").search
_ARABIC_BLOCKS = (
    (0x600, 0x6FF),
    (0x750, 0x77F),
    (0x870, 0x8FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
ARABIC_CHARS = frozenset(chr(c) for first, last in _ARABIC_BLOCKS for c in range(first, last + 1))
"""Every character of the blocks above (:func:`is_arabic`), for set operations."""
_TOKENS = re.compile(r"\s+|\S+").findall


def is_arabic(char: str) -> bool:
    """True for a character of the Arabic script (set right to left, shaped)."""
    return "\u0600" <= char <= "\ufeff" and _has_arabic(char) is not None


def has_arabic(text: str) -> bool:
    """True when ``text`` has an Arabic character."""
    return not text.isascii() and _has_arabic(text) is not None


def is_rtl_text(text: str) -> bool:
    """True for a right-to-left paragraph: its first strong letter is right to left (rules
    P2-P3 of the Unicode bidirectional algorithm), so an Arabic sentence that quotes a Latin
    name stays right to left and an English one that quotes Arabic stays left to right."""
    if not has_arabic(text):
        return False
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return False
        if kind in ("R", "AL"):
            return True
    return False


# The OpenType features reportlab asks harfbuzz for when it shapes (ttfonts.shapeFragWord).
SHAPING_FEATURES = {"kern": True, "liga": True, "dlig": True}


@functools.lru_cache(maxsize=8)
def _hb_font(path: Path) -> Any:
    import uharfbuzz

    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(path.read_bytes())))


def shaped_width(path: Path, text: str) -> float:
    """Advance width of ``text`` shaped by harfbuzz with the font at ``path``, in font units."""
    import uharfbuzz

    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    uharfbuzz.shape(_hb_font(path), buf, SHAPING_FEATURES)
    return float(sum(pos.x_advance for pos in buf.glyph_positions))


@functools.lru_cache(maxsize=256)
def _real(path: Path) -> Path:
    return path.resolve()


def _passed_file(path: Path, stamp: Stamp) -> Path:
    """The disk cache's mark that ``path`` (as of ``stamp``) passed :func:`check_font`."""
    key = f"briefgen-font-check-v1\0{_real(path)}\0{stamp[0]}\0{stamp[1]}"
    return cache_dir() / "checked" / hashlib.sha256(key.encode()).hexdigest()[:24]


def check_font(spec: FontSpec, *, open_family: bool = True) -> str | None:
    """Why a theme's font cannot be used (None when it can): resolved, opened, measured.

    For ``validate``: a file that is not a font, an OpenType/CFF font or an unknown family
    becomes a message here instead of an internal error later. With ``open_family=False`` a
    family from a font package is only looked up (fallbacks are opened when text needs them).
    """
    if spec.file is None and not open_family:
        known = known_families()
        if norm_family(spec.family) in {norm_family(k) for k in known}:
            return None
        return (
            f"unknown font family {spec.family!r}; known families: {', '.join(known) or 'none'}"
            " (install more with: pip install fontpkg-<name>, or set an explicit .ttf file)"
        )
    try:
        face = resolve(spec)
        FontMetrics.load(face.path)  # head, hhea, OS/2: what every measurement needs
        passed = _passed_file(face.path, _stamp(face.path))
        if passed.is_file():  # checked before, unchanged since: no fontTools import
            return None
        from fontTools.ttLib import TTFont

        with TTFont(face.path, lazy=True) as font:
            absent = [t for t in ("cmap", "hmtx", "maxp", "glyf", "loca") if t not in font]
        if absent:
            return f"font {face.path.name!r} lacks the tables {', '.join(absent)}"
        write_cache(passed, b"")
    except FontError as err:
        return str(err)
    except Exception as err:  # a damaged file fails in many ways inside fontTools
        return f"cannot read font {spec.file or spec.family!s}: {type(err).__name__}: {err}"
    return None


def chain(spec: FontSpec, fallbacks: tuple[FontSpec, ...]) -> FontMetrics:
    """Metrics of a role font, followed by ``fallbacks`` (resolved only when text needs them).

    A fallback from an optional extra that is not installed is left out: text that needs it
    is then reported by the coverage check, which names the extra.
    """
    primary = FontMetrics.load(resolve(spec).path)
    fallbacks = tuple(f for f in fallbacks if missing_extra(f) is None)
    return _chain(primary, fallbacks) if fallbacks else primary


@functools.lru_cache(maxsize=64)
def _chain(primary: FontMetrics, fallbacks: tuple[FontSpec, ...]) -> FallbackMetrics:
    """Shared per (role font, fallbacks): the merged table is built once per process."""
    return FallbackMetrics(primary, fallbacks)
