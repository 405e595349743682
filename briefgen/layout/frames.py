"""The neutral frame: what the layout stage emits and every painter paints.

Geometry is in points (1/72 inch) from the top-left corner of a page or slide; colours and
fonts are theme role names (``"accent"``, ``"bold"``), resolved by the painter. Every item
may carry a semantic ``tag`` (:class:`briefgen.layout.roles.Role`): the tagged PDF's
structure tree and the deck's reading order are built from these tags, so painters never
need to know what a heading or a recommendation is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefgen import images
from briefgen.layout.roles import Role

Anchor = Literal["top", "middle", "bottom"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Box:
    """A rectangle in points from the slide's top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph in one colour (the font is the paragraph's, so widths add up).

    ``tag`` is the run's role inside its paragraph (a recommendation's number is a LABEL, the
    recommending states are STATES); None: the paragraph's role.
    """

    text: str
    color: str
    tag: Role | None = None


@dataclass(frozen=True)
class Para:
    """One paragraph as measured: renderers wrap it themselves and must get ``lines`` or fewer.

    ``indent`` is where every line starts, from the block's left edge; ``bullet_indent`` is where
    the bullet glyph sits (a hanging indent). ``continued`` marks the rest of a bullet that was
    split across slides: same indent, no glyph.
    """

    text: str
    level: int
    bullet: str
    role: str
    color: str
    space_after: float
    lines: tuple[str, ...]
    runs: tuple[Run, ...]
    indent: float = 0.0
    bullet_indent: float = 0.0
    bullet_color: str = "accent"
    continued: bool = False
    keep: bool = False  # keep with the next paragraph (a heading bullet and its first sub)
    tag: Role = Role.PARAGRAPH  # what the paragraph is (list item, recommendation, heading...)

    def height(self, size: float, line_spacing: float) -> float:
        return len(self.lines) * size * line_spacing + self.space_after


@dataclass(frozen=True)
class TextBlock:
    """A text frame: all paragraphs share one size; lines are ``size * line_spacing`` apart."""

    box: Box
    paragraphs: tuple[Para, ...]
    size: float
    line_spacing: float
    anchor: Anchor = "top"
    align: Align = "left"
    tag: Role | None = None  # the block's role (a title, a list); None: its paragraphs say
    rtl: bool = False  # right to left: bullets and numbers at the right (see layout.direction)

    @property
    def height(self) -> float:
        """The measured height of the text; never more than ``box.h``."""
        return sum(p.height(self.size, self.line_spacing) for p in self.paragraphs)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Rect:
    """A filled rectangle (colour band, rule) in a theme colour."""

    box: Box
    color: str
    tag: Role = Role.ARTIFACT  # bands and rules are decoration unless a layout says otherwise


@dataclass(frozen=True)
class Picture:
    """A checked logo (PNG or JPEG bytes) placed in ``box``, which keeps its aspect ratio.

    ``alt`` is the logo's alternative text (the coalition or member it stands for).
    """

    image: images.Picture
    box: Box
    alt: str
    tag: Role = Role.FIGURE

    @property
    def path(self) -> Path:
        return self.image.path


@dataclass(frozen=True)
class Series:
    """One series of a category chart: its name, colour role and one value per category."""

    name: str
    color: str
    values: tuple[int, ...]


@dataclass(frozen=True)
class ChartFrame:
    """A native chart (stacked horizontal bars) placed in ``box``; ``alt`` says its figures.

    ``size`` is the text size of its labels; colours are theme roles.
    """

    box: Box
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    size: float
    gap: float = 0.6  # between bars, as a share of a bar
    tag: Role = Role.FIGURE


__all__ = [
    "Align",
    "Anchor",
    "Box",
    "ChartFrame",
    "Para",
    "Picture",
    "Rect",
    "Role",
    "Run",
    "Series",
    "TextBlock",
]
