"""PPTX renderer: draws exactly what the slide layout engine decided, nothing more.

Every size, position, line and colour comes from :mod:`briefgen.layout.slides` and the theme,
so the deck never overflows and the tests can check the layout without this module. Slides use
the real "Title Slide" / "Title and Content" layouts and their placeholders (outline view,
accessibility and organisation templates keep working).

python-pptx (pinned) opens the template, keeps the package's parts and relationships, and writes
the fixed parts (core properties, masters, layouts). Slides and notes pages are written as XML
text instead of python-pptx objects: a deck holds hundreds of thousands of runs, and building
them as lxml elements through python-pptx's proxies was most of the run time and memory. The
text is exactly what python-pptx would serialize for the same calls (placeholders are cloned by
python-pptx once per layout and reused), so readers see the same shapes, ids and names.

Output bytes are deterministic: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import _ContentTypesItem
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.package import Package
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout
from pptx.util import Emu

from briefgen import fonts
from briefgen.layout.document import Document
from briefgen.layout.fit import ROLES
from briefgen.layout.slides import (
    Box,
    Deck,
    Para,
    Picture,
    Rect,
    Slide,
    TextBlock,
)
from briefgen.theme import Theme

__all__ = ["render"]

EMU_PER_POINT = 12700
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)  # core properties: same input, same bytes
CORE_LIMIT = 255  # characters python-pptx (and the OPC schema users) allow per core property
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # earliest date a zip entry can carry
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>briefgen</Application><PresentationFormat>On-screen Show ({aspect})"
    "</PresentationFormat><Slides>{slides}</Slides><Notes>{notes}</Notes></Properties>"
)
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_ANCHORS = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_RTL = ' rtl="1"'
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


def render(
    document: Document, theme: Theme, stream: BinaryIO, options: object, deck: Deck
) -> dict[str, object]:
    """Paint the deck the layout stage made; returns facts for the build report.

    ``options`` is unused: every choice it holds was made by the layout (the aspect).
    """
    prs = _open(theme.slides.template)
    prs.slide_width = Emu(_emu(deck.width))
    prs.slide_height = Emu(_emu(deck.height))
    # An organisation's template brings its own backgrounds; otherwise the theme's colour.
    painter = _Painter(theme, document.lang, background=theme.slides.template is None)
    names = theme.layout.slides
    title_types = (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE)
    title_layout = _layout(prs, names.title_layout, title_types)
    content_layout = _layout(prs, names.content_layout, (PP_PLACEHOLDER.TITLE,), body=True)
    slides = _Appender(prs, painter)
    for slide in deck.slides:
        slides.add(title_layout if slide.kind == "title" else content_layout, slide)
    _core_properties(prs, document)
    _package_metadata(prs, deck)
    _write_package(prs, stream)
    return {"slides": len(deck.slides), "talk_seconds": deck.total_seconds}


# ---------------------------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------------------------


def _open(template: Path | None) -> PresentationT:
    """python-pptx's default deck, or the theme's .pptx/.potx emptied of its example slides."""
    if template is None:
        return Presentation()
    data = template.read_bytes()
    prs = Presentation(io.BytesIO(_as_presentation(data)))
    _remove_slides(prs)
    return prs


def _as_presentation(data: bytes) -> bytes:
    """A .potx differs from a .pptx only in its main part's content type: rewrite it in memory."""
    source = zipfile.ZipFile(io.BytesIO(data))
    types = source.read("[Content_Types].xml")
    if TEMPLATE_MAIN.encode() not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = types.replace(TEMPLATE_MAIN.encode(), PRESENTATION_MAIN.encode())
            target.writestr(info, blob)
    return out.getvalue()


def _remove_slides(prs: PresentationT) -> None:
    """Drop the template's slides: the list entry, its relationship, and section references.

    Parts reachable from nothing are not written by python-pptx, so no orphans remain.
    """
    id_list = prs.slides._sldIdLst
    removed = set()
    for entry in list(id_list):
        removed.add(entry.get("id"))
        r_id = entry.get(qn("r:id"))
        id_list.remove(entry)
        prs.part.drop_rel(r_id)
    for ref in prs.part._element.iter(f"{{{P14}}}sldId"):
        if ref.get("id") in removed:
            ref.getparent().remove(ref)


def _layout(
    prs: PresentationT, name: str, title_types: Iterable[PP_PLACEHOLDER], body: bool = False
) -> SlideLayout:
    """A layout by name, else the first with the placeholders we need, else the first one."""
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name.casefold() == name.casefold():
            return layout
    wanted = set(title_types)
    for layout in layouts:
        # python-pptx's annotations mistype LayoutPlaceholders.__iter__; it iterates fine
        placeholders = list(cast(Iterable[Any], layout.placeholders))
        types = {ph.placeholder_format.type for ph in placeholders}
        has_body = any(ph.placeholder_format.idx == 1 for ph in placeholders)
        if types & wanted and (has_body or not body):
            return layout
    return layouts[0]


# ---------------------------------------------------------------------------------------------
# Slides and notes pages as parts
# ---------------------------------------------------------------------------------------------

_NOTES_MARK = "briefgen-notes-text"


@dataclass(frozen=True)
class _Prototype:
    """What python-pptx makes of a new slide on one layout, as XML text to fill in.

    ``head``/``tail`` are the slide document around its shapes; ``placeholders`` are the cloned
    placeholders in tree order as (shape id, ``p:nvSpPr`` text, role, text body start): the role
    is "title", "body" or "" for placeholders the renderer deletes (date, footer, extra
    content...), and the text body start what python-pptx gives a placeholder before its
    paragraphs (a picture placeholder has no ``a:lstStyle``).
    """

    head: str
    tail: str
    placeholders: tuple[tuple[int, str, str, str], ...]


def _slide_prototype(package: Package, layout: SlideLayout) -> _Prototype:
    """Clone the layout's placeholders on a scratch slide nothing refers to (so never written)."""
    part = SlidePart.new(PackURI("/ppt/slides/briefgenPrototype.xml"), package, layout.part)
    slide = part.slide
    slide.shapes.clone_layout_placeholders(layout)
    xml = serialize_part_xml(part._element).decode("utf-8")
    heads = re.findall(r"<p:nvSpPr>.*?</p:nvSpPr>", xml)
    found = list(slide.placeholders)
    if len(heads) != len(found):  # pragma: no cover - python-pptx is pinned
        raise RuntimeError("unexpected placeholder XML from python-pptx")
    roles = []
    title = body = False
    for ph in found:  # the same choice, in the same order, as for every slide of this layout
        kind = ph.placeholder_format.type
        if not title and kind in _TITLE_TYPES:
            title = True
            roles.append("title")
        elif not body and (ph.placeholder_format.idx == 1 or kind in _BODY_TYPES):
            body = True
            roles.append("body")
        else:
            roles.append("")
    starts = [
        _TEXT_BODY_STARTS[ph.text_frame._txBody.find(qn("a:lstStyle")) is not None] if role else ""
        for ph, role in zip(found, roles, strict=True)
    ]
    cut = xml.find("<p:sp>") if found else xml.find("</p:spTree>")
    end = xml.find("</p:spTree>")
    return _Prototype(
        head=xml[:cut],
        tail=xml[end:],
        placeholders=tuple(
            (ph.shape_id, head, role, start)
            for ph, head, role, start in zip(found, heads, roles, starts, strict=True)
        ),
    )


def _notes_prototype(package: Package, master: NotesMasterPart) -> tuple[str, str]:
    """A notes page as python-pptx clones it from the notes master: text before/after the notes."""
    part = NotesSlidePart(
        PackURI("/ppt/notesSlides/briefgenPrototype.xml"),
        CT.PML_NOTES_SLIDE,
        package,
        CT_NotesSlide.new(),
    )
    notes = part.notes_slide
    notes.clone_master_placeholders(master.notes_master)
    notes.notes_text_frame.text = _NOTES_MARK
    xml = serialize_part_xml(part._element).decode("utf-8")
    before, after = xml.split(f"<a:p><a:r><a:t>{_NOTES_MARK}</a:t></a:r></a:p>")
    return before, after


class _Appender:
    """Adds slides and notes pages in constant time each, as parts holding finished XML.

    python-pptx looks for a free part name by walking every part of the package for each new
    notes page, and rescans relationships and slide ids for each slide: quadratic, 20 s for a
    1,000-slide deck. This keeps counters instead, and adds relationships to new parts directly
    (python-pptx 1.0.2 internals, pinned). Relationship ids come out as python-pptx's: a slide's
    layout is rId1, then its pictures, then its notes page.
    """

    def __init__(self, prs: PresentationT, painter: _Painter) -> None:
        self.part = prs.part
        self.package = prs.part.package
        self.painter = painter
        self.id_list = prs.part._element.get_or_add_sldIdLst()
        used = [int(i) for i in self.id_list.xpath("./p:sldId/@id")]
        self.next_id = max([255, *used]) + 1
        self.taken = {str(p.partname) for p in self.package.iter_parts()}
        self.counters: dict[str, int] = {}
        self.notes_master = self.part.notes_master_part  # created once if the template has none
        self.prototypes: dict[int, _Prototype] = {}
        self.notes_xml: tuple[str, str] | None = None

    def _partname(self, template: str) -> PackURI:
        n = self.counters.get(template, 0) + 1
        while template % n in self.taken:
            n += 1
        self.counters[template] = n
        self.taken.add(template % n)
        return PackURI(template % n)

    def add(self, layout: SlideLayout, slide: Slide) -> None:
        prototype = self.prototypes.get(id(layout.part))
        if prototype is None:
            prototype = self.prototypes[id(layout.part)] = _slide_prototype(self.package, layout)
        part = Part(self._partname("/ppt/slides/slide%d.xml"), CT.PML_SLIDE, self.package)
        part.rels._add_relationship(RT.SLIDE_LAYOUT, layout.part)  # rId1, as python-pptx's
        r_id = self.part._rels._add_relationship(RT.SLIDE, part)
        self.id_list._add_sldId(id=self.next_id, rId=r_id)
        self.next_id += 1
        part.blob = self.painter.slide(prototype, slide, part)
        if slide.notes:
            self.notes(part, slide.notes)

    def notes(self, slide_part: Part, text: str) -> None:
        if self.notes_xml is None:
            self.notes_xml = _notes_prototype(self.package, self.notes_master)
        before, after = self.notes_xml
        blob = "".join((before, _notes_paragraphs(text), after)).encode("utf-8")
        part = Part(
            self._partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            self.package,
            blob,
        )
        part.rels._add_relationship(RT.NOTES_MASTER, self.notes_master)
        part.rels._add_relationship(RT.SLIDE, slide_part)
        slide_part.rels._add_relationship(RT.NOTES_SLIDE, part)


# ---------------------------------------------------------------------------------------------
# Drawing: DrawingML text, exactly as python-pptx and lxml write it
# ---------------------------------------------------------------------------------------------

# lxml refuses these in text and attributes (python-pptx lets the ValueError through)
_NOT_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')
_TEXT_SLOW = re.compile(f"[&<>\r{_NOT_XML}]")  # one search decides: as is, or escape/refuse
_ATTR_SLOW = re.compile(f'[&<>"\n\r\t{_NOT_XML}]')
_REFUSED = re.compile(f"[{_NOT_XML}]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
# python-pptx escapes these in notes text as "_xHHHH_" (and makes \v a line break)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def _text(value: str) -> str:
    """Element text as lxml serializes it."""
    if _TEXT_SLOW.search(value) is None:
        return value
    _refuse(value)
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], value)


def _attr(value: str) -> str:
    """An attribute value as lxml serializes it (in double quotes)."""
    if _ATTR_SLOW.search(value) is None:
        return value
    _refuse(value)
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m.group()], value)


def _refuse(value: str) -> None:
    if _REFUSED.search(value):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
            "characters"
        )


def _notes_paragraphs(text: str) -> str:
    """``notes_text_frame.text = text``: a paragraph per line, a line break per vertical tab."""
    if _CONTROL.search(text) is None:  # the usual case: one run per non-empty line
        return "".join(
            f"<a:p><a:r><a:t>{_text(line)}</a:t></a:r></a:p>" if line else "<a:p/>"
            for line in text.split("\n")
        )
    out = []
    for line in text.split("\n"):
        pieces = []
        for i, piece in enumerate(line.split("\v")):
            if i:
                pieces.append("<a:br/>")
            if piece:
                piece = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", piece)
                pieces.append(f"<a:r><a:t>{_text(piece)}</a:t></a:r>")
        out.append(f"<a:p>{''.join(pieces)}</a:p>" if pieces else "<a:p/>")
    return "".join(out)


def _emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def _hundredths(points: float) -> str:
    return str(round(points * 100))


def _xfrm(box: Box) -> str:
    return (
        f'<a:xfrm><a:off x="{_emu(box.x)}" y="{_emu(box.y)}"/>'
        f'<a:ext cx="{_emu(box.w)}" cy="{_emu(box.h)}"/></a:xfrm>'
    )


# Frames: no insets, wrapped, no autofit, anchored as laid out; a template's layout may ask for
# columns or vertical text, and the measured frame is neither. Attribute order is the order
# python-pptx sets them in (a text box starts with wrap="none").
_FRAME = (
    '<a:bodyPr lIns="0" rIns="0" tIns="0" bIns="0" wrap="square" anchor="{}" numCol="1"'
    ' vert="horz"><a:noAutofit/></a:bodyPr>'
)
_TEXT_BODY_STARTS = {True: _FRAME + "<a:lstStyle/>", False: _FRAME}  # has a:lstStyle?
_TEXTBOX_FRAMES = {
    key: '<a:bodyPr wrap="square" lIns="0" rIns="0" tIns="0" bIns="0"'
    f' anchor="{value}" numCol="1" vert="horz"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
    for key, value in _ANCHORS.items()
}


class _Painter:
    """Theme colours and font faces, and the XML of one slide at a time.

    Paragraph and run properties repeat a handful of combinations thousands of times, so each
    is formatted once and reused.
    """

    def __init__(self, theme: Theme, lang: str, background: bool = True) -> None:
        self.colors = theme.colors
        self.faces = {role: fonts.resolve(theme.font_spec(role)) for role in ROLES}
        chained = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
        self.fallback = chained if isinstance(chained, fonts.FallbackMetrics) else None
        self.lang = _attr(lang)
        self.background = background
        self._colors: dict[str, str] = {}
        self._ppr: dict[tuple[object, ...], str] = {}
        self._rpr: dict[tuple[str, str, float, str, str], str] = {}

    def color(self, role: str) -> str:
        value = self._colors.get(role)
        if value is None:
            value = self._colors[role] = str(getattr(self.colors, role)).lstrip("#").upper()
        return value

    def slide(self, prototype: _Prototype, slide: Slide, part: Part) -> bytes:
        """The slide's XML, as python-pptx writes a slide made by the same calls.

        Shape ids follow python-pptx: each new shape takes one more than the largest id on the
        slide; rectangles go behind everything else, the first one lowest.
        """
        title = body = None
        for shape_id, head, role, start in prototype.placeholders:
            if role == "title":
                title = (shape_id, head, start)
            elif role == "body":
                body = (shape_id, head, start)
        # ids in use when shapes are added: the group's 1 and the placeholders kept (the other
        # placeholders are deleted before anything is added)
        ids = {1, *(ph[0] for ph in (title, body) if ph)}
        kept: dict[int, str] = {}  # placeholders with text, shown in their layout order
        boxes: list[str] = []  # text boxes, in the order they are added

        def new_id() -> int:
            shape_id = max(ids) + 1
            ids.add(shape_id)
            return shape_id

        if title is None:
            boxes.append(self.textbox(new_id(), slide.title))
        else:
            kept[title[0]] = self.placeholder(title[1], title[2], slide.title)
        if slide.body is not None:
            if body is None:
                boxes.append(self.textbox(new_id(), slide.body))
            else:
                kept[body[0]] = self.placeholder(body[1], body[2], slide.body)
        elif body is not None:
            ids.discard(body[0])  # deleted after a missing title's text box took its id
        for block in (*slide.extras, *slide.footer):
            boxes.append(self.textbox(new_id(), block))
        rects = [self.rect(new_id(), rect) for rect in reversed(slide.shapes)]
        rects.reverse()  # each was inserted at the back: the first one ends up lowest
        pictures = [self.picture(new_id(), picture, part) for picture in slide.pictures]
        shapes = [kept[i] for i, *_ in prototype.placeholders if i in kept]
        head = prototype.head
        if self.background:
            head = head.replace(
                "<p:spTree>",
                f'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{self.color("background")}"/>'
                "</a:solidFill><a:effectLst/></p:bgPr></p:bg><p:spTree>",
                1,
            )
        return "".join((head, *rects, *shapes, *boxes, *pictures, prototype.tail)).encode("utf-8")

    def placeholder(self, head: str, start: str, block: TextBlock) -> str:
        return "".join(
            (
                f"<p:sp>{head}<p:spPr>{_xfrm(block.box)}</p:spPr><p:txBody>",
                start.format(_ANCHORS[block.anchor]),
                self.paragraphs(block),
                "</p:txBody></p:sp>",
            )
        )

    def textbox(self, shape_id: int, block: TextBlock) -> str:
        return "".join(
            (
                f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id - 1}"/>'
                '<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
                f'<p:spPr>{_xfrm(block.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                "<a:noFill/></p:spPr><p:txBody>",
                _TEXTBOX_FRAMES[block.anchor],
                self.paragraphs(block),
                "</p:txBody></p:sp>",
            )
        )

    def rect(self, shape_id: int, rect: Rect) -> str:
        """A filled rectangle without outline or theme style (some templates add shadows)."""
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Rectangle {shape_id - 1}"/>'
            f"<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(rect.box)}"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="{self.color(rect.color)}"/></a:solidFill>'
            '<a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/>'
            '<a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>'
        )

    def picture(self, shape_id: int, picture: Picture, part: Part) -> str:
        image = part.package.get_or_add_image_part(io.BytesIO(picture.image.data))
        r_id = part.relate_to(image, RT.IMAGE)
        return (
            f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id - 1}"'
            f' descr="{_attr(picture.alt)}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/>'
            f'</p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{r_id}"/>'
            f"<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{_xfrm(picture.box)}"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        )

    def paragraphs(self, block: TextBlock) -> str:
        """The block's paragraphs with exact spacing; a text body needs at least one."""
        if not block.paragraphs:
            return "<a:p/>"
        return "".join(self.paragraph(para, block) for para in block.paragraphs)

    def paragraph(self, para: Para, block: TextBlock) -> str:
        size = block.size
        rtl = self.fallback is not None and fonts.is_rtl_text("".join(r.text for r in para.runs))
        out = ["<a:p>", self.paragraph_properties(para, block, rtl)]
        for run in para.runs:
            ea, cs = self.fallback_fonts(run.text)
            rpr = self.run_properties(para.role, run.color, size, ea, cs)
            for i, piece in enumerate(run.text.split("\n")):
                if i:
                    out.append(f"<a:br>{rpr}</a:br>")
                if piece:
                    out.append(f"<a:r>{rpr}<a:t>{_text(piece)}</a:t></a:r>")
        out.append("</a:p>")
        return "".join(out)

    def paragraph_properties(self, para: Para, block: TextBlock, rtl: bool = False) -> str:
        """Spacing, bullet and alignment; a right-to-left paragraph (Arabic only) is marked
        ``rtl`` and set flush right when the block is left-aligned."""
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
        if ppr is not None:
            return ppr
        bulleted = bool(para.bullet)
        indent = _emu(para.bullet_indent - para.indent) if bulleted else 0
        align = _ALIGN[block.align]
        if rtl and align == "l":
            align = "r"
        parts = [
            f'<a:pPr marL="{_emu(para.indent)}" indent="{indent}"'
            f' lvl="{min(para.level, 8)}" algn="{align}"{_RTL if rtl else ""}>'
            f'<a:lnSpc><a:spcPts val="{_hundredths(block.size * block.line_spacing)}"/></a:lnSpc>'
            '<a:spcBef><a:spcPts val="0"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="{_hundredths(para.space_after)}"/></a:spcAft>'
        ]
        if bulleted:
            parts.append(
                f'<a:buClr><a:srgbClr val="{_attr(self.color(para.bullet_color))}"/></a:buClr>'
                '<a:buSzPct val="100000"/>'
                f'<a:buFont typeface="{_attr(self.faces["symbols"].family)}"/>'
                f'<a:buChar char="{_attr(para.bullet)}"/>'
            )
        else:
            parts.append("<a:buNone/>")
        parts.append("</a:pPr>")
        ppr = self._ppr[key] = "".join(parts)
        return ppr

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
        family = _attr(face.family)
        rpr = self._rpr[key] = (
            f'<a:rPr lang="{self.lang}" sz="{_hundredths(size)}" b="{"1" if face.bold else "0"}"'
            f' i="{"1" if face.italic else "0"}" cap="none" spc="0"><a:solidFill>'
            f'<a:srgbClr val="{_attr(self.color(color))}"/></a:solidFill>'
            f'<a:latin typeface="{family}"/>'
            + (f'<a:ea typeface="{_attr(ea)}"/>' if ea else "")
            + f'<a:cs typeface="{_attr(cs) if cs else family}"/></a:rPr>'
        )
        return rpr


# ---------------------------------------------------------------------------------------------
# Deterministic output
# ---------------------------------------------------------------------------------------------


def _core_properties(prs: PresentationT, document: Document) -> None:
    """Describe the deck, with fixed dates so the same input gives the same bytes."""
    props = prs.core_properties
    cover = document.cover
    props.title = _limit(cover.title)
    props.subject = _limit(cover.subtitle or cover.review)
    props.author = _limit(cover.coalition)
    props.keywords = _limit("; ".join(document.keywords))
    props.language = document.lang
    props.last_modified_by = "briefgen"
    props.revision = 1
    props.created = props.modified = FIXED_TIME
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""


def _package_metadata(prs: PresentationT, deck: Deck) -> None:
    """Drop the template's thumbnail (its example slide) and describe this deck in app.xml."""
    rels = prs.part.package._rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(r_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            notes = sum(1 for slide in deck.slides if slide.notes)
            rel.target_part._blob = APP_XML.format(
                aspect=deck.aspect, slides=len(deck.slides), notes=notes
            ).encode()


def _limit(text: str, limit: int = CORE_LIMIT) -> str:
    """Core properties hold at most 255 characters: cut at a word and mark the cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ;,")
    return cut + "…"


def _write_package(prs: PresentationT, stream: BinaryIO) -> None:
    """Write the package as python-pptx's ``save`` would, in one pass, with fixed entry dates.

    Same entries, order and bytes as ``Presentation.save`` (content types and relationships
    are formatted here as text, as lxml would, rather than built as elements); only the zip
    metadata differs (no time of day, fixed attributes), so nothing is compressed twice.
    """
    package = prs.part.package
    parts = tuple(package.iter_parts())
    buffer = io.BytesIO()  # zipfile seeks back to each entry's header: not on the real file
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:

        def put(name: str, blob: bytes) -> None:
            fixed = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            target.writestr(fixed, blob)

        put("[Content_Types].xml", _content_types(parts))
        put("_rels/.rels", _rels_xml(package._rels))
        for part in parts:
            put(part.partname.membername, part.blob)
            if part._rels:
                put(part.partname.rels_uri.membername, _rels_xml(part._rels))
    stream.write(buffer.getbuffer())


_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _content_types(parts: tuple[Part, ...]) -> bytes:
    """``[Content_Types].xml``: python-pptx's choice of defaults and overrides, sorted."""
    defaults, overrides = _ContentTypesItem(parts)._defaults_and_overrides
    out = [_XML_DECLARATION, f'<Types xmlns="{_TYPES_NS}">']
    for ext, content_type in sorted(defaults.items()):
        out.append(f'<Default Extension="{_attr(ext)}" ContentType="{_attr(content_type)}"/>')
    for partname, content_type in sorted(overrides.items()):
        out.append(f'<Override PartName="{_attr(partname)}" ContentType="{_attr(content_type)}"/>')
    out.append("</Types>")
    return "".join(out).encode("utf-8")


def _rels_xml(rels: Any) -> bytes:
    """A ``.rels`` item, relationships in numerical rId order as python-pptx writes them."""
    base_uri = rels._base_uri  # where the .rels item's relative targets start
    order = sorted(
        (int(r_id[3:]) if r_id.startswith("rId") and r_id[3:].isdigit() else 0, r_id)
        for r_id in rels
    )
    if not order:
        return f'{_XML_DECLARATION}<Relationships xmlns="{_RELS_NS}"/>'.encode()
    out = [_XML_DECLARATION, f'<Relationships xmlns="{_RELS_NS}">']
    for _, r_id in order:
        rel = rels[r_id]
        if rel.is_external:
            target, mode = rel.target_ref, ' TargetMode="External"'
        else:
            target, mode = _relative_ref(rel.target_part.partname, base_uri), ""
        out.append(
            f'<Relationship Id="{_attr(r_id)}" Type="{_attr(rel.reltype)}"'
            f' Target="{_attr(target)}"{mode}/>'
        )
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


def _relative_ref(partname: str, base_uri: str) -> str:
    """``PackURI.relative_ref``, with the folder-to-folder part computed once per pair."""
    if base_uri == "/":
        return partname[1:]
    folder, name = posixpath.split(partname)
    prefix = _relative_folder(folder, base_uri)
    return name if prefix == "." else f"{prefix}/{name}"


@functools.cache
def _relative_folder(folder: str, base_uri: str) -> str:
    return posixpath.relpath(folder, base_uri)
