"""Formats painted side by side in forked children (watch): same bytes, errors as usual."""

from __future__ import annotations

import os

import pytest

import briefgen
from briefgen.build import build_bytes
from briefgen.workflow import forked
from tests.conftest import INPUTS

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs os.fork and two cores")


def test_parallel_builds_give_the_sequential_bytes() -> None:
    briefing = briefgen.load(INPUTS / "kz.yaml")
    sequential = build_bytes(briefing)
    build_bytes(briefing, parallel=True)  # warms this process: the next one forks
    assert "pdf" in forked._painted_here
    parallel = build_bytes(briefing, parallel=True)
    assert parallel.outputs == sequential.outputs
    assert (parallel.pages, parallel.slides) == (sequential.pages, sequential.slides)
    assert parallel.talk_seconds == sequential.talk_seconds


def test_a_format_is_painted_in_a_child_once_warm() -> None:
    parent = os.getpid()
    forked._painted_here.discard("a")

    def paint(fmt: str) -> tuple[dict[str, object], bytes]:
        return {"fmt": fmt}, str(os.getpid()).encode()

    first = forked.paint_all(["a", "b"], paint, parallel=True)
    assert first["a"][1] == str(parent).encode()  # cold: painted here
    second = forked.paint_all(["a", "b"], paint, parallel=True)
    assert second["a"][1] != str(parent).encode()  # warm: painted by a child
    assert second["b"][1] == str(parent).encode()  # the last format stays here
    assert second["a"][0] == {"fmt": "a"}


def test_a_failing_child_is_painted_again_here_and_raises_as_usual() -> None:
    parent = os.getpid()
    forked._painted_here.add("a")

    def paint(fmt: str) -> tuple[dict[str, object], bytes]:
        if fmt == "a":
            raise ValueError(f"bad input in {'child' if os.getpid() != parent else 'parent'}")
        return {}, b""

    with pytest.raises(ValueError, match="bad input in parent"):
        forked.paint_all(["a", "b"], paint, parallel=True)
