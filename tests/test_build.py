"""The build command end to end: formats, names, languages, several inputs at once."""

from __future__ import annotations

from pathlib import Path

import pypdf
from cli_runner import CliRunner
from pptx import Presentation

from briefgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
MULTI = ROOT / "inputs" / "multilingual.yaml"


def _titles(deck: Path) -> list[str]:
    return [
        s.shapes.title.text.replace("\x0b", " ")
        for s in Presentation(str(deck)).slides
        if s.shapes.title is not None
    ]


def test_both_formats_by_default_named_after_inputs(tmp_path: Path, kz_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(kz_path), str(MULTI), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kz.pdf",
        "kz.pptx",
        "multilingual.pdf",
        "multilingual.pptx",
    ]
    lines = result.stdout.splitlines()
    assert lines[0] == f"wrote {tmp_path / 'kz.pdf'} (4 pages)"  # the contents on the cover
    assert lines[1] == f"wrote {tmp_path / 'kz.pptx'} (10 slides)"
    assert lines[2].startswith("estimated talk time: 5:")


def test_only_the_asked_format(tmp_path: Path, kz_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(kz_path), "--pptx", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["kz.pptx"]


def test_kazakh_build_uses_kazakh_text_and_wording(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(MULTI), "--lang", "kk", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert _titles(tmp_path / "multilingual.pptx") == [
        "Қазақстандағы бала құқықтары",
        "Қазақстан: жағдай – 1-мәселе (Бала еңбегі)",
        "Ұсынымдар – 1-мәселе (Бала еңбегі)",
        "Рахмет",
    ]
    reader = pypdf.PdfReader(tmp_path / "multilingual.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "1-мәселе: Бала еңбегі",
        "Жаңа қажеттіліктер",
        "1.1 Бала еңбегін бақылау тетіктерін әзірлеу.",
        "«Қазақстан балалар қоры» қоғамдық қоры",
        "Және басқалар",
    ):
        assert expected in text, expected


def test_russian_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(MULTI), "--lang", "ru", "--out", str(tmp_path)])
    assert result.exit_code == 0
    titles = _titles(tmp_path / "multilingual.pptx")
    assert titles[0] == "Права детей в Казахстане"
    assert titles[2] == "Рекомендации – вопрос 1 (Детский труд)"
    assert titles[-1] == "Спасибо"


def test_without_coalition_nothing_claims_members(tmp_path: Path) -> None:
    path = tmp_path / "solo.yaml"
    path.write_text(
        "title: Solo\ncountry: Kazakhstan\nissues:\n  - title: A\n    recommendations: [Act.]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "solo.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "From all the members" not in text and "The coalition" not in text
    # one page of body: no contents, the outline lists the section
    assert [entry.title for entry in reader.outline] == ["Issue 1: A"]
    deck = Presentation(str(tmp_path / "solo.pptx"))
    last = " ".join(s.text_frame.text for s in deck.slides[-1].shapes if s.has_text_frame)
    assert "Thank you" in last and "From all the members" not in last
