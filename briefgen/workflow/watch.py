"""``briefgen watch INPUT``: rebuild in this process on every save, keeping imports warm.

The loop polls modification times (no extra dependency, works on every file system) of the
input, every file of its theme's folder and every picture it names. A save that breaks the
input prints the problems and keeps the last good outputs; the loop never exits on it.
"""

from __future__ import annotations

import gc
import sys
import time
from dataclasses import replace
from pathlib import Path

from briefgen.workflow.batch import plan, report, write_outcome
from briefgen.workflow.jobs import Job, Outcome, Settings, files_read, run_job

Stamps = dict[Path, float]


def watched_files(path: Path, settings: Settings) -> list[Path]:
    """The input, its theme's files and its pictures (as far as the input can be read)."""
    try:
        from briefgen.load import load

        briefing = load(path, lang=settings.lang, fallback=True, assets=settings.assets)
        return files_read(path, briefing, settings.theme)
    except Exception:  # a broken input still gets watched: the next save may fix it
        return [path]


def stamps(files: list[Path]) -> Stamps:
    """Modification time and size of each file (missing files count as changed later)."""
    out: Stamps = {}
    for file in files:
        try:
            info = file.stat()
            out[file] = info.st_mtime_ns + info.st_size * 1e-3
        except OSError:
            out[file] = -1.0
    return out


def rebuild(job: Job, targets: dict[str, Path]) -> Outcome:
    """Build once in this process and print the result; the outcome says whether the outputs
    were written (``ok``) and which files the build read."""
    start = time.perf_counter()
    outcome = run_job(job)
    try:
        written = write_outcome(outcome, targets)
    except Exception as err:  # an unwritable folder must not stop the watch
        outcome.problems, outcome.status, written = [f"briefgen: error: {err}"], 1, []
    report(outcome, written, sys.stdout, sys.stderr)
    clock = time.strftime("%H:%M:%S")
    elapsed = time.perf_counter() - start
    if outcome.ok:
        print(f"[{clock}] rebuilt in {elapsed:.2f} s; watching for changes", flush=True)
    else:
        print(f"[{clock}] not rebuilt; the last good outputs stay; watching", flush=True)
    sys.stderr.flush()
    return outcome


def watch(path: Path, settings: Settings, out: Path, interval: float = 0.2) -> None:
    """Build now, then again whenever a watched file changes; Ctrl+C stops."""
    items = [replace(i, job=replace(i.job, watching=True)) for i in plan([path], settings, out)]
    print(f"watching {path} (Ctrl+C stops)", flush=True)
    files = watched_files(path, settings)
    seen = stamps(files)
    for item in items:
        rebuild(item.job, item.targets)
    # What the first build loaded (modules, fonts, templates) lives as long as the watch:
    # kept out of the garbage collector's full passes, which would scan it after every save.
    gc.collect()
    gc.freeze()
    try:
        while True:
            time.sleep(interval)
            now = stamps(files)
            if now == seen:
                continue
            time.sleep(0.05)  # let an editor finish writing before reading the file
            seen = stamps(files)
            read: list[Path] = []
            for item in items:
                read += rebuild(item.job, item.targets).read
            # what the build read (a new logo, another theme); a broken input: the old list
            if read:  # files new to the list are stamped now; the others keep their stamps
                files = list(dict.fromkeys([path, *read]))
                fresh = stamps([f for f in files if f not in seen])
                seen = {f: seen[f] if f in seen else fresh[f] for f in files}
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
