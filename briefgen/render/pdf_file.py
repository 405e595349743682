"""The PDF reportlab has just written, read back strictly: what tagging needs to edit it.

Completing the tagged PDF (:mod:`briefgen.render.pdf_structure`) needs the object numbers of
the catalog, the info dictionary, the pages and their link annotations, and the text of
those dictionaries, to append them changed in an incremental update. Two ways to get them:

- from reportlab's document objects while it serialises: the numbers exist only inside
  ``PDFDocument.format()``, in private attributes, and the dictionaries' text only as its
  own formatting produces it; hooking in would tie tagging to reportlab's internals;
- from the file, whose format is public (ISO 32000-1) and which briefgen controls: reportlab
  writes one classic cross-reference table (``xref``, one subsection, fixed 20-byte
  entries), a ``trailer`` dictionary, every object at generation 0 with uncompressed
  dictionaries (``pageCompression`` compresses stream data only), one ``/Pages`` node whose
  ``/Kids`` are the pages in order, and ``/Annots`` arrays of references.

This module takes the second way, as a reader of exactly that shape rather than of any PDF:
it looks up an object through the table (checking the entry and the ``N 0 obj`` header it
points at), parses one object, and gives a dictionary as its keys with each value's PDF
text kept as written, so an edited dictionary is written back with only the changed
entries new. Anything else (a cross-reference stream, an earlier update, encryption, a
stream where a dictionary was expected, a reference outside the table) raises
:class:`UnexpectedPdf`: a bug in briefgen, never the user's input, reported before a broken
file could be written. It reads only the few objects asked for, so its cost does not grow
with the document's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Entries = dict[str, bytes]
"""A dictionary: each key (its name without the slash, as written) and its value's PDF text."""


class UnexpectedPdf(RuntimeError):
    """The file is not shaped as reportlab writes it: an internal error, never bad input."""

    def __init__(self, message: str) -> None:
        super().__init__(f"the PDF written by reportlab is not as expected: {message}")


@dataclass(frozen=True, slots=True)
class Ref:
    """An indirect reference ``number generation R``."""

    number: int
    generation: int = 0

    def __bytes__(self) -> bytes:
        return b"%d %d R" % (self.number, self.generation)


class Name(str):
    """A PDF name, without its slash, as written."""


_WHITE = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_SKIP = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_NAME = re.compile(rb"/(" + _REGULAR + rb"*)")
_REF = re.compile(rb"(\d+)[" + _WHITE + rb"]+(\d+)[" + _WHITE + rb"]+R(?!" + _REGULAR + rb")")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)(?!" + _REGULAR + rb")")
_KEYWORD = re.compile(rb"(?:true|false|null)(?!" + _REGULAR + rb")")
_HEX = re.compile(rb"<([0-9A-Fa-f" + _WHITE + rb"]*)>")
_ESCAPES = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_SUBSECTION = re.compile(rb"(\d+) (\d+)[ \t]*(?:\r\n|\r|\n)")
_STARTXREF = re.compile(
    rb"startxref[" + _WHITE + rb"]+(\d+)[" + _WHITE + rb"]+%%EOF[" + _WHITE + rb"]*\Z"
)
_HEADER = re.compile(rb"(\d+) (\d+) obj(?!" + _REGULAR + rb")")
_KEYWORDS = {b"true": True, b"false": False, b"null": None}


def _skip(data: bytes, pos: int) -> int:
    match = _SKIP.match(data, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def parse(data: bytes, pos: int = 0) -> tuple[object, int]:
    """The PDF object at ``pos`` (after white space) and the offset just after it.

    Dictionaries come back as :data:`Entries`, arrays as lists, strings as bytes, names as
    :class:`Name`, references as :class:`Ref`, numbers as int or float, ``null`` as None.
    """
    pos = _skip(data, pos)
    if data.startswith(b"<<", pos):
        return _dictionary(data, pos + 2)
    head = data[pos : pos + 1]
    if head == b"[":
        items: list[object] = []
        pos = _skip(data, pos + 1)
        while not data.startswith(b"]", pos):
            item, pos = parse(data, pos)
            items.append(item)
            pos = _skip(data, pos)
        return items, pos + 1
    if head == b"(":
        return _literal(data, pos + 1)
    if head == b"<" and (match := _HEX.match(data, pos)):
        digits = re.sub(rb"[" + _WHITE + rb"]", b"", match[1])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")), match.end()
    if head == b"/" and (match := _NAME.match(data, pos)):
        return Name(match[1].decode("latin-1")), match.end()
    if match := _REF.match(data, pos):
        return Ref(int(match[1]), int(match[2])), match.end()
    if match := _NUMBER.match(data, pos):
        return (float if b"." in match[0] else int)(match[0]), match.end()
    if match := _KEYWORD.match(data, pos):
        return _KEYWORDS[match[0]], match.end()
    raise UnexpectedPdf(f"no PDF object at byte {pos}: {data[pos : pos + 24]!r}")


def _dictionary(data: bytes, pos: int) -> tuple[Entries, int]:
    entries: Entries = {}
    while True:
        pos = _skip(data, pos)
        if data.startswith(b">>", pos):
            return entries, pos + 2
        key = _NAME.match(data, pos)
        if key is None:
            raise UnexpectedPdf(
                f"a dictionary key expected at byte {pos}: {data[pos : pos + 24]!r}"
            )
        name = key[1].decode("latin-1")
        if name in entries:
            raise UnexpectedPdf(f"the key /{name} twice in one dictionary (byte {pos})")
        start = _skip(data, key.end())
        _, pos = parse(data, start)
        entries[name] = data[start:pos]


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string's bytes (escapes decoded), from just after its ``(``."""
    out = bytearray()
    depth = 1
    end = len(data)
    while pos < end:
        byte = data[pos]
        pos += 1
        if byte == 0x5C:  # backslash
            if pos >= end:
                break
            byte = data[pos]
            pos += 1
            if 0x30 <= byte <= 0x37:  # up to three octal digits
                digits = bytes([byte])
                while len(digits) < 3 and pos < end and 0x30 <= data[pos] <= 0x37:
                    digits += data[pos : pos + 1]
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif byte == 0x0D:  # a line continuation
                pos += data.startswith(b"\n", pos)
            elif byte != 0x0A:
                out.append(_ESCAPES.get(byte, byte))
        elif byte == 0x28:
            depth += 1
            out.append(byte)
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(byte)
        elif byte == 0x0D:  # an end of line inside a string reads as one line feed
            pos += data.startswith(b"\n", pos)
            out.append(0x0A)
        else:
            out.append(byte)
    raise UnexpectedPdf("a literal string runs to the end of the file")


def decode_text(value: object) -> str:
    """A text string's characters: UTF-16BE with its byte order mark, or plain ASCII (the
    only two reportlab writes for its own strings)."""
    if not isinstance(value, bytes):
        raise UnexpectedPdf(f"a string expected, not {value!r}")
    try:
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be")
        return value.decode("ascii")
    except UnicodeDecodeError as err:
        raise UnexpectedPdf(f"a text string neither ASCII nor UTF-16: {value!r}") from err


def unparse(entries: Entries) -> bytes:
    """A dictionary written back: each key with its value's text."""
    return (
        b"<< "
        + b" ".join(b"/%s %s" % (k.encode("latin-1"), v) for k, v in entries.items())
        + b" >>"
    )


class PdfFile:
    """The objects of a file as reportlab writes it, read on demand through its
    cross-reference table."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        found = _STARTXREF.search(data, max(0, len(data) - 1024))
        if found is None:
            raise UnexpectedPdf("no startxref and %%EOF at the end")
        self.xref = int(found[1])
        if not data.startswith(b"xref", self.xref):
            raise UnexpectedPdf(f"no classic cross-reference table at byte {self.xref}")
        self._sections: list[tuple[int, int, int]] = []  # first number, count, first entry
        pos = _skip(data, self.xref + 4)
        while (section := _SUBSECTION.match(data, pos)) is not None:
            first, count = int(section[1]), int(section[2])
            self._sections.append((first, count, section.end()))
            pos = _skip(data, section.end() + 20 * count)
        if not self._sections or not data.startswith(b"trailer", pos):
            raise UnexpectedPdf(f"no trailer after the cross-reference table (byte {pos})")
        trailer, _ = parse(data, pos + len(b"trailer"))
        if not isinstance(trailer, dict):
            raise UnexpectedPdf("the trailer is not a dictionary")
        for key in ("Prev", "XRefStm", "Encrypt"):
            if key in trailer:
                raise UnexpectedPdf(f"the trailer has /{key}: not a file reportlab wrote whole")
        self.trailer: Entries = trailer
        self.size = self.integer(trailer, "Size", "the trailer")

    def offset(self, number: int) -> int:
        """Where object ``number`` starts, from its cross-reference entry."""
        for first, count, start in self._sections:
            if first <= number < first + count:
                at = start + 20 * (number - first)
                entry = _ENTRY.fullmatch(self.data, at, at + 20)
                if entry is None or entry[3] != b"n" or entry[2] != b"00000":
                    raise UnexpectedPdf(f"object {number} has no usable entry at byte {at}")
                return int(entry[1])
        raise UnexpectedPdf(f"object {number} is not in the cross-reference table")

    def read(self, ref: Ref) -> object:
        """The object ``ref`` points at, which must not be a stream."""
        if ref.generation != 0:
            raise UnexpectedPdf(f"a reference to generation {ref.generation}: {bytes(ref)!r}")
        at = self.offset(ref.number)
        header = _HEADER.match(self.data, at)
        if header is None or int(header[1]) != ref.number or header[2] != b"0":
            raise UnexpectedPdf(f"object {ref.number}'s entry points at byte {at}, not at it")
        value, end = parse(self.data, header.end())
        if not self.data.startswith(b"endobj", _skip(self.data, end)):
            raise UnexpectedPdf(f"object {ref.number} is a stream or does not end with endobj")
        return value

    def dictionary(self, ref: Ref) -> Entries:
        """The dictionary object ``ref`` points at: a fresh copy the caller may edit."""
        value = self.read(ref)
        if not isinstance(value, dict):
            raise UnexpectedPdf(f"object {ref.number} is not a dictionary")
        return value

    # -- typed values ---------------------------------------------------------------------

    @staticmethod
    def value(entries: Entries, key: str, where: str) -> object:
        if key not in entries:
            raise UnexpectedPdf(f"{where} has no /{key}")
        value, end = parse(entries[key])
        if _skip(entries[key], end) != len(entries[key]):
            raise UnexpectedPdf(f"{where}'s /{key} is more than one object")
        return value

    def ref(self, entries: Entries, key: str, where: str) -> Ref:
        value = self.value(entries, key, where)
        if not isinstance(value, Ref):
            raise UnexpectedPdf(f"{where}'s /{key} is not an indirect reference")
        return value

    def refs(self, entries: Entries, key: str, where: str) -> list[Ref]:
        """An array of indirect references written in the dictionary itself."""
        value = self.value(entries, key, where)
        if not isinstance(value, list) or not all(isinstance(item, Ref) for item in value):
            raise UnexpectedPdf(f"{where}'s /{key} is not an array of indirect references")
        return value

    def name(self, entries: Entries, key: str, where: str) -> Name:
        value = self.value(entries, key, where)
        if not isinstance(value, Name):
            raise UnexpectedPdf(f"{where}'s /{key} is not a name")
        return value

    def integer(self, entries: Entries, key: str, where: str) -> int:
        value = self.value(entries, key, where)
        if not isinstance(value, int) or isinstance(value, bool):
            raise UnexpectedPdf(f"{where}'s /{key} is not an integer")
        return value

    # -- the document ---------------------------------------------------------------------

    def pages(self, catalog: Entries) -> list[tuple[Ref, Entries]]:
        """Every page in order, with its dictionary, from the catalog's page tree."""
        found: list[tuple[Ref, Entries]] = []
        seen: set[int] = set()
        top = self.ref(catalog, "Pages", "the catalog")
        pending = [top]
        while pending:  # depth first, kids in order
            ref = pending.pop()
            if ref.number in seen:
                raise UnexpectedPdf(f"the page tree reaches object {ref.number} twice")
            seen.add(ref.number)
            node = self.dictionary(ref)
            where = f"page tree node {ref.number}"
            kind = self.name(node, "Type", where)
            if kind == "Pages":
                pending.extend(reversed(self.refs(node, "Kids", where)))
            elif kind == "Page":
                found.append((ref, node))
            else:
                raise UnexpectedPdf(f"{where} has /Type /{kind}")
        count = self.integer(self.dictionary(top), "Count", "the page tree")
        if count != len(found):
            raise UnexpectedPdf(f"the page tree counts {count} pages and holds {len(found)}")
        return found


__all__ = ["Entries", "Name", "PdfFile", "Ref", "UnexpectedPdf", "decode_text", "parse", "unparse"]
