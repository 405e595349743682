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
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts

from briefgen import fonts

__all__ = ["TTFont", "cached_face"]

_FORMAT = 1
_NOT_CACHED = ("_ttf_data", "filename", "_pdfScale")  # the file's bytes, its name, a closure


class _Face(ttfonts.TTFontFace):
    """A TTFontFace that takes what ``extractInfo`` would compute from the cache when it can."""

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
            fonts._write_cache(cache, pickle.dumps(keep, protocol=pickle.HIGHEST_PROTOCOL))


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
    return state if isinstance(state, dict) and "charWidths" in state else None


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
