"""Paint several formats side by side in forked children of a warm process (``watch``).

A long-running process has every import, font and theme loaded; ``os.fork`` gives a child
all of that for free, so the PDF and the deck are painted on two cores at once and a rebuild
takes the time of the slower format instead of the sum. Used where a process builds one
input again and again (watch); a batch build already runs one process per input.

A format is forked only once this process has painted it itself: the first paint warms what
painting loads lazily (fonts registered with reportlab, template parts), which a child would
otherwise load again on every rebuild and then lose. A child that fails for any reason
reports nothing; its format is then painted here, so errors surface as they would without
forking. Where ``fork`` is missing (Windows) or one core is all there is, painting stays
sequential.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

F = TypeVar("F", bound=str)
Painted = tuple[dict[str, Any], bytes]

_painted_here: set[str] = set()


def can_fork() -> bool:
    """True where forking helps: ``os.fork`` exists and more than one core is ours."""
    if not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS: no affinity call
        cores = os.cpu_count() or 1
    return cores > 1


def _start(paint: Callable[[], Painted]) -> tuple[int, int]:
    """Fork a child that paints and sends (facts, bytes) back through a pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: paint, send, and leave without running the parent's clean-up
        status = 1
        try:
            os.close(read)
            data = pickle.dumps(paint(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> Painted | None:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    result: Painted = pickle.loads(data)  # our own child's bytes, from a private pipe
    return result


def paint_all(
    formats: Sequence[F], paint: Callable[[F], Painted], parallel: bool
) -> dict[F, Painted]:
    """Each format's (facts, bytes), in ``formats`` order; all but the last format forked
    when ``parallel`` and this process has painted it before."""
    children: dict[F, tuple[int, int]] = {}
    if parallel and can_fork():
        for fmt in formats[:-1]:
            if fmt in _painted_here:
                children[fmt] = _start(lambda fmt=fmt: paint(fmt))  # type: ignore[misc]
    done: dict[F, Painted] = {}
    try:
        for fmt in formats:
            if fmt not in children:
                done[fmt] = paint(fmt)
                _painted_here.add(fmt)
    finally:
        for fmt, (pid, read) in children.items():
            result = _collect(pid, read)
            if result is not None:
                done[fmt] = result
    for fmt in children:  # a child that failed: paint here, so its error is the usual one
        if fmt not in done:
            done[fmt] = paint(fmt)
    return {fmt: done[fmt] for fmt in formats}
