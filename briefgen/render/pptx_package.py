"""The deck's package written without python-pptx: parts as plain records, and the zip.

The template's parts come from its analysis (:mod:`briefgen.render.pptx_template`, made once
by python-pptx and kept on disk); slides and notes pages are parts holding the painter's
finished XML (:mod:`briefgen.render.pptx_paint`); pictures, a native chart's parts and the
describing properties join them. Everything is written as python-pptx 1.0.2 writes the same
package, byte for byte: part names (slides and notes pages numbered by counters, pictures
numbered in the first gap and shared by identical bytes), relationship ids (the first free
one counting down from one past the count), the order of the parts (a walk from the
package's relationships, first reached first), the content types (python-pptx's defaults by
extension, overrides by part name) and the ``.rels`` items. Only the zip metadata differs
(fixed dates): :func:`briefgen.render.zip_writer.zip_bytes`, which compresses each distinct
entry once per process.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from briefgen.render.pptx_template import (
    CORE_FIELDS,
    HEIGHT,
    SLIDE_ID,
    SLIDE_RID,
    SLIDES,
    WIDTH,
    Rel,
    TemplateAnalysis,
    TemplatePart,
)
from briefgen.render.pptx_xml import XML_DECLARATION, el, notes_paragraphs, text
from briefgen.render.zip_writer import zip_bytes

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_SLIDE, RT_SLIDE_LAYOUT = _RT + "slide", _RT + "slideLayout"
RT_NOTES_SLIDE, RT_NOTES_MASTER, RT_IMAGE = _RT + "notesSlide", _RT + "notesMaster", _RT + "image"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_SLIDE, CT_NOTES_SLIDE = _PML + "slide+xml", _PML + "notesSlide+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
# a picture's format -> python-pptx's extension and content type for it
IMAGE_TYPES = {"PNG": ("png", "image/png"), "JPEG": ("jpg", "image/jpeg")}
_SLIDE_SIZE = (914400, 51206400)  # EMU python-pptx accepts for a slide's width or height


class Part:
    """A part: name, content type, bytes, relationships (by id, in the order added)."""

    __slots__ = ("blob", "content_type", "package", "partname", "rels", "rels_blob", "targets")

    def __init__(
        self,
        package: DeckPackage,
        partname: str,
        content_type: str,
        blob: bytes = b"",
        rels: Iterable[Rel] = (),
        rels_blob: bytes | None = None,
    ) -> None:
        self.package = package
        self.partname = partname
        self.content_type = content_type
        self.blob = blob
        self.rels = {rel.r_id: rel for rel in rels}
        self.rels_blob = rels_blob  # the template's own .rels item, kept byte for byte
        self.targets = {(r.reltype, r.target): r.r_id for r in self.rels.values() if not r.external}

    def relate(self, reltype: str, target: str) -> str:
        """The id of this part's relationship to ``target``, added with python-pptx's next
        free id (counting down from one past the count) unless there is one."""
        r_id = self.targets.get((reltype, target))
        if r_id is None:
            r_id = next(
                f"rId{n}" for n in range(len(self.rels) + 1, 0, -1) if f"rId{n}" not in self.rels
            )
            self.rels[r_id] = Rel(r_id, reltype, target, False)
            self.targets[(reltype, target)] = r_id
        return r_id

    def add_image(self, data: bytes, image_format: str) -> str:
        """Relate a picture (a part shared by every picture with the same bytes); its rId."""
        return self.relate(RT_IMAGE, self.package.image(data, image_format))


class DeckPackage:
    """The emptied template plus the deck's slides, notes pages and pictures, then the zip."""

    def __init__(self, analysis: TemplateAnalysis, width: int, height: int) -> None:
        for value in (width, height):
            if not _SLIDE_SIZE[0] <= value <= _SLIDE_SIZE[1]:
                raise ValueError(f"slide size {value} EMU outside {_SLIDE_SIZE}")
        self.analysis = analysis
        self.size = (width, height)
        self.parts: dict[str, Part] = {}
        for part in analysis.parts:
            self.add(part)
        self.presentation = self.parts[analysis.presentation]
        self.slide_ids: list[tuple[int, str]] = []
        self.counters: dict[str, int] = {}
        self.images = dict(analysis.images)  # sha1 -> part name

    def add(self, part: TemplatePart) -> Part:
        made = Part(self, part.partname, part.content_type, part.blob, part.rels, part.rels_blob)
        self.parts[part.partname] = made
        return made

    def new_partname(self, template: str) -> str:
        """The first free name ``template % n`` (python-pptx's ``next_partname``)."""
        for n in range(1, len(self.parts) + 2):  # pragma: no branch - one is always free
            if template % n not in self.parts:
                return template % n
        raise AssertionError("unreachable")  # pragma: no cover

    def _counted(self, template: str, content_type: str) -> Part:
        """A new part named by a counter per template, in constant time (python-pptx scans the
        whole package for each name: quadratic, 20 s for a 1,000-slide deck)."""
        n = self.counters.get(template, 0) + 1
        while template % n in self.parts:
            n += 1
        self.counters[template] = n
        return self.add(TemplatePart(template % n, content_type, b"", ()))

    def add_slide(self, layout: str) -> Part:
        """A new slide on the layout part ``layout``; its XML (``blob``) is the painter's."""
        part = self._counted("/ppt/slides/slide%d.xml", CT_SLIDE)
        part.relate(RT_SLIDE_LAYOUT, layout)  # rId1, as python-pptx's
        r_id = self.presentation.relate(RT_SLIDE, part.partname)
        self.slide_ids.append((self.analysis.next_slide_id + len(self.slide_ids), r_id))
        return part

    def add_notes(self, slide: Part, notes: str) -> None:
        before, after = self.analysis.notes
        part = self._counted("/ppt/notesSlides/notesSlide%d.xml", CT_NOTES_SLIDE)
        part.blob = "".join((before, notes_paragraphs(notes), after)).encode("utf-8")
        part.relate(RT_NOTES_MASTER, self.analysis.notes_master)
        part.relate(RT_SLIDE, slide.partname)
        slide.relate(RT_NOTES_SLIDE, part.partname)

    def image(self, data: bytes, image_format: str) -> str:
        """The part holding these picture bytes: one already in the package (the template's
        too), else a new ``/ppt/media/imageN`` in the first free number, as python-pptx."""
        sha1 = hashlib.sha1(data).hexdigest()
        partname = self.images.get(sha1)
        if partname is None:
            ext, content_type = IMAGE_TYPES[image_format]
            partname = f"/ppt/media/image{self._image_number()}.{ext}"
            self.add(TemplatePart(partname, content_type, data, ()))
            self.images[sha1] = partname
        return partname

    def _image_number(self) -> int:
        numbers = sorted(
            n
            for name in self.parts
            if name.startswith("/ppt/media/image") and (n := _number(name)) is not None
        )
        for i, number in enumerate(numbers):
            if i + 1 < number:
                return i + 1
        return len(numbers) + 1

    # -- describing properties and the zip -------------------------------------------------------

    def describe(self, core: dict[str, str], app: bytes) -> None:
        """core.xml's fields (``CORE_FIELDS``) and app.xml's bytes for this deck."""
        marks = re.compile("\ue000(" + "|".join(CORE_FIELDS) + ")\ue000")
        xml = marks.sub(lambda m: text(core[m.group(1)]), self.analysis.core_xml)
        self.parts[self.analysis.core].blob = xml.encode("utf-8")
        for name in self.analysis.app:
            self.parts[name].blob = app

    def _presentation_xml(self) -> bytes:
        analysis = self.analysis
        ids = [
            analysis.slide_id.replace(SLIDE_ID, str(slide_id)).replace(SLIDE_RID, r_id)
            for slide_id, r_id in self.slide_ids
        ]
        # no slide: the emptied list as python-pptx writes it
        xml = analysis.presentation_xml.replace(SLIDES, "".join(ids))
        if not ids:
            xml = analysis.presentation_empty
        width, height = self.size
        return xml.replace(WIDTH, str(width)).replace(HEIGHT, str(height)).encode("utf-8")

    def walk(self) -> list[Part]:
        """The parts in python-pptx's order: from the package's relationships, depth first,
        each part where it is first reached."""
        order: list[Part] = []
        seen: set[str] = set()

        def visit(rels: Iterable[Rel]) -> None:
            for rel in rels:
                if rel.external or rel.target in seen:
                    continue
                seen.add(rel.target)
                part = self.parts[rel.target]
                order.append(part)
                visit(part.rels.values())

        visit(self.analysis.package_rels)
        return order

    def write(self, stream: BinaryIO) -> None:
        """The package as python-pptx's ``save`` writes it, in one pass, fixed entry dates."""
        self.presentation.blob = self._presentation_xml()
        parts = self.walk()

        def entries() -> Iterator[tuple[str, bytes]]:
            yield "[Content_Types].xml", self._content_types(parts)
            yield "_rels/.rels", _rels_xml("/", self.analysis.package_rels)
            for part in parts:
                yield part.partname[1:], part.blob
                if part.rels:
                    folder, name = posixpath.split(part.partname)
                    rels_name = posixpath.join(folder, "_rels", name + ".rels")[1:]
                    yield rels_name, part.rels_blob or _rels_xml(folder, part.rels.values())

        stream.write(zip_bytes(entries()))

    def _content_types(self, parts: list[Part]) -> bytes:
        """``[Content_Types].xml``: python-pptx's choice of defaults and overrides, sorted."""
        defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
        overrides: dict[str, str] = {}
        for part in parts:
            ext = posixpath.splitext(part.partname)[1].removeprefix(".").lower()
            if (ext, part.content_type) in self.analysis.default_types:
                defaults[ext] = part.content_type
            else:
                overrides[part.partname] = part.content_type
        entries = [
            el("Default", (("Extension", ext), ("ContentType", content_type)))
            for ext, content_type in sorted(defaults.items())
        ]
        entries += [
            el("Override", (("PartName", partname), ("ContentType", content_type)))
            for partname, content_type in sorted(overrides.items())
        ]
        return (XML_DECLARATION + el("Types", (("xmlns", _TYPES_NS),), *entries)).encode("utf-8")


_NUMBERED = re.compile("([a-zA-Z]+)([0-9][0-9]*)?")


def _number(partname: str) -> int | None:
    """python-pptx's ``PackURI.idx``: the number after the name's first letters."""
    filename = posixpath.split(partname)[1]
    found = _NUMBERED.match(posixpath.splitext(filename)[0]) if filename else None
    return int(found.group(2)) if found and found.group(2) else None


_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _rels_xml(base_uri: str, rels: Iterable[Rel]) -> bytes:
    """A ``.rels`` item, relationships in numerical rId order as python-pptx writes them;
    ``base_uri``: where its relative targets start (the part's folder, "/" for the package)."""
    order = sorted(
        (int(rel.r_id[3:]) if rel.r_id.startswith("rId") and rel.r_id[3:].isdigit() else 0, rel)
        for rel in rels
    )
    out = []
    for _, rel in order:
        pairs = [("Id", rel.r_id), ("Type", rel.reltype)]
        if rel.external:
            pairs += [("Target", rel.target), ("TargetMode", "External")]
        else:
            pairs.append(("Target", _relative_ref(rel.target, base_uri)))
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


__all__ = ["IMAGE_TYPES", "DeckPackage", "Part"]
