"""Deck layout, part 2: slide titles: one size for the deck, lines reserved, balanced
two-line titles and the "(cont.)" titles of continued slides (see :mod:`briefgen.layout.slides`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from briefgen.layout.fit import Measurer, steps
from briefgen.layout.frames import Box, Para, Run, TextBlock
from briefgen.layout.roles import Role
from briefgen.layout.slide_groups import SlideGroups, _Group, _Page
from briefgen.layout.template_plan import TemplatePlan


class SlideTitles(SlideGroups):
    """Titles of the deck's slides; the engine (:class:`DeckEngine`) sets these attributes."""

    m: Measurer
    template: TemplatePlan | None
    content_w: float
    ls: float
    warnings: list[str]

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


def numbered(continued: str, part: int) -> str:
    """The catalog's "continued" mark with a part number: "(cont.)" -> "(cont. 3)",
    "（续）" -> "（续 3）"; a mark without brackets gets the number after it."""
    match = re.fullmatch(r"(.*?)\s*([)）\]]?)", continued, flags=re.S)
    head, close = (match.group(1), match.group(2)) if match else (continued, "")
    return f"{head} {part}{close}"
