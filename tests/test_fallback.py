"""Fallback fonts per script: Chinese in an input prints in the theme's fallback font (Noto
Sans SC) in both formats, measured like the rest; text without such characters builds exactly
as before; a character no font has is still a positioned error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

import briefgen
from briefgen import fonts
from briefgen.build import build
from briefgen.layout import measure
from briefgen.layout.document import build_document
from briefgen.layout.slides import layout_deck
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent

MIXED = "Ratify the Convention 儿童权利公约 without reservations"
LONG = (
    "许多儿童在农村地区从事农业劳动，他们无法按时上学，家庭经济困难使这一问题更加严重。"
    "地方政府尚未建立有效的监测机制，劳动监察部门人手不足，相关法律的执行情况仍然薄弱。"
) * 2


@pytest.fixture(scope="module")
def zh_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zh")
    path = folder / "zh.yaml"
    path.write_text(
        "title: 儿童权利 Children's rights\ncountry: 中国\ndate: 2024-12-05\n"
        "coalition:\n  name: 儿童权利联盟\n  members: [北京儿童基金会]\n"
        "issues:\n  - title: 童工 Child labour\n    situation:\n      developments:\n"
        f"        - {LONG}\n    recommendations:\n      - {MIXED}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def zh_built(zh_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("zh-out")
    build(briefgen.load(zh_path), out=out)
    return out / "zh.pdf", out / "zh.pptx"


def _base_fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_pdf_prints_chinese_in_the_fallback_font(zh_built: tuple[Path, Path]) -> None:
    pdf, _ = zh_built
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    compact = "".join(text.split())
    assert "儿童权利公约" in compact and "中国" in compact
    assert "".join(MIXED.split()) in compact
    assert "".join(LONG.split()) in compact
    assert "NotoSansSC-Regular" in _base_fonts(pdf)


def test_deck_names_the_fallback_as_east_asian_font(zh_built: tuple[Path, Path]) -> None:
    _, deck = zh_built
    runs = [
        run
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_text_frame
        for para in shape.text_frame.paragraphs
        for run in para.runs
    ]
    texts = "".join(run.text for run in runs)
    assert "儿童权利公约" in texts and "中国" in texts
    qn = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for run in runs:
        ea = run._r.find(f"{qn}rPr/{qn}ea")
        if any("\u4e00" <= ch <= "\u9fff" for ch in run.text):
            assert ea is not None and ea.get("typeface") == "Noto Sans SC", run.text
        else:
            assert ea is None, run.text


def test_chinese_slides_do_not_overflow(zh_path: Path) -> None:
    theme = load_theme("default")
    deck = layout_deck(build_document(briefgen.load(zh_path), theme), theme)
    for slide in deck.slides:
        for block in slide.blocks:
            assert block.height <= block.box.h + 1e-6, (slide.number, block.text[:40])


def test_chinese_wraps_between_ideographs_within_width() -> None:
    theme = load_theme("default")
    metrics = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
    width = 300.0
    lines = measure.wrap(LONG, metrics, 12, width)
    assert len(lines) > 3
    assert "".join(lines) == LONG  # no spaces added between ideographs, nothing lost
    assert all(metrics.width(line, 12) <= width for line in lines)
    assert all(metrics.width(line, 12) > width - 2 * 12 for line in lines[:-1])  # lines filled
    assert not any(line.startswith(("，", "。")) for line in lines)  # no closing punctuation first
    mixed = measure.wrap(MIXED, metrics, 12, 150)
    assert len(mixed) > 2 and all(metrics.width(line, 12) <= 150 for line in mixed)
    assert "".join(mixed).replace(" ", "") == MIXED.replace(" ", "")


def test_fallback_metrics_measure_each_character_in_its_font() -> None:
    theme = load_theme("default")
    regular = fonts.FontMetrics.load(fonts.resolve(theme.font_spec("regular")).path)
    cjk = fonts.FontMetrics.load(fonts.resolve(theme.fallback_specs()[0]).path)
    chained = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
    assert chained.width("Kazakhstan Қазақстан", 10) == regular.width("Kazakhstan Қазақстан", 10)
    expected = regular.width("Convention ", 10) + cjk.width("儿童", 10)
    assert chained.width("Convention 儿童", 10) == pytest.approx(expected)
    assert chained.missing("儿童 \U00010900") == ["\U00010900"]


def test_character_in_no_font_is_still_a_positioned_error(tmp_path: Path) -> None:
    path = tmp_path / "alf.yaml"
    path.write_text(
        "title: Children\ncountry: 中国\nissues:\n  - title: A\n    recommendations:\n"
        "      - Protect \U00010900 rights\n",
        encoding="utf-8",
    )
    with pytest.raises(briefgen.InputError) as caught:
        build(briefgen.load(path), out=tmp_path / "out")
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (6, 9)
    assert "U+10900 PHOENICIAN LETTER ALF" in problem.message


def test_without_fallback_characters_only_the_role_fonts_are_embedded(tmp_path: Path) -> None:
    build(briefgen.load(ROOT / "inputs" / "kz.yaml"), out=tmp_path, pptx=False)
    theme = load_theme("default")
    roles = ("regular", "bold", "italic", "bold_italic", "symbols")
    role_fonts = {fonts.resolve(theme.font_spec(role)).name for role in roles}
    embedded = _base_fonts(tmp_path / "kz.pdf")
    assert embedded <= role_fonts and not any("NotoSansSC" in name for name in embedded)


def test_kz_bytes_do_not_depend_on_the_fallbacks(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "theme.yaml").write_text("extends: default\nfonts:\n  fallbacks: []\n", "utf-8")
    assert load_theme(str(plain)).fonts.fallbacks == ()
    kz = briefgen.load(ROOT / "inputs" / "kz.yaml")
    build(kz, out=tmp_path / "with", theme="default")
    build(kz, out=tmp_path / "without", theme=load_theme(str(plain)))
    for name in ("kz.pdf", "kz.pptx"):
        assert (tmp_path / "with" / name).read_bytes() == (tmp_path / "without" / name).read_bytes()


def test_kz_build_never_reads_the_fallback_font(tmp_path: Path) -> None:
    """The CJK font is big: a briefing without CJK must not even resolve or measure it."""
    probe = (
        "import sys, briefgen\n"
        "from briefgen import fonts\n"
        "from briefgen.build import build\n"
        "seen = []\n"
        "real = fonts.resolve\n"
        "fonts.resolve = lambda spec: (seen.append(spec.family), real(spec))[1]\n"
        "build(briefgen.load(sys.argv[1]), out=sys.argv[2])\n"
        "print('FAMILIES', sorted(set(seen)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kz = ROOT / "inputs" / "kz.yaml"
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(kz), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    # DejaVu Sans for the PDF, Arimo (Arial's widths) for the deck: no fallback font
    assert "FAMILIES ['Arimo', 'DejaVu Sans']" in proc.stdout, proc.stdout + proc.stderr
