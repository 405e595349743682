"""Shared fixtures: paths of the example inputs and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


@pytest.fixture(scope="session")
def kz_path() -> Path:
    return INPUTS / "kz.yaml"


@pytest.fixture(scope="session")
def kz(kz_path: Path):  # type: ignore[no-untyped-def]
    import briefgen

    return briefgen.load(kz_path)
