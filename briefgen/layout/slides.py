"""The slide layout engine: decides every slide, box, font size and line before drawing.

Format-neutral on purpose (no python-pptx here): the PPTX renderer only draws what this
module decided, and the tests check the decisions without opening a deck. Text is measured
with the theme's real TrueType metrics, so a slide that would overflow is never produced: a
body first shrinks (``sizes.body`` -> ``sizes.body_min``), then continues on "(cont.)" slides,
splitting between bullets and, only when one bullet cannot fit a whole slide, inside it.

Geometry is in points (1/72 inch) from the slide's top-left corner; colours and fonts are theme
role names (``"accent"``, ``"bold"``), resolved by the renderer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from briefgen import fonts
from briefgen.layout import measure
from briefgen.layout.document import Document, IssueBlock, Logo, Numbered, Point
from briefgen.layout.frames import Align, Box, Para, Picture, Rect, Run, TextBlock
from briefgen.layout.logos import place_logos
from briefgen.theme import Theme

__all__ = [
    "ASPECTS",
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

Kind = Literal["title", "content", "closing"]

POINTS_PER_INCH = 72.0
ASPECTS: dict[str, tuple[float, float]] = {"16:9": (40 / 3, 7.5), "4:3": (10.0, 7.5)}  # inches
ROLES = ("regular", "bold", "italic", "bold_italic", "symbols")

# Safety margins for renderer differences (kerning, hinting, rounding to EMU): text is wrapped
# to a slightly narrower width, and blocks are filled to slightly less than their height.
WIDTH_SAFETY = 0.02
HEIGHT_SAFETY = 0.02
SIZE_STEP = 1.0  # points; body and title sizes shrink in these steps

# Design proportions (of font sizes or of the slide), kept here so the renderer has no literals.
BULLET_GAP_EM = 0.45  # space between a bullet glyph and its text
SUB_SPACE = 0.5  # space after a bullet followed by its own sub-bullet, relative to the full space
TITLE_LINES = 2  # titles wrap to at most this many lines before the title box grows
MAX_TITLE_LINES = 4  # beyond this a pathological title is cut with an ellipsis (notes keep it)
RULE_GAP_EM = 0.35  # title box -> rule, in heading sizes
BODY_GAP_EM = 0.75  # rule -> body, in body sizes
RULE_WEIGHT = 1.0 / 540  # of the slide height
ACCENT_WEIGHT = 4.0 / 540  # the short accent segment on the rule
ACCENT_LENGTH = 0.12  # of the content width
FOOTER_EM = 0.75  # footer size, in sizes.body_min
BAND = 0.58  # title slide colour band, of the slide height
STRIPE = 6.0 / 540  # accent stripe under the band, of the slide height
LOGO_AREA = 0.3  # title slide logo area, of the content width
LOGO_STRIP = 0.1  # closing slides' strip of member logos, of the slide height, at least
LOGO_STRIP_MAX = 0.2  # ... and at most, when many logos need more rows to stay legible
LOGO_MIN = 0.06  # of the slide height: the strip grows (to LOGO_STRIP_MAX) to keep logos this tall
LOGO_HEIGHT = 0.16  # tallest a logo is drawn, of the slide height
STRIP_STEPS = 24  # bisection steps for the strip height (well under a point)
LOGO_GAP_EM = 1.5  # between logos, in body_min sizes
GUTTER_EM = 1.0  # between the closing slide's member columns, in body sizes
BREAK_BONUS = 0.3  # of the line width: how much a title prefers to break before "("
DASHES = ("–", "—", "-")
ELLIPSIS = "…"
_SPACES = re.compile(r"[^\S\xa0]+")


# ---------------------------------------------------------------------------------------------
# The neutral frame
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    kind: Kind
    title: TextBlock
    body: TextBlock | None
    notes: str
    seconds: float
    running_seconds: float
    number: int = 0
    continued: bool = False
    extras: tuple[TextBlock, ...] = ()  # more body: a second column, the title slide's facts
    footer: tuple[TextBlock, ...] = ()
    shapes: tuple[Rect, ...] = ()
    pictures: tuple[Picture, ...] = ()

    @property
    def blocks(self) -> tuple[TextBlock, ...]:
        """Every text frame on the slide, for renderers and overflow checks."""
        return (self.title, *((self.body,) if self.body else ()), *self.extras, *self.footer)


@dataclass(frozen=True)
class Deck:
    width: float
    height: float
    slides: tuple[Slide, ...]
    total_seconds: float
    aspect: str = "16:9"


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """One space between words: what a renderer shows, and what line offsets are counted in."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class _Proto:
    """A paragraph before measuring: what it says and how it looks, not yet its size."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str = ""
    role: str = "regular"
    color: str = "text"
    keep: bool = False  # keep with the next paragraph (a heading bullet and its first sub)
    tight: bool = False  # a sub-bullet follows: less space after

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _proto(*parts: tuple[str, str], **kwargs: object) -> _Proto:
    """Build runs from (text, colour) pairs: spaces collapsed, empty runs dropped."""
    runs = [Run(_SPACES.sub(" ", t), c) for t, c in parts if t]
    if runs:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].color)
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].color)
    return _Proto(runs=tuple(r for r in runs if r.text), **kwargs)  # type: ignore[arg-type]


class _Measurer:
    """Wraps text with the theme's metrics; caches by (text, role, size, width)."""

    def __init__(self, theme: Theme) -> None:
        fallbacks = theme.fallback_specs()
        self.metrics = {role: fonts.chain(theme.font_spec(role), fallbacks) for role in ROLES}
        self._cache: dict[tuple[str, str, float, float], tuple[str, ...]] = {}

    def width(self, text: str, role: str, size: float) -> float:
        return self.metrics[role].width(text, size)

    def lines(self, text: str, role: str, size: float, width: float) -> tuple[str, ...]:
        key = (text, role, size, width)
        hit = self._cache.get(key)
        if hit is None:
            metrics = self.metrics[role]
            hit = tuple(
                measure.wrap(_long_words_first(text, metrics, size, width), metrics, size, width)
            )
            self._cache[key] = hit
        return hit


def _long_words_first(text: str, metrics: fonts.FontMetrics, size: float, width: float) -> str:
    """Start a word wider than the line on a line of its own, as PowerPoint and LibreOffice do.

    reportlab (which measure.wrap follows) begins such a word on the current line; slide
    renderers move it down first, which can cost one line more.
    """
    shortest = width / (size * 1.6)  # no glyph in a text font is wider than 1.6 em
    words = text.split(" ")
    if all(len(w) < shortest for w in words):
        return text
    out = [
        ("\n" + w)
        if i
        and len(w) >= shortest
        and not measure.has_ideographs(w)  # breaks between its ideographs like the rest
        and metrics.width(w, size) > width
        else w
        for i, w in enumerate(words)
    ]
    return " ".join(out).replace(" \n", "\n")


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


def _split_at_line(para: Para, k: int) -> tuple[Para, Para]:
    """Cut a measured paragraph after ``k`` lines; the rest keeps the indent but not the bullet."""
    para, starts = _remap(para)
    cut = starts[k]
    head_runs, tail_runs = _split_runs(para.runs, cut)
    head = replace(
        para,
        text=para.text[:cut].rstrip(),
        lines=para.lines[:k],
        runs=_rstrip_runs(head_runs),
        keep=False,
    )
    tail = replace(
        para, text=para.text[cut:], lines=para.lines[k:], runs=tail_runs, bullet="", continued=True
    )
    return head, tail


def _split_runs(runs: Sequence[Run], cut: int) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    head: list[Run] = []
    tail: list[Run] = []
    pos = 0
    for run in runs:
        end = pos + len(run.text)
        if end <= cut:
            head.append(run)
        elif pos >= cut:
            tail.append(run)
        else:
            head.append(Run(run.text[: cut - pos], run.color))
            tail.append(Run(run.text[cut - pos :], run.color))
        pos = end
    return tuple(head), tuple(r for r in tail if r.text)


def _rstrip_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out = list(runs)
    while out and not out[-1].text.rstrip():
        out.pop()
    if out:
        out[-1] = Run(out[-1].text.rstrip(), out[-1].color)
    return tuple(out)


def _steps(high: float, low: float) -> list[float]:
    """Sizes to try, largest first: ``high`` down to ``low`` in SIZE_STEP steps, ``low`` last."""
    if low >= high:
        return [high]
    out = [high]
    while out[-1] - SIZE_STEP > low + 1e-9:
        out.append(out[-1] - SIZE_STEP)
    out.append(low)
    return out


def _first_true(n: int, pred: Callable[[int], bool]) -> int:
    """Smallest i in [0, n) with pred(i) true, for a predicate false-then-true; n if none."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def format_duration(seconds: float) -> str:
    """``95`` -> ``1:35``: how presenters read talk times."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


@dataclass
class _Group:
    """One logical slide before fitting: may become several "(cont.)" slides."""

    kind: Kind
    title: str
    protos: list[_Proto]


@dataclass
class _Page:
    """One slide of a group: one list of paragraphs per column."""

    group: _Group
    columns: list[list[Para]]
    size: float
    continued: bool

    @property
    def paras(self) -> list[Para]:
        return [p for column in self.columns for p in column]


class _Engine:
    """Holds the geometry and measuring caches of one deck while it is laid out."""

    def __init__(self, document: Document, theme: Theme, aspect: str) -> None:
        self.doc = document
        self.theme = theme
        self.aspect = aspect
        self.words = document.words
        self.style = theme.slides
        self.sizes = theme.slides.sizes
        self.ls = theme.slides.line_spacing
        self.m = _Measurer(theme)
        w_in, h_in = ASPECTS[aspect]
        self.width = w_in * POINTS_PER_INCH
        self.height = h_in * POINTS_PER_INCH
        margins = theme.slides.margins
        self.left = margins.left * POINTS_PER_INCH
        self.right = self.width - margins.right * POINTS_PER_INCH
        self.top = margins.top * POINTS_PER_INCH
        self.bottom = self.height - margins.bottom * POINTS_PER_INCH
        self.content_w = self.right - self.left
        bullets = theme.bullets
        glyphs = (bullets.point, bullets.member)
        self.point_hang_em = max(self.m.width(g, "symbols", 1.0) for g in glyphs) + BULLET_GAP_EM
        self.sub_hang_em = self.m.width(bullets.sub, "symbols", 1.0) + BULLET_GAP_EM
        self.footer_size = self.sizes.body_min * FOOTER_EM
        self.gutter = GUTTER_EM * self.sizes.body
        self.strip_h = self._strip_height()

    def _strip_height(self) -> float:
        """The closing slides' logo strip: LOGO_STRIP of the slide, or taller for many logos.

        It grows, to LOGO_STRIP_MAX at most, until the member logos are drawn at least
        LOGO_MIN tall (in more rows), so fifteen logos make a grid rather than a row of specks.
        """
        low, high = LOGO_STRIP * self.height, LOGO_STRIP_MAX * self.height

        def logo_height(strip: float) -> float:
            cells = self.logos(self.doc.member_logos, Box(0.0, 0.0, self.content_w, strip))
            return cells[0].box.h if cells else 0.0

        # as tall as wanted, or as tall as the largest strip allows if that is less
        want = min(LOGO_MIN * self.height, logo_height(high))
        if logo_height(low) >= want:
            return low
        for _ in range(STRIP_STEPS):  # the logos never get smaller as the strip grows
            middle = (low + high) / 2
            low, high = (low, middle) if logo_height(middle) >= want else (middle, high)
        return high

    # -- paragraphs ---------------------------------------------------------------------------

    def _indents(self, level: int, size: float) -> tuple[float, float]:
        """(bullet x, text x) for a level at a size: level 1 bullets align with level 0 text."""
        if level <= 0:
            return 0.0, self.point_hang_em * size
        bullet_x = (self.point_hang_em + (level - 1) * self.sub_hang_em) * size
        return bullet_x, bullet_x + self.sub_hang_em * size

    def measure(self, proto: _Proto, size: float, box_w: float, space: float) -> Para:
        """Measure a paragraph at a size in a block of width ``box_w``."""
        bullet_x, text_x = self._indents(proto.level, size) if proto.bullet else (0.0, 0.0)
        text = proto.text
        return Para(
            text=text,
            level=proto.level,
            bullet=proto.bullet,
            role=proto.role,
            color=proto.color,
            space_after=space * size * (SUB_SPACE if proto.tight else 1.0),
            lines=self.m.lines(text, proto.role, size, self.wrap_width(box_w, text_x)),
            runs=proto.runs,
            indent=text_x,
            bullet_indent=bullet_x,
            keep=proto.keep,
        )

    @staticmethod
    def wrap_width(box_w: float, indent: float) -> float:
        return (box_w - indent) * (1 - WIDTH_SAFETY)

    def measure_all(
        self, protos: Sequence[_Proto], size: float, box_w: float, space: float | None = None
    ) -> list[Para]:
        gap = self.style.paragraph_space if space is None else space
        return [self.measure(p, size, box_w, gap) for p in protos]

    def total(self, paras: Iterable[Para], size: float) -> float:
        return sum(p.height(size, self.ls) for p in paras)

    # -- fitting ------------------------------------------------------------------------------

    def fit_block(
        self,
        protos: Sequence[_Proto],
        box_w: float,
        box_h: float,
        sizes: Sequence[float],
        space: float | None = None,
    ) -> tuple[float, list[Para]]:
        """Largest size at which the paragraphs fit; at the smallest, cut with an ellipsis."""
        cap = box_h * (1 - HEIGHT_SAFETY)

        def fits(i: int) -> bool:
            paras = self.measure_all(protos, sizes[i], box_w, space)
            return self.total(paras, sizes[i]) <= cap

        i = _first_true(len(sizes), fits)
        if i < len(sizes):
            return sizes[i], self.measure_all(protos, sizes[i], box_w, space)
        size = sizes[-1]
        return size, self.clip(self.measure_all(protos, size, box_w, space), size, cap, box_w)

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
                head, _ = _split_at_line(para, k)
                out.append(self._ellipsis(head, size, box_w))
            elif out:
                out[-1] = self._ellipsis(out[-1], size, box_w)
            break
        return out

    def _ellipsis(self, para: Para, size: float, box_w: float) -> Para:
        """End a paragraph's last line with "…", trimming it until it fits the wrap width."""
        para, starts = _remap(para)
        width = self.wrap_width(box_w, para.indent)
        last = para.text[starts[-1] :] if starts else ""
        while last and self.m.width(last.rstrip() + ELLIPSIS, para.role, size) > width:
            last = last[:-1]
        tail = last.rstrip() + ELLIPSIS
        text = para.text[: starts[-1] if starts else 0] + tail
        return replace(
            para, text=text, lines=(*para.lines[:-1], tail), runs=_truncate_runs(para.runs, text)
        )

    def paginate(
        self,
        entries: Sequence[tuple[Para, Para | None]],
        size: float,
        soft: float,
        hard: float,
    ) -> list[list[Para]]:
        """Fill columns up to ``soft``; split inside a bullet only if it exceeds ``hard``.

        ``entries`` pair each paragraph with the "(cont.)" copy of its heading bullet, repeated
        at the top of a column that starts inside that heading's list. A heading (``keep``)
        never ends a column with its first sub-bullet in the next.
        """
        lh = size * self.ls
        pages: list[list[Para]] = [[]]
        used = 0.0
        fresh = True  # the column holds nothing but a repeated heading (or nothing)
        queue = list(reversed(entries))
        while queue:
            para, head = queue.pop()
            page = pages[-1]
            if not page and head is not None:
                page.append(head)
                used = head.height(size, self.ls)
            h = para.height(size, self.ls)
            room = (hard if fresh else soft) - used
            if h <= room:
                page.append(para)
                used += h
                fresh = False
                continue
            if fresh or h > hard:  # moving on would not help: continue it on the next column
                k = int((room - para.space_after) // lh)
                if not fresh:
                    k = k if k >= min(2, len(para.lines) - 1) else 0
                elif not page:
                    k = max(k, 1)  # a box smaller than one line: pathological theme
                if k >= len(para.lines):
                    page.append(para)
                    used += h
                    fresh = False
                    continue
                if k >= 1:
                    first, rest = _split_at_line(para, k)
                    page.append(first)
                    queue.append((rest, head))
                    pages.append([])
                    used, fresh = 0.0, True
                    continue
                if fresh:  # not even one line fits under the repeated heading: drop it
                    page.clear()
                    used = 0.0
                    queue.append((para, None))
                    continue
            moved = 0
            while moved < len(page) - 1 and page[-1 - moved].keep:
                moved += 1
            carried = page[len(page) - moved :]
            del page[len(page) - moved :]
            pages.append(carried)
            used, fresh = self.total(carried, size), not carried
            queue.append((para, head))
        return [p for p in pages if p]

    def _entries(
        self, protos: Sequence[_Proto], size: float, box_w: float, heads: bool
    ) -> list[tuple[Para, Para | None]]:
        """Measured paragraphs, each with the "(cont.)" heading to repeat above it, if any."""
        out: list[tuple[Para, Para | None]] = []
        head: Para | None = None
        for proto in protos:
            para = self.measure(proto, size, box_w, self.style.paragraph_space)
            if proto.level > 0:
                out.append((para, head))
                continue
            head = None
            if heads and proto.keep:
                cont = replace(
                    proto, runs=(*proto.runs, Run(" " + self.words.continued, proto.color))
                )
                head = self.measure(cont, size, box_w, self.style.paragraph_space)
            out.append((para, None))
        return out

    def fit_group(self, group: _Group, box_w: float, box_h: float, columns: int = 1) -> list[_Page]:
        """One slide at the largest size that fits, else the fewest "(cont.)" slides, balanced.

        Headings are repeated on continuation slides unless that costs a slide.
        """
        sizes = _steps(self.sizes.body, self.sizes.body_min)
        cap = box_h * (1 - HEIGHT_SAFETY)
        protos = group.protos
        if not protos:
            return [_Page(group, [[]], sizes[0], False)]
        col_w = (box_w - (columns - 1) * self.gutter) / columns
        cache: dict[tuple[float, bool], list[tuple[Para, Para | None]]] = {}

        def entries(size: float, heads: bool = False) -> list[tuple[Para, Para | None]]:
            if (size, heads) not in cache:
                cache[size, heads] = self._entries(protos, size, col_w, heads)
            return cache[size, heads]

        def height(size: float) -> float:
            return self.total((p for p, _ in entries(size)), size)

        if columns == 1:
            i = _first_true(len(sizes), lambda i: height(sizes[i]) <= cap)
            if i < len(sizes):
                return [_Page(group, [[p for p, _ in entries(sizes[i])]], sizes[i], False)]

        def count(size: float, heads: bool, soft: float = cap) -> int:
            return len(self.paginate(entries(size, heads), size, soft, cap))

        def slides(size: float, heads: bool) -> int:
            return math.ceil(count(size, heads) / columns)

        n = slides(sizes[-1], False)
        heads = slides(sizes[-1], True) <= n
        j = _first_true(len(sizes), lambda j: slides(sizes[j], heads) <= n)
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
        return [
            _Page(group, cols[k : k + columns], size, k > 0) for k in range(0, len(cols), columns)
        ]

    # -- content --------------------------------------------------------------------------------

    def _recommendation(self, rec: Numbered) -> _Proto:
        return _proto(
            (rec.number + " ", "accent"),
            (_clean(rec.text), "text"),
            ((" · " + _clean(rec.sdgs)) if rec.sdgs else "", "muted"),
            bullet=self.theme.bullets.point,
        )

    def _points(self, heading: str, points: Sequence[Point]) -> list[_Proto]:
        bullets = self.theme.bullets
        out = [
            _proto(
                (heading, "heading"),
                bullet=bullets.point,
                role="bold",
                color="heading",
                keep=True,
                tight=True,
            )
        ]
        for n, point in enumerate(points):
            last = n == len(points) - 1
            out.append(
                _proto(
                    (point.text, "text"),
                    level=1,
                    bullet=bullets.sub,
                    keep=bool(point.items),
                    tight=bool(point.items) or not last,
                )
            )
            for k, item in enumerate(point.items):
                out.append(
                    _proto(
                        (item, "text"),
                        level=2,
                        bullet=bullets.sub,
                        tight=k < len(point.items) - 1 or not last,
                    )
                )
        return out

    def _situation(self, issue: IssueBlock) -> _Group:
        words = self.words
        protos = [
            _proto(
                (words.previous + " ", "accent"),
                (_clean(prev.text), "text"),
                ((" " + prev.states) if prev.states else "", "text"),
                ((" · " + _clean(prev.details)) if prev.details else "", "muted"),
                bullet=self.theme.bullets.point,
            )
            for prev in issue.previous
        ]
        if issue.developments:
            protos += self._points(words.developments, issue.developments)
        if issue.needs:
            protos += self._points(words.needs, issue.needs)
        return _Group("content", issue.situation_title, protos)

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
        closing = doc.closing
        protos = [_proto((closing.text, "text"), color="text")] if closing.text else []
        member = self.theme.bullets.member
        protos += [_proto((m, "text"), bullet=member, tight=True) for m in closing.members]
        if closing.and_others:
            protos.append(_proto((closing.and_others, "muted"), role="italic", color="muted"))
        out.append(_Group("closing", closing.title, protos))
        return out

    # -- geometry -----------------------------------------------------------------------------

    def title_lines(self, text: str, size: float) -> tuple[str, ...]:
        return self.m.lines(text, "bold", size, self.content_w * (1 - WIDTH_SAFETY))

    def title_box_lines(self, group: _Group) -> int:
        """Lines reserved for a group's title: 2, more only if it cannot fit 2 at heading_min."""
        longest = f"{group.title} {self.words.continued}"
        n = len(self.title_lines(longest, self.sizes.heading_min))
        return TITLE_LINES if n <= TITLE_LINES else min(n, MAX_TITLE_LINES)

    def frame(self, title_lines: int, strip: bool = False) -> tuple[Box, float, Box, Box | None]:
        """(title box, rule y, body box, logo strip) for content slides with such a title.

        The logo strip (member logos on the closing slides) takes the bottom of the body area.
        """
        heading = self.sizes.heading if title_lines <= TITLE_LINES else self.sizes.heading_min
        title_h = max(title_lines * heading * self.ls, TITLE_LINES * self.sizes.heading * self.ls)
        title_h /= 1 - HEIGHT_SAFETY
        title = Box(self.left, self.top, self.content_w, title_h)
        rule_y = title.bottom + RULE_GAP_EM * self.sizes.heading
        body_y = rule_y + RULE_WEIGHT * self.height + BODY_GAP_EM * self.sizes.body
        bottom = self.bottom
        logos = None
        if strip:
            logos = Box(self.left, bottom - self.strip_h, self.content_w, self.strip_h)
            bottom -= self.strip_h + BODY_GAP_EM * self.sizes.body
        body = Box(self.left, body_y, self.content_w, max(bottom - body_y, 0.0))
        return title, rule_y, body, logos

    def columns(self, body: Box, page: _Page) -> list[TextBlock]:
        """The body box, or its columns side by side, each holding its paragraphs."""
        n = len(page.columns)
        if n <= 1:
            paras = page.columns[0] if page.columns else []
            return [TextBlock(body, tuple(paras), page.size, self.ls)] if paras else []
        width = (body.w - self.gutter) / 2
        return [
            TextBlock(
                Box(body.x + k * (width + self.gutter), body.y, width, body.h),
                tuple(column),
                page.size,
                self.ls,
            )
            for k, column in enumerate(page.columns)
        ]

    def decor(self, rule_y: float) -> tuple[Rect, ...]:
        weight = RULE_WEIGHT * self.height
        accent = ACCENT_WEIGHT * self.height
        return (
            Rect(Box(self.left, rule_y, self.content_w, weight), "rule"),
            Rect(
                Box(
                    self.left,
                    rule_y + (weight - accent) / 2,
                    self.content_w * ACCENT_LENGTH,
                    accent,
                ),
                "accent",
            ),
        )

    def footer(self, number: int) -> tuple[TextBlock, ...]:
        """Briefing title at the left, slide number at the right, inside the bottom margin."""
        size = self.footer_size
        h = size * self.ls / (1 - HEIGHT_SAFETY)
        y = self.bottom + (self.height - self.bottom - h) / 2
        num_w = self.m.width("0000", "regular", size) / (1 - WIDTH_SAFETY)
        num = self._line(str(number), size, Box(self.right - num_w, y, num_w, h), "muted")
        left_w = self.content_w - num_w - size
        left = self._line(self.doc.cover.title, size, Box(self.left, y, left_w, h), "muted")
        return left, replace(num, align="right")

    def _line(self, text: str, size: float, box: Box, color: str) -> TextBlock:
        """A one-line block, cut with an ellipsis if too long (footers are decoration)."""
        para = self.measure(_proto((text, color), color=color), size, box.w, 0.0)
        if len(para.lines) > 1:
            para = self.clip([para], size, size * self.ls, box.w)[0]
        return TextBlock(box, (para,), size, self.ls)

    # -- slides ---------------------------------------------------------------------------------

    def title_slide(self) -> tuple[Slide, list[str]]:
        cover = self.doc.cover
        sizes = self.sizes
        band_h = BAND * self.height
        stripe_h = STRIPE * self.height
        pad = self.height - self.bottom
        shapes = (
            Rect(Box(0.0, 0.0, self.width, band_h), "band"),
            Rect(Box(0.0, band_h, self.width, stripe_h), "accent"),
        )
        inner_bottom = band_h - pad
        extras: list[TextBlock] = []
        sub_block: TextBlock | None = None
        if cover.subtitle:
            sub_size, sub_paras = self.fit_block(
                [_proto((cover.subtitle, "band_text"), color="band_text")],
                self.content_w,
                TITLE_LINES * sizes.subtitle * self.ls,
                _steps(sizes.subtitle, sizes.body_min),
                0.0,
            )
            h = self.total(sub_paras, sub_size) / (1 - HEIGHT_SAFETY)
            sub_block = TextBlock(
                Box(self.left, inner_bottom - h, self.content_w, h),
                tuple(sub_paras),
                sub_size,
                self.ls,
            )
            title_bottom = sub_block.box.y - 0.4 * sizes.subtitle
        else:
            title_bottom = inner_bottom
        title_box = Box(self.left, self.top, self.content_w, max(title_bottom - self.top, 0.0))
        t_size, t_paras = self.fit_block(
            [_proto((cover.title, "band_text"), role="bold", color="band_text")],
            title_box.w,
            title_box.h,
            _steps(sizes.title, min(sizes.heading_min, sizes.title)),
            0.0,
        )
        title = TextBlock(title_box, tuple(t_paras), t_size, self.ls, anchor="bottom")

        meta_top = band_h + stripe_h + BODY_GAP_EM * sizes.body
        meta_h = max(self.bottom - meta_top, 0.0)
        brand = self.doc.brand_logos
        logo_w = self.content_w * LOGO_AREA if brand else 0.0
        meta_w = self.content_w - logo_w - (sizes.body_min if logo_w else 0.0)
        facts = " · ".join(x for x in (cover.country, cover.review, cover.date) if x)
        protos = []
        if cover.coalition:
            protos.append(_proto((cover.coalition, "heading"), role="bold", color="heading"))
        if facts:
            protos.append(_proto((facts, "muted"), color="muted"))
        if cover.presenters:
            protos.append(
                _proto(
                    (self.words.presented_by + ": ", "muted"),
                    ("; ".join(_clean(p) for p in cover.presenters), "text"),
                )
            )
        script = [cover.title, cover.subtitle]
        if protos:
            m_size, m_paras = self.fit_block(
                protos,
                meta_w,
                meta_h,
                _steps(max(sizes.body_min, round(sizes.subtitle * 0.8)), sizes.body_min),
                self.style.paragraph_space * 0.5,
            )
            extras.append(
                TextBlock(Box(self.left, meta_top, meta_w, meta_h), tuple(m_paras), m_size, self.ls)
            )
            script += [p.text for p in protos]  # in full, even if the slide had to cut it
        area = Box(self.right - logo_w, meta_top, logo_w, meta_h)
        pictures = self.logos(brand, area, "right")
        slide = Slide(
            kind="title",
            title=title,
            body=sub_block,
            notes="",
            seconds=0.0,
            running_seconds=0.0,
            extras=tuple(extras),
            shapes=shapes,
            pictures=pictures,
        )
        return slide, [s for s in script if s]

    def logos(
        self, logos: Sequence[Logo], area: Box, align: Align = "center"
    ) -> tuple[Picture, ...]:
        """Logos at one common height in ``area`` (see :func:`place_logos`), rows from its top.

        No logo is taller than LOGO_HEIGHT, so a single logo does not swell into a poster.
        """
        cells = place_logos(
            [logo.picture.aspect for logo in logos],
            area.x,
            area.y,
            area.w,
            area.h,
            LOGO_GAP_EM * self.sizes.body_min,
            max_height=LOGO_HEIGHT * self.height,
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
                score -= BREAK_BONUS * width
            elif words[i] in DASHES:  # a line never starts with a dash
                score += BREAK_BONUS * width
            if best is None or score < best[0]:
                best = (score, i)
        if best is None:
            return para
        first, second = " ".join(words[: best[1]]), " ".join(words[best[1] :])
        text = f"{first}\n{second}"
        return replace(para, text=text, lines=(first, second), runs=(Run(text, para.color),))

    def title_size(self, titles: Iterable[str]) -> float:
        """One title size for the deck: the largest at which every title wraps to 2 lines."""
        sizes = _steps(self.sizes.heading, self.sizes.heading_min)
        best = sizes[0]
        for text in titles:
            for size in sizes:
                if size > best:
                    continue
                if len(self.title_lines(text, size)) <= TITLE_LINES:
                    best = size
                    break
            else:
                best = sizes[-1]
        return best

    def build(self) -> Deck:
        cover, cover_script = self.title_slide()
        pages: list[tuple[_Page, int]] = []
        members = self.doc.member_logos
        for group in self.groups():
            lines = self.title_box_lines(group)
            _, _, body, _ = self.frame(lines, group.kind == "closing" and bool(members))
            fitted = self.fit_group(group, body.w, body.h)
            if group.kind == "closing" and len(fitted) > 1:  # long member lists: two columns
                two = self.fit_group(group, body.w, body.h, columns=2)
                fitted = two if len(two) < len(fitted) else fitted
            pages += [(p, lines) for p in fitted]

        def title_of(page: _Page) -> str:
            return (
                f"{page.group.title} {self.words.continued}" if page.continued else page.group.title
            )

        t_size = self.title_size(title_of(p) for p, n in pages if n <= TITLE_LINES)
        wpm = self.style.words_per_minute
        timing = self.words.notes_timing

        cover_seconds = _words(cover_script) * 60 / wpm
        running = cover_seconds
        slides = [
            replace(
                cover,
                number=1,
                seconds=cover_seconds,
                running_seconds=running,
                notes=_notes(cover_script, [], timing, cover_seconds, running),
            )
        ]
        for number, (page, n_lines) in enumerate(pages, start=2):
            strip = page.group.kind == "closing" and bool(members)
            title_box, rule_y, body_box, logo_box = self.frame(n_lines, strip)
            size = t_size if n_lines <= TITLE_LINES else self.sizes.heading_min
            heading = _proto((title_of(page), "heading"), role="bold", color="heading")
            t_paras = self.measure_all([heading], size, title_box.w, 0.0)
            if len(t_paras[0].lines) == 2:
                t_paras = [self.balance(t_paras[0], size, title_box.w)]
            elif len(t_paras[0].lines) > n_lines:
                t_paras = self.clip(t_paras, size, n_lines * size * self.ls, title_box.w)
            title = TextBlock(title_box, tuple(t_paras), size, self.ls, anchor="bottom")
            blocks = self.columns(body_box, page)
            spoken = ([] if page.continued else [page.group.title]) + [p.text for p in page.paras]
            seconds = _words(spoken) * 60 / wpm
            running += seconds
            slides.append(
                Slide(
                    kind=page.group.kind,
                    title=title,
                    body=blocks[0] if blocks else None,
                    notes=_notes([title_of(page)], page.paras, timing, seconds, running),
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
        return Deck(self.width, self.height, tuple(slides), running, self.aspect)


def _truncate_runs(runs: tuple[Run, ...], text: str) -> tuple[Run, ...]:
    """Runs cut to a (shorter) text, the ellipsis taking the last kept run's colour."""
    out: list[Run] = []
    pos = 0
    body = text[:-1] if text.endswith(ELLIPSIS) else text
    for run in runs:
        if pos >= len(body):
            break
        piece = body[pos : pos + len(run.text)]
        out.append(Run(piece, run.color))
        pos += len(run.text)
    if text.endswith(ELLIPSIS):
        if out:
            out[-1] = Run(out[-1].text.rstrip() + ELLIPSIS, out[-1].color)
        else:
            out.append(Run(ELLIPSIS, runs[0].color if runs else "text"))
    return tuple(out)


_SPOKEN = re.compile(r"\S*[^\W_]\S*")  # a token holding a letter or digit (str.isalnum)


def _words(texts: Iterable[str]) -> int:
    """Spoken words: tokens with a letter or digit (not "·", "–" or "➢")."""
    return sum(len(_SPOKEN.findall(t)) for t in texts)


def _notes(
    head: Sequence[str], paras: Sequence[Para], timing: str, seconds: float, running: float
) -> str:
    """The slide's full text as a script, then how long it takes and the running total."""
    lines = [h for h in head if h]
    if paras:
        lines.append("")
        for p in paras:
            mark = f"{p.bullet} " if p.bullet else ("  " if p.continued else "")
            lines.append("    " * p.level + mark + p.text)
    lines += ["", timing.format(slide=format_duration(seconds), total=format_duration(running))]
    return "\n".join(lines)


def layout_deck(document: Document, theme: Theme, aspect: str | None = None) -> Deck:
    """Lay out the whole deck; ``aspect`` ("16:9" or "4:3") overrides the theme."""
    chosen = aspect or theme.slides.aspect
    if chosen not in ASPECTS:
        raise ValueError(f"unknown aspect {chosen!r}; use one of {', '.join(ASPECTS)}")
    return _Engine(document, theme, chosen).build()
