"""Measuring for the fitting engine: paragraph prototypes (:class:`Proto`), the style a
:class:`~briefgen.layout.fit.Fitter` sizes them with, and a :class:`Measurer` that wraps
text with real font metrics. Geometry is in points; colours and fonts are theme role names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen import fonts
from briefgen.layout import measure
from briefgen.layout.frames import Run
from briefgen.layout.roles import Role

if TYPE_CHECKING:
    from briefgen.theme import Theme

ROLES = ("regular", "bold", "italic", "bold_italic", "symbols")
_SPACES = re.compile(r"[^\S\xa0]+")


def clean(text: str) -> str:
    """One space between words: what a renderer shows, and what line offsets are counted in."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Proto:
    """A paragraph before measuring: what it says and how it looks, not yet its size."""

    runs: tuple[Run, ...]
    level: int = 0
    bullet: str = ""
    role: str = "regular"
    color: str = "text"
    keep: bool = False  # keep with the next paragraph (a heading bullet and its first sub)
    tight: bool = False  # a sub-bullet follows: less space after
    tag: Role = Role.PARAGRAPH  # carried onto the measured Para

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def _with_text(run: Run, text: str) -> Run:
    """The run with other text (what ``dataclasses.replace`` does, without its cost)."""
    return Run(text, run.color, run.tag)


def proto(*parts: tuple[str, str] | Run, **kwargs: object) -> Proto:
    """Build runs from (text, colour) pairs or Runs: spaces collapsed, empty runs dropped."""
    given = [p if isinstance(p, Run) else Run(p[0], p[1]) for p in parts]
    runs = [Run(_SPACES.sub(" ", r.text), r.color, r.tag) for r in given if r.text]
    if runs:
        runs[0] = _with_text(runs[0], runs[0].text.lstrip())
        runs[-1] = _with_text(runs[-1], runs[-1].text.rstrip())
    return Proto(runs=tuple(r for r in runs if r.text), **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class FitStyle:
    """How a fitter measures: spacing, bullet hangs, safety margins and the cut marks.

    ``hang`` is (level-0 hang, sub-level hang) in ems: where a bulleted paragraph's text
    starts after its glyph. ``continued`` is appended to a heading repeated at a column top.
    """

    line_spacing: float
    paragraph_space: float  # space after a paragraph, in multiples of its size
    hang: tuple[float, float]
    continued: str
    width_safety: float  # text wraps to this much less than the box width
    height_safety: float  # boxes are filled to this much less than their height
    sub_space: float  # space after a ``tight`` paragraph, relative to the full space
    ellipsis: str

    @classmethod
    def for_slides(cls, theme: Theme, continued: str, m: Measurer) -> FitStyle:
        """The deck's measuring style (``theme.slides`` spacing, ``layout.slides`` ratios)."""
        lay = theme.layout.slides
        glyphs = (theme.bullets.point, theme.bullets.member)
        point = max(m.width(g, "symbols", 1.0) for g in glyphs) + lay.bullet_gap_em
        sub = m.width(theme.bullets.sub, "symbols", 1.0) + lay.bullet_gap_em
        return cls(
            line_spacing=theme.slides.line_spacing,
            paragraph_space=theme.slides.paragraph_space,
            hang=(point, sub),
            continued=continued,
            width_safety=lay.width_safety,
            height_safety=lay.height_safety,
            sub_space=lay.sub_space,
            ellipsis=lay.ellipsis,
        )


def steps(high: float, low: float, step: float) -> list[float]:
    """Sizes to try, largest first: ``high`` down to ``low`` in ``step`` steps, ``low`` last."""
    if low >= high:
        return [high]
    out = [high]
    while out[-1] - step > low + 1e-9:
        out.append(out[-1] - step)
    out.append(low)
    return out


def first_true(n: int, pred: Callable[[int], bool]) -> int:
    """Smallest i in [0, n) with pred(i) true, for a predicate false-then-true; n if none."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


class Measurer:
    """Wraps text with real font metrics per font role, kept per (font, text, size, width).

    :meth:`for_theme` measures as slides set text (a word wider than the line starts its own
    line); the PDF's measurer (:class:`briefgen.layout.pdf_pages.Metrics`) measures as
    reportlab does, with its space shrinkage.
    """

    def __init__(
        self,
        metrics: Mapping[str, fonts.FontMetrics],
        *,
        space_shrinkage: float = 0.0,
        prepare: measure.Prepare | None = None,
    ) -> None:
        self.metrics = dict(metrics)
        self.space_shrinkage = space_shrinkage
        self.prepare = prepare

    @classmethod
    def for_theme(cls, theme: Theme) -> Measurer:
        """The theme's five font roles, each followed by the theme's fallback fonts."""
        return cls(role_fonts(theme), prepare=_long_words_first)

    def width(self, text: str, role: str, size: float) -> float:
        return self.metrics[role].width(text, size)

    def lines(self, text: str, role: str, size: float, width: float) -> tuple[str, ...]:
        metrics = self.metrics[role]
        return measure.wrapped(
            text, metrics, size, width, space_shrinkage=self.space_shrinkage, prepare=self.prepare
        )


def role_fonts(theme: Theme) -> dict[str, fonts.FontMetrics]:
    """The theme's five font roles, each followed by the theme's fallback fonts."""
    fallbacks = theme.fallback_specs()
    return {role: fonts.chain(theme.font_spec(role), fallbacks) for role in ROLES}


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
