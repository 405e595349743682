"""Styles as data: the layout's ratios and the named text styles every theme inherits.

The values live in ``themes/base.yaml`` (the way WeasyPrint ships its default stylesheet);
each theme overrides any of them by name, and inherits the rest. The code holds the names
and their meaning, never the numbers. One named style per role (``recommendation.number``,
``previous.states``, ...) is read by both the PDF and the deck, so they cannot disagree.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FontRole = Literal["regular", "bold", "italic", "bold_italic", "symbols"]
ColorRole = Literal[
    "text", "muted", "heading", "accent", "background", "band", "band_text", "rule", "panel"
]
Ratio = Annotated[float, Field(ge=0, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextStyle(_Strict):
    """A named text style: which font role and colour role a kind of text uses.

    ``scale`` multiplies the size of the text it sits in (1 = the same size).
    """

    font: FontRole = "regular"
    color: ColorRole = "text"
    scale: Annotated[float, Field(gt=0, le=4)] = 1.0


class PdfLayout(_Strict):
    """Spacing and proportions of the PDF, as multiples of the theme size they belong to."""


class SlideLayout(_Strict):
    """Spacing and proportions of the slides, as multiples of sizes or of the slide."""


class Layout(_Strict):
    pdf: PdfLayout = PdfLayout()
    slides: SlideLayout = SlideLayout()


__all__ = ["ColorRole", "FontRole", "Layout", "PdfLayout", "SlideLayout", "TextStyle"]
