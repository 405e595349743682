"""Time ``briefgen import`` of a 10,000-row CSV export, as a whole process.

Why: a UPR Info export of every recommendation to many states runs to tens of thousands
of rows; the import must stay interactive (target: under 2 s for 10,000 rows). The CSV
is generated here, deterministically (no randomness): UPR Info's columns, states with
parentheses and commas in their UN names, 40 themes, one state under review.

Usage: python bench/import_bench.py [ROWS] [--runs N]
Prints the median wall time of N runs after one warm-up, and their CPU time (on a shared
machine the wall time also counts waiting for a core).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATES = (
    "Iran (Islamic Republic of)",
    "Bolivia (Plurinational State of)",
    "Venezuela (Bolivarian Republic of)",
    "United Kingdom of Great Britain and Northern Ireland",
    "Côte d'Ivoire",
    "Türkiye",
    "Spain",
    "Norway",
    "Philippines",
    "Sierra Leone",
    "Trinidad and Tobago",
)
THEMES = tuple(f"Theme {n:02d}: rights of group {n}" for n in range(40))
VERBS = ("Ratify", "Adopt", "Strengthen", "Ensure", "Repeal", "Investigate", "Guarantee")


def write_csv(path: Path, rows: int) -> None:
    header = ["State under Review", "Paragraph", "Recommendation", "Recommending State"]
    header += ["Response", "Issues", "Cycle", "Session", "Action Category"]
    with path.open("w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(header)
        for n in range(rows):
            states = ", ".join(STATES[(n + k) % len(STATES)] for k in range(1 + n % 3))
            text = (
                f"{VERBS[n % len(VERBS)]} measure number {n} so that every person, "
                f"including children & older persons, enjoys the rights concerned <{n % 97}>"
            )
            out.writerow(
                [
                    "Kazakhstan",
                    f"{100 + n // 200}.{n % 200 + 1}",
                    text,
                    states,
                    "Supported" if n % 3 else "Noted",
                    THEMES[(n * 7) % len(THEMES)],
                    "3",
                    "34",
                    "5 - Specific action",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("rows", type=int, nargs="?", default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "export.csv"
        write_csv(source, args.rows)
        command = [sys.executable, "-m", "briefgen.cli", "import", str(source), "--force"]
        command += ["-o", str(folder / "out.yaml")]
        times, cpu = [], []
        for run in range(args.runs + 1):
            before = _children_cpu()
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(done.stderr)
            if run:  # the first run warms the file cache
                times.append(elapsed)
                cpu.append(_children_cpu() - before)
        print(done.stdout.strip())
        before = _children_cpu()
        subprocess.run([sys.executable, "-m", "briefgen.cli", "--help"], capture_output=True)
        baseline = _children_cpu() - before
        print(
            f"{args.rows} rows ({source.stat().st_size / 1e6:.1f} MB): median "
            f"{statistics.median(times):.3f} s over {args.runs} runs "
            f"(min {min(times):.3f}, max {max(times):.3f}); CPU (user+sys) median "
            f"{statistics.median(cpu):.3f} s (briefgen --help alone: {baseline:.3f} s); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
