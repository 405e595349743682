"""What every source reader shares: the record, the report of problems, value parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from briefgen.errors import InputError, Problem
from briefgen.importers.states import final_parentheses, parse_states

Response = str  # "supported" | "noted"
Status = str  # "not_implemented" | "partially_implemented" | "implemented"


@dataclass
class Record:
    """One imported recommendation, with where it was found."""

    line: int
    text: str
    states: list[str] = field(default_factory=list)
    ref: str | None = None
    response: Response | None = None
    status: Status | None = None
    sdgs: list[int] = field(default_factory=list)
    country: str | None = None
    cycle: int | None = None
    groups: dict[str, str] = field(default_factory=dict)
    """Values to group by, keyed by ``column_key`` of the column's name ("theme", ...)."""


@dataclass
class Report:
    """Problems found while reading one source: rows skipped go on, the file goes on."""

    display: str
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    has_country: bool = False
    has_cycle: bool = False
    group_keys: dict[str, str] = field(default_factory=dict)
    """``column_key`` -> the column's name as the source writes it (for --group-by)."""

    def fail(self, message: str, line: int = 1, column: int = 1, path: str = "") -> InputError:
        return InputError([Problem(self.display, line, column, path, message)])

    def skip(self, message: str, line: int, column: int = 1, path: str = "") -> None:
        self.skipped.append(Problem(self.display, line, column, path, f"row skipped: {message}"))

    def warn(self, message: str, line: int, column: int = 1, path: str = "") -> None:
        self.warnings.append(Problem(self.display, line, column, path, message))


@cache
def column_key(name: str) -> str:
    """Header matching key: case and everything but letters and digits ignored."""
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


_SPACES = re.compile(r"[ \t\u00a0]+")
_UNCLEAN = re.compile(r"[\x00-\x1f\x7f-\x9f\u00a0]|  ")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a briefing may not hold (briefgen.load refuses them), NEL included."""


def clean(text: str | None) -> str:
    """One paragraph: line breaks (NEL too), other control characters and runs of spaces
    become single spaces."""
    if text is None:
        return ""
    if not _UNCLEAN.search(text):
        return text.strip()
    text = _CONTROLS.sub(" ", " ".join(text.split("\n")))
    return _SPACES.sub(" ", text).strip()


_REF = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)")


def split_ref(text: str) -> tuple[str | None, str]:
    """``"115.16 Ratify ..."`` -> ``("115.16", "Ratify ...")``."""
    match = _REF.match(text)
    if not match:
        return None, text
    return match.group(1), text[match.end() :]


def split_states(
    text: str, report: Report, line: int, column: int = 1, path: str = ""
) -> tuple[str, list[str]]:
    """Text without its final "(State, State)" and those states; unknown names warned."""
    found = final_parentheses(text)
    if found is None:
        return text, []
    body, inside = found
    names, unknown = parse_states(inside)
    if len(unknown) == len(names):
        report.warn(
            f"no UN member or observer state in the final parentheses '({inside})'; "
            "no recommending state recorded",
            line,
            column,
            path,
        )
        return text, []
    _warn_unknown(unknown, report, line, column, path)
    return body, names


def states_cell(text: str, report: Report, line: int, column: int = 1, path: str = "") -> list[str]:
    """A cell or field listing states: "Iran (Islamic Republic of), France; Chad"."""
    names, unknown = parse_states(text)
    _warn_unknown(unknown, report, line, column, path)
    return names


def _warn_unknown(unknown: list[str], report: Report, line: int, column: int, path: str) -> None:
    for name in unknown:
        report.warn(
            f"unknown state '{name}' (not a UN member or observer state name); kept as written",
            line,
            column,
            path,
        )


_RESPONSES = {
    "supported": "supported",
    "support": "supported",
    "accepted": "supported",
    "accept": "supported",
    "supportedaccepted": "supported",
    "noted": "noted",
    "note": "noted",
    "notsupported": "noted",
    "rejected": "noted",
}
_POSITION_END = re.compile(r"source of position|\n|\(", re.I)
_NO_RESPONSE = {"", "pending", "noresponse", "none", "na", "unclear", "unknown"}


def response(
    value: str, report: Report, line: int, column: int = 1, path: str = ""
) -> Response | None:
    """Supported (accepted) or noted; "Source of position: ..." and the like are ignored."""
    first = _POSITION_END.split(value, maxsplit=1)[0]
    key = column_key(first)
    if key in _RESPONSES:
        return _RESPONSES[key]
    if key not in _NO_RESPONSE:
        report.warn(
            f"response '{clean(value)}' is neither supported nor noted; left out",
            line,
            column,
            path,
        )
    return None


_STATUSES = (
    ("notimplemented", "not_implemented"),
    ("noaction", "not_implemented"),
    ("partiallyimplemented", "partially_implemented"),
    ("partially", "partially_implemented"),
    ("fullyimplemented", "implemented"),
    ("implemented", "implemented"),
)


def status(
    value: str, report: Report | None, line: int, column: int = 1, path: str = ""
) -> Status | None:
    """Level of implementation; ``report=None`` for free comments that may say nothing."""
    key = column_key(value)
    for start, result in _STATUSES:
        if key.startswith(start):
            return result
    if key and report is not None:
        report.warn(
            f"implementation status '{clean(value)}' is not one of: not implemented, "
            "partially implemented, implemented; left out",
            line,
            column,
            path,
        )
    return None


_SDG = re.compile(r"(?<![\d.])(\d{1,2})(?!\d)")


def sdgs(value: str) -> list[int]:
    """``"SDG 16 Peace ...; SDG 5.2"`` -> ``[5, 16]``."""
    found = {int(n) for n in _SDG.findall(value)}
    return sorted(n for n in found if 1 <= n <= 17)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


def cycle_number(value: str) -> int | None:
    """``"4"``, ``"4th"``, ``"Cycle 4"``, ``"4th cycle"``, ``"IV"`` -> 4."""
    text = value.strip().casefold()
    match = re.search(r"\d+", text)
    if match:
        return int(match.group())
    word = re.sub(r"cycle|\s", "", text)
    return _ROMAN.get(word)


_THEME_CODE = re.compile(r"^[A-Z]\d{1,2}(?:\.\d+)?(?:\s*[-–:]\s*|\s+)(?=\S)")


def theme_name(value: str) -> str:
    """``"A12 Acceptance of international norms"`` -> ``"Acceptance of international norms"``."""
    return _THEME_CODE.sub("", clean(value))


def themes(value: str) -> list[str]:
    """Themes of a cell: one per line or separated by semicolons."""
    parts = re.split(r"[\n;]", value)
    return [theme_name(p) for p in parts if clean(p)]
