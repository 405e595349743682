"""Write the import samples: small made-up recommendation data in each source's shape.

    python inputs/samples/make_samples.py

The texts are written for these samples (no UN or database file is copied); the shapes
follow the public descriptions of UPR Info's exports, OHCHR's thematic lists of
recommendations (4th cycle and earlier) and the Universal Human Rights Index JSON export.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# (ref, text, states, response, theme code, theme, sdgs, status)
RECORDS: list[tuple[str, str, list[str], str, str, str, list[int], str]] = [
    (
        "140.1",
        "Ratify the Optional Protocol to the Convention on the Rights of the Child "
        "on a communications procedure",
        ["Côte d'Ivoire", "Türkiye"],
        "supported",
        "B51",
        "Rights of the child",
        [16],
        "partially implemented",
    ),
    (
        "140.2",
        "Strengthen the independence of the Commissioner for Human Rights in line with "
        "the Paris Principles",
        ["Iran (Islamic Republic of)", "United Kingdom of Great Britain and Northern Ireland"],
        "supported",
        "A41",
        "National human rights institution",
        [16],
        "not implemented",
    ),
    (
        "140.3",
        "Increase the number of labour inspections in agriculture to prevent child labour",
        ["Bolivia (Plurinational State of)"],
        "supported",
        "B51",
        "Rights of the child",
        [8],
        "partially implemented",
    ),
    (
        "140.4",
        "Criminalize forced and early marriage, and raise awareness of its harm to girls",
        ["Venezuela (Bolivarian Republic of)", "Sierra Leone"],
        "noted",
        "B51",
        "Rights of the child",
        [5],
        "not implemented",
    ),
    (
        "140.5",
        "Adopt a comprehensive law against discrimination on all grounds, including "
        "disability & age",
        ["Spain", "Hungary"],
        "noted",
        "B31",
        "Equality & non-discrimination",
        [10],
        "not implemented",
    ),
    (
        "140.6",
        "Ensure access to education for migrant children who lack a residence registration",
        ["Philippines", "Tajikistan"],
        "supported",
        "B31",
        "Equality & non-discrimination",
        [4],
        "implemented",
    ),
    (
        "140.7",
        'Repeal the offence of "inciting discord" <article 174> and bring the Criminal Code '
        "in line with article 19 of the Covenant",
        ["Norway"],
        "noted",
        "D43",
        "Freedom of opinion and expression",
        [16],
        "not implemented",
    ),
]
COUNTRY = "Kazakhstan"


def _title(response: str) -> str:
    return response.capitalize()


def write_csv(path: Path) -> None:
    """UPR Info style: one row per recommendation, plus rows the import must handle."""
    header = ["State under Review", "Paragraph", "Recommendation", "Recommending State"]
    header += ["Response", "Issues", "Cycle", "Session", "Action Category"]
    rows = [
        [COUNTRY, ref, text, ", ".join(states), _title(resp), theme, "3", "34", "5 - Specific"]
        for ref, text, states, resp, _, theme, _, _ in RECORDS
    ]
    rows.insert(3, [COUNTRY, "140.9", "", "Chile", "Supported", "Rights of the child", "3"])
    rows.append(
        [
            COUNTRY,
            "120.4",
            "Ratify the Convention on migrant workers",
            "Algeria",
            "Noted",
            "Migrants",
            "2",
            "20",
            "4 - General",
        ]
    )
    rows.append(
        [
            "Chad",
            "110.1",
            "Abolish the death penalty",
            "France",
            "Supported",
            "Death penalty",
            "3",
            "31",
            "5 - Specific",
        ]
    )
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])


def write_xlsx(path: Path) -> None:
    """Other column names; refs and states inside the text as in the UN's reports."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Recommendations"
    sheet.append(
        ["SuR", "Recommendation", "Position", "Theme", "UPR cycle", "Implementation status", "SDGs"]
    )
    for ref, text, states, resp, _, theme, goals, status in RECORDS:
        full = f"{ref} {text} ({', '.join(states)})"
        sdgs = ", ".join(f"SDG {g}" for g in goals)
        sheet.append([COUNTRY, full, _title(resp), theme, "3rd", status.capitalize(), sdgs])
    book.save(path)


def _docx(path: Path, header: list[str], row: Any) -> None:
    from docx import Document

    document = Document()
    document.core_properties.created = dt.datetime(2024, 1, 1)  # fixed: reproducible
    document.add_heading(f"Thematic list of recommendations: {COUNTRY}", level=1)
    legend = document.add_table(rows=2, cols=2)
    legend.cell(0, 0).text, legend.cell(0, 1).text = "Theme", "Code"
    legend.cell(1, 0).text, legend.cell(1, 1).text = "Rights of the child", "B51"
    document.add_paragraph("Recommendations")
    table = document.add_table(rows=1, cols=len(header))
    for cell, name in zip(table.rows[0].cells, header, strict=True):
        cell.text = name
    last_theme = None
    for record in RECORDS:
        if record[5] != last_theme:  # a heading row merged across the table
            heading = table.add_row().cells
            merged = heading[0].merge(heading[-1])
            merged.text = f"Theme: {record[4]} {record[5]}"
            last_theme = record[5]
        for cell, text in zip(table.add_row().cells, row(record), strict=True):
            cell.text = text
    document.save(str(path))


def write_docx_4th(path: Path) -> None:
    header = [
        "Recommendation and recommending State",
        "Position of the State under review",
        "Human rights themes and groups of persons",
        "Relevant SDGs",
    ]

    def row(record: Any) -> list[str]:
        ref, text, states, resp, code, theme, goals, _ = record
        return [
            f"{ref} {text} ({', '.join(states)})",
            f"{_title(resp)}\nSource of position: A/HRC/55/99/Add.1",
            f"{code} {theme}\nA12 Acceptance of international norms\nAffected persons:\n- children",
            "\n".join(f"SDG {g}" for g in goals),
        ]

    _docx(path, header, row)


def write_docx_earlier(path: Path) -> None:
    header = [
        "Recommendation",
        "Position",
        "Full list of themes",
        "Assessment/comments on level of implementation",
    ]

    def row(record: Any) -> list[str]:
        ref, text, states, resp, code, theme, _, status = record
        return [
            f"{ref} {text} ({', '.join(states)})",
            _title(resp),
            f"{code} {theme}\nA12 Acceptance of international norms",
            f"{status.capitalize()}: see the mid-term report",
        ]

    _docx(path, header, row)


def write_uhri(path: Path) -> None:
    records = [
        {
            "Text": f"{ref} {text} ({', '.join(states)})",
            "Symbol": "A/HRC/41/99",
            "Countries": [COUNTRY],
            "Themes": [f"{code} - {theme}" if n % 2 else theme],
            "Sdgs": [{"Name": f"{g} - Goal {g}"} for g in goals],
            "AffectedPersons": ["Children"] if code == "B51" else ["General"],
            "PublicationDate": "2019-06-28T00:00:00",
            "Body": "UPR",
            "Position": resp,
        }
        for n, (ref, text, states, resp, code, theme, goals, _) in enumerate(RECORDS)
    ]
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(folder: Path = HERE) -> None:
    write_csv(folder / "upr-info.csv")
    write_xlsx(folder / "upr-info.xlsx")
    write_docx_4th(folder / "ohchr-4th-cycle.docx")
    write_docx_earlier(folder / "ohchr-3rd-cycle.docx")
    write_uhri(folder / "uhri.json")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
