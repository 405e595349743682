"""The PPTX painter's entry point: writes the deck the layout stage made, nothing more.

Every size, position, line and colour comes from the laid-out :class:`~briefgen.layout.deck.Deck`
(:mod:`briefgen.layout.slides`) and the theme, so the deck never overflows and the tests can
check the layout without this module. Slides use the template's title and content layouts
(named by ``layout.slides``) and their placeholders, so outline view, accessibility and
organisation templates keep working.

The work is split along its seams: :mod:`briefgen.render.pptx_paint` paints one slide's frame
items, :mod:`briefgen.render.pptx_xml` is the one escaping XML builder, and
:mod:`briefgen.render.pptx_package` holds the template, the parts and the zip;
:mod:`briefgen.render.pptx_private` holds every private python-pptx name.
"""

from __future__ import annotations

from typing import BinaryIO

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from briefgen.layout.deck import Deck
from briefgen.layout.document import Document
from briefgen.layout.template_plan import with_deck_family
from briefgen.render.pptx_package import (
    PRESENTATION_MAIN,
    TEMPLATE_MAIN,
    Appender,
    core_properties,
    find_layout,
    open_template,
    package_metadata,
    template_parts,
    write_package,
)
from briefgen.render.pptx_paint import Painter
from briefgen.render.pptx_xml import emu
from briefgen.theme import Theme

__all__ = ["PRESENTATION_MAIN", "TEMPLATE_MAIN", "render"]


def render(
    document: Document, theme: Theme, stream: BinaryIO, options: object, deck: Deck
) -> dict[str, object]:
    """Paint the deck the layout stage made; returns facts for the build report.

    ``options`` is unused: every choice it holds was made by the layout (the aspect).
    """
    prs = open_template(theme.slides.template)
    prs.slide_width = Emu(emu(deck.width))
    prs.slide_height = Emu(emu(deck.height))
    # An organisation's template brings its own backgrounds; otherwise the theme's colour.
    named, measured = deck.font
    if named:  # the template's font, measured with its metric twin or a wide font
        theme = with_deck_family(theme, measured)
    painter = Painter(theme, document.lang, background=theme.slides.template is None, family=named)
    names = theme.layout.slides
    title_types = (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE)
    title_layout = find_layout(prs, names.title_layout, title_types)
    content_layout = find_layout(prs, names.content_layout, (PP_PLACEHOLDER.TITLE,), body=True)
    by_part = {
        str(layout.part.partname): layout
        for master in prs.slide_masters
        for layout in master.slide_layouts
    }
    slides = Appender(prs, painter, theme.slides.template)
    for slide in deck.slides:
        default = title_layout if slide.kind == "title" else content_layout
        slides.add(by_part.get(slide.layout, default), slide)
    core_properties(prs, document)
    package_metadata(prs, deck)
    write_package(prs, stream, template_parts(theme.slides.template))
    return {"slides": len(deck.slides), "talk_seconds": deck.total_seconds}
