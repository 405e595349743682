"""Writing direction: a right-to-left build mirrors every laid-out page and slide.

The layout stage places everything for a left-to-right reader first; for a right-to-left
language (Arabic) :func:`mirror_items` then reflects each frame item about the page's vertical
centre line: boxes move to the other side, left-aligned text becomes right-aligned (and the
other way round) and text blocks are marked ``rtl``, so the painters set paragraphs right to
left (the deck's ``rtl="1"``, the PDF's bidirectional lines) with their bullets and numbers
on the right. Logos keep their own orientation; only their places move.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar, cast, overload

from briefgen.layout.frames import Align, Box, Picture, Rect, TextBlock

__all__ = [
    "RTL_LANGUAGES",
    "is_rtl",
    "mirror_block",
    "mirror_box",
    "mirror_item",
    "mirror_items",
]

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
"""Languages written right to left (base codes)."""

_SWAP: dict[str, Align] = {"left": "right", "right": "left", "center": "center"}

Item = TypeVar("Item", TextBlock, Rect, Picture)


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` ("ar", "ar-EG") is written right to left."""
    return lang.split("-")[0].split("_")[0].lower() in RTL_LANGUAGES


def mirror_box(box: Box, width: float) -> Box:
    """``box`` reflected about the vertical centre line of a page ``width`` wide."""
    return Box(width - box.x - box.w, box.y, box.w, box.h)


def mirror_block(block: TextBlock, width: float) -> TextBlock:
    """A text block mirrored: the other side, alignment swapped, set right to left."""
    return replace(block, box=mirror_box(block.box, width), align=_SWAP[block.align], rtl=True)


@overload
def mirror_item(item: TextBlock, width: float) -> TextBlock: ...
@overload
def mirror_item(item: Rect, width: float) -> Rect: ...
@overload
def mirror_item(item: Picture, width: float) -> Picture: ...
@overload
def mirror_item(item: TextBlock | Rect | Picture, width: float) -> TextBlock | Rect | Picture: ...
def mirror_item(item: TextBlock | Rect | Picture, width: float) -> TextBlock | Rect | Picture:
    """One frame item mirrored; a text block also swaps its alignment and becomes ``rtl``."""
    if isinstance(item, TextBlock):
        return mirror_block(item, width)
    return replace(item, box=mirror_box(item.box, width))


def mirror_items(items: Iterable[Item], width: float) -> tuple[Item, ...]:
    return tuple(cast(Item, mirror_item(item, width)) for item in items)
