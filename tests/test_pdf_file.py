"""The tagged PDF is completed without a PDF library: reportlab's file read back strictly.

:mod:`briefgen.render.pdf_file` reads the catalog, info dictionary, pages and link
annotations reportlab wrote; :mod:`briefgen.render.pdf_structure` writes them back changed.
Read back here with pikepdf and pypdf: strings with ``( ) \\`` and Kazakh, Arabic and
Chinese text round-trip; a file not shaped as reportlab writes it is refused with a clear
error before anything is written; building a PDF never imports pikepdf.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pypdf
import pytest

from briefgen.render.pdf_file import Name, PdfFile, Ref, UnexpectedPdf, parse, unparse
from briefgen.render.pdf_structure import creation_date, tag_pdf
from briefgen.render.pdf_tags import Metadata, TaggedCanvas, Tagger, pdf_string
from tests.conftest import INPUTS

TITLE = r"Briefing (draft) \ back\slash ((nested)) — Қазақстан العربية 中文"
AUTHOR = r"Coalition (Kazakhstan) \ Коалиция"
SUBJECT = r"Subject ) unbalanced ( back\slash \n \101 end"  # ASCII: a literal string
KEYWORDS = ("UPR (4th cycle)", "حقوق الطفل", "儿童权利")
LINK_ALT = r"Go to issue (1) \ Мәселе"


def _meta(title: str = TITLE) -> Metadata:
    return Metadata(
        title=title,
        lang="kk",
        author=AUTHOR,
        subject=SUBJECT,
        keywords=KEYWORDS,
        creator="briefgen (tests)",
        created=creation_date(None),
    )


def _draw(meta: Metadata, pages: int = 2) -> tuple[TaggedCanvas, Tagger]:
    """A small tagged drawing: a paragraph per page, a link on the first."""
    tagger = Tagger(meta)
    canvas = TaggedCanvas(io.BytesIO(), tagger=tagger, invariant=1, pageCompression=1)
    canvas.setTitle("reportlab's own title (replaced)")
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 10)
        with tagger.tag("P"):
            canvas.drawString(50, 700, f"Page {page}")
        if page == 1:
            with tagger.tag("P"), tagger.tag("Link", alt=LINK_ALT):
                canvas.drawString(50, 680, "Issue 1")
                canvas.linkRect("", "target", (50, 675, 120, 690), relative=0, thickness=0)
                tagger.link()
        if page == pages:
            canvas.bookmarkPage("target")
        canvas.showPage()
    return canvas, tagger


def _tagged(meta: Metadata) -> bytes:
    canvas, tagger = _draw(meta)
    return tag_pdf(canvas.getpdfdata(), tagger)


def test_metadata_strings_round_trip_through_pikepdf_and_pypdf() -> None:
    data = _tagged(_meta())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == TITLE
        assert str(info.Author) == AUTHOR
        assert str(info.Subject) == SUBJECT
        assert str(info.Keywords) == ", ".join(KEYWORDS)
        assert str(info.Creator) == "briefgen (tests)"
        assert str(pdf.Root.Lang) == "kk"
        assert pdf.Root.MarkInfo.Marked is True
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        xmp = pdf.open_metadata()
        assert xmp["dc:title"] == TITLE
        assert xmp["pdfuaid:part"] == "1"
        (link,) = pdf.pages[0].Annots
        assert str(link.Contents) == LINK_ALT
        assert link.StructParent == 2  # after the two pages' StructParents keys 0 and 1
        assert [int(page.StructParents) for page in pdf.pages] == [0, 1]
        assert all(page.Tabs == pikepdf.Name.S for page in pdf.pages)
        objr = pdf.Root.StructTreeRoot.ParentTree.Nums[5]
        assert str(objr.S) == "/Link" and str(objr.Alt) == LINK_ALT
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata is not None
    assert reader.metadata.title == TITLE
    assert reader.metadata.author == AUTHOR
    assert reader.metadata.subject == SUBJECT
    assert reader.pages[0]["/Annots"][0].get_object()["/Contents"] == LINK_ALT


def test_dates_come_from_source_date_epoch_never_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733356800")  # 2024-12-05 00:00 UTC
    first = _tagged(_meta())
    assert first == _tagged(_meta())
    with pikepdf.open(io.BytesIO(first)) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20241205000000+00'00'"
        assert str(pdf.docinfo.ModDate) == "D:20241205000000+00'00'"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pikepdf.open(io.BytesIO(_tagged(_meta()))) as pdf:
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo


def test_pdf_string_writes_ascii_literally_and_the_rest_in_utf16() -> None:
    assert pdf_string(r"a (b) \c") == r"(a \(b\) \\c)"
    assert pdf_string("Қ") == "<FEFF049A>"
    assert pdf_string("tab\there") == "<FEFF" + "tab\there".encode("utf-16-be").hex().upper() + ">"
    for value in (r"a (b) \c", "((", "))", "\\", "Қазақстан (ҚР)"):
        assert parse(pdf_string(value).encode("ascii"))[0] in (
            value.encode("latin-1") if value.isascii() else b"",
            b"\xfe\xff" + value.encode("utf-16-be"),
        )


def test_the_reader_parses_what_reportlab_writes() -> None:
    text = (
        b"<<\n/A [ 1 0 R 2 0 R ] /B (x\\(y\\)z\\\\\\101\\n(nested)) /C <FEFF 004B> /D 12"
        b" /E -3.5 /F true /G null % a comment\n/H << /I /Name >>\n>>"
    )
    value, end = parse(text)
    assert end == len(text)
    assert isinstance(value, dict)
    assert parse(value["A"])[0] == [Ref(1), Ref(2)]
    assert parse(value["B"])[0] == b"x(y)z\\A\n(nested)"
    assert parse(value["C"])[0] == b"\xfe\xff\x00K"
    assert [parse(value[k])[0] for k in "DEFG"] == [12, -3.5, True, None]
    assert parse(value["H"])[0] == {"I": b"/Name"}
    assert parse(b"/Name")[0] == Name("Name")
    assert unparse({"A": b"1 0 R", "B": b"(x)"}) == b"<< /A 1 0 R /B (x) >>"


def _reportlab_file() -> bytes:
    canvas, _ = _draw(_meta())
    data: bytes = canvas.getpdfdata()
    return data


def test_a_reportlab_file_is_read_through_its_table() -> None:
    data = _reportlab_file()
    pdf = PdfFile(data)
    catalog = pdf.dictionary(pdf.ref(pdf.trailer, "Root", "the trailer"))
    pages = pdf.pages(catalog)
    with pikepdf.open(io.BytesIO(data)) as reference:
        assert [ref.number for ref, _ in pages] == [p.objgen[0] for p in reference.pages]
        assert pdf.size == int(reference.trailer.Size)
        links = pdf.refs(pages[0][1], "Annots", "page 1")
        assert [ref.number for ref in links] == [a.objgen[0] for a in reference.pages[0].Annots]


def _shifted_entry(data: bytes) -> bytes:
    """The catalog's cross-reference entry pointing one byte too far."""
    root = PdfFile(data).ref(PdfFile(data).trailer, "Root", "the trailer").number
    table = data.rindex(b"xref\n0 ")
    entry = data.index(b"\n", table + 5) + 1 + 20 * root
    offset = int(data[entry : entry + 10])
    return data[:entry] + b"%010d" % (offset + 1) + data[entry + 10 :]


def _already_tagged(data: bytes) -> bytes:
    """The file completed once: its last cross-reference section is a stream."""
    _, tagger = _draw(_meta())
    return tag_pdf(data, tagger)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[:-200], "no startxref"),
        (_already_tagged, "no classic"),
        (_shifted_entry, "not at it"),
        (lambda data: data.replace(b"/Type /Pages", b"/Type /Pagez"), "/Type /Pagez"),
        (lambda data: data.replace(b"/Count 2", b"/Count 3"), "counts 3 pages and holds 2"),
    ],
    ids=["truncated", "already-updated", "wrong-offset", "unknown-node", "wrong-count"],
)
def test_a_file_not_shaped_as_reportlab_writes_is_refused(
    damage: Callable[[bytes], bytes], message: str
) -> None:
    damaged = damage(_reportlab_file())
    _, tagger = _draw(_meta())
    with pytest.raises(UnexpectedPdf, match="not as expected") as raised:
        tag_pdf(damaged, tagger)
    assert message in str(raised.value)


def test_a_saved_file_with_object_streams_is_refused() -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(_reportlab_file())) as pdf:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    _, tagger = _draw(_meta())
    with pytest.raises(UnexpectedPdf, match="no classic cross-reference table"):
        tag_pdf(out.getvalue(), tagger)


def test_structure_on_a_page_the_file_lacks_is_refused() -> None:
    _, tagger = _draw(_meta(), pages=3)
    canvas, _ = _draw(_meta(), pages=2)
    with pytest.raises(UnexpectedPdf, match="content marked on page 3 of 2"):
        tag_pdf(canvas.getpdfdata(), tagger)


def test_building_kz_as_pdf_does_not_import_pikepdf(tmp_path: Path) -> None:
    script = (
        "import sys, briefgen\n"
        "from briefgen.build import build_bytes\n"
        f"result = build_bytes(briefgen.load({str(INPUTS / 'kz.yaml')!r}), ('pdf',))\n"
        "sys.stdout.buffer.write(result.outputs['pdf'])\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if 'pikepdf' in m or 'qpdf' in m)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert run.stderr.decode() == "[]"
    with pikepdf.open(io.BytesIO(run.stdout)) as pdf:
        assert str(pdf.Root.StructTreeRoot.K.S) == "/Document"
        assert str(pdf.docinfo.Title) == "Children's Rights in Kazakhstan"
        assert len(pdf.Root.StructTreeRoot.ParentTree.Nums) > 2 * len(pdf.pages)
