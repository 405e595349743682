"""The Universal Human Rights Index (UHRI) JSON export.

A list of records with ``Text``, ``Symbol``, ``Countries``, ``Themes``, ``Sdgs``,
``AffectedPersons``, ``PublicationDate`` and ``Body`` (keys matched case-insensitively).
Lists may hold strings or objects with a ``Name``. Positions are the line where each
record starts in the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from briefgen.importers import common
from briefgen.importers.common import Record, Report, clean, column_key

SHAPE = "a list of records with Text, Symbol, Countries, Themes, Sdgs, AffectedPersons"
_REQUIRED = ("text",)
_ANY_OF = ("countries", "themes", "symbol", "body", "sdgs")


def read_json(path: Path, text: str, report: Report) -> list[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise report.fail(f"not valid JSON: {err.msg}", err.lineno, err.colno) from None
    items, starts = _records(data, text)
    if items is None:
        raise report.fail(f"not a Universal Human Rights Index export: expected {SHAPE}")
    bad = next((i for i, item in enumerate(items) if not _looks_uhri(item)), None)
    if bad is not None:
        keys = ", ".join(map(str, items[bad])) if isinstance(items[bad], dict) else "not an object"
        raise report.fail(
            f"not a Universal Human Rights Index export: record {bad + 1} has {keys or 'no keys'};"
            f" expected {SHAPE}",
            starts[bad] if bad < len(starts) else 1,
        )
    if not items:
        raise report.fail("no records in the export")
    report.has_country = any(_get(i, "countries") for i in items)
    report.has_cycle = any(_get(i, "cycle") for i in items)
    columns = {column_key(str(k)): str(k) for item in items for k in item}
    report.group_keys = {**columns, "theme": "Themes"}
    out = []
    for n, item in enumerate(items):
        record = _record(item, starts[n] if n < len(starts) else 1, report)
        if record is not None:
            out.append(record)
    return out


def _records(data: Any, text: str) -> tuple[list[Any] | None, list[int]]:
    """The records and the line each starts on (a bare list, or one list in an object)."""
    if isinstance(data, list):
        return data, _starts(text, text.index("[") + 1)
    if isinstance(data, dict):
        lists = [(k, v) for k, v in data.items() if isinstance(v, list)]
        if len(lists) == 1:
            match = re.search(rf"{re.escape(json.dumps(lists[0][0]))}\s*:\s*\[", text)
            return lists[0][1], _starts(text, match.end()) if match else []
    return None, []


def _starts(text: str, index: int) -> list[int]:
    decoder = json.JSONDecoder()
    lines = []
    ws = re.compile(r"[\s,]*")
    index = ws.match(text, index).end()  # type: ignore[union-attr]
    while index < len(text) and text[index] != "]":
        lines.append(text.count("\n", 0, index) + 1)
        _, index = decoder.raw_decode(text, index)
        index = ws.match(text, index).end()  # type: ignore[union-attr]
    return lines


def _looks_uhri(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    keys = {column_key(str(k)) for k in item}
    return all(k in keys for k in _REQUIRED) and any(k in keys for k in _ANY_OF)


def _get(item: dict[str, Any], key: str) -> Any:
    for k, v in item.items():
        if column_key(str(k)) == key:
            return v
    return None


def _names(value: Any) -> list[str]:
    """A UHRI list: strings, or objects with a Name (or Title/Text)."""
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    out = []
    for v in value:
        if isinstance(v, dict):
            v = _get(v, "name") or _get(v, "title") or _get(v, "text")
        if v is not None and clean(str(v)):
            out.append(clean(str(v)))
    return out


def _record(item: dict[str, Any], line: int, report: Report) -> Record | None:
    raw = _get(item, "text")
    text = clean(raw) if isinstance(raw, str) else ""
    if not text:
        report.skip("no recommendation Text", line)
        return None
    ref, text = common.split_ref(text)
    if _get(item, "paragraph"):
        ref = clean(str(_get(item, "paragraph")))
    listed = _names(_get(item, "recommendingstates"))
    if listed:
        states = common.states_cell(", ".join(listed), report, line)
    else:
        text, states = common.split_states(text, report, line)
    themes = [common.theme_name(t) for t in _names(_get(item, "themes"))]
    groups = {}
    for k, v in item.items():
        names = _names(v) if isinstance(v, list | str | int) else []
        if names:
            groups[column_key(str(k))] = names[0]
    if themes:
        groups["theme"] = groups["themes"] = themes[0]
    countries = _names(_get(item, "countries"))
    cycle_value = _names(_get(item, "cycle"))
    position = _names(_get(item, "position")) or _names(_get(item, "response"))
    return Record(
        line=line,
        text=text,
        states=states,
        ref=ref,
        response=common.response(position[0], report, line) if position else None,
        sdgs=common.sdgs(" ; ".join(_names(_get(item, "sdgs")))),
        country=countries[0] if countries else None,
        cycle=common.cycle_number(cycle_value[0]) if cycle_value else None,
        groups=groups,
    )
