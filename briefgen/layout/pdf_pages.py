"""The PDF's layout stage: page geometry, the cover and handout as frames, the body as blocks.

Format-neutral (no reportlab): :func:`layout_pdf` decides everything the PDF painter draws
that is not left to the page flow. The cover and the "Key recommendations" handout are pages
of frame items (:mod:`briefgen.layout.frames`) placed here; the body is a sequence of
role-tagged blocks (:mod:`briefgen.layout.pdf_blocks`) whose page breaks the painter's flow
decides, obeying each block's keep-with-next and page-start marks. Geometry is in points from
the top-left corner of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefgen.layout.direction import is_rtl, mirror_box, mirror_item
from briefgen.layout.document import Document
from briefgen.layout.fit_measure import Measurer, role_fonts
from briefgen.layout.frames import Box, Para, Picture, Rect, Run, TextBlock
from briefgen.layout.pdf_blocks import Block, layout_blocks
from briefgen.layout.roles import Role
from briefgen.options import Options
from briefgen.theme import Theme

__all__ = [
    "ContentsLine",
    "FramePage",
    "Geometry",
    "Metrics",
    "PdfPages",
    "Running",
    "Stacker",
    "Text",
    "geometry",
    "layout_pdf",
]

INCH = 72.0
CM = INCH / 2.54
MM = CM * 0.1
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (21 * CM, 29.7 * CM),
    "Letter": (8.5 * INCH, 11 * INCH),
}
ROLES = ("regular", "bold", "italic", "bold_italic", "symbols")
SHRINKAGE = 0.05  # reportlab paragraphs let a line run 5% of a space per gap past the width


@dataclass(frozen=True)
class ContentsLine:
    """One contents entry on a frame page (the cover): the section's title as measured in
    ``lines``, a dot leader, the page number of section ``key`` (known when the file is
    saved) in ``number_room`` at the line's end, and a link to the section."""

    box: Box
    key: str
    text: str
    lines: tuple[str, ...]
    size: float
    number_room: float
    rtl: bool = False  # mirrored: the title at the right, the number at the left
    tag: Role = Role.CONTENTS_ENTRY


Item = TextBlock | Rect | Picture | ContentsLine


@dataclass(frozen=True)
class Geometry:
    """Page size and the text frame's margins, in points."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


def geometry(theme: Theme, options: Options) -> Geometry:
    width, height = PAGE_SIZES[options.page_size or theme.pdf.page_size]
    m = theme.pdf.margins
    return Geometry(width, height, m.left * MM, m.right * MM, m.top * MM, m.bottom * MM)


class Metrics(Measurer):
    """The theme's five font roles, each followed by its fallback fonts, measured as the PDF
    sets paragraphs (reportlab's line breaking, see :mod:`briefgen.layout.measure`)."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(role_fonts(theme), space_shrinkage=SHRINKAGE)


@dataclass(frozen=True)
class Text:
    """A paragraph to stack: what it says, its look, and the space above it (not at a top)."""

    text: str
    size: float
    font: str
    color: str
    before: float = 0.0
    tag: Role = Role.PARAGRAPH


class Stacker:
    """Paragraphs stacked down the frame width, each its own measured text block."""

    def __init__(self, theme: Theme, geo: Geometry, metrics: Metrics) -> None:
        self.leading = theme.pdf.leading
        self.geo, self.metrics = geo, metrics

    def block(
        self, t: Text, y: float, x: float | None = None, width: float | None = None
    ) -> TextBlock:
        """``t`` set from ``y`` down, across the frame or in the column ``x``, ``width``."""
        x = self.geo.left if x is None else x
        width = self.geo.frame_width if width is None else width
        lines = self.metrics.lines(t.text, t.font, t.size, width)
        para = Para(
            text=t.text,
            level=0,
            bullet="",
            role=t.font,
            color=t.color,
            space_after=0.0,
            lines=lines,
            runs=(Run(t.text, t.color),),
            tag=t.tag,
        )
        h = len(lines) * t.size * self.leading
        return TextBlock(Box(x, y, width, h), (para,), t.size, self.leading, tag=t.tag)

    def height(self, texts: Sequence[Text], width: float | None = None) -> float:
        blocks = [(t, self.block(t, 0.0, width=width)) for t in texts]
        return sum(b.box.h + (t.before if i else 0) for i, (t, b) in enumerate(blocks))

    def stack(
        self,
        texts: Sequence[Text],
        top: float,
        x: float | None = None,
        width: float | None = None,
    ) -> list[TextBlock]:
        """Blocks placed downwards from ``top`` (across the frame, or in a column)."""
        out, y = [], top
        for i, t in enumerate(texts):
            y += t.before if i else 0
            block = self.block(t, y, x, width)
            out.append(block)
            y += block.box.h
        return out


@dataclass(frozen=True)
class FramePage:
    """A page drawn from frame items alone (the cover, a handout page)."""

    items: tuple[Item, ...]
    tag: Role
    anchor: str = ""  # the outline / contents key of the page, if it starts a section
    anchor_title: str = ""


@dataclass(frozen=True)
class Running:
    """The running header and footer texts, already cut to their room."""

    header_left: str
    header_right: str
    footer_left: str
    rtl: bool = False  # mirrored: the title and coalition at the right, the page line at the left
    # a page whose top continues a section: (section key, header left, header right), the
    # right naming the section ("Issue 4: Early and forced marriages (cont.)")
    continued: tuple[tuple[str, str, str], ...] = ()

    def header(self, section: str) -> tuple[str, str]:
        """The header's two texts on a page whose top continues ``section`` ("": none)."""
        for key, left, right in self.continued:
            if key == section:
                return left, right
        return self.header_left, self.header_right


@dataclass(frozen=True)
class PdfPages:
    """Everything the PDF painter draws, decided."""

    geometry: Geometry
    cover: FramePage
    blocks: tuple[Block, ...]  # the body, in reading order
    handout: tuple[FramePage, ...]
    running: Running
    warnings: tuple[str, ...]
    rtl: bool = False  # right to left: the body set flush right, bullets and numbers at the right


def fit_line(text: str, width: float, metrics: Metrics, size: float, mark: str) -> str:
    """Shorten a one-line text to ``width`` at a word boundary, ending it with ``mark``."""
    if metrics.width(text, "regular", size) <= width:
        return text
    words = text.split()
    while words and metrics.width(" ".join(words) + mark, "regular", size) > width:
        words.pop()
    return " ".join(words) + mark if words else ""


def running(doc: Document, theme: Theme, geo: Geometry, metrics: Metrics) -> Running:
    """Header: short title (cut to leave room for the country), country; footer: coalition."""
    size, mark = theme.pdf.sizes.small, theme.layout.pdf.cut_mark
    cover = doc.cover
    gap = theme.layout.pdf.header_gap * size
    room = geo.frame_width - metrics.width(cover.country, "regular", size) - gap
    return Running(
        header_left=fit_line(cover.title, room, metrics, size, mark),
        header_right=cover.country,
        footer_left=fit_line(cover.coalition, geo.frame_width / 2, metrics, size, mark),
        rtl=is_rtl(doc.lang),
        continued=continued_headers(doc, theme, geo, metrics),
    )


def continued_headers(
    doc: Document, theme: Theme, geo: Geometry, metrics: Metrics
) -> tuple[tuple[str, str, str], ...]:
    """For each body section, the header of a page that continues it: the short title, and
    the section's heading marked continued in place of the country, both cut to their room
    (the section's name takes up to ``header_section_share`` of the width)."""
    from briefgen.layout.pdf_blocks import contents_entries

    size, lay = theme.pdf.sizes.small, theme.layout.pdf
    gap = lay.header_gap * size
    out = []
    for key, title in contents_entries(doc, handout=False):
        label = doc.continued(title)
        title_w = metrics.width(doc.cover.title, "regular", size)
        room = max(geo.frame_width - gap - title_w, lay.header_section_share * geo.frame_width)
        right = fit_line(label, room, metrics, size, lay.cut_mark)
        left_room = geo.frame_width - metrics.width(right, "regular", size) - gap
        out.append((key, fit_line(doc.cover.title, left_room, metrics, size, lay.cut_mark), right))
    return tuple(out)


def _mirror(item: Item, width: float) -> Item:
    if isinstance(item, ContentsLine):
        return replace(item, box=mirror_box(item.box, width), rtl=True)
    return mirror_item(item, width)


def _mirrored(page: FramePage, geo: Geometry) -> FramePage:
    return replace(page, items=tuple(_mirror(item, geo.width) for item in page.items))


def layout_pdf(doc: Document, theme: Theme, options: Options) -> PdfPages:
    """The whole PDF layout: cover frames, body blocks, handout pages and warnings."""
    from briefgen.layout.pdf_contents import contents_block, place_contents, without_contents
    from briefgen.layout.pdf_cover import layout_cover
    from briefgen.layout.pdf_handout import layout_handout

    geo = geometry(theme, options)
    metrics = Metrics(theme)
    warnings: list[str] = []
    wanted = theme.pdf.handout if options.handout is None else options.handout
    handout = layout_handout(doc, theme, geo, metrics, warnings) if wanted else ()
    blocks = layout_blocks(doc, theme, handout=bool(handout))
    placement = place_contents(blocks, theme, geo, metrics)
    cover = None
    if placement == "cover":  # on the cover when they fit there, else on a page of their own
        entries = contents_block(blocks)
        cover = layout_cover(doc, theme, geo, metrics, warnings, entries)
        placement = "cover" if cover is not None else "page"
    if cover is None:
        cover = layout_cover(doc, theme, geo, metrics, warnings)
    assert cover is not None
    blocks = list(without_contents(blocks, placement))
    rtl = is_rtl(doc.lang)
    if rtl:
        cover = _mirrored(cover, geo)
        handout = tuple(_mirrored(page, geo) for page in handout)
    return PdfPages(
        geometry=geo,
        cover=cover,
        blocks=tuple(blocks),
        handout=handout,
        running=running(doc, theme, geo, metrics),
        warnings=tuple(warnings),
        rtl=rtl,
    )
