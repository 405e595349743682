"""Choices a user makes per build, on top of the theme (read by the layout and the painters)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Options:
    """Choices a user makes per build, on top of the theme."""

    lang: str | None = None
    handout: bool | None = None
    page_size: Literal["A4", "Letter"] | None = None
    aspect: Literal["16:9", "4:3"] | None = None


__all__ = ["Options"]
