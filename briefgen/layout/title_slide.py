"""The title slide: a colour band with the title and subtitle, the facts and brand logos below.

Each text shrinks within the theme's bounds (the title from ``sizes.title`` to
``layout.slides.title_min`` of it, the subtitle and facts down to ``sizes.body_min``); text
still too long at the smallest size is cut on the slide and reported as a warning naming the
input field, never cut silently. The speaker notes keep every text in full.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.layout.deck import Slide
from briefgen.layout.fit import Proto, clean, steps
from briefgen.layout.frames import Box, Para, Rect, TextBlock
from briefgen.layout.roles import Role

if TYPE_CHECKING:
    from briefgen.layout.slides import DeckEngine


@dataclass(frozen=True)
class TitleSlide:
    slide: Slide
    script: list[str]  # what the notes read out, in full
    warnings: list[str]


def _fit(
    e: DeckEngine,
    protos: Sequence[Proto],
    box: Box,
    sizes: Sequence[float],
    space: float,
    what: str,
    warnings: list[str],
) -> tuple[float, list[Para]]:
    """fit_block, with a warning naming ``what`` when even the smallest size had to cut."""
    size, paras = e.fit.fit_block(protos, box.w, box.h, sizes, space)
    if size == sizes[-1] and not e.fit.fits(protos, box.w, box.h, size, space):
        warnings.append(
            f"title slide: {what} is too long to fit even at {size:g} pt (the smallest the"
            " theme allows) and is cut on the slide; shorten it (the notes keep it in full)"
        )
    return size, paras


def _band(e: DeckEngine, band_h: float, warnings: list[str]) -> tuple[TextBlock, TextBlock | None]:
    """The title, bottom-anchored above the subtitle, both inside the colour band."""
    cover = e.doc.cover
    sizes = e.sizes
    inner_bottom = band_h - (e.height - e.bottom)
    sub_block: TextBlock | None = None
    title_bottom = inner_bottom
    if cover.subtitle:
        sub = e.styled("subtitle", e.run("subtitle", cover.subtitle), tag=Role.PARAGRAPH)
        room = Box(e.left, 0.0, e.content_w, e.lay.title_lines * sizes.subtitle * e.ls)
        sub_sizes = steps(sizes.subtitle, sizes.body_min, e.lay.size_step)
        sub_size, sub_paras = _fit(e, [sub], room, sub_sizes, 0.0, "`subtitle`", warnings)
        h = e.total(sub_paras, sub_size) / (1 - e.lay.height_safety)
        box = Box(e.left, inner_bottom - h, e.content_w, h)
        sub_block = TextBlock(box, tuple(sub_paras), sub_size, e.ls)
        title_bottom = sub_block.box.y - e.lay.subtitle_gap_em * sizes.subtitle
    title_box = Box(e.left, e.top, e.content_w, max(title_bottom - e.top, 0.0))
    title = e.styled("title", e.run("title", cover.title), tag=Role.TITLE)
    t_sizes = steps(sizes.title, sizes.title * e.lay.title_min, e.lay.size_step)
    t_size, t_paras = _fit(e, [title], title_box, t_sizes, 0.0, "`title`", warnings)
    block = TextBlock(title_box, tuple(t_paras), t_size, e.ls, anchor="bottom", tag=Role.TITLE)
    return block, sub_block


def _facts(e: DeckEngine) -> list[Proto]:
    """Coalition, country · review · date, and who presents."""
    cover = e.doc.cover
    sep = e.lay.separator
    facts = sep.join(x for x in (cover.country, cover.review, cover.date) if x)
    protos = []
    if cover.coalition:
        protos.append(e.styled("cover.coalition", e.run("cover.coalition", cover.coalition)))
    if facts:
        protos.append(e.styled("cover.facts", e.run("cover.facts", facts)))
    if cover.presenters:
        names = e.lay.list_separator.join(clean(p) for p in cover.presenters)
        label = e.words.presented_by + e.lay.label_separator
        protos.append(
            e.styled(
                "cover.presenters",
                e.run("cover.presenters.label", label, Role.LABEL),
                e.run("cover.presenters", names),
            )
        )
    return protos


def template_title_slide(e: DeckEngine) -> TitleSlide:
    """The first slide on an organisation template's title layout: the title in its title
    placeholder, the subtitle and the facts in its subtitle (or body) placeholder; no band,
    no brand logos (the template carries its own design)."""
    assert e.template is not None
    frame = e.template.title
    cover = e.doc.cover
    sizes = e.sizes
    warnings: list[str] = []
    # in the colours of the content slides: the theme's title colours are for its own band
    title = e.styled("title", e.run("heading.section", cover.title), tag=Role.TITLE)
    t_sizes = steps(sizes.title, sizes.title * e.lay.title_min, e.lay.size_step)
    t_size, t_paras = _fit(e, [title], frame.title, t_sizes, 0.0, "`title`", warnings)
    title_block = TextBlock(
        frame.title, tuple(t_paras), t_size, e.ls, anchor="bottom", tag=Role.TITLE
    )
    protos = _facts(e)
    if cover.subtitle:
        protos.insert(
            0, e.styled("subtitle", e.run("cover.facts", cover.subtitle), tag=Role.PARAGRAPH)
        )
    body = None
    if frame.body is not None and protos:
        b_sizes = steps(sizes.subtitle, sizes.body_min, e.lay.size_step)
        space = e.style.paragraph_space * e.lay.facts_space
        what = "the subtitle, `coalition`, the review facts and `presenters`"
        b_size, b_paras = _fit(e, protos, frame.body, b_sizes, space, what, warnings)
        body = TextBlock(frame.body, tuple(b_paras), b_size, e.ls)
    script = [cover.title, *(p.text for p in protos)]
    slide = Slide(
        kind="title",
        title=title_block,
        body=body,
        notes="",
        seconds=0.0,
        running_seconds=0.0,
        layout=frame.layout.part,
        inherit=frame.inherit(frame.title, body.box if body else None),
    )
    return TitleSlide(slide, [s for s in script if s], warnings)


def title_slide(e: DeckEngine) -> TitleSlide:
    """The deck's first slide (numbered, timed and given notes by the caller)."""
    if e.template is not None:
        return template_title_slide(e)
    cover = e.doc.cover
    sizes = e.sizes
    lay = e.lay
    warnings: list[str] = []
    band_h = lay.band * e.height
    stripe_h = lay.stripe * e.height
    shapes = (
        Rect(Box(0.0, 0.0, e.width, band_h), "band"),
        Rect(Box(0.0, band_h, e.width, stripe_h), "accent"),
    )
    title, sub_block = _band(e, band_h, warnings)

    meta_top = band_h + stripe_h + lay.body_gap_em * sizes.body
    meta_h = max(e.bottom - meta_top, 0.0)
    brand = e.doc.brand_logos
    logo_w = e.content_w * lay.logo_area if brand else 0.0
    meta_w = e.content_w - logo_w - (sizes.body_min if logo_w else 0.0)
    protos = _facts(e)
    script = [cover.title, cover.subtitle]
    extras: list[TextBlock] = []
    if protos:
        meta = Box(e.left, meta_top, meta_w, meta_h)
        high = max(sizes.body_min, round(sizes.subtitle * lay.facts_em))
        m_sizes = steps(high, sizes.body_min, lay.size_step)
        space = e.style.paragraph_space * lay.facts_space
        what = "`coalition`, the review facts and `presenters`"
        m_size, m_paras = _fit(e, protos, meta, m_sizes, space, what, warnings)
        extras.append(TextBlock(meta, tuple(m_paras), m_size, e.ls))
        script += [p.text for p in protos]  # in full, even if the slide had to cut it
    area = Box(e.right - logo_w, meta_top, logo_w, meta_h)
    slide = Slide(
        kind="title",
        title=title,
        body=sub_block,
        notes="",
        seconds=0.0,
        running_seconds=0.0,
        extras=tuple(extras),
        shapes=shapes,
        pictures=e.logos(brand, area, "right"),
    )
    return TitleSlide(slide, [s for s in script if s], warnings)


__all__ = ["TitleSlide", "title_slide"]
