"""The ``briefgen`` command: a thin layer over the library API.

Heavy modules (reportlab, python-pptx, the renderers) are imported inside the
commands that need them, so ``briefgen --help`` and ``validate`` start quickly.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from briefgen import __version__
from briefgen.errors import BuildError, InputError

if TYPE_CHECKING:
    from briefgen.model import Briefing

app = typer.Typer(
    name="briefgen",
    help="Turn a YAML advocacy briefing into a branded PDF briefing and a PowerPoint deck.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_INPUT = 2
"""Exit status for bad input (briefing, theme, images): the user can fix it."""


class Paper(StrEnum):
    a4 = "A4"
    letter = "Letter"


class Aspect(StrEnum):
    wide = "16:9"
    standard = "4:3"


def _fail(err: Exception, debug: bool) -> NoReturn:
    if debug:
        raise err
    if isinstance(err, InputError):
        for problem in err.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(EXIT_INPUT)
    typer.echo(f"briefgen: error: {err}", err=True)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Turn a YAML advocacy briefing into a branded PDF briefing and a PowerPoint deck."""


Inputs = Annotated[list[Path], typer.Argument(help="Briefing YAML file(s).", show_default=False)]
Lang = Annotated[
    str | None, typer.Option("--lang", help="Language to build (default: the input's language).")
]
Fallback = Annotated[
    bool,
    typer.Option("--fallback", help="Use the input's language where a translation is missing."),
]
ThemeOption = Annotated[
    str | None, typer.Option("--theme", help="Theme name or path (overrides the input).")
]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")]
Assets = Annotated[
    list[Path] | None,
    typer.Option(
        "--assets",
        help="A folder the briefing and theme may take files from besides their own (repeat).",
    ),
]


def _load_all(
    inputs: list[Path],
    lang: str | None,
    fallback: bool,
    debug: bool,
    assets: list[Path] | None = None,
) -> list[Briefing]:
    from briefgen.load import load

    loaded = []
    problems = []
    for path in inputs:
        try:
            loaded.append(load(path, lang=lang, fallback=fallback, assets=assets or ()))
        except InputError as err:
            problems.extend(err.problems)
        except ValueError as err:  # an --assets folder that does not exist
            _fail(BuildError(str(err)), debug)
    if problems:
        _fail(InputError(problems), debug)
    return loaded


@app.command()
def build(
    inputs: Inputs,
    pdf: Annotated[bool, typer.Option("--pdf", help="Write the PDF briefing.")] = False,
    pptx: Annotated[bool, typer.Option("--pptx", help="Write the slide deck.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("outputs"),
    theme: ThemeOption = None,
    lang: Lang = None,
    fallback: Fallback = False,
    handout: Annotated[
        bool | None,
        typer.Option("--handout/--no-handout", help="Add the one-page key recommendations."),
    ] = None,
    paper: Annotated[Paper | None, typer.Option("--paper", help="PDF page size.")] = None,
    aspect: Annotated[Aspect | None, typer.Option("--aspect", help="Slide shape.")] = None,
    assets: Assets = None,
    debug: Debug = False,
) -> None:
    """Build the PDF and/or the deck (both when neither --pdf nor --pptx is given)."""
    from briefgen.build import Options, check_outputs, resolve_theme
    from briefgen.build import build as run_build

    if not pdf and not pptx:
        pdf = pptx = True
    briefings = _load_all(inputs, lang, fallback, debug, assets)
    options = Options(
        lang=lang,
        handout=handout,
        page_size=paper.value if paper else None,
        aspect=aspect.value if aspect else None,
    )
    try:
        check_outputs(briefings, out, pdf, pptx)  # before anything is written
        themes = [resolve_theme(b, theme) for b in briefings]
        for briefing, chosen in zip(briefings, themes, strict=True):
            result = run_build(briefing, pdf=pdf, pptx=pptx, out=out, theme=chosen, options=options)
            for fmt, path in result.written.items():
                detail = ""
                if fmt == "pdf" and result.pages:
                    detail = f" ({result.pages} pages)"
                if fmt == "pptx" and result.slides:
                    detail = f" ({result.slides} slides)"
                typer.echo(f"wrote {path}{detail}")
            if result.talk_seconds is not None:
                minutes, seconds = divmod(round(result.talk_seconds), 60)
                typer.echo(f"estimated talk time: {minutes}:{seconds:02d}")
            for warning in result.warnings:
                typer.echo(f"warning: {warning}", err=True)
    except (InputError, BuildError, OSError, ValueError) as err:
        _fail(err, debug)


@app.command()
def validate(
    inputs: Inputs,
    theme: ThemeOption = None,
    lang: Lang = None,
    fallback: Fallback = False,
    assets: Assets = None,
    debug: Debug = False,
) -> None:
    """Check briefing files (and their theme's fonts and logos) as a build would."""
    from briefgen.build import Options, prepare

    briefings = _load_all(inputs, lang, fallback, debug, assets)
    problems = []
    for briefing in briefings:
        try:
            prepare(briefing, theme, Options(lang=lang))
        except InputError as err:
            problems.extend(err.problems)
        except BuildError as err:
            _fail(err, debug)
    if problems:
        _fail(InputError(problems), debug)
    for path, briefing in zip(inputs, briefings, strict=True):
        typer.echo(f"{path}: ok ({len(briefing.issues)} issues)")


@app.command()
def schema(
    theme: Annotated[
        bool, typer.Option("--theme", help="Print the theme.yaml schema instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the input format (for editors and tools)."""
    from briefgen.schema import schema_text

    sys.stdout.write(schema_text(theme=theme))


@app.command()
def themes() -> None:
    """List the shipped themes with a one-line description."""
    from briefgen.theme import available, describe

    shipped = available()
    width = max((len(n) for n in shipped), default=0)
    for name in shipped:
        typer.echo(f"{name.ljust(width)}  {describe(name)}")


def main() -> None:
    """Entry point: an unexpected failure is one line, with --debug showing the traceback."""
    try:
        app()
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as err:  # a bug, not bad input: say so in one line
        if "--debug" in sys.argv:
            raise
        typer.echo(
            f"briefgen: internal error: {type(err).__name__}: {err} (rerun with --debug)", err=True
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
