"""Table blocks (the implementation matrix, counts per issue) as platypus tables.

A ``Role.TABLE`` block holds ``TABLE_ROW`` blocks of ``TABLE_HEADER`` / ``TABLE_CELL`` blocks;
the first row is the header, repeated at the top of each page the table continues on. Cells
wrap; column widths are the block's shares of the frame width. Colours and sizes come from
the theme (header tint: ``panel``, lines: ``rule``).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from briefgen.layout.pdf_blocks import Block
from briefgen.render.pdf_fonts import Look, para

__all__ = ["TableStyles", "table"]


class TableStyles:
    """The cell paragraph styles, built once per render."""

    def __init__(self, look: Look) -> None:
        small = look.sizes.small
        self.th = look.style("th", small, font=look.faces.bold, color=look.heading)
        self.td = look.style("td", small)
        self.td_note = look.style("td_note", small * 0.9, color=look.muted)

    def get(self, name: str) -> ParagraphStyle:
        found = getattr(self, name)
        assert isinstance(found, ParagraphStyle), name
        return found


def _cell(block: Block, styles: TableStyles) -> list[Flowable]:
    out: list[Flowable] = [para(block.text, styles.get(block.style))]
    out += [para(c.text, styles.get(c.style)) for c in block.children]
    return out


def table(block: Block, look: Look, styles: TableStyles, width: float) -> Table:
    """The block's rows as one table, header repeated, long cells wrapped."""
    rows = [[_cell(c, styles) for c in row.children] for row in block.children]
    pad = look.theme.layout.tracking.cell_padding * look.sizes.small
    line = look.lay.rule * look.sizes.small
    widths = [share * width for share in block.widths]
    made = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    made.setStyle(
        TableStyle(
            [
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
