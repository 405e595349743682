"""The command line and the library API it wraps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli_runner import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent


def test_help_does_not_import_renderers() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['briefgen', '--help']\n"
        "from briefgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('reportlab', 'pptx', 'fontTools') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage: briefgen" in proc.stdout
    assert "HEAVY []" in proc.stdout


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"briefgen {briefgen.__version__}"


def test_validate_ok(kz_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(kz_path)])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{kz_path}: ok (4 issues)"


def test_schema_command_matches_committed_file() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    committed = (ROOT / "briefgen.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "run `briefgen schema > briefgen.schema.json`"
    theme_result = CliRunner().invoke(app, ["schema", "--theme"])
    committed_theme = (ROOT / "briefgen.theme.schema.json").read_text(encoding="utf-8")
    assert theme_result.stdout == committed_theme, "run `briefgen schema --theme > ...`"
    schema = json.loads(committed)
    assert schema["required"] == ["title", "country", "issues"]
    assert "issues" in schema["properties"]


def test_schema_accepts_kz_and_rejects_unknown_keys(kz_path: Path) -> None:
    import jsonschema
    import yaml

    data = yaml.safe_load(kz_path.read_text(encoding="utf-8"))
    data["date"] = data["date"].isoformat()
    validator = jsonschema.Draft202012Validator(json_schema())
    assert list(validator.iter_errors(data)) == []
    data["titel"] = "x"
    assert any("titel" in e.message for e in validator.iter_errors(data))


def test_yaml_11_surprises_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "norway.yaml"
    path.write_text(
        "title: yes\ncountry: on\nissues:\n  - title: NO\n    situation:\n"
        "      previous_recommendations:\n        - text: Ratify\n          states: [NO, Norway]\n"
        "          ref: 1.10\n    recommendations: [off]\ncoalition:\n  and_others: yes\n",
        encoding="utf-8",
    )
    b = briefgen.load(path)
    assert (b.title, b.country, b.issues[0].title) == ("yes", "on", "NO")
    prev = b.issues[0].situation.previous_recommendations[0]  # type: ignore[union-attr]
    assert prev.states == ["NO", "Norway"]
    assert prev.ref == "1.10"
    assert b.issues[0].recommendations[0].text == "off"
    assert b.coalition and b.coalition.and_others is True


def test_translations_pick_language(tmp_path: Path) -> None:
    path = tmp_path / "multi.yaml"
    path.write_text(
        "title: {en: Children, ru: Дети, kk: Балалар}\ncountry: {en: Kazakhstan, kk: Қазақстан}\n"
        "issues:\n  - title: {en: Labour, kk: Еңбек}\n"
        "    recommendations: [{en: Act, kk: Әрекет}]\n",
        encoding="utf-8",
    )
    assert briefgen.load(path, lang="kk").title == "Балалар"
    assert briefgen.load(path).country == "Kazakhstan"
    fallback = briefgen.load(path, lang="ru", fallback=True)
    assert (fallback.title, fallback.country) == ("Дети", "Kazakhstan")
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "ru"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}:2:10: country: no 'ru' translation (has: en, kk); add one or build with --fallback"
    )


def test_validate_checks_fonts_like_a_build_without_renderers(tmp_path: Path) -> None:
    path = tmp_path / "phoenician.yaml"  # no font of the theme, fallbacks included, has it
    path.write_text(
        "title: Children\ncountry: \U00010900\nissues:\n  - title: A\n    recommendations: [x]\n",
        encoding="utf-8",
    )
    code = (
        "import sys\n"
        f"sys.argv = ['briefgen', 'validate', {str(path)!r}, '--theme', 'un']\n"
        "from briefgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('EXIT', e.code)\n"
        "print('HEAVY', [m for m in ('reportlab', 'pptx') if m in sys.modules])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "EXIT 2" in proc.stdout and "HEAVY []" in proc.stdout
    assert proc.stderr.startswith(
        f"{path}:2:10: country: '\U00010900' (U+10900 PHOENICIAN LETTER ALF)"
    )
    assert "not in the theme's font Noto Sans" in proc.stderr
