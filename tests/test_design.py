"""The design pass read back from the decks: continuation slides say what they continue."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from pptx import Presentation
from test_slides import INPUTS

import briefgen
from briefgen.build import build
from briefgen.theme import load_theme


def deck(tmp_path: Path, name: str) -> Presentation:
    built = build(briefgen.load(INPUTS / f"{name}.yaml"), pdf=False, out=tmp_path)
    return Presentation(str(built.written["pptx"]))


def test_continued_slides_repeat_the_list_label_without_doubled_parentheses(
    tmp_path: Path,
) -> None:
    prs = deck(tmp_path, "stress")
    titles = [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]
    continued = [t for t in titles if "cont." in t]
    assert "Situation in Kazakhstan – Issue 2 (Child labour, cont.)" in continued
    assert "Thank you (cont.)" in continued
    assert not [t for t in titles if ") (" in t or "))" in t]
    for slide in prs.slides:
        title = slide.shapes.title
        if title is None or not title.text_frame.text.startswith("Situation"):
            continue
        if "cont." not in title.text_frame.text:
            continue
        first = slide.placeholders[1].text_frame.paragraphs[0]
        # the list the items continue is named first: "New needs (cont.)", a level-0 label
        assert first.level == 0 and first.text.endswith(" (cont.)"), first.text
        assert first.text.removesuffix(" (cont.)") in ("Stage of development", "New needs")


def test_other_recommendations_are_lettered_not_numbered_as_an_issue(tmp_path: Path) -> None:
    from briefgen.layout.document import letters

    assert [letters(k) for k in (1, 2, 26, 27, 28)] == ["A", "B", "Z", "AA", "AB"]
    built = build(briefgen.load(INPUTS / "kz.yaml"), out=tmp_path)
    prs = Presentation(str(built.written["pptx"]))
    other = next(s for s in prs.slides if s.shapes.title.text_frame.text == "Other recommendations")
    starts = [p.text.split(" ", 1)[0] for p in other.placeholders[1].text_frame.paragraphs]
    assert starts == ["A", "B"]
    text = " ".join(p.extract_text() for p in pdfplumber.open(built.written["pdf"]).pages)
    assert "5.1" not in text and "5.2" not in text
    assert "\nA " in text or " A " in text


def test_states_sit_inside_the_sentence_before_its_full_stop(tmp_path: Path) -> None:
    built = build(briefgen.load(INPUTS / "kz.yaml"), out=tmp_path)
    prs = Presentation(str(built.written["pptx"]))
    situation = prs.slides[2].placeholders[1].text_frame.paragraphs
    assert situation[0].text.endswith(
        "in line with Kazakhstan’s international obligations (Spain)."
    )
    runs = situation[0].runs
    states = next(r for r in runs if r.text == " (Spain)")
    assert [r.text for r in runs[-2:]] == [" (Spain)", "."]
    theme = load_theme("default")
    heading = theme.colors.heading.lstrip("#").upper()
    assert str(states.font.color.rgb) == heading  # the states in the heading colour
    with pdfplumber.open(built.written["pdf"]) as pdf:
        text = " ".join((p.extract_text() or "").replace("\n", " ") for p in pdf.pages)
        chars = [c for p in pdf.pages for c in p.chars]
    assert "international obligations (Spain)." in text
    assert "(Philippines, Tajikistan)." in text and "(Hungary)." in text
    # the same style in the PDF: regular weight, the heading colour
    spain = "".join(c["text"] for c in chars)
    at = spain.index("(Spain)")
    for c in chars[at : at + len("(Spain)")]:
        assert "Bold" not in c["fontname"]
        colour = c["non_stroking_color"]
        assert tuple(round(v * 255) for v in colour) == tuple(
            int(heading[i : i + 2], 16) for i in (0, 2, 4)
        )


def body_sizes(prs: Presentation) -> list[set[float]]:
    """The body text sizes of each content slide (title and closing slides left out)."""
    out = []
    for slide in list(prs.slides)[1:]:
        title = slide.shapes.title.text_frame.text
        if title.startswith("Thank you"):
            continue
        body = slide.placeholders[1].text_frame.paragraphs
        out.append({r.font.size.pt for p in body for r in p.runs if r.text.strip()})
    return out


def test_one_body_size_per_deck(tmp_path: Path) -> None:
    """The densest slide sets the deck's body size; no size jumps between neighbours."""
    from briefgen.theme import available

    for theme in available():
        for name in ("kz", "stress"):
            built = build(
                briefgen.load(INPUTS / f"{name}.yaml"), pdf=False, out=tmp_path, theme=theme
            )
            sizes = body_sizes(Presentation(str(built.written["pptx"])))
            assert len(set().union(*sizes)) == 1, (theme, name, sizes)
            bounds = load_theme(theme).slides.sizes
            assert bounds.body_min <= sizes[0].pop() <= bounds.body
