"""The slide layout engine, checked without python-pptx.

The central promise is that no text frame overflows. It is checked twice: with the engine's own
measured heights, and independently by re-wrapping every paragraph with Pillow's FreeType
measurements of the same font files (``independent_height``), so a bug in the engine's
measuring cannot hide itself.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from PIL import Image, ImageFont

import briefgen
from briefgen import fonts
from briefgen.images import load_picture
from briefgen.layout.document import Document, Logo, build_document
from briefgen.layout.slides import Deck, TextBlock, format_duration, layout_deck
from briefgen.layout.wording import final_stop
from briefgen.metric_fonts import deck_theme
from briefgen.theme import Theme, available, load_theme

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
KZ_TITLES = [
    "Children's Rights in Kazakhstan",
    "Recommendations – Issue 1 (Human Rights Institutions)",
    "Situation in Kazakhstan – Issue 2 (Child labour)",
    "Recommendations – Issue 2 (Child labour)",
    "Situation in Kazakhstan – Issue 3 (Non-discrimination)",
    "Recommendations – Issue 3 (Non-discrimination)",
    "Situation in Kazakhstan – Issue 4 (Early and forced marriages)",
    "Recommendations – Issue 4 (Early and forced marriages)",
    "Other recommendations",
    "Thank you",
]
TIMING = re.compile(r"≈ (\d+:\d\d) on this slide · (\d+:\d\d) so far")


# ---------------------------------------------------------------------------------------------
# Independent measuring (also used by test_pptx.py)
# ---------------------------------------------------------------------------------------------


@functools.cache
def _pil_font(path: str) -> ImageFont.FreeTypeFont:
    # Measured at 1000 px and scaled: hinting rounds advances at small sizes.
    return ImageFont.truetype(path, 1000, layout_engine=ImageFont.Layout.BASIC)


def pil_width(text: str, path: str, size: float) -> float:
    return _pil_font(path).getlength(text) * size / 1000


def independent_lines(text: str, path: str, size: float, width: float) -> int:
    """Greedy word wrap like PowerPoint: a too-long word starts a line and breaks by characters."""
    count = 0
    for segment in text.split("\n"):
        current: str | None = None
        for word in segment.split():
            candidate = word if current is None else f"{current} {word}"
            if pil_width(candidate, path, size) <= width:
                current = candidate
                continue
            if current is not None:
                count += 1
                current = None
            if pil_width(word, path, size) <= width:
                current = word
                continue
            piece = ""
            for ch in word:
                if piece and pil_width(piece + ch, path, size) > width:
                    count += 1
                    piece = ch
                else:
                    piece += ch
            current = piece
        count += 1 if current is not None else 0
    return count


def font_path(theme: Theme, role: str) -> str:
    """The file a deck's text in ``role`` is measured with: the metric-compatible twin of the
    font the deck names (Arimo for Arial), not the PDF's font."""
    return str(fonts.resolve(deck_theme(theme).font_spec(role)).path)


def independent_height(block: TextBlock, theme: Theme) -> float:
    total = 0.0
    for para in block.paragraphs:
        width = block.box.w - para.indent
        n = independent_lines(para.text, font_path(theme, para.role), block.size, width)
        total += n * block.size * block.line_spacing + para.space_after
    return total


def assert_no_overflow(deck: Deck, theme: Theme) -> None:
    for slide in deck.slides:
        for block in slide.blocks:
            where = f"slide {slide.number}: {block.text[:60]!r}"
            assert block.height <= block.box.h + 1e-6, where
            assert independent_height(block, theme) <= block.box.h + 1e-6, where
            box = block.box
            assert box.x >= 0 and box.x + box.w <= deck.width + 1e-6, where
            assert box.y >= 0 and box.y + box.h <= deck.height + 1e-6, where


# ---------------------------------------------------------------------------------------------
# Fixtures and helpers
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme("default")


def document(name: str | Path, theme: Theme) -> Document:
    path = name if isinstance(name, Path) else INPUTS / f"{name}.yaml"
    return build_document(briefgen.load(path), theme)


@pytest.fixture(scope="module")
def kz_doc(theme: Theme) -> Document:
    return document("kz", theme)


@pytest.fixture(scope="module")
def kz_deck(kz_doc: Document, theme: Theme) -> Deck:
    return layout_deck(kz_doc, theme)


@pytest.fixture(scope="module")
def stress_deck(theme: Theme) -> Deck:
    return layout_deck(document("stress", theme), theme)


def title(slide_title: TextBlock) -> str:
    return " ".join(" ".join(p.text.split("\n")) for p in slide_title.paragraphs)


def deck_text(deck: Deck) -> str:
    """The cover and the bodies (split bullets joined again), spaces collapsed."""
    blocks = [b for s in deck.slides for b in s.blocks if b not in (*s.footer, s.title)]
    blocks.insert(0, deck.slides[0].title)
    parts = [p.text for b in blocks for p in b.paragraphs]
    return " ".join(" ".join(parts).split())


def briefing_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "b.yaml"
    path.write_text("title: Test\ncountry: Kazakhstan\nlanguage: en\n" + body, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# The Kazakhstan deck
# ---------------------------------------------------------------------------------------------


def test_kz_titles_in_order_without_continuations(kz_deck: Deck) -> None:
    assert [title(s.title) for s in kz_deck.slides] == KZ_TITLES
    assert [s.kind for s in kz_deck.slides] == ["title"] + ["content"] * 8 + ["closing"]
    assert [s.number for s in kz_deck.slides] == list(range(1, 11))


def test_kz_sizes_and_geometry(kz_deck: Deck, theme: Theme) -> None:
    sizes = theme.slides.sizes
    assert (kz_deck.width, kz_deck.height) == pytest.approx((960, 540))
    content = kz_deck.slides[1:]
    for slide in content:
        assert slide.body is not None
        assert sizes.body_min <= slide.body.size <= sizes.body
        assert sizes.heading_min <= slide.title.size <= sizes.heading
        assert len(slide.title.paragraphs[0].lines) <= 2
    # The title sits at the same place on every content slide, the body area too: a sparse
    # slide's text is balanced lower in it (its box moves down, its bottom stays; the rule is
    # tested in test_deck_balance.py).
    assert len({s.title.box for s in content}) == 1
    bodies = {(s.body.box.x, s.body.box.w, round(s.body.box.bottom, 6)) for s in content if s.body}
    assert len(bodies) == 1
    assert len({s.title.size for s in content}) == 1


def test_kz_everything_is_on_the_slides(kz_deck: Deck, kz_doc: Document) -> None:
    text = deck_text(kz_deck)
    for rec in kz_doc.all_recommendations:
        assert f"{rec.number} {rec.text}" in text
    for issue in kz_doc.issues:
        for prev in issue.previous:
            body, stop = final_stop(prev.text)  # the states inside the sentence
            assert f"{kz_doc.words.previous} {body} {prev.states}{stop}" in text
        for point in (*issue.developments, *issue.needs):
            assert point.text in text
            for item in point.items:
                assert item in text
    for member in kz_doc.closing.members:
        assert member in text
    assert "(Spain)" in text and "(Philippines, Tajikistan)" in text
    cover = kz_doc.cover
    for fact in (cover.title, cover.subtitle, cover.coalition, cover.review, cover.date):
        assert fact in text


def test_kz_bullets_follow_the_original(kz_deck: Deck, theme: Theme, kz_doc: Document) -> None:
    situation = kz_deck.slides[2]
    assert situation.body is not None
    paras = situation.body.paragraphs
    assert paras[0].bullet == theme.bullets.point and paras[0].text.startswith("Rec. ")
    heading = next(p for p in paras if p.text == kz_doc.words.developments)
    assert heading.bullet == theme.bullets.point and heading.role == "bold" and heading.keep
    subs = [p for p in paras if p.level == 1]
    assert subs and all(p.bullet == theme.bullets.sub for p in subs)
    assert all(p.indent > heading.indent for p in subs)
    closing = kz_deck.slides[-1]
    assert closing.body is not None
    members = [p for p in closing.body.paragraphs if p.bullet]
    assert [p.text for p in members] == list(kz_doc.closing.members)
    assert all(p.bullet == theme.bullets.member for p in members)
    assert closing.body.paragraphs[-1].text == kz_doc.closing.and_others


def test_kz_hanging_indent_fits_the_bullet(kz_deck: Deck, theme: Theme) -> None:
    symbols = font_path(theme, "symbols")
    for slide in kz_deck.slides:
        for block in slide.blocks:
            for para in block.paragraphs:
                if para.bullet:
                    room = para.indent - para.bullet_indent
                    assert pil_width(para.bullet, symbols, block.size) < room


def test_kz_no_overflow(kz_deck: Deck, theme: Theme) -> None:
    assert_no_overflow(kz_deck, theme)


def test_kz_no_overflow_in_4_3(kz_doc: Document, theme: Theme) -> None:
    deck = layout_deck(kz_doc, theme, "4:3")
    assert (deck.width, deck.height) == (720, 540)
    assert deck.aspect == "4:3"
    assert [title(s.title) for s in deck.slides][:2] == KZ_TITLES[:2]
    assert_no_overflow(deck, theme)


def test_kz_notes_carry_text_and_times(kz_deck: Deck, theme: Theme) -> None:
    running = 0.0
    for slide in kz_deck.slides:
        match = TIMING.search(slide.notes)
        assert match, slide.notes
        running += slide.seconds
        assert slide.running_seconds == pytest.approx(running)
        assert match.groups() == (format_duration(slide.seconds), format_duration(running))
        for block in (slide.body, *slide.extras):
            for para in block.paragraphs if block else ():
                assert para.text in slide.notes
    assert kz_deck.total_seconds == pytest.approx(running)
    words = sum(len(s.notes.split()) for s in kz_deck.slides)
    assert 60 * words / theme.slides.words_per_minute > kz_deck.total_seconds * 0.8
    # A UPR pre-session talk is 5-7 minutes; the Kazakhstan deck is such a talk.
    assert 5 * 60 <= kz_deck.total_seconds <= 7 * 60


def test_format_duration() -> None:
    assert format_duration(0) == "0:00"
    assert format_duration(95.4) == "1:35"
    assert format_duration(3600) == "60:00"


# ---------------------------------------------------------------------------------------------
# Continuations and pathological input
# ---------------------------------------------------------------------------------------------


def test_stress_continues_without_overflow(stress_deck: Deck, theme: Theme) -> None:
    titles = [title(s.title) for s in stress_deck.slides]
    continued = [t for t in titles if t.endswith("cont.)")]
    assert continued
    assert "Situation in Kazakhstan – Issue 2 (Child labour, cont.)" in continued
    for slide in stress_deck.slides:
        # "(…, cont.)", then numbered: "(…, cont. 3)" (every slide title unique)
        assert slide.continued == bool(re.search(r"cont\.( \d+)?\)$", title(slide.title)))
    assert_no_overflow(stress_deck, theme)


def test_stress_keeps_all_content(stress_deck: Deck, theme: Theme) -> None:
    doc = document("stress", theme)
    text = deck_text(stress_deck)
    long = max(doc.all_recommendations, key=lambda r: len(r.text))
    assert len(long.text) > 1900
    assert " ".join(long.text.split()) in text
    for need in doc.issues[1].needs:
        assert need.text in text
    for member in doc.closing.members:
        assert member in text
    assert len(doc.closing.members) == 60


def test_stress_one_size_per_group_and_headings_kept(stress_deck: Deck, theme: Theme) -> None:
    groups: dict[str, set[float]] = {}
    for slide in stress_deck.slides:
        key = title(slide.title).removesuffix(" (cont.)")
        if slide.kind == "title":
            continue
        for block in (slide.body, *slide.extras):
            assert block is not None
            groups.setdefault(key, set()).add(block.size)
            # A heading bullet never ends a column: its first sub-bullet follows it.
            assert not block.paragraphs[-1].keep, (slide.number, block.text[-80:])
    assert all(len(sizes) == 1 for sizes in groups.values()), groups


def test_member_lists_go_to_two_columns(stress_deck: Deck) -> None:
    closing = [s for s in stress_deck.slides if s.kind == "closing"]
    assert len(closing) >= 2
    first = closing[0]
    assert first.body is not None and len(first.extras) == 1
    left, right = first.body, first.extras[0]
    assert left.box.y == right.box.y and left.box.w == right.box.w
    assert left.box.x + left.box.w < right.box.x


def test_a_bullet_too_long_for_a_slide_is_split_between_lines(tmp_path: Path, theme: Theme) -> None:
    sentence = "Guarantee that every child can report violence safely and free of charge. "
    path = briefing_file(
        tmp_path,
        "issues:\n  - title: Long\n    recommendations:\n"
        f"      - {sentence * 90}\n      - Short one.\n",
    )
    doc = document(path, theme)
    deck = layout_deck(doc, theme)
    bodies = [s.body for s in deck.slides if s.kind == "content" and s.body]
    assert len(bodies) >= 3
    first, second = bodies[0].paragraphs, bodies[1].paragraphs
    assert first[0].bullet == theme.bullets.point and not first[0].continued
    assert second[0].continued and second[0].bullet == ""
    assert second[0].indent == first[0].indent
    assert " ".join((sentence * 90).split()) in deck_text(deck)
    # One body size for the deck: no other slide is denser, so the split bullet keeps the
    # theme's body size (shrinking would not make it fit one slide), the same on all.
    (size,) = {b.size for b in bodies}
    assert size == theme.slides.sizes.body
    assert_no_overflow(deck, theme)


def test_pathological_titles_and_words_never_overflow(tmp_path: Path, theme: Theme) -> None:
    long_title = "Access to justice for children " * 12
    url = "https://example.org/" + "x" * 400
    path = briefing_file(
        tmp_path,
        f"subtitle: {'Very long subtitle ' * 10}\n"
        f"issues:\n  - title: {long_title}\n    recommendations:\n      - See {url} now.\n",
    )
    deck = layout_deck(document(path, theme), theme)
    assert_no_overflow(deck, theme)
    heading = deck.slides[1].title.paragraphs
    assert len(heading) == 1 and heading[0].text.endswith("…")
    assert 2 < len(heading[0].lines) <= 4
    assert long_title.split()[0] in deck.slides[1].notes
    assert url in deck_text(deck)


def test_bigger_theme_sizes_still_fit(tmp_path: Path, kz_doc: Document) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "extends: default\nslides:\n  sizes: {title: 54, subtitle: 30, heading: 40,"
        " heading_min: 32, body: 36, body_min: 28}\n  line_spacing: 1.3\n",
        encoding="utf-8",
    )
    big = load_theme(str(folder))
    deck = layout_deck(build_document(briefgen.load(INPUTS / "kz.yaml"), big), big, "4:3")
    assert any(s.continued for s in deck.slides)
    assert_no_overflow(deck, big)


def test_generated_briefing_lays_out(tmp_path: Path, theme: Theme) -> None:
    import subprocess
    import sys

    out = tmp_path / "g.yaml"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "12", str(out)], check=True
    )
    deck = layout_deck(document(out, theme), theme)
    assert len(deck.slides) >= 2 + 12
    assert_no_overflow(deck, theme)


def test_unknown_aspect_is_refused(kz_doc: Document, theme: Theme) -> None:
    with pytest.raises(ValueError, match="aspect"):
        layout_deck(kz_doc, theme, "1:1")


@pytest.mark.parametrize("name", sorted(available()))
@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_every_shipped_theme_fits(name: str, aspect: str) -> None:
    chosen = load_theme(name)
    for briefing in ("kz", "stress"):
        deck = layout_deck(document(briefing, chosen), chosen, aspect)
        assert [title(s.title) for s in deck.slides][-1].startswith(chosen.words("en").thank_you)
        assert_no_overflow(deck, chosen)


# ---------------------------------------------------------------------------------------------
# Logos
# ---------------------------------------------------------------------------------------------


def test_logos_go_where_their_role_says(tmp_path: Path, theme: Theme) -> None:
    """The title slide carries the brand logos, then (a few) members' as the PDF cover does;
    member logos on the closing one, by role not by count."""
    Image.new("RGB", (300, 100), "navy").save(tmp_path / "a.png")
    Image.new("RGB", (100, 100), "teal").save(tmp_path / "b.png")
    brand = Logo.brand(load_picture(tmp_path / "a.png"), "NGO Coalition")
    member = Logo.of_member(load_picture(tmp_path / "b.png"), "Public foundation “Bota”")
    assert not theme.logos  # the default theme has none: only the flag can tell them apart
    briefing = briefgen.load(INPUTS / "kz.yaml")
    document = build_document(briefing, theme, logos=(member, brand))
    assert document.brand_logos == (brand,) and document.member_logos == (member,)
    deck = layout_deck(document, theme)
    assert [p.alt for p in deck.slides[0].pictures] == ["NGO Coalition", "Public foundation “Bota”"]
    assert [p.alt for p in deck.slides[-1].pictures] == ["Public foundation “Bota”"]
    assert not any(s.pictures for s in deck.slides[1:-1])
