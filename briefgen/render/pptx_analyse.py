"""A template analysed by python-pptx: the one place the deck writer opens a template with it.

Imported only when an analysis is made (:func:`briefgen.render.pptx_template.analysis`; once
per template file and python-pptx version, then kept on disk) and by the template check.
python-pptx opens the template and empties it of its example slides, adds the notes master a
template may lack, clones each layout's placeholders on a scratch slide nothing refers to
(the *prototypes* the painter fills), sets the fixed core properties, and serializes what each
deck changes (slide size, slide list, describing properties) with marks in their places.
Private python-pptx names are used only through :mod:`briefgen.render.pptx_private`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.spec import default_content_types
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.package import Package
from pptx.parts.slide import NotesMasterPart, NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout
from pptx.util import Emu

from briefgen.render import pptx_private as private
from briefgen.render.pptx_paint import Placeholder, Prototype
from briefgen.render.pptx_template import (
    HEIGHT,
    PRESENTATION_MAIN,
    SLIDE_ID,
    SLIDE_RID,
    SLIDES,
    TEMPLATE_MAIN,
    WIDTH,
    Layout,
    Rel,
    TemplateAnalysis,
    TemplatePart,
    core_mark,
)
from briefgen.render.pptx_xml import close_tag, el, open_tag, text_run

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)  # core properties: same input, same bytes
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
_FOOTER_ROLES = {
    PP_PLACEHOLDER.FOOTER: "ftr",
    PP_PLACEHOLDER.SLIDE_NUMBER: "sldNum",
    PP_PLACEHOLDER.DATE: "",
}
# parts of an organisation template written with the template's own bytes
_KEPT_FOLDERS = ("ppt/slideMasters/", "ppt/slideLayouts/", "ppt/theme/", "ppt/media/", "ppt/fonts/")
# values python-pptx accepts as a slide size, never elsewhere in presentation.xml (checked)
_SIZE_MARKS = ((51206399, 51206398), (51206397, 51206396), (51206395, 51206394))
_ID_MARK = 2147483000  # a slide id python-pptx accepts


def analyse(template: Path | None) -> TemplateAnalysis:
    """python-pptx's default deck, or the theme's .pptx/.potx, analysed (see the module)."""
    if template is None:
        prs, kept = Presentation(), {}
    else:
        data = template.read_bytes()
        prs, kept = open_template_bytes(data), _kept_parts(data)
    sizes = _mark_size(prs)
    pres = prs.part
    id_list = private.element(pres).get_or_add_sldIdLst()
    used = [int(i) for i in id_list.xpath("./p:sldId/@id")]
    package = pres.package
    master = pres.notes_master_part  # created where the template has none
    prototypes = {
        str(layout.part.partname): _slide_prototype(package, layout)
        for slide_master in prs.slide_masters
        for layout in slide_master.slide_layouts
    }
    notes = _notes_prototype(package, master)
    core = _mark_core(prs)
    app = _drop_thumbnail(package)
    empty = _unmark_size(private.serialize(pres), sizes)
    private.add_slide_id(id_list, _ID_MARK, f"rId{_ID_MARK}")
    full, slide_id = _mark_slide_list(_unmark_size(private.serialize(pres), sizes))
    return TemplateAnalysis(
        parts=tuple(_part(part, kept) for part in package.iter_parts()),
        package_rels=_rels(private.package_rels(package)),
        presentation=str(pres.partname),
        presentation_xml=full,
        presentation_empty=empty,
        slide_id=slide_id,
        next_slide_id=max([255, *used]) + 1,
        core=str(core.partname),
        core_xml=private.serialize(core),
        app=app,
        notes_master=str(master.partname),
        layouts=tuple(_layout(layout) for layout in prs.slide_layouts),
        prototypes=prototypes,
        notes=notes,
        images=_image_parts(package),
        default_types=frozenset((str(e), str(t)) for e, t in default_content_types),
    )


# ---------------------------------------------------------------------------------------------
# Opening and emptying
# ---------------------------------------------------------------------------------------------


def open_template_bytes(data: bytes) -> PresentationT:
    """A .pptx/.potx's bytes opened by python-pptx and emptied of its example slides."""
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

    Parts reachable from nothing are not written, so no orphans remain.
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


def _kept_parts(data: bytes) -> dict[str, bytes]:
    """The template's masters, layouts, themes, pictures and fonts (and their relationships),
    by zip member name, so the deck keeps them byte for byte."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {
            name: source.read(name) for name in source.namelist() if name.startswith(_KEPT_FOLDERS)
        }


def _layout(layout: SlideLayout) -> Layout:
    # python-pptx's annotations mistype LayoutPlaceholders.__iter__; it iterates fine
    placeholders = list(cast(Iterable[Any], layout.placeholders))
    return Layout(
        name=layout.name,
        partname=str(layout.part.partname),
        types=tuple(int(ph.placeholder_format.type) for ph in placeholders),
        has_body=any(ph.placeholder_format.idx == 1 for ph in placeholders),
    )


# ---------------------------------------------------------------------------------------------
# What each deck changes, marked
# ---------------------------------------------------------------------------------------------


def _mark_size(prs: PresentationT) -> tuple[int, int]:
    """Set the slide size to values found nowhere else in presentation.xml, to mark it."""
    text = private.serialize(prs.part)
    for width, height in _SIZE_MARKS:
        if f'"{width}"' not in text and f'"{height}"' not in text:
            prs.slide_width, prs.slide_height = Emu(width), Emu(height)
            return width, height
    raise RuntimeError("cannot mark the slide size")  # pragma: no cover - three tries


def _unmark_size(xml: str, marks: tuple[int, int]) -> str:
    width, height = marks
    if xml.count(f'"{width}"') != 1 or xml.count(f'"{height}"') != 1:  # pragma: no cover
        raise RuntimeError("unexpected slide size XML from python-pptx")
    return xml.replace(f'"{width}"', f'"{WIDTH}"').replace(f'"{height}"', f'"{HEIGHT}"')


def _mark_slide_list(xml: str) -> tuple[str, str]:
    """presentation.xml with SLIDES where the slide ids go, and one id element, marked."""
    found = re.findall(f'<[^<>]*"{_ID_MARK}"[^<>]*/>', xml)
    if len(found) != 1:  # pragma: no cover - python-pptx is pinned
        raise RuntimeError("unexpected slide list XML from python-pptx")
    element = found[0].replace(f'"rId{_ID_MARK}"', f'"{SLIDE_RID}"')
    element = element.replace(f'"{_ID_MARK}"', f'"{SLIDE_ID}"')
    return xml.replace(found[0], SLIDES), element


def _mark_core(prs: PresentationT) -> Any:
    """Core properties set as each deck sets them (fixed dates), its own values marked."""
    props = prs.core_properties
    props.title = core_mark("title")
    props.subject = core_mark("subject")
    props.author = core_mark("author")
    props.keywords = core_mark("keywords")
    props.language = core_mark("language")
    props.last_modified_by = "briefgen"
    props.revision = 1
    props.created = props.modified = FIXED_TIME
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    return props


def _drop_thumbnail(package: Package) -> tuple[str, ...]:
    """Drop the template's thumbnail (its example slide); the app.xml parts each deck rewrites."""
    rels = private.package_rels(package)
    app = []
    for r_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(r_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            app.append(str(rel.target_part.partname))
    return tuple(app)


# ---------------------------------------------------------------------------------------------
# Parts as data
# ---------------------------------------------------------------------------------------------


def _rels(rels: Any) -> tuple[Rel, ...]:
    return tuple(
        Rel(
            r_id,
            rel.reltype,
            rel.target_ref if rel.is_external else str(rel.target_part.partname),
            rel.is_external,
        )
        for r_id, rel in rels.items()
    )


def _part(part: Any, kept: dict[str, bytes]) -> TemplatePart:
    name = part.partname.membername
    blob = kept.get(name) or part.blob
    rels_blob = kept.get(part.partname.rels_uri.membername) if name in kept else None
    return TemplatePart(str(part.partname), part.content_type, blob, _rels(part.rels), rels_blob)


def records(part: Any) -> list[TemplatePart]:
    """A part python-pptx made for a deck (a chart) and the parts it leads to, as records."""
    out = [_part(part, {})]
    for rel in part.rels.values():
        if not rel.is_external:
            out += records(rel.target_part)
    return out


def _image_parts(package: Package) -> tuple[tuple[str, str], ...]:
    """The image parts a new picture with the same bytes reuses, first found first, as
    python-pptx looks for them (through picture relationships, known image types only)."""
    found: dict[str, str] = {}
    for rel in package.iter_rels():
        if rel.is_external or rel.reltype != RT.IMAGE:
            continue
        part = rel.target_part
        if hasattr(part, "sha1"):
            found.setdefault(part.sha1, str(part.partname))
    return tuple(found.items())


# ---------------------------------------------------------------------------------------------
# Prototypes: a new slide on each layout, a new notes page
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


__all__ = ["analyse", "open_template_bytes", "records"]
