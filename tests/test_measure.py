"""Line breaking from font metrics, checked against reportlab's Paragraph on the same font."""

from __future__ import annotations

import itertools
import random
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont
from reportlab.platypus import Paragraph

from briefgen.fonts import FontFace, FontMetrics, FontSpec, resolve
from briefgen.layout.measure import wrap

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "абвгдежзийклмнопрстуфхцчшщъыьэюяЁЖИК"
    "ӘәҒғҚқҢңӨөҰұҮүҺһІі.,;:!?()–-0123456789%"
)
SIZE = 10.5


@pytest.fixture(scope="module")
def face() -> FontFace:
    return resolve(FontSpec("DejaVu Sans"))


@pytest.fixture(scope="module")
def metrics(face: FontFace) -> FontMetrics:
    return FontMetrics.load(face.path)


def _random_text(rnd: random.Random, long_words: bool, newlines: bool) -> str:
    lengths = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12] + ([30, 60] if long_words else [])
    gaps = [" "] * 20 + ["  ", "\t", "\xa0"] + (["\n", " \n ", "\n\n"] if newlines else [])
    parts: list[str] = []
    for _ in range(rnd.randint(1, 40)):
        parts.append("".join(rnd.choice(ALPHABET) for _ in range(rnd.choice(lengths))))
        parts.append(rnd.choice(gaps))
    return "".join(parts)


def _reportlab_lines(face: FontFace, text: str, size: float, width: float, shrink: float) -> list:
    """What reportlab's Paragraph does with the same text (hard breaks written as <br/>)."""
    name = f"test-{face.name}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(RLTTFont(name, str(face.path)))
    style = ParagraphStyle(
        "probe", fontName=name, fontSize=size, leading=size * 1.2, spaceShrinkage=shrink
    )
    broken = Paragraph(escape(text).replace("\n", "<br/>"), style).breakLines(width)
    lines = []
    for line in broken.lines:
        if hasattr(line, "words"):  # multi-fragment paragraph (it had <br/>)
            lines.append("".join(getattr(f, "text", "") for f in line.words).strip(" "))
        else:
            lines.append(" ".join(line[1]))
    return lines


def test_empty_and_blank_text_give_no_lines(metrics: FontMetrics) -> None:
    assert wrap("", metrics, SIZE, 100) == []
    assert wrap("  \t \n ", metrics, SIZE, 100) == []


def test_whitespace_collapses_and_hard_newlines_break(metrics: FontMetrics) -> None:
    assert wrap("  a   b\t\tc  ", metrics, SIZE, 500) == ["a b c"]
    assert wrap("a\nb", metrics, SIZE, 500) == ["a", "b"]
    assert wrap("a\n\nb", metrics, SIZE, 500) == ["a", "", "b"]
    assert wrap("a\n", metrics, SIZE, 500) == ["a"]
    assert wrap("\na", metrics, SIZE, 500) == ["", "a"]


def test_breaks_at_spaces_greedily(metrics: FontMetrics) -> None:
    text = "Қазақстан Республикасы әйелдер құқықтары жөніндегі ұлттық жоспар"
    width = metrics.width("Қазақстан Республикасы", SIZE) + 1
    lines = wrap(text, metrics, SIZE, width)
    assert lines[0] == "Қазақстан Республикасы"
    assert " ".join(lines) == text
    for a, b in itertools.pairwise(lines):  # greedy: next word would not have fit
        assert metrics.width(f"{a} {b.split()[0]}", SIZE) > width


def test_nbsp_binds_words(metrics: FontMetrics) -> None:
    width = metrics.width("10\xa0000 tenge", SIZE) - 1
    assert wrap("10\xa0000 tenge", metrics, SIZE, width) == ["10\xa0000", "tenge"]


@pytest.mark.parametrize("seed", range(4))
def test_lines_never_exceed_width_and_rejoin_to_the_words(metrics: FontMetrics, seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(150):
        text = _random_text(rnd, long_words=False, newlines=False)
        size = rnd.choice([8.5, 10.5, 17.0])
        words = [w for w in text.replace("\t", " ").split(" ") if w]  # NBSP joins words
        widest = max(metrics.width(w, size) for w in words)
        width = max(rnd.uniform(60, 450), widest)  # no word needs breaking here
        lines = wrap(text, metrics, size, width)
        assert all(metrics.width(line, size) <= width for line in lines)
        assert " ".join(lines).split() == text.split()


def test_long_words_are_broken_at_characters(metrics: FontMetrics) -> None:
    word = "Қазақстанреспубликасыныңәйелдерқұқықтарыжөніндегіұлттықжоспары" * 2
    text = f"ab {word} cd"
    width = 120.0
    lines = wrap(text, metrics, SIZE, width)
    assert len(lines) > 3
    assert all(metrics.width(line, SIZE) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # Like reportlab, the first piece fills what is left of the current line.
    assert lines[0].startswith("ab ") and len(lines[0]) > 3
    assert lines[-1].endswith(" cd")


@pytest.mark.parametrize("seed", range(3))
def test_long_words_in_random_text(metrics: FontMetrics, seed: int) -> None:
    rnd = random.Random(100 + seed)
    for _ in range(100):
        text = _random_text(rnd, long_words=True, newlines=True)
        width = rnd.uniform(40, 300)
        lines = wrap(text, metrics, SIZE, width)
        assert all(metrics.width(line, SIZE) <= width for line in lines)
        assert "".join("".join(lines).split()) == "".join(text.split())


@pytest.mark.parametrize("shrink", [0.0, 0.05])
@pytest.mark.parametrize("seed", range(3))
def test_same_lines_as_reportlab_paragraph(
    face: FontFace, metrics: FontMetrics, seed: int, shrink: float
) -> None:
    """The independent check: reportlab breaks the same text at the same places."""
    rnd = random.Random(1000 * seed + int(shrink * 100))
    for _ in range(120):
        text = _random_text(rnd, long_words=True, newlines=rnd.random() < 0.3)
        size = rnd.choice([8.5, 10.5, 12.0, 17.0])
        width = rnd.uniform(40, 420)
        mine = wrap(text, metrics, size, width, space_shrinkage=shrink)
        assert mine == _reportlab_lines(face, text, size, width, shrink), (text, size, width)
