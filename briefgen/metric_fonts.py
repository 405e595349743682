"""Fonts a presenting computer has, and the open fonts that measure like them.

A deck names its fonts; it does not carry them (no Python library embeds fonts in a .pptx).
The computer in the room -- usually Windows or macOS with Office -- draws the deck with what
it has, so a deck fitted with a font it lacks runs its text over the footer there. A deck
therefore names a font every presenting computer has (Arial by default) and the layout
measures with an open font drawn to the same widths (a *metric-compatible* font), shipped in a
font package:

========================  ==================  ===================================
written in the deck       measured with       from
========================  ==================  ===================================
Arial                     Arimo               fontpkg-arimo (a dependency)
Times New Roman           Tinos               not on PyPI: install fonts-croscore
Courier New               Cousine             not on PyPI: install fonts-croscore
Calibri                   Carlito             not on PyPI: install fonts-crosextra-carlito
========================  ==================  ===================================

Only rows whose package is installed can be chosen (the others are listed so an error can say
what is missing). Bullets come from PowerPoint's bullet font (``a:buFont`` + ``a:buChar``) in
a symbol font, Wingdings, as the original pre-session decks did: :func:`bullet_char` maps a
theme's bullet glyph to the Wingdings character that draws it. LibreOffice draws Wingdings
bullets with its own OpenSymbol font.

Format-neutral: no reportlab and no python-pptx here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen import fonts

if TYPE_CHECKING:
    from briefgen.theme import Theme

__all__ = [
    "METRIC_TWINS",
    "PRESENTING_FONTS",
    "WINGDINGS",
    "MetricTwin",
    "bullet_char",
    "deck_family",
    "deck_theme",
    "deck_warnings",
    "install_hint",
    "is_presenting_font",
    "twin",
]


@dataclass(frozen=True)
class MetricTwin:
    """An Office font and the open font with the same advance widths."""

    office: str  # the family written in the deck
    family: str  # the family measured (a fontpkg family name)
    package: str | None  # the PyPI package that ships it; None: not packaged on PyPI
    system: str  # what to install where the package is missing (Debian package)


METRIC_TWINS: tuple[MetricTwin, ...] = (
    MetricTwin("Arial", "Arimo", "fontpkg-arimo", "fonts-croscore"),
    MetricTwin("Times New Roman", "Tinos", None, "fonts-croscore"),
    MetricTwin("Courier New", "Cousine", None, "fonts-croscore"),
    MetricTwin("Calibri", "Carlito", None, "fonts-crosextra-carlito"),
)

PRESENTING_FONTS: frozenset[str] = frozenset(
    name.casefold()
    for name in (
        # on Windows with Office and on macOS with Office alike
        "Arial",
        "Arial Black",
        "Calibri",
        "Cambria",
        "Candara",
        "Consolas",
        "Constantia",
        "Corbel",
        "Courier New",
        "Georgia",
        "Tahoma",
        "Times New Roman",
        "Trebuchet MS",
        "Verdana",
        "Wingdings",
        "Symbol",
    )
)
"""Families a Windows or macOS computer with Office has: a deck naming one of them is drawn
with that font in the room."""

BULLET_FONT = "Wingdings"

WINGDINGS: dict[str, str] = {
    "➢": "\u00d8",  # Ø: the original decks' arrow bullet
    "❑": "q",  # the original decks' shadowed square
    "■": "n",
    "▪": "\u00a7",  # §
    "●": "l",
}
"""Bullet glyph -> the Wingdings character that draws it (Wingdings is a symbol font: its
characters are code points U+0020-U+00FF whose glyphs are pictures)."""


def twin(office: str) -> MetricTwin | None:
    """The metric twin row of an Office family (any case), or None."""
    key = office.casefold()
    return next((row for row in METRIC_TWINS if row.office.casefold() == key), None)


def is_presenting_font(family: str) -> bool:
    """True when a presenting computer (Windows or macOS with Office) has ``family``."""
    return family.casefold() in PRESENTING_FONTS


def bullet_char(glyph: str) -> tuple[str, str] | None:
    """(symbol font, character) that draws a bullet glyph, or None: no symbol font has it
    (then the deck's own font draws the glyph itself)."""
    char = WINGDINGS.get(glyph)
    return (BULLET_FONT, char) if char is not None else None


def install_hint(family: str) -> str:
    """What to install on a presenting computer so it draws ``family`` as measured."""
    return (
        f"deck font {family!r} is not on usual presenting computers (Windows or macOS with"
        f" Office): install {family!r} on the computer that shows the deck, or choose a deck"
        " font they have (fonts.deck.family: Arial)"
    )


TEXT_ROLES = ("regular", "bold", "italic", "bold_italic")


def deck_family(theme: Theme) -> str:
    """The family the deck names for its text (``fonts.deck.family``)."""
    return theme.fonts.deck.family


def measured_family(theme: Theme) -> str:
    """The family the deck's text is measured with: the metric twin of an Office font, else
    the named family itself (from a font package)."""
    family = deck_family(theme)
    row = twin(family)
    if row is None:
        return family
    if _norm(row.family) not in {_norm(f) for f in fonts.known_families()}:
        where = f"pip install {row.package}" if row.package else f"install {row.system}"
        raise fonts.FontError(
            f"deck font {family!r} is measured with {row.family!r}, which is not installed"
            f" ({where})"
        )
    return row.family


def deck_theme(theme: Theme) -> Theme:
    """The theme as the deck's layout measures it: its text roles set in the measured family
    (weights and italics kept), its symbols and fallback fonts unchanged."""
    family = measured_family(theme)
    changes = {
        role: getattr(theme.fonts, role).model_copy(update={"family": family, "file": None})
        for role in TEXT_ROLES
    }
    return theme.model_copy(update={"fonts": theme.fonts.model_copy(update=changes)})


def deck_warnings(theme: Theme) -> list[str]:
    """A warning when the deck names a font presenting computers lack."""
    family = deck_family(theme)
    return [] if is_presenting_font(family) else [install_hint(family)]


def _norm(name: str) -> str:
    return "".join(name.split()).casefold()
