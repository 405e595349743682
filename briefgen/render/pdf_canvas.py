"""reportlab building blocks for the PDF briefing that need one-pass, deferred numbers.

The page total ("page 3 of 9") and the page numbers in the contents are only known once
the last page is laid out. Rather than laying the document out twice (``multiBuild``) or
keeping every page in memory until the end (the classic "NumberedCanvas"), each page and
each contents line draws a *named form XObject* whose content is defined in ``save()``,
when the totals are known. PDF allows a form to be referenced before it is defined, so one
layout pass is enough and pages are flushed as they are finished.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph


@dataclass(frozen=True)
class TextLook:
    """Font, size and colour of a piece of text drawn directly on the canvas."""

    font: str
    size: float
    color: Color


@dataclass
class Deferred:
    """What ``save()`` must fill in: page totals and the pages of contents targets."""

    page_look: TextLook
    number_look: TextLook
    page_format: Callable[[int, int], str]
    footer_pages: list[int] = field(default_factory=list)
    target_pages: dict[str, int] = field(default_factory=dict)
    contents_keys: list[str] = field(default_factory=list)


def _page_form(page: int) -> str:
    return f"briefgenPage{page}"


def _target_form(key: str) -> str:
    return f"briefgenTarget{key}"


class DeferredCanvas(Canvas):
    """A canvas whose footers and contents numbers are completed when the document is saved."""

    def __init__(self, *args: Any, deferred: Deferred, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deferred = deferred
        self.pages_done = 0
        self.showOutline()

    def showPage(self) -> None:
        self.pages_done += 1
        super().showPage()

    def draw_page_total(self, x: float, y: float) -> None:
        """Draw "page X of Y" right-aligned at (x, y); the text is written in save()."""
        page = self.getPageNumber()
        self.deferred.footer_pages.append(page)
        self._draw_form(_page_form(page), x, y)

    def draw_target_page(self, key: str, x: float, y: float) -> None:
        """Draw the page number of bookmark ``key`` right-aligned at (x, y)."""
        self.deferred.contents_keys.append(key)
        self._draw_form(_target_form(key), x, y)

    def mark_target(self, key: str, title: str) -> None:
        """Bookmark the current position: outline entry, link destination, contents page."""
        self.bookmarkHorizontal(key, 0, 0)
        self.addOutlineEntry(title, key, level=0)
        self.deferred.target_pages[key] = self.getPageNumber()

    def _draw_form(self, name: str, x: float, y: float) -> None:
        self.saveState()
        self.translate(x, y)
        self.doForm(name)
        self.restoreState()

    def save(self) -> None:
        if self._code:
            self.showPage()
        d = self.deferred
        total = self.pages_done
        for page in d.footer_pages:
            self._define_text_form(_page_form(page), d.page_format(page, total), d.page_look)
        for key in dict.fromkeys(d.contents_keys):
            number = d.target_pages.get(key)
            self._define_text_form(
                _target_form(key), "" if number is None else str(number), d.number_look
            )
        super().save()

    def _define_text_form(self, name: str, text: str, look: TextLook) -> None:
        width, height = self._pagesize
        self.beginForm(name, lowerx=-width, lowery=-height, upperx=width, uppery=height)
        self.setFont(look.font, look.size)
        self.setFillColor(look.color)
        self.drawRightString(0, 0, text)
        self.endForm()


class Anchor(Flowable):
    """Zero-size marker placed before a heading: outline entry and link target."""

    def __init__(self, key: str, title: str, space_before: float = 0) -> None:
        super().__init__()
        self.key = key
        self.title = title
        self.spaceBefore = space_before
        self.width = self.height = 0

    def getSpaceBefore(self) -> float:
        return self.spaceBefore

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        if isinstance(canvas, DeferredCanvas):
            canvas.mark_target(self.key, self.title)


class ContentsEntry(Flowable):
    """One clickable contents line: wrapped title, dot leader, deferred page number."""

    def __init__(
        self,
        key: str,
        title: Paragraph,
        number: TextLook,
        leader: Color,
        number_room: float,
        dots: tuple[float, float, float],
    ) -> None:
        """``dots``: the leader's dot radius, dot spacing and clearance around it, as
        multiples of the number's size."""
        super().__init__()
        self.dot, self.gap, self.clearance = dots
        self.key = key
        self.title = title
        self.number = number
        self.leader = leader
        self.number_room = number_room

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        text_width = available_width - self.number_room - self.clearance * self.number.size
        _, height = self.title.wrap(text_width, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.title.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.title.getSpaceAfter()

    def draw(self) -> None:
        canvas = self.canv
        style = self.title.style
        self.title.drawOn(canvas, 0, 0)
        lines = self.title.getActualLineWidths0()
        baseline = self.height - style.fontSize - (len(lines) - 1) * style.leading
        size = self.number.size
        start = style.leftIndent + (lines[-1] if lines else 0) + self.clearance * size
        end = self.width - self.number_room - self.clearance * size
        if end > start:
            canvas.saveState()
            canvas.setStrokeColor(self.leader)
            canvas.setLineWidth(self.dot * size * 2)
            canvas.setLineCap(1)
            canvas.setDash([0, self.gap * size])
            canvas.line(start, baseline, end, baseline)
            canvas.restoreState()
        if isinstance(canvas, DeferredCanvas):
            canvas.draw_target_page(self.key, self.width, baseline)
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)


class Card(Flowable):
    """Flowables on a tinted panel with an accent bar at the left; splits across pages."""

    def __init__(
        self,
        content: Sequence[Flowable],
        *,
        padding: float,
        fill: Color,
        bar: Color,
        bar_width: float,
        space_after: float,
        page_height: float,
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.page_height = page_height
        self.padding = padding
        self.fill = fill
        self.bar = bar
        self.bar_width = bar_width
        self.spaceAfter = space_after
        self._placed: list[tuple[Flowable, float]] = []

    def _inner_width(self, available_width: float) -> float:
        return available_width - 2 * self.padding - self.bar_width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        inner = self._inner_width(available_width)
        y = self.padding
        placed: list[tuple[Flowable, float]] = []
        for i, item in enumerate(self.content):
            if i:
                y += item.getSpaceBefore()
            _, h = item.wrap(inner, available_height)
            placed.append((item, y + h))
            y += h
            if i < len(self.content) - 1:
                y += item.getSpaceAfter()
        self._placed = placed
        self.width, self.height = available_width, y + self.padding
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """Move a card that fits on a page; split one taller than a page between its lines."""
        self.wrap(available_width, available_height)
        if self.height <= self.page_height:
            return []
        inner = self._inner_width(available_width)
        room = available_height - 2 * self.padding
        y = 0.0
        for i, item in enumerate(self.content):
            before = item.getSpaceBefore() if i else 0.0
            _, h = item.wrap(inner, room)
            if y + before + h <= room:
                y += before + h + item.getSpaceAfter()
                continue
            parts = item.split(inner, room - y - before) if room - y - before > 0 else []
            head = self.content[:i] + parts[:1]
            tail = parts[1:] + self.content[i + 1 :]
            if not parts:
                head, tail = self.content[:i], self.content[i:]
            if not head or not tail:
                return []
            return [self._with(head, 0), self._with(tail, self.spaceAfter)]
        return []

    def _with(self, content: Sequence[Flowable], space_after: float) -> Card:
        return Card(
            content,
            padding=self.padding,
            fill=self.fill,
            bar=self.bar,
            bar_width=self.bar_width,
            space_after=space_after,
            page_height=self.page_height,
        )

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.fill)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(self.bar)
        canvas.rect(0, 0, self.bar_width, self.height, stroke=0, fill=1)
        canvas.restoreState()
        x = self.bar_width + self.padding
        for item, bottom in self._placed:
            item.drawOn(canvas, x, self.height - bottom)


class FullPage(Flowable):
    """A flowable that takes its whole frame and paints with page coordinates."""

    def __init__(self, paint: Callable[[Canvas, float, float], None], origin: tuple[float, float]):
        super().__init__()
        self.paint = paint
        self.origin = origin

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(-self.origin[0], -self.origin[1])
        self.paint(canvas, self.width, self.height)
        canvas.restoreState()


def text_width(text: str, look: TextLook) -> float:
    """Width of ``text`` in ``look``, for aligning what is drawn straight on the canvas."""
    return stringWidth(text, look.font, look.size)
