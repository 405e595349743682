"""The title slide: a colour band with the title and subtitle; under it the coalition and the
review facts, who presents (in columns at the foot) and the logos (at the right).

Each text shrinks within the theme's bounds (the title from ``sizes.title`` to
``layout.slides.title_min`` of it, the subtitle and facts down to ``sizes.body_min``); text
still too long at the smallest size is cut on the slide and reported as a warning naming the
input field, never cut silently. The speaker notes keep every text in full.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefgen.layout.deck import Slide
from briefgen.layout.document import Logo
from briefgen.layout.fit import Proto, clean, steps
from briefgen.layout.frames import Anchor, Box, Para, Picture, Rect, TextBlock
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


def _facts(e: DeckEngine, presenters: bool = False) -> list[Proto]:
    """Coalition, country · review · date, and (``presenters``) who presents, in one line."""
    cover = e.doc.cover
    sep = e.lay.separator
    facts = sep.join(x for x in (cover.country, cover.review, cover.date) if x)
    protos = []
    if cover.coalition:
        protos.append(e.styled("cover.coalition", e.run("cover.coalition", cover.coalition)))
    if facts:
        protos.append(e.styled("cover.facts", e.run("cover.facts", facts)))
    if cover.presenters and presenters:
        protos.append(_presenters_line(e, [clean(p) for p in cover.presenters]))
    return protos


def _presenters_line(e: DeckEngine, who: Sequence[str]) -> Proto:
    """The label and the names as one paragraph: "Presented by: A, B, C"."""
    label = e.words.presented_by + e.lay.label_separator
    return e.styled(
        "cover.presenters",
        e.run("cover.presenters.label", label, Role.LABEL),
        e.run("cover.presenters", e.lay.list_separator.join(who)),
    )


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
    protos = _facts(e, presenters=True)
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


def _people(e: DeckEngine) -> list[tuple[str, str]]:
    """Each presenter's name and organisation (the email is for the page, not the screen:
    the PDF cover and the notes have it)."""
    cover = e.doc.cover
    if not cover.people:
        return [(p, "") for p in cover.presenters]
    return [(name, organisation) for name, organisation, _ in cover.people]


def _presenter_columns(e: DeckEngine, cols: int, details: bool = True) -> list[list[Proto]]:
    """Who presents, in ``cols`` columns read top to bottom: "Presented by" heads the first
    column; each presenter is a name, then (in the label colour, with ``details``) the
    organisation."""
    people = _people(e)
    per = math.ceil(len(people) / cols)
    label = e.styled(
        "cover.presenters.label", e.run("cover.presenters.label", e.words.presented_by)
    )
    columns: list[list[Proto]] = []
    for c in range(cols):
        column = [label] if c == 0 else []
        for name, detail in people[c * per : (c + 1) * per]:
            name_run = e.run("cover.presenters.name", clean(name))
            column.append(e.styled("cover.presenters.name", name_run))
            if detail and details:
                run = e.run("cover.presenters.label", clean(detail))
                column.append(e.styled("cover.presenters.label", run))
        columns.append(column)
    if cols > 1:  # the label's line kept free in the other columns, so names align
        blank = e.styled("cover.presenters.label", e.run("cover.presenters.label", " "))
        columns[1:] = [[blank, *col] for col in columns[1:]]
    return columns


def _presenters(
    e: DeckEngine, area: Box, high: float, warnings: list[str], names_only: bool = True
) -> tuple[list[TextBlock], list[str]]:
    """The presenters' columns anchored at the foot of ``area``, one size for all of them
    (the largest up to ``high`` at which every column fits); more columns, up to
    ``presenter_columns_max``, then (``names_only``) the names without the organisations,
    then the names in one paragraph across the area, before anything is cut."""
    count = len(_people(e))
    first = max(1, min(e.lay.presenter_columns, count))
    sizes = steps(high, e.sizes.body_min, e.lay.size_step)
    space = e.style.paragraph_space * e.lay.presenters_space
    gutter = e.lay.gutter_em * e.sizes.body
    size = None
    last = max(first, min(count, e.lay.presenter_columns_max))
    kinds = (True, False) if names_only else (True,)
    tries = [(d, cols) for d in kinds for cols in range(first, last + 1)]
    for details, cols in tries:  # names alone only when names and organisations cannot fit
        columns = _presenter_columns(e, cols, details)
        width = (area.w - (cols - 1) * gutter) / cols
        fitting = (z for z in sizes if all(e.fit.fits(c, width, area.h, z, space) for c in columns))
        size = next(fitting, None)
        if size is not None:
            if not details:
                warnings += _organisations_left_out(e)
            break
    cover = e.doc.cover
    label = e.words.presented_by + e.lay.label_separator
    said = [label + e.lay.list_separator.join(clean(p) for p in cover.presenters)]
    if size is None:
        cut = (
            f"title slide: `presenters` are too many to fit even at {sizes[-1]:g} pt (the"
            " smallest the theme allows) and are cut on the slide; the notes keep them in full"
        )
        if names_only:  # one paragraph, cut after its last whole line if it must be
            flowing, fits = _presenters_flowing(e, area, sizes, space)
            warnings += _organisations_left_out(e) if fits else [cut]
            return [flowing], said
        warnings.append(cut)
        size = sizes[-1]
    measured = [e.fit.fit_block(column, width, area.h, [size], space)[1] for column in columns]
    h = min(max(e.total(paras, size) for paras in measured) / (1 - e.lay.height_safety), area.h)
    blocks = [  # one top for every column, so the names line up
        TextBlock(
            Box(area.x + c * (width + gutter), area.bottom - h, width, h), tuple(p), size, e.ls
        )
        for c, p in enumerate(measured)
    ]
    return blocks, said


def _organisations_left_out(e: DeckEngine) -> list[str]:
    if not any(org for _, org in _people(e)):
        return []
    return [
        "title slide: the presenters' organisations are left out to make room"
        " (the notes and the PDF cover keep them)"
    ]


def _presenters_flowing(
    e: DeckEngine, area: Box, sizes: Sequence[float], space: float
) -> tuple[TextBlock, bool]:
    """The names after "Presented by:" in one paragraph across ``area``, anchored at its
    foot: the least room the names can take, for when no columns fit; and whether it fits
    (when not, it is set at the smallest size and cut, every name before the cut whole)."""
    bound = [clean(name).replace(" ", "\xa0") for name, _ in _people(e)]  # no name split
    protos = [_presenters_line(e, bound)]
    size, paras = e.fit.fit_block(protos, area.w, area.h, sizes, space)
    fits = size != sizes[-1] or e.fit.fits(protos, area.w, area.h, size, space)
    h = min(e.total(paras, size) / (1 - e.lay.height_safety), area.h)
    box = Box(area.x, area.bottom - h, area.w, h)
    return TextBlock(box, tuple(paras), size, e.ls), fits


def _title_logos(e: DeckEngine) -> tuple[Logo, ...]:
    """The brand logos, then the members' when they are few enough to stay legible there
    (``title_member_logos``; the closing slides show every member's)."""
    members = e.doc.member_logos
    return (*e.doc.brand_logos, *(members if len(members) <= e.lay.title_member_logos else ()))


def _logo_cells(e: DeckEngine, area: Box, anchor: Anchor) -> tuple[Picture, ...]:
    """The title slide's logos at the right of ``area``, in rows of one height."""
    return e.logos(_title_logos(e), area, "right", anchor)


# Whole on purpose (77 lines): the slide's regions in reading order (band, facts, presenters,
# logos), each placed from the room the one before left.
def title_slide(e: DeckEngine) -> TitleSlide:
    """The deck's first slide (numbered, timed and given notes by the caller).

    Under the band: the coalition and the review facts at the top left; who presents in
    columns anchored at the foot; the logos (brand, then members) at the right, their row
    on the foot line. With neither presenters nor logos the facts sit in the middle of the
    white area rather than leaving its lower part empty.
    """
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
    people = bool(_people(e))
    logo_w = e.content_w * lay.logo_area if _title_logos(e) else 0.0
    meta_w = e.content_w - logo_w - (sizes.body_min if logo_w else 0.0)
    alone = not people and not logo_w
    protos = _facts(e)
    script = [cover.title, cover.subtitle]
    extras: list[TextBlock] = []
    high = max(sizes.body_min, round(sizes.subtitle * lay.facts_em))
    facts_bottom = meta_top
    if protos:
        room = meta_h * (lay.facts_share if people else 1.0)
        meta = Box(e.left, meta_top, meta_w, room)
        m_sizes = steps(high, sizes.body_min, lay.size_step)
        space = e.style.paragraph_space * lay.facts_space
        what = "`coalition` and the review facts"
        m_size, m_paras = _fit(e, protos, meta, m_sizes, space, what, warnings)
        h = min(e.total(m_paras, m_size) / (1 - lay.height_safety), room)
        top = meta_top + (meta_h - h) / 2 if alone else meta_top
        extras.append(TextBlock(Box(e.left, top, meta_w, h), tuple(m_paras), m_size, e.ls))
        facts_bottom = top + h
        script += [p.text for p in protos]  # in full, even if the slide had to cut it
    logo_box = Box(e.right - logo_w, meta_top, logo_w, meta_h)
    anchor: Anchor = "middle"
    if people:
        gap = lay.body_gap_em * sizes.body
        area = Box(e.left, facts_bottom + gap, meta_w, max(e.bottom - facts_bottom - gap, 0.0))
        tight: list[str] = []
        blocks, said = _presenters(e, area, high, tight, names_only=not logo_w)
        if tight and logo_w:  # too tight beside the logos: they go up beside the facts and
            # the presenters take the whole width
            area = Box(area.x, area.y, e.content_w, area.h)
            blocks, said = _presenters(e, area, high, warnings)
            logo_box = Box(logo_box.x, meta_top, logo_w, max(facts_bottom - meta_top, 0.0))
            anchor = "top"
        else:  # the logos' row as high as the presenters' block, on its foot line
            warnings += tight
            logo_box = Box(logo_box.x, blocks[-1].box.y, logo_w, blocks[-1].box.h)
            anchor = "bottom"
        extras += blocks
        script += said
    pictures = _logo_cells(e, logo_box, anchor) if logo_w else ()
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
    return TitleSlide(slide, [s for s in script if s], warnings)


__all__ = ["TitleSlide", "title_slide"]
