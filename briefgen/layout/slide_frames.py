"""Deck layout, part 3: the geometry of a content slide: title, rule, body (in columns),
logo strip and footer, on the theme's margins or a template's placeholders (see
:mod:`briefgen.layout.slides`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from briefgen.layout.deck import Kind
from briefgen.layout.document import Logo
from briefgen.layout.frames import Align, Box, Para, Picture, Rect, TextBlock
from briefgen.layout.logos import Anchor, place_logos
from briefgen.layout.roles import Role
from briefgen.layout.slide_groups import _Page
from briefgen.layout.slide_titles import SlideTitles


class SlideFrames(SlideTitles):
    """Boxes of a slide; the engine (:class:`DeckEngine`) sets these attributes."""

    left: float
    right: float
    top: float
    bottom: float
    height: float
    strip_h: float
    footer_size: float

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
        """The body box, or its columns side by side, each holding its paragraphs, balanced
        (see :meth:`balanced`)."""
        n = len(page.columns)
        tag = Role.LIST if any(p.bullet for p in page.paras) else None
        body, cols = self.balanced(body, page.columns, page.size)
        if n <= 1:
            paras = cols[0] if cols else []
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
            for k, column in enumerate(cols)
        ]

    def balanced(
        self, body: Box, columns: Sequence[Sequence[Para]], size: float
    ) -> tuple[Box, list[list[Para]]]:
        """A sparse slide's body balanced with space, one rule for every slide: the spacing
        after its paragraphs grows (by one factor for all, to ``fill_space_max`` at most)
        until the tallest column fills the body; the height still empty is shared,
        ``fill_place`` of it above the text (the box moves down, its bottom stays)."""
        cap = body.h * (1 - self.lay.height_safety)
        lh = size * self.ls
        factor = self.lay.fill_space_max
        for column in columns:
            if not column:
                continue
            lines = sum(len(p.lines) for p in column) * lh
            spaces = sum(p.space_after for p in column)
            if spaces > 0:
                factor = min(factor, (cap - lines) / spaces)
        factor = max(factor, 1.0)
        grown = [[replace(p, space_after=p.space_after * factor) for p in c] for c in columns]
        used = max((sum(p.height(size, self.ls) for p in c) for c in grown), default=0.0)
        drop = max(cap - used, 0.0) * self.lay.fill_place
        return Box(body.x, body.y + drop, body.w, body.h - drop), grown

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

    def logos(
        self, logos: Sequence[Logo], area: Box, align: Align = "center", anchor: Anchor = "top"
    ) -> tuple[Picture, ...]:
        """Logos at one common height in ``area`` (see :func:`place_logos`), rows from its top
        (or its foot: ``anchor``).

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
            anchor=anchor,
        )
        if not cells:  # no logos, or an area too small for them
            return ()
        return tuple(
            Picture(logo.picture, Box(*cell), logo.alt)
            for logo, cell in zip(logos, cells, strict=True)
        )
