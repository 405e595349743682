"""The build pipeline as a library call: briefing -> document -> renderers -> files.

Renderers are imported only when their format is asked for, so ``briefgen --help``
and ``briefgen validate`` never pay for reportlab or python-pptx.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, cast

from briefgen.coverage import check_glyphs, pictures
from briefgen.errors import BuildError
from briefgen.layout.document import Document, build_document
from briefgen.model import Briefing
from briefgen.output import write_atomically
from briefgen.theme import Theme, load_theme

Format = Literal["pdf", "pptx"]
FORMATS: tuple[Format, ...] = ("pdf", "pptx")


@dataclass(frozen=True)
class Options:
    """Choices a user makes per build, on top of the theme."""

    lang: str | None = None
    handout: bool | None = None
    page_size: Literal["A4", "Letter"] | None = None
    aspect: Literal["16:9", "4:3"] | None = None


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
    base = briefing.source.parent if briefing.source else None
    return load_theme(str(theme) if theme is not None else briefing.theme, relative_to=base)


class Renderer(Protocol):
    """What each module under briefgen/render/ provides: one dispatch over the document."""

    def render(
        self,
        document: Document,
        theme: Theme,
        stream: BinaryIO,
        options: Options,
        *laid_out: Any,
    ) -> Mapping[str, Any]:
        """Write the output to ``stream``; return facts for BuildResult (pages, warnings...).

        ``laid_out``: what :func:`lay_out` made for the format (the deck's slides), if any.
        """
        ...


def renderer(fmt: Format) -> Renderer:
    """The renderer module for a format, or a BuildError saying it is not available."""
    if fmt not in FORMATS:
        raise BuildError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    return cast(Renderer, importlib.import_module(f"briefgen.render.{fmt}"))


def prepare(
    briefing: Briefing, theme: str | Path | Theme | None = None, options: Options | None = None
) -> tuple[Theme, Document]:
    """Everything before drawing: theme, glyph and logo checks, the worded Document.

    ``briefgen validate`` runs exactly this, so a file that validates also builds.
    """
    chosen = resolve_theme(briefing, theme)
    check_glyphs(briefing, chosen)
    lang = options.lang if options else None
    return chosen, build_document(briefing, chosen, lang, logos=pictures(briefing, chosen))


def lay_out(fmt: Format, document: Document, theme: Theme, options: Options) -> Any | None:
    """A format's layout stage, run before anything is written (None: nothing to lay out).

    The deck: every slide placed (:func:`briefgen.layout.slides.layout_deck`); its problems
    are positioned input errors, its warnings are in the result's ``warnings``.
    """
    if fmt == "pptx":
        from briefgen.layout.slides import layout_deck

        return layout_deck(document, theme, options.aspect)
    return None


@dataclass(frozen=True)
class Plan:
    """Everything a build decides before writing: theme, document, each format's layout."""

    theme: Theme
    document: Document
    layouts: dict[Format, Any]
    warnings: list[str]  # "pptx: ..." per format, about outputs that may not be as wanted


def plan(
    briefing: Briefing,
    theme: str | Path | Theme | None = None,
    options: Options | None = None,
    formats: tuple[Format, ...] = FORMATS,
) -> Plan:
    """:func:`prepare`, then the layout of each format: ``briefgen validate`` runs this."""
    options = options or Options()
    chosen, document = prepare(briefing, theme, options)
    layouts: dict[Format, Any] = {}
    warnings: list[str] = []
    for fmt in formats:
        laid = lay_out(fmt, document, chosen, options)
        if laid is not None:
            layouts[fmt] = laid
            warnings += [f"{fmt}: {message}" for message in getattr(laid, "warnings", ())]
    return Plan(chosen, document, layouts, warnings)


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
    """Build the requested formats into ``out``, named ``<stem>.pdf`` / ``<stem>.pptx``."""
    options = options or Options()
    stem = stem or (briefing.source.stem if briefing.source else "briefing")
    result = BuildResult()
    wanted = tuple(f for f in FORMATS if {"pdf": pdf, "pptx": pptx}[f])
    planned = plan(briefing, theme, options, wanted)  # every layout, before any file is written
    chosen, document = planned.theme, planned.document
    for fmt in wanted:
        module = renderer(fmt)
        target = Path(out) / f"{stem}.{fmt}"
        report: dict[str, Any] = {}
        laid = (planned.layouts[fmt],) if fmt in planned.layouts else ()
        if laid:  # the layout's own warnings (the painters add theirs to the report)
            messages = getattr(laid[0], "warnings", ())
            result.warnings.extend(f"{target}: {message}" for message in messages)

        def write(
            stream: BinaryIO,
            module: Renderer = module,
            report: dict[str, Any] = report,
            laid: tuple[Any, ...] = laid,
        ) -> None:
            report.update(module.render(document, chosen, stream, options, *laid) or {})

        write_atomically(target, write)
        result.written[fmt] = target
        for key, value in report.items():
            if key == "warnings":  # both renderers may warn: keep all, naming the file
                result.warnings.extend(f"{target}: {message}" for message in value)
            else:
                setattr(result, key, value)
    return result


__all__ = [
    "FORMATS",
    "BuildResult",
    "Document",
    "Options",
    "Plan",
    "build",
    "lay_out",
    "plan",
    "prepare",
    "resolve_theme",
]
