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

from briefgen.coverage import check_fonts, check_glyphs, pictures
from briefgen.errors import BuildError, Problem
from briefgen.layout.document import Document, build_document
from briefgen.model import Briefing
from briefgen.output import write_atomically
from briefgen.template_check import check_theme_template
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
    from briefgen.errors import InputError
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
        self, document: Document, theme: Theme, stream: BinaryIO, options: Options
    ) -> Mapping[str, Any]:
        """Write the output to ``stream``; return facts for BuildResult (pages, warnings...)."""
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
    check_theme_template(chosen.slides.template, chosen.origin)
    check_fonts(chosen)
    check_glyphs(briefing, chosen)
    lang = options.lang if options else None
    return chosen, build_document(briefing, chosen, lang, logos=pictures(briefing, chosen))


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
    chosen, document = prepare(briefing, theme, options)
    stem = stem or (briefing.source.stem if briefing.source else "briefing")
    result = BuildResult()
    wanted = [f for f in FORMATS if {"pdf": pdf, "pptx": pptx}[f]]
    for fmt in wanted:
        module = renderer(fmt)
        target = Path(out) / f"{stem}.{fmt}"
        report: dict[str, Any] = {}

        def write(
            stream: BinaryIO, module: Renderer = module, report: dict[str, Any] = report
        ) -> None:
            report.update(module.render(document, chosen, stream, options) or {})

        write_atomically(target, write)
        result.written[fmt] = target
        for key, value in report.items():
            if key == "warnings":  # both renderers may warn: keep all, naming the file
                result.warnings.extend(f"{target}: {message}" for message in value)
            else:
                setattr(result, key, value)
    return result


__all__ = ["FORMATS", "BuildResult", "Document", "Options", "build", "prepare", "resolve_theme"]
