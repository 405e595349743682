"""OHCHR's thematic list of recommendations: the matrix in .docx for a state under review.

4th cycle: "Recommendation and recommending State | Position of the State under review |
Human rights themes and groups of persons | Relevant SDGs"; earlier cycles:
"Recommendation | Position | Full list of themes | Assessment/comments on level of
implementation". Positions are ``table T row R`` (the header is row 1).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefgen.importers import common
from briefgen.importers.common import Record, Report, clean, column_key

ROLES: tuple[tuple[str, str], ...] = (
    ("recommendation", "text"),
    ("position", "response"),
    ("sdg", "sdgs"),
    ("theme", "themes"),
    ("assessment", "status"),
    ("implementation", "status"),
)
_AFFECTED = re.compile(r"^\s*(affected persons|groups of persons)\s*:?\s*(.*)$", re.I)


def read_docx(path: Path, report: Report) -> list[Record]:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise report.fail("not a readable Word .docx document") from None
    out: list[Record] = []
    found = 0
    for t, table in enumerate(document.tables, start=1):
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        roles = _roles(rows[0]) if rows else {}
        if "text" not in roles or "response" not in roles:
            continue
        found += 1
        for r, cells in enumerate(rows[1:], start=2):
            record = _record(cells, roles, report, t, r)
            if record is not None:
                out.append(record)
    if not found:
        raise report.fail(
            f"no recommendations table among the document's {len(document.tables)} table(s): "
            "expected a header row with 'Recommendation' and 'Position' columns "
            "(OHCHR thematic list of recommendations)"
        )
    report.group_keys = {"theme": "themes", "themes": "themes", "sdgs": "Relevant SDGs"}
    report.group_keys.update({"response": "Position", "affectedpersons": "Affected persons"})
    return out


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, name in enumerate(header):
        key = column_key(name)
        for word, role in ROLES:
            if word in key and role not in roles and i not in roles.values():
                roles[role] = i
                break
    return roles


def _record(
    cells: list[str], roles: dict[str, int], report: Report, t: int, r: int
) -> Record | None:
    def cell(role: str) -> str:
        i = roles.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    where: dict[str, Any] = {"line": r, "path": f"table {t} row {r}"}
    if len({clean(c) for c in cells}) == 1:  # a heading row merged across the table
        return None
    text = clean(cell("text"))
    if not text:
        report.skip("no recommendation text", r, roles["text"] + 1, where["path"])
        return None
    ref, text = common.split_ref(text)
    text, states = common.split_states(text, report, r, roles["text"] + 1, where["path"])
    themes: list[str] = []
    affected: list[str] = []
    for raw in cell("themes").split("\n"):
        match = _AFFECTED.match(raw)
        if match:
            affected.extend(p.strip() for p in match.group(2).split(",") if p.strip())
        elif clean(raw):
            themes.append(common.theme_name(raw))
    groups = {}
    if themes:
        groups["theme"] = groups["themes"] = themes[0]
    if affected:
        groups["affectedpersons"] = affected[0]
    response = common.response(cell("response"), report, r, roles["response"] + 1, where["path"])
    if response:
        groups["response"] = response
    found_sdgs = common.sdgs(cell("sdgs"))
    if found_sdgs:
        groups["sdgs"] = f"SDG {found_sdgs[0]}"
    return Record(
        line=r,
        text=text,
        states=states,
        ref=ref,
        response=response,
        status=common.status(cell("status"), None, r),
        sdgs=found_sdgs,
        groups=groups,
    )
