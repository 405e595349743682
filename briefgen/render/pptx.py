"""PPTX renderer: draws exactly what the slide layout engine decided, nothing more.

Every size, position, line and colour comes from :mod:`briefgen.layout.slides` and the theme,
so the deck never overflows and the tests can check the layout without this module. Slides use
the real "Title Slide" / "Title and Content" layouts and their placeholders (outline view,
accessibility and organisation templates keep working); python-pptx has no bullet API, so
paragraph properties are written as DrawingML with small lxml helpers.

Output bytes are deterministic: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationT
from pptx.slide import NotesSlide, SlideLayout
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu

from briefgen import fonts
from briefgen.build import Options
from briefgen.layout.document import Document
from briefgen.layout.slides import ROLES, Box, Deck, Para, Slide, TextBlock, layout_deck
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
_ANCHORS = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


def render(
    document: Document, theme: Theme, stream: BinaryIO, options: Options
) -> dict[str, object]:
    """Lay out and write the deck; returns facts for the build report (slides, talk time)."""
    deck = layout_deck(document, theme, options.aspect)
    prs = _open(theme.slides.template)
    prs.slide_width = _emu(deck.width)
    prs.slide_height = _emu(deck.height)
    # An organisation's template brings its own backgrounds; otherwise the theme's colour.
    painter = _Painter(theme, document.lang, background=theme.slides.template is None)
    title_layout = _layout(prs, "Title Slide", (PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.TITLE))
    content_layout = _layout(prs, "Title and Content", (PP_PLACEHOLDER.TITLE,), body=True)
    slides = _Appender(prs)
    for slide in deck.slides:
        layout = title_layout if slide.kind == "title" else content_layout
        target = slides.add(layout)
        painter.draw(target, slide)
        if slide.notes:
            slides.notes(target).notes_text_frame.text = slide.notes
    _core_properties(prs, document)
    _package_metadata(prs, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    _fixed_zip(buffer.getvalue(), stream)
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


class _Appender:
    """Adds slides and notes pages in constant time each.

    python-pptx looks for a free part name by walking every part of the package for each new
    notes page, and rescans relationships and slide ids for each slide: quadratic, 20 s for a
    1,000-slide deck. This keeps counters instead (python-pptx 1.0.2 internals, pinned).
    """

    def __init__(self, prs: PresentationT) -> None:
        self.part = prs.part
        self.package = prs.part.package
        self.id_list = prs.part._element.get_or_add_sldIdLst()
        used = [int(i) for i in self.id_list.xpath("./p:sldId/@id")]
        self.next_id = max([255, *used]) + 1
        self.taken = {str(p.partname) for p in self.package.iter_parts()}
        self.counters: dict[str, int] = {}
        self.notes_master = self.part.notes_master_part  # created once if the template has none

    def _partname(self, template: str) -> PackURI:
        n = self.counters.get(template, 0) + 1
        while template % n in self.taken:
            n += 1
        self.counters[template] = n
        self.taken.add(template % n)
        return PackURI(template % n)

    def add(self, layout: SlideLayout) -> PptxSlide:
        slide_part = SlidePart.new(
            self._partname("/ppt/slides/slide%d.xml"), self.package, layout.part
        )
        r_id = self.part._rels._add_relationship(RT.SLIDE, slide_part)
        self.id_list._add_sldId(id=self.next_id, rId=r_id)
        self.next_id += 1
        slide = slide_part.slide
        slide.shapes.clone_layout_placeholders(layout)
        return slide

    def notes(self, slide: PptxSlide) -> NotesSlide:
        part = NotesSlidePart(
            self._partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            self.package,
            CT_NotesSlide.new(),
        )
        part.relate_to(self.notes_master, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        notes = part.notes_slide
        notes.clone_master_placeholders(self.notes_master.notes_master)
        return notes


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
        types = {ph.placeholder_format.type for ph in layout.placeholders}
        has_body = any(ph.placeholder_format.idx == 1 for ph in layout.placeholders)
        if types & wanted and (has_body or not body):
            return layout
    return layouts[0]


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------


def _emu(points: float) -> Emu:
    return Emu(round(points * EMU_PER_POINT))


def _hundredths(points: float) -> str:
    return str(round(points * 100))


@functools.cache
def _clark(tag: str) -> str:
    return qn(tag)


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    """Append a DrawingML child element with attributes."""
    return etree.SubElement(parent, _clark(tag), attrs)


class _Painter:
    """Theme colours and font faces, and the drawing of one slide at a time."""

    def __init__(self, theme: Theme, lang: str, background: bool = True) -> None:
        self.colors = theme.colors
        self.faces = {role: fonts.resolve(theme.font_spec(role)) for role in ROLES}
        self.lang = lang
        self.background = background

    def color(self, role: str) -> str:
        return str(getattr(self.colors, role)).lstrip("#").upper()

    def draw(self, target: PptxSlide, slide: Slide) -> None:
        if self.background:
            fill = target.background.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(self.color("background"))
        title = body = None
        for ph in list(target.placeholders):
            kind = ph.placeholder_format.type
            if title is None and kind in _TITLE_TYPES:
                title = ph
            elif body is None and (ph.placeholder_format.idx == 1 or kind in _BODY_TYPES):
                body = ph
            else:
                _delete(ph)
        if title is None:
            title = target.shapes.add_textbox(0, 0, 1, 1)
        self.text(title, slide.title)
        if slide.body is not None:
            self.text(body or target.shapes.add_textbox(0, 0, 1, 1), slide.body)
        elif body is not None:
            _delete(body)
        for block in (*slide.extras, *slide.footer):
            self.text(target.shapes.add_textbox(0, 0, 1, 1), block)
        for rect in reversed(slide.shapes):  # first shape lowest: insert each at the back
            self.rect(target, rect.box, rect.color)
        for picture in slide.pictures:
            b = picture.box
            pic = target.shapes.add_picture(
                io.BytesIO(picture.image.data), _emu(b.x), _emu(b.y), _emu(b.w), _emu(b.h)
            )
            pic._element.nvPicPr.cNvPr.set("descr", picture.alt)

    def rect(self, target: PptxSlide, box: Box, color: str) -> None:
        shape = target.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, _emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h)
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(self.color(color))
        shape.line.fill.background()
        element = shape._element
        style = element.find(qn("p:style"))
        if style is not None:  # the default style adds theme effects (shadows) in some templates
            element.remove(style)
        tree = element.getparent()
        tree.remove(element)
        tree.insert(2, element)  # after nvGrpSpPr and grpSpPr: behind everything else

    def text(self, shape: Any, block: TextBlock) -> None:
        """Place a shape on the block's box and write its paragraphs with exact spacing."""
        b = block.box
        shape.left, shape.top, shape.width, shape.height = (
            _emu(b.x),
            _emu(b.y),
            _emu(b.w),
            _emu(b.h),
        )
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = _ANCHORS[block.anchor]
        body = frame._txBody
        # A template's layout may ask for columns or vertical text: the measured frame is neither.
        body_pr = body.find(_clark("a:bodyPr"))
        body_pr.set("numCol", "1")
        body_pr.set("vert", "horz")
        for p in body.findall(qn("a:p")):
            body.remove(p)
        for para in block.paragraphs:
            self.paragraph(_sub(body, "a:p"), para, block)
        if not block.paragraphs:  # a text body needs at least one paragraph
            _sub(body, "a:p")

    def paragraph(self, p: Any, para: Para, block: TextBlock) -> None:
        size = block.size
        bulleted = bool(para.bullet)
        ppr = _sub(
            p,
            "a:pPr",
            marL=str(_emu(para.indent)),
            indent=str(_emu(para.bullet_indent - para.indent) if bulleted else 0),
            lvl=str(min(para.level, 8)),
            algn=_ALIGN[block.align],
        )
        _sub(_sub(ppr, "a:lnSpc"), "a:spcPts", val=_hundredths(size * block.line_spacing))
        _sub(_sub(ppr, "a:spcBef"), "a:spcPts", val="0")
        _sub(_sub(ppr, "a:spcAft"), "a:spcPts", val=_hundredths(para.space_after))
        if bulleted:
            _sub(_sub(ppr, "a:buClr"), "a:srgbClr", val=self.color(para.bullet_color))
            _sub(ppr, "a:buSzPct", val="100000")
            _sub(ppr, "a:buFont", typeface=self.faces["symbols"].family)
            _sub(ppr, "a:buChar", char=para.bullet)
        else:
            _sub(ppr, "a:buNone")
        for run in para.runs:
            for i, piece in enumerate(run.text.split("\n")):
                if i:
                    self.run_properties(_sub(p, "a:br"), para.role, run.color, size)
                if piece:
                    r = _sub(p, "a:r")
                    self.run_properties(r, para.role, run.color, size)
                    _sub(r, "a:t").text = piece

    def run_properties(self, parent: Any, role: str, color: str, size: float) -> None:
        """Font, size, colour and style of a run, all explicit so no template style leaks in.

        Kept lean (1,000-slide decks hold hundreds of thousands of these in memory): no ``ea``
        font, as East Asian text is outside what the theme fonts measure anyway.
        """
        face = self.faces[role]
        rpr = _sub(
            parent,
            "a:rPr",
            lang=self.lang,
            sz=_hundredths(size),
            b="1" if face.bold else "0",
            i="1" if face.italic else "0",
            cap="none",  # a template's all-caps or letter-spaced titles would not match the
            spc="0",  # measured widths
        )
        _sub(_sub(rpr, "a:solidFill"), "a:srgbClr", val=self.color(color))
        _sub(rpr, "a:latin", typeface=face.family)
        _sub(rpr, "a:cs", typeface=face.family)


def _rgb(hex_color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_color)


def _delete(shape: Any) -> None:
    element = shape._element
    element.getparent().remove(element)


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


def _fixed_zip(data: bytes, stream: BinaryIO) -> None:
    """Copy the zip with fixed entry dates and attributes (python-pptx stamps the time)."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            target.writestr(fixed, source.read(info.filename))
