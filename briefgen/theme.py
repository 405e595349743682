"""Themes: every visual choice and every fixed wording, as validated data.

A theme is a folder holding ``theme.yaml`` (plus logos and an optional .pptx
template). ``extends: NAME`` inherits another theme and overrides only the keys
given. Themes are checked with the same positioned errors as briefings.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from briefgen.errors import BuildError, InputError, Problem, format_path
from briefgen.fonts import FontSpec
from briefgen.load import parse_yaml, read_text, validate_data
from briefgen.model import SourceMap
from briefgen.styles import Layout, TextStyle

THEME_FILE = "theme.yaml"
HEX = r"^#[0-9A-Fa-f]{6}$"

Color = Annotated[str, Field(pattern=HEX, description="#RRGGBB")]
Points = Annotated[float, Field(gt=0, le=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FontChoice(_Strict):
    """A face of a family from an installed font package, or a .ttf next to the theme."""

    family: str = "DejaVu Sans"
    weight: Annotated[int, Field(ge=100, le=900)] = 400
    italic: bool = False
    file: Path | None = Field(default=None, description="a .ttf file relative to theme.yaml")


class DeckFont(_Strict):
    """The font a deck names (the presenting computer draws it) and so measures with."""

    family: str = Field(
        default="Arial",
        description=(
            "family written in the deck. An Office font (Arial) is measured with its"
            " metric-compatible open font (Arimo, from fontpkg-arimo); another family is"
            " measured with its own files and the build warns that presenting computers lack it"
        ),
    )


class Fonts(_Strict):
    regular: FontChoice
    bold: FontChoice
    italic: FontChoice
    bold_italic: FontChoice
    symbols: FontChoice = Field(description="font for the bullet glyphs")
    fallbacks: tuple[FontChoice, ...] = Field(
        default=(),
        description=(
            "fonts tried in order for characters the role fonts lack (e.g. Noto Sans SC for"
            " Chinese); used only where the text needs them"
        ),
    )
    deck: DeckFont = Field(
        default_factory=DeckFont,
        description="the deck's font: the PDF embeds the fonts above, a deck only names one",
    )


class Colors(_Strict):
    text: Color
    muted: Color
    heading: Color
    accent: Color
    background: Color
    band: Color
    band_text: Color
    rule: Color
    panel: Color


class Bullets(_Strict):
    point: Annotated[str, Field(min_length=1, max_length=2)]
    sub: Annotated[str, Field(min_length=1, max_length=2)]
    member: Annotated[str, Field(min_length=1, max_length=2)]


class Margins(_Strict):
    top: Annotated[float, Field(ge=0)]
    bottom: Annotated[float, Field(ge=0)]
    left: Annotated[float, Field(ge=0)]
    right: Annotated[float, Field(ge=0)]


class PdfSizes(_Strict):
    title: Points
    subtitle: Points
    heading1: Points
    heading2: Points
    body: Points
    small: Points


class PdfStyle(_Strict):
    page_size: Literal["A4", "Letter"] = "A4"
    margins: Margins = Field(description="millimetres")
    sizes: PdfSizes
    leading: Annotated[float, Field(ge=1.0, le=3.0)] = 1.35
    handout: bool = False
    handout_min_size: Annotated[
        Points,
        Field(
            description=(
                "points: the key recommendations handout starts at sizes.body and shrinks to"
                " fit one page, but never below this; what still does not fit continues on"
                " more pages, with a warning"
            )
        ),
    ] = 7.0


class SlideSizes(_Strict):
    title: Points
    subtitle: Points
    heading: Points
    heading_min: Points
    body: Points
    body_min: Points


class SlideStyle(_Strict):
    aspect: Literal["16:9", "4:3"] = "16:9"
    margins: Margins = Field(description="inches")
    sizes: SlideSizes
    line_spacing: Annotated[float, Field(ge=1.0, le=3.0)] = 1.15
    paragraph_space: Annotated[float, Field(ge=0, le=3.0)] = 0.45
    words_per_minute: Annotated[int, Field(ge=60, le=300)] = 130
    template: Path | None = None


class Wording(_Strict):
    """Fixed words of the outputs; ``{placeholders}`` are filled in by the layout.

    Complete for every language: the catalog ``briefgen/catalogs/LANG.yaml`` with the theme's
    ``wording`` overrides on top (:meth:`Theme.words`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    situation: str = Field(description="issue situation heading; {country} as written")
    situation_in: str = Field(
        description="the same with {country_in}, the input's country_forms LANG.in"
    )
    recommendations: str
    issue: str
    situation_heading: str
    previous: str
    previous_heading: str
    developments: str
    needs: str
    issue_recommendations: str
    other_recommendations: str
    key_recommendations: str
    members: str
    members_heading: str
    and_others: str
    continued: str
    contents: str
    page: str
    presented_by: str
    review: str = Field(description="{mechanism}, {cycle}, {session}; {cycle:f}: feminine")
    upr: str = Field(description="the name of the Universal Periodic Review in the language")
    city: str
    paragraph: str
    supported: str
    noted: str
    not_implemented: str
    partially_implemented: str
    implemented: str
    sdgs: str
    thank_you: str
    notes_timing: str = Field(description="speaker notes: {slide} and {total} are m:ss")


class WordingOverride(_Strict):
    """A theme's wording for one language: any keys of the catalog, replacing its text."""

    situation: str | None = None
    situation_in: str | None = None
    recommendations: str | None = None
    issue: str | None = None
    situation_heading: str | None = None
    previous: str | None = None
    previous_heading: str | None = None
    developments: str | None = None
    needs: str | None = None
    issue_recommendations: str | None = None
    other_recommendations: str | None = None
    key_recommendations: str | None = None
    members: str | None = None
    members_heading: str | None = None
    and_others: str | None = None
    continued: str | None = None
    contents: str | None = None
    page: str | None = None
    presented_by: str | None = None
    review: str | None = None
    upr: str | None = None
    city: str | None = None
    paragraph: str | None = None
    supported: str | None = None
    noted: str | None = None
    not_implemented: str | None = None
    partially_implemented: str | None = None
    implemented: str | None = None
    sdgs: str | None = None
    thank_you: str | None = None
    notes_timing: str | None = None


class Theme(_Strict):
    """A validated theme; paths inside it are absolute once loaded."""

    description: str = ""
    extends: str | None = None
    fonts: Fonts
    colors: Colors
    bullets: Bullets
    pdf: PdfStyle
    slides: SlideStyle
    logos: list[Path] = []
    layout: Layout = Field(description="spacing and proportions (see themes/base.yaml)")
    styles: dict[str, TextStyle] = Field(
        default={}, description="named text styles by role, shared by the PDF and the deck"
    )
    wording: dict[
        Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")], WordingOverride
    ] = Field(
        default={},
        description=(
            "per language, keys of briefgen/catalogs/LANG.yaml whose text this theme replaces"
        ),
    )

    _name: str = PrivateAttr(default="")
    _folder: Path = PrivateAttr(default=Path())
    _origin: SourceMap | None = PrivateAttr(default=None)
    _inherited: tuple[SourceMap, ...] = PrivateAttr(default=())

    @property
    def origin(self) -> SourceMap | None:
        """Where each value of the theme's own file was written."""
        return self._origin

    def problem(self, loc: tuple[str | int, ...], message: str) -> Problem:
        """A problem about a theme value, positioned in the file of the chain that wrote it."""
        for origin in (self._origin, *self._inherited):
            if origin is not None and loc in origin.positions:
                return origin.problem(loc, message)
        own = self._origin or SourceMap(self._name, {})
        return own.problem(loc, message)

    @property
    def name(self) -> str:
        return self._name

    @property
    def folder(self) -> Path:
        return self._folder

    def words(self, lang: str) -> Wording:
        """Wording for a language: the catalog of the exact code, else of its base (``ru-KZ``
        -> ``ru``), else English; then the theme's overrides for the base, then the code."""
        merged = dict(catalog(lang))
        base = lang.split("-")[0]
        for code in dict.fromkeys((base, lang)):
            override = self.wording.get(code)
            if override is not None:
                merged.update(override.model_dump(exclude_none=True))
        return Wording(**merged)

    def font_spec(self, role: str) -> FontSpec:
        """What the font package resolver needs for a role (regular, bold, ..., symbols)."""
        choice: FontChoice = getattr(self.fonts, role)
        return FontSpec(
            family=choice.family, weight=choice.weight, italic=choice.italic, file=choice.file
        )

    def fallback_specs(self) -> tuple[FontSpec, ...]:
        """The fallback fonts, in the order they are tried."""
        return tuple(
            FontSpec(family=c.family, weight=c.weight, italic=c.italic, file=c.file)
            for c in self.fonts.fallbacks
        )


CATALOGS = Path(__file__).resolve().parent / "catalogs"


def catalog_languages() -> list[str]:
    """The languages with a wording catalog, sorted."""
    return sorted(p.stem for p in CATALOGS.glob("*.yaml"))


def catalog_path(lang: str) -> Path:
    """The catalog a language uses: its own, its base language's, else English."""
    for code in (lang, lang.split("-")[0], "en"):
        path = CATALOGS / f"{code}.yaml"
        if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", code) and path.is_file():
            return path
    return CATALOGS / "en.yaml"


@functools.cache
def _catalog_file(path: Path) -> dict[str, str]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise BuildError(f"wording catalog {path.name} is not a mapping")
    return {str(k): str(v) for k, v in data.items()}


def catalog(lang: str) -> dict[str, str]:
    """The wording catalog of a language (see :func:`catalog_path`), key -> text."""
    return _catalog_file(catalog_path(lang))


def themes_root() -> Path:
    """The shipped themes: inside the installed package, or the repository's themes/."""
    here = Path(__file__).resolve().parent
    installed = here / "themes"
    return installed if installed.is_dir() else here.parent / "themes"


def available() -> dict[str, Path]:
    """Shipped theme names and their folders, sorted by name."""
    root = themes_root()
    return (
        {p.name: p for p in sorted(root.iterdir()) if (p / THEME_FILE).is_file()}
        if root.is_dir()
        else {}
    )


def find(name_or_path: str, relative_to: Path | None = None) -> Path:
    """Resolve a theme given by name (shipped) or by path (folder or theme.yaml)."""
    looks_like_path = "/" in name_or_path or "\\" in name_or_path or name_or_path.startswith(".")
    candidates = []
    if looks_like_path or name_or_path not in available():
        p = Path(name_or_path).expanduser()
        if not p.is_absolute() and relative_to is not None:
            candidates.append(relative_to / p)
        candidates.append(p)
    for c in candidates:
        if c.is_file() and c.name.endswith((".yaml", ".yml")):
            return c.resolve()
        if (c / THEME_FILE).is_file():
            return (c / THEME_FILE).resolve()
    shipped = available()
    if name_or_path in shipped:
        return shipped[name_or_path] / THEME_FILE
    known = ", ".join(shipped) or "none"
    raise InputError(
        [Problem(name_or_path, 1, 1, "theme", f"no such theme (shipped themes: {known})")]
    )


MAX_EXTENDS = 8
BASE_FILE = "base.yaml"  # in themes_root(): the values every theme inherits


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _absolute_paths(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Make a theme file's own relative paths absolute before merging with its parent."""
    data = dict(data)
    if isinstance(data.get("logos"), list):
        data["logos"] = [str(folder / p) if isinstance(p, str) else p for p in data["logos"]]
    slides = data.get("slides")
    if isinstance(slides, dict) and isinstance(slides.get("template"), str):
        data["slides"] = {**slides, "template": str(folder / slides["template"])}
    fonts = data.get("fonts")
    if isinstance(fonts, dict):
        data["fonts"] = {
            k: {**v, "file": str(folder / v["file"])}
            if isinstance(v, dict) and isinstance(v.get("file"), str)
            else v
            for k, v in fonts.items()
        }
        fallbacks = data["fonts"].get("fallbacks")
        if isinstance(fallbacks, list):
            data["fonts"]["fallbacks"] = [
                {**v, "file": str(folder / v["file"])}
                if isinstance(v, dict) and isinstance(v.get("file"), str)
                else v
                for v in fallbacks
            ]
    return data


@dataclass(frozen=True)
class _Layer:
    """One file of a theme's ``extends:`` chain: where it is, as read, and how it was read."""

    path: Path
    stamp: tuple[int, int]  # modification time (ns) and size when it was read
    reader: Any  # briefgen.load's reader: display name, positions, problems


def _raw(path: Path, chain: tuple[Path, ...] = ()) -> tuple[dict[str, Any], list[_Layer]]:
    """The theme's data merged over its parents', and its files, the theme's own first."""
    display = _display(path)
    stamp = _stamp(path)  # before reading: an edit made while reading shows as a change
    text = read_text(path, display)
    data, reader = parse_yaml(text, display)
    if not isinstance(data, dict):
        raise InputError([Problem(display, 1, 1, "", "a theme must be a mapping of keys")])
    data = _absolute_paths(data, path.parent)
    layers = [_Layer(path, stamp, reader)]
    parent = data.get("extends")
    if isinstance(parent, str):
        parent_path = find(parent, relative_to=path.parent)
        if parent_path in chain or parent_path == path or len(chain) > MAX_EXTENDS:
            line, column = reader.positions.get(("extends",), (1, 1))
            raise InputError(
                [Problem(display, line, column, "extends", f"theme {parent!r} extends itself")]
            )
        parent_data, parent_layers = _raw(parent_path, (*chain, path))
        data = _deep_merge(parent_data, data)
        layers.extend(parent_layers)
    elif path != _base_path():
        base_data, base_layers = _raw(_base_path(), (*chain, path))
        data = _deep_merge(base_data, data)
        layers.extend(base_layers)
    return data, layers


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)  # read_text reports the file
    return (info.st_mtime_ns, info.st_size)


def _base_path() -> Path:
    return (themes_root() / BASE_FILE).resolve()


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _holder(problem: Problem, layers: list[_Layer]) -> Problem:
    """The problem positioned in the file of the chain that wrote the value it is about.

    Validation sees the merged data and positions problems in the theme's own file; a value
    the theme inherits (it does not write it) was written by the nearest parent that does.
    """
    own = layers[0].reader
    if problem.file != own.display or _written(own, problem.path) is not None:
        return problem
    key = problem.message.startswith("unknown key")  # then the key's position, not its value's
    for layer in layers[1:]:
        where = _written(layer.reader, problem.path, key)
        if where is not None:
            return Problem(layer.reader.display, *where, problem.path, problem.message)
    return problem


def _written(reader: Any, path: str, key: bool = False) -> tuple[int, int] | None:
    """Where a file wrote the value (or, with ``key``, the key) at ``path``, if it did."""
    tables = (reader.key_positions, reader.positions) if key else (reader.positions,)
    for table in tables:
        for loc, where in table.items():
            if format_path(loc) == path:
                return cast(tuple[int, int], where)
    return None


def _validate(data: dict[str, Any], layers: list[_Layer]) -> Theme:
    """Validate merged data; each problem is positioned in the file that holds the value."""
    inherited = [p for layer in layers[1:] for p in layer.reader.problems]
    try:
        theme: Theme = validate_data(data, layers[0].reader, Theme)
    except InputError as err:
        raise InputError([*inherited, *(_holder(p, layers) for p in err.problems)]) from None
    if inherited:
        raise InputError(inherited)
    return theme


_CACHE: dict[Path, tuple[tuple[tuple[Path, tuple[int, int]], ...], Theme]] = {}
"""Loaded themes by file, with the files they were read from (their chain) and stamps."""


def load_theme(name_or_path: str | None = None, relative_to: Path | None = None) -> Theme:
    """Load a theme by name or path (default: ``default``), with inheritance applied.

    Kept per process while none of its files (its own and those it extends) changed
    modification time or size, so a long-running process sees an edited theme.
    """
    path = find(name_or_path or "default", relative_to)
    cached = _CACHE.get(path)
    if cached is not None and all(_stamp(p) == stamp for p, stamp in cached[0]):
        return cached[1]
    data, layers = _raw(path)
    theme = _validate(data, layers)
    reader = layers[0].reader
    origin = SourceMap(reader.display, reader.positions)
    problems = [_holder(origin.problem(loc, msg), layers) for loc, msg in _missing_files(theme)]
    if problems:
        raise InputError(problems)
    theme._name = path.parent.name
    theme._folder = path.parent
    theme._origin = origin
    theme._inherited = tuple(
        SourceMap(layer.reader.display, layer.reader.positions) for layer in layers[1:]
    )
    _CACHE[path] = (tuple((layer.path, layer.stamp) for layer in layers), theme)
    return theme


def _missing_files(theme: Theme) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = []
    for i, logo in enumerate(theme.logos, start=1):
        if not logo.is_file():
            out.append((("logos", i), f"logo file {logo.name!r} not found"))
    if theme.slides.template and not theme.slides.template.is_file():
        out.append((("slides", "template"), f"template {theme.slides.template.name!r} not found"))
    for role in ("regular", "bold", "italic", "bold_italic", "symbols"):
        choice: FontChoice = getattr(theme.fonts, role)
        if choice.file and not choice.file.is_file():
            out.append((("fonts", role, "file"), f"font file {choice.file.name!r} not found"))
    for i, choice in enumerate(theme.fonts.fallbacks, start=1):
        if choice.file and not choice.file.is_file():
            missing = f"font file {choice.file.name!r} not found"
            out.append((("fonts", "fallbacks", i, "file"), missing))
    return out


def describe(name: str) -> str:
    """One-line description of a shipped theme, without validating it."""
    import yaml

    try:
        data = yaml.safe_load((available()[name] / THEME_FILE).read_text("utf-8"))
        return str(data.get("description", "")).strip() if isinstance(data, dict) else ""
    except (OSError, yaml.YAMLError, KeyError):
        return ""
