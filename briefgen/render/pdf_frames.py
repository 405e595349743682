"""The generic frame painter: text blocks, rectangles and pictures where the layout put them.

The cover and the handout pages are :class:`briefgen.layout.pdf_pages.FramePage`s; this module
draws any of them. Frames measure from the page's top-left corner, reportlab from its
bottom-left: a box's bottom edge is at ``page height - box.y - box.h``. Each paragraph is set
by reportlab in the box's width from the top the layout measured (the layout measured it
with the same font metrics and line breaking, so it takes the lines the layout counted).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from briefgen import fonts, images
from briefgen.layout.frames import Para, Picture, Rect, TextBlock
from briefgen.layout.pdf_pages import ContentsLine, FramePage, Geometry
from briefgen.layout.roles import Role, standard
from briefgen.render.pdf_canvas import ContentsEntry, TextLook
from briefgen.render.pdf_fonts import Look, broken, markup
from briefgen.render.pdf_marks import (
    artifact,
    element,
    ensure_body,
    item_roles,
    open_body,
    tagger,
    text_attrs,
)
from briefgen.render.pdf_tags import GROUPING

__all__ = ["draw_picture", "frame_painter", "paint_items"]


def _style(look: Look, p: Para, block: TextBlock) -> ParagraphStyle:
    """A paragraph's style: its font and colour roles at the block's size, its bullet's look."""
    if p.tag is Role.RECOMMENDATION:  # the number: the named style shared with the deck
        number = look.named("recommendation.number")
        bullet_font, bullet_color = look.font(number.font), look.color(number.color)
    else:
        bullet_font, bullet_color = look.faces.symbols, look.color(p.bullet_color)
    style = ParagraphStyle(
        "frame",
        fontName=look.font(p.role),
        fontSize=block.size,
        leading=block.size * block.line_spacing,
        textColor=look.color(p.color),
        leftIndent=p.indent,
        alignment={"left": 0, "center": 1, "right": 2}[block.align],
        splitLongWords=1,
        bulletFontName=bullet_font,
        bulletFontSize=block.size,
        bulletIndent=p.bullet_indent,
        bulletColor=bullet_color,
    )
    return style


def _lines(p: Para, look: Look) -> str:
    """Paragraph markup breaking where the layout measured (reportlab lets a line run a little
    past the width, and the fitting engine sets long words apart: either could change the
    line count the layout placed the next paragraph by); runs in another colour than the
    paragraph's (the recommending states, a response or status) in theirs."""
    if fonts.has_arabic(p.text):  # bidi paragraphs break themselves, in one colour
        return markup(p.text)
    lines = p.lines if len(p.lines) > 1 else (p.text,)
    spans = _colour_spans(p, lines)
    if spans is None:
        return "<br/>".join(markup(line) for line in lines) if len(lines) > 1 else markup(p.text)
    return "<br/>".join(
        _coloured(line, at, spans, look) for line, at in zip(lines, spans.starts, strict=True)
    )


class _Spans:
    """Where each line starts in the paragraph's text, and each run's (start, end, colour)."""

    def __init__(self, starts: list[int], runs: list[tuple[int, int, str]], base: str) -> None:
        self.starts, self.runs, self.base = starts, runs, base


def _colour_spans(p: Para, lines: tuple[str, ...]) -> _Spans | None:
    """None when the paragraph is in one colour (or its lines cannot be found in its text)."""
    if all(r.color == p.color for r in p.runs) or "".join(r.text for r in p.runs) != p.text:
        return None
    runs, at = [], 0
    for r in p.runs:
        runs.append((at, at + len(r.text), r.color))
        at += len(r.text)
    starts, cursor = [], 0
    for line in lines:
        found = p.text.find(line, cursor)
        if found < 0:
            return None
        starts.append(found)
        cursor = found + len(line)
    return _Spans(starts, runs, p.color)


def _coloured(line: str, start: int, spans: _Spans, look: Look) -> str:
    """One line's markup, each run's part in its colour (the paragraph's own colour plain)."""
    end, out = start + len(line), []
    for first, last, color in spans.runs:
        lo, hi = max(first, start), min(last, end)
        if lo >= hi:
            continue
        text = markup(line[lo - start : hi - start])
        if color == spans.base:
            out.append(text)
        else:
            out.append(f'<font color="#{look.color(color).hexval()[2:]}">{text}</font>')
    return "".join(out)


def _role(p: Para, block: TextBlock) -> str:
    """A paragraph's structure element: its own tag, else its block's, else ``P``; text
    tagged with a grouping role (a table, a row) is a paragraph, so it is never unmarked."""
    role = p.tag if p.tag is not Role.PARAGRAPH else block.tag
    if role is None or role in (Role.LIST, Role.ARTIFACT) or _grouping(role):
        return "P"
    return role.value


def _grouping(role: Role) -> bool:
    return standard(role) in GROUPING and role not in (Role.ITEM, Role.RECOMMENDATION)


def _text(canvas: Canvas, block: TextBlock, look: Look, page_height: float, lang: str) -> None:
    top = block.box.y
    tags = tagger(canvas)
    in_list = False
    for p in block.paragraphs:
        role = _role(p, block)
        item = item_roles(role) or (in_list and p.continued)
        if tags is not None and item != in_list:
            (tags.begin("L") if item else tags.end())
            in_list = item
        flow = broken(p.text, _lines(p, look), _style(look, p, block), p.bullet or None, block.rtl)
        _, h = flow.wrap(block.box.w, page_height)
        attrs = text_attrs(p.text, lang)
        if tags is None or block.tag is Role.ARTIFACT:
            with artifact(canvas):
                flow.drawOn(canvas, block.box.x, page_height - top - h)
        elif item:
            with tags.tag("LI" if p.continued else role):
                open_body(canvas, attrs)
                if not p.bullet:
                    ensure_body(canvas)
                flow.drawOn(canvas, block.box.x, page_height - top - h)
                tags.end()  # the LBody
        else:
            with tags.tag(role, **attrs):
                flow.drawOn(canvas, block.box.x, page_height - top - h)
        top += p.height(block.size, block.line_spacing)
    if in_list and tags is not None:
        tags.end()


def _rect(canvas: Canvas, rect: Rect, look: Look, page_height: float) -> None:
    box = rect.box
    with artifact(canvas):
        canvas.setFillColor(look.color(rect.color))
        canvas.rect(box.x, page_height - box.y - box.h, box.w, box.h, stroke=0, fill=1)


def draw_picture(
    canvas: Canvas, picture: images.Picture, x: float, y: float, w: float, h: float
) -> None:
    """A checked logo with its bottom-left corner at (x, y) in reportlab's coordinates."""
    canvas.drawImage(ImageReader(io.BytesIO(picture.data)), x, y, w, h, mask="auto")


def _picture(canvas: Canvas, picture: Picture, page_height: float) -> None:
    box = picture.box
    with element(canvas, "Figure", alt=picture.alt):
        draw_picture(canvas, picture.image, box.x, page_height - box.y - box.h, box.w, box.h)


def _contents_line(
    canvas: Canvas, line: ContentsLine, look: Look, page_height: float, lang: str
) -> None:
    """A contents entry as the body's contents draw it: title, leader, page number, link."""
    style = look.style("cover-contents", line.size)
    title = broken(line.text, _lines_of(line), style, None, line.rtl)
    lay = look.lay
    entry = ContentsEntry(
        line.key,
        title,
        TextLook(look.faces.regular, line.size, look.text),
        look.muted,
        line.number_room,
        (lay.leader_dot, lay.leader_gap, lay.leader_clearance),
        line.text,
        lang,
        rtl=line.rtl,
    )
    _, h = entry.wrapOn(canvas, line.box.w, page_height)
    tags = tagger(canvas)
    if tags is None:
        entry.drawOn(canvas, line.box.x, page_height - line.box.y - h)
        return
    with tags.tag("TOCI"):
        entry.drawOn(canvas, line.box.x, page_height - line.box.y - h)


def _lines_of(line: ContentsLine) -> str:
    if len(line.lines) < 2 or fonts.has_arabic(line.text):
        return markup(line.text)
    return "<br/>".join(markup(part) for part in line.lines)


def paint_items(
    canvas: Canvas, page: FramePage, look: Look, geo: Geometry, lang: str = "en"
) -> None:
    """Draw every item of a frame page, in order (later items over earlier ones);
    consecutive contents lines make one contents (``TOC``) element."""
    tags = tagger(canvas)
    in_toc = False
    for item in page.items:
        if tags is not None and isinstance(item, ContentsLine) != in_toc:
            (tags.end() if in_toc else tags.begin("TOC"))
            in_toc = not in_toc
        if isinstance(item, TextBlock):
            _text(canvas, item, look, geo.height, lang)
        elif isinstance(item, Rect):
            _rect(canvas, item, look, geo.height)
        elif isinstance(item, ContentsLine):
            _contents_line(canvas, item, look, geo.height, lang)
        else:
            _picture(canvas, item, geo.height)
    if in_toc and tags is not None:
        tags.end()


def frame_painter(
    page: FramePage, look: Look, geo: Geometry, lang: str = "en"
) -> Callable[[Canvas, float, float], None]:
    """A painter for :class:`briefgen.render.pdf_canvas.FullPage` (page coordinates)."""

    def paint(canvas: Canvas, width: float, frame_height: float) -> None:
        paint_items(canvas, page, look, geo, lang)

    return paint
