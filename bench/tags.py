"""What tagging costs: the marked content while drawing and the structure tree at save.

Usage: python bench/tags.py BRIEFING.pdf [--per-page 40]

Takes a PDF briefgen already wrote (e.g. the 1,000-issue build from ``bench/generate.py``),
records a structure of ``--per-page`` marked-content sequences on every page through the
:class:`~briefgen.render.pdf_tags.Tagger` (as lists: ``L > LI > Lbl + LBody``, one list per
page, a heading and paragraphs; about what the briefing's pages hold), and times

- drawing: the ``begin``/``end`` calls with their marked-content operators, per page;
- saving: :func:`~briefgen.render.pdf_structure.tag_pdf` on the real file, i.e. opening it
  with pikepdf, writing the structure tree, parent tree and metadata, and saving it again.

Compare the sum with the time of ``briefgen build --pdf`` of the same input, measured on the
same machine at the same time (the README's figure).
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from briefgen.render.pdf_structure import tag_pdf
from briefgen.render.pdf_tags import Metadata, Tagger


class _Untagged(Tagger):
    """The same drawing without tags: the baseline."""

    def begin(self, role: str, **_: object) -> None:
        pass

    def end(self) -> None:
        pass

    def page_end(self) -> None:
        pass

    def page_start(self) -> None:
        pass


def record(pages: int, per_page: int, tagged: bool = True) -> tuple[Tagger, float]:
    """A tagger that drew ``per_page`` sequences on each of ``pages`` pages; seconds taken."""
    meta = Metadata(title="Benchmark", lang="en")
    tagger = Tagger(meta) if tagged else _Untagged(meta)
    canvas = Canvas(io.BytesIO(), invariant=1)
    tagger.attach(canvas)
    start = time.perf_counter()
    for _ in range(pages):
        with tagger.artifact("header"):
            canvas.drawString(0, 0, "header")
        tagger.begin("H2")
        canvas.drawString(0, 0, "heading")
        tagger.end()
        tagger.begin("L")
        for _ in range((per_page - 1) // 2):
            tagger.begin("LI")
            tagger.begin("Lbl")
            canvas.drawString(0, 0, "1.1")
            tagger.end()
            tagger.begin("LBody")
            canvas.drawString(0, 0, "text")
            tagger.end()
            tagger.end()
        tagger.end()
        tagger.page_end()
        canvas.showPage()
        tagger.page_start()
    return tagger, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--per-page", type=int, default=40)
    args = parser.parse_args()
    data = args.pdf.read_bytes()
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    # The best of three runs each: the machine's other load only ever adds time.
    drawing = min(record(pages, args.per_page)[1] for _ in range(3))
    baseline = min(record(pages, args.per_page, tagged=False)[1] for _ in range(3))
    saving = float("inf")
    for _ in range(3):
        tagger, _ = record(pages, args.per_page)
        start = time.perf_counter()
        out = tag_pdf(data, tagger)
        saving = min(saving, time.perf_counter() - start)
    elements = sum(1 for _ in tagger.root.walk())
    print(f"{pages} pages, {elements} structure elements")
    print(f"drawing (marked content): {drawing - baseline:.3f} s")
    print(f"saving (structure tree):  {saving:.3f} s")
    print(f"size: {len(data):,} -> {len(out):,} bytes")


if __name__ == "__main__":
    main()
