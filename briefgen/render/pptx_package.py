"""The deck's package: template, slide and notes parts, metadata, and the zip, in one pass.

python-pptx (pinned) opens the template, keeps the package's parts and relationships, and
writes the fixed parts (core properties, masters, layouts). Slides and notes pages are parts
holding finished XML from the painter (:mod:`briefgen.render.pptx_paint`): a deck holds
hundreds of thousands of runs, and building them as lxml elements through python-pptx's
proxies was most of the run time and memory. Placeholders are cloned by python-pptx once per
layout and reused, so readers see the same shapes, ids and names as python-pptx would write.
Private python-pptx names are used only through :mod:`briefgen.render.pptx_private`.

Output bytes are deterministic: fixed core properties and fixed zip timestamps.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.package import Package
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout

from briefgen.layout.deck import Deck, Slide
from briefgen.layout.document import Document
from briefgen.render import pptx_private as private
from briefgen.render.pptx_paint import Painter, Placeholder, Prototype
from briefgen.render.pptx_xml import (
    APP_DECLARATION,
    XML_DECLARATION,
    close_tag,
    el,
    notes_paragraphs,
    open_tag,
    text,
    text_run,
)
from briefgen.render.zip_writer import zip_bytes

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)  # core properties: same input, same bytes
CORE_LIMIT = 255  # characters python-pptx (and the OPC schema users) allow per core property
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
_FOOTER_ROLES = {
    PP_PLACEHOLDER.FOOTER: "ftr",
    PP_PLACEHOLDER.SLIDE_NUMBER: "sldNum",
    PP_PLACEHOLDER.DATE: "",
}


# ---------------------------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------------------------


# Prototypes are text made from a template's layouts and notes master alone: a long-running
# process (watch) keeps them per template file (path, modification time, size) and layout.
_PROTOTYPES: dict[tuple[str | int, ...], Prototype] = {}
_NOTES: dict[tuple[str | int, ...], tuple[str, str]] = {}


def template_key(template: Path | None) -> tuple[str | int, ...]:
    """A template file as a cache key: python-pptx's default deck, or path, time and size."""
    if template is None:
        return ("",)
    info = template.stat()
    return (str(template), info.st_mtime_ns, info.st_size)


# Opened templates, kept pristine: each build paints on a deep copy, three times faster than
# parsing the package again (a long-running process builds again and again).
_OPENED: dict[tuple[str | int, ...], PresentationT] = {}
_OPENED_KEPT = 4


def open_template(template: Path | None) -> PresentationT:
    """python-pptx's default deck, or the theme's .pptx/.potx emptied of its example slides."""
    key = template_key(template)
    pristine = _OPENED.get(key)
    if pristine is None:
        if template is None:
            pristine = Presentation()
        else:
            pristine = open_template_bytes(template.read_bytes())
        if len(_OPENED) >= _OPENED_KEPT:
            _OPENED.clear()
        _OPENED[key] = pristine
    return copy.deepcopy(pristine)


def open_template_bytes(data: bytes) -> PresentationT:
    """A .pptx/.potx's bytes opened as :func:`open_template` opens the file."""
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
    id_list = private.slide_id_list(prs)
    removed = set()
    for entry in list(id_list):
        removed.add(entry.get("id"))
        r_id = entry.get(qn("r:id"))
        id_list.remove(entry)
        prs.part.drop_rel(r_id)
    for ref in private.element(prs.part).iter(f"{{{P14}}}sldId"):
        if ref.get("id") in removed:
            ref.getparent().remove(ref)


def find_layout(
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


def _slide_prototype(package: Package, layout: SlideLayout) -> Prototype:
    """Clone the layout's placeholders on a scratch slide nothing refers to (so never written)."""
    part = SlidePart.new(PackURI("/ppt/slides/briefgenPrototype.xml"), package, layout.part)
    slide = part.slide
    slide.shapes.clone_layout_placeholders(layout)
    xml = private.serialize(part)
    heads = re.findall(f"{open_tag('p:nvSpPr')}.*?{close_tag('p:nvSpPr')}", xml)
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
        elif not body and (
            kind in _BODY_TYPES or (ph.placeholder_format.idx == 1 and kind not in _FOOTER_ROLES)
        ):
            body = True
            roles.append("body")
        else:  # a footer or slide number placeholder is filled only when the layout says so
            roles.append(_FOOTER_ROLES.get(kind, ""))
    styles = [private.text_body(ph).find(qn("a:lstStyle")) is not None for ph in found]
    end = xml.find(close_tag("p:spTree"))
    cut = xml.find(open_tag("p:sp")) if found else end
    placeholders = [
        Placeholder(ph.shape_id, head, role, style)
        for ph, head, role, style in zip(found, heads, roles, styles, strict=True)
    ]
    next_id = max([1, *(ph.shape_id for ph in found)]) + 1
    return Prototype(
        head=xml[:cut],
        tail=xml[end:],
        placeholders=(*placeholders, *_footer_placeholders(layout, next_id)),
    )


_FOOTER_NAMES = {"ftr": "Footer Placeholder", "sldNum": "Slide Number Placeholder"}


def _footer_placeholders(layout: SlideLayout, next_id: int) -> list[Placeholder]:
    """The layout's footer and slide number placeholders, which python-pptx does not clone:
    used only by slides whose layout stage put text in them (``Slide.footer_slots``)."""
    out = []
    for ph in cast(Iterable[Any], layout.placeholders):
        role = _FOOTER_ROLES.get(ph.placeholder_format.type, "")
        if not role:
            continue
        source = private.element(ph).find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        pairs = [(key, source.get(key)) for key in ("type", "sz", "idx") if source.get(key)]
        head = el(
            "p:nvSpPr",
            (),
            el("p:cNvPr", (("id", next_id), ("name", f"{_FOOTER_NAMES[role]} {next_id - 1}"))),
            el("p:cNvSpPr", (), el("a:spLocks", (("noGrp", 1),))),
            el("p:nvPr", (), el("p:ph", tuple(pairs))),
        )
        out.append(Placeholder(next_id, head, role, True))
        next_id += 1
    return out


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
    xml = private.serialize(part)
    before, after = xml.split(el("a:p", (), text_run("", _NOTES_MARK)))
    return before, after


class Appender:
    """Adds slides and notes pages in constant time each, as parts holding finished XML.

    python-pptx looks for a free part name by walking every part of the package for each new
    notes page, and rescans relationships and slide ids for each slide: quadratic, 20 s for a
    1,000-slide deck. This keeps counters instead, and adds relationships to new parts directly
    (python-pptx 1.0.2 internals, pinned). Relationship ids come out as python-pptx's: a slide's
    layout is rId1, then its pictures, then its notes page.
    """

    def __init__(self, prs: PresentationT, painter: Painter, source: Path | None = None) -> None:
        self.source = template_key(source)
        self.part = prs.part
        self.package = prs.part.package
        self.painter = painter
        self.id_list = private.element(prs.part).get_or_add_sldIdLst()
        used = [int(i) for i in self.id_list.xpath("./p:sldId/@id")]
        self.next_id = max([255, *used]) + 1
        self.taken = {str(p.partname) for p in self.package.iter_parts()}
        self.counters: dict[str, int] = {}
        self.notes_master = self.part.notes_master_part  # created once if the template has none
        self.prototypes: dict[int, Prototype] = {}
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
            key = (*self.source, str(layout.part.partname))
            prototype = _PROTOTYPES.get(key) or _slide_prototype(self.package, layout)
            self.prototypes[id(layout.part)] = _PROTOTYPES[key] = prototype
        part = Part(self._partname("/ppt/slides/slide%d.xml"), CT.PML_SLIDE, self.package)
        private.relate(part, RT.SLIDE_LAYOUT, layout.part)  # rId1, as python-pptx's
        r_id = private.relate(self.part, RT.SLIDE, part)
        private.add_slide_id(self.id_list, self.next_id, r_id)
        self.next_id += 1
        part.blob = self.painter.slide(prototype, slide, part)
        if slide.notes:
            self.notes(part, slide.notes)

    def notes(self, slide_part: Part, text: str) -> None:
        if self.notes_xml is None:
            self.notes_xml = _NOTES.get(self.source) or _notes_prototype(
                self.package, self.notes_master
            )
            _NOTES[self.source] = self.notes_xml
        before, after = self.notes_xml
        blob = "".join((before, notes_paragraphs(text), after)).encode("utf-8")
        part = Part(
            self._partname("/ppt/notesSlides/notesSlide%d.xml"),
            CT.PML_NOTES_SLIDE,
            self.package,
            blob,
        )
        private.relate(part, RT.NOTES_MASTER, self.notes_master)
        private.relate(part, RT.SLIDE, slide_part)
        private.relate(slide_part, RT.NOTES_SLIDE, part)


# ---------------------------------------------------------------------------------------------
# Deterministic output
# ---------------------------------------------------------------------------------------------


def core_properties(prs: PresentationT, document: Document) -> None:
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


def package_metadata(prs: PresentationT, deck: Deck) -> None:
    """Drop the template's thumbnail (its example slide) and describe this deck in app.xml."""
    rels = private.package_rels(prs.part.package)
    for r_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(r_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            notes = sum(1 for slide in deck.slides if slide.notes)
            rel.target_part.blob = _app_xml(deck.aspect, len(deck.slides), notes)


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


# parts of an organisation template written with the template's own bytes
_KEPT_FOLDERS = ("ppt/slideMasters/", "ppt/slideLayouts/", "ppt/theme/", "ppt/media/", "ppt/fonts/")


def template_parts(template: Path | None) -> dict[str, bytes]:
    """The template's masters, layouts, themes, pictures and fonts (and their relationships),
    by zip member name, so the deck keeps them byte for byte."""
    if template is None:
        return {}
    with zipfile.ZipFile(template) as source:
        return {
            name: source.read(name) for name in source.namelist() if name.startswith(_KEPT_FOLDERS)
        }


def write_package(
    prs: PresentationT, stream: BinaryIO, originals: dict[str, bytes] | None = None
) -> None:
    """Write the package as python-pptx's ``save`` would, in one pass, with fixed entry dates.

    Same entries, order and bytes as ``Presentation.save`` (content types and relationships
    are formatted here as text, as lxml would, rather than built as elements); only the zip
    metadata differs (no time of day, fixed attributes): :func:`zip_writer.zip_bytes`, which
    compresses each distinct entry once per process.
    """
    package = prs.part.package
    parts = tuple(package.iter_parts())
    kept = originals or {}

    def entries() -> Iterator[tuple[str, bytes]]:
        yield "[Content_Types].xml", _content_types(parts)
        yield "_rels/.rels", _rels_xml(private.package_rels(package))
        for part in parts:
            name = part.partname.membername
            yield name, kept.get(name) or part.blob
            if part.rels:
                rels_name = part.partname.rels_uri.membername
                original = kept.get(rels_name) if name in kept else None
                yield rels_name, original or _rels_xml(part.rels)

    stream.write(zip_bytes(entries()))


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _content_types(parts: tuple[Part, ...]) -> bytes:
    """``[Content_Types].xml``: python-pptx's choice of defaults and overrides, sorted."""
    defaults, overrides = private.content_types(parts)
    entries = [
        el("Default", (("Extension", ext), ("ContentType", content_type)))
        for ext, content_type in sorted(defaults.items())
    ]
    entries += [
        el("Override", (("PartName", partname), ("ContentType", content_type)))
        for partname, content_type in sorted(overrides.items())
    ]
    return (XML_DECLARATION + el("Types", (("xmlns", _TYPES_NS),), *entries)).encode("utf-8")


def _rels_xml(rels: Any) -> bytes:
    """A ``.rels`` item, relationships in numerical rId order as python-pptx writes them."""
    base_uri = private.base_uri(rels)  # where the .rels item's relative targets start
    order = sorted(
        (int(r_id[3:]) if r_id.startswith("rId") and r_id[3:].isdigit() else 0, r_id)
        for r_id in rels
    )
    out = []
    for _, r_id in order:
        rel = rels[r_id]
        pairs = [("Id", r_id), ("Type", rel.reltype)]
        if rel.is_external:
            pairs += [("Target", rel.target_ref), ("TargetMode", "External")]
        else:
            pairs.append(("Target", _relative_ref(rel.target_part.partname, base_uri)))
        out.append(el("Relationship", pairs))
    return (XML_DECLARATION + el("Relationships", (("xmlns", _RELS_NS),), *out)).encode("utf-8")


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
