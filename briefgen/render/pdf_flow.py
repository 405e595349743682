"""The body's blocks as platypus flowables, one block to one flowable (or a kept group).

The layout decided what each block is and how it may break (:mod:`briefgen.layout.pdf_blocks`);
here a block becomes a paragraph in its named style, a card, a contents line or a logo grid,
and its break marks become platypus's: ``keep_with_next`` joins a block to the start of the
next in one kept group, ``together`` keeps a block's children on one page, ``min_room`` is a
conditional page break, ``page_start`` a page break. Each flowable remembers its block's
role (``flowable.role``); the block's role becomes its structure element, bracketed by
:mod:`briefgen.render.pdf_marks` markers (consecutive list items gather in one list, rules
and panels are artifacts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, FrameBreak, KeepTogether, PageBreak
from reportlab.platypus.flowables import HRFlowable

from briefgen.fonts import has_arabic
from briefgen.layout.document import Logo
from briefgen.layout.logos import Cell, place_logos
from briefgen.layout.pdf_blocks import Block
from briefgen.layout.pdf_pages import Geometry
from briefgen.layout.roles import Role
from briefgen.render.pdf_bidi import paragraph
from briefgen.render.pdf_canvas import Anchor, Card, ContentsEntry, TextLook
from briefgen.render.pdf_cjk import CJKParagraph, has_ideographs, spans_markup
from briefgen.render.pdf_columns import Columns
from briefgen.render.pdf_fonts import FALLBACK, Look, Styles, markup, para
from briefgen.render.pdf_frames import draw_picture
from briefgen.render.pdf_labels import ChipLook, LabelRow, tint
from briefgen.render.pdf_long import long_para
from briefgen.render.pdf_marks import Close, Open, Tagged, element, text_attrs
from briefgen.render.pdf_tables import TableStyles, table
from briefgen.render.pdf_tags import Artifact

__all__ = ["flowables"]


class Group(KeepTogether):
    """Flowables kept on one page, remembering them so a heading can join instead of nest."""

    def __init__(self, items: Sequence[Flowable], page_height: float) -> None:
        super().__init__(list(items))
        self.items = list(items)
        self.page_height = page_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """reportlab measures a kept list from its first flowable with a height, without the
        space above it; the frame adds that space (a structure marker before it stops the
        frame from merging it with the space above), so it is counted here."""
        # reportlab deep-copies the document's current frame for every kept list it measures,
        # in case a flowable inside generates content; none of briefgen's does, so the frame
        # is hidden while measuring (the copy cost more than the measuring).
        doc: Any = getattr(getattr(self, "canv", None), "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is not None:
            doc.frame = None
        try:
            width, height = super().wrap(available_width, available_height)
        finally:
            if frame is not None:
                doc.frame = frame
        self._H += self.lead(available_width)
        return width, height

    def getSpaceBefore(self) -> float:
        return 0.0  # counted in the height (see wrap)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Kept on one page when it fits one; taller than a page, it flows on from where it
        is rather than leaving the rest of this page empty. A group holding a list in
        columns that may split (the coalition's members) splits that list here instead of
        moving whole to the next page."""
        parts: list[Flowable] = super().split(available_width, available_height)
        moves = bool(parts) and parts[0] not in self._content  # reportlab put a frame break
        if moves and self.page_height < self._H:
            return parts[1:]  # without the frame break
        if moves:
            return self._split_list(available_width, available_height) or parts
        return parts

    def _split_list(self, width: float, height: float) -> list[Flowable] | None:
        """What comes before the splittable list and its first part, here; its other part and
        what follows, kept together on the next page (None: no such list, or too little
        room for its first items)."""
        lists = [k for k, f in enumerate(self.items) if isinstance(f, Columns) and f.keep]
        if not lists:
            return None
        k = lists[0]
        before, columns, after = self.items[:k], self.items[k], self.items[k + 1 :]
        used = self.lead(width)
        for f in before:  # stacked as the frame stacks them, spaces counted in full
            used += f.wrap(width, height)[1] + (f.getSpaceBefore() if used else 0.0)
            used += f.getSpaceAfter()
        pieces = columns.split_keeping(width, height - used - columns.getSpaceBefore())
        if pieces is None:
            return None
        head, rest = pieces  # the rest starts the next page even when it would fit this one:
        # below the first part it would read across its columns, not down them
        return [*before, head, FrameBreak(), Group([rest, *after], self.page_height)]

    def lead(self, width: float) -> float:
        """The space the frame puts above the first drawn flowable (an anchor's included)."""
        space = 0.0
        for f in self.items:
            if _is_marker(f):
                continue
            space += f.getSpaceBefore()
            if f.wrap(width, 0xFFFFFF)[1] > 0:
                return space
        return space


class LogoGrid(Flowable):
    """Logos in rows of one height across the frame, only as tall as its rows (at most ``room``).

    A single flowable that cannot split: the grid moves to the next page whole.
    """

    def __init__(
        self, logos: Sequence[Logo], look: Look, room: float, before: float, rtl: bool = False
    ) -> None:
        super().__init__()
        self.rtl = rtl
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
            align="right" if self.rtl else "left",
        )
        self.width = available_width
        self.height = max((c.y + c.h for c in self.cells), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        for logo, cell in zip(self.logos, self.cells, strict=False):
            y = self.height - cell.y - cell.h
            with element(self.canv, "Figure", alt=logo.alt):
                draw_picture(self.canv, logo.picture, cell.x, y, cell.w, cell.h)


# Block roles that are list items: consecutive ones gather in one list.
_ITEMS = frozenset({Role.ITEM, Role.RECOMMENDATION})
# Block roles drawn as a paragraph in the structure tree (details, notes: no IDs needed).
_AS_PARAGRAPH = frozenset({Role.STATUS, Role.NOTE, Role.STATES, Role.RESPONSE})


def _is_marker(f: Flowable) -> bool:
    return isinstance(f, Open | Close)


class _Flow:
    def __init__(self, look: Look, st: Styles, geo: Geometry, lang: str, rtl: bool) -> None:
        self.look, self.st, self.geo, self.lang, self.rtl = look, st, geo, lang, rtl
        self.tables: TableStyles | None = None

    def para(self, text: str, name: str, bullet: str | None = None) -> Flowable:
        """A paragraph in a named style, mirrored in a right-to-left layout; a very long one
        set page by page (linear time)."""
        if self.rtl:
            return para(text, self.st.get(name), bullet, rtl=True)
        return long_para(text, self.st.get(name), bullet)

    def rule(self) -> Flowable:
        look = self.look
        rule = HRFlowable(
            width="100%",
            thickness=look.lay.rule * look.sizes.small,
            color=look.rule,
            spaceBefore=0,
            spaceAfter=look.lay.h1_rule_after * look.sizes.body,
        )
        return Artifact(rule)

    def tagged(
        self, block: Block, inner: list[Flowable], children: Sequence[Flowable] = ()
    ) -> list[Flowable]:
        """``inner`` bracketed as the block's structure element (a list item's ``children``
        inside its body)."""
        role = block.role
        attrs = text_attrs(block.plain, self.lang)
        if role in _ITEMS:
            if attrs and children:  # the item's own text as a paragraph in its body
                body = {**attrs, "nest": "P"}
                return [
                    Open(role.value, body=body),
                    *inner,
                    Close("P"),
                    *children,
                    Close(role.value),
                ]
            return [Open(role.value, body=attrs), *inner, *children, Close(role.value)]
        if role in _AS_PARAGRAPH or (role is Role.PARAGRAPH and block.style):
            return [Open("P", **attrs), *inner, Close("P")]
        if role is Role.PARAGRAPH:  # a container: the coalition's text, members and logos
            return [Open("Div"), *inner, Close("Div")]
        return [Open(role.value, **attrs), *inner, Close(role.value)]

    def one(self, block: Block) -> list[Flowable]:
        """The flowables of one block (a heading brings its outline anchor and rule)."""
        if block.role is Role.H1:
            anchor = Anchor(block.key, block.text, block.before)
            return [anchor, *self.tagged(block, [self.para(block.text, "h1")]), self.rule()]
        if block.role is Role.PREVIOUS:
            return [Open(block.role.value), self.card(block), Close(block.role.value)]
        if block.role is Role.FIGURE and block.chart is not None:
            from briefgen.render.pdf_charts import ChartFlowable

            chart = ChartFlowable(block.chart, self.look)
            return [Open("Figure", alt=block.chart.alt or block.text), chart, Close("Figure")]
        if block.role is Role.TABLE:
            self.tables = self.tables or TableStyles(self.look)
            made = table(block, self.look, self.tables, self.geo.frame_width, self.lang)
            return [Open("Table"), made, Close("Table")]
        if block.role is Role.FIGURE:
            room = self.look.lay.logo_area * self.geo.frame_height
            return [LogoGrid(block.logos, self.look, room, block.before, self.rtl)]
        if block.role is Role.CONTENTS:
            return self.contents(block)
        if block.columns > 1:  # leaf items tagged whole: columns drop zero-size markers
            items = [self.leaf(child) for child in block.children]
            padding = self.look.lay.bullet_indent * self.look.sizes.body
            columns = Columns(items, block.columns, padding, self.rtl, block.split_keep)
            return [Open("L"), columns, Close("L")]
        own = [self.own(block)] if block.style else []
        children = self.children(block.children)
        if block.role in _ITEMS:
            made = self.tagged(block, own, children)
        else:
            made = [*self.tagged(block, own), *children] if own else self.tagged(block, children)
        return [Group(made, self.geo.frame_height)] if block.together else made

    def own(self, block: Block) -> Flowable:
        """The block's own text: a paragraph in its named style, or a row of labels."""
        if block.chips:
            return self.labels(block)
        return self.para(block.text, block.style, block.label or None)

    def labels(self, block: Block) -> Flowable:
        """The block's text (if any) and its labels as chips in their colour roles."""
        look = self.look
        share = look.lay.label_tint
        chips = [
            ChipLook(
                c.text,
                look.font(c.font),
                look.color(c.color),
                tint(look.color(c.color), look.background, share),
            )
            for c in block.chips
        ]
        return LabelRow(block.text, chips, self.st.get(block.style), look, rtl=self.rtl)

    def leaf(self, block: Block) -> Flowable:
        """A list item without children as one tagged flowable."""
        text = self.para(block.text, block.style, block.label or None)
        return Tagged(text, block.role.value, body=text_attrs(block.text, self.lang))

    def children(self, blocks: Sequence[Block]) -> list[Flowable]:
        """Blocks in order, consecutive list items in one list."""
        out: list[Flowable] = []
        in_list = False
        for child in blocks:
            if (child.role in _ITEMS) != in_list:
                out.append(Close("L") if in_list else Open("L"))
                in_list = not in_list
            out += self.one(child)
        return [*out, Close("L")] if in_list else out

    def card(self, block: Block) -> Flowable:
        """A previous recommendation as a tinted card: text, recommending states, details."""
        look, body = self.look, self.look.sizes.body
        text = markup(block.text)
        plain = block.text
        spans: list[tuple[int, Callable[[str], str]]] = [(0, markup)]
        if block.extra:
            states = look.named(block.extra_style)
            start = f' <font name="{look.font(states.font)}"'
            start += f' color="{getattr(look.theme.colors, states.color)}">'
            text += f"{start}{markup(block.extra)}</font>"
            spans.append((len(plain) + 1, lambda piece: f"{start.lstrip()}{markup(piece)}</font>"))
            plain += f" {block.extra}"
        if block.tail:  # the sentence's full stop, after the states
            spans.append((len(plain), markup))
            text += markup(block.tail)
            plain += block.tail
        style = self.st.get(block.style)
        first: Flowable = paragraph(text, style, rtl=self.rtl)
        fallback = FALLBACK.get()
        if fallback is not None and has_ideographs(plain) and not (self.rtl or has_arabic(plain)):
            first = CJKParagraph(
                text, style, plain=plain, markup=spans_markup(plain, spans), width=fallback.width
            )
        content: list[Flowable] = [Tagged(first, "P", text_attrs(plain, self.lang))]
        content += [
            Tagged(self.own(c), "P", text_attrs(c.plain, self.lang)) for c in block.children
        ]
        return Card(
            content,
            padding=look.lay.card_padding * body,
            fill=look.panel,
            bar=look.accent,
            bar_width=look.lay.card_bar * body,
            space_after=look.lay.card_after * body,
            page_height=self.geo.frame_height,
            rtl=self.rtl,
        )

    def contents(self, block: Block) -> list[Flowable]:
        """The contents: heading, one clickable line per section (page numbers at save)."""
        number = TextLook(self.look.faces.regular, self.look.sizes.body, self.look.text)
        room = stringWidth(block.label, number.font, number.size)
        heading, *entries = block.children
        muted = self.look.muted
        out = [
            Anchor(heading.key, heading.text),
            *self.tagged(heading, [self.para(heading.text, "h1")]),
            self.rule(),
            Open("TOC"),
        ]
        lay = self.look.lay
        dots = (lay.leader_dot, lay.leader_gap, lay.leader_clearance)
        for e in entries:
            title = self.para(e.text, e.style)
            entry = ContentsEntry(
                e.key, title, number, muted, room, dots, e.text, self.lang, rtl=self.rtl
            )
            out += [Open("TOCI"), entry, Close("TOCI")]
        return [*out, Close("TOC")]


def _first(made: list[Flowable]) -> tuple[list[Flowable], list[Flowable]]:
    """The start of ``made`` a heading keeps with (its markers up to its first flowable, a
    kept group's items), and the rest."""
    for k, f in enumerate(made):
        if not _is_marker(f):
            head = [*made[:k], *f.items] if isinstance(f, Group) else made[: k + 1]
            return head, made[k + 1 :]
    return made, []


def flowables(
    blocks: Sequence[Block],
    look: Look,
    st: Styles,
    geo: Geometry,
    lang: str = "en",
    rtl: bool = False,
) -> list[Flowable]:
    """All the body's flowables, in reading order.

    Blocks kept with the next gather, with the first flowable of what follows, in one kept
    group (a group that starts what follows is merged, not nested: a KeepTogether inside
    another always reports an unfitting height, so reportlab would force it to split).
    """
    flow = _Flow(look, st, geo, lang, rtl)
    out: list[Flowable] = []
    pending: list[Flowable] = []
    in_list = False
    for block in blocks:
        if block.page_start:
            out.append(PageBreak())
        if block.min_room:
            out.append(CondPageBreak(block.min_room * geo.frame_height))
        made = flow.one(block)
        for f in made:
            setattr(f, "role", block.role)  # noqa: B010 (platypus flowables take attributes)
        if (block.role in _ITEMS) != in_list:
            made.insert(0, Close("L") if in_list else Open("L"))
            in_list = not in_list
        if block.keep_with_next:  # a kept group's items join the group it is kept in
            pending += [g for f in made for g in (f.items if isinstance(f, Group) else [f])]
            continue
        if pending and made:
            first, rest = _first(made)
            made = [Group([*pending, *first], geo.frame_height), *rest]
            pending = []
        out += made
    return out + pending + ([Close("L")] if in_list else [])
