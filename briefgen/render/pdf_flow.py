"""The body's blocks as platypus flowables, one block to one flowable (or a kept group).

The layout decided what each block is and how it may break (:mod:`briefgen.layout.pdf_blocks`);
here a block becomes a paragraph in its named style, a card, a contents line or a logo grid,
and its break marks become platypus's: ``keep_with_next`` joins a block to the start of the
next in one kept group, ``together`` keeps a block's children on one page, ``min_room`` is a
conditional page break, ``page_start`` a page break. Each flowable remembers its block's
role (``flowable.role``) for a tagged-PDF writer.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak
from reportlab.platypus.flowables import BalancedColumns, HRFlowable

from briefgen.layout.document import Logo
from briefgen.layout.logos import Cell, place_logos
from briefgen.layout.pdf_blocks import Block
from briefgen.layout.pdf_pages import Geometry
from briefgen.layout.roles import Role
from briefgen.render.pdf_bidi import paragraph
from briefgen.render.pdf_canvas import Anchor, Card, ContentsEntry, TextLook
from briefgen.render.pdf_fonts import Look, Styles, markup, para
from briefgen.render.pdf_frames import draw_picture

__all__ = ["flowables"]


class Group(KeepTogether):
    """Flowables kept on one page, remembering them so a heading can join instead of nest."""

    def __init__(self, items: Sequence[Flowable]) -> None:
        super().__init__(list(items))
        self.items = list(items)


class LogoGrid(Flowable):
    """Logos in rows of one height across the frame, only as tall as its rows (at most ``room``).

    A single flowable that cannot split: the grid moves to the next page whole.
    """

    def __init__(self, logos: Sequence[Logo], look: Look, room: float, before: float) -> None:
        super().__init__()
        self.logos = tuple(logos)
        self.look = look
        self.room = room
        self.spaceBefore = before
        self.cells: list[Cell] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        lay, s = self.look.lay, self.look.sizes
        self.cells = place_logos(
            [logo.picture.aspect for logo in self.logos],
            0.0,
            0.0,
            available_width,
            self.room,
            lay.logo_gap * s.body,
            max_height=lay.logo_height * s.title,
            align="left",
        )
        self.width = available_width
        self.height = max((c.y + c.h for c in self.cells), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        for logo, cell in zip(self.logos, self.cells, strict=False):
            y = self.height - cell.y - cell.h
            draw_picture(self.canv, logo.picture, cell.x, y, cell.w, cell.h)


class _Flow:
    def __init__(self, look: Look, st: Styles, geo: Geometry) -> None:
        self.look, self.st, self.geo = look, st, geo

    def rule(self) -> HRFlowable:
        look = self.look
        return HRFlowable(
            width="100%",
            thickness=look.lay.rule * look.sizes.small,
            color=look.rule,
            spaceBefore=0,
            spaceAfter=look.lay.h1_rule_after * look.sizes.body,
        )

    def one(self, block: Block) -> list[Flowable]:
        """The flowables of one block (a heading brings its outline anchor and rule)."""
        if block.role is Role.H1:
            anchor = Anchor(block.key, block.text, block.before)
            return [anchor, para(block.text, self.st.h1), self.rule()]
        if block.role is Role.PREVIOUS:
            return [self.card(block)]
        if block.role is Role.FIGURE:
            room = self.look.lay.logo_area * self.geo.frame_height
            return [LogoGrid(block.logos, self.look, room, block.before)]
        if block.role is Role.CONTENTS:
            return self.contents(block)
        if block.columns > 1:
            items = [f for child in block.children for f in self.one(child)]
            padding = self.look.lay.bullet_indent * self.look.sizes.body
            return [BalancedColumns(items, nCols=block.columns, innerPadding=padding)]
        own = (
            [para(block.text, self.st.get(block.style), block.label or None)] if block.style else []
        )
        children = [f for child in block.children for f in self.one(child)]
        return [Group(own + children)] if block.together else own + children

    def card(self, block: Block) -> Flowable:
        """A previous recommendation as a tinted card: text, recommending states, details."""
        look, body = self.look, self.look.sizes.body
        text = markup(block.text)
        if block.extra:
            states = look.named(block.extra_style)
            text += f' <font name="{look.font(states.font)}"'
            text += f' color="{getattr(look.theme.colors, states.color)}">'
            text += f"{markup(block.extra)}</font>"
        text += markup(block.tail)
        content: list[Flowable] = [paragraph(text, self.st.get(block.style))]
        content += [para(c.text, self.st.get(c.style)) for c in block.children]
        return Card(
            content,
            padding=look.lay.card_padding * body,
            fill=look.panel,
            bar=look.accent,
            bar_width=look.lay.card_bar * body,
            space_after=look.lay.card_after * body,
            page_height=self.geo.frame_height,
        )

    def contents(self, block: Block) -> list[Flowable]:
        """The contents: heading, one clickable line per section (page numbers at save)."""
        number = TextLook(self.look.faces.regular, self.look.sizes.body, self.look.text)
        room = stringWidth(block.label, number.font, number.size)
        heading, *entries = block.children
        st, muted = self.st, self.look.muted
        out = [Anchor(heading.key, heading.text), para(heading.text, self.st.h1), self.rule()]
        lay = self.look.lay
        dots = (lay.leader_dot, lay.leader_gap, lay.leader_clearance)
        out += [
            ContentsEntry(e.key, para(e.text, st.get(e.style)), number, muted, room, dots)
            for e in entries
        ]
        return out


def flowables(blocks: Sequence[Block], look: Look, st: Styles, geo: Geometry) -> list[Flowable]:
    """All the body's flowables, in reading order.

    Blocks kept with the next gather, with the first flowable of what follows, in one kept
    group (a group that starts what follows is merged, not nested: a KeepTogether inside
    another always reports an unfitting height, so reportlab would force it to split).
    """
    flow = _Flow(look, st, geo)
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for block in blocks:
        if block.page_start:
            out.append(PageBreak())
        if block.min_room:
            out.append(CondPageBreak(block.min_room * geo.frame_height))
        made = flow.one(block)
        for f in made:
            setattr(f, "role", block.role)  # noqa: B010 (platypus flowables take attributes)
        if block.keep_with_next:
            pending += made
            continue
        if pending and made:
            first = made[0].items if isinstance(made[0], Group) else made[:1]
            made = [Group([*pending, *first]), *made[1:]]
            pending = []
        out += made
    return out + pending
