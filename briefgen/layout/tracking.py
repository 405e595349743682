"""Tracking the last cycle: every previous recommendation with its response and implementation
status, counted once, worded once, and turned into neutral chart data.

Built by the document stage (:func:`tracking_of`) when the input has tracking data, i.e. at
least one previous recommendation gives its ``cycle``, ``evidence`` or ``source``; an input
without it gets ``None`` and its outputs stay exactly as they were. The PDF summary and
appendix, the deck's chart slide, the mission pages and the factsheets all read these counts,
so they cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from briefgen.layout.wording import Ordinal
from briefgen.model import Briefing
from briefgen.theme import Wording, fill

RESPONSES: tuple[str, ...] = ("supported", "noted", "")
"""Response keys in chart order; "" is a recommendation whose response is not stated."""
STATUSES: tuple[str, ...] = ("implemented", "partially_implemented", "not_implemented", "")
"""Implementation status keys in chart order; "" is not stated."""


@dataclass(frozen=True)
class Tracked:
    """One previous recommendation as the tracking outputs print it."""

    issue: int
    ref: str
    text: str
    states: tuple[str, ...]
    response: str  # a key of RESPONSES
    status: str  # a key of STATUSES
    cycle: int | None
    evidence: str = ""
    source: str = ""


@dataclass(frozen=True)
class Counts:
    """How many recommendations have each response and each status."""

    total: int
    response: tuple[tuple[str, int], ...]
    status: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, recs: tuple[Tracked, ...]) -> Counts:
        responses = Counter(r.response for r in recs)
        statuses = Counter(r.status for r in recs)
        return cls(
            total=len(recs),
            response=tuple((k, responses[k]) for k in RESPONSES),
            status=tuple((k, statuses[k]) for k in STATUSES),
        )

    def get(self, key: str) -> int:
        return dict(self.response).get(key, 0) + dict(self.status).get(key, 0)


@dataclass(frozen=True)
class Segment:
    value: int
    color: str  # a theme colour role
    label: str


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label and its (stacked) segments."""

    label: str
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart as data: title, bars, and the legend (label, colour role)."""

    title: str
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str], ...] = ()
    alt: str = ""


@dataclass(frozen=True)
class IssueCounts:
    number: int
    title: str
    counts: Counts


@dataclass(frozen=True)
class Tracking:
    """Everything the tracking outputs print, worded in the build's language."""

    recs: tuple[Tracked, ...]
    overall: Counts
    issues: tuple[IssueCounts, ...]
    labels: dict[str, str]  # response and status keys ("" = not stated) -> words
    cycle: int | None  # the cycle most of the recommendations were made in
    lang: str

    def label(self, key: str) -> str:
        return self.labels[key]

    def cycle_of(self, recs: tuple[Tracked, ...]) -> int | None:
        cycles = Counter(r.cycle for r in recs if r.cycle)
        return max(cycles, key=lambda c: (cycles[c], c)) if cycles else self.cycle

    def ordinal(self, cycle: int | None) -> Ordinal | str:
        return Ordinal(cycle, self.lang) if cycle else ""

    def states(self) -> tuple[str, ...]:
        """Every recommending state, alphabetical (case- and accent-blind first)."""
        names = {s for r in self.recs for s in r.states}
        return tuple(sorted(names, key=lambda s: (s.casefold(), s)))

    def by_state(self, state: str) -> tuple[Tracked, ...]:
        return tuple(r for r in self.recs if state in r.states)

    def sentence(self, words: Wording) -> str:
        """The figures in one sentence (speaker notes, alt text)."""
        o = self.overall
        responses = ", ".join(f"{n} {self.label(k)}" for k, n in o.response if n)
        statuses = ", ".join(f"{n} {self.label(k)}" for k, n in o.status if n)
        return fill(words.tracking_notes, total=o.total, responses=responses, statuses=statuses)


def has_tracking(briefing: Briefing) -> bool:
    """Whether any previous recommendation gives its cycle, evidence or source."""
    return any(
        p.cycle is not None or p.evidence or p.source
        for issue in briefing.issues
        if issue.situation
        for p in issue.situation.previous_recommendations
    )


def tracking_of(briefing: Briefing, words: Wording, lang: str) -> Tracking | None:
    """The tracking data of a briefing, or None when it has none."""
    if not has_tracking(briefing):
        return None
    recs: list[Tracked] = []
    issues: list[IssueCounts] = []
    for n, issue in enumerate(briefing.issues, start=1):
        previous = issue.situation.previous_recommendations if issue.situation else []
        mine = tuple(
            Tracked(
                issue=n,
                ref=p.ref or f"{n}.{chr(ord('a') + k) if k < 26 else k + 1}",
                text=p.text,
                states=tuple(p.states),
                response=p.response or "",
                status=p.status or "",
                cycle=p.cycle,
                evidence=p.evidence or "",
                source=p.source or "",
            )
            for k, p in enumerate(previous)
        )
        recs += mine
        if mine:
            issues.append(IssueCounts(n, issue.title, Counts.of(mine)))
    labels = {k: getattr(words, k) for k in RESPONSES[:-1] + STATUSES[:-1]}
    labels[""] = words.not_stated
    review = briefing.review
    fallback = review.cycle - 1 if review and review.cycle and review.cycle > 1 else None
    all_recs = tuple(recs)
    tracking = Tracking(all_recs, Counts.of(all_recs), tuple(issues), labels, fallback, lang)
    return Tracking(
        all_recs, tracking.overall, tracking.issues, labels, tracking.cycle_of(all_recs), lang
    )


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def charts(tracking: Tracking, words: Wording, colors: Mapping[str, str]) -> tuple[Chart, ...]:
    """The overall charts: one bar per response, one bar per status (empty "not stated" left
    out); ``colors`` maps each key ("" = not stated) to a theme colour role."""
    out = []
    for title, pairs in (
        (words.by_response, tracking.overall.response),
        (words.by_status, tracking.overall.status),
    ):
        bars = tuple(
            Bar(
                _first_upper(tracking.label(k)),
                (Segment(n, colors[k or "not_stated"], tracking.label(k)),),
            )
            for k, n in pairs
            if n or k
        )
        alt = ", ".join(f"{b.label}: {b.total}" for b in bars)
        out.append(Chart(title, bars, alt=f"{title}: {alt}"))
    return tuple(out)


def issue_chart(tracking: Tracking, words: Wording, colors: Mapping[str, str]) -> Chart:
    """Implementation status per issue, stacked (segments in STATUSES order)."""
    keys = [k for k, n in tracking.overall.status if n or k]
    bars = tuple(
        Bar(
            f"{ic.number}. {ic.title}",
            tuple(
                Segment(dict(ic.counts.status)[k], colors[k or "not_stated"], tracking.label(k))
                for k in keys
            ),
        )
        for ic in tracking.issues
    )
    legend = tuple((_first_upper(tracking.label(k)), colors[k or "not_stated"]) for k in keys)
    alt = "; ".join(
        f"{b.label}: " + ", ".join(f"{s.value} {s.label}" for s in b.segments) for b in bars
    )
    return Chart(words.by_issue, bars, legend, alt=alt)


__all__ = [
    "RESPONSES",
    "STATUSES",
    "Bar",
    "Chart",
    "Counts",
    "IssueCounts",
    "Segment",
    "Tracked",
    "Tracking",
    "charts",
    "has_tracking",
    "issue_chart",
    "tracking_of",
]
