"""One build as a pure function: a :class:`Job` in, an :class:`Outcome` (bytes) out.

The local process pool and the Dask executor both run :func:`run_job`; only the caller
writes files, atomically, after every output of an input is ready. A failed input therefore
never leaves a partial output, and a worker that dies loses nothing but its own work.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefgen.errors import BuildError, InputError

if TYPE_CHECKING:
    from briefgen.model import Briefing

MAX_BUNDLE_BYTES = 64 * 1024 * 1024
"""Largest set of files (input, logos, theme folder) shipped to a remote worker."""


@dataclass(frozen=True)
class Settings:
    """What the user chose on the command line, the same for every input."""

    pdf: bool = True
    pptx: bool = True
    theme: str | None = None
    lang: str | None = None
    fallback: bool = False
    handout: bool | None = None
    paper: Literal["A4", "Letter"] | None = None
    aspect: Literal["16:9", "4:3"] | None = None
    assets: tuple[str, ...] = ()
    """Folders besides the input's own that it and its theme may take files from (--assets)."""
    missions: bool = False  # also NAME.missions.pdf (tracking data needed)
    factsheets: bool = False  # also NAME.factsheets.pdf

    @property
    def sheets(self) -> tuple[Literal["missions", "factsheets"], ...]:
        """The tracking sheets asked for, each written as NAME.KIND.pdf."""
        wanted = (("missions", self.missions), ("factsheets", self.factsheets))
        return tuple(kind for kind, on in wanted if on)  # type: ignore[misc]

    @property
    def formats(self) -> tuple[Literal["pdf", "pptx"], ...]:
        wanted = (("pdf", self.pdf), ("pptx", self.pptx))
        return tuple(fmt for fmt, on in wanted if on)  # type: ignore[misc]


@dataclass(frozen=True)
class Job:
    """One input to build in one language.

    ``files`` empty: read ``path`` from the local disk. Otherwise ``files`` holds the input
    (under ``entry``) and every file it refers to, by path relative to one folder holding
    the input's folder and the ``--assets`` folders (``assets``, relative to it too), so a
    worker without the user's disk can build it.
    """

    path: str
    lang: str | None
    settings: Settings
    files: dict[str, bytes] = field(default_factory=dict)
    entry: str = ""
    assets: tuple[str, ...] = ()
    watching: bool = False
    """List the files the build reads in its Outcome (``watch`` does; others need not)."""


@dataclass
class Outcome:
    """What one job produced: output bytes by format, or the problems that stopped it."""

    path: str
    lang: str | None
    outputs: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    status: int = 0
    pages: int | None = None
    slides: int | None = None
    talk_seconds: float | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    output_warnings: list[tuple[str, str]] = field(default_factory=list)
    """(format, message): printed after the name of the file that format was written to."""
    sheet_pages: dict[str, int] = field(default_factory=dict)
    """Pages of each tracking sheets PDF, by its output key ("missions.pdf")."""
    read: list[Path] = field(default_factory=list)
    """The files the build depends on (input, pictures, theme folder), for a ``watching`` job."""

    @property
    def ok(self) -> bool:
        return self.status == 0


def run_job(job: Job) -> Outcome:
    """Build one job in memory. Bad input is an Outcome with status 2, never an exception."""
    start = time.perf_counter()
    outcome = Outcome(job.path, job.lang)
    try:
        if job.files:
            with tempfile.TemporaryDirectory(prefix="briefgen-") as folder:
                root = Path(folder)
                _unpack(job, root)
                assets = tuple(str(root / a) for a in job.assets)
                entry = root / (job.entry or Path(job.path).name)
                _build_into(outcome, job, entry, assets)
        else:
            _build_into(outcome, job, Path(job.path), job.settings.assets)
    except InputError as err:
        outcome.problems = [str(p) for p in err.problems]
        outcome.status = 2
    except (BuildError, OSError) as err:
        outcome.problems = [f"briefgen: error: {err}"]
        outcome.status = 1
    if job.files:  # messages name the user's file, not the worker's copy of it
        outcome.problems = [_untemp(p, job.path) for p in outcome.problems]
        outcome.warnings = [_untemp(w, job.path) for w in outcome.warnings]
    outcome.seconds = time.perf_counter() - start
    return outcome


def _untemp(text: str, original: str) -> str:
    """Replace the worker's temporary copy of the input with the user's path."""
    import re

    pattern = r"[^\s:]*briefgen-[A-Za-z0-9_]+/(?:[^\s:]*/)?" + re.escape(Path(original).name)
    return re.sub(pattern, lambda _: original, text)


def _build_into(outcome: Outcome, job: Job, path: Path, assets: tuple[str, ...]) -> None:
    from briefgen.build import Options, build_bytes
    from briefgen.load import load

    settings = job.settings
    briefing = load(path, lang=job.lang, fallback=settings.fallback, assets=assets)
    if job.watching:
        outcome.read = files_read(path, briefing, settings.theme)
    if briefing.fallbacks:
        shown = ", ".join(briefing.fallbacks[:8])
        more = f" and {len(briefing.fallbacks) - 8} more" if len(briefing.fallbacks) > 8 else ""
        outcome.warnings.append(
            f"{job.path}: {_fields(len(briefing.fallbacks))} no '{job.lang}' translation "
            f"and are shown in {briefing.language}: {shown}{more}"
        )
    options = Options(
        lang=job.lang, handout=settings.handout, page_size=settings.paper, aspect=settings.aspect
    )
    result = build_bytes(briefing, settings.formats, theme=settings.theme, options=options)
    outcome.outputs = result.outputs
    outcome.pages, outcome.slides = result.pages, result.slides
    outcome.talk_seconds = result.talk_seconds
    outcome.output_warnings = result.warnings
    if settings.sheets:
        from briefgen.sheets import build_sheets

        sheets = build_sheets(briefing, settings.sheets, theme=settings.theme, options=options)
        for kind, data in sheets.outputs.items():
            outcome.outputs[f"{kind}.pdf"] = data
        outcome.sheet_pages = {f"{k}.pdf": n for k, n in sheets.pages.items()}
        outcome.warnings += [f"{job.path}: {w}" for w in sheets.warnings]


def files_read(path: Path, briefing: Briefing, theme: str | None) -> list[Path]:
    """The input, its members' pictures, every file of its theme's folder and the theme's
    logos: what a build of ``briefing`` reads, so ``watch`` knows what to watch."""
    from briefgen.build import resolve_theme

    files = [path]
    if briefing.coalition:
        files += [Path(m.logo) for m in briefing.coalition.members if m.logo]
    chosen = resolve_theme(briefing, theme)
    if chosen.folder.is_dir():
        files += sorted(p for p in chosen.folder.rglob("*") if p.is_file())
    files += list(chosen.logos)
    return list(dict.fromkeys(files))


def _unpack(job: Job, folder: Path) -> None:
    for name, data in job.files.items():
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise BuildError(f"refusing to unpack {name!r} outside the build folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def bundle(job: Job) -> Job:
    """The same job carrying its input and every file it names, for a worker elsewhere.

    Logos and a theme given as a path must sit in the input's folder (or below it) or in an
    ``--assets`` folder; shipped theme names need no files. Files keep their places relative
    to one another, so relative paths in the input and the theme still lead to them. Raises
    InputError through ``load`` for a bad input.
    """
    import os

    from briefgen.load import load

    path = Path(job.path)
    folder = path.resolve().parent
    assets = tuple(Path(a).resolve() for a in job.settings.assets)
    briefing = load(path, lang=job.lang, fallback=job.settings.fallback, assets=assets)
    wanted = [path.resolve()]
    if briefing.coalition:
        wanted += [Path(m.logo) for m in briefing.coalition.members if m.logo]
    theme = job.settings.theme or briefing.theme
    if theme and ("/" in theme or theme.endswith((".yaml", ".yml"))):
        theme_path = (folder / theme).resolve()
        theme_dir = theme_path if theme_path.is_dir() else theme_path.parent
        wanted += [p for p in theme_dir.rglob("*") if p.is_file()]
    root = Path(os.path.commonpath([folder, *assets]))
    files: dict[str, bytes] = {}
    total = 0
    for file in wanted:
        if not any(file.is_relative_to(allowed) for allowed in (folder, *assets)):
            raise BuildError(
                f"{job.path}: {file} is outside the input's folder and --assets; cannot ship it"
            )
        data = file.read_bytes()
        total += len(data)
        if total > MAX_BUNDLE_BYTES:
            raise BuildError(f"{job.path}: the input and its files exceed 64 MB")
        files[str(file.relative_to(root))] = data
    entry = str(path.resolve().relative_to(root))
    shipped = tuple(str(a.relative_to(root)) for a in assets)
    return Job(job.path, job.lang, job.settings, files, entry, shipped)


def languages(path: Path) -> list[str]:
    """Every language the input provides: its ``language`` and each translation code."""
    from briefgen.load import parse_yaml, read_text
    from briefgen.model import LANG_CODE

    data, _ = parse_yaml(read_text(path, str(path)), str(path))
    first = data.get("language", "en") if isinstance(data, dict) else "en"
    found: dict[str, None] = {str(first): None}

    def walk(value: object) -> None:
        if isinstance(value, dict):
            keys = list(value)
            if (
                keys
                and all(isinstance(k, str) and LANG_CODE.match(k) for k in keys)
                and all(isinstance(v, str) for v in value.values())
            ):
                found.update(dict.fromkeys(keys))
            else:
                for item in value.values():
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return list(found)


def _fields(n: int) -> str:
    """``1 field has`` / ``2 fields have``: the start of the fallback warning."""
    return "1 field has" if n == 1 else f"{n} fields have"
