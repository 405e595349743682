"""Every PDF briefgen writes is tagged: structure from the layout's roles, furniture as
artifacts, text that extracts as the input (every language, Arabic included), PDF/UA-1's
machine-checkable part passing (the ``pdfua`` checker)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from test_pdf_tags import _elements, _kids, _tagged_text

import briefgen
from briefgen.build import Options, build, resolve_theme
from briefgen.layout.direction import is_rtl
from briefgen.layout.document import Document, build_document
from briefgen.model import Briefing
from tests.conftest import assert_pdfua

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"


def _make(briefing: Briefing, out: Path, lang: str | None = None) -> tuple[Path, Document]:
    options = Options(handout=True, lang=lang)
    path = build(briefing, pptx=False, out=out, options=options, stem=lang).written["pdf"]
    doc = build_document(briefing, resolve_theme(briefing, None), lang)
    return path, doc


@pytest.fixture(scope="module")
def kz_tagged(kz: Briefing, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Document]:
    return _make(kz, tmp_path_factory.mktemp("kz"))


def _squeeze(text: str) -> str:
    """Text without white space: a line end is a word break (extractors and screen readers
    read it as one), but the characters of a sequence run on across it."""
    return "".join(text.split())


def _roles(path: Path) -> list[tuple[int, str]]:
    with pikepdf.open(path) as pdf:
        return [(d, str(el.S)[1:]) for d, el in _elements(pdf.Root.StructTreeRoot.K)]


def test_kz_structure_roles_and_order(kz_tagged: tuple[Path, Document]) -> None:
    path, doc = kz_tagged
    roles = _roles(path)
    top = [role for depth, role in roles if depth == 0]  # the Document's children
    assert top[0] == "P" and top[1] == "Title"  # the cover: review line, then the title
    assert top.index("TOC") < top.index("L")
    text = _tagged_text(path)
    assert text["Title"] == [doc.cover.title]
    headings = [i.heading for i in doc.issues]
    h1 = text["H1"]
    assert h1[0] == doc.words.contents
    assert h1[1 : 1 + len(headings)] == headings
    assert doc.words.situation_heading in text["H2"] and doc.words.previous_heading in text["H3"]
    # Contents: one TOCI per section, each a link named by its title.
    with pikepdf.open(path) as pdf:
        tocis = [el for _, el in _elements(pdf.Root.StructTreeRoot.K) if el.S == "/TOCI"]
        links = [_kids(el)[0] for el in tocis]
        assert [str(link.S) for link in links] == ["/Link"] * len(tocis)
        assert [str(link.Alt) for link in links][: len(headings)] == headings
        figures = [el for _, el in _elements(pdf.Root.StructTreeRoot.K) if el.S == "/Figure"]
        assert all(str(f.Alt) for f in figures)
        assert pdf.Root.StructTreeRoot.RoleMap.Recommendation == "/LI"


def test_kz_recommendation_numbers_are_list_labels(kz_tagged: tuple[Path, Document]) -> None:
    path, doc = kz_tagged
    with pikepdf.open(path) as pdf:
        recs = [el for _, el in _elements(pdf.Root.StructTreeRoot.K) if el.S == "/Recommendation"]
        for rec in recs:
            assert str(rec.P.S) == "/L"
            assert [str(k.S) for k in _kids(rec)] == ["/Lbl", "/LBody"]
    text = _tagged_text(path)
    numbers = [r.number for r in doc.all_recommendations]
    labels = [label for label in text["Lbl"] if label[0].isalnum()]  # numbers, letters
    # The body's recommendations, then the handout's (the key recommendations) again.
    assert labels[: len(numbers)] == numbers
    bodies = [_squeeze(b) for b in text["LBody"]]
    for rec in doc.all_recommendations:
        assert _squeeze(rec.text) in bodies


def test_every_header_and_footer_is_an_artifact(kz_tagged: tuple[Path, Document]) -> None:
    path, doc = kz_tagged
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) > 2
        for number, page in enumerate(pdf.pages, start=1):
            content = [c for c in page.chars if c.get("tag") != "Artifact"]
            assert all(c["mcid"] is not None for c in content), f"page {number}"
            artifacts = "".join(c["text"] for c in page.chars if c.get("tag") == "Artifact")
            if number > 1:  # body and handout pages: footer (coalition); body: header too
                assert doc.cover.coalition.split()[0] in artifacts
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            depth = 0
            for _, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                depth += op in ("BDC", "BMC")
                depth -= op == "EMC"
                if op in ("Tj", "TJ", "Do", "f", "S", "re"):
                    assert depth > 0


def test_metadata_date_and_language(kz_tagged: tuple[Path, Document]) -> None:
    path, doc = kz_tagged
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20241205")
        assert str(pdf.Root.Lang) == "en" and pdf.Root.MarkInfo.Marked
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        subject = str(pdf.docinfo.Subject).split(", ")
        assert len(subject) == len(set(subject))
    assert doc.date == dt.date(2024, 12, 5)


LANGS = [
    ("en", INPUTS / "multilingual.yaml"),
    ("ru", INPUTS / "multilingual.yaml"),
    ("kk", INPUTS / "multilingual.yaml"),
    ("zh", INPUTS / "samples" / "briefing-zh.yaml"),
    ("ar", INPUTS / "samples" / "briefing-ar.yaml"),
]


@pytest.mark.parametrize(("lang", "source"), LANGS, ids=[lang for lang, _ in LANGS])
def test_extracted_text_equals_the_input(lang: str, source: Path, tmp_path: Path) -> None:
    briefing = briefgen.load(source)
    path, doc = _make(briefing, tmp_path, lang)
    text = _tagged_text(path)
    bodies = [_squeeze(b) for b in text["LBody"] + text.get("P", [])]
    for rec in doc.all_recommendations:
        assert _squeeze(rec.text) in bodies, rec.text
    assert text["Title"] == [doc.cover.title]
    assert doc.issues[0].heading in text["H1"]
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == lang


@pytest.mark.parametrize(
    "source",
    [INPUTS / "kz.yaml", INPUTS / "stress.yaml", INPUTS / "samples" / "briefing-ar.yaml"],
    ids=["kz", "stress", "ar"],
)
def test_pdfua_checker_passes(source: Path, tmp_path: Path) -> None:
    path, _ = _make(briefgen.load(source), tmp_path)
    assert_pdfua(path)


def test_mirrored_list_labels_are_tagged(tmp_path: Path) -> None:
    """A mirrored (right-to-left) paragraph draws its bullet or number at the right itself;
    that label is still each item's ``Lbl``, its text the ``LBody``, and an Arabic item with
    details keeps its own text as a paragraph inside its body."""
    path, doc = _make(briefgen.load(INPUTS / "samples" / "briefing-ar.yaml"), tmp_path)
    assert is_rtl(doc.lang)
    with pikepdf.open(path) as pdf:
        items = [
            el
            for _, el in _elements(pdf.Root.StructTreeRoot.K)
            if el.S in ("/LI", "/Recommendation")
        ]
        assert len(items) >= len(doc.all_recommendations)
        for item in items:
            assert [str(k.S) for k in _kids(item)] == ["/Lbl", "/LBody"]
        nested = [
            [str(k.S) for k in _kids(_kids(item)[1]) if isinstance(k, pikepdf.Dictionary)]
            for item in items
        ]
        assert ["P", "P"] in [[s[1:] for s in kids] for kids in nested]
    text = _tagged_text(path)
    numbers = [r.number for r in doc.all_recommendations]
    labels = [label for label in text["Lbl"] if label[0].isalnum()]  # numbers, letters
    assert labels[: len(numbers)] == numbers
    bodies = [_squeeze(b) for b in text["LBody"] + text["P"]]
    for rec in doc.all_recommendations:
        assert _squeeze(rec.text) in bodies
