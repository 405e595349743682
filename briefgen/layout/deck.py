"""The laid-out deck: slides whose text blocks, shapes and pictures are all placed.

What :func:`briefgen.layout.slides.layout_deck` returns and the deck painter paints. Every
frame item carries its role (:mod:`briefgen.layout.roles`); ``warnings`` are one-line
messages about a deck that was laid out but may not be what the user wants.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from briefgen.layout.direction import mirror_item, mirror_items
from briefgen.layout.frames import ChartFrame, Picture, Rect, TextBlock

Kind = Literal["title", "content", "closing"]

POINTS_PER_INCH = 72.0
ASPECTS: dict[str, tuple[float, float]] = {"16:9": (40 / 3, 7.5), "4:3": (10.0, 7.5)}  # inches


@dataclass(frozen=True)
class Slide:
    kind: Kind
    title: TextBlock
    body: TextBlock | None
    notes: str
    seconds: float
    running_seconds: float
    number: int = 0
    continued: bool = False
    extras: tuple[TextBlock, ...] = ()  # more body: a second column, the title slide's facts
    footer: tuple[TextBlock, ...] = ()
    shapes: tuple[Rect, ...] = ()
    pictures: tuple[Picture, ...] = ()
    charts: tuple[ChartFrame, ...] = ()
    # with an organisation template: the layout's part name, the placeholders whose box the
    # text inherits from the layout (painted without a position of their own), and which
    # placeholder ("ftr", "sldNum") each footer block goes into
    layout: str = ""
    inherit: tuple[str, ...] = ()
    footer_slots: tuple[str, ...] = ()

    @property
    def blocks(self) -> tuple[TextBlock, ...]:
        """Every text frame on the slide, for renderers and overflow checks."""
        return (self.title, *((self.body,) if self.body else ()), *self.extras, *self.footer)


@dataclass(frozen=True)
class Deck:
    width: float
    height: float
    slides: tuple[Slide, ...]
    total_seconds: float
    aspect: str = "16:9"
    warnings: tuple[str, ...] = ()
    # with an organisation template whose font the deck uses: (family named, family measured)
    font: tuple[str, str] = ("", "")


def mirrored(deck: Deck) -> Deck:
    """The deck for a right-to-left language: every slide mirrored (title and body flush
    right and marked right to left, bullets at the right, decoration, logos and footer on the
    other side)."""
    w = deck.width

    def slide(s: Slide) -> Slide:
        return replace(
            s,
            title=mirror_item(s.title, w),
            body=mirror_item(s.body, w) if s.body is not None else None,
            extras=mirror_items(s.extras, w),
            footer=mirror_items(s.footer, w),
            shapes=mirror_items(s.shapes, w),
            pictures=mirror_items(s.pictures, w),
        )

    return replace(deck, slides=tuple(slide(s) for s in deck.slides))


__all__ = ["ASPECTS", "POINTS_PER_INCH", "Deck", "Kind", "Slide", "mirrored"]
