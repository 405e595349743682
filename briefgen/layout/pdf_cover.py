"""The PDF cover as frames: a colour band with the review, title and subtitle; an accent rule,
the country and date under it; the contents of a short briefing below those; at the foot the
coalition, its presenters in columns (name, then organisation) and a row of logos.

Every text is measured with the theme's metrics, so the cover is decided before it is drawn.
A title too long for the cover shrinks (with its subtitle) in steps of
``layout.pdf.cover_title_step`` down to ``layout.pdf.cover_title_min`` x the title size;
past that it shrinks further and the build warns, naming the field: the title is never cut
and never runs off the cover. Contents that do not fit between the details and the foot are
not set on the cover (:func:`layout_cover` returns None and the contents get a page).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from briefgen.layout.document import Document
from briefgen.layout.frames import Box, Picture, Rect, TextBlock
from briefgen.layout.logos import place_logos
from briefgen.layout.pdf_blocks import Block
from briefgen.layout.pdf_pages import (
    ContentsLine,
    FramePage,
    Geometry,
    Item,
    Metrics,
    Stacker,
    Text,
)
from briefgen.layout.roles import Role
from briefgen.styles import style
from briefgen.theme import Theme

__all__ = ["layout_cover"]

SMALLEST = 1.0  # points: below this a title is not shrunk further (the warning says so)


def _head(doc: Document, theme: Theme, scale: float) -> list[Text]:
    s, lay, cover = theme.pdf.sizes, theme.layout.pdf, doc.cover
    head = [Text(cover.title, s.title * scale, "bold", "band_text", tag=Role.TITLE)]
    if cover.subtitle:
        size = s.subtitle * scale
        head.append(Text(cover.subtitle, size, "regular", "band_text", lay.h2_after * size))
    return head


def _people(doc: Document) -> list[tuple[str, str]]:
    """Each presenter's name, and the organisation and email under it."""
    cover = doc.cover
    if not cover.people:
        return [(p, "") for p in cover.presenters]
    return [(name, ", ".join(x for x in rest if x)) for name, *rest in cover.people]


def _presenters(doc: Document, theme: Theme, geo: Geometry, st: Stacker, top: float) -> list[Item]:
    """Who presents, in columns read top to bottom: each name, then its organisation."""
    s, lay = theme.pdf.sizes, theme.layout.pdf
    people = _people(doc)
    # more columns for many presenters (two rows where ``presenter_columns_max`` allows)
    wanted = max(lay.presenter_columns, math.ceil(len(people) / 2))
    cols = max(1, min(wanted, lay.presenter_columns_max, len(people)))
    per = math.ceil(len(people) / cols)
    gutter = lay.logo_gap * s.body
    width = (geo.frame_width - (cols - 1) * gutter) / cols
    named = style(theme.styles, "cover.presenters.name")
    org = style(theme.styles, "cover.presenters.label")
    items: list[Item] = []
    for c in range(cols):
        texts: list[Text] = []
        for name, detail in people[c * per : (c + 1) * per]:
            before = lay.presenter_gap * s.body if texts else 0.0
            texts.append(Text(name, s.body, named.font, named.color, before))
            if detail:
                texts.append(Text(detail, s.small, org.font, org.color))
        items += st.stack(texts, top, geo.left + c * (width + gutter), width)
    return items


def _foot_height(doc: Document, theme: Theme, geo: Geometry, st: Stacker) -> float:
    items = _foot(doc, theme, geo, st, 0.0)
    return max((i.box.bottom for i in items), default=0.0)


def _foot(doc: Document, theme: Theme, geo: Geometry, st: Stacker, top: float) -> list[Item]:
    """The coalition, then "Presented by" and the presenters, from ``top`` down."""
    s, lay, cover = theme.pdf.sizes, theme.layout.pdf, doc.cover
    items: list[Item] = []
    y = top
    if cover.coalition:
        items += st.stack([Text(cover.coalition, s.heading2, "bold", "heading")], y)
        y = items[-1].box.bottom
    if _people(doc):
        y += lay.h2_before * s.body if items else 0.0
        items += st.stack([Text(doc.words.presented_by, s.small, "bold", "muted")], y)
        y = items[-1].box.bottom + lay.item_after * s.body
        items += _presenters(doc, theme, geo, st, y)
    return items


def _logos(doc: Document, theme: Theme, geo: Geometry) -> list[Picture]:
    """Brand then member logos in rows of one height at the foot of the frame."""
    lay, s = theme.layout.pdf, theme.pdf.sizes
    logos = (*doc.brand_logos, *doc.member_logos)
    room = lay.logo_area * geo.frame_height
    top = geo.height - geo.bottom - room
    cells = place_logos(
        [logo.picture.aspect for logo in logos],
        0.0,
        0.0,
        geo.frame_width,
        room,
        lay.logo_gap * s.body,
        max_height=lay.logo_height * s.title,
        align="left",
        anchor="bottom",
    )
    return [
        Picture(logo.picture, Box(geo.left + c.x, top + c.y, c.w, c.h), logo.alt)
        for logo, c in zip(logos, cells, strict=False)
    ]


def _rule(x: float, y: float, length: float, weight: float, color: str) -> Rect:
    """A horizontal rule centred on ``y``."""
    return Rect(Box(x, y - weight / 2, length, weight), color)


def _cover(
    doc: Document, theme: Theme, geo: Geometry, st: Stacker, scale: float, band: float
) -> list[Item]:
    """The cover with the head at ``scale`` in a band ``band`` of the page high (at least)."""
    s, lay, cover = theme.pdf.sizes, theme.layout.pdf, doc.cover
    gap = lay.cover_gap * s.title
    top = [Text(cover.review, s.body, "regular", "band_text")] if cover.review else []
    head = _head(doc, theme, scale)
    head_h = st.height(head)
    band_h = max(band * geo.height, geo.top + st.height(top) + 2 * gap + head_h)
    items: list[Item] = [Rect(Box(0.0, 0.0, geo.width, band_h), "band")]
    items += st.stack(top, geo.top)
    items += st.stack(head, band_h - gap - head_h)
    rule_y = band_h + gap
    items.append(
        _rule(geo.left, rule_y, lay.cover_rule * s.title, lay.cover_rule_width * s.title, "accent")
    )
    details = [Text(cover.country, s.heading1, "bold", "heading")]
    if cover.date:
        details.append(Text(cover.date, s.body, "regular", "muted", lay.item_after * s.body))
    items += st.stack(details, rule_y + gap / 2)
    return items


def _footer_items(doc: Document, theme: Theme, geo: Geometry, st: Stacker) -> list[Item]:
    """Logos at the foot, the coalition and presenters above them, a rule above those."""
    s, lay = theme.pdf.sizes, theme.layout.pdf
    gap = lay.cover_gap * s.title
    pictures = _logos(doc, theme, geo) if doc.logos else []
    bottom = geo.height - geo.bottom
    if pictures:
        bottom = min(p.box.y for p in pictures) - gap / 2
    items: list[Item] = list(pictures)
    height = _foot_height(doc, theme, geo, st)
    if height:
        foot_top = bottom - height
        items += _foot(doc, theme, geo, st, foot_top)
        items.append(
            _rule(geo.left, foot_top - gap / 2, geo.frame_width, lay.rule * s.small, "rule")
        )
    return items


def _contents(
    contents: Block, theme: Theme, geo: Geometry, st: Stacker, metrics: Metrics, top: float
) -> list[Item]:
    """The contents under the details: a heading over a hairline, one line per section."""
    s, lay = theme.pdf.sizes, theme.layout.pdf
    heading, *rest = contents.children
    width = lay.cover_contents_width * geo.frame_width
    title = Text(heading.text, s.heading2, "bold", "heading", tag=Role.H1)
    items: list[Item] = list(st.stack([title], top, geo.left, width))
    y = items[-1].box.bottom + lay.h2_after * s.heading2
    weight = lay.rule * s.small
    items.append(_rule(geo.left, y, width, weight, "rule"))
    y += weight + lay.h3_after * s.body
    size = s.body
    room = metrics.width(contents.label, "regular", size)
    text_width = width - room - lay.leader_clearance * size
    for k, entry in enumerate(e for e in rest if e.role is Role.CONTENTS_ENTRY):
        y += lay.contents_after * size if k else 0.0
        lines = metrics.lines(entry.text, "regular", size, text_width)
        h = len(lines) * size * theme.pdf.leading
        items.append(
            ContentsLine(Box(geo.left, y, width, h), entry.key, entry.text, lines, size, room)
        )
        y += h
    return items


def _lowest(items: Sequence[Item]) -> float:
    return max((i.box.bottom for i in items if isinstance(i, TextBlock)), default=0.0)


def _highest(items: Sequence[Item], geo: Geometry) -> float:
    return min((i.box.y for i in items), default=geo.height - geo.bottom)


def _bands(theme: Theme, start: float | None = None) -> list[float]:
    """The band's shares of the page to try, largest first: from ``cover_band`` (or
    ``start``) down to ``cover_band_min`` in steps of ``cover_band_step``."""
    lay = theme.layout.pdf
    top = lay.cover_band if start is None else start
    steps = max(0, math.ceil((top - lay.cover_band_min) / lay.cover_band_step - 1e-9))
    return [max(top - k * lay.cover_band_step, lay.cover_band_min) for k in range(steps + 1)]


def _fit_head(
    doc: Document, theme: Theme, geo: Geometry, st: Stacker, limit: float
) -> tuple[list[Item], float, float]:
    """The band, title and details above ``limit``, and the title's scale and the band's
    share: the band gives up room first (to ``cover_band_min``), then the title shrinks."""
    lay = theme.layout.pdf
    for band in _bands(theme):
        items = _cover(doc, theme, geo, st, 1.0, band)
        if _lowest(items) <= limit:
            return items, 1.0, band
    band, scale, size = lay.cover_band_min, 1.0, theme.pdf.sizes.title
    while _lowest(items) > limit and size * scale > SMALLEST:
        scale = max(scale - lay.cover_title_step, SMALLEST / size)
        items = _cover(doc, theme, geo, st, scale, band)
    return items, scale, band


def _fitted_contents(
    doc: Document,
    theme: Theme,
    geo: Geometry,
    st: Stacker,
    metrics: Metrics,
    contents: Block,
    limit: float,
    start: float,
) -> tuple[list[Item], list[Item]] | None:
    """The cover's head and its contents above ``limit``: the band gives up more room, down
    to ``cover_band_min`` of the page, when the contents need it; None if they do not fit."""
    lay = theme.layout.pdf
    for band in _bands(theme, start):
        items = _cover(doc, theme, geo, st, 1.0, band)
        top = _lowest(items) + lay.cover_contents_gap * theme.pdf.sizes.title
        listing = _contents(contents, theme, geo, st, metrics, top)
        if max(i.box.bottom for i in listing) <= limit:
            return items, listing
    return None


def layout_cover(
    doc: Document,
    theme: Theme,
    geo: Geometry,
    metrics: Metrics,
    warnings: list[str],
    contents: Block | None = None,
) -> FramePage | None:
    """The cover page; a title that needs shrinking past the theme's bound adds a warning.

    With ``contents`` (the body's contents block) the contents are set under the details;
    None when they do not fit there.
    """
    st = Stacker(theme, geo, metrics)
    lay = theme.layout.pdf
    gap = lay.cover_gap * theme.pdf.sizes.title
    foot = _footer_items(doc, theme, geo, st)
    limit = _highest(foot, geo) - gap / 2
    items, scale, band = _fit_head(doc, theme, geo, st, limit)
    anchor = ("", "")
    if contents is not None:
        listing = (
            None
            if scale < 1.0
            else _fitted_contents(doc, theme, geo, st, metrics, contents, limit, band)
        )
        if listing is None:
            return None
        items, added = listing
        items += added
        heading = contents.children[0]
        anchor = (heading.key, heading.text)
    if scale < lay.cover_title_min - 1e-9:
        size = theme.pdf.sizes.title
        warnings.append(
            f"title: too long for the cover: set at {size * scale:.3g} pt, below the theme's"
            f" smallest cover title ({size * lay.cover_title_min:.3g} pt); shorten the title"
        )
    return FramePage(tuple(items + foot), Role.ARTIFACT, anchor=anchor[0], anchor_title=anchor[1])
