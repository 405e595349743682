"""The deck's tracking slide: the last cycle's counts as one native chart.

Only for a document with tracking data. Placed by the slide engine's own frame (title box,
rule, body box) like every content slide; the chart fills the body box. Categories are the
implementation statuses, series the responses (stacked), so the bars add up to the counts by
status and the series to the counts by response. The speaker notes say the figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.layout.deck import Slide
from briefgen.layout.frames import ChartFrame, Series
from briefgen.layout.notes import notes, talk_seconds
from briefgen.layout.tracking import Tracking

if TYPE_CHECKING:
    from briefgen.layout.slides import DeckEngine

__all__ = ["chart_frame_data", "tracking_slides"]


def chart_frame_data(
    tracking: Tracking, colors: dict[str, str]
) -> tuple[tuple[str, ...], tuple[Series, ...]]:
    """(categories, series): statuses (with "not stated" only when some are), responses."""
    o = tracking.overall
    statuses = [k for k, n in o.status if k or n]
    responses = [k for k, n in o.response if k or n]
    categories = tuple(tracking.label(k)[:1].upper() + tracking.label(k)[1:] for k in statuses)
    series = tuple(
        Series(
            tracking.label(r),
            colors[r or "not_stated"],
            tuple(
                sum(1 for t in tracking.recs if t.response == r and t.status == s) for s in statuses
            ),
        )
        for r in responses
    )
    return categories, series


def tracking_slides(engine: DeckEngine, number: int, running: float, size: float) -> list[Slide]:
    """The chart slide numbered ``number`` (none without tracking data)."""
    from briefgen.layout.slides import _Group, _Page

    tracking = engine.doc.tracking
    if tracking is None:
        return []
    words = engine.words
    title = words.tracking_heading
    title_box, rule_y, body, _ = engine.frame(1)
    page = _Page(_Group("content", title, []), [], size, continued=False)
    sentence = tracking.sentence(words)
    seconds = talk_seconds([title, sentence], engine.style.words_per_minute)
    running += seconds
    categories, series = chart_frame_data(tracking, dict(engine.theme.layout.tracking.colors))
    chart = ChartFrame(
        body,
        words.by_status,
        categories,
        series,
        alt=sentence,
        size=engine.sizes.body_min,
        gap=engine.theme.layout.tracking.deck_gap,
    )
    slide = Slide(
        kind="content",
        title=engine.slide_title(page, 1, size, title_box),
        body=None,
        notes=notes([title, sentence], [], words.notes_timing, seconds, running),
        seconds=seconds,
        running_seconds=running,
        number=number,
        footer=engine.footer(number),
        shapes=engine.decor(rule_y),
        charts=(chart,),
    )
    return [slide]
