"""The PPTX painter's entry point: writes the deck the layout stage made, nothing more.

Every size, position, line and colour comes from the laid-out :class:`~briefgen.layout.deck.Deck`
(:mod:`briefgen.layout.slides`) and the theme, so the deck never overflows and the tests can
check the layout without this module. Slides use the template's title and content layouts
(named by ``layout.slides``) and their placeholders, so outline view, accessibility and
organisation templates keep working.

The work is split along its seams: :mod:`briefgen.render.pptx_template` holds the template's
analysis (made once by python-pptx in :mod:`briefgen.render.pptx_analyse`, then kept on
disk), :mod:`briefgen.render.pptx_paint` paints one slide's frame items,
:mod:`briefgen.render.pptx_xml` is the one escaping XML builder, and
:mod:`briefgen.render.pptx_package` holds the parts and writes the zip without python-pptx;
:mod:`briefgen.render.pptx_private` holds every private python-pptx name.
"""

from __future__ import annotations

from typing import BinaryIO

from briefgen.layout.deck import Deck
from briefgen.layout.document import Document
from briefgen.layout.template_plan import with_deck_family
from briefgen.render.pptx_package import DeckPackage
from briefgen.render.pptx_paint import Painter
from briefgen.render.pptx_template import (
    CENTER_TITLE,
    PRESENTATION_MAIN,
    TEMPLATE_MAIN,
    TITLE,
    analysis,
    find_layout,
)
from briefgen.render.pptx_xml import APP_DECLARATION, el, emu, text
from briefgen.theme import Theme

__all__ = ["PRESENTATION_MAIN", "TEMPLATE_MAIN", "render"]

CORE_LIMIT = 255  # characters python-pptx (and the OPC schema users) allow per core property
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def render(
    document: Document, theme: Theme, stream: BinaryIO, options: object, deck: Deck
) -> dict[str, object]:
    """Paint the deck the layout stage made; returns facts for the build report.

    ``options`` is unused: every choice it holds was made by the layout (the aspect).
    """
    template = analysis(theme.slides.template)
    # An organisation's template brings its own backgrounds; otherwise the theme's colour.
    named, measured = deck.font
    if named:  # the template's font, measured with its metric twin or a wide font
        theme = with_deck_family(theme, measured)
    painter = Painter(theme, document.lang, background=theme.slides.template is None, family=named)
    names = theme.layout.slides
    title_layout = find_layout(template.layouts, names.title_layout, (CENTER_TITLE, TITLE))
    content_layout = find_layout(template.layouts, names.content_layout, (TITLE,), body=True)
    package = DeckPackage(template, emu(deck.width), emu(deck.height))
    for slide in deck.slides:
        default = title_layout if slide.kind == "title" else content_layout
        layout = slide.layout if slide.layout in template.prototypes else default
        part = package.add_slide(layout)
        part.blob = painter.slide(template.prototypes[layout], slide, part)
        if slide.notes:
            package.add_notes(part, slide.notes)
    notes = sum(1 for slide in deck.slides if slide.notes)
    package.describe(core_properties(document), _app_xml(deck.aspect, len(deck.slides), notes))
    package.write(stream)
    return {"slides": len(deck.slides), "talk_seconds": deck.total_seconds}


def core_properties(document: Document) -> dict[str, str]:
    """What describes the deck (the other properties and the dates are fixed: same input,
    same bytes)."""
    cover = document.cover
    return {
        "title": _limit(cover.title),
        "subject": _limit(cover.subtitle or cover.review),
        "author": _limit(cover.coalition),
        "keywords": _limit("; ".join(document.keywords)),
        "language": document.lang,
    }


def _app_xml(aspect: str, slides: int, notes: int) -> bytes:
    """``docProps/app.xml``: the application, the deck's format and its counts."""
    fields = (
        el("Application", (), text("briefgen")),
        el("PresentationFormat", (), text(f"On-screen Show ({aspect})")),
        el("Slides", (), str(slides)),
        el("Notes", (), str(notes)),
    )
    pairs = (("xmlns", EXTENDED_NS), ("xmlns:vt", VT_NS))
    return (APP_DECLARATION + el("Properties", pairs, *fields)).encode()


def _limit(value: str, limit: int = CORE_LIMIT) -> str:
    """Core properties hold at most 255 characters: cut at a word and mark the cut."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ;,")
    return cut + "…"
