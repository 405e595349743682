"""Theme models: the validated shapes of fonts, colours, bullets, margins and the PDF's and
the deck's styles (the :class:`briefgen.theme.Theme` holds one of each)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

HEX = r"^#[0-9A-Fa-f]{6}$"

Color = Annotated[str, Field(pattern=HEX, description="#RRGGBB")]
Points = Annotated[float, Field(gt=0, le=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FontChoice(_Strict):
    """A face of a family from an installed font package, or a .ttf next to the theme."""

    family: str = "DejaVu Sans"
    weight: Annotated[int, Field(ge=100, le=900)] = 400
    italic: bool = False
    file: Path | None = Field(default=None, description="a .ttf file relative to theme.yaml")


class DeckFont(_Strict):
    """The font a deck names (the presenting computer draws it) and so measures with."""

    family: str = Field(
        default="Arial",
        description=(
            "family written in the deck. An Office font (Arial) is measured with its"
            " metric-compatible open font (Arimo, from fontpkg-arimo); another family is"
            " measured with its own files and the build warns that presenting computers lack it"
        ),
    )


class Fonts(_Strict):
    regular: FontChoice
    bold: FontChoice
    italic: FontChoice
    bold_italic: FontChoice
    symbols: FontChoice = Field(description="font for the bullet glyphs")
    fallbacks: tuple[FontChoice, ...] = Field(
        default=(),
        description=(
            "fonts tried in order for characters the role fonts lack (e.g. Noto Sans SC for"
            " Chinese); used only where the text needs them"
        ),
    )
    deck: DeckFont = Field(
        default_factory=DeckFont,
        description="the deck's font: the PDF embeds the fonts above, a deck only names one",
    )


class Colors(_Strict):
    text: Color
    muted: Color
    heading: Color
    accent: Color
    background: Color
    band: Color
    band_text: Color
    rule: Color
    panel: Color


class Bullets(_Strict):
    point: Annotated[str, Field(min_length=1, max_length=2)]
    sub: Annotated[str, Field(min_length=1, max_length=2)]
    member: Annotated[str, Field(min_length=1, max_length=2)]


class Margins(_Strict):
    top: Annotated[float, Field(ge=0)]
    bottom: Annotated[float, Field(ge=0)]
    left: Annotated[float, Field(ge=0)]
    right: Annotated[float, Field(ge=0)]


class PdfSizes(_Strict):
    title: Points
    subtitle: Points
    heading1: Points
    heading2: Points
    body: Points
    small: Points


PAGE_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
SLIDE_INCHES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5)}
MIN_USABLE = 0.1
"""Margins must leave at least this share of the page (or slide) width and height; a build
may choose the other page size or slide shape, so both are checked. Whether what remains
holds the text is the layout's to judge (``validate`` runs it and names the margins)."""


def _check_margins(margins: Margins, sizes: Iterable[tuple[float, float]], unit: str) -> None:
    width = min(w for w, _ in sizes)
    height = min(h for _, h in sizes)
    left_right = margins.left + margins.right
    top_bottom = margins.top + margins.bottom
    if left_right > width * (1 - MIN_USABLE) or top_bottom > height * (1 - MIN_USABLE):
        message = (
            f"margins leave too little room: left + right is {left_right:g} and top + bottom"
            f" is {top_bottom:g} {unit}, but the smallest page is {width:g} × {height:g} {unit}"
            f" and at least {round(MIN_USABLE * 100)}% of each must remain for text"
        )
        raise PydanticCustomError("geometry", message)


class PdfStyle(_Strict):
    page_size: Literal["A4", "Letter"] = "A4"
    margins: Margins = Field(description="millimetres")
    sizes: PdfSizes
    leading: Annotated[float, Field(ge=1.0, le=3.0)] = 1.35
    handout: bool = False
    handout_min_size: Annotated[
        Points,
        Field(
            description=(
                "points: the key recommendations handout starts at sizes.body and shrinks to"
                " fit one page, but never below this; what still does not fit continues on"
                " more pages, with a warning"
            )
        ),
    ] = 7.0

    @model_validator(mode="after")
    def _usable_area(self) -> PdfStyle:
        _check_margins(self.margins, PAGE_MM.values(), "mm")
        return self


class SlideSizes(_Strict):
    title: Points
    subtitle: Points
    heading: Points
    heading_min: Points
    body: Points
    body_min: Points


class SlideStyle(_Strict):
    aspect: Literal["16:9", "4:3"] = "16:9"
    margins: Margins = Field(description="inches")
    sizes: SlideSizes
    line_spacing: Annotated[float, Field(ge=1.0, le=3.0)] = 1.15
    paragraph_space: Annotated[float, Field(ge=0, le=3.0)] = 0.45
    words_per_minute: Annotated[int, Field(ge=60, le=300)] = 130
    # scripts written without spaces (Chinese) are read aloud by characters
    characters_per_minute: Annotated[int, Field(ge=60, le=600)] = 250
    template: Path | None = None

    @model_validator(mode="after")
    def _usable_area(self) -> SlideStyle:
        _check_margins(self.margins, SLIDE_INCHES.values(), "in")
        if self.sizes.heading_min > self.sizes.heading or self.sizes.body_min > self.sizes.body:
            raise PydanticCustomError(
                "geometry", "sizes: heading_min and body_min must not exceed heading and body"
            )
        return self
