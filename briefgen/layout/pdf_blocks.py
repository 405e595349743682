"""The PDF body as a sequence of role-tagged blocks, in reading order.

Format-neutral (no reportlab): what each block is (its :class:`Role`), what it says, which
named paragraph style sets it, and how it may break: a block marked ``keep_with_next`` never
ends a page without the start of what follows (headings), a ``together`` block's children
stay on one page (a recommendation with its SDGs, the coalition with its logos), a section
heading with ``min_room`` starts a new page when less than that share of the frame is left,
and ``page_start`` begins a new page. The painter turns blocks into flowables one to one;
where the pages then break is the page flow's business within these rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefgen.layout.document import (
    Document,
    IssueBlock,
    Label,
    Logo,
    Numbered,
    Point,
    Previous,
)
from briefgen.layout.roles import Role
from briefgen.layout.tracking import Chart
from briefgen.layout.wording import final_stop
from briefgen.styles import style
from briefgen.theme import Theme

__all__ = ["Block", "Chip", "layout_blocks", "walk"]


@dataclass(frozen=True)
class Chip:
    """A value drawn as a label: its words, colour role and font role (from its named style
    ``label.response``, ``label.status`` or ``label.sdg``; a response or status takes its
    colour by value from ``layout.tracking.colors``)."""

    text: str
    color: str
    font: str


def chip(label: Label, theme: Theme) -> Chip:
    named = style(theme.styles, f"label.{label.kind}")
    color = theme.layout.tracking.colors.get(label.key, named.color) if label.key else named.color
    return Chip(label.text, color, named.font)


@dataclass(frozen=True)
class Block:
    """One block of the body.

    ``style`` names the PDF paragraph style ("h1", "point", "rec", ...; empty for containers);
    ``label`` is a bullet glyph or a recommendation number, set in ``label_style``;
    ``extra`` is text appended in ``extra_style`` (the recommending states of a previous
    recommendation). ``key`` is the outline and contents key of a section heading or contents
    entry, ``before`` the space above a section heading (dropped at a page top).
    """

    role: Role
    style: str = ""
    text: str = ""
    label: str = ""
    label_style: str = ""
    extra: str = ""
    extra_style: str = ""
    tail: str = ""  # text after ``extra``, in the block's style: the full stop after the states
    children: tuple[Block, ...] = ()
    key: str = ""
    before: float = 0.0
    keep_with_next: bool = False
    together: bool = False
    columns: int = 1
    split_keep: int = 0  # a list in columns that may split between pages: items kept each side
    page_start: bool = False
    min_room: float = 0.0
    logos: tuple[Logo, ...] = ()
    chart: Chart | None = None  # a FIGURE drawn as a chart (tracking summary)
    widths: tuple[float, ...] = ()  # a TABLE's column widths, as shares of the frame
    chips: tuple[Chip, ...] = ()  # labels after the text (response, status, SDGs)

    @property
    def plain(self) -> str:
        """The block's own words in reading order: its text, then its labels."""
        return " ".join(t for t in (self.text, *(c.text for c in self.chips)) if t)


def walk(blocks: Sequence[Block]) -> list[Block]:
    """Every block, children after their parent, in reading order."""
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        out.extend(walk(block.children))
    return out


def heading(key: str, title: str, theme: Theme, *, page_start: bool = False) -> Block:
    """An H1 with its outline key, kept with what follows."""
    lay, s = theme.layout.pdf, theme.pdf.sizes
    return Block(
        Role.H1,
        "h1",
        title,
        key=key,
        before=lay.h1_before * s.heading1,
        keep_with_next=True,
        min_room=lay.section_min_room,
        page_start=page_start,
    )


def _points(points: Sequence[Point], theme: Theme) -> list[Block]:
    bullets = theme.bullets
    out: list[Block] = []
    for point in points:
        out.append(Block(Role.ITEM, "point", point.text, label=bullets.point))
        out.extend(Block(Role.ITEM, "sub", item, label=bullets.sub) for item in point.items)
    return out


def _details(p: Previous, theme: Theme) -> tuple[Block, ...]:
    """The paragraph reference ("para. 120.75"), then the response and status as labels."""
    if not (p.reference or p.labels):
        return (Block(Role.STATUS, "details", p.details),) if p.details else ()
    chips = tuple(chip(label, theme) for label in p.labels)
    return (Block(Role.STATUS, "details", p.reference, chips=chips),)


def _previous(previous: Sequence[Previous], theme: Theme) -> list[Block]:
    out = []
    for p in previous:
        text, stop = final_stop(p.text) if p.states else (p.text, "")
        out.append(
            Block(
                Role.PREVIOUS,
                "previous",
                text,
                extra=p.states,
                extra_style="pdf.previous.states",
                tail=stop,  # "... obligations (Spain)." as in UN documents
                children=_details(p, theme),
            )
        )
    return out


def _numbered(recs: Sequence[Numbered], theme: Theme) -> list[Block]:
    out: list[Block] = []
    for rec in recs:
        sdg = chip(Label("sdg", "", rec.sdgs), theme)
        sdgs = (Block(Role.PARAGRAPH, "sdgs", chips=(sdg,)),) if rec.sdgs else ()
        out.append(
            Block(
                Role.RECOMMENDATION,
                "rec_tight" if sdgs else "rec",
                rec.text,
                label=rec.number,
                label_style="recommendation.number",
                children=sdgs,
                together=bool(sdgs),
            )
        )
    return out


def kept_list(blocks: Sequence[Block], items: int = 2) -> list[Block]:
    """A list under a heading: its first ``items`` blocks (all, when it has fewer) kept on one
    page, so that a heading never ends a page with fewer of its items (the heading itself is
    kept with the first)."""
    head = min(items, len(blocks)) - 1
    return [replace(b, keep_with_next=True) if k < head else b for k, b in enumerate(blocks)]


def _issue(issue: IssueBlock, doc: Document, theme: Theme, first: bool) -> list[Block]:
    """Situation (previous recommendations, developments, needs), then the recommendations.

    Every labelled list keeps its heading with at least two of its items; the issue heading
    is kept with its first section's heading, and so with that list's first items."""
    words = doc.words
    out = [heading(f"issue-{issue.number}", issue.heading, theme, page_start=first)]
    if issue.has_situation:
        situation = [Block(Role.H2, "h2", words.situation_heading, keep_with_next=True)]
        parts = [
            (words.previous_heading, _previous(issue.previous, theme)),
            (words.developments, _points(issue.developments, theme)),
            (words.needs, _points(issue.needs, theme)),
        ]
        for title, blocks in parts:
            if blocks:
                out += [*situation, Block(Role.H3, "h3", title, keep_with_next=True)]
                out += kept_list(blocks)
                situation = []
        out.append(Block(Role.H2, "h2", words.issue_recommendations, keep_with_next=True))
    out.extend(kept_list(_numbered(issue.recommendations, theme)))
    return out


def _closing(doc: Document, theme: Theme, first: bool) -> list[Block]:
    """The coalition: text, members (in columns when many), then a grid of their logos, kept
    on one page when they fit the rest of it. Else a long members list flows on as lists do:
    the intro keeps its first members, "And others" and the logos keep the last."""
    lay = theme.layout.pdf
    closing = doc.closing
    rest = [Block(Role.PARAGRAPH, "body", closing.text)] if closing.text else []
    glyph = theme.bullets.member
    members = [Block(Role.ITEM, "member", m, label=glyph) for m in closing.members]
    if len(members) > lay.members_in_columns:  # flows on from where it is, as lists do: the
        # intro keeps with its first members, "And others" with its last
        keep = lay.member_split_keep
        members = [
            Block(Role.LIST, children=tuple(members), columns=lay.member_columns, split_keep=keep)
        ]
    if closing.and_others:  # the intro, the members and "And others" kept on one page
        rest = [replace(b, keep_with_next=True) for b in (*rest, *members)]
        rest.append(Block(Role.NOTE, "note", closing.and_others))
    else:
        rest.extend(members)
    if doc.member_logos:
        before = lay.member_logos_before * theme.pdf.sizes.body
        figure = Block(Role.FIGURE, logos=doc.member_logos, before=before)
        rest = [Block(Role.PARAGRAPH, children=(*rest, figure), together=True)]
    words = doc.words
    return [heading("closing", words.members_heading, theme, page_start=first), *rest]


def contents_entries(doc: Document, handout: bool) -> list[tuple[str, str]]:
    """(key, title) of every section the contents lists, in order."""
    words = doc.words
    entries = [(f"issue-{i.number}", i.heading) for i in doc.issues]
    if doc.other:
        entries.append(("other", words.other_recommendations))
    if doc.closing.has_content or doc.member_logos:
        entries.append(("closing", words.members_heading))
    if doc.tracking is not None:
        entries.insert(0, ("tracking", words.tracking_heading))
        entries.append(("matrix", words.matrix_heading))
    if handout:
        entries.append(("handout", words.key_recommendations))
    return entries


def _contents(doc: Document, theme: Theme, handout: bool) -> list[Block]:
    """The contents: heading, one entry per section (page numbers are filled in at save).

    Page numbers are unknown in one pass: the label holds a sample of the room they need.
    """
    entries = contents_entries(doc, handout)
    digits = len(str(max(len(entries), 1) * 10)) + theme.layout.pdf.contents_digits
    items = tuple(Block(Role.CONTENTS_ENTRY, "contents", title, key=key) for key, title in entries)
    heading = Block(Role.H1, "h1", doc.words.contents, key="contents", keep_with_next=True)
    return [Block(Role.CONTENTS, label="0" * digits, children=(heading, *items), page_start=True)]


def layout_blocks(doc: Document, theme: Theme, handout: bool) -> list[Block]:
    """The body after the cover, in reading order: contents, issues, other, coalition."""
    out = _contents(doc, theme, handout)
    if doc.tracking is not None:
        from briefgen.layout.pdf_tracking import summary_blocks

        out += summary_blocks(doc, theme)
    for k, issue in enumerate(doc.issues):
        out += _issue(issue, doc, theme, first=k == 0)
    if doc.other:
        words = doc.words
        out += [
            heading("other", words.other_recommendations, theme, page_start=not doc.issues),
            *kept_list(_numbered(doc.other, theme)),
        ]
    if doc.closing.has_content or doc.member_logos:
        out += _closing(doc, theme, first=not doc.issues and not doc.other)
    if doc.tracking is not None:
        from briefgen.layout.pdf_tracking import matrix_blocks

        out += matrix_blocks(doc, theme)
    return out
