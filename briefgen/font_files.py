"""Font files: what a theme names (:class:`FontSpec`) resolved to a static TrueType file.

DejaVu Sans ships with briefgen; other families come from ``fontpkg-*`` packages, which ship
*variable* fonts. reportlab only draws a variable font's default instance, so other weights
are instanced once with ``fontTools.varLib.instancer`` and cached on disk (keyed by the
source file's path, modification time and size). :func:`check_font` opens a theme's choice
for ``validate``; optional extras (``briefgen[cjk]``) are named when their fonts are absent.
Measuring lives in :mod:`briefgen.fonts`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

__all__ = [
    "FontError",
    "FontFace",
    "FontSpec",
    "absent_extras",
    "cache_dir",
    "known_families",
    "missing_extra",
    "norm_family",
    "resolve",
]

DEJAVU_SANS = "DejaVu Sans"
BOLD_THRESHOLD = 600  # weights at or above this count as bold (CSS/OpenType convention)

# Bump when the instancing or naming logic changes so stale cached instances are not reused.
_INSTANCE_FORMAT = 2

_WEIGHT_NAMES = {
    100: "Thin",
    200: "ExtraLight",
    300: "Light",
    400: "Regular",
    500: "Medium",
    600: "SemiBold",
    700: "Bold",
    800: "ExtraBold",
    900: "Black",
}

_DEJAVU_FILES = {
    (False, False): "DejaVuSans",
    (True, False): "DejaVuSans-Bold",
    (False, True): "DejaVuSans-Oblique",
    (True, True): "DejaVuSans-BoldOblique",
}


@dataclass(frozen=True)
class FontSpec:
    """What a theme names; hashable so :func:`resolve` can be memoised."""

    family: str  # "DejaVu Sans" or any fontpkg family; ignored when ``file`` is set
    weight: int = 400
    italic: bool = False
    file: Path | None = None  # explicit .ttf, already absolute


@dataclass(frozen=True)
class FontFace:
    """A concrete static TrueType file plus the names the renderers need."""

    name: str  # unique, stable PostScript-like name to register/embed (e.g. "NotoSans-Bold")
    family: str  # family name to write in a pptx (e.g. "Noto Sans")
    path: Path  # static TrueType (glyf) file
    bold: bool
    italic: bool


class FontError(Exception):
    """A theme names a font that cannot be used; the message is one line, fit for the user."""


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------


def norm_family(name: str) -> str:
    """Match family names loosely: "Noto Sans", "noto-sans" and "NotoSans" are the same."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


def _dejavu_dir() -> Path | None:
    """The DejaVu Sans files shipped with briefgen (``briefgen/fontfiles/dejavu``: the four
    static TrueType files of DejaVu Sans 2.35 and their licence, 2.7 MB), so no 118 MB
    dependency is installed for four font files."""
    folder = Path(__file__).resolve().parent / "fontfiles" / "dejavu"
    return folder if (folder / "DejaVuSans.ttf").is_file() else None


@functools.lru_cache(maxsize=1)
def _fontpkg_families() -> dict[str, Any]:
    """Installed fontpkg families keyed by normalised name and slug (empty without fontpkg)."""
    try:
        import fontpkg
    except ImportError:
        return {}
    out: dict[str, Any] = {}
    for slug, fam in fontpkg.families().items():
        out[norm_family(fam.name)] = fam
        out[norm_family(slug)] = fam
    return out


@functools.lru_cache(maxsize=1)
def _pack_families() -> dict[str, tuple[str, Path]]:
    """Variable TrueType families shipped by installed ``justmytype-intl-*`` font packs.

    Those packs (e.g. justmytype-intl-cjk: Noto Sans SC/TC/JP/KR) carry Google Fonts' variable
    ``.ttf`` files and a ``pack_manifest.json`` naming each file's family. Found without
    importing the packs; keyed by normalised family name -> (family, file).
    """
    import json  # only here: a build whose fonts are all found elsewhere never needs it

    out: dict[str, tuple[str, Path]] = {}
    for module in _PACKS:
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for loc in spec.submodule_search_locations:
            folder = Path(loc) / "fonts"
            manifest = folder / "pack_manifest.json"
            try:
                entries = json.loads(manifest.read_text(encoding="utf-8")).get("fonts", [])
            except (OSError, ValueError):
                continue
            for entry in entries:
                family, rel = entry.get("family"), entry.get("path")
                if not family or not rel or entry.get("style", "normal") != "normal":
                    continue
                path = folder / rel
                if path.suffix.lower() == ".ttf" and path.is_file():
                    out.setdefault(norm_family(family), (family, path))
    return out


_PACKS = ("justmytype_intl_cjk",)
"""Font packs searched for families (module names); each ships loose variable .ttf files."""


def known_families() -> list[str]:
    """Families a theme may name without an explicit file, for error messages and docs."""
    return list(_known_families())


@functools.lru_cache(maxsize=1)
def _known_families() -> tuple[str, ...]:
    """:func:`known_families`, once per process: installed packages and the shipped files."""
    names = {fam.name for fam in _fontpkg_families().values()}
    names.update(family for family, _ in _pack_families().values())
    if _dejavu_dir() is not None:
        names.add(DEJAVU_SANS)
    return tuple(sorted(names, key=str.casefold))


def resolve(spec: FontSpec) -> FontFace:
    """Map a theme's font to a static TrueType file (instancing variable fonts, cached).

    Memoised per process by the spec and, for an explicit file, that file's modification time
    and size: an edited font is resolved again.
    """
    stamp = None
    if spec.file is not None:
        try:
            info = Path(spec.file).stat()
            stamp = (info.st_mtime_ns, info.st_size)
        except OSError:
            pass  # _resolve says the file is missing
    return _resolve(spec, stamp)


@functools.lru_cache(maxsize=256)
def _resolve(spec: FontSpec, stamp: tuple[int, int] | None) -> FontFace:
    """:func:`resolve`, memoised by (spec, file stamp)."""
    if not isinstance(spec.weight, int) or not 1 <= spec.weight <= 1000:
        raise FontError(f"font weight must be an integer 1-1000, got {spec.weight!r}")
    if spec.file is not None:
        return _face_for_file(Path(spec.file), None, spec.weight, spec.italic)
    if norm_family(spec.family) == norm_family(DEJAVU_SANS):
        return _resolve_dejavu(spec)
    fam = _fontpkg_families().get(norm_family(spec.family))
    if fam is None and norm_family(spec.family) in _pack_families():
        family, path = _pack_families()[norm_family(spec.family)]
        return _face_for_file(path, family, spec.weight, spec.italic)
    if fam is None:
        known = ", ".join(known_families()) or "none"
        raise FontError(
            f"unknown font family {spec.family!r}; known families: {known} "
            "(install more with: pip install fontpkg-<name>, or set an explicit .ttf file)"
        )
    import fontpkg

    style = "italic" if spec.italic else "normal"
    try:
        chosen = fontpkg.select_file(fam, spec.weight, style, nearest=True)
    except fontpkg.FontpkgError as err:
        raise FontError(f"font family {fam.name!r}: {err}") from None
    return _face_for_file(chosen.path, fam.name, spec.weight, spec.italic)


resolve.cache_clear = _resolve.cache_clear  # type: ignore[attr-defined]


def _resolve_dejavu(spec: FontSpec) -> FontFace:
    """DejaVu Sans has four static files; weight only picks regular or bold."""
    folder = _dejavu_dir()
    if folder is None:
        raise FontError("font family 'DejaVu Sans' is missing from this briefgen installation")
    bold = spec.weight >= BOLD_THRESHOLD
    stem = _DEJAVU_FILES[(bold, spec.italic)]
    path = folder / f"{stem}.ttf"
    if not path.is_file():
        raise FontError(f"font file missing: {path}")
    return FontFace(name=stem, family=DEJAVU_SANS, path=path, bold=bold, italic=spec.italic)


def _check_truetype(path: Path) -> None:
    """Reject what reportlab cannot embed, with a message that says why."""
    if not path.is_file():
        raise FontError(f"font file missing: {path}")
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"OTTO":
        raise FontError(
            f"{path} is not a TrueType-outline font (it has CFF/PostScript outlines, like most "
            ".otf files); use a .ttf with glyf outlines"
        )
    if magic == b"ttcf":
        raise FontError(f"{path} is a font collection (.ttc); use a single-font .ttf")
    if magic in (b"wOFF", b"wOF2"):
        raise FontError(f"{path} is a WOFF web font; use the .ttf it was made from")
    if magic not in (b"\x00\x01\x00\x00", b"true"):
        raise FontError(f"{path} is not a TrueType font file")


def _face_for_file(path: Path, family: str | None, weight: int, italic: bool) -> FontFace:
    """Use a static TrueType file as is; instance a variable one at the requested weight.

    The answer is kept in the disk cache (:func:`cache_dir`) by the file's path, modification
    time and size, with the stamp of the file it names, so a later process needs neither
    fontTools nor the font; a changed file on either side is resolved again.
    """
    _check_truetype(path)
    record = _face_record(path, family, weight, italic)
    face = _read_face(record)
    if face is None:
        face = _open_face(path, family, weight, italic)
        _write_face(record, face)
    return face


_FACE_FORMAT = 1


def _stamp_of(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_mtime_ns, info.st_size]


def _face_record(path: Path, family: str | None, weight: int, italic: bool) -> Path:
    key = f"briefgen-face-v{_FACE_FORMAT}\0{path.resolve()}\0{_stamp_of(path)}"
    key += f"\0{family}\0{weight}\0{italic}"
    return cache_dir() / "faces" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"


def _read_face(record: Path) -> FontFace | None:
    """A face from the disk cache, or None when absent, malformed or its file has changed."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        face = FontFace(
            name=str(data["name"]),
            family=str(data["family"]),
            path=Path(str(data["path"])),
            bold=bool(data["bold"]),
            italic=bool(data["italic"]),
        )
        if data["stamp"] != _stamp_of(face.path):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return face


def _write_face(record: Path, face: FontFace) -> None:
    """Keep a face in the disk cache; a cache that cannot be written is only slower."""
    data = {
        "name": face.name,
        "family": face.family,
        "path": str(face.path),
        "bold": face.bold,
        "italic": face.italic,
        "stamp": _stamp_of(face.path),
    }
    write_cache(record, json.dumps(data).encode("utf-8"))


def _open_face(path: Path, family: str | None, weight: int, italic: bool) -> FontFace:
    """:func:`_face_for_file` without the cache: fontTools reads the file."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(path, lazy=True) as font:
            if "glyf" not in font:
                raise FontError(f"{path} is not a TrueType-outline font (no glyf table)")
            family = family or _family_name(font, path)
            if "fvar" not in font:
                return _static_face(font, path, family)
            axes = _pin_axes(font, weight, italic)
            keep_gpos = _is_arabic_font(font)
    except (TTLibError, OSError, ValueError) as err:
        raise FontError(f"cannot read font {path}: {err}") from None
    wght = round(axes.get("wght", weight))
    ps_name = _instance_ps_name(family, wght, italic)
    out = _cached_instance(path, axes, family, ps_name, wght, italic, keep_gpos)
    return FontFace(
        name=ps_name, family=family, path=out, bold=wght >= BOLD_THRESHOLD, italic=italic
    )


def _is_arabic_font(font: TTFont) -> bool:
    """True for a font with Arabic shaping rules: its instances keep GPOS (mark positioning)."""
    gsub = font.get("GSUB")
    script_list = getattr(getattr(gsub, "table", None), "ScriptList", None)
    records = getattr(script_list, "ScriptRecord", None) or []
    return any(r.ScriptTag == "arab" for r in records)


def _family_name(font: TTFont, path: Path) -> str:
    """Typographic family name (ID 16, else ID 1), falling back to the file name."""
    name = font.get("name")
    fam = name.getBestFamilyName() if name is not None else None
    return fam or path.stem.split("-")[0].split("[")[0]


def _static_face(font: TTFont, path: Path, family: str) -> FontFace:
    """A static file describes itself: bold/italic come from its OS/2 and head flags."""
    ps = font["name"].getDebugName(6) if "name" in font else None
    ps = _ps_safe(ps or path.stem)
    os2 = font.get("OS/2")
    mac_style = font["head"].macStyle
    bold = bool(mac_style & 1) or (os2 is not None and os2.usWeightClass >= BOLD_THRESHOLD)
    italic = bool(mac_style & 2) or (os2 is not None and bool(os2.fsSelection & 1))
    return FontFace(name=ps, family=family, path=path, bold=bold, italic=italic)


def _ps_safe(name: str) -> str:
    """PostScript names are printable ASCII without spaces or PDF delimiters."""
    return re.sub(r"[^A-Za-z0-9._\-+]", "", name) or "Font"


def _style_name(weight: int, italic: bool) -> str:
    """Subfamily part of instance names, e.g. 'Bold Italic', 'Regular', 'W450 Italic'."""
    wname = _WEIGHT_NAMES.get(weight, f"W{weight}")
    if italic:
        return "Italic" if wname == "Regular" else f"{wname} Italic"
    return wname


def _instance_ps_name(family: str, weight: int, italic: bool) -> str:
    """Distinct PostScript name per instance so PDFs embed each weight under its own name."""
    return f"{_ps_safe(family)}-{_style_name(weight, italic).replace(' ', '')}"


def _pin_axes(font: TTFont, weight: int, italic: bool) -> dict[str, float]:
    """Pin every axis (wght to the clamped weight, wdth 100, ital by style, others default)."""
    axes: dict[str, float] = {}
    for axis in font["fvar"].axes:
        lo, default, hi = axis.minValue, axis.defaultValue, axis.maxValue
        want = {"wght": float(weight), "wdth": 100.0}.get(axis.axisTag, default)
        if axis.axisTag == "ital":
            want = 1.0 if italic else 0.0
        axes[axis.axisTag] = min(max(want, lo), hi)
    return axes


def cache_dir() -> Path:
    """Where instanced fonts live: $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~."""
    from briefgen.environment import cache_root

    return Path(cache_root())


def write_cache(target: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is only slower."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _cache_key(
    src: Path,
    axes: dict[str, float],
    family: str,
    ps_name: str,
    italic: bool,
    keep_gpos: bool = False,
) -> str:
    """Hash of the source bytes + size + axis values (+ naming inputs) to invalidate on change."""
    data = src.read_bytes()
    h = hashlib.sha256()
    h.update(f"briefgen-instance-v{_INSTANCE_FORMAT}\0".encode())
    h.update(data)
    h.update(f"\0{len(data)}\0{sorted(axes.items())!r}\0{family}\0{ps_name}\0{italic}".encode())
    if keep_gpos:  # only then, so the keys (and files) of other fonts stay what they were
        h.update(b"\0gpos")
    return h.hexdigest()[:20]


def _cached_instance(
    src: Path,
    axes: dict[str, float],
    family: str,
    ps_name: str,
    weight: int,
    italic: bool,
    keep_gpos: bool = False,
) -> Path:
    """Return the cached static instance, building it (slow, seconds) only when absent."""
    folder = cache_dir() / "fonts"
    key = _cache_key(src, axes, family, ps_name, italic, keep_gpos)
    out = folder / f"{ps_name}-{key}.ttf"
    if out.is_file() and _usable_cache_entry(out):
        return out
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FontError(f"cannot create font cache folder {folder}: {err}") from None
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{ps_name}-", suffix=".tmp")
    os.close(fd)
    try:
        _instantiate(src, axes, family, ps_name, weight, italic, Path(tmp), keep_gpos)
        os.replace(tmp, out)  # atomic: readers never see a half-written font
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _usable_cache_entry(path: Path) -> bool:
    """False for a cached instance that is truncated or corrupt: it is built again.

    Cheap on purpose (it runs on every build): the table directory must parse, every table
    must lie inside the file, and the small ``head`` and ``maxp`` tables must decode.
    """
    from fontTools.ttLib import TTFont

    try:
        size = path.stat().st_size
        with TTFont(path, lazy=True) as font:
            for entry in font.reader.tables.values():
                if entry.offset + entry.length > size:
                    return False
            font["head"]  # decoding the table is the check
            font["maxp"]
    except Exception:  # any failure to decode means the entry is unusable
        return False
    return True


def _instantiate(
    src: Path,
    axes: dict[str, float],
    family: str,
    ps_name: str,
    weight: int,
    italic: bool,
    dest: Path,
    keep_gpos: bool = False,
) -> None:
    """Write a deterministic static instance of ``src`` with distinct names to ``dest``."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(src, recalcTimestamp=False)  # keep head.modified: same input, same bytes
    # GPOS (kerning, mark positioning) is used by neither reportlab's text drawing nor our
    # measuring, and instancing it is half the cost: a first build waits seconds less. Arabic
    # fonts keep it: shaped text (harfbuzz) places the letters' dots and marks with it.
    if "GPOS" in font and not keep_gpos:
        del font["GPOS"]
    font = instancer.instantiateVariableFont(font, axes, inplace=True, static=True)
    if "STAT" in font:  # describes the variable design space; meaningless in a static file
        del font["STAT"]
    _rename(font, family, ps_name, weight, italic)
    font.save(dest)


def _rename(font: TTFont, family: str, ps_name: str, weight: int, italic: bool) -> None:
    """Give the instance its own family/full/PostScript names and consistent style bits."""
    style = _style_name(weight, italic)
    bold = weight >= BOLD_THRESHOLD
    ribbi = weight in (400, 700)
    if ribbi:
        legacy_family = family
        legacy_sub = {(False, False): "Regular", (True, False): "Bold"}.get((bold, italic))
        legacy_sub = legacy_sub or ("Bold Italic" if bold else "Italic")
    else:
        legacy_family = f"{family} {_WEIGHT_NAMES.get(weight, f'W{weight}')}"
        legacy_sub = "Italic" if italic else "Regular"
    names = {
        1: legacy_family,
        2: legacy_sub,
        3: f"{ps_name};briefgen-instance",
        4: f"{family} {style}",
        6: ps_name,
    }
    if not ribbi:
        names[16] = family
        names[17] = style
    table = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17, 21, 22, 25):
        table.removeNames(nameID=name_id)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
    table.removeUnusedNames(font)

    os2 = font["OS/2"]
    os2.usWeightClass = weight
    fs = os2.fsSelection & ~(1 | 1 << 5 | 1 << 6)  # clear ITALIC, BOLD, REGULAR
    fs |= (1 if italic else 0) | (1 << 5 if bold else 0) | (1 << 6 if not (bold or italic) else 0)
    os2.fsSelection = fs
    font["head"].macStyle = (font["head"].macStyle & ~3) | (1 if bold else 0) | (2 if italic else 0)


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


OPTIONAL_FAMILIES = {
    norm_family(family): "cjk"
    for family in ("Noto Sans SC", "Noto Sans TC", "Noto Sans JP", "Noto Sans KR")
}
"""Fallback families that come with an optional extra (``pip install 'briefgen[cjk]'``)."""


def missing_extra(spec: FontSpec) -> str | None:
    """The optional extra that would install ``spec``'s family, when it is not installed."""
    extra = OPTIONAL_FAMILIES.get(norm_family(spec.family)) if spec.file is None else None
    if extra is None or norm_family(spec.family) in _pack_families():
        return None
    return extra


def absent_extras(fallbacks: tuple[FontSpec, ...]) -> tuple[str, ...]:
    """The optional extras whose fallback fonts a theme names but this installation lacks."""
    return tuple(dict.fromkeys(e for e in map(missing_extra, fallbacks) if e is not None))
