"""Table blocks (the implementation matrix, counts per issue) as platypus tables.

A ``Role.TABLE`` block holds ``TABLE_ROW`` blocks of ``TABLE_HEADER`` / ``TABLE_CELL`` blocks;
the first row is the header, repeated at the top of each page the table continues on. Cells
wrap; column widths are the block's shares of the frame width. Colours and sizes come from
the theme (header tint: ``panel``, lines: ``rule``).

Tagged, a table is ``Table`` > ``TR`` > ``TH`` (scope ``Column``) / ``TD``, each cell's text
one marked-content sequence of its own; tints and lines are artifacts, and so is the header
row repeated at the top of a continued table (it is content once, where the table starts).
The cells are tagged through reportlab's table drawing callback (``renderCB``).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table, TableStyle

from briefgen.layout.pdf_blocks import Block
from briefgen.render.pdf_bidi import is_rtl_text
from briefgen.render.pdf_fonts import FALLBACK, Look, para
from briefgen.render.pdf_marks import tagger, text_attrs

__all__ = ["TableStyles", "table"]


class TableStyles:
    """The cell paragraph styles, built once per render."""

    def __init__(self, look: Look) -> None:
        small = look.sizes.small
        self.th = look.style("th", small, font=look.faces.bold, color=look.heading)
        self.td = look.style("td", small)
        self.td_note = look.style("td_note", small * 0.9, color=look.muted)
        # column heads of narrow number columns: words wrap whole, never inside
        self.th_count = self.th.clone("th_count", fontSize=small * 0.9, splitLongWords=0)

    def get(self, name: str) -> ParagraphStyle:
        found = getattr(self, name)
        assert isinstance(found, ParagraphStyle), name
        return found


def _cell(block: Block, styles: TableStyles, width: float) -> list[Flowable] | str:
    """A cell as lines of plain text when its font has every glyph and it reads left to
    right (a table draws those fast), else as paragraphs (fallback fonts, Arabic)."""
    texts = [block.text, *(c.text for c in block.children)]
    fallback = FALLBACK.get()
    if any(is_rtl_text(t) or (fallback is not None and fallback.needed(t)) for t in texts):
        out: list[Flowable] = [para(block.text, styles.get(block.style))]
        out += [para(c.text, styles.get(c.style)) for c in block.children]
        return out
    style = styles.get(block.style)
    lines: list[str] = []
    for text in texts:
        lines += simpleSplit(text, style.fontName, style.fontSize, width) or [""]
    return "\n".join(lines)


# A cell's structure element: its role and attributes.
CellTag = tuple[str, dict[str, Any]]


class TaggedTable(Table):
    """A table that knows each row's cell elements; ``None`` for a repeated header row (an
    artifact). Splitting keeps the rows' elements with the rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows_tags: list[list[CellTag] | None] = []
        self.row: list[CellTag] | None = None  # the row being drawn
        self.held: ExitStack | None = None  # the artifact or cell being drawn

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(available_width, available_height)
        if len(parts) != 2 or not all(isinstance(p, TaggedTable) for p in parts):
            return parts
        first, rest = parts
        assert isinstance(first, TaggedTable) and isinstance(rest, TaggedTable)
        n = len(first._cellvalues)
        repeated = len(rest._cellvalues) - (len(self.rows_tags) - n)
        first.rows_tags = self.rows_tags[:n]
        header: list[list[CellTag] | None] = [None] * repeated
        rest.rows_tags = header + self.rows_tags[n:]
        return parts


def _tag_cells(made: Table, event: str, *args: Any) -> None:
    """reportlab's table drawing callback: rows and cells as elements, the rest artifacts."""
    tags = tagger(made.canv)
    if tags is None or not isinstance(made, TaggedTable):
        return
    if event in ("startBG", "startLines"):
        made.held = ExitStack()
        made.held.enter_context(tags.artifact("layout"))
    elif event in ("endBG", "endLines", "endCell") and made.held is not None:
        made.held.close()
        made.held = None
    elif event == "startRow":
        made.row = made.rows_tags[args[0]]
        if made.row is not None:
            tags.begin("TR")
    elif event == "endRow" and made.row is not None:
        tags.end()
    elif event == "startCell":
        made.held = ExitStack()
        if made.row is None:
            made.held.enter_context(tags.artifact("page"))
        else:
            role, attrs = made.row[args[1]]
            made.held.enter_context(tags.tag(role, **attrs))


def _cell_tag(block: Block, lang: str) -> CellTag:
    text = " ".join([block.text, *(c.text for c in block.children)])
    attrs = text_attrs(text, lang) if lang else {}
    if block.role.value == "TH":
        return "TH", {"scope": "Column", **attrs}
    return "TD", attrs


def table(block: Block, look: Look, styles: TableStyles, width: float, lang: str = "") -> Table:
    """The block's rows as one table, header repeated, long cells wrapped; ``lang``: the
    document's language (cells in another script carry theirs)."""
    pad = look.theme.layout.tracking.cell_padding * look.sizes.small
    line = look.lay.rule * look.sizes.small
    widths = [share * width for share in block.widths]
    rows = [
        [_cell(c, styles, w - 2 * pad) for c, w in zip(row.children, widths, strict=True)]
        for row in block.children
    ]
    made = TaggedTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", renderCB=_tag_cells)
    made.rows_tags = [[_cell_tag(c, lang) for c in row.children] for row in block.children]
    plain = [(k, row.children[0].style) for k, row in enumerate(block.children) if row.children]
    looks = []
    for k, name in plain:  # how plain-text rows are set: their cells' paragraph style
        st = styles.get(name)
        looks += [
            ("FONTNAME", (0, k), (-1, k), st.fontName),
            ("FONTSIZE", (0, k), (-1, k), st.fontSize),
            ("LEADING", (0, k), (-1, k), st.leading),
            ("TEXTCOLOR", (0, k), (-1, k), st.textColor),
        ]
    made.setStyle(
        TableStyle(
            [
                *looks,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("BACKGROUND", (0, 0), (-1, 0), look.panel),
                ("LINEBELOW", (0, 0), (-1, -1), line, look.rule),
                ("LINEABOVE", (0, 0), (-1, 0), line, look.rule),
            ]
        )
    )
    made.spaceAfter = look.lay.paragraph_after * look.sizes.body
    return made
