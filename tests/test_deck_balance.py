"""Issue 10's design pass on the deck: sparse slides balanced with space, long member lists in
columns before more slides, response, status and SDGs as coloured labels, and a warning for
characters the deck's named font lacks.

The balance rule (``layout.slides`` fill_space_max, fill_place) is checked on the laid-out
deck against the engine's pages before balancing, for every shipped theme, both aspects and
the Arabic sample; the painted deck is read back with python-pptx.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_runner import CliRunner
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from test_pptx import EMU, make_deck, title_text
from test_slides import INPUTS, document

import briefgen
from briefgen.build import Options, build, plan
from briefgen.cli import app
from briefgen.layout.deck import Deck, Slide
from briefgen.layout.frames import Para, TextBlock
from briefgen.layout.slides import DeckEngine, layout_deck
from briefgen.theme import Theme, load_theme

THEMES = ("default", "un", "high-contrast")


def _body_blocks(slide: Slide) -> list[TextBlock]:
    """The body and its second column, if any (the title slide's facts are not body)."""
    return [b for b in (slide.body, *slide.extras) if b is not None]


def _factor(before: list[Para], after: list[Para]) -> float:
    """The one factor by which the spacing after every paragraph grew."""
    assert [p.text for p in before] == [p.text for p in after]
    ratios = {
        round(a.space_after / b.space_after, 9)
        for b, a in zip(before, after, strict=True)
        if b.space_after
    }
    assert len(ratios) <= 1, ratios  # one factor for the whole slide
    return ratios.pop() if ratios else 1.0


def assert_balanced(
    name: str | Path, theme: Theme, aspect: str
) -> list[tuple[Slide, float, float]]:
    """Every content and closing slide follows the one rule; returns (slide, factor, drop)."""
    lay = theme.layout.slides
    doc = document(name, theme)
    engine = DeckEngine(doc, theme, aspect)
    deck = layout_deck(doc, theme, aspect)
    if doc.lang.startswith("ar"):  # mirrored: the vertical placement is the same
        assert all(b.rtl for s in deck.slides[1:] for b in _body_blocks(s))
    slides = [s for s in deck.slides if s.kind != "title" and not s.charts]
    pages = engine.pages()
    assert len(slides) == len(pages)
    out = []
    for slide, (page, lines) in zip(slides, pages, strict=True):
        strip = slide.kind == "closing" and bool(doc.member_logos)
        area = engine.frame(lines, strip, slide.kind)[2]
        blocks = _body_blocks(slide)
        assert len(blocks) == len(page.columns)
        cap = area.h * (1 - lay.height_safety)
        factors = {
            _factor(col, list(b.paragraphs)) for col, b in zip(page.columns, blocks, strict=True)
        }
        assert len(factors) == 1  # both columns alike
        factor = factors.pop()
        assert 1.0 - 1e-9 <= factor <= lay.fill_space_max + 1e-9
        used = max(b.height for b in blocks)
        assert used <= cap + 1e-6
        drops = {round(b.box.y - area.y, 6) for b in blocks}
        assert len(drops) == 1
        drop = drops.pop()
        for b in blocks:  # the box moves down, its bottom stays where the body area ends
            assert b.box.bottom == pytest.approx(area.bottom)
            assert b.box.h >= b.height - 1e-6
        if factor < lay.fill_space_max - 1e-9:  # spacing below its bound: the text fills
            assert used == pytest.approx(cap, abs=1e-6)
            assert drop == pytest.approx(0.0, abs=1e-6)
        else:  # spacing at its bound: the rest is shared, fill_place of it above
            assert drop == pytest.approx(lay.fill_place * (cap - used), abs=1e-6)
        out.append((slide, factor, drop))
    return out


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
@pytest.mark.parametrize("name", THEMES)
def test_every_slide_follows_the_balance_rule(name: str, aspect: str) -> None:
    theme = load_theme(name)
    for briefing in ("kz", "stress", "kz-tracking"):
        assert_balanced(briefing, theme, aspect)


def test_arabic_slides_are_balanced_and_mirrored() -> None:
    assert_balanced(INPUTS / "samples" / "briefing-ar.yaml", load_theme("default"), "16:9")


def test_kz_sparse_slides_sit_at_the_optical_centre() -> None:
    theme = load_theme("default")
    lay = theme.layout.slides
    cases = {title_of(s): (s, f, d) for s, f, d in assert_balanced("kz", theme, "16:9")}
    slide, factor, drop = cases["Recommendations – Issue 2 (Child labour)"]
    body = slide.body
    assert body is not None
    area_top = body.box.y - drop
    area_h = body.box.bottom - area_top
    # two short recommendations: spacing at its bound, the text well down from the top ...
    assert factor == pytest.approx(lay.fill_space_max)
    assert drop > 0.25 * area_h
    # ... and its middle a little above the middle of the body area (an optical centre)
    middle = body.box.y + body.height / 2
    assert area_top + 0.35 * area_h < middle < area_top + 0.5 * area_h
    # the densest slide sets the deck's body size and fills its area from the top
    dense = cases["Situation in Kazakhstan – Issue 2 (Child labour)"]
    assert dense[2] == pytest.approx(0.0, abs=1e-6)
    assert dense[1] < lay.fill_space_max
    # one body size on every content slide
    assert len({s.body.size for s, _, _ in cases.values() if s.kind == "content" and s.body}) == 1


def title_of(slide: Slide) -> str:
    return " ".join(" ".join(p.text.split("\n")) for p in slide.title.paragraphs)


def _body_shape(slide: Any) -> Any:
    """The body text frame: the tallest text shape that is not the title or a footer."""
    shapes = [
        s
        for s in slide.shapes
        if s.has_text_frame and s != slide.shapes.title and s.height / EMU > 60
    ]
    return min(shapes, key=lambda s: s.left)


def test_painted_deck_has_the_balanced_boxes_and_spacing(tmp_path: Path) -> None:
    theme = load_theme("default")
    deck: Deck = layout_deck(document("kz", theme), theme)
    prs = Presentation(str(make_deck(tmp_path)))
    sizes = set()
    for laid, slide in zip(deck.slides[1:], list(prs.slides)[1:], strict=True):
        assert laid.body is not None
        shape = _body_shape(slide)
        assert shape.top / EMU == pytest.approx(laid.body.box.y, abs=0.01)
        assert (shape.top + shape.height) / EMU == pytest.approx(laid.body.box.bottom, abs=0.01)
        spacing = [
            int(p.find(qn("a:pPr")).find(qn("a:spcAft")).find(qn("a:spcPts")).get("val"))
            for p in shape.text_frame._txBody.findall(qn("a:p"))
        ]
        assert spacing == [round(p.space_after * 100) for p in laid.body.paragraphs]
        if laid.kind == "content":
            sizes |= {r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1  # one body size across the content slides


# ---------------------------------------------------------------------------------------------
# Labels: response, status, SDGs
# ---------------------------------------------------------------------------------------------


def _rgb(theme: Theme, role: str) -> RGBColor:
    return RGBColor.from_string(str(getattr(theme.colors, role)).lstrip("#").upper())


def _paragraphs(prs: Any) -> list[Any]:
    return [
        p
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame and shape != slide.shapes.title
        for p in shape.text_frame.paragraphs
    ]


@pytest.mark.parametrize("name", THEMES)
def test_response_and_status_are_bold_labels_in_their_colours(tmp_path: Path, name: str) -> None:
    theme = load_theme(name)
    prs = Presentation(str(make_deck(tmp_path, "kz-tracking", theme=name)))
    paras = _paragraphs(prs)
    texts = [p.text for p in paras]
    colors = theme.layout.tracking.colors
    seen = set()
    for label in (
        "supported · partially implemented",
        "noted · not implemented",
        "supported · not implemented",
    ):
        k = texts.index(label)
        para = paras[k]
        response, sep, status = para.runs
        assert (sep.text, sep.font.color.rgb) == (" · ", _rgb(theme, "muted"))
        for run in (response, status):
            key = run.text.replace(" ", "_")
            assert run.font.bold is True
            assert run.font.color.rgb == _rgb(theme, colors[key])
            seen.add(key)
        # the line hangs under its item's text, without a bullet glyph
        ppr = para._p.find(qn("a:pPr"))
        item = paras[k - 1]._p.find(qn("a:pPr"))
        assert ppr.find(qn("a:buNone")) is not None
        assert ppr.get("marL") == item.get("marL") and int(ppr.get("marL")) > 0
        # the item above ends with its states and its reference, the labels are not in it
        assert re.search(r"\)\.? · para\. [0-9.]+$", paras[k - 1].text)
        assert "supported" not in paras[k - 1].text
    assert seen == {"supported", "noted", "partially_implemented", "not_implemented"}
    # the colours differ per value where the theme's roles do
    assert colors["supported"] != colors["noted"]


def test_sdgs_are_a_bold_accent_label(tmp_path: Path) -> None:
    theme = load_theme("default")
    prs = Presentation(str(make_deck(tmp_path, "stress")))
    paras = _paragraphs(prs)
    k = [p.text for p in paras].index("SDG 4, 16")
    (run,) = paras[k].runs
    assert run.font.bold is True
    assert run.font.color.rgb == _rgb(theme, "accent")
    assert paras[k - 1].text.startswith("3.4 ")


# ---------------------------------------------------------------------------------------------
# Members: columns before more slides
# ---------------------------------------------------------------------------------------------


def _with_members(tmp_path: Path, n: int) -> Path:
    data = yaml.safe_load((INPUTS / "kz.yaml").read_text(encoding="utf-8"))
    data["coalition"]["members"] = [f"Public association “Member {i}”, City {i}" for i in range(n)]
    path = tmp_path / f"members{n}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_long_member_list_uses_two_columns_on_one_slide(tmp_path: Path) -> None:
    theme = load_theme("default")
    path = _with_members(tmp_path, 30)
    doc = document(path, theme)
    engine = DeckEngine(doc, theme, "16:9")
    group = next(g for g in engine.groups() if g.kind == "closing")
    body = engine.frame(engine.title_box_lines(group), False, "closing")[2]
    assert len(engine.fit_group(group, body.w, body.h)) > 1  # one column would need two slides
    result = build(briefgen.load(path), pdf=False, out=tmp_path / "out")
    prs = Presentation(str(result.written["pptx"]))
    closing = [s for s in prs.slides if title_text(s).startswith("Thank you")]
    assert len(closing) == 1
    columns = [s for s in closing[0].shapes if s.has_text_frame and "Member" in s.text_frame.text]
    assert len(columns) == 2
    left, right = sorted(columns, key=lambda s: s.left)
    assert left.top == right.top and left.left + left.width < right.left
    names = [p.text for c in (left, right) for p in c.text_frame.paragraphs if "Member" in p.text]
    assert names == [f"Public association “Member {i}”, City {i}" for i in range(30)]


# ---------------------------------------------------------------------------------------------
# Characters the deck's font lacks
# ---------------------------------------------------------------------------------------------


def _with_symbols(tmp_path: Path) -> tuple[Path, int]:
    text = (INPUTS / "kz.yaml").read_text(encoding="utf-8")
    old = "Develop mechanisms of monitoring of child labour."
    assert old in text
    path = tmp_path / "symbols.yaml"
    path.write_text(text.replace(old, "Develop mechanisms ⚖ of monitoring ✔ of child labour."))
    line = next(i for i, s in enumerate(path.read_text().splitlines(), 1) if "⚖" in s)
    return path, line


def test_characters_the_deck_font_lacks_are_a_positioned_warning(tmp_path: Path) -> None:
    path, line = _with_symbols(tmp_path)
    planned = plan(briefgen.load(path), "default", Options())
    deck = [m for fmt, m in planned.warnings if fmt == "pptx"]
    assert deck == [
        f"{path}:{line}:9: issues[2].recommendations[1].text: '⚖' (U+2696 SCALES), '✔'"
        " (U+2714 HEAVY CHECK MARK) not in the deck's font Arial (measured with Arimo): a"
        " presenting computer draws them in another font, with other widths than measured;"
        " install 'DejaVu Sans' on that computer and name it in the theme's fonts.fallbacks,"
        " or use a theme whose deck font has them (fonts.deck.family)"
    ]
    # the PDF embeds DejaVu Sans, which has them: no warning for a PDF alone
    assert plan(briefgen.load(path), "default", Options(), formats=("pdf",)).warnings == []
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"{path}:{line}:9: issues[2].recommendations[1].text: '⚖'" in result.stderr
    assert "install 'DejaVu Sans'" in result.stderr


def test_a_fallback_the_deck_names_covers_them(tmp_path: Path) -> None:
    path, _ = _with_symbols(tmp_path)
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "extends: default\nfonts:\n  fallbacks:\n    - {family: DejaVu Sans}\n", encoding="utf-8"
    )
    planned = plan(briefgen.load(path), load_theme(str(folder)), Options())
    assert not [m for fmt, m in planned.warnings if fmt == "pptx" and "⚖" in m]
    for sample in ("kz", "stress", "kz-tracking"):  # the shipped inputs need no warning
        assert plan(briefgen.load(INPUTS / f"{sample}.yaml"), "default", Options()).warnings == []
