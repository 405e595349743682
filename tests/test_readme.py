"""The README's library example runs as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent


def test_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library use", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code, "no python example in the Library use section"
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    (tmp_path / "broken.yaml").write_text("title: T\ncountry: K\nissues: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(code.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "Child labour"
    assert "outputs/kz.pdf" in printed[1] and "outputs/kz.pptx" in printed[1]
    assert printed[2] == "broken.yaml:3:9: issues: at least one issue is required"
    assert (tmp_path / "outputs" / "kz.pdf").read_bytes().startswith(b"%PDF-")


def test_input_format_example_is_a_valid_briefing(tmp_path: Path) -> None:
    import briefgen

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Input format", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example, "no YAML example in the Input format section"
    (tmp_path / "logos").mkdir()
    Image.new("RGB", (40, 20), "#1B3A6B").save(tmp_path / "logos" / "housing.png")
    path = tmp_path / "example.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    briefing = briefgen.load(path)
    assert briefing.issues[0].situation is not None
    prev = briefing.issues[0].situation.previous_recommendations[0]
    assert (prev.states, prev.ref, prev.response) == (["Spain"], "140.23", "supported")
    assert briefing.coalition is not None and briefing.coalition.members[1].city == "Astana"
