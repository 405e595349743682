"""Problems found in user input, reported as FILE:LINE:COLUMN lines.

Every stage that reads something a user wrote (briefing, theme, images) raises
:class:`InputError` with one :class:`Problem` per mistake, so the CLI can print
them all at once and exit with status 2 instead of showing a traceback.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return one_line(f"{self.file}:{self.line}:{self.column}: {where}{self.message}")


def one_line(text: str) -> str:
    """Escape control and line-separator characters so a problem is always one line."""
    return "".join(
        ch if unicodedata.category(ch) not in _BREAKING else ch.encode("unicode_escape").decode()
        for ch in text
    )


_BREAKING = {"Cc", "Zl", "Zp"}


class InputError(Exception):
    """The input cannot be built; carries every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """A build failed for a reason outside the input (disk full, unwritable folder)."""


def format_path(loc: Iterable[str | int]) -> str:
    """Render a location tuple as ``issues[1].recommendations``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
