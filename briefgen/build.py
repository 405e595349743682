"""The build pipeline as a library call: briefing -> document -> renderers -> files.

Renderers are imported only when their format is asked for, so ``briefgen --help``
and ``briefgen validate`` never pay for reportlab or python-pptx.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, cast

from briefgen.coverage import check_fonts, check_glyphs, deck_glyphs, pictures
from briefgen.errors import BuildError, InputError, Problem
from briefgen.layout.document import Document, build_document
from briefgen.model import Briefing
from briefgen.options import Options
from briefgen.output import check_targets, write_all
from briefgen.template_check import check_theme_template
from briefgen.theme import Theme, load_theme

Format = Literal["pdf", "pptx"]
FORMATS: tuple[Format, ...] = ("pdf", "pptx")


@dataclass
class BuildResult:
    """What a build wrote, facts a presenter wants to see (talk time), and warnings.

    A warning is a one-line message about an output that was written but may not be what the
    user wants (a handout that needed more than one page at its smallest legible size).
    """

    written: dict[str, Path] = field(default_factory=dict)
    talk_seconds: float | None = None
    slides: int | None = None
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def resolve_theme(briefing: Briefing, theme: str | Path | Theme | None) -> Theme:
    """The theme to use: the caller's choice, else the input's ``theme:``, else ``default``."""
    if isinstance(theme, Theme):
        return theme
    if theme is not None and not isinstance(theme, str | Path):
        raise TypeError(f"theme must be a name, a path or a Theme, got {type(theme).__name__}")
    base = briefing.source.parent if briefing.source else None
    assets = briefing.assets
    if theme is None and briefing.theme and base is not None:
        _check_theme_path(briefing, base)
    return load_theme(
        str(theme) if theme is not None else briefing.theme, relative_to=base, assets=assets
    )


def _check_theme_path(briefing: Briefing, base: Path) -> None:
    """A theme the input names by path must be shipped or inside its folder (or assets)."""
    from briefgen.paths import inside, outside_message
    from briefgen.theme import find, themes_root

    name = briefing.theme or ""
    path = find(name, relative_to=base)
    if not inside(path, (base, themes_root(), *briefing.assets)):
        origin = briefing.origin
        message = outside_message("theme", name)
        if origin is None:
            raise InputError([Problem(str(briefing.source), 1, 1, "theme", message)])
        raise InputError([origin.problem(("theme",), message)])


class Renderer(Protocol):
    """What each module under briefgen/render/ provides: one dispatch over the document."""

    def render(
        self,
        document: Document,
        theme: Theme,
        stream: BinaryIO,
        options: Options,
        layout: Any,
    ) -> Mapping[str, Any]:
        """Paint ``layout`` (what :func:`lay_out` made for the format) to ``stream``; return
        facts for BuildResult (pages, slides, talk time)."""
        ...


def renderer(fmt: Format) -> Renderer:
    """The renderer module for a format, or a BuildError saying it is not available."""
    if fmt not in FORMATS:
        raise BuildError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    return cast(Renderer, importlib.import_module(f"briefgen.render.{fmt}"))


def prepare(
    briefing: Briefing, theme: str | Path | Theme | None = None, options: Options | None = None
) -> tuple[Theme, Document]:
    """Theme, glyph and logo checks, and the worded Document: everything before layout."""
    chosen = resolve_theme(briefing, theme)
    names = chosen.layout.slides
    check_theme_template(chosen.slides.template, chosen, (names.title_layout, names.content_layout))
    check_fonts(chosen)
    check_glyphs(briefing, chosen, options.lang if options else None)
    lang = options.lang if options else None
    return chosen, build_document(briefing, chosen, lang, logos=pictures(briefing, chosen))


def lay_out(fmt: Format, document: Document, theme: Theme, options: Options) -> Any:
    """A format's layout stage, run before anything is written.

    The PDF: cover and handout frames and the body blocks
    (:func:`briefgen.layout.pdf_pages.layout_pdf`); the deck: every slide placed
    (:func:`briefgen.layout.slides.layout_deck`). Problems are positioned input errors;
    warnings are in the layout's ``warnings``.
    """
    if fmt == "pptx":
        from briefgen.layout.slides import layout_deck

        return layout_deck(document, theme, options.aspect)
    from briefgen.layout.pdf_pages import layout_pdf

    return layout_pdf(document, theme, options)


@dataclass(frozen=True)
class Plan:
    """Everything a build decides before writing: theme, document, each format's layout."""

    theme: Theme
    document: Document
    layouts: dict[Format, Any]
    warnings: list[tuple[Format, str]]
    """(format, message) about outputs that will be made but may not be what the user wants."""


def plan(
    briefing: Briefing,
    theme: str | Path | Theme | None = None,
    options: Options | None = None,
    formats: tuple[Format, ...] = FORMATS,
) -> Plan:
    """:func:`prepare`, then the layout of each format: ``briefgen validate`` runs this, so a
    file that validates also builds, and a build writes nothing before every layout is made."""
    _check_arguments(briefing, options)
    options = options or Options()
    chosen, document = prepare(briefing, theme, options)
    layouts: dict[Format, Any] = {}
    warnings: list[tuple[Format, str]] = []
    for fmt in formats:
        layouts[fmt] = laid = lay_out(fmt, document, chosen, options)
        warnings += [(fmt, message) for message in getattr(laid, "warnings", ())]
    if "pptx" in formats:  # characters the deck's named font lacks (the PDF embeds its own)
        warnings += [("pptx", m) for m in deck_glyphs(briefing, chosen, options.lang)]
    return Plan(chosen, document, layouts, warnings)


def refuse_todos(briefing: Briefing) -> None:
    """Nothing unwritten ever reaches a page: each ``todo`` left in the input is an error."""
    todos = briefing.todos()
    if todos:
        raise InputError(
            replace(p, message=f"{p.message}; write it, then delete this todo line to build")
            for p in todos
        )


def _paint(planned: Plan, fmt: Format, stream: BinaryIO, options: Options) -> dict[str, Any]:
    """One format painted from its layout; its facts, without the layout's warnings (the
    plan reports those once)."""
    module = renderer(fmt)
    facts = dict(
        module.render(planned.document, planned.theme, stream, options, planned.layouts[fmt]) or {}
    )
    facts.pop("warnings", None)
    return facts


def build(
    briefing: Briefing,
    *,
    pdf: bool = True,
    pptx: bool = True,
    out: str | Path = "outputs",
    stem: str | None = None,
    theme: str | Path | Theme | None = None,
    options: Options | None = None,
) -> BuildResult:
    """Build the requested formats into ``out``, named ``<stem>.pdf`` / ``<stem>.pptx``.

    Every format is painted to a temporary file before any output is replaced: all of the
    outputs or none.
    """
    _check_arguments(briefing, options, out, stem)
    options = options or Options()
    wanted = tuple(f for f in FORMATS if {"pdf": pdf, "pptx": pptx}[f])
    targets = output_paths(briefing, out, stem, wanted)
    planned = plan(briefing, theme, options, wanted)  # every layout, before any file is written
    refuse_todos(briefing)
    facts: dict[Format, dict[str, Any]] = {fmt: {} for fmt in wanted}
    jobs = []
    for fmt, target in targets.items():

        def write(stream: BinaryIO, fmt: Format = fmt) -> None:
            facts[fmt].update(_paint(planned, fmt, stream, options))

        jobs.append((target, write))
    write_all(jobs)
    result = BuildResult()
    for fmt, target in targets.items():
        result.written[fmt] = target
        for key, value in facts[fmt].items():
            setattr(result, key, value)
        result.warnings += [f"{target}: {m}" for f, m in planned.warnings if f == fmt]
    return result


def _check_arguments(
    briefing: object, options: object, out: object = "", stem: object = None
) -> None:
    """Wrong argument types are TypeErrors with a clear message, not failures deep inside."""
    if not isinstance(briefing, Briefing):
        raise TypeError(f"build() expects a Briefing (from load()), got {type(briefing).__name__}")
    if not isinstance(out, str | Path):
        raise TypeError(f"out must be a folder path, got {type(out).__name__}")
    if stem is not None and not isinstance(stem, str):
        raise TypeError(f"stem must be text, got {type(stem).__name__}")
    if options is not None and not isinstance(options, Options):
        raise TypeError(f"options must be an Options, got {type(options).__name__}")


def output_paths(
    briefing: Briefing, out: str | Path, stem: str | None, formats: Iterable[Format]
) -> dict[Format, Path]:
    """Where each format goes; a name that leaves ``out`` is a ValueError, an output that
    would replace the input itself an InputError."""
    stem = stem if stem is not None else (briefing.source.stem if briefing.source else "briefing")
    if not stem or stem in (".", "..") or any(c in stem for c in "/\\\0") or ":" in stem:
        raise ValueError(f"output name {stem!r} must be a plain file name inside the output folder")
    folder = Path(out)
    targets = {fmt: folder / f"{stem}.{fmt}" for fmt in formats}
    if briefing.source is not None:
        problems = check_targets([(_display(briefing), briefing.source, targets.values())])
        if problems:
            raise InputError(problems)
    return targets


def _display(briefing: Briefing) -> str:
    """How errors name an input: as the user wrote its path."""
    return briefing.origin.display if briefing.origin else str(briefing.source or "input")


def render(
    briefing: Briefing,
    fmt: Format,
    stream: BinaryIO,
    *,
    theme: str | Path | Theme | None = None,
    options: Options | None = None,
) -> dict[str, Any]:
    """Render one format into any binary ``stream`` (a file, ``io.BytesIO``, a socket...).

    Returns the facts the renderer reports (``pages`` or ``slides``, ``talk_seconds``,
    ``warnings``). Pass a :class:`~briefgen.theme.Theme` from ``load_theme`` to reuse it
    across many builds.
    """
    options = options or Options()
    planned = plan(briefing, theme, options, (fmt,))
    refuse_todos(briefing)
    facts = _paint(planned, fmt, stream, options)
    facts["warnings"] = [m for _, m in planned.warnings]
    return facts


@dataclass
class BytesResult:
    """The outputs of :func:`build_bytes`: one ``bytes`` per format, and the build's facts."""

    outputs: dict[str, bytes] = field(default_factory=dict)
    talk_seconds: float | None = None
    slides: int | None = None
    pages: int | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(format, message) for each output that was made but may not be what the user wants."""


def build_bytes(
    briefing: Briefing,
    formats: tuple[Format, ...] = FORMATS,
    *,
    theme: str | Path | Theme | None = None,
    options: Options | None = None,
) -> BytesResult:
    """Build the requested formats in memory; nothing touches the disk.

    A pure function of the briefing, the theme and the options: the same arguments give
    the same bytes, so callers may cache, ship or store the result as they like.
    """
    options = options or Options()
    wanted = tuple(f for f in FORMATS if f in formats)
    planned = plan(briefing, theme, options, wanted)
    refuse_todos(briefing)
    result = BytesResult(warnings=list(planned.warnings))
    for fmt in wanted:
        stream = io.BytesIO()
        for key, value in _paint(planned, fmt, stream, options).items():
            setattr(result, key, value)
        result.outputs[fmt] = stream.getvalue()
    return result


__all__ = [
    "FORMATS",
    "BuildResult",
    "BytesResult",
    "Document",
    "Options",
    "Plan",
    "build",
    "build_bytes",
    "lay_out",
    "output_paths",
    "plan",
    "prepare",
    "refuse_todos",
    "render",
    "resolve_theme",
]
