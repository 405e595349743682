"""A lighter install: no dependency for font files alone, Chinese fonts as an optional extra.

The CJK fonts (justmytype-intl-cjk, 50 MB) come with ``pip install 'briefgen[cjk]'``. Without
them a Chinese briefing stops with positioned errors naming the extra, and everything else
builds as before. The absence is simulated in a child process (the package is hidden from
imports), since the test environment installs the extra.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from test_slides import INPUTS, ROOT

from briefgen import fonts
from briefgen.fonts import FontSpec

HIDE_CJK = "import sys; sys.modules['justmytype_intl_cjk'] = None\n"
BUILD = (
    "from briefgen.cli import main\n"
    "sys.argv = ['briefgen', 'build', sys.argv[1], '--out', sys.argv[2]]\n"
    "sys.exit(main())\n"
)


def run_without_cjk(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-c", HIDE_CJK + BUILD, str(source), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_chinese_without_the_cjk_extra_is_a_positioned_error_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "zh.yaml"
    source.write_text(
        "title: 儿童权利\ncountry: Kazakhstan\nlanguage: zh\nissues:\n"
        "  - title: 童工\n    recommendations: [加强劳动监察]\n",
        encoding="utf-8",
    )
    done = run_without_cjk(source, tmp_path / "out")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"{source}:1:8: title: '儿' (U+513F CJK UNIFIED IDEOGRAPH-513F)")
    assert lines[0].endswith("Chinese needs the optional fonts: pip install 'briefgen[cjk]'")
    assert any(
        line.startswith(f"{source}:6:23: issues[1].recommendations[1].text") for line in lines
    )
    # the Chinese wording of the catalog: one line, not one per word
    assert sum("catalogs" in line for line in lines) == 1
    assert not (tmp_path / "out").exists()  # nothing written


def test_kazakh_builds_without_the_cjk_extra(tmp_path: Path) -> None:
    done = run_without_cjk(INPUTS / "kz.yaml", tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kz.pdf", "kz.pptx"]


def test_no_dependency_for_font_files_alone() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [d.split(">")[0].split("=")[0].split("[")[0].strip() for d in project["dependencies"]]
    assert "matplotlib" not in names and "justmytype-intl-cjk" not in names
    assert project["optional-dependencies"]["cjk"] == ["justmytype-intl-cjk>=0.1"]
    assert "briefgen[cjk]" in project["optional-dependencies"]["test"]
    face = fonts.resolve(FontSpec("DejaVu Sans", 700))  # shipped with briefgen itself
    assert face.path.parent == ROOT / "briefgen" / "fontfiles" / "dejavu"
    assert (face.path.parent / "LICENSE_DEJAVU").is_file()


def test_quick_start_is_two_commands_in_a_venv_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    first, second = block.strip().splitlines()  # exactly two commands
    for command in (first, second):  # PEP 668: never pip outside a virtual environment
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install")
    assert first.endswith("briefgen build inputs/kz.yaml")
    assert "'.[test]'" in second and second.endswith("python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == second
    assert "145 MB" in section and "311 MB" in section  # the install sizes, measured
