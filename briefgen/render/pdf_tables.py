"""Table blocks (the implementation matrix, counts per issue) as platypus tables.

A ``Role.TABLE`` block holds ``TABLE_ROW`` blocks of ``TABLE_HEADER`` / ``TABLE_CELL`` blocks;
the first row is the header, repeated at the top of each page the table continues on. Cells
wrap; column widths are the block's shares of the frame width. Colours and sizes come from
the theme (header tint: ``panel``, lines: ``rule``).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table, TableStyle

from briefgen.layout.pdf_blocks import Block
from briefgen.render.pdf_bidi import is_rtl_text
from briefgen.render.pdf_fonts import FALLBACK, Look, para

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


def table(block: Block, look: Look, styles: TableStyles, width: float) -> Table:
    """The block's rows as one table, header repeated, long cells wrapped."""
    pad = look.theme.layout.tracking.cell_padding * look.sizes.small
    line = look.lay.rule * look.sizes.small
    widths = [share * width for share in block.widths]
    rows = [
        [_cell(c, styles, w - 2 * pad) for c, w in zip(row.children, widths, strict=True)]
        for row in block.children
    ]
    made = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
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
