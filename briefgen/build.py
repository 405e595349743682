"""The build pipeline as a library call: briefing -> document -> renderers -> files.

Renderers are imported only when their format is asked for, so ``briefgen --help``
and ``briefgen validate`` never pay for reportlab or python-pptx.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, cast

from briefgen.coverage import check_fonts, check_glyphs, pictures
from briefgen.errors import BuildError, InputError, Problem
from briefgen.layout.document import Document, build_document
from briefgen.model import Briefing
from briefgen.output import write_all
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
    """Build the requested formats into ``out``, named ``<stem>.pdf`` / ``<stem>.pptx``.

    Every format is rendered before any file is replaced: all of the outputs or none.
    """
    _check_arguments(briefing, out, stem, options)
    options = options or Options()
    chosen, document = prepare(briefing, theme, options)
    wanted = [f for f in FORMATS if {"pdf": pdf, "pptx": pptx}[f]]
    targets = output_paths(briefing, out, stem, wanted)
    reports: dict[Format, dict[str, Any]] = {}
    jobs = []
    for fmt, target in targets.items():
        module = renderer(fmt)
        report: dict[str, Any] = {}
        reports[fmt] = report

        def write(
            stream: BinaryIO, module: Renderer = module, report: dict[str, Any] = report
        ) -> None:
            report.update(module.render(document, chosen, stream, options) or {})

        jobs.append((target, write))
    write_all(jobs)
    result = BuildResult()
    for fmt, target in targets.items():
        result.written[fmt] = target
        for key, value in reports[fmt].items():
            if key == "warnings":  # both renderers may warn: keep all, naming the file
                result.warnings.extend(f"{target}: {message}" for message in value)
            else:
                setattr(result, key, value)
    return result


def _check_arguments(briefing: object, out: object, stem: object, options: object) -> None:
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
    for target in targets.values():
        if briefing.source is not None and _same_file(target, briefing.source):
            raise InputError(
                [
                    Problem(
                        _display(briefing),
                        1,
                        1,
                        "",
                        f"the output {target} would replace this input; "
                        "rename the input or choose another output folder (--out)",
                    )
                ]
            )
    return targets


def _display(briefing: Briefing) -> str:
    """How errors name an input: as the user wrote its path."""
    return briefing.origin.display if briefing.origin else str(briefing.source or "input")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_outputs(
    briefings: Sequence[Briefing], out: str | Path, pdf: bool = True, pptx: bool = True
) -> None:
    """Before a build of several inputs: no two write the same file, none replaces an input."""
    wanted = [f for f in FORMATS if {"pdf": pdf, "pptx": pptx}[f]]
    inputs = {b.source.resolve(): b for b in briefings if b.source is not None}
    seen: dict[Path, Briefing] = {}
    problems = []
    for briefing in briefings:
        display = _display(briefing)
        for target in output_paths(briefing, out, None, wanted).values():
            key = target.resolve()
            if key in seen and seen[key] is not briefing:
                other = _display(seen[key])
                problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "",
                        f"writes {target}, as does {other}; build them into "
                        "different --out folders or rename one",
                    )
                )
            elif key in inputs and inputs[key] is not briefing:
                problems.append(
                    Problem(
                        display,
                        1,
                        1,
                        "",
                        f"the output {target} would replace the input "
                        f"{key.name}; choose another output folder (--out)",
                    )
                )
            seen.setdefault(key, briefing)
    if problems:
        raise InputError(problems)


__all__ = [
    "FORMATS",
    "BuildResult",
    "Document",
    "Options",
    "build",
    "check_outputs",
    "prepare",
    "resolve_theme",
]
