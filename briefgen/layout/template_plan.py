"""Which of an organisation template's layouts each kind of slide uses, and their boxes.

A layout is chosen for each kind of slide: by the name the theme gives
(``layout.slides.title_layout``/``content_layout``/``closing_layout``), else by the names
templates commonly use ("Title and Content", "Title, Content"), else by its placeholders (a
content layout has a title and one body or object placeholder; a title layout a centred title,
or a title and a subtitle). The text of each slide goes into that layout's placeholders, so the
fitting engine measures against their boxes (:mod:`briefgen.layout.slides`). A template without
a usable content layout is a positioned error in the theme (``slides.template``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from briefgen import fonts
from briefgen.errors import InputError, Problem
from briefgen.layout.frames import Box
from briefgen.metric_fonts import twin
from briefgen.template_geometry import (
    BODY_TYPES,
    TITLE_TYPES,
    LayoutGeometry,
    PlaceholderBox,
    TemplateError,
    TemplateGeometry,
    read_template,
)
from briefgen.theme import Theme

CONTENT_NAMES = ("title and content", "title, content", "title & content", "title and body")
TITLE_NAMES = ("title slide", "title", "title page")
VERTICAL = ("vertTx", "vertTitleAndTx", "vertTitleAndTxOverChart")
BACKDROP = 0.6  # of the slide's area: artwork this large is a background, text may cover it
WIDE_FONT = "DejaVu Sans"  # measures a font without a metric twin: wider than most, so it fits
SIZE_TOLERANCE = 0.01  # relative difference of aspect ratios still called the same shape


@dataclass(frozen=True)
class Frame:
    """One kind of slide's layout and the boxes its text goes into."""

    layout: LayoutGeometry
    title: Box
    body: Box | None
    footer: Box | None
    number: Box | None

    def inherit(self, title: Box, body: Box | None) -> tuple[str, ...]:
        """The placeholders whose text sits exactly in the layout's own box, so the slide
        gives them no position of their own (a box cut clear of artwork, or a body split
        into columns or above a logo strip, is placed)."""
        out = []
        own_title = self.layout.first(*TITLE_TYPES)
        if own_title is not None and own_title.box == title:
            out.append("title")
        own_body = _body(self.layout)
        if body is not None and own_body is not None and own_body.box == body:
            out.append("body")
        return tuple(out)


@dataclass(frozen=True)
class TemplatePlan:
    geometry: TemplateGeometry
    title: Frame
    content: Frame
    closing: Frame


def _body(layout: LayoutGeometry) -> PlaceholderBox | None:
    """The placeholder the painter fills with the body: the first body, object or subtitle."""
    return layout.first(*BODY_TYPES, "subTitle")


def _is_content(layout: LayoutGeometry) -> bool:
    bodies = [ph for ph in layout.placeholders if ph.type in BODY_TYPES]
    return (
        layout.first(*TITLE_TYPES) is not None
        and len(bodies) == 1
        and layout.first("subTitle") is None
        and layout.type not in VERTICAL
    )


def _is_title(layout: LayoutGeometry) -> bool:
    return layout.first("ctrTitle") is not None or (
        layout.first("title") is not None and layout.first("subTitle") is not None
    )


def _by_name(layouts: tuple[LayoutGeometry, ...], names: tuple[str, ...]) -> list[LayoutGeometry]:
    wanted = [n.casefold() for n in names if n]
    return sorted(
        (lay for lay in layouts if lay.name.casefold() in wanted),
        key=lambda lay: wanted.index(lay.name.casefold()),
    )


def _choose(
    layouts: tuple[LayoutGeometry, ...],
    names: tuple[str, ...],
    check: Callable[[LayoutGeometry], bool],
) -> LayoutGeometry | None:
    named = [lay for lay in _by_name(layouts, names) if check(lay)]
    if named:
        return named[0]
    return next((lay for lay in layouts if check(lay)), None)


def _overlap(a: Box, b: Box) -> bool:
    return a.y < b.bottom and a.bottom > b.y and a.x < b.x + b.w and a.x + a.w > b.x


def _clear(box: Box, other: Box, gap: float) -> Box:
    """``box`` cut so that it stays clear of ``other``: above it, or below it if it starts
    in the box's upper third."""
    if other.y > box.y + box.h / 3:
        return replace(box, h=max(other.y - gap - box.y, 0.0))
    top = other.bottom + gap
    return replace(box, y=top, h=max(box.bottom - top, 0.0))


def _frame(layout: LayoutGeometry, footer_gap: float, area: float) -> Frame:
    title = layout.first(*TITLE_TYPES)
    body = _body(layout)
    footer = layout.first("ftr")
    number = layout.first("sldNum")
    assert title is not None
    artwork = [art for art in layout.artwork if art.w * art.h < BACKDROP * area]
    title_box = title.box
    for art in artwork:  # the template's pictures and shapes are never written over
        if _overlap(art, title_box):
            title_box = _clear(title_box, art, footer_gap)
    footer_box, number_box = (
        ph.box if ph and not any(_overlap(art, ph.box) for art in artwork) else None
        for ph in (footer, number)
    )
    body_box = body.box if body else None
    if body_box is not None:  # some templates let the body run under the footer or artwork
        for other in [box for box in (footer_box, number_box) if box] + artwork:
            if _overlap(other, body_box):
                body_box = _clear(body_box, other, footer_gap)
    return Frame(layout, title_box, body_box, footer_box, number_box)


def template_problem(theme: Theme, message: str) -> InputError:
    loc = ("slides", "template")
    where = (
        theme.origin.problem(loc, message)
        if theme.origin
        else Problem(theme.name, 1, 1, "slides.template", message)
    )
    return InputError([where])


def plan_template(theme: Theme, footer_gap: float) -> TemplatePlan | None:
    """The template's layouts per kind of slide, or None without a template.

    Raises InputError (positioned at ``slides.template``) for an unreadable template or one
    without a layout that has a title and one body or object placeholder.
    """
    path = theme.slides.template
    if path is None:
        return None
    try:
        geometry = read_template(path)
    except TemplateError as exc:
        raise template_problem(theme, f"template {path.name!r}: {exc}") from None
    names = theme.layout.slides
    layouts = geometry.layouts
    content = _choose(layouts, (names.content_layout, *CONTENT_NAMES), _is_content)
    if content is None:
        found = ", ".join(repr(lay.name) for lay in layouts) or "none"
        raise template_problem(
            theme,
            f"template {path.name!r} has no layout with a title and one body or content"
            f" placeholder (its layouts: {found}); add a 'Title and Content' layout",
        )
    title = _choose(layouts, (names.title_layout, *TITLE_NAMES), _is_title) or content
    closing = content
    if names.closing_layout:
        closing = _choose(layouts, (names.closing_layout,), _is_content) or content
        if closing.name.casefold() != names.closing_layout.casefold():
            closing = content
    area = geometry.width * geometry.height
    return TemplatePlan(
        geometry,
        _frame(title, footer_gap, area),
        _frame(content, footer_gap, area),
        _frame(closing, footer_gap, area),
    )


def _known(family: str) -> bool:
    wanted = "".join(family.split()).casefold()
    return any("".join(f.split()).casefold() == wanted for f in fonts.known_families())


def template_font(theme: Theme, geometry: TemplateGeometry) -> tuple[str, str, list[str]]:
    """(family the deck names, family it is measured with, warnings) for a template's body
    font, or ("", "", []) when the theme names the deck's font (``fonts.deck``) itself.

    An Office font whose metric-compatible open font is installed (Arial: Arimo) is measured
    with that; a family from an installed font package with its own files; any other with a
    wide font (DejaVu Sans), with a warning, so the text still fits where the font is drawn.
    """
    family = geometry.minor_font or geometry.major_font
    if "deck" in theme.fonts.model_fields_set or not family or family.startswith("+"):
        return "", "", []
    row = twin(family)
    if (row is not None and _known(row.family)) or (row is None and _known(family)):
        return family, family, []
    hint = f" (install {row.system} for {row.family}, its metric twin)" if row else ""
    return (
        family,
        WIDE_FONT,
        [
            f"the template's font {family!r} has no metric-compatible open font here{hint}:"
            f" the deck names {family!r} but is measured with the wider {WIDE_FONT}, so lines"
            " may end early; or name the deck's font in the theme (fonts.deck.family)"
        ],
    )


def with_deck_family(theme: Theme, family: str) -> Theme:
    """The theme with ``fonts.deck.family`` set to ``family``."""
    deck = theme.fonts.deck.model_copy(update={"family": family})
    return theme.model_copy(update={"fonts": theme.fonts.model_copy(update={"deck": deck})})


def aspect_label(width: float, height: float) -> str:
    """ "16:9", "4:3" or "16:10" when the size has that shape, else "custom"."""
    for label, (w, h) in (("16:9", (16, 9)), ("4:3", (4, 3)), ("16:10", (16, 10))):
        if abs(width / height - w / h) <= SIZE_TOLERANCE * w / h:
            return label
    return "custom"


__all__ = [
    "Frame",
    "TemplatePlan",
    "aspect_label",
    "plan_template",
    "template_font",
    "template_problem",
    "with_deck_family",
]
