"""Where the PDF's contents go, decided from the body's page count.

A contents page holding six lines and nothing else is a wasted page; a two-page briefing
needs no contents at all. The body's pages are estimated here, before anything is drawn,
from the blocks' text measured with the theme's metrics (the same line breaking the painter
uses) and the spacing of their paragraph styles; the estimate is a page count, good to about
a page, which is all the decision needs. Then, by ``layout.pdf``:

- ``omit``: a body of at most ``contents_omit_pages`` pages has no contents (the PDF's
  outline still lists every section);
- ``cover``: up to ``contents_cover_pages`` pages, and ``contents_cover_entries`` entries at
  most, the contents are set on the cover under the country and date (when they fit there);
- ``page``: a longer briefing keeps its contents page, and the body follows on the same page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from briefgen.layout.pdf_blocks import Block
from briefgen.layout.pdf_pages import Geometry, Metrics
from briefgen.layout.roles import Role
from briefgen.theme import Theme

__all__ = [
    "Placement",
    "body_pages",
    "contents_block",
    "entries",
    "place_contents",
    "without_contents",
]

Placement = Literal["omit", "cover", "page"]


@dataclass(frozen=True)
class _Look:
    """What the estimate needs of a paragraph style: size, font role, space, indent."""

    size: float
    font: str = "regular"
    before: float = 0.0
    after: float = 0.0
    indent: float = 0.0


def _looks(theme: Theme) -> dict[str, _Look]:
    """The body's paragraph styles as the PDF painter sets them (sizes and spaces)."""
    s, lay = theme.pdf.sizes, theme.layout.pdf
    body = s.body
    number = lay.bullet_indent * body  # about a recommendation number and its gap
    h1_after = lay.h1_after * s.heading1 + lay.rule * s.small + lay.h1_rule_after * body
    return {
        "h1": _Look(s.heading1, "bold", after=h1_after),
        "h2": _Look(s.heading2, "bold", lay.h2_before * s.heading2, lay.h2_after * s.heading2),
        "h3": _Look(body, "bold", lay.h3_before * body, lay.h3_after * body),
        "body": _Look(body, after=lay.paragraph_after * body),
        "point": _Look(body, after=lay.item_after * body, indent=lay.bullet_indent * body),
        "member": _Look(body, after=lay.item_after * body, indent=lay.bullet_indent * body),
        "sub": _Look(
            body, after=lay.item_after * body, indent=(lay.bullet_indent + lay.sub_indent) * body
        ),
        "rec": _Look(body, after=lay.rec_after * body, indent=number),
        "rec_tight": _Look(body, indent=number),
        "sdgs": _Look(s.small, after=lay.rec_after * body, indent=number),
        "details": _Look(s.small, before=lay.item_after * body),
        "note": _Look(body, "italic", before=lay.item_after * body),
        "contents": _Look(body, after=lay.contents_after * body),
    }


class _Estimate:
    """Blocks stacked down frames of the page's height, counting the pages they take."""

    def __init__(self, theme: Theme, geo: Geometry, metrics: Metrics) -> None:
        self.theme, self.geo, self.metrics = theme, geo, metrics
        self.looks = _looks(theme)
        self.leading = theme.pdf.leading
        self.pages, self.y = 1, 0.0

    def text(self, text: str, style: str, width: float) -> float:
        look = self.looks.get(style, self.looks["body"])
        lines = self.metrics.lines(text, look.font, look.size, max(width - look.indent, 1.0))
        return look.before + len(lines) * look.size * self.leading + look.after

    def height(self, block: Block, width: float) -> float:
        """The block's height in a column ``width`` wide (its space above included)."""
        s, lay = self.theme.pdf.sizes, self.theme.layout.pdf
        if block.role is Role.TABLE:
            return sum(self._row(row, width) for row in block.children)
        if block.role is Role.FIGURE and block.chart is not None:
            bars = len(block.chart.bars) + 2  # the title and the legend
            t = self.theme.layout.tracking
            return bars * (t.bar + t.bar_gap) * s.body + t.chart_after * s.body
        if block.role is Role.FIGURE:
            logos = min(lay.logo_area * self.geo.frame_height, lay.logo_height * s.title)
            return block.before + logos
        if block.role is Role.PREVIOUS:
            pad = lay.card_padding * s.body
            inner = width - 2 * pad - lay.card_bar * s.body
            own = self.text(block.text + " " + block.extra + block.tail, "previous", inner)
            kids = sum(self.text(c.text, c.style, inner) for c in block.children)
            return own + kids + 2 * pad + lay.card_after * s.body
        own = self.text(block.text, block.style, width) if block.style and block.text else 0.0
        kids = sum(self.height(c, width) for c in block.children)
        if block.columns > 1:
            kids /= block.columns
        return block.before + own + kids

    def _row(self, row: Block, width: float) -> float:
        shares = row.children
        pad = 2 * self.theme.layout.tracking.cell_padding * self.theme.pdf.sizes.small
        cells = [self.text(c.text, "sdgs", width / max(len(shares), 1)) for c in shares]
        return max(cells, default=0.0) + pad

    def add(self, block: Block) -> None:
        room = self.geo.frame_height
        starts = block.page_start and self.y > 0
        if starts or (block.min_room and room - self.y < block.min_room * room):
            self.pages, self.y = self.pages + 1, 0.0
        h = self.height(block, self.geo.frame_width)
        if self.y + h <= room:
            self.y += h
        elif h <= room and (block.together or _leaf(block)):
            self.pages, self.y = self.pages + 1, h  # a block kept whole moves on
        else:
            total = self.y + h
            self.pages += math.ceil(total / room) - 1
            self.y = total - (math.ceil(total / room) - 1) * room


def _leaf(block: Block) -> bool:
    """A block the page flow moves whole (a paragraph, a card): not a group or a table."""
    return not block.children and block.role is not Role.TABLE


def body_pages(blocks: Sequence[Block], theme: Theme, geo: Geometry, metrics: Metrics) -> int:
    """About how many pages ``blocks`` take after the cover (a contents block included)."""
    est = _Estimate(theme, geo, metrics)
    for block in blocks:
        est.add(block)
    return est.pages


def contents_block(blocks: Sequence[Block]) -> Block | None:
    """The body's contents block (its heading, then one entry per section), if any."""
    return next((b for b in blocks if b.role is Role.CONTENTS), None)


def entries(contents: Block | None) -> tuple[Block, ...]:
    """The contents' entries (key and title)."""
    if contents is None:
        return ()
    return tuple(c for c in contents.children if c.role is Role.CONTENTS_ENTRY)


def without_contents(blocks: Sequence[Block], placement: Placement) -> tuple[Block, ...]:
    """The body for ``placement``: without its contents block (``omit``, ``cover``), or with
    it and the body following on the same page (``page``)."""
    out: list[Block] = []
    after_contents = False
    for block in blocks:
        if block.role is Role.CONTENTS:
            if placement == "page":
                out.append(block)
                after_contents = True
            continue
        if after_contents:
            block = replace(block, page_start=False)
            after_contents = False
        out.append(block)
    return tuple(out)


def place_contents(
    blocks: Sequence[Block], theme: Theme, geo: Geometry, metrics: Metrics
) -> Placement:
    """Where the contents go (before asking whether they fit on the cover)."""
    lay = theme.layout.pdf
    listed = entries(contents_block(blocks))
    if not listed:
        return "omit"
    pages = body_pages(without_contents(blocks, "omit"), theme, geo, metrics)
    if pages <= lay.contents_omit_pages:
        return "omit"
    if pages <= lay.contents_cover_pages and len(listed) <= lay.contents_cover_entries:
        return "cover"
    return "page"
