"""Many builds at once: plan the outputs, run the jobs in processes, write, summarise.

Every output name is decided before anything runs, so two inputs that would write the same
file are refused up front. Jobs run in a process pool (or on Dask); the caller's process
writes each input's outputs atomically once all of them are ready, and goes on past a
failing input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO, TextIO

from briefgen.errors import InputError, Problem
from briefgen.output import check_targets
from briefgen.workflow.jobs import Job, Outcome, Settings, languages, run_job


@dataclass(frozen=True)
class Planned:
    """A job and the file each of its formats goes to."""

    job: Job
    targets: dict[str, Path]


def plan(
    inputs: list[Path],
    settings: Settings,
    out: Path,
    output_file: Path | None = None,
) -> list[Planned]:
    """The jobs and their target files; InputError when two jobs would write one file."""
    problems: list[Problem] = []
    planned: list[Planned] = []
    for path in inputs:
        langs: list[str | None] = [settings.lang]
        if settings.lang == "all":
            try:
                langs = list(languages(path))
            except InputError as err:  # reported again, positioned, when the job runs
                problems.extend(err.problems)
                continue
        for lang in langs:
            suffix = f".{lang}" if settings.lang == "all" else ""
            if output_file is not None:
                targets: dict[str, Path] = {settings.formats[0]: output_file}
            else:
                targets = {fmt: out / f"{path.stem}{suffix}.{fmt}" for fmt in settings.formats}
                targets.update(
                    {f"{k}.pdf": out / f"{path.stem}{suffix}.{k}.pdf" for k in settings.sheets}
                )
            planned.append(Planned(Job(str(path), lang, settings), targets))
    problems += check_targets((p.job.path, Path(p.job.path), p.targets.values()) for p in planned)
    if problems:
        raise InputError(problems)
    return planned


def run_local(jobs: list[Job], workers: int) -> Iterator[tuple[int, Outcome]]:
    """(job index, outcome) as each finishes: in this process for one job, else in a pool."""
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            yield index, run_job(job)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed  # a pool only for many

    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {pool.submit(run_job, job): i for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            yield futures[future], future.result()


def write_outcome(outcome: Outcome, targets: dict[str, Path]) -> list[Path]:
    """Write every output of one finished job: all of them or none (each to a temporary file,
    then all renamed); nothing if the job failed."""
    from briefgen.output import write_all

    if not outcome.ok:
        return []
    return write_all([(targets[fmt], partial(_put, data)) for fmt, data in outcome.outputs.items()])


def _put(data: bytes, stream: BinaryIO) -> None:
    stream.write(data)


def _talk(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


class Progress:
    """A one-line bar on a terminal; nothing on a pipe (the result lines say enough)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.live = total > 1 and stream.isatty()

    def step(self, name: str) -> None:
        self.done += 1
        if self.live:
            width = 30
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} {name[:40]:<40}")
            self.stream.flush()

    def clear(self) -> None:
        if self.live:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()


def summary(rows: Iterable[tuple[Outcome, Planned]]) -> str:
    """The table printed after a many-input build."""
    header = ("file", "pages", "slides", "talk", "seconds", "result")
    lines = [header]
    for outcome, item in rows:
        name = item.job.path + (f" [{item.job.lang}]" if item.job.settings.lang == "all" else "")
        result = "ok" if outcome.ok else ("bad input" if outcome.status == 2 else "error")
        lines.append(
            (
                name,
                str(outcome.pages) if outcome.pages else "-",
                str(outcome.slides) if outcome.slides else "-",
                _talk(outcome.talk_seconds),
                f"{outcome.seconds:.2f}",
                result,
            )
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(w) if i in (0, 5) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in lines
    )


def report(outcome: Outcome, written: list[Path], out: TextIO, err: TextIO) -> None:
    """The lines a build prints for one finished job (warnings name the file they are about)."""
    for line in outcome.problems:
        print(line, file=err)
    for path in written:
        detail = ""
        kind = ".".join(path.name.split(".")[-2:])  # "missions.pdf" for NAME.missions.pdf
        if kind in outcome.sheet_pages:
            detail = f" ({outcome.sheet_pages[kind]} pages)"
        elif path.suffix == ".pdf" and outcome.pages:
            detail = f" ({outcome.pages} pages)"
        if path.suffix == ".pptx" and outcome.slides:
            detail = f" ({outcome.slides} slides)"
        print(f"wrote {path}{detail}", file=out)
    if outcome.ok and outcome.talk_seconds is not None:
        print(f"estimated talk time: {_talk(outcome.talk_seconds)}", file=out)
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=err)
    files = {path.suffix.lower().lstrip("."): path for path in written}
    for fmt, message in outcome.output_warnings:
        if fmt in files:
            print(f"warning: {files[fmt]}: {message}", file=err)


Runner = Callable[[list[Job]], Iterable[tuple[int, Outcome]]]


def run_many(planned: list[Planned], runner: Runner, table: bool) -> int:
    """Run, write and report every job; the exit status (2 bad input, 1 other failure)."""
    progress = Progress(len(planned), sys.stderr)
    rows: list[tuple[int, Outcome, Planned]] = []
    waiting: dict[int, tuple[Outcome, list[Path]]] = {}  # finished, printed in input order
    for index, outcome in runner([p.job for p in planned]):
        item = planned[index]
        try:
            written = write_outcome(outcome, item.targets)
        except Exception as error:  # disk full, unwritable folder: this input failed
            outcome.problems, outcome.status, written = [f"briefgen: error: {error}"], 1, []
        waiting[index] = (outcome, written)
        progress.clear()
        while len(rows) in waiting:
            done, files = waiting.pop(len(rows))
            report(done, files, sys.stdout, sys.stderr)
            rows.append((len(rows), done, planned[len(rows)]))
        progress.step(item.job.path)
    progress.clear()
    if table:
        print(summary((o, p) for _, o, p in sorted(rows, key=lambda r: r[0])), file=sys.stdout)
    statuses = [o.status for _, o, _ in rows]
    return 2 if 2 in statuses else (1 if any(statuses) else 0)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
