"""An error in a theme that another theme extends is positioned in the file that holds it."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefgen
from briefgen.theme import load_theme


def themes(tmp_path: Path, base: str, child: str) -> Path:
    for name, text in (("base", base), ("child", child)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "theme.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "child"


def problems(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(folder.parent)
    with pytest.raises(briefgen.InputError) as caught:
        # the parent is a sibling folder: allowed as an asset folder, as --assets would
        load_theme(str(folder), assets=(folder.parent / "base",))
    return [str(p) for p in caught.value.problems]


def test_an_inherited_bad_value_is_positioned_in_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = themes(
        tmp_path,
        "extends: default\ncolors:\n  band: '#12345'\n  bnad: '#000000'\n",
        "extends: ../base\ncolors:\n  accent: red\n",
    )
    assert problems(child, monkeypatch) == [
        "base/theme.yaml:3:9: colors.band: string should match pattern '^#[0-9A-Fa-f]{6}$'",
        "base/theme.yaml:4:3: colors.bnad: unknown key 'bnad'; did you mean 'band'?",
        "child/theme.yaml:3:11: colors.accent: string should match pattern '^#[0-9A-Fa-f]{6}$'",
    ]


def test_a_value_the_child_overrides_is_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = themes(
        tmp_path,
        "extends: default\ncolors:\n  band: '#123456'\n",
        "extends: ../base\n\ncolors:\n  band: nope\n",
    )
    assert problems(child, monkeypatch) == [
        "child/theme.yaml:4:9: colors.band: string should match pattern '^#[0-9A-Fa-f]{6}$'"
    ]


def test_a_duplicate_key_in_the_parent_is_reported_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = themes(
        tmp_path,
        "extends: default\ndescription: one\ndescription: two\n",
        "extends: ../base\n",
    )
    [line] = problems(child, monkeypatch)
    assert line.startswith("base/theme.yaml:3:1: description: duplicate key 'description'")


def test_a_missing_inherited_logo_is_positioned_in_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = themes(
        tmp_path,
        "extends: default\n\nlogos: [gone.png]\n",
        "extends: ../base\n",
    )
    assert problems(child, monkeypatch) == [
        "base/theme.yaml:3:9: logos[1]: logo file 'gone.png' not found"
    ]
