"""Time briefgen against pandoc (Markdown -> PPTX) and typst (Typst -> PDF), whole processes.

Why whole processes: a user runs ``briefgen build`` from a shell, so start-up (the
interpreter, imports, font loading) is part of what they wait for. Each command runs in
its own process; wall time is taken around it, peak memory is its ``ru_maxrss`` from
``os.wait4`` (so one command's memory never leaks into another's figure; see LAUNCHER for
why a small launcher process starts each command).

The peers get the *same content*: the script writes Markdown and Typst sources itself from
the same YAML (issues with headings, situation bullets, recommendations, members), so all
tools typeset the same words. It is not like-for-like in features: pandoc and typst do not
measure text to keep slides from overflowing, number recommendations across the deck, or
check glyph coverage; read the ratios as "what briefgen's extra work costs".

One machine, one run: compare rows of the same table, not tables from different machines.

Usage:
    python3 bench/compare.py                 # kz + 10, 112, 500, 1000 issues, 5 runs each
    python3 bench/compare.py --quick         # kz + 10 + 112 issues
    python3 bench/compare.py --runs 3 --sizes 10 200 --markdown bench-results.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "inputs" / "kz.yaml"
FULL_SIZES = (10, 112, 500, 1000)
QUICK_SIZES = (10, 112)
TIMEOUT = 900.0  # seconds per run; a run that takes longer is reported, not waited for

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (bench/ is not a package)
from peers import read_content, to_markdown, to_typst  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Running one command
# ---------------------------------------------------------------------------------------------


@dataclass
class Measure:
    """Runs of one command: wall seconds and peak RSS (MB) of each, or why it failed."""

    case: str
    tool: str
    fmt: str = ""  # "pdf" / "pptx" / "" (no peer to compare with)
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    error: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.error else None

    @property
    def peak(self) -> float | None:
        return max(self.peak_mb) if self.peak_mb and not self.error else None

    @property
    def spread(self) -> float | None:
        """(max - min) / median of wall time: how noisy this row was."""
        if self.error or len(self.seconds) < 2:
            return None
        med = statistics.median(self.seconds)
        return (max(self.seconds) - min(self.seconds)) / med if med else None


# Linux charges a child the parent's memory: fork (and vfork/posix_spawn) copies the parent's
# RSS high-water mark, and exec keeps it, so a child of this script (which has imported
# yaml and friends) never reports less than this script's own size — `python3 -c pass`
# showed 79 MB. So every command is started by a tiny launcher (`python3 -S`, a few MB)
# that forks it, waits for it with os.wait4 and reports wall time and ru_maxrss on a pipe.
LAUNCHER = """
import os, sys, time
report = int(sys.argv[1])
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
os.write(report, f"{wall!r} {usage.ru_maxrss} {code}".encode())
"""


def run_once(
    argv: Sequence[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> tuple[float, float, str]:
    """Run a command as a grandchild; (wall seconds, peak RSS MB, error text or "")."""
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-S", "-c", LAUNCHER, str(write_end), *argv],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
                pass_fds=(write_end,),
                start_new_session=True,  # so a timeout can kill the command with the launcher
            )
        finally:
            os.close(write_end)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            os.close(read_end)
            return timeout, 0.0, f"timed out after {timeout:.0f} s"
        with os.fdopen(read_end, "rb") as report:
            fields = report.read().decode().split()
        if len(fields) != 3:
            return 0.0, 0.0, f"launcher failed (exit {proc.returncode})"
        wall, peak_kb, code = float(fields[0]), int(fields[1]), int(fields[2])
        if code != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            last = lines[-1] if lines else ""
            return wall, peak_kb / 1024, f"exit {code}: {last[:160]}"
        return wall, peak_kb / 1024, ""  # ru_maxrss is in kilobytes on Linux


def measure(
    case: str,
    tool: str,
    argv: Sequence[str],
    cwd: Path,
    runs: int,
    fmt: str = "",
    timeout: float = TIMEOUT,
    warmup: bool = True,
    env: dict[str, str] | None = None,
) -> Measure:
    """One untimed warm-up run (file cache, font caches), then ``runs`` timed runs."""
    result = Measure(case, tool, fmt)
    label = f"{case:>11} {tool:<28}"
    print(f"  {label} ...", end="", file=sys.stderr, flush=True)
    if warmup:
        _, _, error = run_once(argv, cwd, timeout, env)
        if error:
            result.error = error
            print(f" failed: {error}", file=sys.stderr)
            return result
    for _ in range(runs):
        wall, peak, error = run_once(argv, cwd, timeout, env)
        if error:
            result.error = error
            break
        result.seconds.append(wall)
        result.peak_mb.append(peak)
    shown = f"{result.median:.3f} s" if result.median is not None else f"failed: {result.error}"
    print(f" {shown}", file=sys.stderr)
    return result


# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------


def briefgen_command() -> list[str]:
    exe = shutil.which("briefgen")
    return [exe] if exe else [sys.executable, "-m", "briefgen.cli"]


def pandoc_version() -> str | None:
    exe = shutil.which("pandoc")
    if not exe:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.splitlines()[0] if out.returncode == 0 and out.stdout else None


def typst_version() -> str | None:
    try:
        import typst  # noqa: F401
    except ImportError:
        return None
    try:
        return f"typst (PyPI) {importlib.metadata.version('typst')}"
    except importlib.metadata.PackageNotFoundError:
        return "typst (PyPI)"


def _dist(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def font_dir() -> Path | None:
    """Where the default theme's DejaVu Sans lives, so typst sets the same font."""
    try:
        from briefgen import fonts
        from briefgen.theme import load_theme

        return fonts.resolve(load_theme("default").font_spec("regular")).path.parent
    except Exception:  # the benchmark still runs typst with its own fonts
        return None


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    tools = [
        f"briefgen {_dist('briefgen')} (reportlab {_dist('reportlab')},"
        f" python-pptx {_dist('python-pptx')})",
        pandoc_version() or "pandoc: not installed",
        typst_version() or "typst: not installed (pip install typst)",
    ]
    return [
        f"- Machine: {cpu}; {os.cpu_count()} logical CPUs ({usable} usable);"
        f" {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- Tools: {'; '.join(tools)}",
        f"- Date: {dt.datetime.now().isoformat(timespec='minutes')}; load average at start: {load}",
    ]


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------


def prepare(work: Path, sizes: Sequence[int]) -> list[tuple[str, Path]]:
    """The inputs: kz plus generated briefings, with Markdown and Typst twins beside them."""
    cases = [("kz", work / "kz.yaml")]
    shutil.copy(KZ, cases[0][1])
    for n in sizes:
        path = work / f"issues-{n}.yaml"
        path.write_text(generate(n), encoding="utf-8")
        cases.append((f"{n} issues", path))
    for _, path in cases:
        content = read_content(path)
        path.with_suffix(".md").write_text(to_markdown(content), encoding="utf-8")
        path.with_suffix(".typ").write_text(to_typst(content), encoding="utf-8")
    return cases


def run(sizes: Sequence[int], runs: int, work: Path, timeout: float) -> list[Measure]:
    bg = briefgen_command()
    out = work / "out"
    out.mkdir(exist_ok=True)
    cases = prepare(work, sizes)
    results: list[Measure] = []
    results.append(
        measure(
            "—",
            "python3 -c pass (baseline)",
            [sys.executable, "-c", "pass"],
            work,
            runs,
            timeout=timeout,
        )
    )
    results.append(measure("—", "briefgen --help", [*bg, "--help"], work, runs, timeout=timeout))
    results.append(
        measure(
            "kz",
            "briefgen validate",
            [*bg, "validate", str(work / "kz.yaml")],
            work,
            runs,
            timeout=timeout,
        )
    )
    results.append(
        measure(
            "kz",
            "briefgen build (both formats)",
            [*bg, "build", str(work / "kz.yaml"), "--out", str(out)],
            work,
            runs,
            timeout=timeout,
        )
    )
    for case, path in cases:
        for fmt in ("pdf", "pptx"):
            argv = [*bg, "build", str(path), f"--{fmt}", "--out", str(out)]
            tool = f"briefgen build --{fmt}"
            results.append(measure(case, tool, argv, work, runs, fmt, timeout))
            results.append(peer(fmt, case, path, out, work, runs, timeout))
    return results + server_rows(bg, cases, work, runs, timeout)


def peer(
    fmt: str, case: str, path: Path, out: Path, work: Path, runs: int, timeout: float
) -> Measure:
    """typst for the PDF, pandoc for the deck, on the same content (or why there is none)."""
    if fmt == "pdf":
        if typst_version() is None:
            return Measure(case, "typst", "pdf", error="not installed (pip install typst)")
        fonts = font_dir()
        code = (
            "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2]"
            + (", font_paths=[sys.argv[3]]" if fonts else "")
            + ")"
        )
        typ, pdf = str(path.with_suffix(".typ")), str(out / f"{path.stem}.typst.pdf")
        argv = [sys.executable, "-c", code, typ, pdf, *([str(fonts)] if fonts else [])]
        return measure(case, "typst (python -c compile)", argv, work, runs, "pdf", timeout)
    pandoc = shutil.which("pandoc")
    if not pandoc:
        return Measure(case, "pandoc", "pptx", error="not installed (apt install pandoc)")
    argv = [pandoc, str(path.with_suffix(".md")), "-o", str(out / f"{path.stem}.pandoc.pptx")]
    return measure(case, "pandoc md→pptx", argv, work, runs, "pptx", timeout)


SERVED = ", server running"
"""Ends the tool name of a row run with a build server running."""


def server_rows(
    bg: list[str], cases: list[tuple[str, Path]], work: Path, runs: int, timeout: float
) -> list[Measure]:
    """briefgen's rows again with a build server running, as for every command of a sitting
    after its first. The server gets a private runtime folder and is stopped afterwards;
    its own peak memory is reported as a row of its own (the commands' peak is the client's).
    """
    runtime = Path(tempfile.mkdtemp(prefix="bg-"))  # short: socket paths are limited
    env = {**os.environ, "BRIEFGEN_SERVER": "on", "XDG_RUNTIME_DIR": str(runtime)}
    out = work / "out"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*bg, *args], env=env, capture_output=True, text=True, check=False)

    try:
        started = cli("server", "start")
        if started.returncode != 0:
            return [Measure("—", "briefgen server start", error=started.stderr.strip()[:160])]
        both = [*bg, "build", str(work / "kz.yaml"), "--out", str(out)]
        rows = [measure("kz", f"briefgen build (both){SERVED}", both, work, runs, env=env)]
        for case, path in cases:
            for fmt in ("pdf", "pptx"):
                argv = [*bg, "build", str(path), f"--{fmt}", "--out", str(out)]
                tool = f"briefgen build --{fmt}{SERVED}"
                rows.append(measure(case, tool, argv, work, runs, fmt, timeout, env=env))
        pid = re.search(r"pid (\d+)", cli("server", "status").stdout)
        peak = _peak_mb(int(pid.group(1))) if pid else None
        rows.append(Measure("—", "the build server itself", peak_mb=[peak] if peak else []))
        return rows
    finally:
        cli("server", "stop")
        shutil.rmtree(runtime, ignore_errors=True)


def _peak_mb(pid: int) -> float | None:
    """A running process's peak resident memory (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _fmt(value: float | None, pattern: str) -> str:
    return pattern.format(value) if value is not None else "—"


def table(results: list[Measure]) -> list[str]:
    """Markdown rows; a peer row's ratios are briefgen's median time divided by the peer's,
    in a fresh process and with a build server running."""
    rows = [
        "| case | tool | median s | peak MB | ratio | ratio, server running |",
        "|---|---|---:|---:|---:|---:|",
    ]
    cold: dict[tuple[str, str], Measure] = {}
    served: dict[tuple[str, str], Measure] = {}
    for m in results:
        if m.fmt and m.tool.startswith("briefgen"):
            (served if m.tool.endswith(SERVED) else cold)[(m.case, m.fmt)] = m
    for m in results:
        peer = m.fmt and not m.tool.startswith("briefgen")
        ratios = [_ratio(own.get((m.case, m.fmt)), m) if peer else "—" for own in (cold, served)]
        if m.error:
            rows.append(f"| {m.case} | {m.tool} | {m.error} | — | — | — |")
        else:
            rows.append(
                f"| {m.case} | {m.tool} | {_fmt(m.median, '{:.3f}')} | {_fmt(m.peak, '{:.0f}')}"
                f" | {ratios[0]} | {ratios[1]} |"
            )
    return rows


def _ratio(mine: Measure | None, peer: Measure) -> str:
    if mine is None or mine.median is None or not peer.median:
        return "—"
    return f"{mine.median / peer.median:.2f}×"


def growth(results: list[Measure], small: int, large: int) -> list[str]:
    """How time grows from ``small`` to ``large`` issues: raw, and above the 10-issue cost."""
    by = {(m.case, m.tool): m for m in results}
    expected = large / small
    rows = [
        f"Growth {small} → {large} issues (linear = {expected:.2f}× raw; marginal ="
        f" (t{large} − t10) / (t{small} − t10), linear = {(large - 10) / (small - 10):.2f}×):",
        "",
        "| tool | raw time × | marginal time × | peak MB × |",
        "|---|---:|---:|---:|",
    ]
    tools = dict.fromkeys(m.tool for m in results if m.fmt)
    for tool in tools:
        a = by.get((f"{small} issues", tool))
        b = by.get((f"{large} issues", tool))
        base = by.get(("10 issues", tool))
        if not (a and b and a.median and b.median):
            continue
        marginal = "—"
        if base and base.median is not None and a.median > base.median:
            marginal = f"{(b.median - base.median) / (a.median - base.median):.2f}"
        mem = f"{b.peak / a.peak:.2f}" if a.peak and b.peak else "—"
        rows.append(f"| {tool} | {b.median / a.median:.2f} | {marginal} | {mem} |")
    return rows


def noise_note(results: list[Measure], runs: int) -> str:
    spreads = [(m.spread, m) for m in results if m.spread is not None]
    if not spreads:
        return f"Noise: {runs} run(s) per row; too few to estimate spread."
    worst, row = max(spreads, key=lambda s: s[0])
    typical = statistics.median(s for s, _ in spreads)
    return (
        f"Noise: median of {runs} runs after one warm-up; run-to-run spread (max−min)/median is"
        f" typically {typical:.0%}, worst {worst:.0%} ({row.case}, {row.tool}) — treat ratio"
        " differences below that as noise; one machine, one sitting."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--quick", action="store_true", help="kz + 10 + 112 issues only")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        metavar="N",
        help=f"generated sizes (default {' '.join(map(str, FULL_SIZES))})",
    )
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per run")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="work in DIR and keep the generated sources and outputs",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    # An installed briefgen has its bytecode compiled by pip; a checkout (editable install)
    # where PYTHONDONTWRITEBYTECODE is set would compile every module again in every timed
    # process (about 0.2 s here). Compile once, as an install does.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "briefgen")], check=True)
    # Fresh-process rows must not meet a build server (the first one would start it);
    # server_rows runs the same commands with one, in a folder of its own.
    os.environ["BRIEFGEN_SERVER"] = "off"

    header = ["# briefgen vs pandoc / typst (whole processes)", "", *machine(), ""]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work_ctx: Any = _Keep(args.keep)
    else:
        work_ctx = tempfile.TemporaryDirectory(prefix="briefgen-bench-")
    with work_ctx as work_name:
        results = run(sizes, args.runs, Path(work_name), args.timeout)

    lines = [
        *header,
        *table(results),
        "",
        noise_note(results, args.runs),
        "",
        "ratio = briefgen median time ÷ the peer's, same case and format (PDF vs typst,"
        " PPTX vs pandoc); > 1 means briefgen is slower. Peers run as whole processes too"
        " (typst through `python3 -c`, as the PyPI package ships no CLI). peak MB = the"
        " command's own ru_maxrss; the baseline row is the floor an interpreter costs."
        f" Rows ending '{SERVED}' run the same command with a build server already running"
        " (every command of a sitting after its first); their peak is the client's, and the"
        " server's own peak has its row.",
        "",
    ]
    ordered = sorted(s for s in sizes if s > 10)
    if len(ordered) >= 2:
        lines += [*growth(results, ordered[-2], ordered[-1]), ""]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    return 0


class _Keep:
    """A context manager like TemporaryDirectory that keeps the folder."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> str:
        return str(self.path)

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    sys.exit(main())
