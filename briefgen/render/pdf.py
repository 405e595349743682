"""The PDF briefing: a paper to hand to diplomats, rendered from the format-neutral Document.

Every colour, size, margin, font, bullet glyph and word comes from the theme and the
Document's wording; the only numbers here are structural ratios (named below) applied to
the theme's sizes. Layout is a single reportlab pass: page totals and contents page numbers
are drawn as forms filled in when the file is saved (see :mod:`briefgen.render.pdf_canvas`).

Order: cover, contents, one section per issue, other recommendations, the coalition and,
when asked for, the "key recommendations" handout (one page, unless that would set its text
below the theme's ``pdf.handout_min_size``). The handout comes *last* so that it can be
printed or torn off on its own (it is a summary, not a preface) and so that the body's page
numbers stay the same with or without it.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)
from reportlab.platypus.flowables import BalancedColumns, HRFlowable

from briefgen import fonts
from briefgen.errors import BuildError
from briefgen.layout.document import Document, IssueBlock, Logo, Numbered, Point, Previous
from briefgen.layout.logos import Align, Cell, place_logos
from briefgen.layout.logos import Anchor as LogoAnchor
from briefgen.options import Options
from briefgen.render.pdf_bidi import is_rtl_text, paragraph
from briefgen.render.pdf_canvas import (
    Anchor,
    Card,
    ContentsEntry,
    Deferred,
    DeferredCanvas,
    FullPage,
    TextLook,
    text_width,
)
from briefgen.styles import PdfLayout
from briefgen.theme import PdfSizes, Theme

PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": A4, "Letter": LETTER}
CREATOR = "briefgen"

# --------------------------------------------------------------------------------------------
# Fonts and styles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Faces:
    """reportlab names of the registered theme fonts."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    symbols: str


_REGISTERED: dict[Path, str] = {}


def _register(face: fonts.FontFace) -> str:
    """Register a TrueType face once per process; a name clash with another file is renamed."""
    path = Path(face.path)
    if path in _REGISTERED:
        return _REGISTERED[path]
    name = face.name
    registered = name in pdfmetrics.getRegisteredFontNames()
    if registered and Path(getattr(pdfmetrics.getFont(name).face, "filename", "")) != path:
        name, registered = f"{face.name}-{len(_REGISTERED)}", False
    if not registered:
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as err:  # reportlab raises bare TTFError/AssertionError
            raise BuildError(f"cannot use font {path}: {err}") from err
    _REGISTERED[path] = name
    return name


def register_fonts(theme: Theme) -> Faces:
    """Resolve and register the theme's five font roles; <b>/<i> map to the theme faces."""
    try:
        names = {
            role: _register(fonts.resolve(theme.font_spec(role)))
            for role in ("regular", "bold", "italic", "bold_italic", "symbols")
        }
    except fonts.FontError as err:
        raise BuildError(str(err)) from err
    faces = Faces(**names)
    pdfmetrics.registerFontFamily(
        faces.regular,
        normal=faces.regular,
        bold=faces.bold,
        italic=faces.italic,
        boldItalic=faces.bold_italic,
    )
    return faces


class FallbackText:
    """Characters the theme's fonts lack, set in its fallback fonts (e.g. Chinese).

    Paragraph text gets ``<font name=...>`` around each run a fallback font draws; canvas text
    is drawn run by run. A fallback font is registered (and so embedded) only when some text
    uses it, so a briefing without such characters embeds exactly the role fonts.
    """

    def __init__(self, theme: Theme) -> None:
        chained = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
        self.metrics = chained if isinstance(chained, fonts.FallbackMetrics) else None
        self._names: dict[int, str] = {}

    def needed(self, text: str) -> bool:
        return self.metrics is not None and self.metrics.needs_fallback(text)

    def font(self, index: int) -> str:
        """The registered name of fallback ``index`` (from 1), registering it on first use."""
        name = self._names.get(index)
        if name is None:
            assert self.metrics is not None
            try:
                name = self._names[index] = _register(self.metrics.faces()[index - 1])
            except fonts.FontError as err:
                raise BuildError(str(err)) from err
        return name

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """(font name, text) runs: ``font`` where it has the glyphs, a fallback elsewhere."""
        if not self.needed(text):
            return [(font, text)]
        assert self.metrics is not None
        return [(self.font(i) if i else font, run) for i, run in self.metrics.runs(text)]

    def markup(self, text: str) -> str:
        """Escaped paragraph markup of plain ``text``, fallback runs in their font."""
        if not self.needed(text):
            return escape(text)
        assert self.metrics is not None
        return "".join(
            f'<font name="{self.font(i)}">{escape(run)}</font>' if i else escape(run)
            for i, run in self.metrics.runs(text)
        )

    def width(self, text: str, font: str, size: float) -> float:
        return sum(_run_width(run, name, size) for name, run in self.runs(text, font))

    def draw(self, canvas: Canvas, x: float, y: float, text: str, right: bool = False) -> None:
        """``drawString`` (``drawRightString`` when ``right``) with fallback runs; Arabic runs
        shaped, in right-to-left order."""
        if not self.needed(text):
            (canvas.drawRightString if right else canvas.drawString)(x, y, text)
            return
        font, size = canvas._fontname, canvas._fontsize
        runs = self.runs(text, font)
        if is_rtl_text(text):  # harfbuzz orders each Arabic run; the runs go right to left
            runs.reverse()
        if right:
            x -= sum(_run_width(run, name, size) for name, run in runs)
        for name, run in runs:
            canvas.setFont(name, size)
            if fonts.has_arabic(run):  # reportlab's canvas shapes only with its bidi library
                core = run.strip(" ")  # spaces keep their side: harfbuzz would move them
                line = canvas.beginText(x + stringWidth(run[: run.index(core)], name, size), y)
                line.textLine(shapeStr(core, name, size))
                canvas.drawText(line)
            else:
                canvas.drawString(x, y, run)
            x += _run_width(run, name, size)
        canvas.setFont(font, size)


def _run_width(run: str, name: str, size: float) -> float:
    """Width of a run in one font: shaped (harfbuzz, word by word) when it has Arabic."""
    if not fonts.has_arabic(run):
        return stringWidth(run, name, size)
    core = run.strip(" ")
    shaped = shapeStr(core, name, size)
    data = getattr(shaped, "__shapeData__", None)
    spaces = stringWidth(" ", name, size) * (len(run) - len(core))
    if data is None:
        return stringWidth(core, name, size) + spaces
    return sum(d.x_advance for d in data) * size / 1000 + spaces


_FALLBACK: ContextVar[FallbackText | None] = ContextVar("briefgen_pdf_fallback", default=None)
"""The fallback text of the briefing being rendered (set by :func:`render`)."""


def markup(text: str) -> str:
    """Escaped paragraph markup for plain text, with fallback fonts where needed."""
    fallback = _FALLBACK.get()
    return fallback.markup(text) if fallback is not None else escape(text)


@dataclass(frozen=True)
class Look:
    """Everything visual the renderer uses, derived once from the theme."""

    theme: Theme
    faces: Faces
    text: Color
    muted: Color
    heading: Color
    accent: Color
    background: Color
    band: Color
    band_text: Color
    rule: Color
    panel: Color

    @property
    def lay(self) -> PdfLayout:
        return self.theme.layout.pdf

    @property
    def sizes(self) -> PdfSizes:
        return self.theme.pdf.sizes

    def leading(self, size: float) -> float:
        return size * self.theme.pdf.leading

    def style(
        self,
        name: str,
        size: float,
        *,
        font: str | None = None,
        color: Color | None = None,
        before: float = 0,
        after: float = 0,
        indent: float = 0,
        bullet: tuple[float, str, Color] | None = None,
    ) -> ParagraphStyle:
        """A paragraph style on the theme's fonts; bullet = (indent, font, colour)."""
        style = ParagraphStyle(
            name,
            fontName=font or self.faces.regular,
            fontSize=size,
            leading=self.leading(size),
            textColor=color or self.text,
            spaceBefore=before,
            spaceAfter=after,
            leftIndent=indent,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=1,
            bulletFontName=self.faces.symbols,
            bulletFontSize=size,
        )
        if bullet is not None:
            style.bulletIndent, style.bulletFontName, style.bulletColor = bullet
        return style


def make_look(theme: Theme, faces: Faces) -> Look:
    """Look's colour fields mirror the theme's colour roles one to one."""
    return Look(
        theme=theme,
        faces=faces,
        **{role: HexColor(value) for role, value in theme.colors.model_dump().items()},
    )


class Styles:
    """The body's paragraph styles; built once per render."""

    def __init__(self, look: Look, number_room: float) -> None:
        s = look.sizes
        f = look.faces
        body = s.body
        self.h1 = look.style(
            "h1", s.heading1, font=f.bold, color=look.heading, after=look.lay.h1_after * s.heading1
        )
        self.h2 = look.style(
            "h2",
            s.heading2,
            font=f.bold,
            color=look.heading,
            before=look.lay.h2_before * s.heading2,
            after=look.lay.h2_after * s.heading2,
        )
        self.h3 = look.style(
            "h3",
            body,
            font=f.bold,
            color=look.accent,
            before=look.lay.h3_before * body,
            after=look.lay.h3_after * body,
        )
        self.body = look.style("body", body, after=look.lay.paragraph_after * body)
        self.point = look.style(
            "point",
            body,
            after=look.lay.item_after * body,
            indent=look.lay.bullet_indent * body,
            bullet=(0, f.symbols, look.accent),
        )
        self.sub = look.style(
            "sub",
            body,
            after=look.lay.item_after * body,
            indent=(look.lay.bullet_indent + look.lay.sub_indent) * body,
            bullet=(look.lay.bullet_indent * body, f.symbols, look.muted),
        )
        self.number_room = number_room
        self.rec = look.style(
            "rec",
            body,
            after=look.lay.rec_after * body,
            indent=number_room,
            bullet=(0, f.bold, look.accent),
        )
        self.rec_tight = self.rec.clone("rec-tight", spaceAfter=0)
        self.sdgs = look.style(
            "sdgs", s.small, color=look.muted, indent=number_room, after=look.lay.rec_after * body
        )
        self.previous = look.style("previous", body)
        self.details = look.style(
            "details", s.small, color=look.muted, before=look.lay.item_after * body
        )
        self.contents = look.style("contents", body, after=look.lay.contents_after * body)
        self.member = self.point.clone("member")  # members are set exactly like points
        self.note = look.style(
            "note", body, font=f.italic, color=look.muted, before=look.lay.item_after * body
        )


def para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of plain text: markup characters print as they are."""
    return paragraph(markup(text), style, bullet)


# --------------------------------------------------------------------------------------------
# Page furniture
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geometry:
    """Page size and frame, in points."""

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

    def frame(self, name: str) -> Frame:
        return Frame(
            self.left,
            self.bottom,
            self.frame_width,
            self.frame_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )


def _fit_line(text: str, look: TextLook, width: float, fallback: FallbackText) -> str:
    """Shorten a one-line text to ``width`` at a word boundary, marking the cut."""

    def measure(text: str) -> float:
        if fallback.needed(text):
            return fallback.width(text, look.font, look.size)
        return text_width(text, look)

    if measure(text) <= width:
        return text
    words = text.split()
    while words and measure(" ".join(words) + " …") > width:
        words.pop()
    return " ".join(words) + " …" if words else ""


def _paint_background(canvas: Canvas, look: Look, geo: Geometry) -> None:
    canvas.setFillColor(look.background)
    canvas.rect(0, 0, geo.width, geo.height, stroke=0, fill=1)


def _furniture(
    document: Document, look: Look, geo: Geometry, header: bool
) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Running header (short title, country) and footer (coalition, "page X of Y")."""
    small = TextLook(look.faces.regular, look.sizes.small, look.muted)
    cover = document.cover
    rule = look.lay.rule * look.sizes.small
    fallback = _FALLBACK.get() or FallbackText(look.theme)

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        _paint_background(canvas, look, geo)
        canvas.setFont(small.font, small.size)
        canvas.setFillColor(small.color)
        canvas.setStrokeColor(look.rule)
        canvas.setLineWidth(rule)
        right = geo.width - geo.right
        if header:
            y = geo.height - geo.top / 2
            country_width = fallback.width(cover.country, small.font, small.size)
            room = geo.frame_width - country_width - 2 * small.size
            fallback.draw(canvas, geo.left, y, _fit_line(cover.title, small, room, fallback))
            fallback.draw(canvas, right, y, cover.country, right=True)
            rule_y = y - look.lay.header_rule_gap * small.size
            canvas.line(geo.left, rule_y, right, rule_y)
        y = geo.bottom / 2
        rule_y = y + small.size + look.lay.header_rule_gap * small.size
        canvas.line(geo.left, rule_y, right, rule_y)
        if cover.coalition:
            room = geo.frame_width / 2
            fallback.draw(canvas, geo.left, y, _fit_line(cover.coalition, small, room, fallback))
        if isinstance(canvas, DeferredCanvas):
            canvas.draw_page_total(right, y)
        canvas.restoreState()

    return draw


# --------------------------------------------------------------------------------------------
# Cover
# --------------------------------------------------------------------------------------------


def _cover_painter(
    document: Document, look: Look, geo: Geometry
) -> Callable[[Canvas, float, float], None]:
    """The cover: band with review, title and subtitle; country and date; coalition at the foot."""
    s, f = look.sizes, look.faces
    cover, words = document.cover, document.words
    top_line = look.style("cover-top", s.body, color=look.band_text)
    title = look.style("cover-title", s.title, font=f.bold, color=look.band_text)
    subtitle = look.style(
        "cover-subtitle", s.subtitle, color=look.band_text, before=look.lay.h2_after * s.subtitle
    )
    country = look.style("cover-country", s.heading1, font=f.bold, color=look.heading)
    muted = look.style("cover-muted", s.body, color=look.muted, before=look.lay.item_after * s.body)
    coalition = look.style("cover-coalition", s.heading2, font=f.bold, color=look.heading)
    label = look.style(
        "cover-label", s.small, font=f.bold, color=look.muted, before=look.lay.h2_before * s.body
    )
    line = look.style("cover-line", s.body, before=look.lay.item_after * s.body)
    logos = (*document.brand_logos, *document.member_logos)

    def height(items: Sequence[Paragraph]) -> float:
        return sum(
            p.wrap(geo.frame_width, geo.height)[1] + (p.getSpaceBefore() if i else 0)
            for i, p in enumerate(items)
        )

    def stack(canvas: Canvas, items: Sequence[Paragraph], top: float) -> None:
        """Draw paragraphs downwards from ``top`` at the left margin."""
        y = top
        for i, p in enumerate(items):
            _, h = p.wrap(geo.frame_width, geo.height)
            y -= h + (p.getSpaceBefore() if i else 0)
            p.drawOn(canvas, geo.left, y)

    def rule(canvas: Canvas, y: float, color: Color, width: float, length: float) -> None:
        canvas.setStrokeColor(color)
        canvas.setLineWidth(width)
        canvas.line(geo.left, y, geo.left + length, y)

    def paint(canvas: Canvas, width: float, frame_height: float) -> None:
        gap = look.lay.cover_gap * s.title
        head = [para(cover.title, title)]
        head += [para(cover.subtitle, subtitle)] if cover.subtitle else []
        top = [para(cover.review, top_line)] if cover.review else []
        head_h = height(head)
        band_h = max(look.lay.cover_band * geo.height, geo.top + height(top) + 2 * gap + head_h)
        band_bottom = geo.height - band_h
        canvas.setFillColor(look.band)
        canvas.rect(0, band_bottom, geo.width, band_h, stroke=0, fill=1)
        stack(canvas, top, geo.height - geo.top)
        stack(canvas, head, band_bottom + gap + head_h)

        y = band_bottom - gap
        rule(
            canvas,
            y,
            look.accent,
            look.lay.cover_rule_width * s.title,
            look.lay.cover_rule * s.title,
        )
        details = [para(cover.country, country)]
        details += [para(cover.date, muted)] if cover.date else []
        stack(canvas, details, y - gap / 2)

        bottom = geo.bottom
        if logos:
            bottom = _paint_logos(canvas, logos, look, geo) + gap
        foot = [para(cover.coalition, coalition)] if cover.coalition else []
        if cover.presenters:
            foot.append(para(words.presented_by, label))
            foot.extend(para(p, line) for p in cover.presenters)
        if foot:
            foot_top = bottom + height(foot)
            stack(canvas, foot, foot_top)
            rule(canvas, foot_top + gap / 2, look.rule, look.lay.rule * s.small, geo.frame_width)

    return paint


def _paint_logos(canvas: Canvas, logos: Sequence[Logo], look: Look, geo: Geometry) -> float:
    """The logos at the foot of the cover, rows of one height from the bottom; returns the top.

    Brand logos come first, then members' logos. (Untagged PDF has no alt text for images; the
    members are named in the coalition section.)
    """
    room = look.lay.logo_area * geo.frame_height
    cells = _logo_cells(logos, look, geo.frame_width, room, align="left", anchor="bottom")
    top = geo.bottom + room  # the cells' box is the foot of the frame
    _draw_logos(canvas, logos, cells, geo.left, top)
    return top - min((c.y for c in cells), default=room)


def _logo_cells(
    logos: Sequence[Logo],
    look: Look,
    width: float,
    height: float,
    *,
    align: Align,
    anchor: LogoAnchor = "top",
) -> list[Cell]:
    """Where the logos go in a ``width`` x ``height`` box whose top-left corner is (0, 0)."""
    return place_logos(
        [logo.picture.aspect for logo in logos],
        0.0,
        0.0,
        width,
        height,
        look.lay.logo_gap * look.sizes.body,
        max_height=look.lay.logo_height * look.sizes.title,
        align=align,
        anchor=anchor,
    )


def _draw_logos(
    canvas: Canvas, logos: Sequence[Logo], cells: Sequence[Cell], left: float, top: float
) -> None:
    """Draw logos in their cells (measured down from a box's top-left corner at left, top).

    The layout measures y downwards, reportlab upwards: a cell's bottom edge is at
    ``top - cell.y - cell.h``. No cells (nothing fits) draws nothing.
    """
    for logo, cell in zip(logos, cells, strict=False):
        image = ImageReader(io.BytesIO(logo.picture.data))
        x, y = left + cell.x, top - cell.y - cell.h
        canvas.drawImage(image, x, y, cell.w, cell.h, mask="auto")


class LogoGrid(Flowable):
    """Logos in rows of one height across the frame, only as tall as its rows (at most ``room``).

    A single flowable that cannot split: the grid moves to the next page whole.
    """

    def __init__(self, logos: Sequence[Logo], look: Look, room: float, before: float) -> None:
        super().__init__()
        self.logos = tuple(logos)
        self.look = look
        self.room = room
        self.spaceBefore = before
        self.cells: list[Cell] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.cells = _logo_cells(self.logos, self.look, available_width, self.room, align="left")
        self.width = available_width
        self.height = max((c.y + c.h for c in self.cells), default=0.0)
        return self.width, self.height

    def draw(self) -> None:
        _draw_logos(self.canv, self.logos, self.cells, 0.0, self.height)


# --------------------------------------------------------------------------------------------
# Body
# --------------------------------------------------------------------------------------------


class Group(KeepTogether):
    """Flowables kept on one page, remembering them so a heading can join instead of nest."""

    def __init__(self, items: Sequence[Flowable]) -> None:
        super().__init__(list(items))
        self.items = list(items)


def _keep(headings: Sequence[Flowable], rest: Sequence[Flowable]) -> list[Flowable]:
    """Headings travel with the first thing under them: never alone at a page foot.

    A KeepTogether inside another always reports an unfitting height (reportlab forces it to
    split), so a group that starts ``rest`` is merged instead of nested.
    """
    first = list(rest[:1])
    if first and isinstance(first[0], Group):
        first = first[0].items
    return [Group([*headings, *first]), *rest[1:]]


def _rule(look: Look) -> HRFlowable:
    return HRFlowable(
        width="100%",
        thickness=look.lay.rule * look.sizes.small,
        color=look.rule,
        spaceBefore=0,
        spaceAfter=look.lay.h1_rule_after * look.sizes.body,
    )


def _section(
    key: str, title: str, rest: Sequence[Flowable], st: Styles, look: Look, geo: Geometry
) -> list[Flowable]:
    """A top-level section: room check, outline anchor, heading and rule, then ``rest``.

    The space above the heading sits on the anchor so that it is dropped at a page top.
    """
    heads = [
        Anchor(key, title, look.lay.h1_before * look.sizes.heading1),
        para(title, st.h1),
        _rule(look),
    ]
    return [CondPageBreak(look.lay.section_min_room * geo.frame_height), *_keep(heads, rest)]


def _points(points: Sequence[Point], bullets: tuple[str, str], st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for point in points:
        out.append(para(point.text, st.point, bullets[0]))
        out.extend(para(item, st.sub, bullets[1]) for item in point.items)
    return out


def _previous(
    previous: Sequence[Previous], st: Styles, look: Look, geo: Geometry
) -> list[Flowable]:
    """Previous recommendations as tinted cards: text, recommending states, details."""
    body = look.sizes.body
    cards: list[Flowable] = []
    for p in previous:
        text = markup(p.text)
        if p.states:
            text += f' <font name="{look.faces.bold}" color="{look.theme.colors.heading}">'
            text += f"{markup(p.states)}</font>"
        content: list[Flowable] = [paragraph(text, st.previous)]
        if p.details:
            content.append(para(p.details, st.details))
        cards.append(
            Card(
                content,
                padding=look.lay.card_padding * body,
                fill=look.panel,
                bar=look.accent,
                bar_width=look.lay.card_bar * body,
                space_after=look.lay.card_after * body,
                page_height=geo.frame_height,
            )
        )
    return cards


def _numbered(recs: Sequence[Numbered], st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for rec in recs:
        if rec.sdgs:
            out.append(Group([para(rec.text, st.rec_tight, rec.number), para(rec.sdgs, st.sdgs)]))
        else:
            out.append(para(rec.text, st.rec, rec.number))
    return out


def _issue(
    issue: IssueBlock, doc: Document, st: Styles, look: Look, geo: Geometry
) -> list[Flowable]:
    """Situation (previous recommendations, developments, needs), then the recommendations."""
    words = doc.words
    bullets = (look.theme.bullets.point, look.theme.bullets.sub)
    key = f"issue-{issue.number}"
    recs = _numbered(issue.recommendations, st)
    if not issue.has_situation:
        return _section(key, issue.heading, recs, st, look, geo)
    out: list[Flowable] = []
    heads: list[Flowable] = [para(words.situation_heading, st.h2)]
    parts: list[tuple[str, list[Flowable]]] = [
        (words.previous_heading, _previous(issue.previous, st, look, geo)),
        (words.developments, _points(issue.developments, bullets, st)),
        (words.needs, _points(issue.needs, bullets, st)),
    ]
    for title, flowables in parts:
        if flowables:
            out.extend(_keep([*heads, para(title, st.h3)], flowables))
            heads = []
    out.extend(_keep([para(words.issue_recommendations, st.h2)], recs))
    return _section(key, issue.heading, out, st, look, geo)


def _contents(
    doc: Document, entries: Sequence[tuple[str, str]], st: Styles, look: Look
) -> list[Flowable]:
    """The contents: one clickable line per section, page numbers filled in at save."""
    number = TextLook(look.faces.regular, look.sizes.body, look.text)
    # Page numbers are unknown in one pass: leave room for a generous number of digits.
    digits = len(str(max(len(entries), 1) * 10)) + look.lay.contents_digits
    room = stringWidth("0" * digits, number.font, number.size)
    out: list[Flowable] = [
        Anchor("contents", doc.words.contents),
        para(doc.words.contents, st.h1),
        _rule(look),
    ]
    out.extend(
        ContentsEntry(key, para(title, st.contents), number, look.muted, room)
        for key, title in entries
    )
    return out


def _closing(doc: Document, st: Styles, look: Look, geo: Geometry) -> list[Flowable]:
    """The coalition: text, members (in columns when many), then a grid of their logos.

    With logos the whole section is kept on one page when it fits one, so the logos stay
    with the names they stand for.
    """
    closing = doc.closing
    body: list[Flowable] = [para(closing.text, st.body)] if closing.text else []
    glyph = look.theme.bullets.member
    members: list[Flowable] = [para(m, st.member, glyph) for m in closing.members]
    if len(members) > look.lay.members_in_columns:
        members = [
            BalancedColumns(
                members,
                nCols=look.lay.member_columns,
                innerPadding=look.lay.bullet_indent * look.sizes.body,
            )
        ]
    tail: list[Flowable] = [para(closing.and_others, st.note)] if closing.and_others else []
    rest = body + members + tail
    if doc.member_logos:
        room = look.lay.logo_area * geo.frame_height
        before = look.lay.member_logos_before * look.sizes.body
        rest = [Group([*rest, LogoGrid(doc.member_logos, look, room, before)])]
    return _section("closing", doc.words.members_heading, rest, st, look, geo)


# --------------------------------------------------------------------------------------------
# Handout
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    paragraph: Paragraph
    column: int
    top: float  # distance from the top of the column area, in page points


class _Handout:
    """All recommendations in columns, on one page if they fit at a legible size.

    The text starts at the body size and shrinks until everything fits one page, but never
    below the theme's ``pdf.handout_min_size``: what does not fit on one page at that size
    continues on more pages (``len(pages) > 1``, which the build reports as a warning).
    Recommendations are kept whole in a column unless one is taller than a column; an issue
    label stays with (the start of) its first recommendation.

    Text at ``scale`` x the body size, wrapped at a column width W, breaks exactly like text
    at the body size wrapped at W / scale, only smaller. So paragraphs are parsed once at the
    body size, re-wrapped at W / scale for each trial and drawn under ``canvas.scale``.
    """

    def __init__(self, doc: Document, look: Look, geo: Geometry) -> None:
        s, f = look.sizes, look.faces
        self.look, self.geo = look, geo
        self.gutter = look.lay.handout_gutter * s.body
        self.col_w = (
            geo.frame_width - self.gutter * (look.lay.handout_columns - 1)
        ) / look.lay.handout_columns
        groups: list[tuple[str, tuple[Numbered, ...]]] = [
            (i.heading, i.recommendations) for i in doc.issues if i.recommendations
        ]
        if doc.other:
            groups.append((doc.words.other_recommendations, doc.other))
        numbers = [r.number for _, recs in groups for r in recs]
        room = max((stringWidth(n, f.bold, s.body) for n in numbers), default=0.0)
        room += look.lay.handout_number_gap * s.body
        label = look.style("handout-label", s.body, font=f.bold, color=look.heading)
        rec = look.style("handout-rec", s.body, indent=room, bullet=(0, f.bold, look.accent))
        self.items: list[tuple[bool, Paragraph]] = []
        for heading, recs in groups:
            self.items.append((True, para(heading, label)))
            self.items.extend((False, para(r.text, rec, r.number)) for r in recs)
        words = doc.words
        title = look.style("handout-title", s.heading1, font=f.bold, color=look.heading)
        self.head = [
            para(words.key_recommendations, title),
            para(
                doc.cover.title,
                look.style(
                    "handout-name", s.heading2, font=f.bold, before=look.lay.h2_after * s.heading2
                ),
            ),
        ]
        if doc.cover.country:
            self.head.append(
                para(
                    doc.cover.country,
                    look.style(
                        "handout-country",
                        s.body,
                        color=look.muted,
                        before=look.lay.item_after * s.body,
                    ),
                )
            )
        self.head_continued = [para(f"{words.key_recommendations} {words.continued}", title)]
        self.min_size = min(look.theme.pdf.handout_min_size, s.body)
        self.first_h = self._columns_top(self.head) - geo.bottom
        self.next_h = self._columns_top(self.head_continued) - geo.bottom
        self.scale, self.pages = self.fit()

    @property
    def size(self) -> float:
        """The text size the handout is set in, in points."""
        return self.look.sizes.body * self.scale

    def _columns_top(self, head: Sequence[Paragraph]) -> float:
        """Page y where the columns start: under the head and its rule."""
        geo, s = self.geo, self.look.sizes
        y = geo.height - geo.top
        for i, p in enumerate(head):
            _, h = p.wrap(geo.frame_width, geo.frame_height)
            y -= h + (p.getSpaceBefore() if i else 0)
        return y - 2 * self.look.lay.h1_rule_after * s.body

    def flow(self, scale: float, max_pages: int | None = None) -> list[list[_Placed]] | None:
        """Fill the columns top to bottom, page after page, at ``scale``.

        Returns the placements of each page, or None when more than ``max_pages`` are needed.
        """
        size = self.look.sizes.body * scale
        after, before = (
            self.look.lay.handout_after * size,
            self.look.lay.handout_label_before * size,
        )
        two_lines = 2 * self.look.leading(size)
        width, tall = self.col_w / scale, self.geo.height / scale

        def height(p: Paragraph) -> float:
            return p.wrap(width, tall)[1] * scale

        queue = list(self.items)
        pages: list[list[_Placed]] = [[]]
        column, y, col_h = 0, 0.0, self.first_h
        lead = 0.0  # height of the label this item must stay under (0 when none)
        i = 0
        while i < len(queue):
            is_label, p = queue[i]
            h = height(p)
            space = before if is_label and y > 0 else 0.0
            need = h
            if is_label and i + 1 < len(queue):
                following = height(queue[i + 1][1])
                # with the whole first recommendation if the two fit a column, else its start
                whole = h + after + following <= col_h
                need += after + (following if whole else min(following, two_lines))
            room = col_h - y - space
            if need > room and not is_label and lead + h > col_h:
                parts = p.split(width, room / scale) if room > 0 else []
                if len(parts) == 2:
                    queue[i : i + 1] = [(False, part) for part in parts]
                    continue
                h = height(p)  # a refused split drops the paragraph's wrapping
            if need > room and y > 0:
                column, y, lead = column + 1, 0.0, 0.0
                if column == self.look.lay.handout_columns:
                    if max_pages is not None and len(pages) >= max_pages:
                        return None
                    pages.append([])
                    column, col_h = 0, self.next_h
                continue
            pages[-1].append(_Placed(p, column, y + space))
            y += space + h + after
            lead = h + after if is_label else 0.0
            i += 1
        return pages

    def fit(self) -> tuple[float, list[list[_Placed]]]:
        """The largest scale (at most 1, at least the minimum size) and its pages.

        One page if it fits at the minimum size, to within look.lay.handout_step; else as many pages
        as the minimum size needs.
        """
        pages = self.flow(1.0, 1)
        if pages is not None:
            return 1.0, pages
        floor = self.min_size / self.look.sizes.body
        if self.flow(floor, 1) is None:
            pages = self.flow(floor)
            assert pages is not None
            return floor, pages
        # Long paragraphs grow with the square of the text size: a first guess, then the
        # bracket [fits, does not fit] narrowed by bisection in log space.
        high, low = 1.0, floor
        total = sum(p.wrap(self.col_w, self.geo.height)[1] for _, p in self.items)
        guess = math.sqrt(self.first_h * self.look.lay.handout_columns / max(total, 1e-9))
        if low < guess < high:
            if self.flow(guess, 1) is None:
                high = guess
            else:
                low = guess
        while high / low > 1 + self.look.lay.handout_step:
            middle = math.sqrt(low * high)
            if self.flow(middle, 1) is None:
                high = middle
            else:
                low = middle
        pages = self.flow(low, 1)  # leaves every paragraph wrapped for ``low``
        assert pages is not None
        return low, pages

    def flowables(self) -> list[Flowable]:
        """One full-page drawing per handout page, with page breaks between them."""
        out: list[Flowable] = []
        for k in range(len(self.pages)):
            if k:
                out.append(PageBreak())
            out.append(FullPage(functools.partial(self.paint, k), (self.geo.left, self.geo.bottom)))
        return out

    def paint(self, k: int, canvas: Canvas, width: float, frame_height: float) -> None:
        geo, s, scale = self.geo, self.look.sizes, self.scale
        y = geo.height - geo.top
        for i, p in enumerate(self.head if k == 0 else self.head_continued):
            _, h = p.wrap(geo.frame_width, frame_height)
            y -= h + (p.getSpaceBefore() if i else 0)
            p.drawOn(canvas, geo.left, y)
        y -= self.look.lay.h1_rule_after * s.body
        canvas.setStrokeColor(self.look.rule)
        canvas.setLineWidth(self.look.lay.rule * s.small)
        canvas.line(geo.left, y, geo.width - geo.right, y)
        y -= self.look.lay.h1_rule_after * s.body
        placed = self.pages[k]
        for n in range(1, 1 + max((p.column for p in placed), default=0)):
            x = geo.left + n * (self.col_w + self.gutter) - self.gutter / 2
            canvas.line(x, geo.bottom, x, y)
        for item in placed:
            p = item.paragraph
            canvas.saveState()
            canvas.translate(
                geo.left + item.column * (self.col_w + self.gutter), y - item.top - p.height * scale
            )
            canvas.scale(scale, scale)
            p.drawOn(canvas, 0, 0)
            canvas.restoreState()


# --------------------------------------------------------------------------------------------
# Render
# --------------------------------------------------------------------------------------------


def _geometry(theme: Theme, options: Options) -> Geometry:
    width, height = PAGE_SIZES[options.page_size or theme.pdf.page_size]
    m = theme.pdf.margins
    return Geometry(width, height, m.left * mm, m.right * mm, m.top * mm, m.bottom * mm)


def _number_room(doc: Document, look: Look) -> float:
    widest = max(
        (stringWidth(r.number, look.faces.bold, look.sizes.body) for r in doc.all_recommendations),
        default=0.0,
    )
    return widest + look.lay.number_gap * look.sizes.body


def story(doc: Document, look: Look, geo: Geometry, handout: _Handout | None) -> list[Flowable]:
    """All flowables, in reading order."""
    st = Styles(look, _number_room(doc, look))
    words = doc.words
    entries = [(f"issue-{i.number}", i.heading) for i in doc.issues]
    if doc.other:
        entries.append(("other", words.other_recommendations))
    closing = doc.closing.has_content or bool(doc.member_logos)
    if closing:
        entries.append(("closing", words.members_heading))
    if handout is not None:
        entries.append(("handout", words.key_recommendations))

    out: list[Flowable] = [
        FullPage(_cover_painter(doc, look, geo), (geo.left, geo.bottom)),
        NextPageTemplate("body"),
        PageBreak(),
        *_contents(doc, entries, st, look),
        PageBreak(),
    ]
    for issue in doc.issues:
        out.extend(_issue(issue, doc, st, look, geo))
    if doc.other:
        recs = _numbered(doc.other, st)
        out.extend(_section("other", words.other_recommendations, recs, st, look, geo))
    if closing:
        out.extend(_closing(doc, st, look, geo))
    if handout is not None:
        out += [
            NextPageTemplate("handout"),
            PageBreak(),
            Anchor("handout", words.key_recommendations),
            *handout.flowables(),
        ]
    return out


def render(
    document: Document, theme: Theme, stream: BinaryIO, options: Options
) -> dict[str, object]:
    """Write the PDF briefing to ``stream``; returns {"pages": N, "warnings": [...]}."""
    token = _FALLBACK.set(FallbackText(theme))
    try:
        return _render(document, theme, stream, options)
    finally:
        _FALLBACK.reset(token)


def _render(
    document: Document, theme: Theme, stream: BinaryIO, options: Options
) -> dict[str, object]:
    faces = register_fonts(theme)
    look = make_look(theme, faces)
    geo = _geometry(theme, options)
    wanted = theme.pdf.handout if options.handout is None else options.handout
    handout = _Handout(document, look, geo) if wanted else None
    warnings: list[str] = []
    if handout is not None and len(handout.pages) > 1:
        warnings.append(
            f"the key recommendations handout needs {len(handout.pages)} pages at the smallest"
            f" legible size ({handout.size:g} pt); shorten the recommendations or leave the"
            " handout out (--no-handout)"
        )
    cover = document.cover
    words = document.words
    template = BaseDocTemplate(
        stream,
        pagesize=(geo.width, geo.height),
        leftMargin=geo.left,
        rightMargin=geo.right,
        topMargin=geo.top,
        bottomMargin=geo.bottom,
        title=cover.title,
        author=cover.coalition,
        subject=" – ".join(t for t in (cover.subtitle, cover.review) if t),
        keywords=list(document.keywords),
        creator=CREATOR,
        lang=document.lang,
        invariant=1,
        pageCompression=1,
        initialFontName=faces.regular,
        displayDocTitle=1,
    )
    template.addPageTemplates(
        [
            PageTemplate(
                "cover",
                [geo.frame("cover")],
                onPage=lambda canvas, _: _paint_background(canvas, look, geo),
            ),
            PageTemplate(
                "body", [geo.frame("body")], onPage=_furniture(document, look, geo, header=True)
            ),
            PageTemplate(
                "handout",
                [geo.frame("handout")],
                onPage=_furniture(document, look, geo, header=False),
            ),
        ]
    )
    small = TextLook(faces.regular, look.sizes.small, look.muted)
    deferred = Deferred(
        page_look=small,
        number_look=TextLook(faces.regular, look.sizes.body, look.text),
        page_format=lambda page, pages: words.page.format(page=page, pages=pages),
    )
    canvas_maker = functools.partial(DeferredCanvas, deferred=deferred)
    template.build(story(document, look, geo, handout), canvasmaker=canvas_maker)
    canvas = template.canv
    pages = canvas.pages_done if isinstance(canvas, DeferredCanvas) else template.page
    return {"pages": pages, "warnings": warnings}
