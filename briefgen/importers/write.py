"""Imported records -> a starting briefing YAML: issues by theme, largest first."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefgen.importers.common import Record, clean

UNGROUPED = "Recommendations without a theme"
TODO_DEVELOPMENTS = "the stage of development since the last review (situation.developments)"
TODO_RECOMMENDATIONS = "the coalition's new recommendations on this issue (recommendations)"


@dataclass
class Group:
    title: str
    records: list[Record]


def group(records: Sequence[Record], key: str) -> list[Group]:
    """Records by their value of ``key``, largest group first, ties in source order."""
    groups: dict[str, Group] = {}
    for record in records:
        title = clean(record.groups.get(key)) or UNGROUPED
        groups.setdefault(title.casefold(), Group(title, [])).records.append(record)
    return sorted(groups.values(), key=lambda g: -len(g.records))


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^\n\x85\u2028\u2029]*$")
_SPECIAL = re.compile(r"[\d.eE+-]+|null|true|false|yes|no|on|off|~", re.I)
_FLOW_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^,\[\]{}:#\n]*$")


def scalar(text: str, flow: bool = False) -> str:
    """A YAML scalar: plain where that reads back as the same text, else double-quoted."""
    plain = (_FLOW_PLAIN if flow else _PLAIN).match(text)
    if (
        plain
        and ": " not in text
        and " #" not in text
        and text == text.strip()
        and not text.endswith(":")
        and not _SPECIAL.fullmatch(text)
    ):
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.translate(_BREAKS)


_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}
"""Line breaks to YAML but not to JSON: escaped, so a text stays one line."""


def _record_lines(record: Record) -> list[str]:
    lines = [f"        - text: {scalar(record.text)}"]
    if record.states:
        lines.append(
            f"          states: [{', '.join(scalar(s, flow=True) for s in record.states)}]"
        )
    if record.ref:
        lines.append(f"          ref: {json.dumps(record.ref, ensure_ascii=False)}")
    if record.response:
        lines.append(f"          response: {record.response}")
    if record.status:
        lines.append(f"          status: {record.status}")
    if record.sdgs:
        lines.append(f"          sdgs: [{', '.join(map(str, record.sdgs))}]")
    return lines


def render(
    groups: Sequence[Group],
    *,
    country: str,
    source: str,
    schema: str,
    cycle: int | None,
) -> str:
    """The briefing text; every issue carries the todo notes validate reports."""
    count = sum(len(g.records) for g in groups)
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Started by `briefgen import` from {source}: {count} recommendations in "
        f"{len(groups)} issues.",
        "# Each issue's todo lists what is still to write; `briefgen validate` shows them with",
        "# their lines and `briefgen build` refuses to print until they are written and deleted.",
        f"title: {scalar(f'Human rights in {country}')}",
    ]
    if cycle is not None:
        lines.append(f"subtitle: UPR pre-session, {_ordinal(cycle + 1)} cycle")
    lines += [f"country: {scalar(country)}", "language: en"]
    if cycle is not None:
        lines += ["review:", "  mechanism: UPR", f"  cycle: {cycle + 1}"]
    lines.append("issues:")
    for g in groups:
        lines += [
            f"  - title: {scalar(g.title)}",
            "    todo:",
            f"      - {TODO_DEVELOPMENTS}",
            f"      - {TODO_RECOMMENDATIONS}",
            "    situation:",
            "      previous_recommendations:",
        ]
        for record in g.records:
            lines += _record_lines(record)
        lines.append("    recommendations: []")
    return "\n".join(lines) + "\n"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def schema_reference(target: Path) -> str:
    """Path from the written file to the nearest briefgen.schema.json above it."""
    folder = target.resolve().parent
    for up, parent in enumerate([folder, *folder.parents]):
        if (parent / "briefgen.schema.json").is_file():
            return "/".join([".."] * up + ["briefgen.schema.json"])
    return "../briefgen.schema.json"
