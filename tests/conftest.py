"""Shared fixtures: paths of the example inputs and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Every command a test runs, in this process or a child, runs in its own process: no test
# leaves a build server behind or uses one started by another (tests/test_server.py starts
# its own, in a private folder).
os.environ["BRIEFGEN_SERVER"] = "off"

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


def assert_pdfua(path: Path) -> None:
    """The ``pdfua`` checker (the machine-checkable part of PDF/UA-1) finds nothing and
    skips nothing in ``path``."""
    run = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert "PASS (no findings)" in run.stdout and "skip" not in run.stdout, run.stdout


@pytest.fixture(scope="session")
def kz_path() -> Path:
    return INPUTS / "kz.yaml"


@pytest.fixture(scope="session")
def kz(kz_path: Path):  # type: ignore[no-untyped-def]
    import briefgen

    return briefgen.load(kz_path)


LOGO_ASPECTS = (0.5, 1.0, 1.75, 3.0, 0.8, 2.4, 1.3)  # width / height, cycled


def write_logo_briefing(folder: Path, members: int, brand: int = 2) -> Path:
    """A briefing whose theme has ``brand`` logos and whose coalition has ``members`` logos.

    Logos are PNGs of varied aspect ratios (0.5 to 3) drawn with Pillow; the theme is a
    folder that ``extends: default``; members are ``{name, logo}``. Returns the YAML path.
    """
    from PIL import Image

    theme = folder / "brand"
    theme.mkdir(parents=True, exist_ok=True)

    def png(path: Path, k: int) -> None:
        aspect = LOGO_ASPECTS[k % len(LOGO_ASPECTS)]
        colour = (40 + 30 * (k % 7), 90, 160 - 10 * (k % 9))
        Image.new("RGB", (round(120 * aspect), 120), colour).save(path)

    names = [f"brand{k}.png" for k in range(brand)]
    for k, name in enumerate(names):
        png(theme / name, k + 3)
    (theme / "theme.yaml").write_text(
        f"extends: default\nlogos: [{', '.join(names)}]\n", encoding="utf-8"
    )
    lines = []
    for k in range(members):
        png(folder / f"member{k}.png", k)
        lines.append(f"    - {{name: Member organisation {k + 1}, logo: member{k}.png}}\n")
    path = folder / "logos.yaml"
    path.write_text(
        "title: Children's Rights\ncountry: Kazakhstan\ndate: 2024-12-05\ntheme: ./brand\n"
        "coalition:\n  name: NGO Coalition\n  members:\n" + "".join(lines) + "issues:\n"
        "  - title: Child labour\n    recommendations: [Inspect farms., Fund shelters.]\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def logo_briefing(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a briefing with brand and member logos (see write_logo_briefing) in tmp_path."""

    def make(members: int, brand: int = 2) -> Path:
        return write_logo_briefing(tmp_path / f"logos-{members}", members, brand)

    return make
