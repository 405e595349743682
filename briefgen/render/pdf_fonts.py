"""Fonts and paragraph styles of the PDF painter: the theme's fonts registered with reportlab,
fallback runs (the ones :class:`briefgen.fonts.FallbackMetrics` decides, shared with the
layout's measuring), and the body's paragraph styles built from the theme's sizes and the
``layout.pdf`` ratios.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefgen import fonts
from briefgen.errors import BuildError
from briefgen.render.escape import escape
from briefgen.render.pdf_bidi import is_rtl_text, paragraph
from briefgen.render.pdf_cjk import CJKParagraph, has_ideographs, spans_markup
from briefgen.render.pdf_ttf import TTFont
from briefgen.styles import PdfLayout, TextStyle, style
from briefgen.theme import PdfSizes, Theme


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
        self.bold_fonts: frozenset[str] = frozenset()  # the theme's bold faces, once registered
        self.stroke = theme.layout.pdf.synthetic_bold

    def heavy(self, text: str, font: str) -> tuple[str, ...]:
        """The one-weight fallback faces to draw heavier in ``text`` set in ``font``: those
        without a bold face, when ``font`` is bold."""
        if font not in self.bold_fonts or not self.needed(text):
            return ()
        assert self.metrics is not None
        faces = self.metrics.faces()
        found = {i for i, _ in self.metrics.runs(text) if i and not faces[i - 1].bold}
        return tuple(self.font(i) for i in sorted(found))

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

    def line(
        self,
        canvas: Canvas,
        x: float,
        y: float,
        text: str,
        right: bool = False,
        rtl: bool = False,
    ) -> None:
        """One line on the baseline ``y``, starting at ``x`` (ending there when ``right``), in
        the canvas's font, size and fill colour. A line with Arabic, or any line of a
        right-to-left layout (``rtl``: its base direction), is a one-line bidirectional
        paragraph: fallback runs, harfbuzz shaping and the Unicode bidirectional algorithm,
        as in the body; other lines are drawn as :meth:`draw` draws them."""
        if not (rtl or fonts.has_arabic(text)):
            self.draw(canvas, x, y, text, right)
            return
        font, size = canvas._fontname, canvas._fontsize
        color = canvas._fillColorObj
        width = self.width(text, font, size) + size  # room to spare: never a second line
        style = ParagraphStyle(
            "line", fontName=font, fontSize=size, leading=size, textColor=color, alignment=TA_RIGHT
        )
        flow = paragraph(self.markup(text), style, rtl=rtl)
        _, h = flow.wrap(width, size * 4)
        end = x if right else x + self.width(text, font, size)
        flow.drawOn(canvas, end - width, y - h + size)
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


FALLBACK: ContextVar[FallbackText | None] = ContextVar("briefgen_pdf_fallback", default=None)
"""The fallback text of the briefing being rendered (set by :func:`render`)."""


def markup(text: str) -> str:
    """Escaped paragraph markup for plain text, with fallback fonts where needed."""
    fallback = FALLBACK.get()
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

    def font(self, role: str) -> str:
        """The registered font of a font role ("bold")."""
        return str(getattr(self.faces, role))

    def color(self, role: str) -> Color:
        """The colour of a colour role ("accent")."""
        return getattr(self, role)

    def named(self, name: str) -> TextStyle:
        """A named text style shared with the deck ("recommendation.number")."""
        return style(self.theme.styles, name)

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
        number = look.named("recommendation.number")
        self.rec = look.style(
            "rec",
            body,
            after=look.lay.rec_after * body,
            indent=number_room,
            bullet=(0, look.font(number.font), look.color(number.color)),
        )
        self.rec_tight = self.rec.clone("rec-tight", spaceAfter=0)
        self.sdgs = look.style(
            "sdgs",
            s.small,
            color=look.muted,
            indent=number_room,
            before=look.lay.item_after * body,
            after=look.lay.rec_after * body,
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

    def get(self, name: str) -> ParagraphStyle:
        """The style a block names ("h1", "rec_tight", ...)."""
        found = getattr(self, name)
        assert isinstance(found, ParagraphStyle), name
        return found


def para(
    text: str, style: ParagraphStyle, bullet: str | None = None, rtl: bool = False
) -> Paragraph:
    """A paragraph of plain text: markup characters print as they are; ``rtl``: mirrored.
    Text with ideographs (Chinese) is broken by the kinsoku rules (:mod:`pdf_cjk`)."""
    fallback = FALLBACK.get()
    if fallback is not None and has_ideographs(text) and not (rtl or fonts.has_arabic(text)):
        return CJKParagraph(
            fallback.markup(text),
            style,
            bullet,
            plain=text,
            markup=spans_markup(text, [(0, fallback.markup)]),
            width=fallback.width,
            heavy=fallback.heavy(text, style.fontName),
            stroke=fallback.stroke * style.fontSize,
        )
    return paragraph(markup(text), style, bullet, rtl=rtl)


def broken(
    text: str, markup_text: str, style: ParagraphStyle, bullet: str | None, rtl: bool
) -> Paragraph:
    """A paragraph already broken into lines (``markup_text`` with ``<br/>``): Chinese in a
    bold style drawn heavier where its font has one weight."""
    fallback = FALLBACK.get()
    if fallback is not None and not (rtl or fonts.has_arabic(text)):
        heavy = fallback.heavy(text, style.fontName)
        if heavy:
            stroke = fallback.stroke * style.fontSize
            return CJKParagraph(markup_text, style, bullet, heavy=heavy, stroke=stroke)
    return paragraph(markup_text, style, bullet, rtl=rtl)
