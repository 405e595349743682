"""Rebuild time in ``briefgen watch`` after a one-word edit of inputs/kz.yaml (warm process).

Run: python bench/watch_rebuild.py [ROUNDS]. Prints the median and the slowest rebuild of
both formats (load, layout, render, atomic write), after one warm-up build, as the watch
loop runs them, and the median CPU time (steadier than wall time on a shared machine).
"""

from __future__ import annotations

import contextlib
import gc
import io
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from briefgen.workflow.batch import plan
from briefgen.workflow.jobs import Settings
from briefgen.workflow.watch import rebuild

ROOT = Path(__file__).resolve().parent.parent


def main(rounds: int = 15) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "kz.yaml"
        text = (ROOT / "inputs" / "kz.yaml").read_text(encoding="utf-8")
        source.write_text(text, encoding="utf-8")
        item = plan([source], Settings(), Path(folder) / "out")[0]
        item = replace(item, job=replace(item.job, watching=True))  # as the watch loop runs it
        times, cpu = [], []
        with contextlib.redirect_stdout(io.StringIO()):
            rebuild(item.job, item.targets)  # the first build of a watch: cold
            gc.collect()  # then, as the watch loop does, what it loaded is frozen
            gc.freeze()
            for i in range(rounds):
                word = f"Rights{i}"
                source.write_text(text.replace("Rights", word, 1), encoding="utf-8")
                start, start_cpu = time.perf_counter(), time.process_time()
                ok = rebuild(item.job, item.targets).ok
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                assert ok
    print(
        f"watch rebuild of kz after a one-word edit (PDF + deck): "
        f"median {statistics.median(times):.3f} s, max {max(times):.3f} s over {rounds}; "
        f"CPU time median {statistics.median(cpu):.3f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
