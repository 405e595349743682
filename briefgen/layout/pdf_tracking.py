"""The PDF's tracking blocks: the last cycle in figures (charts, counts per issue) after the
contents, and the appendix "Recommendations and their implementation" (one table per issue,
its header row repeated on each page) at the end.

Only for a document with tracking data (:attr:`Document.tracking`); format-neutral blocks
(:mod:`briefgen.layout.pdf_blocks`), painted by :mod:`briefgen.render.pdf_tables` and
:mod:`briefgen.render.pdf_charts`.
"""

from __future__ import annotations

from briefgen.layout.document import Document
from briefgen.layout.pdf_blocks import Block, heading
from briefgen.layout.roles import Role
from briefgen.layout.tracking import Counts, Tracked, Tracking, charts, issue_chart
from briefgen.theme import Theme

__all__ = ["matrix_blocks", "matrix_rows", "summary_blocks"]


def _row(cells: list[str], role: Role, style: str) -> Block:
    return Block(Role.TABLE_ROW, children=tuple(Block(role, style, text) for text in cells))


def _counts_row(label: str, counts: Counts, keys: list[str]) -> list[str]:
    return [label, *(str(counts.get(k)) for k in keys), str(counts.total)]


def _counts_table(tracking: Tracking, doc: Document) -> Block:
    """Counts per issue: supported, noted, each status, total (columns not stated: if any)."""
    o = tracking.overall
    keys = [k for k, n in o.response if k or n] + [k for k, n in o.status if k or n]
    keys = [k for k in keys if k] + ([""] if "" in keys and o.get("") else [])
    words = doc.words
    labels = [tracking.label(k) for k in keys]
    header = [words.by_issue, *(t[:1].upper() + t[1:] for t in labels), words.total]
    rows = [_row(header, Role.TABLE_HEADER, "th_count")]
    rows += [
        _row(_counts_row(f"{ic.number}. {ic.title}", ic.counts, keys), Role.TABLE_CELL, "td")
        for ic in tracking.issues
    ]
    rows.append(_row(_counts_row(words.total, o, keys), Role.TABLE_CELL, "th"))
    first = 0.24
    rest = (1 - first) / (len(keys) + 1)
    return Block(Role.TABLE, children=tuple(rows), widths=(first, *([rest] * (len(keys) + 1))))


def summary_blocks(doc: Document, theme: Theme) -> list[Block]:
    """The last cycle in figures: one sentence, the charts, the counts per issue."""
    tracking = doc.tracking
    assert tracking is not None
    words, lay = doc.words, theme.layout.tracking
    colors = dict(lay.colors)
    out = [
        heading("tracking", words.tracking_heading, theme, page_start=True),
        Block(Role.PARAGRAPH, "body", tracking.sentence(words)),
    ]
    out += [Block(Role.FIGURE, chart=c, together=True) for c in charts(tracking, words, colors)]
    if tracking.issues and len(tracking.issues) <= lay.issues_in_chart:
        out.append(Block(Role.FIGURE, chart=issue_chart(tracking, words, colors)))
    out.append(_counts_table(tracking, doc))
    return out


def matrix_rows(recs: tuple[Tracked, ...], tracking: Tracking) -> list[Block]:
    """One table row per previous recommendation: ref, text (with the evidence and its source
    under it), states, response, status."""
    rows = []
    for r in recs:
        status = tracking.label(r.status)
        note = " – ".join(x for x in (r.evidence, r.source) if x)
        evidence = (Block(Role.NOTE, "td_note", f"({note})"),) if note else ()
        cells = (
            Block(Role.TABLE_CELL, "td", r.ref),
            Block(Role.TABLE_CELL, "td", r.text, children=evidence),
            Block(Role.TABLE_CELL, "td", ", ".join(r.states)),
            Block(Role.TABLE_CELL, "td", tracking.label(r.response)),
            Block(Role.TABLE_CELL, "td", status),
        )
        rows.append(Block(Role.TABLE_ROW, children=cells))
    return rows


def matrix_blocks(doc: Document, theme: Theme) -> list[Block]:
    """The appendix: for each issue with previous recommendations, its heading and table."""
    tracking = doc.tracking
    assert tracking is not None
    words = doc.words
    header = _row(
        [words.col_ref, words.col_text, words.col_states, words.col_response, words.col_status],
        Role.TABLE_HEADER,
        "th",
    )
    widths = tuple(theme.layout.tracking.columns)
    out = [heading("matrix", words.matrix_heading, theme, page_start=True)]
    by_issue: dict[int, list[Tracked]] = {}
    for r in tracking.recs:
        by_issue.setdefault(r.issue, []).append(r)
    for issue in doc.issues:
        recs = tuple(by_issue.get(issue.number, ()))
        if not recs:
            continue
        out.append(Block(Role.H2, "h2", issue.heading, keep_with_next=True))
        rows = (header, *matrix_rows(recs, tracking))
        out.append(Block(Role.TABLE, children=rows, widths=widths))
    return out
