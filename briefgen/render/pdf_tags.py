"""Tagged PDF while drawing: marked content, artifacts and the logical structure.

reportlab writes no structure tree. A painter drawing on a :class:`TaggedCanvas` says what it
draws: ``tags.begin(role)`` ... ``tags.end()`` around real content, ``with tags.artifact():``
around running headers, footers, rules and backgrounds. The :class:`Tagger` writes the
marked-content operators (``/P <</MCID 3>> BDC`` ... ``EMC``, ``/Artifact BMC`` ... ``EMC``)
into the page streams as they are drawn and records the structure elements in order; when
the canvas is saved, :mod:`briefgen.render.pdf_structure` turns the record into the
structure tree, the parent tree and the PDF/UA metadata.

Grouping roles (``Document``, ``L``, ``LI``, ``Table``, ``TR``, ``TOC``...) hold only other
elements; every other role owns the content drawn while it is the innermost open element.
A marked-content sequence is opened lazily and dropped again when nothing was drawn in it, so
a paragraph interrupted by a nested span or a page break never leaves empty sequences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from briefgen.layout.roles import STANDARD

# PDF 1.7 standard structure types (ISO 32000-1, 14.8.4): PDF/UA-1 requires every role used
# to be one of these or role-mapped to one.
STANDARD_TYPES: frozenset[str] = frozenset(
    """Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2
    H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
    BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""".split()  # noqa: SIM905
)

# Roles that only group other elements and never own drawn content themselves.
GROUPING: frozenset[str] = frozenset(
    "Document Part Art Sect Div BlockQuote L LI Table THead TBody TFoot TR TOC TOCI".split()  # noqa: SIM905
)

# How the briefing's own roles map to standard types: the layout vocabulary plus the document
# title (PDF 1.7 has no Title type; it is the top heading).
ROLE_MAP: dict[str, str] = {"Title": "H1", **{role.value: kind for role, kind in STANDARD.items()}}

ArtifactKind = Literal["header", "footer", "layout", "background", "page"]
Scope = Literal["Row", "Column", "Both"]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
_ARTIFACT: dict[str, str] = {
    "header": "/Artifact <</Type /Pagination /Subtype /Header>> BDC",
    "footer": "/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
    "page": "/Artifact <</Type /Pagination>> BDC",
    "layout": "/Artifact <</Type /Layout>> BDC",
    "background": "/Artifact <</Type /Background>> BDC",
}


@dataclass(frozen=True, slots=True)
class Marked:
    """A marked-content sequence: its page (from 1) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """A link annotation: its page (from 1) and its index in that page's annotations."""

    page: int
    index: int


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: its role and attributes, its kids in reading order."""

    role: str
    lang: str | None = None
    alt: str | None = None
    actual_text: str | None = None
    scope: Scope | None = None
    kids: list[Element | Marked | Annotation] = field(default_factory=list)

    def walk(self) -> Iterator[Element]:
        """This element and its descendants, depth first in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself (info dictionary and XMP metadata)."""

    title: str
    lang: str
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    creator: str = ""
    created: dt.datetime | None = None  # timezone-aware (see pdf_structure.creation_date)


@dataclass(slots=True)
class _Open:
    element: Element
    code: list[str]
    index: int
    page: int
    mcid: int


class Tagger:
    """Records the structure of a document while a :class:`TaggedCanvas` draws it."""

    def __init__(self, meta: Metadata, role_map: Mapping[str, str] | None = None) -> None:
        self.meta = meta
        self.role_map = dict(ROLE_MAP if role_map is None else role_map)
        for role, kind in self.role_map.items():
            if not _NAME.match(role) or kind not in STANDARD_TYPES:
                raise ValueError(f"cannot role-map {role!r} to {kind!r}")
        self.root = Element("Document")
        self._stack = [self.root]
        self._canvas: Canvas | None = None
        self._open: _Open | None = None
        self._artifacts = 0
        self._mcids: dict[int, int] = {}  # page -> next MCID

    # -- the painter's API ----------------------------------------------------------------

    def begin(
        self,
        role: str,
        *,
        lang: str | None = None,
        alt: str | None = None,
        actual_text: str | None = None,
        scope: Scope | None = None,
    ) -> None:
        """Open a structure element inside the current one; what is drawn next belongs to it.

        ``lang`` when its language differs from the document's, ``alt`` for figures and links,
        ``actual_text`` when the drawn glyphs do not spell the text (shaped Arabic), ``scope``
        for table header cells.
        """
        if role not in STANDARD_TYPES and role not in self.role_map:
            raise ValueError(f"{role!r} is neither a standard structure type nor role-mapped")
        parent = self._stack[-1]
        if parent.actual_text is not None:
            raise ValueError(f"{parent.role} has actual text: it cannot hold {role}")
        if self._artifacts:
            raise ValueError(f"{role} inside an artifact")
        self._close()
        element = Element(role, lang=lang, alt=alt, actual_text=actual_text, scope=scope)
        parent.kids.append(element)
        self._stack.append(element)
        self._reopen()

    def end(self) -> None:
        """Close the innermost open element."""
        if len(self._stack) == 1:
            raise ValueError("end() without begin()")
        if self._artifacts:
            raise ValueError("end() inside an artifact")
        self._close()
        self._stack.pop()
        self._reopen()

    @contextmanager
    def tag(
        self,
        role: str,
        *,
        lang: str | None = None,
        alt: str | None = None,
        actual_text: str | None = None,
        scope: Scope | None = None,
    ) -> Iterator[Element]:
        """``begin`` ... ``end`` as a context."""
        self.begin(role, lang=lang, alt=alt, actual_text=actual_text, scope=scope)
        try:
            yield self._stack[-1]
        finally:
            self.end()

    @contextmanager
    def artifact(self, kind: ArtifactKind = "layout") -> Iterator[None]:
        """Draw something that is not content (running header or footer, rule, background)."""
        self._close()
        code = self._code()
        code.append(_ARTIFACT[kind])
        self._artifacts += 1
        try:
            yield
        finally:
            self._artifacts -= 1
            code.append("EMC")
            self._reopen()

    def link(self) -> None:
        """Attach the link annotation just made (``canvas.linkRect``/``linkURL``) to the
        current element, which must be a ``Link``."""
        canvas = self._require_canvas()
        element = self._stack[-1]
        if self.role_map.get(element.role, element.role) != "Link":
            raise ValueError(f"link() inside {element.role}, not Link")
        refs = canvas._annotationrefs
        if not refs:
            raise ValueError("link() without an annotation on this page")
        element.kids.append(Annotation(canvas.getPageNumber(), len(refs) - 1))

    # -- the canvas's hooks ---------------------------------------------------------------

    def attach(self, canvas: Canvas) -> None:
        self._canvas = canvas

    def page_end(self) -> None:
        """Before a page is finished: close its open marked content."""
        if self._artifacts:
            raise ValueError("a page ended inside an artifact")
        self._close()

    def page_start(self) -> None:
        """After a new page is begun: the element open across the break continues."""
        self._reopen()

    def finish(self) -> Element:
        """The structure of the whole document; every element must be closed."""
        self._close()
        if len(self._stack) > 1:
            raise ValueError(f"{self._stack[-1].role} was never ended")
        return self.root

    # -- marked content -------------------------------------------------------------------

    def _require_canvas(self) -> Canvas:
        if self._canvas is None:
            raise ValueError("the tagger is not attached to a canvas")
        return self._canvas

    def _code(self) -> list[str]:
        code: list[str] = self._require_canvas()._code
        return code

    def _reopen(self) -> None:
        """Open a marked-content sequence for the innermost element if it owns content."""
        element = self._stack[-1]
        if self.role_map.get(element.role, element.role) in GROUPING or self._canvas is None:
            return
        page = self._canvas.getPageNumber()
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        code = self._code()
        operators = f"/{element.role} <</MCID {mcid}>> BDC"
        if element.actual_text is not None:
            # Also in the stream, as the span text extractors read (poppler, Acrobat), around
            # the sequence so that its characters keep their MCID (pdfplumber);
            # said once, by the element's first sequence.
            said = any(isinstance(kid, Marked) for kid in element.kids)
            spoken = pdf_text("" if said else element.actual_text)
            operators = f"/Span <</ActualText {spoken}>> BDC\n{operators}"
        code.append(operators)
        self._open = _Open(element, code, len(code) - 1, page, mcid)

    def _close(self) -> None:
        """Close the open sequence; one in which nothing was drawn is taken back."""
        open_, self._open = self._open, None
        if open_ is None:
            return
        if len(open_.code) == open_.index + 1:
            open_.code.pop()
            self._mcids[open_.page] = open_.mcid  # it was the last MCID handed out
            return
        open_.code.append("EMC" if open_.element.actual_text is None else "EMC\nEMC")
        open_.element.kids.append(Marked(open_.page, open_.mcid))


def pdf_text(value: str) -> str:
    """A PDF text string: UTF-16BE with its byte order mark, in hex."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def pdf_string(value: str) -> str:
    """A PDF text string as written in a dictionary: printable ASCII as a literal string
    (``\\``, ``(`` and ``)`` escaped), anything else as :func:`pdf_text`."""
    if value.isascii() and value.isprintable():
        escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"({escaped})"
    return pdf_text(value)


class TaggedCanvas(Canvas):
    """A reportlab canvas that tags what it draws and writes a tagged PDF/UA-1 file at save.

    ``TaggedCanvas(target, ..., tagger=Tagger(meta))``: draw through ``canvas.tags``.
    """

    def __init__(self, *args: Any, tagger: Tagger, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tags = tagger
        tagger.attach(self)

    def showPage(self) -> None:
        self.tags.page_end()
        super().showPage()
        self.tags.page_start()

    def save(self) -> None:
        from briefgen.render.pdf_structure import tag_pdf

        data = tag_pdf(self.getpdfdata(), self.tags)
        target = self._filename
        if isinstance(target, str | Path):
            Path(target).write_bytes(data)
        else:
            stream: BinaryIO = target
            stream.write(data)


class Artifact(Flowable):
    """A flowable drawn as an artifact (a rule, a decorative band): not content."""

    def __init__(self, inner: Flowable, kind: ArtifactKind = "layout") -> None:
        super().__init__()
        self.inner = inner
        self.kind = kind

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        with self.canv.tags.artifact(self.kind):
            self.inner.drawOn(self.canv, 0, 0)


__all__ = [
    "GROUPING",
    "ROLE_MAP",
    "STANDARD_TYPES",
    "Annotation",
    "Artifact",
    "Element",
    "Marked",
    "Metadata",
    "TaggedCanvas",
    "Tagger",
    "pdf_string",
    "pdf_text",
]
