"""The ``briefgen`` command: a thin layer over the library API and briefgen.workflow.

It uses argparse from the standard library and imports every heavy module (pydantic,
reportlab, python-pptx, the renderers) inside the command that needs it, so
``briefgen --help`` starts in a few tens of milliseconds.
"""

from __future__ import annotations

import sys

from briefgen import __version__

TYPE_CHECKING = False  # importing typing and pathlib would cost start-up time
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any, NoReturn

    from briefgen.model import Briefing
    from briefgen.workflow.jobs import Settings

EXIT_INPUT = 2
"""Exit status for bad input (briefing, theme, images): the user can fix it."""

DESCRIPTION = "Turn a YAML advocacy briefing into a branded PDF briefing and a PowerPoint deck."


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _path(text: str) -> Path:
    from pathlib import Path

    return Path(text)


def _echo(text: str, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


def _fail(err: Exception, debug: bool) -> NoReturn:
    from briefgen.errors import InputError

    if debug:
        raise err
    if isinstance(err, InputError):
        for problem in err.problems:
            _echo(str(problem), err=True)
        raise _Exit(EXIT_INPUT)
    _echo(f"briefgen: error: {err}", err=True)
    raise _Exit(1)


def _assets(a: argparse.Namespace) -> tuple[str, ...]:
    """The --assets folders, each checked to be a folder (an error, status 1, if not)."""
    if not a.assets:
        return ()
    from briefgen.errors import BuildError
    from briefgen.load import asset_folders

    try:
        return tuple(str(p) for p in asset_folders(a.assets))
    except ValueError as err:
        _fail(BuildError(str(err)), a.debug)


def _load_all(
    inputs: list[Path],
    lang: str | None,
    fallback: bool,
    debug: bool,
    assets: tuple[str, ...] = (),
) -> list[Briefing]:
    from briefgen.errors import InputError
    from briefgen.load import load

    loaded = []
    problems = []
    for path in inputs:
        try:
            loaded.append(load(path, lang=lang, fallback=fallback, assets=assets))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        _fail(InputError(problems), debug)
    return loaded


def cmd_build(a: argparse.Namespace) -> None:
    """Build the PDF and/or the deck (both when neither --pdf nor --pptx is given)."""
    from briefgen.errors import InputError
    from briefgen.workflow import batch
    from briefgen.workflow.jobs import Settings

    pdf, pptx = a.pdf, a.pptx
    if a.output is not None:
        fmt = a.output.suffix.lower().lstrip(".")
        if fmt not in ("pdf", "pptx") or len(a.inputs) != 1 or a.lang == "all":
            _echo(
                "briefgen: error: -o needs one input, one language and a .pdf or .pptx name", True
            )
            raise _Exit(EXIT_INPUT)
        pdf, pptx = fmt == "pdf", fmt == "pptx"
    elif not pdf and not pptx:
        pdf = pptx = True
    settings = Settings(
        pdf, pptx, a.theme, a.lang, a.fallback, a.handout, a.paper, a.aspect, _assets(a)
    )
    settings = _with_sheets(settings, a)
    try:
        planned = batch.plan(a.inputs, settings, a.out, a.output)
    except InputError as err:
        _fail(err, a.debug)
    table = len(planned) > 1
    if a.executor == "dask":
        from briefgen.errors import BuildError
        from briefgen.workflow.dask_executor import runner

        try:
            status = batch.run_many(planned, runner(a.scheduler), table)
        except BuildError as err:
            _fail(err, a.debug)
    else:
        jobs = a.jobs or batch.default_jobs()
        status = batch.run_many(planned, lambda js: batch.run_local(js, jobs), table)
    if status:
        raise _Exit(status)


def _with_sheets(settings: Settings, a: argparse.Namespace) -> Settings:
    """--missions and --factsheets: the tracking sheets, written next to the other outputs."""
    from dataclasses import replace

    missions, factsheets = getattr(a, "missions", False), getattr(a, "factsheets", False)
    return replace(settings, missions=missions, factsheets=factsheets)


def cmd_validate(a: argparse.Namespace) -> None:
    """Check briefing files (and their theme's fonts and logos) as a build would."""
    from briefgen.build import Options, plan
    from briefgen.errors import BuildError, InputError

    briefings = _load_all(a.inputs, a.lang, a.fallback, a.debug, _assets(a))
    problems = []
    for path, briefing in zip(a.inputs, briefings, strict=True):
        try:  # the layout too, so what a build would report is reported here
            for fmt, warning in plan(briefing, a.theme, Options(lang=a.lang)).warnings:
                _echo(f"warning: {path}: {fmt}: {warning}", err=True)
        except InputError as err:
            problems.extend(err.problems)
        except BuildError as err:
            _fail(err, a.debug)
    if problems:
        _fail(InputError(problems), a.debug)
    for path, briefing in zip(a.inputs, briefings, strict=True):
        todos = briefing.todos()
        for todo in todos:
            _echo(f"warning: {todo}", err=True)
        left = f", {len(todos)} to write before building" if todos else ""
        _echo(f"{path}: ok ({len(briefing.issues)} issues{left})")


def cmd_schema(a: argparse.Namespace) -> None:
    """Print the JSON Schema of the input format (for editors and tools)."""
    from briefgen.schema import schema_text

    sys.stdout.write(schema_text(theme=a.theme))


def cmd_themes(a: argparse.Namespace) -> None:
    """List the shipped themes with a one-line description."""
    from briefgen.theme import available, describe

    shipped = available()
    width = max((len(n) for n in shipped), default=0)
    for name in shipped:
        _echo(f"{name.ljust(width)}  {describe(name)}")


def cmd_init(a: argparse.Namespace) -> None:
    """Write NAME.yaml: a commented starter briefing that validates and builds as it is."""
    from briefgen.workflow.starter import write_starter

    try:
        path = write_starter(a.name)
    except FileExistsError as err:
        _echo(f"briefgen: error: {err}", err=True)
        raise _Exit(1) from None
    _echo(f"wrote {path}; edit it, then: briefgen watch {path}")
    _prepare_server()


def cmd_watch(a: argparse.Namespace) -> None:
    """Rebuild on every save of the input, its theme and its pictures (Ctrl+C stops)."""
    from briefgen.workflow.jobs import Settings
    from briefgen.workflow.watch import watch

    pdf, pptx = (True, True) if not a.pdf and not a.pptx else (a.pdf, a.pptx)
    settings = Settings(
        pdf, pptx, a.theme, a.lang, a.fallback, a.handout, a.paper, a.aspect, _assets(a)
    )
    watch(a.input, settings, a.out, interval=a.interval)


def cmd_preview(a: argparse.Namespace) -> None:
    """Write PNG pictures of every page and slide, and one contact sheet."""
    from briefgen.workflow.preview import PreviewError, preview

    try:
        written = preview(
            a.input, a.out, theme=a.theme, lang=a.lang, fallback=a.fallback, assets=_assets(a)
        )
    except PreviewError as err:
        _echo(f"briefgen: error: {err}", err=True)
        raise _Exit(1) from None
    except Exception as err:
        from briefgen.errors import BuildError, InputError

        if isinstance(err, InputError | BuildError):
            _fail(err, a.debug)
        raise
    for path in written:
        _echo(f"wrote {path}")


def _common(p: argparse.ArgumentParser, *, many: bool = True) -> None:
    if many:
        p.add_argument("inputs", nargs="+", type=_path, help="briefing YAML file(s)")
    p.add_argument("--theme", help="theme name or path (default: the input's theme:)")
    p.add_argument("--lang", help="language to build (default: the input's language; build: 'all')")
    p.add_argument(
        "--fallback",
        action="store_true",
        help="show the input's language where a translation is missing, with a warning",
    )
    p.add_argument(
        "--assets",
        action="append",
        type=_path,
        metavar="DIR",
        help="a folder the briefing and theme may take files from besides their own (repeat)",
    )
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")


def cmd_server(a: argparse.Namespace) -> None:
    """The resident build server that makes build and validate start at once.

    The first build or validate of a sitting starts it in the background; it stops after 15
    minutes without a command. BRIEFGEN_SERVER=off keeps every command in its own process.
    """
    from briefgen.workflow import client

    actions = {"start": client.start_now, "stop": client.stop, "status": client.status}
    code, message = actions[a.action]()
    if message:
        _echo(message, err=code != 0)
    if code:
        raise _Exit(code)


def _render_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdf", action="store_true", help="write the PDF briefing")
    p.add_argument("--pptx", action="store_true", help="write the slide deck")
    from argparse import BooleanOptionalAction

    p.add_argument(
        "--handout",
        action=BooleanOptionalAction,
        default=None,
        help="add the one-page key recommendations (default: the theme's choice)",
    )
    p.add_argument("--paper", choices=["A4", "Letter"], help="PDF page size (default: the theme's)")
    p.add_argument("--aspect", choices=["16:9", "4:3"], help="slide shape (default: the theme's)")
    p.add_argument("--out", type=_path, default="outputs", help="output folder (default: outputs)")


# Whole on purpose (76 lines): the command line as one table, every command in the order shown.
def parser() -> argparse.ArgumentParser:
    """The whole command line, built from the standard library only."""
    import argparse  # here, not at the top: the build server's client never needs it

    class _Formatter(argparse.HelpFormatter):
        def add_usage(
            self, usage: Any, actions: Any, groups: Any, prefix: str | None = None
        ) -> None:
            super().add_usage(usage, actions, groups, "Usage: " if prefix is None else prefix)

    top = argparse.ArgumentParser(
        prog="briefgen", description=DESCRIPTION, formatter_class=_Formatter
    )
    top.add_argument("--version", action="version", version=f"briefgen {__version__}")
    subs = top.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], None]) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        sub = subs.add_parser(
            name, help=doc.split("\n")[0], description=doc, formatter_class=_Formatter
        )
        sub.set_defaults(func=func)
        return sub

    build = command("build", cmd_build)
    _common(build)
    _render_options(build)
    build.add_argument(
        "--missions",
        action="store_true",
        help="also write NAME.missions.pdf: one page per recommending state (tracking data)",
    )
    build.add_argument(
        "--factsheets",
        action="store_true",
        help="also write NAME.factsheets.pdf: one page per issue (tracking data)",
    )
    build.add_argument(
        "-o", "--output", type=_path, help="write one output to FILE (format from .pdf/.pptx)"
    )
    build.add_argument(
        "--jobs", "-j", type=int, default=0, help="parallel builds (default: number of cores)"
    )
    build.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="local",
        help="where builds run (default: local; dask needs briefgen[dask])",
    )
    build.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")

    _common(command("validate", cmd_validate))
    schema = command("schema", cmd_schema)
    schema.add_argument("--theme", action="store_true", help="print the theme.yaml schema instead")
    command("themes", cmd_themes)
    init = command("init", cmd_init)
    init.add_argument("name", help="name of the new briefing (writes NAME.yaml)")

    watch = command("watch", cmd_watch)
    watch.add_argument("input", type=_path, help="briefing YAML file")
    _common(watch, many=False)
    _render_options(watch)
    watch.add_argument(
        "--interval", type=float, default=0.2, help="seconds between checks (default: 0.2)"
    )

    preview = command("preview", cmd_preview)
    preview.add_argument("input", type=_path, help="briefing YAML file")
    _common(preview, many=False)
    preview.add_argument(
        "--out", type=_path, default="preview", help="picture folder (default: preview)"
    )
    _import_options(command("import", cmd_import))
    server = command("server", cmd_server)
    server.add_argument("action", choices=["start", "stop", "status"], help="what to do")
    return top


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit status (argparse errors exit with 2)."""
    top = parser()
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:  # as before: the help, with the status of a usage error
        top.print_help()
        return 2
    namespace = top.parse_args(args)
    if not hasattr(namespace, "func"):
        top.print_help()
        return 0
    try:
        namespace.func(namespace)
    except _Exit as done:
        return done.code
    return 0


class App:
    """``app.main(args=[...])`` runs the command line and exits, like a click command."""

    name = "briefgen"

    def main(
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **_: Any
    ) -> None:
        sys.exit(run(args))

    def __call__(self, args: Sequence[str] | None = None) -> None:
        self.main(args)


app = App()


def cmd_import(a: argparse.Namespace) -> None:
    """Start a briefing from UN recommendation data (UPR Info CSV/XLSX, OHCHR .docx, UHRI)."""
    from briefgen.errors import BuildError, InputError
    from briefgen.importers import import_source

    try:
        result = import_source(
            a.source,
            a.output,
            country=a.country,
            cycle=a.cycle,
            group_by=a.group_by,
            sheet=a.sheet,
            columns=a.columns,
            force=a.force,
        )
    except (InputError, BuildError) as err:
        _fail(err, a.debug)
    for problem in result.skipped:
        _echo(str(problem), err=True)
    for problem in result.warnings:
        _echo(f"warning: {problem}", err=True)
    read_as = f" (read as {result.encoding})" if result.encoding else ""
    skipped = f", {_count(len(result.skipped), 'row')} skipped" if result.skipped else ""
    _echo(f"read {a.source}{read_as}: {_count(result.records, 'recommendation')}{skipped}")
    _echo(
        f"wrote {result.written} ({_count(result.issues, 'issue')}); next: write what its "
        f"todo lines ask, then briefgen validate {result.written}"
    )
    _prepare_server()


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", type=_path, help="CSV, XLSX, OHCHR .docx or UHRI JSON file")
    p.add_argument(
        "-o", "--out", dest="output", type=_path, required=True, help="the briefing YAML to write"
    )
    p.add_argument("--country", help="keep this state under review")
    p.add_argument("--cycle", type=int, help="keep this UPR cycle")
    p.add_argument("--group-by", help="column to group issues by (default: theme)")
    p.add_argument("--sheet", help="XLSX sheet to read")
    p.add_argument("--columns", help="other column names: text=Recommendation,states=RS,...")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.add_argument("--debug", action="store_true", help="show a traceback on errors")


def _prepare_server() -> None:
    """A build or validate comes next: have a build server ready for it (see server)."""
    from briefgen.workflow import client

    client.prepare()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def main() -> None:
    """Entry point: a build or validate goes to the resident build server when one answers
    (see briefgen.workflow.client); otherwise the command runs here."""
    from briefgen.workflow import client

    args = sys.argv[1:]
    served = client.run(args)
    raise SystemExit(run_main(args) if served is None else served)


def run_main(args: Sequence[str]) -> int:
    """Run one command line; an unexpected failure is one line, --debug shows the traceback."""
    try:
        return run(args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as err:  # a bug, not bad input: say so in one line
        if "--debug" in args:
            raise
        _echo(f"briefgen: internal error: {type(err).__name__}: {err} (rerun with --debug)", True)
        return 1


if __name__ == "__main__":
    main()
