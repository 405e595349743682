"""Semantic roles: what a piece of the document *is*, read by every format.

The document stage tags each block with a role; the layout stage carries the tag on every frame
item it emits (a paragraph, a text block, a picture); painters read tags, never the briefing.
The PDF painter turns tags into marked content and the structure tree (tagged PDF), the deck
painter into reading order and decorative marks. One vocabulary, so both formats agree.

The values are PDF standard structure types where one fits (``H1``, ``P``, ``LI``, ``Lbl``,
``LBody``, ``Table``, ``TH``, ``TD``, ``Figure``, ``TOC``), so the tagged-PDF writer can use
them as they are.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The role of a block or of a frame item."""

    TITLE = "Title"  # the document title (cover, title slide)
    H1 = "H1"  # an issue ("Issue 1: Child labour"), the contents, the coalition
    H2 = "H2"  # a section in an issue ("Situation in Kazakhstan – Issue 1 ...")
    H3 = "H3"  # a labelled list ("Stage of development", "New needs")
    PARAGRAPH = "P"
    LIST = "L"
    ITEM = "LI"
    LABEL = "Lbl"  # a bullet glyph or a recommendation number ("2.1")
    BODY = "LBody"
    RECOMMENDATION = "Recommendation"  # a numbered recommendation (an LI with its number)
    PREVIOUS = "PreviousRecommendation"  # with its states, response and status
    STATES = "States"  # "(Spain, France)": the recommending states
    RESPONSE = "Response"  # supported / noted
    STATUS = "Status"  # implementation status
    TABLE = "Table"
    TABLE_HEADER = "TH"
    TABLE_CELL = "TD"
    TABLE_ROW = "TR"
    FIGURE = "Figure"  # a logo or a chart, with alt text
    CONTENTS = "TOC"
    CONTENTS_ENTRY = "TOCI"
    ARTIFACT = "Artifact"  # running headers, footers, rules, bands: not content
    NOTE = "Note"  # speaker notes


# How each role maps to a PDF standard structure type (roles outside the standard set are
# role-mapped in the tagged PDF's RoleMap).
STANDARD: dict[Role, str] = {
    Role.RECOMMENDATION: "LI",
    Role.PREVIOUS: "Div",
    Role.STATES: "Span",
    Role.RESPONSE: "Span",
    Role.STATUS: "Span",
    Role.NOTE: "Note",
}


def standard(role: Role) -> str:
    """The PDF standard structure type for a role."""
    return STANDARD.get(role, role.value)


__all__ = ["STANDARD", "Role", "standard"]
