"""What the PDF painter tells the tagger: story markers, list labels and artifacts.

The layout tags every block and frame item with its :class:`~briefgen.layout.roles.Role`;
here those tags become structure elements (:mod:`briefgen.render.pdf_tags`). Body blocks
are bracketed by zero-size :class:`Open` / :class:`Close` markers in the story, so an element
goes on across a page break as one element. A list item's paragraph draws its label (a
bullet glyph or a recommendation number) through reportlab's bullet drawing, which is wrapped
here: inside a list item, the label is tagged ``Lbl`` and what follows ``LBody``.

Text whose drawn glyphs do not spell it (shaped Arabic) carries its logical text as
``ActualText``; text in a script the document's language does not write carries that
script's language.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.frames import Frame

from briefgen import fonts
from briefgen.render.pdf_tags import ArtifactKind, Tagger

__all__ = [
    "Close",
    "MarkingDocTemplate",
    "Open",
    "Tagged",
    "artifact",
    "has_label",
    "item_roles",
    "label",
    "text_attrs",
]

# Roles whose paragraph's bullet is a list label.
_ITEMS = frozenset({"LI", "Recommendation"})


def tagger(canvas: Canvas) -> Tagger | None:
    tags = getattr(canvas, "tags", None)
    return tags if isinstance(tags, Tagger) else None


def artifact(canvas: Canvas, kind: ArtifactKind = "layout") -> Any:
    """``with artifact(canvas, "header"):`` draw furniture (no-op on an untagged canvas)."""
    tags = tagger(canvas)
    return nullcontext() if tags is None else tags.artifact(kind)


def text_attrs(text: str, lang: str) -> dict[str, Any]:
    """Attributes of an element holding ``text`` in a document in ``lang``: its logical
    text when it holds Arabic (drawn shaped), and Arabic's language in a document that is
    not Arabic."""
    if not fonts.has_arabic(text):
        return {}
    attrs: dict[str, Any] = {"actual_text": text}
    if lang.split("-")[0] != "ar":
        attrs["lang"] = "ar"
    return attrs


def item_roles(role: str) -> bool:
    return role in _ITEMS


_draw_bullet = rl_paragraph._drawBullet


@contextmanager
def label(canvas: Canvas) -> Iterator[None]:
    """``with label(canvas):`` draw a paragraph's bullet or number, before its text. Inside
    a list item it is the item's ``Lbl``, then ``LBody`` is opened for the paragraph's text
    (closed by the item's :class:`Close`). Every way of drawing a label goes through here:
    reportlab's bullets and the mirrored paragraphs' right-hand ones."""
    tags = tagger(canvas)
    if tags is None or tags._stack[-1].role not in _ITEMS:
        yield
        return
    with tags.tag("Lbl"):
        yield
    _begin_body(tags, canvas)


def has_label(paragraph: Flowable) -> bool:
    """Whether ``paragraph`` draws a label through :func:`label` (a reportlab bullet, or a
    mirrored paragraph's bullet at the right)."""
    return bool(getattr(paragraph, "bulletText", None) or getattr(paragraph, "right_bullet", None))


def _labelled_bullet(canvas: Canvas, *args: Any, **kwargs: Any) -> Any:
    """reportlab's bullet drawing, as a list item's label (what :func:`label` does, without
    its two context managers: a long briefing draws a thousand labels)."""
    tags = tagger(canvas)
    if tags is None or tags._stack[-1].role not in _ITEMS:
        return _draw_bullet(canvas, *args, **kwargs)
    tags.begin("Lbl")
    try:
        made = _draw_bullet(canvas, *args, **kwargs)
    finally:
        tags.end()
    _begin_body(tags, canvas)
    return made


def _begin_body(tags: Tagger, canvas: Canvas) -> None:
    """Open a list item's ``LBody``; with ``nest``, its text is a paragraph of its own
    inside it (an item with children cannot carry its text's actual text itself)."""
    body = dict(canvas.__dict__.pop("briefgen_body", {}))
    nest = body.pop("nest", None)
    if nest is None:
        tags.begin("LBody", **body)
    else:
        tags.begin("LBody")
        tags.begin(nest, **body)


rl_paragraph._drawBullet = _labelled_bullet


def open_body(canvas: Canvas, body: Mapping[str, str]) -> None:
    """Attributes for the ``LBody`` the next label opens (Arabic text)."""
    canvas.briefgen_body = dict(body)


def ensure_body(canvas: Canvas) -> None:
    """Inside a list item whose label was not drawn (the rest of an item split across
    pages, an item without a label): open its ``LBody``."""
    tags = tagger(canvas)
    if tags is not None and tags._stack[-1].role in _ITEMS:
        _begin_body(tags, canvas)


def close(canvas: Canvas, role: str) -> None:
    """End open elements up to and including the innermost ``role``."""
    tags = tagger(canvas)
    if tags is None:
        return
    while True:
        ended = tags._stack[-1].role
        tags.end()
        if ended == role:
            return


class _Marker(Flowable):
    """A zero-size point of the story that only tags: drawn where platypus reaches it, without
    the graphics state a flowable draws in (it draws nothing; ``q 1 0 0 1 x y cm Q`` around
    each of a page's dozens of markers was dead weight)."""

    def __init__(self) -> None:
        super().__init__()
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.mark(canvas)

    def mark(self, canvas: Canvas) -> None:
        raise NotImplementedError


class Open(_Marker):
    """Open a structure element where platypus reaches this point of the story; ``body``:
    attributes of the ``LBody`` a list item's label opens."""

    def __init__(self, role: str, body: dict[str, str] | None = None, **attrs: Any) -> None:
        super().__init__()
        self.element, self.body, self.attrs = role, body or {}, attrs

    def mark(self, canvas: Canvas) -> None:
        tags = tagger(canvas)
        if tags is not None:
            tags.begin(self.element, **self.attrs)
            if self.body:
                open_body(canvas, self.body)


class Close(_Marker):
    """End open elements up to and including the innermost ``role``."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.element = role

    def mark(self, canvas: Canvas) -> None:
        close(canvas, self.element)


class Tagged(Flowable):
    """One flowable as one structure element (each part again, when it splits); for a list
    item, ``body`` are the attributes of the ``LBody`` its label opens."""

    def __init__(
        self,
        inner: Flowable,
        role: str,
        attrs: Mapping[str, str] | None = None,
        body: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.inner, self.element = inner, role
        self.attrs: dict[str, Any] = dict(attrs or {})
        self.body = dict(body or {})
        self._wrapped_at: float | None = None
        self._size = (0.0, 0.0)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # A paragraph's size depends on the width alone, and platypus asks again and again
        # (keep-together groups, then the frame, then a split): break its lines once per width.
        if available_width != self._wrapped_at:
            self._size = self.inner.wrap(available_width, available_height)
            if isinstance(self.inner, rl_paragraph.Paragraph):
                self._wrapped_at = available_width
        self.width, self.height = self._size
        return self._size

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._wrapped_at = None  # a paragraph that cannot split forgets its lines
        parts = self.inner.split(available_width, available_height)
        return [Tagged(part, self.element, self.attrs, self.body) for part in parts]

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        canvas = self.canv
        tags = tagger(canvas)
        if tags is None:
            self.inner.drawOn(canvas, 0, 0)
            return
        tags.begin(self.element, **self.attrs)
        if self.element in _ITEMS:
            open_body(canvas, self.body)
            if not has_label(self.inner):
                ensure_body(canvas)
        self.inner.drawOn(canvas, 0, 0)
        close(canvas, self.element)


@contextmanager
def element(canvas: Canvas, role: str, **attrs: Any) -> Iterator[None]:
    """``with element(canvas, "P"):`` draw content (no-op on an untagged canvas)."""
    tags = tagger(canvas)
    if tags is None:
        yield
        return
    with tags.tag(role, **attrs):
        yield


class MarkingDocTemplate(BaseDocTemplate):
    """reportlab's document template, placing runs of structure markers directly.

    A marker is zero-size, so platypus would place it wherever its frame has any room left,
    draw it, and forget the space after the flowable above it; with most of a story's
    flowables being markers, going through ``handle_flowable`` and ``Frame.add`` for each
    was a large part of laying out a long briefing. Here a run of markers is placed in one
    step with exactly that effect; anything else (and a marker in a full frame, which
    platypus moves to the next frame) takes reportlab's own way.
    """

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if not isinstance(flowables[0], _Marker):
            super().handle_flowable(flowables)
            return
        frame = self.frame
        if (
            type(frame).add is not Frame.add  # a frame that places flowables its own way
            or frame._y - frame._y1p <= 0
            or frame._debug
            or getattr(frame, "_frameBGs", None)
        ):
            super().handle_flowable(flowables)
            return
        canvas = self.canv
        count = 0
        for marker in flowables:
            if not isinstance(marker, _Marker):
                break
            marker.mark(canvas)
            count += 1
            self._curPageFlowableCount += 1
            self.afterFlowable(marker)
        del flowables[:count]
        if frame._oASpace:
            frame._prevASpace = 0
