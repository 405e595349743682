"""Themes: every visual choice and every fixed wording, as validated data.

A theme is a folder holding ``theme.yaml`` (plus logos and an optional .pptx
template). ``extends: NAME`` inherits another theme and overrides only the keys
given. Themes are checked with the same positioned errors as briefings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, cast

from pydantic import Field, PrivateAttr

from briefgen.errors import InputError, Problem, format_path
from briefgen.fonts import FontSpec
from briefgen.load import parse_yaml, read_text, validate_data
from briefgen.model import SourceMap
from briefgen.paths import inside, outside_message
from briefgen.styles import Layout, TextStyle
from briefgen.theme_models import (
    HEX,
    MIN_USABLE,
    PAGE_MM,
    SLIDE_INCHES,
    Bullets,
    Color,
    Colors,
    DeckFont,
    FontChoice,
    Fonts,
    Margins,
    PdfSizes,
    PdfStyle,
    Points,
    SlideSizes,
    SlideStyle,
    _Strict,
)
from briefgen.theme_wording import (
    CATALOGS,
    ORDINAL_PLACEHOLDERS,
    PLACEHOLDERS,
    Wording,
    WordingOverride,
    catalog,
    catalog_languages,
    catalog_path,
    fill,
    placeholder_problem,
)

# The models and the wording live in theme_models and theme_wording; every name stays
# importable from here.
__all__ = [
    "BASE_FILE",
    "CATALOGS",
    "HEX",
    "MAX_EXTENDS",
    "MIN_USABLE",
    "ORDINAL_PLACEHOLDERS",
    "PAGE_MM",
    "PLACEHOLDERS",
    "SLIDE_INCHES",
    "THEME_FILE",
    "Bullets",
    "Color",
    "Colors",
    "DeckFont",
    "FontChoice",
    "Fonts",
    "Margins",
    "PdfSizes",
    "PdfStyle",
    "Points",
    "SlideSizes",
    "SlideStyle",
    "Theme",
    "Wording",
    "WordingOverride",
    "available",
    "catalog",
    "catalog_languages",
    "catalog_path",
    "describe",
    "fill",
    "find",
    "load_theme",
    "placeholder_problem",
    "themes_root",
]

THEME_FILE = "theme.yaml"


class Theme(_Strict):
    """A validated theme; paths inside it are absolute once loaded."""

    description: str = ""
    extends: str | None = None
    fonts: Fonts
    colors: Colors
    bullets: Bullets
    pdf: PdfStyle
    slides: SlideStyle
    logos: list[Path] = []  # noqa: RUF012 (a pydantic field: each model gets a copy)
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
    _assets: tuple[Path, ...] = PrivateAttr(default=())

    @property
    def picture_folders(self) -> tuple[Path, ...]:
        """Folders an SVG logo of this theme may refer into: its own, shipped themes, assets."""
        return (self._folder, themes_root(), *self._assets)

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


@functools.cache
def themes_root() -> Path:
    """The shipped themes: inside the installed package, or the repository's themes/."""
    here = Path(__file__).resolve().parent
    installed = here / "themes"
    return installed if installed.is_dir() else here.parent / "themes"


def available() -> dict[str, Path]:
    """Shipped theme names and their folders, sorted by name (listed again when the themes
    folder changes)."""
    root = themes_root()
    try:
        stamp = root.stat().st_mtime_ns
    except OSError:
        return {}
    return dict(_listed(root, stamp))


@functools.lru_cache(maxsize=4)
def _listed(root: Path, stamp: int) -> tuple[tuple[str, Path], ...]:
    return tuple((p.name, p) for p in sorted(root.iterdir()) if (p / THEME_FILE).is_file())


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


def _raw(
    path: Path, chain: tuple[Path, ...] = (), assets: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], list[_Layer]]:
    """The theme's data merged over its parents', and its files, the theme's own first.

    Files a theme names (logos, template, fonts) stay inside its folder or one of ``assets``.
    """
    display = _display(path)
    stamp = _stamp(path)  # before reading: an edit made while reading shows as a change
    text = read_text(path, display)
    data, reader = parse_yaml(text, display)
    if not isinstance(data, dict):
        raise InputError([Problem(display, 1, 1, "", "a theme must be a mapping of keys")])
    allowed = (path.parent, *assets)
    problems = [
        Problem(display, *reader.positions.get(loc, (1, 1)), format_path(loc), message)
        for loc, message in _outside(data, path.parent, allowed)
    ]
    if problems:
        raise InputError(problems)
    data = _absolute_paths(data, path.parent)
    layers = [_Layer(path, stamp, reader)]
    parent = data.get("extends")
    if isinstance(parent, str):
        parent_path = find(parent, relative_to=path.parent)
        line, column = reader.positions.get(("extends",), (1, 1))
        if not inside(parent_path, (*allowed, themes_root())):
            message = outside_message("theme", parent)
            raise InputError([Problem(display, line, column, "extends", message)])
        if parent_path in chain or parent_path == path or len(chain) > MAX_EXTENDS:
            raise InputError(
                [Problem(display, line, column, "extends", f"theme {parent!r} extends itself")]
            )
        parent_data, parent_layers = _raw(parent_path, (*chain, path), assets)
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


def _outside(
    data: dict[str, Any], folder: Path, allowed: tuple[Path, ...]
) -> list[tuple[tuple[str | int, ...], str]]:
    """Files a theme names (logos, template, fonts) that lie outside the allowed folders."""
    named: list[tuple[tuple[str | int, ...], str, Any]] = []
    logos = data.get("logos")
    if isinstance(logos, list):
        named += [(("logos", i), "logo", p) for i, p in enumerate(logos, start=1)]
    slides = data.get("slides")
    if isinstance(slides, dict):
        named.append((("slides", "template"), "template", slides.get("template")))
    fonts = data.get("fonts")
    if isinstance(fonts, dict):
        for role, choice in fonts.items():
            if isinstance(choice, dict):
                named.append((("fonts", role, "file"), "font file", choice.get("file")))
        fallbacks = fonts.get("fallbacks")
        if isinstance(fallbacks, list):
            named += [
                (("fonts", "fallbacks", i, "file"), "font file", c.get("file"))
                for i, c in enumerate(fallbacks, start=1)
                if isinstance(c, dict)
            ]
    return [
        (loc, outside_message(what, value))
        for loc, what, value in named
        if isinstance(value, str) and not inside(folder / value, allowed)
    ]


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


_CACHE: dict[
    tuple[Path, tuple[Path, ...]], tuple[tuple[tuple[Path, tuple[int, int]], ...], Theme]
] = {}
"""Loaded themes by file and asset folders, with the files they were read from (their chain)
and stamps."""


def load_theme(
    name_or_path: str | None = None,
    relative_to: Path | None = None,
    assets: tuple[Path, ...] = (),
) -> Theme:
    """Load a theme by name or path (default: ``default``), with inheritance applied.

    Files a theme names stay inside its folder tree or one of ``assets``. Kept per process
    while none of its files (its own and those it extends) changed modification time or size,
    so a long-running process sees an edited theme.
    """
    path = find(name_or_path or "default", relative_to)
    assets = tuple(assets)
    cached = _CACHE.get((path, assets))
    if cached is not None and all(_stamp(p) == stamp for p, stamp in cached[0]):
        return cached[1]
    data, layers = _raw(path, (), assets)
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
    theme._assets = assets
    _CACHE[(path, assets)] = (tuple((layer.path, layer.stamp) for layer in layers), theme)
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
