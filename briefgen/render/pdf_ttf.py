"""reportlab TrueType fonts whose parsed tables come from a disk cache.

reportlab parses a whole TrueType file (names, cmap, widths, glyph offsets) each time a
process registers it: tens of milliseconds per face, most of a small build. What that parse
yields depends only on the file, so it is kept in the font cache (:func:`fonts.cache_dir`),
keyed by the file's path, modification time and size and by reportlab's version; an edited or
replaced font is parsed again. The file's bytes are still read from the font itself (subsets
are cut from them when the PDF is saved). The cache holds plain data and is read with an
unpickler that refuses every class but reportlab's name strings.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from array import array
from fnmatch import fnmatch
from itertools import accumulate
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, ttfonts

from briefgen import fonts

__all__ = ["TTFont", "cached_face"]

_FORMAT = 2
_PACKED = "briefgen packed tables"
_NOT_CACHED = ("_ttf_data", "filename", "_pdfScale", "_subsets")  # bytes, name, a closure, subsets
_SUBSETS_KEPT = 64  # subsets kept per face


class _Unpacked:
    """A cached table kept packed until first read: reportlab reads a face's glyph-to-
    characters table only to shape text (Arabic), and unpacking it (a list per glyph) was
    most of loading a face. Once read, it is a plain attribute of the face."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, face: Any, owner: type | None = None) -> Any:
        if face is None:
            return self
        packed = face.__dict__.pop(_PACKED_PREFIX + self.name, None)
        if packed is None:
            raise AttributeError(self.name)
        value = _unpack_lists(*packed)
        face.__dict__[self.name] = value
        return value


_PACKED_PREFIX = "_briefgen_packed_"
_LAZY = ("glyphToChar",)


class _Face(ttfonts.TTFontFace):
    """A TTFontFace that takes what ``extractInfo`` would compute from the cache when it can."""

    glyphToChar = _Unpacked("glyphToChar")  # a face parsed here sets it as a plain attribute

    def __init__(self, filename: str, cache: Path | None) -> None:
        self._cache = cache
        super().__init__(filename)

    def extractInfo(self, charInfo: int = 1) -> None:
        cache: Path | None = self.__dict__.pop("_cache", None)
        state = _read(cache) if cache is not None else None
        if state is not None:
            self.__dict__.update(state)
            self._pdfScale = _pdf_scale(self.unitsPerEm)
            return
        super().extractInfo(charInfo)
        if cache is not None:
            keep = {k: v for k, v in self.__dict__.items() if k not in _NOT_CACHED}
            fonts.write_cache(cache, pickle.dumps(_pack(keep), protocol=pickle.HIGHEST_PROTOCOL))

    def makeSubset(self, subset: list[int]) -> bytes:
        """reportlab's subset of these characters, kept for the life of the face: a
        long-running process (watch) cuts each subset once while its text keeps its letters."""
        memo: dict[tuple[int, ...], bytes] = self.__dict__.setdefault("_subsets", {})
        key = tuple(subset)
        made = memo.get(key)
        if made is None:
            made = super().makeSubset(subset)
            if len(memo) >= _SUBSETS_KEPT:
                memo.clear()
            memo[key] = made
        return made

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:
        """reportlab's font file and descriptor; the font file compressed through
        :data:`KEPT_FLATE`, so a kept subset is also compressed once."""
        made = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")
        if stream is not None and stream.filters == [pdfdoc.PDFZCompress]:
            stream.filters = [KEPT_FLATE]
        return made


class _KeptFlate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter, keeping the compressed form of the last contents it saw (a
    kept font subset is the same bytes object build after build, its hash cached)."""

    def __init__(self) -> None:
        self._kept: dict[bytes, bytes] = {}

    def encode(self, text: Any) -> Any:
        if not isinstance(text, bytes):
            return super().encode(text)
        made = self._kept.get(text)
        if made is None:
            made = super().encode(text)
            if len(self._kept) >= _SUBSETS_KEPT:
                self._kept.clear()
            self._kept[text] = made
        return made


KEPT_FLATE = _KeptFlate()


def _ints(values: Any) -> bool:
    return all(type(v) is int for v in values)


def _pack(state: dict[str, Any]) -> dict[str, Any]:
    """The state with its large int-keyed tables as arrays (ten times faster to load)."""
    out: dict[str, Any] = {}
    packed: dict[str, tuple[Any, ...]] = {}
    for name, value in state.items():
        if type(value) is dict and value and _ints(value):
            keys = array("q", value).tobytes()
            vals = list(value.values())
            if _ints(vals):
                packed[name] = ("ints", keys, array("q", vals).tobytes())
                continue
            if all(type(v) is float for v in vals):
                packed[name] = ("floats", keys, array("d", vals).tobytes())
                continue
            if all(type(v) is list and _ints(v) for v in vals):
                lengths = array("q", map(len, vals)).tobytes()
                flat = array("q", [x for v in vals for x in v]).tobytes()
                packed[name] = ("lists", keys, lengths, flat)
                continue
        elif type(value) is list and value and _ints(value):
            packed[name] = ("list", array("q", value).tobytes())
            continue
        elif (
            type(value) is list
            and value
            and all(type(v) is tuple and len(v) == 2 and _ints(v) for v in value)
        ):
            firsts = array("q", [v[0] for v in value]).tobytes()
            packed[name] = ("pairs", firsts, array("q", [v[1] for v in value]).tobytes())
            continue
        out[name] = value
    out[_PACKED] = packed
    return out


def _unpack(state: dict[str, Any]) -> dict[str, Any]:
    """Inverse of :func:`_pack`: the same values, types and orders."""

    def ints(data: bytes) -> array[int]:
        out = array("q")
        out.frombytes(data)
        return out

    packed = state.pop(_PACKED)
    for name, (kind, *parts) in packed.items():
        if kind == "list":
            state[name] = ints(parts[0]).tolist()
        elif kind == "pairs":
            state[name] = list(zip(ints(parts[0]), ints(parts[1]), strict=True))
        elif kind == "ints":
            state[name] = dict(zip(ints(parts[0]), ints(parts[1]), strict=True))
        elif kind == "floats":
            floats = array("d")
            floats.frombytes(parts[1])
            state[name] = dict(zip(ints(parts[0]), floats, strict=True))
        elif kind == "lists" and name in _LAZY:  # unpacked when first read (_Unpacked)
            state[_PACKED_PREFIX + name] = tuple(parts)
        elif kind == "lists":
            state[name] = _unpack_lists(*parts)
        else:
            raise ValueError(f"unknown packing {kind!r}")
    return state


def _unpack_lists(keys: bytes, lengths: bytes, flat: bytes) -> dict[int, list[int]]:
    """A packed int -> list of ints table (see :func:`_pack`)."""

    def ints(data: bytes) -> array[int]:
        out = array("q")
        out.frombytes(data)
        return out

    values, counts = ints(flat).tolist(), ints(lengths)
    if counts.count(1) == len(counts):  # one character per glyph: the usual case
        lists = [[x] for x in values]
    else:
        ends = list(accumulate(counts))
        lists = [values[i:j] for i, j in zip([0, *ends], ends, strict=False)]
    return dict(zip(ints(keys), lists, strict=True))


def _pdf_scale(units_per_em: int) -> Any:
    """The same font-units-to-thousandths scaling ``extractInfo`` sets up."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("reportlab.pdfbase.ttfonts", "TTFNameBytes"):
            return ttfonts.TTFNameBytes
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a font cache")


def _read(cache: Path) -> dict[str, Any] | None:
    try:
        data = cache.read_bytes()
        state = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # absent, unreadable or foreign: parse the font instead
        return None
    if not isinstance(state, dict) or not isinstance(state.get(_PACKED), dict):
        return None
    try:
        state = _unpack(state)
    except (TypeError, ValueError):
        return None
    return state if "charWidths" in state else None


def _cache_file(path: Path) -> Path | None:
    try:
        info = path.stat()
    except OSError:
        return None
    key = (
        f"briefgen-reportlab-v{_FORMAT}\0{reportlab.Version}\0{path.resolve()}"
        f"\0{info.st_mtime_ns}\0{info.st_size}"
    )
    return fonts.cache_dir() / "reportlab" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.pkl"


def cached_face(filename: str) -> ttfonts.TTFontFace:
    """reportlab's parsed face of a TrueType file, from the cache when the file is unchanged."""
    return _Face(filename, _cache_file(Path(filename)))


class TTFont(ttfonts.TTFont):
    """reportlab's ``TTFont`` with its face from :func:`cached_face`; same signature."""

    def __init__(
        self,
        name: str,
        filename: str,
        validate: int = 0,
        subfontIndex: int = 0,
        asciiReadable: bool | None = None,
        shapable: bool = True,
    ) -> None:
        if validate or subfontIndex:  # not what briefgen asks for: reportlab's own path
            super().__init__(name, filename, validate, subfontIndex, asciiReadable, shapable)
            return
        # What ttfonts.TTFont.__init__ does, with the face taken from the cache.
        self.fontName = name
        self.face = cached_face(filename)
        self.encoding = ttfonts.TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        if asciiReadable is None:
            asciiReadable = rl_config.ttfAsciiReadable
        self._asciiReadable = asciiReadable
        self.shapable = shapable and not any(fnmatch(name, g) for g in rl_config.unShapedFontGlob)

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:
        """reportlab's split of ``text`` into (subset, bytes) runs; text whose characters all
        have a code in the first subset already (nearly all text after a document's first
        pages) is encoded in one step from the codes learnt from reportlab's own split."""
        state = self.state.get(doc) if isinstance(text, str) else None
        codes = getattr(state, _CODES, None)
        if codes is not None and codes[1].issuperset(text):
            return [(0, text.translate(codes[0]).encode("latin-1"))] if text else []
        runs = super().splitString(text, doc, encoding)
        if isinstance(text, str):
            _learn(self, self.state[doc], text)
        return runs

    def addObjects(self, doc: Any) -> None:
        """reportlab's font objects, with each subset's widths array formatted once and its
        ToUnicode map compressed once per process (kept by content): a long-running process
        (watch) formats the same numbers again and again otherwise."""
        names = {self.getSubsetInternalName(n, doc)[1:] for n in range(_subsets(self, doc))}
        super().addObjects(doc)
        fonts_dict = doc.idToObject["BasicFonts"].dict
        for name in names:
            font = fonts_dict.get(name)
            if font is None:
                continue
            widths = getattr(font, "Widths", None)
            if isinstance(widths, pdfdoc.PDFArray) and not isinstance(widths, _KeptArray):
                font.Widths = _KeptArray(widths.sequence)
            cmap = doc.idToObject.get(f"toUnicodeCMap:{font.BaseFont}")
            if cmap is not None and cmap.filters == [pdfdoc.PDFZCompress]:
                cmap.filters = [KEPT_FLATE]


_CODES = "_briefgen_codes"  # on a font's per-document state: (translation table, characters)


def _learn(font: ttfonts.TTFont, state: Any, text: str) -> None:
    """Remember the first-subset code of each character of ``text`` (just split by reportlab,
    so each has its code: assigned, or 0 when the font lacks it; no-break space as space)."""
    codes: tuple[dict[int, int], set[str]] | None = getattr(state, _CODES, None)
    if codes is None:
        codes = ({}, set())
        setattr(state, _CODES, codes)
    table, known = codes
    assignments, glyphs = state.assignments, font.face.charToGlyph
    for char in set(text).difference(known):
        code = ord(char)
        code = 32 if code == 0xA0 else code
        n = assignments.get(code, 0 if code not in glyphs else None)
        if n is not None and n < 256:
            table[ord(char)] = n
            known.add(char)


def _subsets(font: ttfonts.TTFont, doc: Any) -> int:
    state = font.state.get(doc)
    return len(state.subsets) if state is not None else 0


class _KeptArray(pdfdoc.PDFArray):
    """A PDFArray of numbers whose formatted bytes are kept by its numbers (they do not
    depend on the document)."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        key = (tuple(self.sequence), self.multiline, IND)
        made = _FORMATTED.get(key)
        if made is None:
            made = super().format(document, IND)
            if len(_FORMATTED) >= _SUBSETS_KEPT * 8:
                _FORMATTED.clear()
            _FORMATTED[key] = made
        return made


_FORMATTED: dict[tuple[Any, ...], bytes] = {}
