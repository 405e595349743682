"""The deck's structure: which slides there are, their titles, bodies, rules and footers.

Format-neutral on purpose (no python-pptx here): the PPTX painter only draws what this
module decided, and the tests check the decisions without opening a deck. The fitting
(:mod:`briefgen.layout.fit`) measures text with the theme's real TrueType metrics, so a slide
that would overflow is never produced: a body first shrinks (``sizes.body`` ->
``sizes.body_min``), then continues on "(cont.)" slides, splitting between bullets and, only
when one bullet cannot fit a whole slide, inside it. The title slide is in
:mod:`briefgen.layout.title_slide`, speaker notes and talk time in :mod:`briefgen.layout.notes`.
Every ratio comes from ``layout.slides`` and every text style from ``styles:`` of the theme.

Geometry is in points (1/72 inch) from the slide's top-left corner; colours and fonts are theme
role names (``"accent"``, ``"bold"``), resolved by the renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from briefgen.errors import InputError, Problem
from briefgen.layout.deck import ASPECTS, POINTS_PER_INCH, Deck, Slide, mirrored
from briefgen.layout.direction import is_rtl
from briefgen.layout.document import Document
from briefgen.layout.fit import ROLES, FitStyle, Measurer, steps
from briefgen.layout.frames import Box, Para, Picture, Rect, Run, TextBlock
from briefgen.layout.notes import format_duration, notes, talk_seconds
from briefgen.layout.slide_frames import SlideFrames
from briefgen.layout.slide_groups import DeckFitter, _Group, _Page
from briefgen.layout.slide_titles import numbered
from briefgen.layout.template_plan import (
    TemplatePlan,
    aspect_label,
    plan_template,
    template_font,
    template_problem,
    with_deck_family,
)
from briefgen.layout.title_slide import title_slide
from briefgen.layout.tracking_slide import tracking_slides
from briefgen.metric_fonts import deck_theme, deck_warnings
from briefgen.theme import Theme

__all__ = [
    "ASPECTS",
    "ROLES",
    "Box",
    "Deck",
    "Para",
    "Picture",
    "Rect",
    "Run",
    "Slide",
    "TextBlock",
    "format_duration",
    "layout_deck",
    "numbered",
]

# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


class DeckEngine(SlideFrames):
    """Holds the geometry and measuring caches of one deck while it is laid out."""

    def __init__(
        self,
        document: Document,
        theme: Theme,
        aspect: str,
        template: TemplatePlan | None = None,
    ) -> None:
        self.doc = document
        self.theme = theme
        self.aspect = aspect
        self.words = document.words
        self.style = theme.slides
        self.sizes = theme.slides.sizes
        self.ls = theme.slides.line_spacing
        self.lay = theme.layout.slides
        # measured with the font the deck names (or its metric-compatible twin), not the PDF's
        self.m = Measurer.for_theme(deck_theme(theme))
        self.fit = DeckFitter(self.m, FitStyle.for_slides(theme, self.words.continued, self.m))
        self.template = template
        if template is None:
            w_in, h_in = ASPECTS[aspect]
            self.width = w_in * POINTS_PER_INCH
            self.height = h_in * POINTS_PER_INCH
            margins = theme.slides.margins
            self.left = margins.left * POINTS_PER_INCH
            self.right = self.width - margins.right * POINTS_PER_INCH
            self.top = margins.top * POINTS_PER_INCH
            self.bottom = self.height - margins.bottom * POINTS_PER_INCH
        else:  # the template's size; the content layout's body placeholder is the text area
            self.width, self.height = template.geometry.width, template.geometry.height
            area = template.content.body or template.content.title
            self.left, self.right = area.x, area.x + area.w
            self.top, self.bottom = template.content.title.y, area.bottom
        self.content_w = self.right - self.left
        self.footer_size = self.sizes.body_min * self.styles("footer").scale
        self.gutter = self.lay.gutter_em * self.sizes.body
        self.strip_h = self._strip_height()
        self.warnings: list[str] = deck_warnings(theme)  # also text cut as a last resort

    def _strip_height(self) -> float:
        """The closing slides' logo strip: ``logo_strip`` of the slide, or taller for many logos.

        It grows, to ``logo_strip_max`` at most, until the member logos are drawn at least
        ``logo_min`` tall (in more rows), so fifteen logos make a grid rather than specks.
        """
        low, high = self.lay.logo_strip * self.height, self.lay.logo_strip_max * self.height

        def logo_height(strip: float) -> float:
            cells = self.logos(self.doc.member_logos, Box(0.0, 0.0, self.content_w, strip))
            return cells[0].box.h if cells else 0.0

        # as tall as wanted, or as tall as the largest strip allows if that is less
        want = min(self.lay.logo_min * self.height, logo_height(high))
        if logo_height(low) >= want:
            return low
        for _ in range(self.lay.strip_steps):  # the logos never get smaller as the strip grows
            middle = (low + high) / 2
            low, high = (low, middle) if logo_height(middle) >= want else (middle, high)
        return high

    def pages(self) -> list[tuple[_Page, int]]:
        """Every content and closing slide, fitted, with the lines its title box holds."""
        pages: list[tuple[_Page, int]] = []
        members = self.doc.member_logos
        groups = self.groups()
        deck_size = self.body_size(groups)
        for group in groups:
            lines = self.title_box_lines(group)
            strip = group.kind == "closing" and bool(members)
            _, _, body, _ = self.frame(lines, strip, group.kind)
            size = deck_size if group.kind == "content" else None
            fitted = self.fit_group(group, body.w, body.h, size=size)
            if group.kind == "closing" and len(fitted) > 1:  # long member lists: two columns
                two = self.fit_group(group, body.w, body.h, columns=2)
                fitted = two if len(two) < len(fitted) else fitted
            pages += [(p, lines) for p in fitted]
        return pages

    def body_size(self, groups: Sequence[_Group]) -> float:
        """One body size for every content slide: the size the densest slide needs to fit
        whole, within the theme's bounds. A slide that would need less than ``body_min`` is
        split instead and does not pull the others down."""
        sizes = steps(self.sizes.body, self.sizes.body_min, self.lay.size_step)
        size = sizes[0]
        for group in groups:
            if group.kind != "content":
                continue
            _, _, body, _ = self.frame(self.title_box_lines(group), False)
            fitted = self.fit_group(group, body.w, body.h)
            if len(fitted) == 1:
                size = min(size, fitted[0].size)
        return size

    def build(self) -> Deck:
        cover = title_slide(self)
        pages = self.pages()
        t_size = self.title_size(self.title_of(p) for p, n in pages if n <= self.lay.title_lines)
        if self.template is not None:  # the largest size whose titles fit the title box
            titles = [self.title_of(p) for p, _ in pages]
            for size in steps(t_size, self.sizes.heading_min, self.lay.size_step):
                t_size = size
                room = self.template_title_lines(size)
                if all(len(self.title_lines(t, size)) <= room for t in titles):
                    break
        wpm = self.style.words_per_minute
        cpm = self.style.characters_per_minute
        timing = self.words.notes_timing
        members = self.doc.member_logos

        cover_seconds = talk_seconds(cover.script, wpm, cpm)
        running = cover_seconds
        slides = [
            replace(
                cover.slide,
                number=1,
                seconds=cover_seconds,
                running_seconds=running,
                notes=notes(cover.script, [], timing, cover_seconds, running),
            )
        ]
        extra = tracking_slides(self, len(slides) + 1, running, t_size)
        slides += extra
        running = slides[-1].running_seconds
        for number, (page, n_lines) in enumerate(pages, start=len(slides) + 1):
            strip = page.group.kind == "closing" and bool(members)
            title_box, rule_y, body_box, logo_box = self.frame(n_lines, strip, page.group.kind)
            size = t_size if n_lines <= self.lay.title_lines else self.sizes.heading_min
            blocks = self.columns(body_box, page)
            spoken = ([] if page.continued else [page.group.title]) + [p.text for p in page.paras]
            seconds = talk_seconds(spoken, wpm, cpm)
            running += seconds
            slides.append(
                Slide(
                    kind=page.group.kind,
                    title=self.slide_title(page, n_lines, size, title_box),
                    body=blocks[0] if blocks else None,
                    notes=notes([self.title_of(page)], page.paras, timing, seconds, running),
                    seconds=seconds,
                    running_seconds=running,
                    number=number,
                    continued=page.continued,
                    extras=tuple(blocks[1:]),
                    footer=self.footer(number),
                    shapes=self.decor(rule_y),
                    pictures=self.logos(members, logo_box) if logo_box else (),
                )
            )
            if self.template is not None:
                slides[-1] = self.on_template(slides[-1], number)
        warnings = (*cover.warnings, *self.warnings)
        return Deck(self.width, self.height, tuple(slides), running, self.aspect, warnings)

    def on_template(self, slide: Slide, number: int) -> Slide:
        """A content or closing slide on its template layout: text in its placeholders."""
        assert self.template is not None
        frame = self.template.closing if slide.kind == "closing" else self.template.content
        footer, slots = self.template_footer(number, slide.kind)
        inherit = frame.inherit(slide.title.box, slide.body.box if slide.body else None)
        return replace(
            slide, layout=frame.layout.part, inherit=inherit, footer=footer, footer_slots=slots
        )


def _check_room(engine: DeckEngine) -> None:
    """A theme whose margins and sizes leave no line of body text is a positioned input error."""
    _, _, body, _ = engine.frame(engine.lay.title_lines)
    if engine.template is not None and body.h < engine.sizes.body_min * engine.ls:
        raise template_problem(
            engine.theme,
            f"the template's layout {engine.template.content.layout.name!r} leaves"
            f" {max(body.h, 0.0):.0f} pt for the body, less than one line at sizes.body_min",
        )
    line = engine.sizes.body_min * engine.ls
    if body.h >= line:
        return
    theme = engine.theme
    loc = ("slides", "margins")
    message = (
        f"on a {engine.aspect} slide the margins and title leave {max(body.h, 0.0):.0f} pt for"
        f" the body, less than one line at sizes.body_min ({line:.0f} pt): use smaller margins"
    )
    where = (
        theme.origin.problem(loc, message)
        if theme.origin
        else Problem(theme.name, 1, 1, "slides.margins", message)
    )
    raise InputError([where])


def layout_deck(document: Document, theme: Theme, aspect: str | None = None) -> Deck:
    """Lay out the whole deck; ``aspect`` ("16:9" or "4:3") overrides the theme.

    With an organisation template (``slides.template``) the deck has the template's size and
    its slides use the template's layouts (:mod:`briefgen.layout.template_plan`); an
    ``aspect`` of another shape is then a warning, and the template's size is kept.
    Raises InputError (positioned in the theme) when the theme or template leaves no room
    for text, or the template has no usable content layout.
    """
    chosen = aspect or theme.slides.aspect
    if chosen not in ASPECTS:
        raise ValueError(f"unknown aspect {chosen!r}; use one of {', '.join(ASPECTS)}")
    template = plan_template(theme, theme.slides.sizes.body_min * theme.slides.line_spacing / 2)
    warnings: list[str] = []
    named = measured = ""
    given = theme
    if template is not None:
        geometry = template.geometry
        label = aspect_label(geometry.width, geometry.height)
        if aspect is not None and aspect != label:
            warnings.append(
                f"--aspect {aspect} ignored: the template"
                f" {theme.slides.template.name if theme.slides.template else ''!r} is"
                f" {geometry.width / POINTS_PER_INCH:.2f} × {geometry.height / POINTS_PER_INCH:.2f}"
                f" in ({label}); the deck keeps the template's size"
            )
        chosen = label
        named, measured, font_warnings = template_font(theme, geometry)
        warnings += font_warnings
        if named:
            theme = with_deck_family(theme, measured)
    engine = DeckEngine(document, theme, chosen, template)
    _check_room(engine)
    deck = engine.build()
    if named:  # the presenting computer draws the named font, whatever measured it
        kept = [w for w in deck.warnings if w not in deck_warnings(theme)]
        named_warnings = deck_warnings(with_deck_family(given, named))
        deck = replace(deck, font=(named, measured), warnings=(*named_warnings, *kept))
    if warnings:
        deck = replace(deck, warnings=(*warnings, *deck.warnings))
    return mirrored(deck) if is_rtl(document.lang) else deck
