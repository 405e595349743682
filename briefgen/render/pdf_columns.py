"""A list set in balanced columns, read column by column (the coalition's long members list).

platypus's BalancedColumns finds its balance by laying the list out again and again in
scratch frames, deep-copying every item each time: a tenth of the time of a short briefing.
The items here are list items of known height, so the balance is a plain search: the
smallest column height at which the items, in reading order, fill the columns. Spaces
between items are the frame's (the space after one plus the space before the next); a
column starts without the space before its first item.

A list taller than the room left on a page splits: the items that fit in the columns there
(the last one split if a column holds nothing else), balanced again, and the rest. In a
right-to-left layout the first column is the rightmost. Items draw in reading order, so
their marked content and structure elements stay in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

_SEARCH_STEPS = 40  # bisection steps for the balanced height (far below a point)
_UNBOUNDED = 1e9  # the height offered when measuring: an item's height depends on its width


class Columns(Flowable):
    """``items`` in ``count`` columns of equal width with ``gap`` points between them."""

    def __init__(
        self,
        items: Sequence[Flowable],
        count: int,
        gap: float,
        rtl: bool = False,
        keep: int = 0,
    ):
        super().__init__()
        self.items = list(items)
        self.count, self.gap, self.rtl = count, gap, rtl
        self.keep = keep
        """When the list shares a kept group, it may split there with at least this many
        items on each side (:meth:`split_keeping`); 0: it never does."""
        self._placed: list[list[tuple[Flowable, float, float]]] = []

    def _part(self, items: Sequence[Flowable]) -> Columns:
        return Columns(items, self.count, self.gap, self.rtl, self.keep)

    def _column_width(self, available_width: float) -> float:
        return (available_width - self.gap * (self.count - 1)) / self.count

    def _fill(
        self, width: float, height: float
    ) -> tuple[list[list[tuple[Flowable, float, float]]], list[Flowable]]:
        """Items in reading order into columns of ``height``: each column's (item, top, height)
        and the items left over; an item too tall for an empty column splits."""
        pending = list(self.items)
        columns: list[list[tuple[Flowable, float, float]]] = []
        for _ in range(self.count):
            column: list[tuple[Flowable, float, float]] = []
            used = 0.0
            while pending:
                item = pending[0]
                _, h = item.wrap(width, height)
                space = item.getSpaceBefore() if column else 0.0
                if used + space + h <= height:
                    column.append((item, used + space, h))
                    used += space + h + item.getSpaceAfter()
                    pending.pop(0)
                    continue
                if not column:
                    parts = item.split(width, height)
                    if len(parts) > 1:
                        pending[0:1] = parts
                        continue
                break
            columns.append(column)
        return columns, pending

    def _sizes(self, width: float) -> list[tuple[float, float, float]]:
        """Each item's height, space before and space after at the column width."""
        out = []
        for item in self.items:
            _, h = item.wrap(width, _UNBOUNDED)
            out.append((h, item.getSpaceBefore(), item.getSpaceAfter()))
        return out

    def _columns_at(
        self, sizes: list[tuple[float, float, float]], height: float
    ) -> list[int] | None:
        """How many items each column takes at ``height`` (in reading order), or None when
        they do not all fit."""
        counts, index = [], 0
        for _ in range(self.count):
            used, start = 0.0, index
            while index < len(sizes):
                h, before, after = sizes[index]
                space = before if index > start else 0.0
                if used + space + h > height:
                    break
                used += space + h + after
                index += 1
            counts.append(index - start)
        return counts if index == len(sizes) else None

    def _balanced(self, width: float) -> list[list[tuple[Flowable, float, float]]]:
        """The columns at the smallest height that holds every item."""
        sizes = self._sizes(width)
        high = sum(h + before + after for h, before, after in sizes)
        low = 0.0
        best = self._columns_at(sizes, high) or [len(sizes)] + [0] * (self.count - 1)
        for _ in range(_SEARCH_STEPS):
            middle = (low + high) / 2
            counts = self._columns_at(sizes, middle)
            if counts is None:
                low = middle
            else:
                high, best = middle, counts
        columns, index = [], 0
        for count in best:
            column, top = [], 0.0
            for k in range(index, index + count):
                h, before, after = sizes[k]
                top += before if k > index else 0.0
                column.append((self.items[k], top, h))
                top += h + after
            columns.append(column)
            index += count
        return columns

    @staticmethod
    def _height(columns: list[list[tuple[Flowable, float, float]]]) -> float:
        return max((top + h for column in columns for _, top, h in column), default=0.0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._placed = self._balanced(self._column_width(available_width))
        self.width, self.height = available_width, self._height(self._placed)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        width = self._column_width(available_width)
        columns, rest = self._fill(width, available_height)
        placed = [item for column in columns for item, _, _ in column]
        if not placed:
            return []
        return [self._part(placed), self._part(rest)] if rest else [self._part(placed)]

    def split_keeping(self, available_width: float, room: float) -> tuple[Columns, Columns] | None:
        """The items that fit ``room``, balanced, and the rest, at least :attr:`keep` on each
        side and whole items only; None when fewer fit."""
        if not self.keep:
            return None
        columns, _ = self._fill(self._column_width(available_width), room)
        fits = sum(1 for column in columns for item, _, _ in column if item in self.items)
        fits = min(fits, len(self.items) - self.keep)
        if fits < self.keep:
            return None
        return self._part(self.items[:fits]), self._part(self.items[fits:])

    def draw(self) -> None:
        width = self._column_width(self.width)
        for index, column in enumerate(self._placed):
            slot = self.count - 1 - index if self.rtl else index
            x = slot * (width + self.gap)
            for item, top, h in column:
                item.drawOn(self.canv, x, self.height - top - h)
