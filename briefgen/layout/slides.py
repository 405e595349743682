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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from briefgen.errors import InputError, Problem
from briefgen.layout.deck import ASPECTS, POINTS_PER_INCH, Deck, Kind, Slide, mirrored
from briefgen.layout.direction import is_rtl
from briefgen.layout.document import Document, IssueBlock, Logo, Numbered, Point, Previous
from briefgen.layout.fit import ROLES, FitStyle, Fitter, Measurer, Proto, clean, proto, steps
from briefgen.layout.frames import Align, Box, Para, Picture, Rect, Run, TextBlock
from briefgen.layout.logos import place_logos
from briefgen.layout.notes import format_duration, notes, talk_seconds
from briefgen.layout.roles import Role
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
from briefgen.layout.wording import final_stop
from briefgen.metric_fonts import deck_theme, deck_warnings
from briefgen.styles import TextStyle, style
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
]

# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


@dataclass
class _Group:
    """One logical slide before fitting: may become several "(cont.)" slides."""

    kind: Kind
    title: str
    protos: list[Proto]


@dataclass
class _Page:
    """One slide of a group: one list of paragraphs per column."""

    group: _Group
    columns: list[list[Para]]
    size: float
    continued: bool
    part: int = 1  # which slide of its group (a title says it from the third on)

    @property
    def paras(self) -> list[Para]:
        return [p for column in self.columns for p in column]


class DeckEngine:
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
        self.fit = Fitter(self.m, FitStyle.for_slides(theme, self.words.continued, self.m))
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

    # -- paragraphs ---------------------------------------------------------------------------

    def measure(self, proto: Proto, size: float, box_w: float, space: float) -> Para:
        return self.fit.measure(proto, size, box_w, space)

    def measure_all(
        self, protos: Sequence[Proto], size: float, box_w: float, space: float | None = None
    ) -> list[Para]:
        return self.fit.measure_all(protos, size, box_w, space)

    def total(self, paras: Iterable[Para], size: float) -> float:
        return self.fit.total(paras, size)

    def wrap_width(self, box_w: float, indent: float) -> float:
        return self.fit.wrap_width(box_w, indent)

    def fit_group(
        self,
        group: _Group,
        box_w: float,
        box_h: float,
        columns: int = 1,
        size: float | None = None,
    ) -> list[_Page]:
        """One slide at the largest size that fits, else the fewest "(cont.)" slides, balanced;
        ``size``: the deck's body size, the one size every slide of the group is set in."""
        sizes = (
            steps(self.sizes.body, self.sizes.body_min, self.lay.size_step)
            if size is None
            else [size]
        )
        pages = self.fit.fit_columns(group.protos, box_w, box_h, sizes, columns, self.gutter)
        return [
            _Page(group, page.columns, page.size, page.continued, part)
            for part, page in enumerate(pages, start=1)
        ]

    # -- content --------------------------------------------------------------------------------

    def styles(self, name: str) -> TextStyle:
        return style(self.theme.styles, name)

    def run(self, name: str, text: str, tag: Role | None = None) -> Run:
        """A run in the named style's colour."""
        return Run(text, self.styles(name).color, tag)

    def styled(self, name: str, *runs: Run, **kwargs: object) -> Proto:
        """A paragraph set in the named style's font (its runs keep their own colours)."""
        main = self.styles(name)
        return proto(*runs, role=main.font, color=main.color, **kwargs)

    def _recommendation(self, rec: Numbered) -> Proto:
        sep = self.lay.separator
        return self.styled(
            "recommendation.text",
            self.run("recommendation.number", rec.number + " ", Role.LABEL),
            self.run("recommendation.text", clean(rec.text), Role.BODY),
            self.run("recommendation.sdgs", (sep + clean(rec.sdgs)) if rec.sdgs else ""),
            bullet=self.theme.bullets.point,
            tag=Role.RECOMMENDATION,
        )

    def _with_states(self, text: str, states: str) -> tuple[Run, ...]:
        """The text with the states inside its sentence: "... obligations (Spain)."."""
        body, stop = final_stop(text) if states else (text, "")
        return (
            self.run("previous.text", body, Role.BODY),
            self.run("previous.states", (" " + states) if states else "", Role.STATES),
            *((self.run("previous.text", stop, Role.BODY),) if stop else ()),
        )

    def _previous(self, prev: Previous) -> Proto:
        sep = self.lay.separator
        return self.styled(
            "previous.text",
            self.run("previous.label", self.words.previous + " ", Role.LABEL),
            *self._with_states(clean(prev.text), prev.states),
            self.run("previous.details", (sep + clean(prev.details)) if prev.details else ""),
            bullet=self.theme.bullets.point,
            tag=Role.PREVIOUS,
        )

    def _points(self, heading: str, points: Sequence[Point]) -> list[Proto]:
        bullets = self.theme.bullets
        head = self.run("heading.list", heading)
        out = [
            self.styled(
                "heading.list", head, bullet=bullets.point, keep=True, tight=True, tag=Role.H3
            )
        ]
        for n, point in enumerate(points):
            last = n == len(points) - 1
            out.append(
                self.styled(
                    "point",
                    self.run("point", point.text),
                    level=1,
                    bullet=bullets.sub,
                    keep=bool(point.items),
                    tight=bool(point.items) or not last,
                    tag=Role.ITEM,
                )
            )
            for k, item in enumerate(point.items):
                out.append(
                    self.styled(
                        "point.sub",
                        self.run("point.sub", item),
                        level=2,
                        bullet=bullets.sub,
                        tight=k < len(point.items) - 1 or not last,
                        tag=Role.ITEM,
                    )
                )
        return out

    def _situation(self, issue: IssueBlock) -> _Group:
        words = self.words
        protos = [self._previous(prev) for prev in issue.previous]
        if issue.developments:
            protos += self._points(words.developments, issue.developments)
        if issue.needs:
            protos += self._points(words.needs, issue.needs)
        return _Group("content", issue.situation_title, protos)

    def _closing(self) -> _Group:
        closing = self.doc.closing
        protos = []
        if closing.text:
            protos.append(self.styled("members.intro", self.run("members.intro", closing.text)))
        member = self.theme.bullets.member
        protos += [
            self.styled("member", self.run("member", m), bullet=member, tight=True, tag=Role.ITEM)
            for m in closing.members
        ]
        if closing.and_others:
            protos.append(
                self.styled("members.others", self.run("members.others", closing.and_others))
            )
        return _Group("closing", closing.title, protos)

    def groups(self) -> list[_Group]:
        doc = self.doc
        out: list[_Group] = []
        for issue in doc.issues:
            if issue.has_situation:
                out.append(self._situation(issue))
            out.append(
                _Group(
                    "content",
                    issue.recommendations_title,
                    [self._recommendation(r) for r in issue.recommendations],
                )
            )
        if doc.other:
            out.append(
                _Group(
                    "content",
                    self.words.other_recommendations,
                    [self._recommendation(r) for r in doc.other],
                )
            )
        out.append(self._closing())
        return out

    # -- geometry -----------------------------------------------------------------------------

    def title_lines(self, text: str, size: float) -> tuple[str, ...]:
        font = self.styles("heading.section").font
        width = self.template.content.title.w if self.template else self.content_w
        return self.m.lines(text, font, size, width * (1 - self.lay.width_safety))

    def template_title_lines(self, size: float) -> int:
        """Lines of ``size`` the template's title placeholder holds (1 at least, 2 at most)."""
        assert self.template is not None
        room = self.template.content.title.h * (1 - self.lay.height_safety)
        return max(1, min(self.lay.title_lines, int(room // (size * self.ls))))

    def title_box_lines(self, group: _Group) -> int:
        """Lines reserved for a group's title: 2, more only if it cannot fit 2 at heading_min.

        With a template, what its title placeholder holds at ``heading_min``.
        """
        if self.template is not None:
            return self.template_title_lines(self.sizes.heading_min)
        longest = self.continued_title(group.title)
        n = len(self.title_lines(longest, self.sizes.heading_min))
        return (
            self.lay.title_lines if n <= self.lay.title_lines else min(n, self.lay.max_title_lines)
        )

    def frame(
        self, title_lines: int, strip: bool = False, kind: Kind = "content"
    ) -> tuple[Box, float, Box, Box | None]:
        """(title box, rule y, body box, logo strip) for content slides with such a title.

        The logo strip (member logos on the closing slides) takes the bottom of the body area.
        With a template, the boxes are the layout's title and body placeholders.
        """
        if self.template is not None:
            return self.template_frame(strip, kind)
        heading = (
            self.sizes.heading if title_lines <= self.lay.title_lines else self.sizes.heading_min
        )
        title_h = max(
            title_lines * heading * self.ls, self.lay.title_lines * self.sizes.heading * self.ls
        )
        title_h /= 1 - self.lay.height_safety
        title = Box(self.left, self.top, self.content_w, title_h)
        rule_y = title.bottom + self.lay.rule_gap_em * self.sizes.heading
        body_y = (
            rule_y + self.lay.rule_weight * self.height + self.lay.body_gap_em * self.sizes.body
        )
        bottom = self.bottom
        logos = None
        if strip:
            logos = Box(self.left, bottom - self.strip_h, self.content_w, self.strip_h)
            bottom -= self.strip_h + self.lay.body_gap_em * self.sizes.body
        body = Box(self.left, body_y, self.content_w, max(bottom - body_y, 0.0))
        return title, rule_y, body, logos

    def template_frame(self, strip: bool, kind: Kind) -> tuple[Box, float, Box, Box | None]:
        assert self.template is not None
        frame = self.template.closing if kind == "closing" else self.template.content
        body = frame.body or Box(frame.title.x, frame.title.bottom, frame.title.w, 0.0)
        rule_y = frame.title.bottom + self.lay.rule_gap_em * self.sizes.heading
        logos = None
        if strip:
            strip_h = min(self.strip_h, body.h / 2)
            logos = Box(body.x, body.bottom - strip_h, body.w, strip_h)
            room = body.h - strip_h - self.lay.body_gap_em * self.sizes.body
            body = Box(body.x, body.y, body.w, max(room, 0.0))
        return frame.title, rule_y, body, logos

    def columns(self, body: Box, page: _Page) -> list[TextBlock]:
        """The body box, or its columns side by side, each holding its paragraphs."""
        n = len(page.columns)
        tag = Role.LIST if any(p.bullet for p in page.paras) else None
        if n <= 1:
            paras = page.columns[0] if page.columns else []
            return [TextBlock(body, tuple(paras), page.size, self.ls, tag=tag)] if paras else []
        width = (body.w - self.gutter) / 2
        return [
            TextBlock(
                Box(body.x + k * (width + self.gutter), body.y, width, body.h),
                tuple(column),
                page.size,
                self.ls,
                tag=tag,
            )
            for k, column in enumerate(page.columns)
        ]

    def decor(self, rule_y: float) -> tuple[Rect, ...]:
        if self.template is not None and not self.lay.template_decorations:
            return ()  # the template's own design stands
        weight = self.lay.rule_weight * self.height
        accent = self.lay.accent_weight * self.height
        return (
            Rect(Box(self.left, rule_y, self.content_w, weight), "rule"),
            Rect(
                Box(
                    self.left,
                    rule_y + (weight - accent) / 2,
                    self.content_w * self.lay.accent_length,
                    accent,
                ),
                "accent",
            ),
        )

    def template_footer(
        self, number: int, kind: Kind
    ) -> tuple[tuple[TextBlock, ...], tuple[str, ...]]:
        """The briefing title and the slide number in the layout's footer and number
        placeholders, where it has them (and the names of those placeholders)."""
        assert self.template is not None
        frame = self.template.closing if kind == "closing" else self.template.content
        blocks: list[TextBlock] = []
        slots: list[str] = []
        size = self.footer_size
        for slot, box, text in (
            ("ftr", frame.footer, self.doc.cover.title),
            ("sldNum", frame.number, str(number)),
        ):
            if box is None or box.h < size * self.ls:
                continue
            block = self._line(text, size, box)
            blocks.append(
                replace(block, anchor="middle", align="right" if slot == "sldNum" else "left")
            )
            slots.append(slot)
        return tuple(blocks), tuple(slots)

    def footer(self, number: int) -> tuple[TextBlock, ...]:
        """Briefing title at the left, slide number at the right, inside the bottom margin."""
        size = self.footer_size
        h = size * self.ls / (1 - self.lay.height_safety)
        y = self.bottom + (self.height - self.bottom - h) / 2
        font = self.styles("footer").font
        sample = self.lay.footer_number_sample
        num_w = self.m.width(sample, font, size) / (1 - self.lay.width_safety)
        num = self._line(str(number), size, Box(self.right - num_w, y, num_w, h))
        left_w = self.content_w - num_w - size
        left = self._line(self.doc.cover.title, size, Box(self.left, y, left_w, h))
        return left, replace(num, align="right")

    def _line(self, text: str, size: float, box: Box) -> TextBlock:
        """A one-line footer block, cut with an ellipsis if too long (footers are decoration)."""
        line = self.styled("footer", self.run("footer", text), tag=Role.ARTIFACT)
        para = self.measure(line, size, box.w, 0.0)
        if len(para.lines) > 1:
            para = self.fit.clip([para], size, size * self.ls, box.w)[0]
        return TextBlock(box, (para,), size, self.ls, tag=Role.ARTIFACT)

    # -- slides ---------------------------------------------------------------------------------

    def logos(
        self, logos: Sequence[Logo], area: Box, align: Align = "center"
    ) -> tuple[Picture, ...]:
        """Logos at one common height in ``area`` (see :func:`place_logos`), rows from its top.

        No logo is taller than ``logo_height``, so a single logo does not swell into a poster.
        """
        cells = place_logos(
            [logo.picture.aspect for logo in logos],
            area.x,
            area.y,
            area.w,
            area.h,
            self.lay.logo_gap_em * self.sizes.body_min,
            max_height=self.lay.logo_height * self.height,
            align=align,
        )
        if not cells:  # no logos, or an area too small for them
            return ()
        return tuple(
            Picture(logo.picture, Box(*cell), logo.alt)
            for logo, cell in zip(logos, cells, strict=True)
        )

    def balance(self, para: Para, size: float, box_w: float) -> Para:
        """Break a two-line title where its lines are most even, preferring a break before "(".

        "Recommendations – Issue 1 / (Human Rights Institutions)" reads better than a greedy
        break that leaves one word alone on the second line.
        """
        words = para.text.split(" ")
        width = self.wrap_width(box_w, para.indent)
        best: tuple[float, int] | None = None
        for i in range(1, len(words)):
            left = self.m.width(" ".join(words[:i]), para.role, size)
            right = self.m.width(" ".join(words[i:]), para.role, size)
            if left > width or right > width:
                continue
            score = max(left, right)
            if words[i].startswith("("):
                score -= self.lay.break_bonus * width
            elif words[i] in self.lay.dashes:  # a line never starts with a dash
                score += self.lay.break_bonus * width
            if best is None or score < best[0]:
                best = (score, i)
        if best is None:
            return para
        first, second = " ".join(words[: best[1]]), " ".join(words[best[1] :])
        text = f"{first}\n{second}"
        return replace(para, text=text, lines=(first, second), runs=(Run(text, para.color),))

    def title_size(self, titles: Iterable[str]) -> float:
        """One title size for the deck: the largest at which every title wraps to 2 lines."""
        sizes = steps(self.sizes.heading, self.sizes.heading_min, self.lay.size_step)
        best = sizes[0]
        for text in titles:
            for size in sizes:
                if size > best:
                    continue
                if len(self.title_lines(text, size)) <= self.lay.title_lines:
                    best = size
                    break
            else:
                best = sizes[-1]
        return best

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

    def title_of(self, page: _Page) -> str:
        """The slide's title, unique in the deck: a group's first slide its title, the next
        "TITLE (cont.)", later ones numbered from the catalog's word: "TITLE (cont. 3)"."""
        group = page.group
        if not page.continued:
            return group.title
        return self.continued_title(group.title, page.part)

    def continued_title(self, title: str, part: int = 2) -> str:
        """``title`` marked as continued, without doubled parentheses: "Recommendations –
        Issue 2 (Child labour, cont.)" rather than "(Child labour) (cont.)"; from the third
        part on numbered, "(…, cont. 3)", so every slide title is unique."""
        mark = self.words.continued if part <= 2 else numbered(self.words.continued, part)
        if title.endswith(")") and mark.startswith("(") and mark.endswith(")"):
            return f"{title[:-1]}{self.lay.continued_join}{mark[1:]}"
        return f"{title} {mark}"

    def slide_title(self, page: _Page, n_lines: int, size: float, box: Box) -> TextBlock:
        """The slide's title, balanced on two lines; past ``n_lines`` cut (the notes keep it)."""
        tag = Role.H1 if page.group.kind == "closing" else Role.H2
        heading = self.styled("heading.section", self.run("heading.section", self.title_of(page)))
        t_paras = self.measure_all([replace(heading, tag=tag)], size, box.w, 0.0)
        if len(t_paras[0].lines) == 2:
            t_paras = [self.balance(t_paras[0], size, box.w)]
        elif len(t_paras[0].lines) > n_lines:
            t_paras = self.fit.clip(t_paras, size, n_lines * size * self.ls, box.w)
            if not page.continued:  # once per group
                self.warnings.append(
                    f"slide title {page.group.title[:60]!r}... is too long for"
                    f" {n_lines} lines at {size:g} pt and is cut on the slide; shorten the"
                    " issue's `title` (the notes keep it in full)"
                )
        return TextBlock(box, tuple(t_paras), size, self.ls, anchor="bottom", tag=tag)

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


def numbered(continued: str, part: int) -> str:
    """The catalog's "continued" mark with a part number: "(cont.)" -> "(cont. 3)",
    "（续）" -> "（续 3）"; a mark without brackets gets the number after it."""
    match = re.fullmatch(r"(.*?)\s*([)）\]]?)", continued, flags=re.S)
    head, close = (match.group(1), match.group(2)) if match else (continued, "")
    return f"{head} {part}{close}"


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
