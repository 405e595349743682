"""Start a briefing from UN recommendation data: ``briefgen import SOURCE -o FILE``.

Sources, recognised by extension and content: CSV and XLSX database exports (UPR Info's
and the like, ``tabular``), OHCHR's thematic list of recommendations in .docx (``ohchr``)
and the Universal Human Rights Index JSON export (``uhri``). python-docx and openpyxl are
imported only when such a file is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from briefgen.errors import InputError, Problem
from briefgen.importers.common import Record, Report, column_key
from briefgen.importers.states import state_key, un_name

KINDS = ("csv", "xlsx", "docx", "json")


@dataclass
class ImportResult:
    """What an import wrote, and what it had to leave out or doubts (rows, names)."""

    written: Path
    kind: str
    records: int
    issues: int
    encoding: str | None = None
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def source_kind(path: Path, head: bytes) -> str | None:
    """csv, xlsx, docx or json, by extension and then by content."""
    suffix = path.suffix.lower()
    by_suffix = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}
    by_suffix |= {".docx": "docx", ".json": "json"}
    if suffix in by_suffix:
        return by_suffix[suffix]
    if head.startswith(b"PK"):
        return "docx" if b"word/" in head else "xlsx" if b"xl/" in head else None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return None if suffix else "csv"


def read_records(
    source: Path,
    report: Report,
    *,
    sheet: str | None = None,
    columns: str | None = None,
) -> tuple[str, list[Record]]:
    """The source's records (rows it cannot use are in ``report.skipped``)."""
    try:
        data = source.read_bytes()
    except OSError as err:
        raise report.fail(f"cannot read the file ({err.strerror or err})") from None
    if not data.strip():
        raise report.fail("the file is empty")
    kind = source_kind(source, data[:2000])
    if kind is None:
        raise report.fail(
            f"unknown kind of source '{source.suffix}' (expected .csv, .xlsx, .docx or .json)"
        )
    if sheet is not None and kind != "xlsx":
        raise report.fail("--sheet applies to .xlsx workbooks only")
    if columns and kind not in ("csv", "xlsx"):
        raise report.fail("--columns applies to .csv and .xlsx tables only")
    if kind in ("csv", "xlsx"):
        from briefgen.importers import tabular

        mapping = tabular.parse_columns(columns, report)
        rows = tabular.read_csv(source, report) if kind == "csv" else None
        if rows is None:
            rows = tabular.read_xlsx(source, report, sheet)
        return kind, tabular.records(rows, report, mapping)
    if kind == "docx":
        from briefgen.importers import ohchr

        return kind, ohchr.read_docx(source, report)
    from briefgen.importers import tabular, uhri

    return kind, uhri.read_json(source, tabular.decode(data, report), report)


def _select(
    records: list[Record], report: Report, country: str | None, cycle: int | None
) -> tuple[list[Record], str]:
    """Keep one state under review and one cycle; the briefing's country name."""
    if cycle is not None:
        if not report.has_cycle:
            raise report.fail(f"--cycle {cycle}: the source does not say which cycle a row is")
        records = [r for r in records if r.cycle == cycle]
        if not records:
            raise report.fail(f"--cycle {cycle}: no recommendation of that cycle")
    reviewed = list(dict.fromkeys(r.country for r in records if r.country))
    if country is None:
        if len(reviewed) > 1:
            raise report.fail(
                f"the source covers {len(reviewed)} states under review ({', '.join(reviewed)}); "
                "choose one with --country NAME"
            )
        if not reviewed:
            raise report.fail("the source does not name the state under review; give --country")
        return records, reviewed[0]
    wanted = _same_state(country)
    if report.has_country:
        records = [r for r in records if r.country is None or _same_state(r.country) == wanted]
        if not records:
            raise report.fail(
                f"--country {country}: no recommendation to that state "
                f"(states under review: {', '.join(reviewed)})"
            )
    return records, country


def _same_state(name: str) -> str:
    return state_key(un_name(name) or name)


def import_source(
    source: str | Path,
    out: str | Path,
    *,
    country: str | None = None,
    cycle: int | None = None,
    group_by: str | None = None,
    sheet: str | None = None,
    columns: str | None = None,
    force: bool = False,
) -> ImportResult:
    """Read ``source`` and write a starting briefing to ``out``; raises InputError."""
    from briefgen.importers import write
    from briefgen.output import write_atomically

    source, out = Path(source), Path(out)
    if out.exists() and not force:
        raise InputError(
            [Problem(str(out), 1, 1, "", "the file exists; pass --force to overwrite it")]
        )
    report = Report(str(source))
    kind, records = read_records(source, report, sheet=sheet, columns=columns)
    before = len(records)
    records, chosen = _select(records, report, country, cycle)
    if len(records) < before:  # no doubts about rows the filters left out
        kept = {r.line for r in records}
        report.warnings = [w for w in report.warnings if w.line in kept]
    if not records:
        raise InputError(
            [*report.skipped, *report.fail("no recommendation left to import").problems]
        )
    key = column_key(group_by) if group_by else "theme"
    if group_by and key not in report.group_keys:
        known = ", ".join(dict.fromkeys(report.group_keys.values()))
        raise report.fail(f"--group-by {group_by}: no such column (columns: {known})")
    groups = write.group(records, key)
    cycles = {r.cycle for r in records}
    text = write.render(
        groups,
        country=chosen,
        source=source.name,
        schema=write.schema_reference(out),
        cycle=cycles.pop() if len(cycles) == 1 else None,
    )

    def save(stream: BinaryIO) -> None:
        stream.write(text.encode("utf-8"))

    write_atomically(out, save)
    return ImportResult(
        written=out,
        kind=kind,
        records=len(records),
        issues=len(groups),
        encoding=report.encoding,
        skipped=report.skipped,
        warnings=report.warnings,
    )


__all__ = ["KINDS", "ImportResult", "import_source", "read_records"]
