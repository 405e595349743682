"""Tracking tables are tagged as tables: ``Table`` > ``TR`` > ``TH`` (scope ``Column``) /
``TD``, each cell's text its own marked content, the header row repeated on a later page an
artifact (content once), and the ``pdfua`` checker passing on every PDF with tables."""

from __future__ import annotations

import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from test_pdf_tags import _elements, _kids, _mcids

import briefgen
from briefgen.build import resolve_theme
from briefgen.cli import app
from briefgen.layout.document import build_document
from tests.cli_runner import CliRunner
from tests.conftest import INPUTS, assert_pdfua

ROOT = Path(__file__).resolve().parents[1]
TRACKING = INPUTS / "kz-tracking.yaml"

Table = list[list[tuple[str, str | None, str]]]  # rows of (role, scope, text)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tables")
    args = ["build", str(TRACKING), "--pdf", "--missions", "--factsheets", "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def _tables(path: Path) -> list[Table]:
    """Every ``Table`` element's rows of cells, with each cell's tagged text (no spaces)."""
    chars: dict[tuple[tuple[int, int], int], str] = {}
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            for c in page.chars:
                if c["mcid"] is not None and not c["text"].isspace():
                    key = (page.page_obj.pageid, c["mcid"])
                    chars[key] = chars.get(key, "") + c["text"]
    out = []
    with pikepdf.open(path) as pdf:
        for _, el in _elements(pdf.Root.StructTreeRoot.K):
            if el.S != "/Table":
                continue
            rows: Table = []
            for tr in _kids(el):
                assert tr.S == "/TR"
                row = []
                for cell in _kids(tr):
                    assert cell.S in ("/TH", "/TD")
                    scope = str(cell.A.Scope)[1:] if "/A" in cell else None
                    text = "".join(chars.get((pg[0], m), "") for pg, m in _mcids(cell))
                    row.append((str(cell.S)[1:], scope, text))
                rows.append(row)
            out.append(rows)
    return out


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_matrix_and_counts_are_tables_with_header_cells(outputs: Path) -> None:
    briefing = briefgen.load(TRACKING)
    doc = build_document(briefing, resolve_theme(briefing, None), None)
    assert doc.tracking is not None
    w = doc.words
    labels = (w.col_ref, w.col_text, w.col_states, w.col_response, w.col_status)
    head = [_squeeze(t) for t in labels]
    tables = _tables(outputs / "kz-tracking.pdf")
    assert tables
    for rows in tables:  # the header row only: TH cells of scope Column, the rest TD
        assert {(role, scope) for role, scope, _ in rows[0]} == {("TH", "Column")}
        assert all(role == "TD" and scope is None for row in rows[1:] for role, scope, _ in row)
        assert len({len(row) for row in rows}) == 1
    matrix = [rows for rows in tables if [text for *_, text in rows[0]] == head]
    counts = [rows for rows in tables if rows[0][0][2] == _squeeze(w.by_issue)]
    assert matrix and len(counts) == 1 and len(matrix) + 1 == len(tables)
    refs = [text for rows in matrix for row in rows[1:] for _, _, text in row[:1]]
    expected = [_squeeze(r.ref) for r in doc.tracking.recs]
    assert sorted(refs) == sorted(expected) and len(set(refs)) == len(refs)
    cells = [text for rows in matrix for row in rows[1:] for _, _, text in row]
    assert all(cells.count(ref) == 1 for ref in expected)


def test_sheets_tables_are_tagged(outputs: Path) -> None:
    for name in ("kz-tracking.missions.pdf", "kz-tracking.factsheets.pdf"):
        for rows in _tables(outputs / name):
            assert rows[0][0][:2] == ("TH", "Column")
            assert all(role == "TD" for row in rows[1:] for role, _, _ in row)


@pytest.mark.parametrize("suffix", ["", ".missions", ".factsheets"])
def test_pdfua_checker_passes_with_tables(outputs: Path, suffix: str) -> None:
    assert_pdfua(outputs / f"kz-tracking{suffix}.pdf")


def test_table_split_across_pages_repeats_its_header_as_artifact(tmp_path: Path) -> None:
    """112 issues: the counts table runs over pages; its header row is drawn on each, but
    tagged once, and every issue is one row of one table."""
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    source = tmp_path / "big.yaml"
    source.write_text(generate(112, tracking=True), encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(source), "--pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "big.pdf"
    briefing = briefgen.load(source)
    doc = build_document(briefing, resolve_theme(briefing, None), None)
    by_issue = _squeeze(doc.words.by_issue)
    counts = [rows for rows in _tables(path) if rows[0][0][2] == by_issue]
    assert len(counts) == 1
    rows = counts[0]
    assert len(rows) == 112 + 2  # header, one row per issue, total
    assert [cell[0] for row in rows for cell in row].count("TH") == len(rows[0])
    with pdfplumber.open(path) as doc:
        drawn = [p for p in doc.pages if by_issue in _squeeze(p.extract_text())]
    assert len(drawn) > 1  # drawn again on every page the table continues on
    assert_pdfua(path)
