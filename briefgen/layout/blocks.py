"""The document as a tree of semantic blocks: what each piece *is*, in reading order.

:func:`blocks` turns the worded :class:`~briefgen.layout.document.Document` into one tree of
:class:`Block`s whose roles (:class:`~briefgen.layout.roles.Role`) are the vocabulary every
consumer shares: the PDF's structure tree (tagged PDF), the deck's reading order, tests and
tools that ``import briefgen``. Nothing here is about pages or slides; the layout stage tags
its frames with the same roles.

Shape of the tree (each line a block, indented under its parent)::

    Title                       the briefing's title (subtitle, country, review, date as P)
    TOC?                        contents: one TOCI per issue
    H1  "Issue 1: Child labour" per issue
      H2  situation heading
        Div(PreviousRecommendation)  text, States, Response, Status
        H3 + L > LI > Lbl, LBody (L > LI for sub-bullets)   stage of development, new needs
      H2  recommendations heading
        L > Recommendation > Lbl "1.1", LBody
    H1  other recommendations (L > Recommendation ...)
    H1  coalition: P text, L > LI members, P "and others", Figure per member logo
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from briefgen.layout.document import Document, IssueBlock, Numbered, Point, Previous
from briefgen.layout.roles import Role


@dataclass(frozen=True)
class Block:
    """One semantic block: a role, its own text (may be empty), its children, and for a
    figure the words a screen reader says (``alt``)."""

    role: Role
    text: str = ""
    children: tuple[Block, ...] = field(default=())
    alt: str = ""

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Block]]:
        """This block and every block under it, in reading order, with its depth."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def find(self, role: Role) -> list[Block]:
        """Every block with ``role`` under (and including) this one, in reading order."""
        return [b for _, b in self.walk() if b.role == role]


def _leaf(role: Role, text: str) -> tuple[Block, ...]:
    return (Block(role, text),) if text else ()


def _item(label: str, text: str, role: Role = Role.ITEM, *sub: Block) -> Block:
    return Block(role, children=(Block(Role.LABEL, label), Block(Role.BODY, text), *sub))


def _points(heading: str, points: tuple[Point, ...], bullet: str, sub_bullet: str) -> list[Block]:
    if not points:
        return []
    items = []
    for point in points:
        sub = (
            (Block(Role.LIST, children=tuple(_item(sub_bullet, s) for s in point.items)),)
            if point.items
            else ()
        )
        items.append(_item(bullet, point.text, Role.ITEM, *sub))
    return [Block(Role.H3, heading), Block(Role.LIST, children=tuple(items))]


def _previous(rec: Previous) -> Block:
    return Block(
        Role.PREVIOUS,
        children=(
            Block(Role.PARAGRAPH, rec.text),
            *_leaf(Role.STATES, rec.states),
            *_leaf(Role.PARAGRAPH, rec.details),
        ),
    )


def _numbered(recs: tuple[Numbered, ...]) -> tuple[Block, ...]:
    if not recs:
        return ()
    items = tuple(
        _item(r.number, r.text, Role.RECOMMENDATION, *_leaf(Role.PARAGRAPH, r.sdgs)) for r in recs
    )
    return (Block(Role.LIST, children=items),)


def _issue(doc: Document, issue: IssueBlock, bullets: tuple[str, str]) -> Block:
    words = doc.words
    children: list[Block] = []
    if issue.has_situation:
        situation: list[Block] = []
        if issue.previous:
            situation.append(Block(Role.H3, words.previous_heading))
            situation += [_previous(p) for p in issue.previous]
        situation += _points(words.developments, issue.developments, *bullets)
        situation += _points(words.needs, issue.needs, *bullets)
        children.append(Block(Role.H2, issue.situation_title))
        children += situation
    if issue.recommendations:
        children.append(Block(Role.H2, issue.recommendations_title))
        children += _numbered(issue.recommendations)
    return Block(Role.H1, issue.heading, tuple(children))


def blocks(doc: Document, bullets: tuple[str, str] = ("", "")) -> Block:
    """The document's block tree, rooted at a ``Title`` block holding everything in order.

    ``bullets`` are the glyphs shown as labels of plain list items (point, sub-point); a
    numbered recommendation's label is its number.
    """
    cover = doc.cover
    front = [
        *_leaf(Role.PARAGRAPH, cover.subtitle),
        *_leaf(Role.PARAGRAPH, cover.review),
        *_leaf(Role.PARAGRAPH, cover.date),
        *_leaf(Role.PARAGRAPH, cover.coalition),
        *(Block(Role.PARAGRAPH, p) for p in cover.presenters),
    ]
    body = [_issue(doc, issue, bullets) for issue in doc.issues]
    if doc.other:
        body.append(Block(Role.H1, doc.words.other_recommendations, _numbered(doc.other)))
    closing = doc.closing
    if closing.has_content:
        members = tuple(Block(Role.ITEM, children=(Block(Role.BODY, m),)) for m in closing.members)
        body.append(
            Block(
                Role.H1,
                doc.words.members_heading,
                (
                    *_leaf(Role.PARAGRAPH, closing.text),
                    *((Block(Role.LIST, children=members),) if members else ()),
                    *_leaf(Role.PARAGRAPH, closing.and_others),
                    *(Block(Role.FIGURE, alt=logo.alt) for logo in doc.member_logos),
                ),
            )
        )
    brand = tuple(Block(Role.FIGURE, alt=logo.alt) for logo in doc.brand_logos)
    return Block(Role.TITLE, cover.title, (*brand, *front, *body))


__all__ = ["Block", "blocks"]
