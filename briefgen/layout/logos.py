"""Where logos go: rows at one common height, order kept, as large as the box allows.

The one logo placement for both formats (the slide engine and the PDF renderer call it).
Designers align a band of logos by height, so every logo is drawn at the same height, its
width following its aspect ratio; the logos fill rows in the order given, the rows holding
as equal a number as possible (the extra ones in the first rows), and the number of rows is
the one that makes that common height largest. Geometry is in points from the top-left
corner, like the slide engine's; the PDF renderer turns it upside down when it draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

__all__ = ["Cell", "place_logos"]

Align = Literal["left", "center", "right"]
Anchor = Literal["top", "middle", "bottom"]


class Cell(NamedTuple):
    """Where one logo is drawn, in points from the top-left of the page or slide."""

    x: float
    y: float
    w: float
    h: float


def place_logos(
    aspects: Sequence[float],
    x: float,
    y: float,
    width: float,
    height: float,
    gap: float,
    *,
    max_height: float | None = None,
    align: Align = "center",
    anchor: Anchor = "top",
) -> list[Cell]:
    """One cell per logo (width/height ratios ``aspects``), in order, inside the box.

    All cells share one height, the largest that fits the box for some number of rows and,
    when given, no more than ``max_height`` (so a lone logo does not swell into a poster).
    ``gap`` separates logos in a row and rows from each other. Rows are aligned within the
    box's width as ``align`` says, and the block of rows sits at the box's ``anchor``.
    Returns an empty list when nothing fits (no logos, or a box too small for the gaps).
    """
    n = len(aspects)
    if n == 0 or width <= 0 or height <= 0 or any(a <= 0 for a in aspects):
        return []
    cap = height if max_height is None else min(height, max_height)
    best_h, best_rows = 0.0, [list(aspects)]
    for count in range(1, n + 1):
        rows = _rows(aspects, count)
        h = min(cap, (height - (count - 1) * gap) / count)
        for row in rows:
            h = min(h, (width - (len(row) - 1) * gap) / sum(row))
        if h > best_h:  # strictly larger: on a tie, fewer rows read as one band
            best_h, best_rows = h, rows
    if best_h <= 0:
        return []
    h = best_h
    used = len(best_rows) * h + (len(best_rows) - 1) * gap
    top = y + {"top": 0.0, "middle": (height - used) / 2, "bottom": height - used}[anchor]
    cells: list[Cell] = []
    for k, row in enumerate(best_rows):
        row_w = h * sum(row) + (len(row) - 1) * gap
        left = x + {"left": 0.0, "center": (width - row_w) / 2, "right": width - row_w}[align]
        row_y = top + k * (h + gap)
        for aspect in row:
            cells.append(Cell(left, row_y, h * aspect, h))
            left += h * aspect + gap
    return cells


def _rows(aspects: Sequence[float], count: int) -> list[list[float]]:
    """The aspects cut, in order, into ``count`` rows of as equal a number as possible."""
    per, extra = divmod(len(aspects), count)
    rows, start = [], 0
    for k in range(count):
        size = per + (1 if k < extra else 0)
        rows.append(list(aspects[start : start + size]))
        start += size
    return rows
