"""Per-build choices a user makes on top of the theme (language, handout, paper, slide shape).

A neutral module: the pipeline (``briefgen.build``), the layout and the painters
(``briefgen.render``) all read it, so a painter never imports the pipeline.
"""

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
