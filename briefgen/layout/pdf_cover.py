"""The PDF cover as frames: a colour band with the review, title and subtitle; an accent rule,
the country and date under it; at the foot the coalition, its presenters and the logos.

Every text is measured with the theme's metrics, so the cover is decided before it is drawn.
A title too long for the cover shrinks (with its subtitle) in steps of
``layout.pdf.cover_title_step`` down to ``layout.pdf.cover_title_min`` x the title size;
past that it shrinks further and the build warns, naming the field: the title is never cut
and never runs off the cover.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.layout.document import Document
from briefgen.layout.frames import Box, Picture, Rect, TextBlock
from briefgen.layout.logos import place_logos
from briefgen.layout.pdf_pages import FramePage, Geometry, Item, Metrics, Stacker, Text
from briefgen.layout.roles import Role
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


def _foot(doc: Document, theme: Theme) -> list[Text]:
    s, lay, cover = theme.pdf.sizes, theme.layout.pdf, doc.cover
    foot = [Text(cover.coalition, s.heading2, "bold", "heading")] if cover.coalition else []
    if cover.presenters:
        before = lay.h2_before * s.body
        foot.append(Text(doc.words.presented_by, s.small, "bold", "muted", before))
        foot.extend(
            Text(p, s.body, "regular", "text", lay.item_after * s.body) for p in cover.presenters
        )
    return foot


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


def _cover(doc: Document, theme: Theme, geo: Geometry, st: Stacker, scale: float) -> list[Item]:
    """The cover with the head at ``scale``; the list's last item is the lowest head block."""
    s, lay, cover = theme.pdf.sizes, theme.layout.pdf, doc.cover
    gap = lay.cover_gap * s.title
    top = [Text(cover.review, s.body, "regular", "band_text")] if cover.review else []
    head = _head(doc, theme, scale)
    head_h = st.height(head)
    band_h = max(lay.cover_band * geo.height, geo.top + st.height(top) + 2 * gap + head_h)
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
        bottom = min(p.box.y for p in pictures) - gap
    foot = _foot(doc, theme)
    items: list[Item] = list(pictures)
    if foot:
        foot_top = bottom - st.height(foot)
        items += st.stack(foot, foot_top)
        items.append(
            _rule(geo.left, foot_top - gap / 2, geo.frame_width, lay.rule * s.small, "rule")
        )
    return items


def _lowest(items: Sequence[Item]) -> float:
    return max((i.box.bottom for i in items if isinstance(i, TextBlock)), default=0.0)


def _highest(items: Sequence[Item], geo: Geometry) -> float:
    return min((i.box.y for i in items), default=geo.height - geo.bottom)


def layout_cover(
    doc: Document, theme: Theme, geo: Geometry, metrics: Metrics, warnings: list[str]
) -> FramePage:
    """The cover page; a title that needs shrinking past the theme's bound adds a warning."""
    st = Stacker(theme, geo, metrics)
    lay = theme.layout.pdf
    foot = _footer_items(doc, theme, geo, st)
    limit = _highest(foot, geo) - lay.cover_gap * theme.pdf.sizes.title / 2
    scale = 1.0
    items = _cover(doc, theme, geo, st, scale)
    while _lowest(items) > limit and theme.pdf.sizes.title * scale > SMALLEST:
        scale = max(scale - lay.cover_title_step, SMALLEST / theme.pdf.sizes.title)
        items = _cover(doc, theme, geo, st, scale)
    if scale < lay.cover_title_min - 1e-9:
        size = theme.pdf.sizes.title
        warnings.append(
            f"title: too long for the cover: set at {size * scale:.3g} pt, below the theme's"
            f" smallest cover title ({size * lay.cover_title_min:.3g} pt); shorten the title"
        )
    return FramePage(tuple(items + foot), Role.ARTIFACT)
