"""What tagging costs inside a real PDF build.

Usage: python bench/tags_build.py BRIEFING.yaml [--runs 3]

Builds the briefing's PDF (handout included) in this process and times the whole render,
and, inside it, every call into the tagging code: the tagger's ``begin``/``end``/
``artifact``/``link`` (marked-content operators and the record of the structure), the
label drawing wrapped for ``Lbl``/``LBody``, and ``tag_pdf`` at save (structure tree,
parent tree, metadata, the incremental update). Prints the best of ``--runs`` runs of each
and the share. Make the input with ``python bench/generate.py 1000 big.yaml``.
"""

from __future__ import annotations

import argparse
import functools
import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import briefgen
from briefgen.build import Options, resolve_theme
from briefgen.layout.document import build_document
from briefgen.layout.pdf_pages import layout_pdf
from briefgen.render import pdf, pdf_marks, pdf_structure, pdf_tags

SPENT = [0.0]


def timed(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[0] += time.perf_counter() - start

    return wrapper


def _instrument() -> None:
    tagger = pdf_tags.Tagger
    for name in ("begin", "end", "link", "page_end", "page_start", "_close", "_reopen"):
        setattr(tagger, name, timed(getattr(tagger, name)))
    artifact = tagger.artifact

    def timed_artifact(self: pdf_tags.Tagger, kind: Any = "layout") -> Any:
        start = time.perf_counter()
        context = artifact(self, kind)
        context.__enter__()
        SPENT[0] += time.perf_counter() - start
        return _Exit(context)

    tagger.artifact = timed_artifact  # type: ignore[method-assign,assignment]
    pdf_structure.tag_pdf = timed(pdf_structure.tag_pdf)


class _Exit:
    def __init__(self, context: Any) -> None:
        self.context = context

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        start = time.perf_counter()
        self.context.__exit__(*exc)
        SPENT[0] += time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("briefing", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    briefing = briefgen.load(args.briefing)
    theme = resolve_theme(briefing, None)
    options = Options(handout=True)
    document = build_document(briefing, theme, None)
    pages = layout_pdf(document, theme, options)
    _instrument()
    assert pdf_marks.Tagged  # the markers and wrappers are part of the render measured
    best_total, best_tags, page_count = float("inf"), float("inf"), 0
    for _ in range(args.runs):
        SPENT[0] = 0.0
        start = time.perf_counter()
        result = pdf.render(document, theme, io.BytesIO(), options, pages)
        total = time.perf_counter() - start
        best_total, best_tags = min(best_total, total), min(best_tags, SPENT[0])
        page_count = int(str(result["pages"]))
    print(f"{args.briefing.name}: {page_count} pages")
    print(f"PDF render (layout done): {best_total:.2f} s (best of {args.runs})")
    print(f"tagging inside it:        {best_tags:.2f} s ({100 * best_tags / best_total:.1f} %)")


if __name__ == "__main__":
    main()
