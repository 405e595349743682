"""In-process time of building a PDF, without start-up: the first build of a process (cold
caches) and the builds after it (warm), as ``briefgen build --pdf`` runs them.

Run: python bench/pdf_work.py [ISSUES] [ROUNDS] [FORMATS]. ISSUES is a generated briefing's
size (bench/generate.py; 0 builds inputs/kz.yaml), FORMATS ``pdf`` (default) or ``pdf,pptx``.
Imports happen before the clock starts. Prints the cold build, and the median and fastest
warm build in wall and CPU time (CPU time is steadier on a shared machine).
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import briefgen.build  # imported before timing
import briefgen.render.pdf  # noqa: F401 (imported before timing, with its renderer)
from briefgen.cli import run

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402  (bench/ is not a package)


def main(issues: int = 112, rounds: int = 8, formats: str = "pdf") -> None:
    flags = [f"--{name}" for name in formats.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        source = ROOT / "inputs" / "kz.yaml"
        if issues:
            source = Path(folder) / f"i{issues}.yaml"
            source.write_text(generate(issues), encoding="utf-8")
        wall, cpu = [], []
        for _ in range(rounds + 1):
            start, start_cpu = time.perf_counter(), time.process_time()
            with contextlib.redirect_stdout(io.StringIO()):
                status = run(["build", *flags, str(source), "--out", str(Path(folder) / "out")])
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert status == 0
    name = f"{issues} issues" if issues else "kz"
    print(
        f"{name} ({formats}): cold {wall[0]:.3f} s (CPU {cpu[0]:.3f}); warm median "
        f"{statistics.median(wall[1:]):.3f} s, fastest {min(wall[1:]):.3f} s "
        f"(CPU median {statistics.median(cpu[1:]):.3f}) over {rounds}"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        int(args[0]) if args else 112,
        int(args[1]) if len(args) > 1 else 8,
        args[2] if len(args) > 2 else "pdf",
    )
