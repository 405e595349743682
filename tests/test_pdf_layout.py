"""The PDF's layout stage: role-tagged body blocks, the cover as frames (a long title shrinks,
never runs off), the handout fitted by the shared engine, and a painter that imports nothing
from the build, the loader or the model."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pdfplumber
import pytest

import briefgen
from briefgen.build import build, resolve_theme
from briefgen.layout import fit, pdf_handout
from briefgen.layout.document import Document, build_document
from briefgen.layout.frames import Rect, TextBlock
from briefgen.layout.pdf_blocks import walk
from briefgen.layout.pdf_pages import ContentsLine, layout_pdf
from briefgen.layout.roles import Role
from briefgen.model import Briefing
from briefgen.options import Options
from briefgen.theme import Theme
from tests.test_pdf import generated

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "protect",
    "every",
    "child",
    "from",
    "labour",
    "violence",
    "trafficking",
    "and",
    "neglect",
    "in",
    "all",
    "regions",
    "while",
    "guaranteeing",
    "education",
    "health",
    "care",
    "birth",
    "registration",
    "and",
    "family",
    "support",
]


def _doc(briefing: Briefing) -> tuple[Document, Theme]:
    theme = resolve_theme(briefing, None)
    return build_document(briefing, theme), theme


def test_kz_block_roles_in_reading_order(kz: Briefing) -> None:
    doc, theme = _doc(kz)
    pages = layout_pdf(doc, theme, Options(handout=False))
    blocks = walk(pages.blocks)
    roles = [b.role for b in blocks]
    words = doc.words
    # kz is short: the contents are on the cover (one line per section), not in the body
    entries = [i.text for i in pages.cover.items if isinstance(i, ContentsLine)]
    assert roles[0] is Role.H1 and Role.CONTENTS not in roles
    sections = [
        *(i.heading for i in doc.issues),
        words.other_recommendations,
        words.members_heading,
    ]
    assert doc.other and entries == sections
    # top-level headings: each issue, other recommendations, the coalition
    h1 = [b.text for b in blocks if b.role is Role.H1]
    assert h1 == sections
    # an issue with a situation: previous recommendations, developments, needs, recommendations
    full = next(i for i in doc.issues if i.previous and i.developments and i.needs)
    headings = [b for b in blocks if b.role in (Role.H1, Role.H2, Role.H3)]
    start = next(k for k, b in enumerate(headings) if b.text == full.heading)
    assert [(b.role, b.text) for b in headings[start : start + 6]] == [
        (Role.H1, full.heading),
        (Role.H2, words.situation_heading),
        (Role.H3, words.previous_heading),
        (Role.H3, words.developments),
        (Role.H3, words.needs),
        (Role.H2, words.issue_recommendations),
    ]
    # every recommendation number, in order, as the label of a recommendation block
    numbers = [b.label for b in blocks if b.role is Role.RECOMMENDATION]
    assert numbers == [r.number for r in doc.all_recommendations]
    assert numbers[:3] == ["1.1", "1.2", "2.1"]
    # list items carry the theme's bullet glyphs; previous recommendations their states
    items = [b for b in blocks if b.role is Role.ITEM]
    assert {b.label for b in items} == {
        theme.bullets.point,
        theme.bullets.sub,
        theme.bullets.member,
    }
    assert [b.text for b in items if b.style == "member"] == list(doc.closing.members)
    previous = [b for b in blocks if b.role is Role.PREVIOUS]
    assert [b.extra for b in previous] == [p.states for i in doc.issues for p in i.previous]
    # headings keep with what follows; each issue but the first needs room or a new page
    assert all(b.keep_with_next for b in blocks if b.role in (Role.H1, Role.H2, Role.H3))
    assert [b.page_start for b in blocks if b.role is Role.H1 and b.key.startswith("issue")] == [
        True,
        *[False] * (len(doc.issues) - 1),
    ]


def _cover_briefing(tmp_path: Path, words: int) -> Briefing:
    title = " ".join(WORDS[k % len(WORDS)] for k in range(words))
    path = tmp_path / f"title-{words}.yaml"
    path.write_text(
        f"title: {title}\nsubtitle: UPR pre-session\ncountry: Kazakhstan\ndate: 2024-12-05\n"
        "coalition:\n  name: NGO Coalition on the Rights of the Child\n"
        "presenters:\n  - {name: A. Person, organization: Child Rights Fund}\n"
        "issues:\n  - title: Child labour\n    recommendations: [Ratify the convention.]\n",
        encoding="utf-8",
    )
    return briefgen.load(path)


def _cover_blocks(doc: Document, theme: Theme) -> tuple[list[TextBlock], list[str], float]:
    pages = layout_pdf(doc, theme, Options())
    blocks = [i for i in pages.cover.items if isinstance(i, TextBlock)]
    return blocks, list(pages.warnings), pages.geometry.height


def test_a_long_cover_title_shrinks_and_stays_on_the_cover(tmp_path: Path) -> None:
    briefing = _cover_briefing(tmp_path, 80)
    doc, theme = _doc(briefing)
    blocks, warnings, height = _cover_blocks(doc, theme)
    title = next(b for b in blocks if b.tag is Role.TITLE)
    lay, size = theme.layout.pdf, theme.pdf.sizes.title
    assert lay.cover_title_min * size - 1e-6 <= title.size < size  # shrunk within bounds
    assert warnings == []
    assert " ".join(title.paragraphs[0].lines) == doc.cover.title  # nothing cut
    # nothing overlaps: every text block ends above the next one down, all on the page
    ordered = sorted(blocks, key=lambda b: b.box.y)
    for upper, lower in itertools.pairwise(ordered):
        assert upper.box.bottom <= lower.box.y + 1e-6, (upper.text, lower.text)
    assert ordered[-1].box.bottom <= height
    built = build(briefing, pptx=False, out=tmp_path / "out")
    assert built.warnings == []
    with pdfplumber.open(built.written["pdf"]) as pdf:
        cover = pdf.pages[0]
        text = " ".join((cover.extract_text() or "").split())
        assert doc.cover.title in text
        assert all(c["x0"] >= 0 and c["x1"] <= cover.width for c in cover.chars)
        assert all(c["top"] >= 0 and c["bottom"] <= cover.height for c in cover.chars)


def test_a_title_past_the_theme_bound_warns_naming_the_field(tmp_path: Path) -> None:
    briefing = _cover_briefing(tmp_path, 400)
    doc, theme = _doc(briefing)
    blocks, warnings, height = _cover_blocks(doc, theme)
    title = next(b for b in blocks if b.tag is Role.TITLE)
    assert title.size < theme.layout.pdf.cover_title_min * theme.pdf.sizes.title
    assert len(warnings) == 1 and warnings[0].startswith("title: ")
    assert " ".join(title.paragraphs[0].lines) == doc.cover.title
    assert max(b.box.bottom for b in blocks) <= height
    built = build(briefing, pptx=False, out=tmp_path / "out")
    assert any("title: " in w for w in built.warnings)


def test_the_handout_is_fitted_by_the_shared_engine(
    kz: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[float]] = []
    original = fit.Fitter.fit_columns

    def spy(self: fit.Fitter, *args: object, **kwargs: object) -> list[fit.Page]:
        calls.append(list(args[3]))  # type: ignore[call-overload]
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_handout.Fitter, "fit_columns", spy)
    doc, theme = _doc(kz)
    pages = layout_pdf(doc, theme, Options(handout=True))
    assert calls and calls[0][0] == theme.pdf.sizes.body  # from the body size ...
    assert calls[0][-1] == theme.pdf.handout_min_size  # ... down to the theme's minimum
    assert len(pages.handout) == 1 and pages.warnings == ()
    columns = [i for i in pages.handout[0].items if isinstance(i, TextBlock) and i.tag is Role.LIST]
    assert {c.size for c in columns} == {theme.pdf.sizes.body}  # kz fits at the body size
    recs = [p for c in columns for p in c.paragraphs if p.tag is Role.RECOMMENDATION]
    assert [p.bullet for p in recs] == [r.number for r in doc.all_recommendations]
    assert any(isinstance(i, Rect) for i in pages.handout[0].items)  # rules between columns

    path = tmp_path / "sixty.yaml"
    path.write_text(generated(60), encoding="utf-8")
    long_doc, long_theme = _doc(briefgen.load(path))
    long = layout_pdf(long_doc, long_theme, Options(handout=True))
    assert len(long.handout) > 1
    assert len(long.warnings) == 1 and f"needs {len(long.handout)} pages" in long.warnings[0]
    sizes = {
        i.size
        for page in long.handout
        for i in page.items
        if isinstance(i, TextBlock) and i.tag is Role.LIST
    }
    assert sizes == {long_theme.pdf.handout_min_size}
    heads = [next(i for i in page.items if isinstance(i, TextBlock)).text for page in long.handout]
    words = long_doc.words
    assert heads[0] == words.key_recommendations
    assert all(h == f"{words.key_recommendations} {words.continued}" for h in heads[1:])


FORBIDDEN = ("briefgen.build", "briefgen.load", "briefgen.model")


def test_pdf_painter_imports_nothing_from_build_load_or_model() -> None:
    painters = sorted((ROOT / "briefgen" / "render").glob("pdf*.py"))
    assert len(painters) >= 5  # pdf.py and the modules it was split into
    for path in painters:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
