"""Very long text: a one-megabyte word builds in both formats, with bounded memory, and its
text reads back unchanged; the work grows linearly with the text (counted, not timed)."""

from __future__ import annotations

import io
import random
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

import briefgen
from briefgen.layout import fit
from briefgen.layout.document import build_document
from briefgen.layout.slides import layout_deck
from briefgen.render.pdf_long import LongParagraph
from briefgen.theme import load_theme

MEMORY = 3 * 1024**3  # address space of the build, in bytes


LETTERS = "jqvwx"  # in no other text of the outputs (running heads, labels), so easy to pick out
RUNS = re.compile(f"[{LETTERS}]{{20,}}")


def _word(n: int, seed: int = 7) -> str:
    """``n`` pseudo-random letters: a lost or repeated piece cannot go unseen."""
    return "".join(random.Random(seed).choices(LETTERS, k=n))


def _word_back(texts: list[str]) -> str:
    """The pieces of the word in texts read back (running heads and labels left out)."""
    return "".join(run for text in texts for run in RUNS.findall("".join(text.split())))


def _briefing(folder: Path, word: str) -> Path:
    path = folder / "long.yaml"
    path.write_text(
        "title: Children's Rights\ncountry: Kazakhstan\ndate: 2024-12-05\n"
        "coalition:\n  name: NGO Coalition\n  members: [One]\n"
        f"issues:\n  - title: Child labour\n    recommendations: [{word}, Fund shelters.]\n",
        encoding="utf-8",
    )
    return path


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def test_a_one_megabyte_word_builds_both_formats_and_reads_back(tmp_path: Path) -> None:
    word = _word(1_000_000)
    source = _briefing(tmp_path, word)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "briefgen.cli", "build", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_limit,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    pages = [page.extract_text() for page in PdfReader(out / "long.pdf").pages]
    assert len(pages) > 100
    assert _word_back(pages) == word  # every letter, in order, none added
    deck = Presentation(str(out / "long.pptx"))
    texts = [
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert len(deck.slides) > 100
    assert _word_back(texts) == word


def _pdf_work(n: int) -> int:
    """Characters reportlab is handed to set an ``n``-letter word."""
    style = ParagraphStyle(
        "x", fontName="Helvetica", fontSize=10, leading=12, splitLongWords=1, allowOrphans=0
    )
    paragraph = LongParagraph(_word(n), style)
    SimpleDocTemplate(io.BytesIO()).build([paragraph])
    return sum(paragraph.prefixes)


def test_pdf_long_paragraph_work_grows_linearly() -> None:
    small, large = _pdf_work(40_000), _pdf_work(160_000)
    assert small < 4 * 40_000  # a few passes over the text, not one per page
    assert large < 4.6 * small  # four times the text: about four times the work


@pytest.fixture(scope="module")
def theme():  # type: ignore[no-untyped-def]
    return load_theme("default")


def _deck_work(tmp_path: Path, theme, n: int, monkeypatch: pytest.MonkeyPatch) -> int:  # type: ignore[no-untyped-def]
    """Lines the slide engine scans to cut an ``n``-letter word into slides."""
    scanned = [0]
    original = fit._line_starts

    def counting(text: str, lines):  # type: ignore[no-untyped-def]
        scanned[0] += len(lines)
        return original(text, lines)

    monkeypatch.setattr(fit, "_line_starts", counting)
    folder = tmp_path / str(n)
    folder.mkdir()
    briefing = briefgen.load(_briefing(folder, _word(n)))
    deck = layout_deck(build_document(briefing, theme), theme)
    assert len(deck.slides) > n // 3000  # the word really runs over many slides
    return scanned[0]


def test_deck_cutting_work_grows_linearly(tmp_path: Path, theme, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    small = _deck_work(tmp_path, theme, 30_000, monkeypatch)
    large = _deck_work(tmp_path, theme, 120_000, monkeypatch)
    assert small > 0 and large < 4.6 * small
