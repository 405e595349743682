"""The members list in balanced columns (briefgen.render.pdf_columns), read back from the PDF."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pytest

import briefgen
from briefgen.build import Options, build_bytes

MEMBER = "Public association number {n:03d} of the coalition"


def _pdf(members: int, language: str = "en", rtl_text: bool = False) -> bytes:
    name = "جمعية عامة رقم {n:03d}" if rtl_text else MEMBER
    data: dict[str, Any] = {
        "title": "Children's rights",
        "country": "Kazakhstan",
        "language": language,
        "issues": [{"title": "Child labour", "recommendations": ["Develop monitoring."]}],
        "coalition": {
            "name": "NGO Coalition",
            "members": [name.format(n=n) for n in range(1, members + 1)],
        },
    }
    result = build_bytes(briefgen.load_data(data), ("pdf",), options=Options(handout=False))
    return result.outputs["pdf"]


def _member_lines(pdf: bytes) -> list[list[tuple[float, float, str]]]:
    """Per page: (x, top, number) of each member's number, in page order."""
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            words = page.extract_words()
            pages.append(
                [
                    (w["x0"], w["top"], w["text"])
                    for w in words
                    if w["text"].isdigit() and len(w["text"]) == 3
                ]
            )
    return pages


def _in_reading_order(lines: list[tuple[float, float, str]], rtl: bool = False) -> list[str]:
    """Numbers column by column (left to right, or right to left), top to bottom."""
    columns = sorted({round(x, -1) for x, _, _ in lines}, reverse=rtl)
    return [
        n
        for column in columns
        for _, _, n in sorted(
            (line for line in lines if round(line[0], -1) == column), key=lambda line: line[1]
        )
    ]


def test_a_short_list_is_two_balanced_columns_in_reading_order() -> None:
    lines = [line for page in _member_lines(_pdf(11)) for line in page]
    assert _in_reading_order(lines) == [f"{n:03d}" for n in range(1, 12)]
    xs = sorted({round(x, -1) for x, _, _ in lines})
    assert len(xs) == 2  # two columns
    left = [line for line in lines if round(line[0], -1) == xs[0]]
    right = [line for line in lines if round(line[0], -1) == xs[1]]
    assert [len(left), len(right)] == [6, 5]  # balanced; the first column reads first
    assert left[0][1] == pytest.approx(right[0][1])  # both columns start on one line
    assert max(n for _, _, n in left) < min(n for _, _, n in right)


def test_a_long_list_fills_a_page_then_balances_the_rest() -> None:
    pages = [p for p in _member_lines(_pdf(150)) if p]
    assert len(pages) >= 2
    numbers = [n for page in pages for n in _in_reading_order(page)]
    assert numbers == [f"{n:03d}" for n in range(1, 151)]  # none lost, none repeated
    last = pages[-1]
    xs = sorted({round(x, -1) for x, _, _ in last})
    counts = [sum(1 for x, _, _ in last if round(x, -1) == column) for column in xs]
    assert len(counts) == 2 and abs(counts[0] - counts[1]) <= 1


def test_right_to_left_columns_start_on_the_right() -> None:
    pages = _member_lines(_pdf(11, language="ar", rtl_text=True))
    lines = [line for page in pages for line in page]
    assert _in_reading_order(lines, rtl=True) == [f"{n:03d}" for n in range(1, 12)]


MEMBERS = 16  # two columns of eight, a third of a page: fits a page, not always its rest


def _words_by_page(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


@pytest.mark.parametrize("recommendations", [6, 9, 12, 15])
def test_a_members_list_with_and_others_flows_on_instead_of_leaving_a_hole(
    recommendations: int,
) -> None:
    """A coalition that does not fit the rest of a page starts there all the same (its
    heading and intro with at least two members), continues on the next page, and "And
    others" ends it with at least two members beside it; reading order is kept."""
    data: dict[str, Any] = {
        "title": "Children's rights",
        "country": "Kazakhstan",
        "issues": [
            {
                "title": "Child labour",
                "recommendations": [
                    f"Recommendation {k} on monitoring child labour in agriculture and in "
                    "the cotton sector, with inspections and sanctions."
                    for k in range(1, recommendations + 1)
                ],
            }
        ],
        "coalition": {
            "name": "NGO Coalition",
            "members": [MEMBER.format(n=n) for n in range(1, MEMBERS + 1)],
            "and_others": True,
        },
    }
    result = build_bytes(briefgen.load_data(data), ("pdf",), options=Options(handout=False))
    pdf = result.outputs["pdf"]
    texts = _words_by_page(pdf)
    pages = _member_lines(pdf)
    start = next(k for k, text in enumerate(texts) if "The coalition" in text.split("\n"))
    assert f"1.{recommendations}" in texts[start]  # it starts below the last recommendation
    numbers = [n for page in pages for n in _in_reading_order(page)]
    assert numbers == [f"{n:03d}" for n in range(1, MEMBERS + 1)]  # none lost, in order
    assert len(pages[start]) >= 2  # the intro keeps its first members
    end = next(k for k, text in enumerate(texts) if "And others" in text)
    assert len(pages[end]) >= 2  # "And others" is never alone
    assert all(len(page) == 0 for page in pages[:start])
    held = [len(page) for page in pages[start : end + 1]]
    assert all(held) and sum(held) == MEMBERS
