"""The tracking sheets as a library call: mission pages and factsheets, in memory.

``briefgen build INPUT --missions`` writes ``NAME.missions.pdf`` (one page per recommending
state) and ``--factsheets`` writes ``NAME.factsheets.pdf`` (one page per issue); both need an
input with tracking data (a previous recommendation giving its ``cycle``, ``evidence`` or
``source``). Laid out by :mod:`briefgen.layout.pdf_sheets`, painted by
:mod:`briefgen.render.pdf_sheets`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefgen.build import prepare, refuse_todos
from briefgen.errors import InputError, Problem
from briefgen.model import Briefing
from briefgen.options import Options
from briefgen.theme import Theme

Sheet = Literal["missions", "factsheets"]
SHEETS: tuple[Sheet, ...] = ("missions", "factsheets")

__all__ = ["SHEETS", "Sheet", "SheetsResult", "build_sheets"]


@dataclass
class SheetsResult:
    """Each sheets PDF's bytes (by kind), its page count, and warnings."""

    outputs: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def build_sheets(
    briefing: Briefing,
    kinds: tuple[Sheet, ...],
    *,
    theme: str | Path | Theme | None = None,
    options: Options | None = None,
) -> SheetsResult:
    """Lay out every requested sheets PDF, then paint them; nothing touches the disk."""
    from briefgen.layout.pdf_sheets import layout_factsheets, layout_missions
    from briefgen.render.pdf_sheets import render_sheets

    options = options or Options()
    chosen, document = prepare(briefing, theme, options)
    if document.tracking is None:
        where = briefing.source.name if briefing.source else "<briefing>"
        flags = " and ".join(f"--{k}" for k in kinds)
        message = (
            f"{flags} need tracking data: give a previous recommendation its `cycle`"
            " (see inputs/kz-tracking.yaml)"
        )
        raise InputError([Problem(where, 1, 1, "issues", message)])
    refuse_todos(briefing)
    makers = {"missions": layout_missions, "factsheets": layout_factsheets}
    laid = {kind: makers[kind](document, chosen, options) for kind in kinds}
    result = SheetsResult()
    for kind, sheets in laid.items():
        stream = io.BytesIO()
        facts = render_sheets(document, chosen, stream, sheets)
        result.outputs[kind] = stream.getvalue()
        result.pages[kind] = int(str(facts["pages"]))
        result.warnings += [f"{kind}: {w}" for w in sheets.warnings]
    return result
