"""Tagged PDF/UA-1: a document drawn with reportlab through the tagging API, read back.

The document is drawn with the theme's fonts (and its fallbacks for Chinese and Arabic), as
the briefing painter draws: a title, a heading, paragraphs (one with a Russian span), a
numbered list, a table with header cells, a figure with alternative text, a link, one
paragraph per language, a paragraph across a page break, running headers and footers as
artifacts. It is read back with pikepdf (structure, parent tree, content streams), pdfplumber
(text per marked-content sequence) and pypdf, and checked with the ``pdfua`` checker.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf
import pytest

from briefgen.render.pdf_fonts import FallbackText, register_fonts
from briefgen.render.pdf_structure import creation_date
from briefgen.render.pdf_tags import Metadata, TaggedCanvas, Tagger
from briefgen.theme import load_theme
from tests.conftest import assert_pdfua

TITLE = "Children's Rights in Kazakhstan <&>"
HEADER = "NGO Coalition – UPR pre-session"
SAMPLES = {
    "en": "Ratify the ILO Convention on the worst forms of child labour.",
    "ru": "Ратифицировать Конвенцию о правах ребёнка.",
    "kk": "Бала құқықтары туралы конвенцияны ратификациялау.",
    "zh": "批准《儿童权利公约》任择议定书。",
    "ar": "التصديق على اتفاقية حقوق الطفل",
}
SPAN = "по-русски"
ROWS = (("Recommendation", "Status"), ("1.1 Ratify", "Not implemented"))
LONG = ("Part one of a paragraph", "continued on the next page.")

# Operators that paint (text, paths, images, shadings): each must be tagged or an artifact.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh"}


def draw(out: io.BytesIO | Path, date: dt.date | None = dt.date(2024, 12, 5)) -> None:
    """Draw the sample document through the tagging API."""
    theme = load_theme("default")
    faces = register_fonts(theme)
    fallback = FallbackText(theme)
    meta = Metadata(
        title=TITLE,
        lang="en",
        author="NGO Coalition",
        subject="UPR pre-session briefing",
        keywords=("UPR", "children"),
        creator="briefgen",
        created=creation_date(date),
    )
    canvas = TaggedCanvas(out, tagger=Tagger(meta), invariant=1, pageCompression=1)
    tags = canvas.tags
    canvas.setFont(faces.regular, 10)

    def furniture(page: int) -> None:
        with tags.artifact("background"):
            canvas.setFillColorRGB(0.95, 0.95, 0.9)
            canvas.rect(0, 0, 595, 842, stroke=0, fill=1)
            canvas.setFillColorRGB(0, 0, 0)
        with tags.artifact("header"):
            canvas.drawString(50, 810, HEADER)
        with tags.artifact("layout"):
            canvas.line(50, 800, 545, 800)
        with tags.artifact("footer"):
            canvas.drawString(50, 30, f"Page {page}")

    def text(x: float, y: float, value: str) -> None:
        fallback.draw(canvas, x, y, value)

    furniture(1)
    with tags.tag("Title"):
        text(50, 770, TITLE)
    with tags.tag("H1"):
        text(50, 745, "Issue 1: Child labour")
    with tags.tag("P"):
        text(50, 725, "Said ")
        with tags.tag("Span", lang="ru"):
            text(80, 725, SPAN)
        text(140, 725, " in Russian.")
    with tags.tag("L"):
        for y, (label, body) in ((705, ("1.1", "Ratify.")), (690, ("1.2", "Inspect farms."))):
            with tags.tag("LI"):
                with tags.tag("Lbl"):
                    text(50, y, label)
                with tags.tag("LBody"):
                    text(80, y, body)
    with tags.tag("Table"):
        for row, (y, cells) in enumerate(zip((665, 650), ROWS, strict=True)):
            with tags.tag("TR"):
                for x, cell in zip((50, 250), cells, strict=True):
                    if row == 0:
                        with tags.tag("TH", scope="Column"):
                            text(x, y, cell)
                    else:
                        with tags.tag("TD"):
                            text(x, y, cell)
    with tags.tag("Figure", alt="Logo of the NGO Coalition"):
        canvas.setFillColorRGB(0.2, 0.4, 0.6)
        canvas.circle(80, 600, 20, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
    with tags.tag("P"), tags.tag("Link", alt="Read the convention (page 2)"):
        text(50, 565, "Read the convention")
        canvas.linkRect("", "convention", (50, 560, 150, 575), relative=0, thickness=0)
        tags.link()
    y = 540.0
    for lang, sample in SAMPLES.items():
        actual = sample if lang == "ar" else None
        with tags.tag("P", lang=None if lang == "en" else lang, actual_text=actual):
            text(50, y, sample)
        y -= 20
    with tags.tag("P"):
        text(50, 60, LONG[0])
        canvas.showPage()
        canvas.setFont(faces.regular, 10)
        furniture(2)
        canvas.bookmarkPage("convention")
        text(50, 770, LONG[1])
    with tags.tag("P"):  # nothing drawn: no element, no marked content
        pass
    canvas.save()


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tags") / "tagged.pdf"
    draw(path)
    return path


def _kids(node: pikepdf.Object) -> list[pikepdf.Object]:
    """An element's /K as a list (one kid may stand alone)."""
    k = node.K
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _elements(node: pikepdf.Object, depth: int = 0) -> Iterator[tuple[int, pikepdf.Object]]:
    for kid in _kids(node):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield depth, kid
            yield from _elements(kid, depth + 1)


def _mcids(element: pikepdf.Object) -> list[tuple[int, int]]:
    """(page index, MCID) of the element's own marked content, in order."""
    page = element.get("/Pg")  # the page of MCIDs given as bare numbers
    out = []
    for kid in _kids(element):
        if isinstance(kid, int):
            out.append((page.objgen, kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            out.append((kid.Pg.objgen, int(kid.MCID)))
    return out


def test_structure_roles_and_order(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        tree = pdf.Root.StructTreeRoot
        (document,) = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
        assert document.S == "/Document" and document.Lang == "en"
        roles = [(depth, str(el.S)[1:]) for depth, el in _elements(document)]
        assert tree.RoleMap == pikepdf.Dictionary(Title=pikepdf.Name.H1)
    expected = [(0, "Title"), (0, "H1"), (0, "P"), (1, "Span"), (0, "L")]
    expected += [(1, "LI"), (2, "Lbl"), (2, "LBody")] * 2
    expected += [(0, "Table"), (1, "TR"), (2, "TH"), (2, "TH"), (1, "TR"), (2, "TD"), (2, "TD")]
    expected += [(0, "Figure"), (0, "P"), (1, "Link")] + [(0, "P")] * (len(SAMPLES) + 1)
    assert roles == expected


def test_attributes_alt_scope_lang(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        elements = [el for _, el in _elements(pdf.Root.StructTreeRoot.K)]
        by_role = {str(el.S): el for el in elements}
        assert by_role["/Figure"].Alt == "Logo of the NGO Coalition"
        assert by_role["/Link"].Alt == "Read the convention (page 2)"
        header = by_role["/TH"].A
        assert header.O == "/Table" and header.Scope == "/Column"
        assert by_role["/Span"].Lang == "ru"
        langs = [str(el.get("/Lang", "")) for el in elements if el.S == "/P"][2:7]
        assert langs == ["", "ru", "kk", "zh", "ar"]
        arabic = [el for el in elements if el.get("/Lang") == "ar"]
        assert [str(el.ActualText) for el in arabic] == [SAMPLES["ar"]]


def test_parent_tree_matches_marked_content(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        parents = dict(zip(nums[::2], nums[1::2], strict=True))
        owners: dict[tuple[tuple[int, int], int], tuple[int, int]] = {}
        for _, el in _elements(tree.K):
            for key in _mcids(el):
                assert key not in owners, "an MCID belongs to one element"
                owners[key] = el.objgen
        seen = set()
        for i, page in enumerate(pdf.pages):
            assert page.obj.StructParents == i and page.obj.Tabs == "/S"
            array = parents[i]
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and "/MCID" in operands[1]:
                    mcid = int(operands[1].MCID)
                    key = (page.obj.objgen, mcid)
                    assert array[mcid].objgen == owners[key]
                    assert str(operands[0]) == str(pdf.get_object(owners[key]).S)
                    seen.add(key)
            assert len(array) == len([k for k in owners if k[0] == page.obj.objgen])
        assert seen == set(owners)
        assert tree.ParentTreeNextKey == len(pdf.pages) + 1  # one link annotation


def test_every_painting_operator_is_content_or_artifact(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        for page in pdf.pages:
            depth = 0
            for _, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BDC", "BMC"):
                    depth += 1
                elif op == "EMC":
                    depth -= 1
                    assert depth >= 0
                elif op in PAINTING:
                    assert depth > 0, f"{op} outside marked content on page {page.index + 1}"
            assert depth == 0
            # No sequence is left empty by an interrupted or empty element.
            text = page.Contents.read_bytes().decode("latin-1")
            assert not re.search(r"BDC\s+EMC", text)


def test_headers_and_footers_are_artifacts(tagged: Path) -> None:
    with pdfplumber.open(tagged) as doc:
        for number, page in enumerate(doc.pages, start=1):
            artifacts = "".join(c["text"] for c in page.chars if c["tag"] == "Artifact")
            assert artifacts == f"{HEADER}Page {number}"
            assert all(c["mcid"] is not None for c in page.chars if c["tag"] != "Artifact")


def _tagged_text(path: Path) -> dict[str, list[str]]:
    """Text of each leaf element by role, as a screen reader gets it: its actual text, else
    the characters of its marked-content sequences (pdfplumber) in order."""
    with pdfplumber.open(path) as doc:
        chars: dict[tuple[int, int], str] = {}
        for page in doc.pages:
            for c in page.chars:
                if c["mcid"] is not None:
                    key = (page.page_obj.pageid, c["mcid"])
                    chars[key] = chars.get(key, "") + c["text"]
    out: dict[str, list[str]] = {}
    with pikepdf.open(path) as pdf:
        for _, el in _elements(pdf.Root.StructTreeRoot.K):
            if "/ActualText" in el:
                value = str(el.ActualText)
            else:
                value = "".join(chars.get((pg[0], mcid), "") for pg, mcid in _mcids(el))
            if value:
                out.setdefault(str(el.S)[1:], []).append(value)
    return out


def test_extracted_text_equals_the_input(tagged: Path) -> None:
    text = _tagged_text(tagged)
    assert text["Title"] == [TITLE]
    assert text["Span"] == [SPAN]
    assert text["Lbl"] == ["1.1", "1.2"] and text["LBody"] == ["Ratify.", "Inspect farms."]
    assert text["TH"] == list(ROWS[0]) and text["TD"] == list(ROWS[1])
    paragraphs = text["P"]
    assert paragraphs[0] == "Said  in Russian."  # the span is its own element
    assert paragraphs[1 : 1 + len(SAMPLES)] == list(SAMPLES.values())
    assert paragraphs[-1] == "".join(LONG)


def test_glyphs_map_back_to_text_without_the_structure(tagged: Path) -> None:
    """Plain extraction (pdfplumber, pypdf) gives every non-Arabic sample as written."""
    with pdfplumber.open(tagged) as doc:
        plumber = "\n".join(page.extract_text() for page in doc.pages)
    reader = pypdf.PdfReader(tagged, strict=True)
    plain = "\n".join(page.extract_text() for page in reader.pages)
    for lang, sample in SAMPLES.items():
        if lang != "ar":
            assert sample in plumber and sample in plain
    # Shaped Arabic glyphs have no single code point: the structure's actual text carries it,
    # and a span in the stream says it once for extractors reading content (poppler).
    assert SAMPLES["ar"] not in plumber
    with pikepdf.open(tagged) as pdf:
        spans = [
            str(operands[1].ActualText)
            for page in pdf.pages
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == "BDC" and "/ActualText" in operands[1]
        ]
    assert spans == [SAMPLES["ar"]]


def test_link_annotation_is_in_the_structure(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        (annotation,) = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert annotation.Contents == "Read the convention (page 2)"
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = dict(zip(nums[::2], nums[1::2], strict=True))
        link = parents[int(annotation.StructParent)]
        assert link.S == "/Link"
        objr = [k for k in _kids(link) if isinstance(k, pikepdf.Dictionary)]
        assert objr[0].Type == "/OBJR" and objr[0].Obj.objgen == annotation.objgen


def test_a_paragraph_across_a_page_break_refers_to_both_pages(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        last = [el for _, el in _elements(pdf.Root.StructTreeRoot.K)][-1]
        pages = [pg for pg, _ in _mcids(last)]
        assert pages == [pdf.pages[0].obj.objgen, pdf.pages[1].obj.objgen]


def test_catalog_and_metadata(tagged: Path) -> None:
    with pikepdf.open(tagged) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True and root.Lang == "en"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.pdf_version >= "1.3" and root.Version == "/1.7"
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1" and meta["dc:title"] == TITLE
        assert meta["dc:creator"] == ["NGO Coalition"]
        assert meta["dc:description"] == "UPR pre-session briefing"
        assert meta["xmp:CreateDate"] == "2024-12-05T00:00:00Z"
        info = pdf.docinfo
        assert info.Title == TITLE and info.CreationDate == "D:20241205000000+00'00'"
        assert pdf.check_pdf_syntax() == []


def test_pdfua_checker_passes(tagged: Path) -> None:
    assert_pdfua(tagged)


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first, second = io.BytesIO(), io.BytesIO()
    draw(first)
    draw(second)
    assert first.getvalue() == second.getvalue()


def test_creation_date_from_the_input_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert creation_date(dt.date(2024, 12, 5)) == dt.datetime(2024, 12, 5, tzinfo=dt.UTC)
    assert creation_date(None) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert creation_date(None) is None


def test_no_date_writes_no_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    path = tmp_path / "undated.pdf"
    draw(path, date=None)
    with pikepdf.open(path) as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo
        assert "xmp:CreateDate" not in pdf.open_metadata()


def test_misuse_is_refused() -> None:
    canvas = TaggedCanvas(io.BytesIO(), tagger=Tagger(Metadata(title="t", lang="en")))
    tags = canvas.tags
    with pytest.raises(ValueError, match="without begin"):
        tags.end()
    with pytest.raises(ValueError, match="neither a standard structure type"):
        tags.begin("Paragraph")
    with tags.artifact(), pytest.raises(ValueError, match="inside an artifact"):
        tags.begin("P")
    with tags.tag("P", actual_text="x"), pytest.raises(ValueError, match="actual text"):
        tags.begin("Span")
    with tags.tag("P"), pytest.raises(ValueError, match="not Link"):
        tags.link()
    tags.begin("P")
    with pytest.raises(ValueError, match="never ended"):
        tags.finish()


def _story_pdf(path: Path, items: int) -> None:
    """A platypus document: page furniture from ``onPage``, a list running over pages."""
    from functools import partial

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
    from reportlab.platypus.flowables import HRFlowable

    from briefgen.render.pdf_marks import Close, Open
    from briefgen.render.pdf_tags import Artifact

    faces = register_fonts(load_theme("default"))
    style = ParagraphStyle("body", fontName=faces.regular, fontSize=10, leading=13)

    def furniture(canvas: TaggedCanvas, doc: BaseDocTemplate) -> None:
        with canvas.tags.artifact("header"):
            canvas.setFont(faces.regular, 8)
            canvas.drawString(50, 810, HEADER)

    template = BaseDocTemplate(str(path), invariant=1, title=TITLE)
    template.addPageTemplates([PageTemplate("body", [Frame(50, 50, 495, 740)], onPage=furniture)])
    story = [Open("H1"), Paragraph("Issue 1: Child labour", style), Close("H1")]
    story += [Artifact(HRFlowable(width="100%")), Open("L")]
    for k in range(1, items + 1):
        story += [Open("LI"), Open("Lbl"), Paragraph(f"1.{k}", style), Close("Lbl")]
        story += [Open("LBody"), Paragraph(_item(k), style), Close("LBody"), Close("LI")]
    story.append(Close("L"))
    tagger = Tagger(Metadata(title=TITLE, lang="en"))
    template.build(story, canvasmaker=partial(TaggedCanvas, tagger=tagger))


def _item(k: int) -> str:
    return f"Recommendation {k}: " + "ensure that every child is protected by law " * 3


def test_platypus_story_with_markers(tmp_path: Path) -> None:
    path = tmp_path / "story.pdf"
    _story_pdf(path, 60)
    text = _tagged_text(path)
    assert text["H1"] == ["Issue 1: Child labour"]
    assert text["Lbl"] == [f"1.{k}" for k in range(1, 61)]
    # Paragraph wrapped in lines: the text is the item without the spaces at line ends.
    assert [t.replace(" ", "") for t in text["LBody"]] == [
        _item(k).replace(" ", "") for k in range(1, 61)
    ]
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 3
        lists = [el for _, el in _elements(pdf.Root.StructTreeRoot.K) if el.S == "/L"]
        (items,) = lists
        assert len(items.K) == 60
    test_every_painting_operator_is_content_or_artifact(path)
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            artifacts = "".join(c["text"] for c in page.chars if c["tag"] == "Artifact")
            assert artifacts == HEADER
    test_pdfua_checker_passes(path)
