"""Bad inputs: each gives one FILE:LINE:COL line, exit status 2 and no traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import CliRunner

from briefgen.cli import app

GOOD_HEAD = "title: T\ncountry: Kazakhstan\n"
ONE_ISSUE = "issues:\n  - title: A\n    recommendations: [Do it]\n"

# (name, file content (str or bytes), expected line, expected column, expected message part)
CASES: list[tuple[str, str | bytes, int, int, str]] = [
    ("missing title", "country: K\n" + ONE_ISSUE, 1, 1, "title: required field is missing"),
    ("missing issues", GOOD_HEAD, 1, 1, "issues: required field is missing"),
    ("empty issues", GOOD_HEAD + "issues: []\n", 3, 9, "issues: at least one issue is required"),
    (
        "empty recommendations",
        GOOD_HEAD + "issues:\n  - title: A\n    recommendations: []\n",
        5,
        22,
        "issues[1].recommendations: at least one recommendation is required",
    ),
    (
        "missing recommendations",
        GOOD_HEAD + "issues:\n  - title: A\n",
        4,
        5,
        "issues[1].recommendations: required field is missing",
    ),
    ("typo in key", "titel: T\ncountry: K\n" + ONE_ISSUE, 1, 1, "did you mean 'title'?"),
    (
        "typo in nested key",
        GOOD_HEAD + "issues:\n  - title: A\n    recomendations: [x]\n",
        5,
        5,
        "unknown key 'recomendations'; did you mean 'recommendations'?",
    ),
    (
        "duplicate key",
        GOOD_HEAD + "title: U\n" + ONE_ISSUE,
        3,
        1,
        "duplicate key 'title' (first at line 1)",
    ),
    ("tab indentation", GOOD_HEAD + "issues:\n\t- title: A\n", 4, 1, "tab"),
    (
        "bad date",
        GOOD_HEAD + "date: 2024-13-45\n" + ONE_ISSUE,
        3,
        7,
        "expected a date as YYYY-MM-DD",
    ),
    ("date as words", GOOD_HEAD + "date: next week\n" + ONE_ISSUE, 3, 7, "expected a date"),
    (
        "bad email",
        GOOD_HEAD + "presenters:\n  - name: A\n    email: not-an-email\n" + ONE_ISSUE,
        5,
        12,
        "is not an e-mail address",
    ),
    (
        "bad response",
        GOOD_HEAD
        + "issues:\n  - title: A\n    situation:\n      previous_recommendations:\n"
        + "        - text: x\n          response: accepted\n    recommendations: [y]\n",
        8,
        21,
        "'accepted' is not allowed",
    ),
    (
        "bad status",
        GOOD_HEAD
        + "issues:\n  - title: A\n    situation:\n      previous_recommendations:\n"
        + "        - text: x\n          status: done\n    recommendations: [y]\n",
        8,
        19,
        "'done' is not allowed",
    ),
    (
        "SDG 18",
        GOOD_HEAD
        + "issues:\n  - title: A\n    recommendations:\n      - text: x\n        sdgs: [18]\n",
        7,
        16,
        "sdgs[1]: input should be less than or equal to 17",
    ),
    (
        "SDG as text",
        GOOD_HEAD
        + "issues:\n  - title: A\n    recommendations:\n      - text: x\n        sdgs: [eight]\n",
        7,
        16,
        "expected a whole number",
    ),
    (
        "cycle not a number",
        GOOD_HEAD + "review:\n  cycle: fourth\n" + ONE_ISSUE,
        4,
        10,
        "expected a whole number",
    ),
    ("cycle zero", GOOD_HEAD + "review:\n  cycle: 0\n" + ONE_ISSUE, 4, 10, "greater than 0"),
    (
        "title is a list",
        "title: [a, b]\ncountry: K\n" + ONE_ISSUE,
        1,
        8,
        "title: expected text, got a list",
    ),
    ("issues is a mapping", GOOD_HEAD + "issues:\n  title: A\n", 4, 3, "expected a list"),
    (
        "and_others not boolean",
        GOOD_HEAD + "coalition:\n  and_others: perhaps\n" + ONE_ISSUE,
        4,
        15,
        "expected true or false",
    ),
    ("empty title", "title: ''\ncountry: K\n" + ONE_ISSUE, 1, 8, "title: must not be empty"),
    ("unclosed bracket", GOOD_HEAD + "issues: [\n", 3, 9, "YAML syntax: this [ is never closed"),
    ("unclosed quote", 'title: "T\ncountry: K\n', 1, 8, 'YAML syntax: this " is never closed'),
    ("top level list", "- a\n- b\n", 1, 1, "expected a mapping"),
    ("empty file", "", 1, 1, "the file is empty"),
    ("only a comment", "# nothing here\n", 1, 1, "the file is empty"),
    (
        "billion laughs",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8)
        ),
        1,
        32,
        "alias bomb",
    ),
    (
        "python tag",
        GOOD_HEAD + "subtitle: !!python/object:os.system x\n" + ONE_ISSUE,
        3,
        11,
        "not supported",
    ),
    ("deep nesting", "title: " + "[" * 30000 + "]" * 30000 + "\n", 1, 1, "nesting is too deep"),
    (
        "binary junk",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        1,
        1,
        "binary file",
    ),
    (
        "not utf-8",
        "title: Қазақстан\n".encode("cp1251", errors="replace") + b"country: \xe9t\xe9\n",
        1,
        9,
        "not UTF-8",
    ),
    (
        "missing translation",
        "title: {ru: Дети}\ncountry: K\n" + ONE_ISSUE,
        1,
        8,
        "title: no 'en' translation (has: ru)",
    ),
    (
        "bad language code",
        GOOD_HEAD + "language: english\n" + ONE_ISSUE,
        3,
        11,
        "is not a language code",
    ),
    (
        "logo missing",
        GOOD_HEAD + "coalition:\n  members:\n    - name: A\n      logo: nowhere.png\n" + ONE_ISSUE,
        6,
        13,
        "logo file 'nowhere.png' not found",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "line", "column", "message"), CASES, ids=[c[0] for c in CASES]
)
def test_bad_input_reports_position(
    tmp_path: Path, name: str, content: str | bytes, line: int, column: int, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines, "no error printed"
    assert "Traceback" not in result.stderr
    matching = [ln for ln in lines if message in ln]
    assert matching, lines
    assert matching[0].startswith(f"{path}:{line}:{column}: "), matching[0]
    for each in lines:
        assert re.match(r"^.+:\d+:\d+: .+$", each), each


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "titel: T\ncountry: K\ndate: 2024-02-30\nissues:\n  - title: A\n    recommendations: []\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert [ln.split(": ", 1)[0] for ln in lines] == [
        f"{path}:1:1",
        f"{path}:1:1",
        f"{path}:3:7",
        f"{path}:6:22",
    ]


def test_huge_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.write(GOOD_HEAD.encode())
        f.seek(50 * 1024 * 1024)
        f.write(b"\n")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:1:1: file is too large (52.4 MB")


def test_missing_path_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = CliRunner().invoke(app, ["validate", str(missing), str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{tmp_path}:1:1: is a folder, not a YAML file",
        f"{missing}:1:1: no such file",
    ]


def test_build_bad_input_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD_HEAD, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert not out.exists()


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("title: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen.cli", "build", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith(f"{path}:1:8: YAML syntax: this [ is never closed")
