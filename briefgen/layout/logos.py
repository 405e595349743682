"""A tidy grid for any number of logos: every logo scaled to fit, aspect kept, rows centred."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple


class Cell(NamedTuple):
    """Where one logo is drawn, in points from the top-left of the page or slide."""

    x: float
    y: float
    w: float
    h: float


def logo_grid(
    aspects: Sequence[float], x: float, y: float, width: float, height: float, gap: float
) -> list[Cell]:
    """Place logos of the given width/height ratios in the box, using the most area."""
    n = len(aspects)
    if n == 0 or width <= 0 or height <= 0:
        return []
    best: tuple[float, int] = (-1.0, 1)
    for columns in range(1, n + 1):
        rows = math.ceil(n / columns)
        cell_w = (width - gap * (columns - 1)) / columns
        cell_h = (height - gap * (rows - 1)) / rows
        if cell_w <= 0 or cell_h <= 0:
            continue
        area = sum(_fit(a, cell_w, cell_h)[0] * _fit(a, cell_w, cell_h)[1] for a in aspects)
        # prefer fewer rows on ties: logos read as one band
        if area > best[0] * 1.0001:
            best = (area, columns)
    columns = best[1]
    rows = math.ceil(n / columns)
    cell_w = (width - gap * (columns - 1)) / columns
    cell_h = (height - gap * (rows - 1)) / rows
    used_h = rows * cell_h + gap * (rows - 1)
    top = y + (height - used_h) / 2
    cells: list[Cell] = []
    for row in range(rows):
        in_row = aspects[row * columns : (row + 1) * columns]
        row_w = len(in_row) * cell_w + gap * (len(in_row) - 1)
        left = x + (width - row_w) / 2
        for col, aspect in enumerate(in_row):
            w, h = _fit(aspect, cell_w, cell_h)
            cx = left + col * (cell_w + gap) + (cell_w - w) / 2
            cy = top + row * (cell_h + gap) + (cell_h - h) / 2
            cells.append(Cell(cx, cy, w, h))
    return cells


def _fit(aspect: float, w: float, h: float) -> tuple[float, float]:
    """Largest size of that aspect inside w × h."""
    if w / h > aspect:
        return h * aspect, h
    return w, w / aspect
