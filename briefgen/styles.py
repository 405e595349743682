"""Styles as data: the layout's ratios and the named text styles every theme inherits.

The values live in ``themes/base.yaml`` (the way WeasyPrint ships its default stylesheet);
each theme overrides any of them by name, and inherits the rest. The code holds the names
and their meaning, never the numbers. One named style per role (``recommendation.number``,
``previous.states``, ...) is read by both the PDF and the deck, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FontRole = Literal["regular", "bold", "italic", "bold_italic", "symbols"]
ColorRole = Literal[
    "text", "muted", "heading", "accent", "background", "band", "band_text", "rule", "panel"
]
Ratio = Annotated[float, Field(ge=0, le=100)]
Fraction = Annotated[float, Field(ge=0, le=1)]


def _ratio(default: float, description: str) -> Any:
    """A described, bounded ratio field (pydantic keeps the bounds in the JSON schema)."""
    return Field(default, ge=0, le=100, description=description)


def _count(default: int, description: str) -> Any:
    return Field(default, ge=1, le=100, description=description)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class TextStyle(_Strict):
    """A named text style: which font role and colour role a kind of text uses.

    ``scale`` multiplies the size of the text it sits in (1 = the same size). Where several
    styles share one paragraph (a recommendation's number, text and SDGs), the deck sets the
    whole paragraph in the font of its main style and each part in its own colour.
    """

    font: FontRole = Field(default="regular", description="font role (fonts: in the theme)")
    color: ColorRole = Field(default="text", description="colour role (colors: in the theme)")
    scale: Annotated[float, Field(gt=0, le=4)] = Field(
        default=1.0, description="size as a multiple of the size the text sits in"
    )


# The named styles the layout reads; base.yaml defines each, a theme may override any.
STYLE_NAMES = (
    "title",
    "subtitle",
    "heading.issue",
    "heading.section",
    "heading.list",
    "recommendation.number",
    "recommendation.text",
    "recommendation.sdgs",
    "previous.label",
    "previous.text",
    "previous.states",
    "pdf.previous.states",
    "previous.details",
    "label.response",
    "label.status",
    "label.sdg",
    "point",
    "point.sub",
    "member",
    "members.intro",
    "members.others",
    "cover.coalition",
    "cover.facts",
    "cover.presenters.label",
    "cover.presenters",
    "cover.presenters.name",
    "footer",
)


def style(styles: Mapping[str, TextStyle], name: str) -> TextStyle:
    """The named style; a name no theme defines (a theme file made without base.yaml) is plain."""
    return styles.get(name) or TextStyle()


class PdfLayout(_Strict):
    """Spacing and proportions of the PDF, as multiples of the theme size they belong to.

    The defaults here mirror ``themes/base.yaml``, which every theme inherits and which is the
    place to read and change them.
    """

    h1_before: float = _ratio(
        1.5, "x heading1: space above an issue heading (dropped at a page top)"
    )
    h1_after: float = _ratio(0.35, "x heading1: space under an issue heading, before its rule")
    h1_rule_after: float = _ratio(0.9, "x body: space under the rule below a top-level heading")
    h2_before: float = _ratio(1.1, "x heading2: space above a section heading")
    h2_after: float = _ratio(
        0.45, "x heading2: space under a section heading (also above the cover subtitle)"
    )
    h3_before: float = _ratio(0.9, "x body: space above a labelled list heading")
    h3_after: float = _ratio(0.35, "x body: space under a labelled list heading")
    synthetic_bold: float = _ratio(
        0.03, "x size: stroke around bold text set in a one-weight fallback font (Chinese)"
    )
    paragraph_after: float = _ratio(0.45, "x body: space after a paragraph")
    item_after: float = _ratio(0.3, "x body: space between bullets (and above small detail lines)")
    rec_after: float = _ratio(0.65, "x body: space between numbered recommendations")
    bullet_indent: float = _ratio(1.5, "x body: text indent of a bullet")
    sub_indent: float = _ratio(1.4, "x body: extra indent of a sub-bullet")
    number_gap: float = _ratio(0.7, "x body: between a recommendation number and its text")
    card_padding: float = _ratio(0.8, "x body: padding inside a previous-recommendation card")
    card_bar: float = _ratio(0.25, "x body: width of the accent bar of a card")
    card_after: float = _ratio(0.5, "x body: space between cards")
    rule: float = _ratio(0.06, "x small: thickness of hairlines")
    header_rule_gap: float = _ratio(
        0.6, "x small: between the running header or footer text and its rule"
    )
    header_gap: float = _ratio(2.0, "x small: least room between the header's title and country")
    section_min_room: float = _ratio(
        0.18, "share of the frame a new section needs, else it starts a new page"
    )
    contents_after: float = _ratio(0.55, "x body: space between contents lines")
    contents_digits: int = _count(
        1, "digits of room left for contents page numbers beyond those of ten times the entries"
    )
    leader_dot: float = _ratio(0.08, "x body: radius of a dot of the contents' dot leaders")
    leader_gap: float = _ratio(0.45, "x body: spacing of the contents' leader dots")
    leader_clearance: float = _ratio(0.6, "x body: room between a leader and its text or number")
    member_columns: int = _count(2, "columns of a long members list")
    members_in_columns: int = _count(8, "a members list longer than this is set in columns")
    member_split_keep: int = _count(
        2, "members a long list keeps with its intro, and with 'And others', when it splits"
    )
    cover_band: float = _ratio(0.42, "share of the page height taken by the cover band, at least")
    cover_gap: float = _ratio(1.4, "x title: between cover blocks")
    cover_rule: float = _ratio(3.0, "x title: length of the accent rule on the cover")
    cover_rule_width: float = _ratio(0.12, "x title: thickness of the accent rule on the cover")
    cover_title_min: float = _ratio(
        0.6, "x title: the smallest a long cover title shrinks to before the build warns"
    )
    cover_title_step: float = _ratio(0.05, "x title: the step by which a long cover title shrinks")
    logo_height: float = _ratio(2.2, "x title: the tallest a logo is drawn")
    logo_gap: float = _ratio(1.5, "x body: between logos")
    logo_area: float = _ratio(
        0.2, "share of the frame height logos may take (cover foot, members' grid)"
    )
    member_logos_before: float = _ratio(1.5, "x body: between the members list and their logos")
    handout_columns: int = _count(2, "columns of the key recommendations handout")
    handout_gutter: float = _ratio(2.0, "x body: between the handout's columns")
    handout_after: float = _ratio(0.4, "x the handout's text size: between recommendations")
    handout_step: float = _ratio(0.03, "x body: the step by which the handout's text shrinks")
    handout_number_gap: float = _ratio(
        0.5, "x the handout's text size: between a number and its text"
    )
    cut_mark: Annotated[
        str, Field(max_length=8, description="ends a running header or footer cut to fit")
    ] = " …"
    # labels: response, status and SDGs as chips (named styles label.*)
    label_size: float = _ratio(0.82, "x body: the text size of a label")
    label_pad_x: float = _ratio(0.55, "x label size: room left and right of a label's words")
    label_pad_y: float = _ratio(0.3, "x label size: room above and below a label's words")
    label_radius: float = _ratio(0.45, "x label size: corner radius of a label")
    label_gap: float = _ratio(0.45, "x label size: between labels in a row")
    label_row_gap: float = _ratio(0.3, "x label size: between rows of labels")
    label_line: float = _ratio(0.07, "x label size: outline of a label, in its colour")
    label_tint: Fraction = Field(
        default=0.06, description="share of the label's colour in its fill (the rest: background)"
    )
    # running header
    header_section_share: Fraction = Field(
        default=0.6,
        description="share of the header width the name of a continued section may take",
    )

    # contents placement, decided from the body's page count (layout/pdf_contents.py)
    contents_omit_pages: int = Field(
        default=1, ge=0, le=1000, description="a body of at most this many pages has no contents"
    )
    contents_cover_pages: int = Field(
        default=8,
        ge=0,
        le=1000,
        description="up to this many body pages the contents go on the cover",
    )
    contents_cover_entries: int = Field(
        default=10, ge=0, le=1000, description="contents with more entries never go on the cover"
    )
    cover_band_min: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="the cover band gives up room down to this share when the contents need it",
    )
    cover_band_step: float = Field(
        default=0.02, gt=0, le=1, description="... in steps of this share of the page"
    )
    cover_contents_gap: float = _ratio(
        1.0, "x title: between the cover's country and date and its contents"
    )
    cover_contents_width: float = Field(
        default=0.72, gt=0, le=1, description="of the frame width: the cover contents' lines"
    )
    # the cover's foot: presenters in columns above a row of logos
    presenter_columns: int = _count(2, "columns of the presenters on the cover")
    presenter_columns_max: int = _count(3, "more presenter columns, up to this many, for many")
    presenter_gap: float = _ratio(0.5, "x body: between one presenter and the next in a column")


def _f(description: str, ge: float = 0, le: float = 100) -> Any:
    return Field(..., ge=ge, le=le, description=description)


class SlideLayout(_Strict):
    """Spacing and proportions of the slides, as multiples of sizes or of the slide.

    Every value is in themes/base.yaml; ``em`` values are multiples of the font size named.
    """

    width_safety: Fraction = _f("text wraps to this fraction less than its box (renderers differ)")
    height_safety: Fraction = _f("boxes are filled to this fraction less than their height")
    size_step: Annotated[float, Field(gt=0, le=10)] = Field(
        ..., description="points: body and title sizes shrink in these steps"
    )
    bullet_gap_em: Ratio = _f("space between a bullet glyph and its text, in the text size")
    sub_space: Ratio = _f("space after a bullet followed by its own sub-bullet, of the full space")
    title_lines: Annotated[int, Field(ge=1, le=10)] = Field(
        ..., description="slide titles wrap to at most this many lines before the box grows"
    )
    max_title_lines: Annotated[int, Field(ge=1, le=20)] = Field(
        ..., description="lines a slide title box grows to at most (the notes keep the rest)"
    )
    rule_gap_em: Ratio = _f("title box to rule, in heading sizes")
    body_gap_em: Ratio = _f("rule to body, in body sizes")
    rule_weight: Fraction = _f("thickness of the rule under slide titles, of the slide height")
    accent_weight: Fraction = _f("thickness of the accent segment on the rule, of the slide height")
    accent_length: Fraction = _f("length of the accent segment, of the content width")
    band: Fraction = _f("title slide colour band, of the slide height")
    stripe: Fraction = _f("accent stripe under the band, of the slide height")
    subtitle_gap_em: Ratio = _f("title to subtitle on the title slide, in subtitle sizes")
    title_min: Fraction = _f(
        "the title slide's title shrinks to this fraction of sizes.title at most; a title"
        " still too long is reported"
    )
    facts_em: Ratio = _f("title slide facts (coalition, country, presenters), in subtitle sizes")
    facts_space: Ratio = _f("space after a title slide fact, of paragraph_space")
    logo_area: Fraction = _f("title slide logo area, of the content width")
    facts_share: Fraction = Field(
        default=0.5, description="of the title slide's white area: the most the facts take"
    )
    presenter_columns: Annotated[int, Field(ge=1, le=10)] = Field(
        default=2, description="columns of the presenters on the title slide"
    )
    presenter_columns_max: Annotated[int, Field(ge=1, le=10)] = Field(
        default=4, description="more presenter columns, up to this many, before any is cut"
    )
    presenters_space: Ratio = Field(
        default=0.3, description="space after a presenter's line, of paragraph_space"
    )
    title_member_logos: Annotated[int, Field(ge=0, le=100)] = Field(
        default=4, description="the title slide shows members' logos up to this many"
    )
    logo_strip: Fraction = _f("closing slides' strip of member logos, of the slide height, least")
    logo_strip_max: Fraction = _f("... and most, when many logos need more rows to stay legible")
    logo_min: Fraction = _f("the strip grows to keep logos this tall, of the slide height")
    logo_height: Fraction = _f("tallest a logo is drawn, of the slide height")
    strip_steps: Annotated[int, Field(ge=1, le=64)] = Field(
        ..., description="bisection steps for the logo strip height"
    )
    logo_gap_em: Ratio = _f("between logos, in sizes.body_min")
    gutter_em: Ratio = _f("between the closing slide's member columns, in body sizes")
    fill_space_max: float = _f(
        "a sparse slide's paragraph spacing grows towards filling its body, to at most this"
        " multiple of its usual spacing (1: never grows)",
        ge=1,
        le=10,
    )
    fill_place: Fraction = _f(
        "of the height a sparse slide's body leaves empty once its spacing is at its bound,"
        " the share put above the text (0: text at the top, 0.5: centred, between them an"
        " optical centre)",
        le=1,
    )
    break_bonus: Fraction = _f(
        "of the line width: how much a two-line title prefers to break before '('"
    )
    dashes: tuple[str, ...] = Field(
        ..., description="a balanced title line never starts with these"
    )
    ellipsis: str = Field(..., min_length=1, description="ends text cut as a last resort")
    separator: str = Field(..., description="between a recommendation and its SDGs, cover facts")
    list_separator: str = Field(..., description="between presenters")
    continued_join: str = Field(
        ", ", description="joins a continued slide title's parentheses: '(Child labour, cont.)'"
    )
    label_separator: str = Field(..., description="after 'Presented by'")
    footer_number_sample: str = Field(
        ..., min_length=1, description="the widest slide number the footer leaves room for"
    )
    title_layout: str = Field(..., description="the template's slide layout for the title slide")
    content_layout: str = Field(..., description="the template's slide layout for other slides")
    closing_layout: str = Field(
        "", description="the template's slide layout for the closing slide; '': content_layout"
    )
    template_decorations: bool = Field(
        False,
        description=(
            "draw the theme's title band and rules also on an organisation template's slides"
            " (by default the template's own design is left alone)"
        ),
    )


class TrackingLayout(_Strict):
    """Charts, the implementation matrix, mission pages and factsheets (issue tracking).

    The defaults mirror ``themes/base.yaml``.
    """

    colors: dict[str, ColorRole] = Field(
        default={
            "supported": "heading",
            "noted": "accent",
            "implemented": "heading",
            "partially_implemented": "accent",
            "not_implemented": "muted",
            "not_stated": "rule",
        },
        description="the colour role of each response and status in the charts",
    )
    bar: Ratio = Field(default=1.3, description="x body: the thickness of a chart bar")
    bar_gap: Ratio = Field(default=0.45, description="x body: between chart bars")
    label_share: Fraction = Field(default=0.3, description="of the chart width: bar labels")
    value_gap: Ratio = Field(default=0.35, description="x small: between a bar and its number")
    chart_after: Ratio = Field(default=1.2, description="x body: space under a chart")
    issues_in_chart: int = Field(
        default=15, ge=0, description="the per-issue chart is drawn up to this many issues"
    )
    columns: tuple[Fraction, Fraction, Fraction, Fraction, Fraction] = Field(
        default=(0.1, 0.44, 0.18, 0.13, 0.15),
        description="shares of the width: ref, text, states, response, status",
    )
    cell_padding: Ratio = Field(default=0.3, description="x small: padding inside table cells")
    sheet_min: Fraction = Field(
        default=0.7, description="the smallest share of its sizes a factsheet shrinks to"
    )
    sheet_step: Fraction = Field(default=0.05, description="the step by which a factsheet shrinks")
    deck_gap: Ratio = Field(
        default=0.6, description="the deck chart's gap between bars, as a share of a bar"
    )


class Layout(_Strict):
    pdf: PdfLayout = PdfLayout()
    slides: SlideLayout
    tracking: TrackingLayout = TrackingLayout()


__all__ = [
    "STYLE_NAMES",
    "ColorRole",
    "FontRole",
    "Layout",
    "PdfLayout",
    "SlideLayout",
    "TextStyle",
    "TrackingLayout",
    "style",
]
