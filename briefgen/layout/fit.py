"""The fitting engine: paragraphs measured with real font metrics and fitted into any box.

Format-neutral: slides, the PDF's "Key recommendations" handout, or any other rectangle.
Paragraphs start as :class:`Proto` (what they say and how they look); a :class:`Fitter`
measures them at a size into :class:`~briefgen.layout.frames.Para` (wrapped lines, indents,
space after) and decides the largest size at which they fit:

- :meth:`Fitter.fit_block`: one box; the largest size of ``sizes`` that fits, and at the
  smallest the text is cut with an ellipsis (the last resort; callers that must not cut
  check :attr:`Fitted.clipped`).
- :meth:`Fitter.fit_columns`: one box per column, ``columns`` side by side per page; the
  largest size that needs no more pages than the smallest size does, columns balanced, a
  heading (``keep``) never left at the foot of a column, and a heading repeated with the
  "(cont.)" label at the top of a column that starts inside its list.
- :func:`steps`: the sizes to try, from a largest down to a smallest.

Example (the handout: two columns on a page, body size down to the handout minimum)::

    m = Measurer.for_theme(theme)
    fitter = Fitter(m, FitStyle.for_slides(theme, "(cont.)", m))  # or FitStyle(...) by hand
    protos = [proto(("2.1 ", "accent"), ("Ratify the convention", "text"), bullet="➢")]
    pages = fitter.fit_columns(protos, box_w=500, box_h=700,
                               sizes=steps(10.5, 7, 1.0), columns=2, gutter=14)
    if len(pages) > 1:
        warn("the handout needs more than one page at its smallest size")
    for page in pages:  # page.size, page.columns: one list of Para per column

Geometry is in points; colours and fonts are theme role names.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from briefgen.layout.fit_measure import (  # measuring lives there; importable from here too
    ROLES,
    FitStyle,
    Measurer,
    Proto,
    _with_text,
    clean,
    first_true,
    proto,
    steps,
)
from briefgen.layout.frames import Para, Run

__all__ = [
    "ROLES",
    "FitStyle",
    "Fitter",
    "Measurer",
    "Page",
    "Proto",
    "clean",
    "first_true",
    "proto",
    "steps",
]


# ---------------------------------------------------------------------------------------------
# Cutting measured paragraphs
# ---------------------------------------------------------------------------------------------


def _line_starts(text: str, lines: Sequence[str]) -> list[int] | None:
    """Where each wrapped line starts in the text, or None if the lines do not map back."""
    pos = 0
    starts = []
    for line in lines:
        found = text.find(line, pos) if line else pos
        if found < 0:
            return None
        starts.append(found)
        pos = found + len(line)
    return starts


def _remap(para: Para) -> tuple[Para, list[int]]:
    """The paragraph with line offsets; falls back to text rebuilt from its lines."""
    starts = _line_starts(para.text, para.lines)
    if starts is None:  # unusual spacing the wrapper normalised: use the lines as the text
        text = " ".join(para.lines)
        para = replace(para, text=text, runs=(Run(text, para.color),))
        starts = _line_starts(text, para.lines) or [0] * len(para.lines)
    return para, starts


def split_at_line(para: Para, k: int) -> tuple[Para, Para]:
    """Cut a measured paragraph after ``k`` lines; the rest keeps the indent but not the bullet."""
    cut = Cuts(para)
    return cut.piece(0, k), cut.piece(k, len(cut.para.lines))


class Cuts:
    """A paragraph cut into line ranges: its line offsets are found once, so cutting a long
    paragraph into many pieces costs the length of its text once, not once per piece."""

    def __init__(self, para: Para) -> None:
        self.para, self.starts = _remap(para)

    def piece(self, lo: int, hi: int) -> Para:
        """Lines ``lo`` to ``hi``: a piece that ends early drops its trailing space and its keep
        mark; a piece after the first is ``continued`` (same indent, no bullet)."""
        para, starts = self.para, self.starts
        n = len(para.lines)
        if lo == 0 and hi >= n:
            return para
        start = starts[lo] if lo else 0
        end = starts[hi] if hi < n else len(para.text)
        runs = _slice_runs(para.runs, start, end, drop_empty=lo > 0)
        text = para.text[start:end]
        if hi < n:
            runs, text = _rstrip_runs(runs), text.rstrip()
        changes: dict[str, object] = {"keep": False} if hi < n else {}
        if lo:
            changes.update(bullet="", continued=True)
        return replace(para, text=text, lines=para.lines[lo:hi], runs=runs, **changes)  # type: ignore[arg-type]


def _slice_runs(runs: Sequence[Run], start: int, end: int, drop_empty: bool) -> tuple[Run, ...]:
    """The runs' text between ``start`` and ``end`` (what splitting at both would keep)."""
    out: list[Run] = []
    pos = 0
    for run in runs:
        stop = pos + len(run.text)
        if (start and stop <= start) or (stop > end and max(pos, start) >= end):
            pos = stop
            continue
        if pos >= start and stop <= end:
            out.append(run)
        else:
            out.append(_with_text(run, run.text[max(pos, start) - pos : min(stop, end) - pos]))
        pos = stop
    return tuple(r for r in out if r.text) if drop_empty else tuple(out)


def _rstrip_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out = list(runs)
    while out and not out[-1].text.rstrip():
        out.pop()
    if out:
        out[-1] = _with_text(out[-1], out[-1].text.rstrip())
    return tuple(out)


def _truncate_runs(runs: tuple[Run, ...], text: str, mark: str) -> tuple[Run, ...]:
    """Runs cut to a (shorter) text, the ellipsis taking the last kept run's colour."""
    out: list[Run] = []
    pos = 0
    body = text[: -len(mark)] if text.endswith(mark) else text
    for run in runs:
        if pos >= len(body):
            break
        piece = body[pos : pos + len(run.text)]
        out.append(_with_text(run, piece))
        pos += len(run.text)
    if text.endswith(mark):
        if out:
            out[-1] = _with_text(out[-1], out[-1].text.rstrip() + mark)
        else:
            out.append(Run(mark, runs[0].color if runs else "text"))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------------------------

Entry = tuple[Para, Para | None]  # a paragraph and the "(cont.)" heading to repeat above it


@dataclass(frozen=True)
class Page:
    """One page (slide, sheet) of fitted text: one list of paragraphs per column."""

    columns: list[list[Para]]
    size: float
    continued: bool

    @property
    def paras(self) -> list[Para]:
        return [p for column in self.columns for p in column]


class Fitter:
    """Measures prototypes with one :class:`Measurer` and :class:`FitStyle` and fits them."""

    def __init__(self, measurer: Measurer, style: FitStyle) -> None:
        self.m = measurer
        self.style = style
        self.ls = style.line_spacing
        # Fitting tries sizes and layouts again and again: a paragraph is measured once per
        # (prototype, size, width, space) for the life of this fitter (one build's layout).
        self._measured: dict[tuple[int, float, float, float], tuple[Proto, Para]] = {}

    # -- paragraphs -------------------------------------------------------------------------

    def indents(self, level: int, size: float) -> tuple[float, float]:
        """(bullet x, text x) for a level at a size: level 1 bullets align with level 0 text."""
        point, sub = self.style.hang
        if level <= 0:
            return 0.0, point * size
        bullet_x = (point + (level - 1) * sub) * size
        return bullet_x, bullet_x + sub * size

    def wrap_width(self, box_w: float, indent: float) -> float:
        return (box_w - indent) * (1 - self.style.width_safety)

    def measure(self, proto: Proto, size: float, box_w: float, space: float) -> Para:
        """Measure a paragraph at a size in a block of width ``box_w`` (once: kept)."""
        key = (id(proto), size, box_w, space)
        kept = self._measured.get(key)
        if kept is not None and kept[0] is proto:
            return kept[1]
        para = self.measured(proto, size, box_w, space)
        self._measured[key] = (proto, para)  # the prototype kept alive keeps its id unique
        return para

    def measured(self, proto: Proto, size: float, box_w: float, space: float) -> Para:
        """:meth:`measure` without keeping: what a fitter of another medium overrides."""
        bullet_x, text_x = self.indents(proto.level, size) if proto.bullet else (0.0, 0.0)
        text = proto.text
        return Para(
            text=text,
            level=proto.level,
            bullet=proto.bullet,
            role=proto.role,
            color=proto.color,
            space_after=space * size * (self.style.sub_space if proto.tight else 1.0),
            lines=self.m.lines(text, proto.role, size, self.wrap_width(box_w, text_x)),
            runs=proto.runs,
            indent=text_x,
            bullet_indent=bullet_x,
            keep=proto.keep,
            tag=proto.tag,
        )

    def measure_all(
        self, protos: Sequence[Proto], size: float, box_w: float, space: float | None = None
    ) -> list[Para]:
        gap = self.style.paragraph_space if space is None else space
        return [self.measure(p, size, box_w, gap) for p in protos]

    def total(self, paras: Iterable[Para], size: float) -> float:
        return sum(p.height(size, self.ls) for p in paras)

    # -- one box ----------------------------------------------------------------------------

    def fit_block(
        self,
        protos: Sequence[Proto],
        box_w: float,
        box_h: float,
        sizes: Sequence[float],
        space: float | None = None,
    ) -> tuple[float, list[Para]]:
        """Largest size at which the paragraphs fit; at the smallest, cut with an ellipsis."""
        cap = box_h * (1 - self.style.height_safety)

        def fits(i: int) -> bool:
            paras = self.measure_all(protos, sizes[i], box_w, space)
            return self.total(paras, sizes[i]) <= cap

        i = first_true(len(sizes), fits)
        if i < len(sizes):
            return sizes[i], self.measure_all(protos, sizes[i], box_w, space)
        size = sizes[-1]
        return size, self.clip(self.measure_all(protos, size, box_w, space), size, cap, box_w)

    def fits(
        self,
        protos: Sequence[Proto],
        box_w: float,
        box_h: float,
        size: float,
        space: float | None = None,
    ) -> bool:
        """Whether the paragraphs fit the box whole at ``size`` (nothing would be cut)."""
        paras = self.measure_all(protos, size, box_w, space)
        return self.total(paras, size) <= box_h * (1 - self.style.height_safety)

    def clip(self, paras: list[Para], size: float, cap: float, box_w: float) -> list[Para]:
        """Keep what fits and end the last kept line with an ellipsis (pathological input only)."""
        lh = size * self.ls
        out: list[Para] = []
        used = 0.0
        for para in paras:
            h = para.height(size, self.ls)
            if used + h <= cap:
                out.append(para)
                used += h
                continue
            k = int((cap - used - para.space_after) // lh)
            if k >= 1:
                head, _ = split_at_line(para, k)
                out.append(self.ellipsis(head, size, box_w))
            elif out:
                out[-1] = self.ellipsis(out[-1], size, box_w)
            break
        return out

    def ellipsis(self, para: Para, size: float, box_w: float) -> Para:
        """End a paragraph's last line with the ellipsis, trimming it until it fits."""
        mark = self.style.ellipsis
        para, starts = _remap(para)
        width = self.wrap_width(box_w, para.indent)
        last = para.text[starts[-1] :] if starts else ""
        while last and self.m.width(last.rstrip() + mark, para.role, size) > width:
            last = last[:-1]
        tail = last.rstrip() + mark
        text = para.text[: starts[-1] if starts else 0] + tail
        return replace(
            para,
            text=text,
            lines=(*para.lines[:-1], tail),
            runs=_truncate_runs(para.runs, text, mark),
        )

    # -- columns and pages ------------------------------------------------------------------

    def paginate(
        self, entries: Sequence[Entry], size: float, soft: float, hard: float
    ) -> list[list[Para]]:
        """Fill columns up to ``soft``; split inside a bullet only if it exceeds ``hard``.

        ``entries`` pair each paragraph with the "(cont.)" copy of its heading bullet, repeated
        at the top of a column that starts inside that heading's list. A heading (``keep``)
        never ends a column with its first sub-bullet in the next.

        One loop with its states (fresh column, split, carry the kept headings) written out:
        split into helpers it would pass six values back and forth on every paragraph.
        """
        lh = size * self.ls
        pages: list[list[Para]] = [[]]
        used = 0.0
        fresh = True  # the column holds nothing but a repeated heading (or nothing)
        # (paragraph, its cuts once it has been cut, first line still to place, heading)
        queue: list[tuple[Para, Cuts | None, int, Para | None]] = [
            (para, None, 0, head) for para, head in reversed(entries)
        ]
        while queue:
            para, cuts, lo, head = queue.pop()
            page = pages[-1]
            if not page and head is not None:
                page.append(head)
                used = head.height(size, self.ls)
            left = len(para.lines) - lo
            h = left * size * self.ls + para.space_after if lo else para.height(size, self.ls)
            room = (hard if fresh else soft) - used
            if h <= room:
                page.append(cuts.piece(lo, len(para.lines)) if cuts else para)
                used += h
                fresh = False
                continue
            if fresh or h > hard:  # moving on would not help: continue it on the next column
                k = int((room - para.space_after) // lh)
                if not fresh:
                    k = k if k >= min(2, left - 1) else 0
                elif not page:
                    k = max(k, 1)  # a box smaller than one line: pathological theme
                if k >= left:
                    page.append(cuts.piece(lo, len(para.lines)) if cuts else para)
                    used += h
                    fresh = False
                    continue
                if k >= 1:
                    cuts = cuts or Cuts(para)
                    page.append(cuts.piece(lo, lo + k))
                    queue.append((para, cuts, lo + k, head))
                    pages.append([])
                    used, fresh = 0.0, True
                    continue
                if fresh:  # not even one line fits under the repeated heading: drop it
                    page.clear()
                    used = 0.0
                    queue.append((para, cuts, lo, None))
                    continue
            moved = 0
            while moved < len(page) - 1 and page[-1 - moved].keep:
                moved += 1
            carried = page[len(page) - moved :]
            del page[len(page) - moved :]
            pages.append(carried)
            used, fresh = self.total(carried, size), not carried
            queue.append((para, cuts, lo, head))
        return [p for p in pages if p]

    def entries(
        self, protos: Sequence[Proto], size: float, box_w: float, heads: bool
    ) -> list[Entry]:
        """Measured paragraphs, each with the "(cont.)" heading to repeat above it, if any."""
        out: list[Entry] = []
        head: Para | None = None
        space = self.style.paragraph_space
        for p in protos:
            para = self.measure(p, size, box_w, space)
            if p.level > 0:
                out.append((para, head))
                continue
            head = None
            if heads and p.keep:
                more = Run(" " + self.style.continued, p.color)
                head = self.measure(replace(p, runs=(*p.runs, more)), size, box_w, space)
            out.append((para, None))
        return out

    def fit_columns(
        self,
        protos: Sequence[Proto],
        box_w: float,
        box_h: float,
        sizes: Sequence[float],
        columns: int = 1,
        gutter: float = 0.0,
    ) -> list[Page]:
        """One page at the largest size that fits, else the fewest "(cont.)" pages, balanced.

        ``columns`` columns of ``(box_w - gutter * (columns - 1)) / columns`` per page, each
        ``box_h`` tall. Headings are repeated on continuation columns ("New needs (cont.)"), even
        where that costs a page: a reader must see which list the items belong to.
        """
        cap = box_h * (1 - self.style.height_safety)
        if not protos:
            return [Page([[]], sizes[0], False)]
        col_w = (box_w - (columns - 1) * gutter) / columns
        cache: dict[tuple[float, bool], list[Entry]] = {}

        def entries(size: float, heads: bool = False) -> list[Entry]:
            if (size, heads) not in cache:
                cache[size, heads] = self.entries(protos, size, col_w, heads)
            return cache[size, heads]

        def height(size: float) -> float:
            return self.total((p for p, _ in entries(size)), size)

        if columns == 1:
            i = first_true(len(sizes), lambda i: height(sizes[i]) <= cap)
            if i < len(sizes):
                return [Page([[p for p, _ in entries(sizes[i])]], sizes[i], False)]

        def count(size: float, heads: bool, soft: float = cap) -> int:
            return len(self.paginate(entries(size, heads), size, soft, cap))

        def pages(size: float, heads: bool) -> int:
            return math.ceil(count(size, heads) / columns)

        heads = True
        n = pages(sizes[-1], heads)
        j = first_true(len(sizes), lambda j: pages(sizes[j], heads) <= n)
        size = sizes[min(j, len(sizes) - 1)]
        # Balance: the lowest fill height that needs no more columns.
        lo, hi = height(size) / (n * columns) * 0.9, cap
        for _ in range(12):
            mid = (lo + hi) / 2
            if count(size, heads, mid) <= n * columns:
                hi = mid
            else:
                lo = mid
        cols = self.paginate(entries(size, heads), size, hi, cap)
        return [Page(cols[k : k + columns], size, k > 0) for k in range(0, len(cols), columns)]
