"""The deck painter: one slide's XML from its laid-out frame items, nothing decided here.

One dispatch (:meth:`Painter.shape`) over the frame items of :mod:`briefgen.layout.frames`:
a text block becomes a placeholder's or a text box's text body, a rectangle a filled shape, a
picture a ``p:pic``. All markup comes from :mod:`briefgen.render.pptx_xml`; sizes, positions,
lines and colours come from the layout and the theme. The XML is exactly what python-pptx
writes for the same calls (shape ids, names and order included), so readers see the same
shapes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from briefgen import fonts, metric_fonts
from briefgen.layout.deck import Slide
from briefgen.layout.fit import ROLES
from briefgen.layout.frames import ChartFrame, Para, Picture, Rect, Role, TextBlock
from briefgen.render.pptx_xml import (
    el,
    emu,
    hundredths,
    line_break,
    open_tag,
    rect_geometry,
    solid_fill,
    text_run,
    xfrm,
)
from briefgen.theme import Theme

ANCHORS = {"top": "t", "middle": "ctr", "bottom": "b"}
# elements every shape repeats, built once
_NV_PR = el("p:nvPr")
_NO_FILL = el("a:noFill")
_SHAPE_PR = el("p:cNvSpPr")
_TEXTBOX_PR = el("p:cNvSpPr", (("txBox", 1),))
ALIGN = {"left": "l", "center": "ctr", "right": "r"}


@dataclass(frozen=True)
class Placeholder:
    """A placeholder python-pptx cloned from the layout: its id, ``p:nvSpPr`` text, what the
    painter puts in it ("title", "body", or "" for one it deletes: date, footer...), and whether
    python-pptx gives its text body an ``a:lstStyle`` (a picture placeholder has none)."""

    shape_id: int
    head: str
    role: str
    list_style: bool


@dataclass(frozen=True)
class Prototype:
    """What python-pptx makes of a new slide on one layout, as XML text to fill in:
    ``head``/``tail`` around the shapes, and the cloned placeholders in tree order."""

    head: str
    tail: str
    placeholders: tuple[Placeholder, ...]


class SlidePart(Protocol):
    """Where a slide's pictures go (:class:`briefgen.render.pptx_package.Part`)."""

    def add_image(self, data: bytes, image_format: str) -> str:
        """Relate the picture's bytes to the slide; the relationship's id."""
        ...


@functools.cache
def _frame(anchor: str, list_style: bool) -> str:
    """A placeholder's frame: no insets, wrapped, no autofit, anchored as laid out; a template's
    layout may ask for columns or vertical text, and the measured frame is neither. Attribute
    order is the order python-pptx sets them in."""
    pairs = (
        ("lIns", 0),
        ("rIns", 0),
        ("tIns", 0),
        ("bIns", 0),
        ("wrap", "square"),
        ("anchor", ANCHORS[anchor]),
        ("numCol", 1),
        ("vert", "horz"),
    )
    return el("a:bodyPr", pairs, el("a:noAutofit")) + (el("a:lstStyle") if list_style else "")


@functools.cache
def _textbox_frame(anchor: str) -> str:
    """A text box's frame: as a placeholder's, in the order python-pptx sets a text box's."""
    pairs = (
        ("wrap", "square"),
        ("lIns", 0),
        ("rIns", 0),
        ("tIns", 0),
        ("bIns", 0),
        ("anchor", ANCHORS[anchor]),
        ("numCol", 1),
        ("vert", "horz"),
    )
    return el("a:bodyPr", pairs, el("a:noAutofit")) + el("a:lstStyle")


_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
# Office's "mark as decorative" (screen readers skip the shape, the accessibility checker
# asks no alt text for it): an extension of the shape's non-visual properties.
_DECORATIVE = el(
    "a:extLst",
    (),
    el(
        "a:ext",
        (("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"),),
        el("adec:decorative", (("xmlns:adec", _ADEC), ("val", "1"))),
    ),
)


def _nv(
    kind: str,
    shape_id: int,
    name: str,
    shape_props: str,
    descr: str | None = None,
    decorative: bool = False,
) -> str:
    """The non-visual properties of a new shape: id, name (and alt text, or the decorative
    mark), as python-pptx."""
    pairs: list[tuple[str, object]] = [("id", shape_id), ("name", f"{name} {shape_id - 1}")]
    if descr is not None:
        pairs.append(("descr", descr))
    mark = _DECORATIVE if decorative else ""
    return el(kind, (), el("p:cNvPr", pairs, mark), shape_props, _NV_PR)


def _decorative(block: TextBlock) -> bool:
    """A text block that is decoration (slide footers): every paragraph an artifact."""
    return block.tag is Role.ARTIFACT or all(p.tag is Role.ARTIFACT for p in block.paragraphs)


@functools.cache
def _rect_outline() -> str:
    return el("a:ln", (), el("a:noFill"))


@functools.cache
def _rect_text() -> str:
    """The empty, centred text body python-pptx gives a new rectangle."""
    centred = el("a:p", (), el("a:pPr", (("algn", "ctr"),)))
    frame = el("a:bodyPr", (("rtlCol", 0), ("anchor", "ctr")))
    return el("p:txBody", (), frame, el("a:lstStyle"), centred)


class Painter:
    """Theme colours and font faces, and the XML of one slide at a time.

    Paragraph and run properties repeat a handful of combinations thousands of times, so each
    is formatted once and reused.
    """

    def __init__(self, theme: Theme, lang: str, background: bool = True, family: str = "") -> None:
        self.colors = theme.colors
        self.faces = {role: fonts.resolve(theme.font_spec(role)) for role in ROLES}
        # named for every text run (``family``: a template's font, measured as the theme says)
        self.family = family or metric_fonts.deck_family(theme)
        measured = metric_fonts.deck_theme(theme)  # the fonts the deck's layout measured
        chained = fonts.chain(measured.font_spec("regular"), theme.fallback_specs())
        self.fallback = chained if isinstance(chained, fonts.FallbackMetrics) else None
        self.lang = lang
        self.background = background
        self._colors: dict[str, str] = {}
        self._ppr: dict[tuple[object, ...], str] = {}
        self._rpr: dict[tuple[str, str, float, str, str], str] = {}

    def color(self, role: str) -> str:
        value = self._colors.get(role)
        if value is None:
            value = self._colors[role] = str(getattr(self.colors, role)).lstrip("#").upper()
        return value

    # -- one slide ------------------------------------------------------------------------------

    def slide(self, prototype: Prototype, slide: Slide, part: Any) -> bytes:
        """The slide's XML, as python-pptx writes a slide made by the same calls.

        Shape ids follow python-pptx: each new shape takes one more than the largest id on the
        slide; rectangles go behind everything else, the first one lowest.
        """
        title, body, slots = _placeholders(prototype, slide)
        # ids in use when shapes are added: the group's 1 and the placeholders kept (the other
        # placeholders are deleted before anything is added)
        ids = {1, *(ph.shape_id for ph in (title, body, *slots.values()) if ph)}
        kept: dict[int, str] = {}  # placeholders with text, shown in their layout order
        boxes: list[str] = []  # text boxes, in the order they are added
        inherit = slide.inherit

        def new_id() -> int:
            shape_id = max(ids) + 1
            ids.add(shape_id)
            return shape_id

        first = ""  # the title, first in reading order after the decoration
        if title is None:
            first = self.shape(slide.title, new_id, part)
        else:
            kept[title.shape_id] = self.placeholder(title, slide.title, "title" in inherit)
        if slide.body is not None:
            if body is None:
                boxes.append(self.shape(slide.body, new_id, part))
            else:
                kept[body.shape_id] = self.placeholder(body, slide.body, "body" in inherit)
        elif body is not None:
            ids.discard(body.shape_id)  # deleted after a missing title's text box took its id
        footer = []
        for k, block in enumerate(slide.footer):
            slot = slots.get(slide.footer_slots[k]) if k < len(slide.footer_slots) else None
            if slot is None:
                footer.append(block)
            else:  # in the template's footer or slide number placeholder, at its place
                kept[slot.shape_id] = self.placeholder(slot, block, inherited=True)
        boxes += [self.shape(block, new_id, part) for block in (*slide.extras, *footer)]
        rects = [self.shape(rect, new_id, part) for rect in reversed(slide.shapes)]
        rects.reverse()  # each was inserted at the back: the first one ends up lowest
        pictures = [self.shape(picture, new_id, part) for picture in slide.pictures]
        pictures += [self.shape(chart, new_id, part) for chart in slide.charts]
        shapes = [kept[ph.shape_id] for ph in prototype.placeholders if ph.shape_id in kept]
        if title is not None and title.shape_id in kept:
            first = kept[title.shape_id]
            shapes.remove(first)
        head = prototype.head
        if self.background:
            fill = el("p:bgPr", (), solid_fill(self.color("background")), el("a:effectLst"))
            tree = open_tag("p:spTree")
            head = head.replace(tree, el("p:bg", (), fill) + tree, 1)
        tree_xml = (head, *rects, first, *shapes, *boxes, *pictures, prototype.tail)
        return "".join(tree_xml).encode("utf-8")

    def shape(
        self, item: TextBlock | Rect | Picture | ChartFrame, new_id: Callable[[], int], part: Any
    ) -> str:
        """The dispatch: one frame item as a new shape with the next free id."""
        match item:
            case TextBlock():
                return self.textbox(new_id(), item)
            case Rect():
                return self.rect(new_id(), item)
            case Picture():
                return self.picture(new_id(), item, part)
            case ChartFrame():
                from briefgen.render.pptx_chart import chart_shape

                face = self.faces["regular"]
                return chart_shape(new_id(), item, part, self.color, face.family, "text")
        raise TypeError(f"not a frame item: {item!r}")  # pragma: no cover - typed

    # -- shapes ---------------------------------------------------------------------------------

    def placeholder(self, ph: Placeholder, block: TextBlock, inherited: bool = False) -> str:
        """A placeholder with the block's text; ``inherited``: no position of its own (the
        layout's placeholder box, which the layout stage measured against)."""
        body = el("p:txBody", (), _frame(block.anchor, ph.list_style), self.paragraphs(block))
        props = el("p:spPr") if inherited else el("p:spPr", (), xfrm(block.box))
        return el("p:sp", (), ph.head, props, body)

    def textbox(self, shape_id: int, block: TextBlock) -> str:
        nv = _nv("p:nvSpPr", shape_id, "TextBox", _TEXTBOX_PR, decorative=_decorative(block))
        props = el("p:spPr", (), xfrm(block.box), rect_geometry(), _NO_FILL)
        body = el("p:txBody", (), _textbox_frame(block.anchor), self.paragraphs(block))
        return el("p:sp", (), nv, props, body)

    def rect(self, shape_id: int, rect: Rect) -> str:
        """A filled rectangle without outline or theme style (some templates add shadows)."""
        decorative = rect.tag is Role.ARTIFACT
        nv = _nv("p:nvSpPr", shape_id, "Rectangle", _SHAPE_PR, decorative=decorative)
        fill = solid_fill(self.color(rect.color))
        props = el("p:spPr", (), xfrm(rect.box), rect_geometry(), fill, _rect_outline())
        return el("p:sp", (), nv, props, _rect_text())

    def picture(self, shape_id: int, picture: Picture, part: SlidePart) -> str:
        r_id = part.add_image(picture.image.data, picture.image.format)
        locks = el("p:cNvPicPr", (), el("a:picLocks", (("noChangeAspect", 1),)))
        nv = _nv("p:nvPicPr", shape_id, "Picture", locks, descr=picture.alt)
        fill = el(
            "p:blipFill",
            (),
            el("a:blip", (("r:embed", r_id),)),
            el("a:stretch", (), el("a:fillRect")),
        )
        return el("p:pic", (), nv, fill, el("p:spPr", (), xfrm(picture.box), rect_geometry()))

    # -- text -----------------------------------------------------------------------------------

    def paragraphs(self, block: TextBlock) -> str:
        """The block's paragraphs with exact spacing; a text body needs at least one."""
        if not block.paragraphs:
            return el("a:p")
        return "".join(self.paragraph(para, block) for para in block.paragraphs)

    def paragraph(self, para: Para, block: TextBlock) -> str:
        size = block.size
        rtl = block.rtl or (
            self.fallback is not None and fonts.is_rtl_text("".join(r.text for r in para.runs))
        )
        out = [self.paragraph_properties(para, block, rtl)]
        for run in para.runs:
            ea, cs = self.fallback_fonts(run.text)
            rpr = self.run_properties(para.role, run.color, size, ea, cs)
            for i, piece in enumerate(run.text.split("\n")):
                if i:
                    out.append(line_break(rpr))
                if piece:
                    out.append(text_run(rpr, piece))
        return el("a:p", (), *out)

    def paragraph_properties(self, para: Para, block: TextBlock, rtl: bool = False) -> str:
        """Spacing, bullet and alignment; a right-to-left paragraph (every paragraph of a
        mirrored block, or Arabic text in a left-to-right deck) is marked ``rtl``, which puts
        its bullet and indent at the right and lets PowerPoint order its runs; Arabic in a
        left-aligned block of a left-to-right deck is set flush right."""
        key = (
            rtl,
            para.indent,
            para.bullet_indent,
            para.level,
            para.bullet,
            para.bullet_color,
            para.space_after,
            block.size,
            block.line_spacing,
            block.align,
        )
        ppr = self._ppr.get(key)
        if ppr is None:
            ppr = self._ppr[key] = self._paragraph_properties(para, block, rtl)
        return ppr

    def _paragraph_properties(self, para: Para, block: TextBlock, rtl: bool) -> str:
        bulleted = bool(para.bullet)
        align = ALIGN[block.align]
        if rtl and align == "l" and not block.rtl:  # a mirrored block is aligned as laid out
            align = "r"
        pairs: list[tuple[str, object]] = [
            ("marL", emu(para.indent)),
            ("indent", emu(para.bullet_indent - para.indent) if bulleted else 0),
            ("lvl", min(para.level, 8)),
            ("algn", align),
        ]
        if rtl:
            pairs.append(("rtl", 1))

        def points(name: str, value: float) -> str:
            return el(name, (), el("a:spcPts", (("val", hundredths(value)),)))

        spacing = (
            points("a:lnSpc", block.size * block.line_spacing),
            points("a:spcBef", 0),
            points("a:spcAft", para.space_after),
        )
        bullet: tuple[str, ...]
        if bulleted:
            bullet = (
                el("a:buClr", (), el("a:srgbClr", (("val", self.color(para.bullet_color)),))),
                el("a:buSzPct", (("val", 100000),)),
                *self.bullet_font(para.bullet),
            )
        else:
            bullet = (el("a:buNone"),)
        return el("a:pPr", pairs, *spacing, *bullet)

    def bullet_font(self, glyph: str) -> tuple[str, str]:
        """``a:buFont`` + ``a:buChar``: a symbol font's character where one draws the glyph
        (Wingdings, as the original decks' bullets), else the glyph in the deck's font."""
        symbol = metric_fonts.bullet_char(glyph)
        if symbol is None:
            return el("a:buFont", (("typeface", self.family),)), el("a:buChar", (("char", glyph),))
        font, char = symbol
        pairs = (("typeface", font), ("pitchFamily", 2), ("charset", 2))
        return el("a:buFont", pairs), el("a:buChar", (("char", char),))

    def fallback_fonts(self, text: str) -> tuple[str, str]:
        """The fallback families to name as the run's ``ea`` (East Asian) and ``cs`` (complex
        script: Arabic) fonts, "" where the run needs none."""
        if self.fallback is None or not self.fallback.needs_fallback(text):
            return "", ""
        faces = self.fallback.faces()
        ea = cs = ""
        for i, run in self.fallback.runs(text):
            if i <= 0:
                continue
            if fonts.has_arabic(run):
                cs = cs or faces[i - 1].family
            else:
                ea = ea or faces[i - 1].family
        return ea, cs

    def run_properties(self, role: str, color: str, size: float, ea: str = "", cs: str = "") -> str:
        """Font, size, colour and style of a run, all explicit so no template style leaks in.

        Kept lean (1,000-slide decks hold hundreds of thousands of these): an ``ea`` (East
        Asian) font only on runs with characters set in a fallback font (``ea``: its family),
        which PowerPoint and LibreOffice then use for them, as the layout measured; Arabic is
        a complex script: its fallback is the ``cs`` font, which they shape. ``cap`` and
        ``spc`` undo a template's all-caps or letter-spaced titles, which would not match the
        measured widths.
        """
        key = (role, color, size, ea, cs)
        rpr = self._rpr.get(key)
        if rpr is not None:
            return rpr
        face = self.faces[role]
        # A run with Arabic (its complex-script font) in a deck in another language says so.
        lang = "ar" if cs and not self.lang.startswith("ar") else self.lang
        pairs = (
            ("lang", lang),
            ("sz", hundredths(size)),
            ("b", "1" if face.bold else "0"),
            ("i", "1" if face.italic else "0"),
            ("cap", "none"),
            ("spc", "0"),
        )
        rpr = self._rpr[key] = el(
            "a:rPr",
            pairs,
            solid_fill(self.color(color)),
            el("a:latin", (("typeface", self.family),)),
            el("a:ea", (("typeface", ea),)) if ea else "",
            el("a:cs", (("typeface", cs or self.family),)),
        )
        return rpr


__all__ = ["Painter", "Placeholder", "Prototype", "SlidePart"]


def _placeholders(
    prototype: Prototype, slide: Slide
) -> tuple[Placeholder | None, Placeholder | None, dict[str, Placeholder]]:
    """The layout's title and body placeholders and the footer placeholders this slide fills."""
    title = body = None
    slots: dict[str, Placeholder] = {}  # the footer placeholders this slide fills
    for ph in prototype.placeholders:
        if ph.role == "title":
            title = ph
        elif ph.role == "body":
            body = ph
        elif ph.role and ph.role in slide.footer_slots:
            slots.setdefault(ph.role, ph)
    return title, body, slots
