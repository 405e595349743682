"""How much the tracking outputs cost: the PDF of a generated N-issue briefing (default
1,000) built with and without tracking data on its previous recommendations.

With tracking data the PDF gains the summary (charts, counts per issue) and the appendix
"Recommendations and their implementation" (one table row per previous recommendation).
The target (issue 12): at most 1.3x the time without. Each build runs in this process, the
best of ``--runs`` (default 2) is kept, after one small warm-up build (fonts, imports).

Usage: python bench/tracking.py [N] [--runs R]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

import briefgen
from briefgen.build import build_bytes


def best(path: Path, runs: int) -> tuple[float, int]:
    """(best seconds, pages) of building the PDF of ``path``."""
    briefing = briefgen.load(path)
    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = build_bytes(briefing, ("pdf",))
        times.append(time.perf_counter() - start)
        pages = result.pages or 0
    return min(times), pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("issues", type=int, nargs="?", default=1000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        warm = Path(folder) / "warm.yaml"
        warm.write_text(generate(3, tracking=True), encoding="utf-8")
        best(warm, 1)
        rows = []
        for tracking in (False, True):
            path = Path(folder) / f"bench-{tracking}.yaml"
            path.write_text(generate(args.issues, tracking), encoding="utf-8")
            rows.append((tracking, *best(path, args.runs)))
    base = rows[0][1]
    for tracking, seconds, pages in rows:
        label = "with tracking data" if tracking else "without"
        print(f"{args.issues} issues, {label}: {seconds:.1f} s, {pages} pages")
    ratio = rows[1][1] / base
    print(f"ratio: {ratio:.2f}x (target: at most 1.3x)")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
