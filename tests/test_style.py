"""The code stays as the developers' guide asks: ruff-clean, formatted and type-checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["briefgen", "tests", "bench", "docs"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_check_and_format() -> None:
    pytest.importorskip("ruff")
    check = _run("ruff", "check", *CHECKED)
    assert check.returncode == 0, check.stdout
    fmt = _run("ruff", "format", "--check", *CHECKED)
    assert fmt.returncode == 0, fmt.stdout


def test_mypy() -> None:
    pytest.importorskip("mypy")
    result = _run("mypy", "briefgen")
    assert result.returncode == 0, result.stdout
