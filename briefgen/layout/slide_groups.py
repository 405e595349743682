"""Deck layout, part 1: the slide groups (one logical slide each, before fitting) built
from the document, and their paragraphs measured and fitted (see :mod:`briefgen.layout.slides`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from briefgen.layout.deck import Kind
from briefgen.layout.document import Document, IssueBlock, Numbered, Point, Previous
from briefgen.layout.fit import Fitter, Proto, clean, proto, steps
from briefgen.layout.frames import Para, Run
from briefgen.layout.roles import Role
from briefgen.layout.wording import final_stop
from briefgen.styles import SlideLayout, TextStyle, style
from briefgen.theme import SlideSizes, Theme, Wording

_RUN_TAGS = {"label.response": Role.RESPONSE, "label.status": Role.STATUS, "label.sdg": Role.LABEL}
LABEL_LINES = frozenset({Role.STATUS, Role.LABEL})
"""Paragraph tags of label lines: a response and status, or SDGs, under an item's text."""


class DeckFitter(Fitter):
    """The deck's fitter: a label line (a paragraph tagged in :data:`LABEL_LINES`) is
    measured as a level-0 bullet, so it wraps and hangs at its item's text, and drawn
    without the glyph. Everything else is measured as :class:`Fitter` measures it."""

    def measured(self, proto: Proto, size: float, box_w: float, space: float) -> Para:
        para = super().measured(proto, size, box_w, space)
        return replace(para, bullet="") if proto.tag in LABEL_LINES else para


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


class SlideGroups:
    """The groups of a deck and their paragraphs; the engine (:class:`DeckEngine`) sets
    these attributes."""

    doc: Document
    theme: Theme
    words: Wording
    sizes: SlideSizes
    lay: SlideLayout
    fit: Fitter
    gutter: float

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

    def styles(self, name: str) -> TextStyle:
        return style(self.theme.styles, name)

    def run(self, name: str, text: str, tag: Role | None = None) -> Run:
        """A run in the named style's colour."""
        return Run(text, self.styles(name).color, tag)

    def styled(self, name: str, *runs: Run, **kwargs: object) -> Proto:
        """A paragraph set in the named style's font (its runs keep their own colours)."""
        main = self.styles(name)
        return proto(*runs, role=main.font, color=main.color, **kwargs)

    def _recommendation(self, rec: Numbered) -> list[Proto]:
        """The numbered recommendation, and its SDGs as a label line under its text."""
        sdgs = self.labels(("label.sdg", rec.sdgs, ""))
        text = self.styled(
            "recommendation.text",
            self.run("recommendation.number", rec.number + " ", Role.LABEL),
            self.run("recommendation.text", clean(rec.text), Role.BODY),
            bullet=self.theme.bullets.point,
            tag=Role.RECOMMENDATION,
            keep=bool(sdgs),
            tight=bool(sdgs),
        )
        return [text, *sdgs]

    def _with_states(self, text: str, states: str) -> tuple[Run, ...]:
        """The text with the states inside its sentence: "... obligations (Spain)."."""
        body, stop = final_stop(text) if states else (text, "")
        return (
            self.run("previous.text", body, Role.BODY),
            self.run("previous.states", (" " + states) if states else "", Role.STATES),
            *((self.run("previous.text", stop, Role.BODY),) if stop else ()),
        )

    def _previous(self, prev: Previous) -> list[Proto]:
        """The previous recommendation (its reference after it, muted), and its response and
        status as a label line under its text."""
        sep = self.lay.separator
        labels = self.labels(*((f"label.{x.kind}", x.text, x.key) for x in prev.labels))
        text = self.styled(
            "previous.text",
            self.run("previous.label", self.words.previous + " ", Role.LABEL),
            *self._with_states(clean(prev.text), prev.states),
            self.run("previous.details", (sep + clean(prev.reference)) if prev.reference else ""),
            bullet=self.theme.bullets.point,
            tag=Role.PREVIOUS,
            keep=bool(labels),
            tight=bool(labels),
        )
        return [text, *labels]

    def labels(self, *labels: tuple[str, str, str]) -> list[Proto]:
        """A label line (response and status, or SDGs): (style name, text, value) each in its
        style's font and in the colour ``layout.tracking.colors`` gives its value (else the
        style's), apart by the separator; none when no label has text. The line hangs under
        its item's text, without a glyph (:class:`DeckFitter`)."""
        given = [(name, clean(text), value) for name, text, value in labels if text.strip()]
        if not given:
            return []
        colors = self.theme.layout.tracking.colors
        runs: list[Run] = []
        for name, text, value in given:
            if runs:
                runs.append(self.run("previous.details", self.lay.separator))
            runs.append(Run(text, colors.get(value, self.styles(name).color), _RUN_TAGS[name]))
        main = self.styles(given[0][0])
        tag = Role.LABEL if given[0][0] == "label.sdg" else Role.STATUS
        bullet = self.theme.bullets.point  # for its indent only: see DeckFitter
        return [proto(*runs, role=main.font, color=main.color, bullet=bullet, tag=tag)]

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
        protos = [p for prev in issue.previous for p in self._previous(prev)]
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
                    [p for r in issue.recommendations for p in self._recommendation(r)],
                )
            )
        if doc.other:
            out.append(
                _Group(
                    "content",
                    self.words.other_recommendations,
                    [p for r in doc.other for p in self._recommendation(r)],
                )
            )
        out.append(self._closing())
        return out
