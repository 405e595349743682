"""CSV and XLSX exports of recommendation databases (UPR Info's and the like).

One row per recommendation; columns are found by name, case-insensitively, with the
common variants, and ``--columns field=Name,...`` names any other.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from briefgen.importers import common
from briefgen.importers.common import Record, Report, clean, column_key

VARIANTS: dict[str, tuple[str, ...]] = {
    "text": ("Recommendation", "Recommendations", "Recommendation text", "Text", "Full text"),
    "states": (
        "Recommending State",
        "Recommending States",
        "Recommending State(s)",
        "Recommending country",
        "Recommended by",
        "RS",
        "From",
        "States",
    ),
    "country": ("State under Review", "SuR", "Country", "Country under review", "Reviewed State"),
    "response": ("Response", "Position", "Response to recommendation", "Support/Noted"),
    "theme": ("Issue", "Issues", "Theme", "Themes", "Topic", "Human rights themes"),
    "cycle": ("Cycle", "UPR cycle"),
    "session": ("Session", "UPR session"),
    "ref": ("Paragraph", "Paragraph number", "Para", "Ref", "Recommendation number", "No."),
    "category": ("Action Category", "Action", "Category"),
    "status": ("Implementation status", "Status", "Level of implementation", "Assessment"),
    "sdgs": ("SDGs", "SDG", "Relevant SDGs", "Sustainable Development Goals"),
}
FIELDS = tuple(VARIANTS)
_KEYS = {column_key(v): name for name, variants in VARIANTS.items() for v in variants}

ENCODINGS = ("utf-8", "cp1252", "latin-1")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_LATIN1 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Latin-1 decodes any byte: C1 controls mean the file was not Latin-1 text either."""

Rows = Iterable[tuple[int, list[str]]]
"""(line or spreadsheet row number, cells as text)."""


def decode(data: bytes, report: Report) -> str:
    """Text of a CSV as spreadsheets save it; the encoding used goes to the report."""
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    elif len(data) >= 4 and data[1] == 0 and data[3] == 0 and data[0] and data[2]:
        candidates = ("utf-16-le",)
    elif len(data) >= 4 and data[0] == 0 and data[2] == 0 and data[1] and data[3]:
        candidates = ("utf-16-be",)
    else:
        candidates = ENCODINGS
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            if encoding == candidates[-1]:
                raise _not_text(data, err.start, report, encoding) from None
            continue
        bad = (_CONTROL_LATIN1 if encoding == "latin-1" else _CONTROL).search(text)
        if bad is None:
            report.encoding = encoding
            return text
        # decoded, yet not text (NUL, form feed...): no other encoding makes it text
        raise _not_text(data, len(text[: bad.start()].encode(encoding)), report, encoding)
    raise AssertionError("unreachable")


def _not_text(data: bytes, offset: int, report: Report, encoding: str) -> Exception:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    tried = "utf-16" if encoding.startswith("utf-16") else ", ".join(ENCODINGS)
    return report.fail(
        f"byte 0x{data[offset]:02X} is not text in any encoding tried ({tried}); "
        "save the sheet as 'CSV UTF-8'",
        line,
        column,
    )


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each starts on; the delimiter (, ; or tab) read off the header."""
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def read_csv(path: Path, report: Report) -> Rows:
    return list(csv_rows(decode(path.read_bytes(), report)))


def read_xlsx(path: Path, report: Report, sheet: str | None) -> Rows:
    """Rows of the workbook's one sheet, or of ``--sheet NAME``."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise report.fail("not a readable Excel .xlsx workbook") from None
    names = book.sheetnames
    if sheet is None and len(names) > 1:
        raise report.fail(
            f"the workbook has {len(names)} sheets ({', '.join(names)}); "
            "name the one to import with --sheet NAME"
        )
    if sheet is not None and sheet not in names:
        raise report.fail(f"no sheet named '{sheet}' (sheets: {', '.join(names)})")
    ws = book[sheet or names[0]]
    rows = [
        (n, [_cell_text(v) for v in values])
        for n, values in enumerate(ws.iter_rows(values_only=True), start=ws.min_row or 1)
    ]
    book.close()
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def parse_columns(spec: str | None, report: Report) -> dict[str, str]:
    """``"text=Recommendation,states=RS"`` -> ``{"text": "Recommendation", ...}``."""
    mapping: dict[str, str] = {}
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        name, sep, header = item.partition("=")
        name = name.strip().lower()
        if not sep or not header.strip():
            raise report.fail(f"--columns: '{item.strip()}' is not FIELD=COLUMN")
        if name not in VARIANTS:
            raise report.fail(f"--columns: unknown field '{name}' (fields: {', '.join(FIELDS)})")
        mapping[name] = header.strip()
    return mapping


def records(rows: Rows, report: Report, columns: dict[str, str]) -> list[Record]:
    """Records of a table whose first non-empty row names the columns."""
    iterator = iter(rows)
    line, header = 1, list[str]()
    for line, header in iterator:  # noqa: B007 (the header row is used after the loop)
        if any(cell.strip() for cell in header):
            break
    else:
        raise report.fail("the file is empty")
    where = _find_columns(header, line, report, columns)
    keys = [column_key(h) for h in header]
    out = []
    for number, cells in iterator:
        if any(cell.strip() for cell in cells):
            record = _record(number, cells, header, keys, where, report)
            if record is not None:
                out.append(record)
    if not out and not report.skipped:
        raise report.fail("no recommendation rows under the header", line)
    return out


def _find_columns(
    header: list[str], line: int, report: Report, columns: dict[str, str]
) -> dict[str, int]:
    keys = [column_key(h) for h in header]
    where: dict[str, int] = {}
    for i, key in enumerate(keys):
        field = _KEYS.get(key)
        if field and field not in where:
            where[field] = i
    for field, name in columns.items():
        if column_key(name) not in keys:
            raise report.fail(
                f"--columns {field}={name}: no such column (columns: {', '.join(header)})", line
            )
        where[field] = keys.index(column_key(name))
    if "text" not in where:
        raise report.fail(
            "no recommendation text column (looked for: "
            f"{', '.join(VARIANTS['text'])}; columns: {', '.join(h for h in header if h)}); "
            "name it with --columns text=COLUMN",
            line,
        )
    report.has_country = "country" in where
    report.has_cycle = "cycle" in where
    report.group_keys = {k: h for k, h in zip(keys, header, strict=True) if k}
    report.group_keys.update({field: header[i] for field, i in where.items()})
    return where


def _record(
    line: int,
    cells: list[str],
    header: list[str],
    keys: list[str],
    where: dict[str, int],
    report: Report,
) -> Record | None:
    n = len(cells)
    values = {f: cells[i].strip() for f, i in where.items() if i < n}

    def cell(field: str) -> str:
        return values.get(field, "")

    def col(field: str) -> int:
        return where.get(field, 0) + 1

    text = clean(cell("text"))
    if not text:
        report.skip(
            f"no recommendation text in column '{header[where['text']]}'", line, col("text")
        )
        return None
    cycle = None
    if cell("cycle"):
        cycle = common.cycle_number(cell("cycle"))
        if cycle is None:
            report.skip(f"cycle '{cell('cycle')}' is not a cycle number", line, col("cycle"))
            return None
    ref, text = common.split_ref(text)
    if cell("ref"):
        ref = cell("ref")
    if cell("states"):
        states = common.states_cell(cell("states"), report, line, col("states"))
    else:
        text, states = common.split_states(text, report, line, col("text"))
    groups = dict(zip(keys, cells, strict=False))
    groups.update(values)
    if cell("theme"):
        groups["theme"] = common.themes(cell("theme"))[0]
    return Record(
        line=line,
        text=text,
        states=states,
        ref=ref,
        response=common.response(cell("response"), report, line, col("response")),
        status=common.status(cell("status"), report, line, col("status")),
        sdgs=common.sdgs(cell("sdgs")),
        country=cell("country") or None,
        cycle=cycle,
        groups=groups,
    )
