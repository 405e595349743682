"""The "Key recommendations" handout as frames, fitted by the shared engine (layout/fit.py).

Every recommendation, under its issue's label, in ``layout.pdf.handout_columns`` columns. The
text starts at the body size and shrinks (in steps of ``handout_step`` x body) until it fits
one page, but never below the theme's ``pdf.handout_min_size``: what does not fit one page at
that size continues on more pages, each headed "Key recommendations (cont.)", and the build
warns. On one page, each issue (its label and recommendations) stays whole in one column and
the columns are balanced (:class:`Grouped`), at a smaller size when that is what keeps the
issues whole; otherwise an issue label never ends a column without its first
recommendation, and a recommendation taller than a column is split between lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.layout.document import Document, Numbered
from briefgen.layout.fit import (
    FitStyle,
    Fitter,
    Measurer,
    Page,
    Proto,
    first_true,
    proto,
    steps,
)
from briefgen.layout.frames import Box, Para, Rect, TextBlock
from briefgen.layout.pdf_pages import FramePage, Geometry, Item, Metrics, Stacker, Text
from briefgen.layout.roles import Role
from briefgen.theme import Theme

__all__ = ["layout_handout"]


def _protos(doc: Document) -> list[Proto]:
    """Issue labels (kept with their first recommendation), each followed by its
    recommendations, the number as the paragraph's bullet."""
    groups: list[tuple[str, tuple[Numbered, ...]]] = [
        (i.heading, i.recommendations) for i in doc.issues if i.recommendations
    ]
    if doc.other:
        groups.append((doc.words.other_recommendations, doc.other))
    out: list[Proto] = []
    for heading, recs in groups:
        out.append(proto((heading, "heading"), role="bold", keep=True, tag=Role.H2))
        out.extend(proto((r.text, "text"), bullet=r.number, tag=Role.RECOMMENDATION) for r in recs)
    return out


class Grouped:
    """One handout page whose issues each stay in one column, the columns balanced.

    The engine balances paragraph by paragraph, so an issue may start at the foot of one
    column and end in the next. Here the groups (an issue's label and its recommendations)
    go to the columns whole and in order, and the tallest column is made as short as the
    groups allow; a page is found only when every group fits in one column and there are at
    least as many groups as columns (one issue alone is balanced across the columns).
    """

    def __init__(
        self,
        fitter: Fitter,
        protos: Sequence[Proto],
        box_w: float,
        box_h: float,
        columns: int,
        gutter: float,
    ) -> None:
        self.fitter, self.protos, self.box_h, self.columns = fitter, protos, box_h, columns
        self.col_w = (box_w - (columns - 1) * gutter) / columns

    def page(self, sizes: Sequence[float]) -> list[Page] | None:
        """The page at the largest of ``sizes`` that keeps every group whole, if any."""
        for size in sizes:
            groups = self.groups(size)
            if len(groups) < self.columns:  # fewer issues than columns: the engine balances
                return None
            starts = self.balance([self.heights(g, size) for g in groups])
            if starts is not None:
                ends = [*starts[1:], len(groups)]
                cols = [
                    [p for g in groups[a:b] for p in g] for a, b in zip(starts, ends, strict=True)
                ]
                return [Page(cols, size, False)]
        return None

    def groups(self, size: float) -> list[list[Para]]:
        """The measured paragraphs, one list per issue label and its recommendations."""
        out: list[list[Para]] = []
        for para, _ in self.fitter.entries(self.protos, size, self.col_w, False):
            if para.tag is Role.H2 or not out:
                out.append([para])
            else:
                out[-1].append(para)
        return out

    def heights(self, group: list[Para], size: float) -> tuple[float, float]:
        """A group's height with the space after it, and that space."""
        return self.fitter.total(group, size), group[-1].space_after

    def balance(self, heights: Sequence[tuple[float, float]]) -> list[int] | None:
        """Where each column starts (group indices): the lowest limit on a column's height at
        which the groups, in order, fill no more than the columns (None: none fits a page)."""
        n = len(heights)

        def column(i: int, j: int) -> float:  # groups i..j-1, without the last one's space
            return sum(h for h, _ in heights[i:j]) - heights[j - 1][1]

        def starts(limit: float) -> list[int]:
            out, first = [0], 0
            for k in range(1, n):
                if column(first, k + 1) > limit:
                    out.append(k)
                    first = k
            return out

        limits = sorted({column(i, j) for i in range(n) for j in range(i + 1, n + 1)})
        limits = [x for x in limits if x <= self.box_h]
        found = first_true(len(limits), lambda k: len(starts(limits[k])) <= self.columns)
        if found == len(limits) or any(column(k, k + 1) > self.box_h for k in range(n)):
            return None
        return starts(limits[found])


def _head(doc: Document, theme: Theme, first: bool) -> list[Text]:
    s, lay, words = theme.pdf.sizes, theme.layout.pdf, doc.words
    if not first:
        label = doc.continued(words.key_recommendations)
        return [Text(label, s.heading1, "bold", "heading", tag=Role.H1)]
    head = [
        Text(words.key_recommendations, s.heading1, "bold", "heading", tag=Role.H1),
        Text(doc.cover.title, s.heading2, "bold", "text", lay.h2_after * s.heading2),
    ]
    if doc.cover.country:
        head.append(Text(doc.cover.country, s.body, "regular", "muted", lay.item_after * s.body))
    return head


def _page(
    k: int, page: Page, doc: Document, theme: Theme, geo: Geometry, st: Stacker, col_w: float
) -> FramePage:
    """One handout page: head, rule, columns with rules between them."""
    s, lay = theme.pdf.sizes, theme.layout.pdf
    items: list[Item] = list(st.stack(_head(doc, theme, k == 0), geo.top))
    weight = lay.rule * s.small
    y = max(i.box.bottom for i in items) + lay.h1_rule_after * s.body
    items.append(Rect(Box(geo.left, y - weight / 2, geo.frame_width, weight), "rule"))
    y += lay.h1_rule_after * s.body
    gutter = lay.handout_gutter * s.body
    bottom = geo.height - geo.bottom
    for c, column in enumerate(page.columns):
        x = geo.left + c * (col_w + gutter)
        if c:
            items.append(Rect(Box(x - gutter / 2 - weight / 2, y, weight, bottom - y), "rule"))
        box = Box(x, y, col_w, bottom - y)
        items.append(TextBlock(box, tuple(column), page.size, theme.pdf.leading, tag=Role.LIST))
    anchor = ("handout", doc.words.key_recommendations) if k == 0 else ("", "")
    return FramePage(tuple(items), Role.LIST, *anchor)


def layout_handout(
    doc: Document, theme: Theme, geo: Geometry, metrics: Metrics, warnings: list[str]
) -> tuple[FramePage, ...]:
    """The handout's pages; more than one adds a warning."""
    s, lay = theme.pdf.sizes, theme.layout.pdf
    st = Stacker(theme, geo, metrics)
    head = st.stack(_head(doc, theme, True), geo.top)
    top = max(b.box.bottom for b in head) + 2 * lay.h1_rule_after * s.body
    m = Measurer.for_theme(theme)
    numbers = [r.number for r in doc.all_recommendations]
    room = max((m.width(n, "bold", 1.0) for n in numbers), default=0.0) + lay.handout_number_gap
    fit_style = FitStyle(
        line_spacing=theme.pdf.leading,
        paragraph_space=lay.handout_after,
        hang=(room, 0.0),
        continued=doc.words.continued,
        width_safety=0.0,
        height_safety=0.0,
        sub_space=1.0,
        ellipsis=lay.cut_mark,
    )
    columns, gutter = lay.handout_columns, lay.handout_gutter * s.body
    low = min(theme.pdf.handout_min_size, s.body)
    fitter = Fitter(m, fit_style)
    protos = _protos(doc)
    box_h = geo.height - geo.bottom - top

    def fit(sizes: list[float]) -> list[Page]:
        return fitter.fit_columns(
            protos, geo.frame_width, box_h, sizes, columns=columns, gutter=gutter
        )

    sizes = steps(s.body, low, lay.handout_step * s.body)
    pages = fit(sizes)
    if len(pages) > 1:  # more pages: all at the smallest legible size, as the warning says
        pages = fit([low])
    else:  # one page: each issue whole in one column, if a size that fits allows it
        kept = Grouped(fitter, protos, geo.frame_width, box_h, columns, gutter)
        pages = kept.page([z for z in sizes if z <= pages[0].size]) or pages
    col_w = (geo.frame_width - gutter * (columns - 1)) / columns
    if len(pages) > 1:
        warnings.append(
            f"the key recommendations handout needs {len(pages)} pages at the smallest"
            f" legible size ({pages[0].size:g} pt); shorten the recommendations or leave the"
            " handout out (--no-handout)"
        )
    return tuple(_page(k, p, doc, theme, geo, st, col_w) for k, p in enumerate(pages))
