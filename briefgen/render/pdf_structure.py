"""The saved half of tagging: structure tree, parent tree and PDF/UA-1 metadata.

:class:`briefgen.render.pdf_tags.Tagger` records, while pages are drawn, which structure
element owns each marked-content sequence. reportlab cannot write a structure tree, so the
saved file is completed by one incremental update appended to it: ``/StructTreeRoot`` (with
its ``/ParentTree`` and ``/RoleMap``), ``/StructParents`` and ``/Tabs /S`` on every page,
``/StructParent`` and ``/Contents`` on link annotations, ``/MarkInfo``, ``/Lang``,
``/ViewerPreferences /DisplayDocTitle``, the info dictionary and an XMP packet declaring
PDF/UA-1. :mod:`briefgen.render.pdf_file` reads back the few objects that change (the file
is the one reportlab has just written, so a strict reader of its shape is enough and no PDF
library is imported); the structure elements are written as PDF text, because a long
briefing has tens of thousands. Nothing depends on the clock or on chance: the same drawing
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import zlib

from briefgen.render.escape import escape
from briefgen.render.pdf_file import Entries, PdfFile, Ref, UnexpectedPdf, decode_text, unparse
from briefgen.render.pdf_tags import (
    Annotation,
    Element,
    Marked,
    Metadata,
    Tagger,
    pdf_string,
    pdf_text,
)


def creation_date(date: dt.date | None = None) -> dt.datetime | None:
    """The document's creation date: the input's date (midnight UTC), else
    ``SOURCE_DATE_EPOCH`` (reproducible builds), else none: never the clock."""
    if date is not None:
        return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return None


def tag_pdf(data: bytes, tagger: Tagger) -> bytes:
    """Complete the PDF ``data`` drawn through ``tagger`` into a tagged PDF/UA-1 file.

    The structure tree of a long briefing has tens of thousands of elements, so they are
    written here as PDF text and appended to ``data`` as one incremental update: the new
    objects and the changed pages, annotations, catalog and info dictionary (read from
    ``data`` by :class:`~briefgen.render.pdf_file.PdfFile`, only the entries that change
    rewritten) in compressed object streams, with a cross-reference stream. The page content
    streams are left as reportlab wrote them.
    """
    root = tagger.finish()
    meta = tagger.meta
    pdf = PdfFile(data)
    catalog_ref = pdf.ref(pdf.trailer, "Root", "the trailer")
    info_ref = pdf.ref(pdf.trailer, "Info", "the trailer")
    catalog = pdf.dictionary(catalog_ref)
    pages = pdf.pages(catalog)
    annotations = [
        pdf.refs(page, "Annots", f"page {ref.number}") if "Annots" in page else []
        for ref, page in pages
    ]
    tree = _Tree([ref.number for ref, _ in pages], pdf.size, tagger.role_map)
    tree.links = {
        (i + 1, k): ref.number for i, refs in enumerate(annotations) for k, ref in enumerate(refs)
    }
    tree.add(root, meta.lang)
    info = pdf.dictionary(info_ref)
    producer = (
        decode_text(pdf.value(info, "Producer", "the info dictionary"))
        if "Producer" in info
        else ""
    )
    metadata = tree.stream(_xmp(meta, producer).encode("utf-8"), "/Type /Metadata /Subtype /XML")
    changed: dict[int, bytes] = {}
    for i, (ref, page) in enumerate(pages):
        page["StructParents"] = b"%d" % i
        page["Tabs"] = b"/S"
        changed[ref.number] = unparse(page)
    for key, (page_index, index, alt) in enumerate(tree.annotations, start=len(pages)):
        ref = annotations[page_index][index]
        annotation = pdf.dictionary(ref)
        annotation["StructParent"] = b"%d" % key
        if alt is not None:
            annotation["Contents"] = pdf_string(alt).encode("ascii")
        changed[ref.number] = unparse(annotation)
    _info(info, meta)
    changed[info_ref.number] = unparse(info)
    _catalog(pdf, catalog, meta, changed)
    catalog["StructTreeRoot"] = bytes(Ref(tree.root))
    catalog["Metadata"] = bytes(Ref(metadata))
    changed[catalog_ref.number] = unparse(catalog)
    # An update's trailer repeats the previous one's entries (ISO 32000-1, 7.5.6): /Root,
    # /Info and /ID; /Size and /Prev are its own.
    kept = {key: value for key, value in pdf.trailer.items() if key not in ("Size", "Prev")}
    trailer = unparse(kept)[3:-3].decode("latin-1")
    return data + tree.increment(data, pdf.xref, changed, trailer)


OBJECTS_PER_STREAM = 500  # objects packed in one object stream (a reader inflates it whole)


class _Tree:
    """The structure tree as numbered PDF objects, written as text."""

    def __init__(self, pages: list[int], size: int, role_map: dict[str, str]) -> None:
        self.pages = pages
        self.role_map = role_map
        self.root = size
        self.next = size + 1
        self.objects: list[str] = []  # object text, numbered from size + 1
        self.parents: list[list[int]] = [[] for _ in pages]
        self.annotations: list[tuple[int, int, str | None]] = []
        self.annotation_parents: list[int] = []
        self.used: set[str] = set()
        self.links: dict[tuple[int, int], int] = {}  # (page, index) -> annotation number
        self.trailer = ""  # /Root and /Info of the file updated
        self.streams: dict[int, bytes] = {}

    def _number(self) -> int:
        number = self.next
        self.next += 1
        self.objects.append("")
        return number

    def stream(self, data: bytes, head: str) -> int:
        """A stream object holding ``data``; ``head`` are its dictionary's other entries."""
        number = self._number()
        self.streams[number] = data
        self._set(number, f"<< {head} /Length {len(data)} >>")
        return number

    def _set(self, number: int, text: str) -> None:
        self.objects[number - self.root - 1] = text

    def add(self, root: Element, lang: str) -> None:
        document = self._element(root, self.root, lang)
        if document is None:
            document = self._number()
            self._set(
                document,
                f"<< /Type /StructElem /S /Document /P {self.root} 0 R /Lang {pdf_text(lang)}"
                " /K [] >>",
            )
        self.parent_tree = self._number()
        nums = []
        for i, parents in enumerate(self.parents):
            refs = " ".join(f"{n} 0 R" if n else "null" for n in parents)
            nums.append(f"{i} [{refs}]")
        for key, owner in enumerate(self.annotation_parents, start=len(self.pages)):
            nums.append(f"{key} {owner} 0 R")
        self._set(self.parent_tree, f"<< /Nums [{' '.join(nums)}] >>")
        mapped = sorted(role for role in self.used if role in self.role_map)
        role_map = " ".join(f"/{role} /{self.role_map[role]}" for role in mapped)
        self.tree = (
            f"<< /Type /StructTreeRoot /K {document} 0 R /ParentTree {self.parent_tree} 0 R"
            f" /ParentTreeNextKey {len(self.pages) + len(self.annotation_parents)}"
            + (f" /RoleMap << {role_map} >>" if mapped else "")
            + " >>"
        )

    def _element(self, element: Element, parent: int, lang: str | None = None) -> int | None:
        """Number and write ``element`` and its kids; None when it holds nothing at all."""
        number = self._number()
        head = [f"/Type /StructElem /S /{element.role} /P {parent} 0 R"]
        page = _first_page(element)
        if page is not None:
            head.append(f"/Pg {self._page(page)} 0 R")
        for key, value in (
            ("Lang", element.lang or lang),
            ("Alt", element.alt),
            ("ActualText", element.actual_text),
        ):
            if value is not None:
                head.append(f"/{key} {pdf_text(value)}")
        if element.scope is not None:
            head.append(f"/A << /O /Table /Scope /{element.scope} >>")
        kids = []
        for kid in element.kids:
            if isinstance(kid, Element):
                child = self._element(kid, number)
                if child is not None:
                    kids.append(f"{child} 0 R")
            elif isinstance(kid, Marked):
                pg = self._page(kid.page)
                parents = self.parents[kid.page - 1]
                parents.extend([0] * (kid.mcid + 1 - len(parents)))
                parents[kid.mcid] = number
                if kid.page == page:
                    kids.append(str(kid.mcid))
                else:
                    kids.append(f"<< /Type /MCR /Pg {pg} 0 R /MCID {kid.mcid} >>")
            else:
                self.annotations.append((kid.page - 1, kid.index, element.alt))
                self.annotation_parents.append(number)
                kids.append(
                    f"<< /Type /OBJR /Obj {self._annotation_ref(kid)} /Pg "
                    f"{self._page(kid.page)} 0 R >>"
                )
        if not kids:  # nothing drawn: the number is the last one handed out, take it back
            self.objects.pop()
            self.next -= 1
            return None
        self.used.add(element.role)
        # One kid stands alone (checkers that descend /K arrays stumble on one-item arrays).
        k = kids[0] if len(kids) == 1 else f"[{' '.join(kids)}]"
        self._set(number, f"<< {' '.join(head)} /K {k} >>")
        return number

    def _annotation_ref(self, kid: Annotation) -> str:
        number = self.links.get((kid.page, kid.index))
        if number is None:
            raise UnexpectedPdf(f"page {kid.page} has no link annotation {kid.index + 1}")
        return f"{number} 0 R"

    def _page(self, page: int) -> int:
        """The object number of ``page`` (from 1), which the file must have."""
        if not 0 < page <= len(self.pages):
            raise UnexpectedPdf(f"content marked on page {page} of {len(self.pages)}")
        return self.pages[page - 1]

    # Whole on purpose (69 lines): one byte sequence written in order, offsets tracked through it.
    def increment(self, data: bytes, prev: int, changed: dict[int, bytes], trailer: str) -> bytes:
        """An incremental update of ``data`` (whose cross-reference section is at ``prev``):
        ``changed`` objects (by number) and the new ones, in object streams, indexed by a
        cross-reference stream."""
        packed = dict(changed)
        packed[self.root] = self.tree.encode("latin-1")
        for number, text in enumerate(self.objects, start=self.root + 1):
            if number not in self.streams:
                packed[number] = text.encode("latin-1")
        chunks = [b"\n"]
        offset = len(data) + 1
        entries: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3)

        def put(number: int, chunk: bytes) -> None:
            nonlocal offset
            entries[number] = (1, offset, 0)
            chunks.append(chunk)
            offset += len(chunk)

        for number, content in self.streams.items():
            head = self.objects[number - self.root - 1].encode("latin-1")
            put(number, b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, head, content))
        numbers = sorted(packed)
        for start in range(0, len(numbers), OBJECTS_PER_STREAM):
            group = numbers[start : start + OBJECTS_PER_STREAM]
            stream_number = self._number()
            heads, bodies, position = [], [], 0
            for k, number in enumerate(group):
                heads.append(b"%d %d" % (number, position))
                bodies.append(packed[number])
                position += len(packed[number]) + 1
                entries[number] = (2, stream_number, k)
            head = b" ".join(heads) + b"\n"
            body = zlib.compress(head + b"\n".join(bodies) + b"\n", 6)
            put(
                stream_number,
                b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n"
                b"stream\n%s\nendstream\nendobj\n"
                % (stream_number, len(group), len(head), len(body), body),
            )
        xref_number = self._number()
        entries[xref_number] = (1, offset, 0)
        index: list[int] = []
        rows: list[bytes] = []
        for number in sorted(entries):
            if index and index[-2] + index[-1] == number:
                index[-1] += 1
            else:
                index += [number, 1]
            kind, second, third = entries[number]
            rows.append(struct.pack(">BIH", kind, second, third))
        body = zlib.compress(b"".join(rows), 6)
        chunks.append(
            b"%d 0 obj\n<< /Type /XRef /Size %d /Index [%s] /W [1 4 2] %s /Prev %d"
            b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
            b"startxref\n%d\n%%%%EOF\n"
            % (
                xref_number,
                self.next,
                " ".join(map(str, index)).encode(),
                trailer.encode("latin-1"),
                prev,
                len(body),
                body,
                offset,
            )
        )
        return b"".join(chunks)


def _first_page(element: Element) -> int | None:
    for kid in element.kids:
        if not isinstance(kid, Element):
            return kid.page
    return None


def _catalog(pdf: PdfFile, catalog: Entries, meta: Metadata, changed: dict[int, bytes]) -> None:
    """Tagged, in the document's language, the title shown (viewer preferences written in
    the catalog or, as reportlab does, in an object of their own)."""
    for key in ("StructTreeRoot", "Metadata"):
        catalog.pop(key, None)
    catalog["Version"] = b"/1.7"  # object and cross-reference streams, PDF/UA-1's base
    catalog["MarkInfo"] = b"<< /Marked true >>"
    catalog["Lang"] = pdf_string(meta.lang).encode("ascii")
    if "ViewerPreferences" not in catalog:
        catalog["ViewerPreferences"] = b"<< /DisplayDocTitle true >>"
        return
    preferences = pdf.value(catalog, "ViewerPreferences", "the catalog")
    if isinstance(preferences, Ref):
        shared = pdf.dictionary(preferences)
        if shared.get("DisplayDocTitle") != b"true":
            shared["DisplayDocTitle"] = b"true"
            changed[preferences.number] = unparse(shared)
    elif isinstance(preferences, dict):
        preferences["DisplayDocTitle"] = b"true"
        catalog["ViewerPreferences"] = unparse(preferences)
    else:
        raise UnexpectedPdf("the catalog's /ViewerPreferences is not a dictionary")


def _info(info: Entries, meta: Metadata) -> None:
    """The document information dictionary, agreeing with the XMP metadata."""
    info["Title"] = pdf_string(meta.title).encode("ascii")
    for key, value in (
        ("Author", meta.author),
        ("Subject", meta.subject),
        ("Keywords", ", ".join(meta.keywords)),
        ("Creator", meta.creator),
    ):
        if value:
            info[key] = pdf_string(value).encode("ascii")
        else:
            info.pop(key, None)
    for key in ("CreationDate", "ModDate"):
        if meta.created is None:
            info.pop(key, None)
        else:  # a date string is ASCII (digits, D, :, + and ')
            info[key] = meta.created.strftime("(D:%Y%m%d%H%M%S+00'00')").encode("ascii")


def _xmp(meta: Metadata, producer: str) -> str:
    """An XMP packet: Dublin Core title, creator, subject; dates; the PDF/UA-1 claim."""

    def e(text: str) -> str:
        return escape(text, quote=True)

    lines = [
        f'<rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li>',
    ]
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
        "<pdfuaid:part>1</pdfuaid:part>",
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title><rdf:Alt>{''.join(lines)}</rdf:Alt></dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{e(meta.lang)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if meta.author:
        parts.append(
            f"<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if meta.subject:
        parts.append(
            "<dc:description><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    if meta.keywords:
        parts.append(f"<pdf:Keywords>{e(', '.join(meta.keywords))}</pdf:Keywords>")
    if producer:
        parts.append(f"<pdf:Producer>{e(producer)}</pdf:Producer>")
    if meta.creator:
        parts.append(f"<xmp:CreatorTool>{e(meta.creator)}</xmp:CreatorTool>")
    if meta.created is not None:
        stamp = meta.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        parts += [f"<xmp:{k}>{stamp}</xmp:{k}>" for k in ("CreateDate", "ModifyDate")]
    parts += ["</rdf:Description>", "</rdf:RDF>", "</x:xmpmeta>", '<?xpacket end="w"?>']
    return "\n".join(parts)


__all__ = ["creation_date", "tag_pdf"]
