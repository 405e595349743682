"""The deck's layout stage: roles on every frame item, the shared fitting engine on a box that
is not a slide, the title slide's bounds, and layout problems reported before writing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import CliRunner

import briefgen
from briefgen.build import build, plan
from briefgen.cli import app
from briefgen.layout.document import build_document
from briefgen.layout.fit import FitStyle, Fitter, Measurer, proto, steps
from briefgen.layout.frames import Run
from briefgen.layout.roles import Role
from briefgen.layout.slides import layout_deck
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "inputs" / "kz.yaml"


@pytest.fixture(scope="module")
def kz_deck():  # type: ignore[no-untyped-def]
    briefing = briefgen.load(KZ)
    theme = load_theme("default")
    return layout_deck(build_document(briefing, theme), theme)


def test_every_deck_frame_item_carries_its_role(kz_deck) -> None:  # type: ignore[no-untyped-def]
    first, *rest = kz_deck.slides
    assert first.title.tag is Role.TITLE
    assert [p.tag for p in first.title.paragraphs] == [Role.TITLE]
    assert first.title.text == "Children's Rights in Kazakhstan"
    assert {r.tag for r in first.shapes} == {Role.ARTIFACT}
    for slide in rest:
        want = Role.H1 if slide.kind == "closing" else Role.H2
        assert slide.title.tag is want and slide.title.paragraphs[0].tag is want
        assert {r.tag for r in slide.shapes} == {Role.ARTIFACT}  # rule and accent
        assert [b.tag for b in slide.footer] == [Role.ARTIFACT, Role.ARTIFACT]
        assert all(p.tag is Role.ARTIFACT for b in slide.footer for p in b.paragraphs)
        assert all(p.tag is Role.FIGURE and p.alt for p in slide.pictures)
    recs = [
        p
        for s in rest
        for b in (s.body, *s.extras)
        if b
        for p in b.paragraphs
        if p.tag is Role.RECOMMENDATION and not p.continued
    ]
    assert recs, "kz has recommendations"
    first_rec = recs[0]
    label = first_rec.runs[0]
    assert label.tag is Role.LABEL and label.text == "1.1 " and label.color == "accent"
    assert first_rec.runs[1].tag is Role.BODY
    previous = [p for s in rest if s.body for p in s.body.paragraphs if p.tag is Role.PREVIOUS]
    assert previous and previous[0].runs[0].tag is Role.LABEL
    assert previous[0].runs[0].text == "Rec. "
    states = [r for p in previous for r in p.runs if r.tag is Role.STATES]
    assert states and all(r.text.strip().startswith("(") for r in states)
    headings = [p for s in rest if s.body for p in s.body.paragraphs if p.tag is Role.H3]
    assert {p.text for p in headings} >= {"Stage of development", "New needs"}
    assert all(p.role == "bold" and p.color == "heading" for p in headings)
    closing = next(s for s in rest if s.kind == "closing")
    assert closing.body is not None and closing.body.tag is Role.LIST
    assert any(p.tag is Role.ITEM and p.bullet == "❑" for p in closing.body.paragraphs)


def test_named_styles_are_read_from_the_theme(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "extends: default\nstyles:\n  recommendation.number: {font: regular, color: heading}\n"
        "  heading.list: {font: italic, color: muted}\n",
        encoding="utf-8",
    )
    theme = load_theme(str(folder))
    deck = layout_deck(build_document(briefgen.load(KZ), theme), theme)
    paras = [p for s in deck.slides if s.body for p in s.body.paragraphs]
    recs = [p for p in paras if p.tag is Role.RECOMMENDATION and not p.continued]
    assert {p.runs[0].color for p in recs} == {"heading"}
    heads = [p for p in paras if p.tag is Role.H3]
    assert heads and {(p.role, p.color) for p in heads} == {("italic", "muted")}


def _handout_fitter() -> Fitter:
    theme = load_theme("default")
    m = Measurer.for_theme(theme)
    style = FitStyle(
        line_spacing=1.35,
        paragraph_space=0.3,
        hang=(1.5, 1.2),
        continued="(suite)",
        width_safety=0.0,
        height_safety=0.0,
        sub_space=0.5,
        ellipsis="…",
    )
    return Fitter(m, style)


def test_fit_columns_on_a_handout_box() -> None:
    """Two columns on an A5-like box: shrink first, then more pages, nothing lost or over."""
    fitter = _handout_fitter()
    protos = [proto(("Key recommendations", "heading"), role="bold", keep=True, bullet="➢")]
    protos += [
        proto(
            (f"{k}.1 ", "accent"),
            (f"Recommendation number {k} " + "word " * (k % 7 * 6), "text"),
            level=1,
            bullet="–",
        )
        for k in range(1, 41)
    ]
    sizes = steps(10.5, 7.0, 0.5)
    assert sizes == [10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0]
    box_w, box_h = 420.0, 300.0
    pages = fitter.fit_columns(protos, box_w, box_h, sizes, columns=2, gutter=14.0)
    assert len(pages) > 1  # too much for one page even at 7 pt: more pages
    (size,) = {p.size for p in pages}  # the largest size needing no more pages than 7 pt
    assert len(fitter.fit_columns(protos, box_w, box_h, [7.0], 2, 14.0)) == len(pages)
    assert size in sizes
    assert [p.continued for p in pages] == [False] + [True] * (len(pages) - 1)
    for page in pages:
        assert 1 <= len(page.columns) <= 2
        for column in page.columns:
            assert fitter.total(column, page.size) <= box_h + 1e-6
            for para in column:  # every line within the column's width
                width = (box_w - 14.0) / 2 - para.indent
                assert all(
                    fitter.m.width(line, para.role, page.size) <= width + 1e-6
                    for line in para.lines
                )
    # every word once, in order, apart from the repeated "(suite)" headings
    words = " ".join(
        p.text for page in pages for p in page.paras if not p.text.endswith("(suite)")
    ).split()
    assert words == " ".join(p.text for p in protos).split()
    tops = [page.columns[0][0].text for page in pages[1:]]
    assert all(t == "Key recommendations (suite)" for t in tops)

    # fewer recommendations fit one page: at the largest size that does
    few = protos[:9]
    one = fitter.fit_columns(few, box_w, box_h, sizes, columns=2, gutter=14.0)
    assert len(one) == 1
    if one[0].size != sizes[0]:
        bigger = sizes[sizes.index(one[0].size) - 1]
        assert len(fitter.fit_columns(few, box_w, box_h, [bigger], columns=2, gutter=14.0)) > 1


def test_fit_block_shrinks_then_clips_a_box() -> None:
    fitter = _handout_fitter()
    text = [proto(("word " * 60, "text"))]
    size, paras = fitter.fit_block(text, 200.0, 120.0, steps(12, 6, 1))
    assert 6 <= size < 12 and fitter.total(paras, size) <= 120.0
    assert fitter.fits(text, 200.0, 120.0, size)
    size, paras = fitter.fit_block(text, 200.0, 20.0, steps(12, 6, 1))
    assert size == 6 and not fitter.fits(text, 200.0, 20.0, 6)
    assert paras[-1].text.endswith("…") and paras[-1].runs[-1] == Run(
        paras[-1].runs[-1].text, "text"
    )
    assert fitter.total(paras, size) <= 20.0


_PHRASE = [
    "Strengthening",
    "national",
    "mechanisms",
    "for",
    "protecting",
    "children's",
    "rights",
    "in",
    "every",
    "region",
]
LONG_TITLE = " ".join(_PHRASE[k % len(_PHRASE)] for k in range(100))  # 100 words


def _long_title_input(folder: Path) -> Path:
    text = KZ.read_text(encoding="utf-8")
    start = text.index("\ntitle:")
    end = text.index("\nsubtitle:")  # the title and its translations
    path = folder / "long.yaml"
    path.write_text(text[:start] + f"\ntitle: {LONG_TITLE}" + text[end:], encoding="utf-8")
    return path


def test_a_100_word_title_shrinks_to_its_bound_then_warns(tmp_path: Path) -> None:
    briefing = briefgen.load(_long_title_input(tmp_path))
    theme = load_theme("default")
    deck = layout_deck(build_document(briefing, theme), theme)
    title = deck.slides[0].title
    assert title.size == theme.slides.sizes.title * theme.layout.slides.title_min
    assert len(deck.warnings) == 1
    assert "`title` is too long" in deck.warnings[0]
    assert deck.slides[0].notes.startswith(LONG_TITLE)  # the notes keep it whole
    result = build(briefing, pdf=False, out=tmp_path / "out")
    assert any("`title` is too long" in w for w in result.warnings)
    assert all(w.startswith(str(tmp_path / "out" / "long.pptx")) for w in result.warnings)
    planned = plan(briefing, None, None, ("pptx",))
    assert planned.warnings == [("pptx", deck.warnings[0])]


def test_a_shorter_long_title_shrinks_without_warning(tmp_path: Path) -> None:
    briefing = briefgen.load(_long_title_input(tmp_path))
    theme = load_theme("default")
    short = briefing.model_copy(update={"title": " ".join(LONG_TITLE.split()[:30])})
    deck = layout_deck(build_document(short, theme), theme)
    sizes = theme.slides.sizes
    assert sizes.title * theme.layout.slides.title_min <= deck.slides[0].title.size < sizes.title
    assert deck.warnings == ()
    assert not deck.slides[0].title.text.endswith("…")


def test_an_issue_title_too_long_for_its_slide_title_warns(tmp_path: Path) -> None:
    briefing = briefgen.load(KZ)
    issues = list(briefing.issues)
    issues[0] = issues[0].model_copy(update={"title": LONG_TITLE})
    long = briefing.model_copy(update={"issues": issues})
    theme = load_theme("default")
    deck = layout_deck(build_document(long, theme), theme)
    assert len(deck.warnings) == 1  # once for its slides, not once per "(cont.)" slide
    assert "is too long for 4 lines" in deck.warnings[0]
    assert "`title`" in deck.warnings[0]
    cut = [s for s in deck.slides if s.title.text.endswith("…")]
    assert cut and all(LONG_TITLE in s.notes for s in cut)


def test_validate_reports_the_long_title_and_writes_nothing(tmp_path: Path) -> None:
    path = _long_title_input(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"warning: {path}: pptx: title slide: `title` is too long" in result.stderr
    assert sorted(tmp_path.rglob("*")) == before


def test_validate_reports_a_layout_problem_without_writing(tmp_path: Path) -> None:
    folder = tmp_path / "cramped"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "extends: default\nslides:\n  margins: {top: 3.2, bottom: 3.0, left: 0.6, right: 0.6}\n",
        encoding="utf-8",
    )
    before = sorted(tmp_path.rglob("*"))
    code = (
        "import sys\n"
        f"sys.argv = ['briefgen', 'validate', {str(KZ)!r}, '--theme', {str(folder)!r}]\n"
        "from briefgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('EXIT', e.code)\n"
        "print('HEAVY', [m for m in ('reportlab', 'pptx') if m in sys.modules])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert "EXIT 2" in proc.stdout and "HEAVY []" in proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("cramped/theme.yaml:3:12: slides.margins: ")
    assert "less than one line at sizes.body_min" in lines[0]
    assert sorted(tmp_path.rglob("*")) == before
