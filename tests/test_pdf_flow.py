"""The PDF body's flow, read back from built files (pdfplumber words with their positions):
a list heading never ends a page with fewer than two of its items, a page that continues a
section names it in its running header, the handout keeps each issue in one column with
balanced columns, and responses, statuses and SDGs are labels in their theme colours."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

import briefgen
from briefgen.build import Options, build, resolve_theme
from briefgen.layout.document import Document, IssueBlock, build_document
from briefgen.layout.frames import Para
from briefgen.layout.pdf_handout import Grouped
from briefgen.theme import Theme, load_theme

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
CASES = [
    ("kz", "default"),
    ("kz", "un"),
    ("kz", "high-contrast"),
    ("stress", "default"),
    ("stress", "high-contrast"),
    ("kz-tracking", "default"),
    ("kz-tracking", "high-contrast"),
]


@dataclass(frozen=True)
class Built:
    path: Path
    doc: Document
    theme: Theme


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Built]:
    out = tmp_path_factory.mktemp("flow")
    made = {}
    for name, theme_name in CASES:
        briefing = briefgen.load(INPUTS / f"{name}.yaml")
        theme = load_theme(theme_name)
        options = Options(handout=True)
        stem = f"{name}-{theme_name}"
        path = build(briefing, pptx=False, out=out, stem=stem, theme=theme, options=options)
        doc = build_document(briefing, resolve_theme(briefing, theme))
        made[name, theme_name] = Built(path.written["pdf"], doc, theme)
    return made


@dataclass(frozen=True)
class Line:
    page: int  # from 1
    top: float
    text: str
    x0: float
    bold: bool


def lines(path: Path, column: tuple[float, float] = (0.0, 1.0)) -> list[list[Line]]:
    """Per page, its lines of words top to bottom (a word's font names bold); only the words
    starting within ``column`` (shares of the page width)."""
    out = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False)
            lo, hi = column[0] * float(page.width), column[1] * float(page.width)
            words = [w for w in words if lo <= float(w["x0"]) < hi]
            rows: dict[int, list[dict[str, object]]] = {}
            for w in words:
                rows.setdefault(round(float(w["top"])), []).append(w)
            page_lines = []
            for top in sorted(rows):
                row = sorted(rows[top], key=lambda w: float(w["x0"]))  # type: ignore[arg-type]
                text = " ".join(str(w["text"]) for w in row)
                bold = all("Bold" in str(w["fontname"]) for w in row)
                page_lines.append(Line(number, float(top), text, float(row[0]["x0"]), bold))  # type: ignore[arg-type]
            out.append(page_lines)
    return out


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _lists(issue: IssueBlock, doc: Document) -> Iterator[tuple[str, list[str]]]:
    """The issue's labelled lists in reading order: heading and each item's text."""
    words = doc.words
    parts = [
        (words.previous_heading, [p.text for p in issue.previous]),
        (words.developments, [t for p in issue.developments for t in (p.text, *p.items)]),
        (words.needs, [t for p in issue.needs for t in (p.text, *p.items)]),
    ]
    for heading, items in parts:
        if items:
            yield heading, items
    recs = [r.text for r in issue.recommendations]
    if issue.has_situation:
        yield words.issue_recommendations, recs
    elif recs:  # the issue heading is the list's heading
        yield issue.heading, recs


def _start(text: str) -> str:
    """The opening words of an item, as found on its first line."""
    return " ".join(text.split()[:3])


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_a_list_heading_keeps_at_least_two_items_on_its_page(
    built: dict[tuple[str, str], Built], case: tuple[str, str]
) -> None:
    b = built[case]
    pages = lines(b.path)
    flat = [line for page in pages for line in page]
    k = 0  # where the search for the next heading goes on
    checked = 0
    for issue in b.doc.issues:
        k = next(i for i in range(k, len(flat)) if flat[i].text == issue.heading and flat[i].bold)
        first_list = True
        for heading, items in _lists(issue, b.doc):
            k = next(i for i in range(k, len(flat)) if flat[i].text == heading and flat[i].bold)
            at = flat[k]
            if first_list and heading != issue.heading:  # on the page of its first section
                h1 = next(x for x in reversed(flat[:k]) if x.text == issue.heading)
                assert h1.page == at.page, (case, issue.heading)
                first_list = False
            below = " ".join(x.text for x in pages[at.page - 1] if x.top > at.top)
            here = sum(_start(item) in _squeeze(below) for item in items)
            assert here >= min(2, len(items)), (case, at.page, heading, issue.heading)
            checked += 1
    assert checked >= 3 * len(b.doc.issues) - 2


def _header(page: list[Line], theme: Theme) -> str:
    top_margin = theme.pdf.margins.top * 72 / 25.4
    return " ".join(x.text for x in page if x.top < top_margin * 0.75)


@pytest.mark.parametrize(
    "case", [("kz", "default"), ("stress", "default"), ("kz-tracking", "default")]
)
def test_a_page_that_continues_a_section_names_it_in_its_header(
    built: dict[tuple[str, str], Built], case: tuple[str, str]
) -> None:
    b = built[case]
    doc, words = b.doc, b.doc.words
    titles = [i.heading for i in doc.issues] + [words.other_recommendations, words.members_heading]
    if doc.tracking is not None:
        titles += [words.tracking_heading, words.matrix_heading]
    pages = lines(b.path)
    handout = next(n for n, p in enumerate(pages) if p and p[0].text == words.key_recommendations)
    section = ""
    continued = []
    top_margin = b.theme.pdf.margins.top * 72 / 25.4
    for number, page in enumerate(pages[1:handout], start=2):
        body = [x for x in page if top_margin * 0.75 < x.top]
        header = _header(page, b.theme)
        opens = body[0].text in titles and body[0].bold
        if opens or not section:
            assert header == f"{doc.cover.title} {doc.cover.country}", (case, number)
        else:
            assert header == f"{doc.cover.title} {doc.continued(section)}", (case, number)
            continued.append(number)
        for x in body:
            if x.text in titles and x.bold:
                section = x.text
    assert continued, case  # each of these briefings has a page that continues a section
    if case == ("kz", "default"):
        assert continued == [4]  # the contents are on the cover: the body starts on page 2
        assert _header(pages[3], b.theme).endswith("Issue 4: Early and forced marriages (cont.)")
    # the header is an artifact, like the rest of the running header and the footer
    with pdfplumber.open(b.path) as pdf:
        page = pdf.pages[continued[0] - 1]
        head = [c for c in page.chars if c["top"] < top_margin * 0.75]
        assert head and all(c["tag"] == "Artifact" and c["mcid"] is None for c in head)


def test_the_continued_header_in_every_catalog() -> None:
    """The continued section's name is worded from the catalogs: the issue heading and the
    language's "(cont.)" in each of the 7 languages."""
    briefing = briefgen.load(INPUTS / "kz.yaml")
    theme = resolve_theme(briefing, None)
    from briefgen.layout.pdf_pages import Metrics, continued_headers, geometry

    seen = set()
    for lang in ("en", "fr", "es", "ru", "ar", "zh", "kk"):
        doc = build_document(briefing, theme, lang)
        heads = dict(
            (k, r)
            for k, _, r in continued_headers(doc, theme, geometry(theme, Options()), Metrics(theme))
        )
        assert heads["issue-4"] == f"{doc.issues[3].heading} {doc.words.continued}"
        seen.add(doc.words.continued)
    assert len(seen) >= 5  # the words differ by language


# ------------------------------------------------------------------------------------------
# The handout
# ------------------------------------------------------------------------------------------


def _handout_columns(b: Built) -> list[list[Line]]:
    """The handout page's two columns of lines, below its head rule and above its footer."""
    pages = lines(b.path)
    page = next(p for p in pages if p and p[0].text == b.doc.words.key_recommendations)
    number = page[0].page
    with pdfplumber.open(b.path) as pdf:
        plumb = pdf.pages[number - 1]
        middle = float(plumb.width) / 2
        wide = [r for r in plumb.rects if float(r["width"]) > middle and float(r["height"]) < 2]
        rule = min(float(r["top"]) for r in wide)  # the rule under the handout's head
    footer = page[-1].top
    halves = [lines(b.path, (0.0, 0.5))[number - 1], lines(b.path, (0.5, 1.0))[number - 1]]
    return [[x for x in half if rule < x.top < footer] for half in halves]


@pytest.mark.parametrize(
    "case", [("kz", "default"), ("kz", "un"), ("kz", "high-contrast"), ("stress", "default")]
)
def test_the_handout_keeps_each_issue_in_one_column_and_balances_them(
    built: dict[tuple[str, str], Built], case: tuple[str, str]
) -> None:
    b = built[case]
    doc = b.doc
    columns = _handout_columns(b)
    labels = [i.heading for i in doc.issues if i.recommendations] + [
        doc.words.other_recommendations
    ]
    groups: list[tuple[int, float, float]] = []  # (column, top, bottom) of each issue
    size = max(x.top for col in columns for x in col)  # a large first guess
    for c, column in enumerate(columns):
        starts = [k for k, x in enumerate(column) if x.text in labels]
        assert starts and starts[0] == 0, (case, c)  # a column starts with an issue label
        for a, z in zip(starts, [*starts[1:], len(column)], strict=True):
            groups.append((c, column[a].top, column[z - 1].top))
            size = min(size, column[a + 1].top - column[a].top)
    # every issue's label appears once: no issue is continued in the next column
    found = [x.text for col in columns for x in col if x.text in labels]
    assert found == labels, case
    # each recommendation number sits in its issue's column
    for column in columns:
        for k, x in enumerate(column):
            if x.text in labels:
                issue = next((i for i in doc.issues if i.heading == x.text), None)
                numbers = [r.number for r in (issue.recommendations if issue else doc.other)]
                rest = [y.text.split()[0] for y in column[k + 1 :]]
                assert all(n in rest for n in numbers), (case, x.text)
    # balanced: the columns' heights differ by less than the issue at their boundary (moving
    # it to the other column would not make the taller column shorter)
    bottoms = [max(x.top for x in col) for col in columns]
    tall = 0 if bottoms[0] >= bottoms[1] else 1
    edge = [g for g in groups if g[0] == tall][-1 if tall == 0 else 0]
    height = edge[2] - edge[1] + size  # its label to its last line, and that line
    assert abs(bottoms[0] - bottoms[1]) <= height, (case, bottoms, height)


def test_balance_is_the_lowest_tallest_column_the_issues_allow() -> None:
    grouped = Grouped.__new__(Grouped)
    grouped.box_h, grouped.columns = 1000.0, 2
    no_space = [(h, 0.0) for h in (100.0, 100.0, 100.0, 300.0)]
    assert grouped.balance(no_space) == [0, 3]  # 300 | 300
    assert grouped.balance([(h, 0.0) for h in (400.0, 100.0, 100.0, 100.0)]) == [0, 1]
    assert grouped.balance([(h, 0.0) for h in (600.0, 500.0, 600.0)]) is None  # no page
    assert grouped.balance([(h, 0.0) for h in (1200.0, 10.0)]) is None  # an issue too tall
    grouped.columns = 3
    assert grouped.balance([(h, 0.0) for h in (100.0,) * 6]) == [0, 2, 4]


def test_one_issue_alone_is_balanced_by_the_engine(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    recs = "".join(
        f"      - Recommendation number {k} about the rights of the child.\n" for k in range(12)
    )
    path.write_text(
        "title: One issue\ncountry: Kazakhstan\nissues:\n  - title: Child labour\n"
        "    recommendations:\n" + recs,
        encoding="utf-8",
    )
    briefing = briefgen.load(path)
    theme = resolve_theme(briefing, None)
    doc = build_document(briefing, theme)
    from briefgen.layout.frames import TextBlock
    from briefgen.layout.pdf_pages import layout_pdf
    from briefgen.layout.roles import Role

    (page,) = layout_pdf(doc, theme, Options(handout=True)).handout
    columns = [i for i in page.items if isinstance(i, TextBlock) and i.tag is Role.LIST]
    assert len(columns) == 2 and all(c.paragraphs for c in columns)  # both columns used
    assert isinstance(columns[0].paragraphs[0], Para)


# ------------------------------------------------------------------------------------------
# Labels
# ------------------------------------------------------------------------------------------


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[k : k + 2], 16) / 255 for k in (0, 2, 4))  # type: ignore[return-value]


def _close(a: object, b: tuple[float, ...]) -> bool:
    return (
        isinstance(a, tuple | list)
        and len(a) == 3
        and all(abs(x - y) < 0.01 for x, y in zip(a, b, strict=True))
    )


def _labels(
    path: Path, text: str, body_top: float
) -> list[tuple[list[dict[str, object]], list[dict[str, object]]]]:
    """Each place ``text`` is drawn below the header: its characters and the chip shapes
    (curves) around them."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["top"] > body_top]
            joined = "".join(c["text"] for c in chars)
            for m in re.finditer(re.escape(text), joined):
                run = chars[m.start() : m.end()]
                x0, x1 = min(c["x0"] for c in run), max(c["x1"] for c in run)
                top, bottom = min(c["top"] for c in run), max(c["bottom"] for c in run)
                around = [
                    s
                    for s in page.curves
                    if s["x0"] <= x0
                    and s["x1"] >= x1
                    and s["top"] <= top
                    and s["bottom"] >= bottom
                    and s["x1"] - s["x0"] < (x1 - x0) * 3
                ]
                out.append((run, around))
    return out


@pytest.mark.parametrize("case", [("kz-tracking", "default"), ("kz-tracking", "high-contrast")])
def test_response_and_status_are_labels_in_their_colours(
    built: dict[tuple[str, str], Built], case: tuple[str, str]
) -> None:
    b = built[case]
    colors = b.theme.layout.tracking.colors
    body_top = b.theme.pdf.margins.top * 72 / 25.4
    shown = 0
    for issue in b.doc.issues:
        for prev in issue.previous:
            for label in prev.labels:
                role = colors[label.key]
                colour = _rgb(getattr(b.theme.colors, role))
                found = [
                    (run, around) for run, around in _labels(b.path, label.text, body_top) if around
                ]
                assert found, (case, label.text)
                for run, around in found:
                    assert all(_close(c["non_stroking_color"], colour) for c in run), label
                    size = b.theme.layout.pdf.label_size * b.theme.pdf.sizes.body
                    assert all(abs(c["size"] - size) < 0.05 for c in run)  # from the body size
                    chip = around[0]
                    assert _close(chip["stroking_color"], colour)  # outlined in its colour
                    assert chip["fill"] and not _close(chip["non_stroking_color"], colour)  # tinted
                    assert chip["tag"] == "Artifact" if "tag" in chip else True
                    assert all(c["mcid"] is not None for c in run)  # real text, tagged
                shown += 1
    assert shown == sum(len(p.labels) for i in b.doc.issues for p in i.previous) >= 6


def test_labels_are_text_in_reading_order_inside_their_paragraph(
    built: dict[tuple[str, str], Built],
) -> None:
    b = built["kz-tracking", "default"]
    prev = b.doc.issues[1].previous[0]
    expected = " ".join([prev.reference, *(label.text for label in prev.labels)])
    with pdfplumber.open(b.path) as pdf:
        chars: dict[tuple[int, int], str] = {}
        for page in pdf.pages:
            for c in page.chars:
                if c["mcid"] is not None:
                    key = (page.page_obj.pageid, c["mcid"])
                    chars[key] = chars.get(key, "") + c["text"]
    texts = []
    with pikepdf.open(b.path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            kids = node.K if isinstance(node.K, pikepdf.Array) else [node.K]
            if node.get("/S") == "/P":
                on = node.get("/Pg")
                parts = []
                for kid in kids:
                    if isinstance(kid, int) and on is not None:
                        parts.append(chars.get((int(on.objgen[0]), kid), ""))
                    elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                        parts.append(chars.get((kid.Pg.objgen[0], int(kid.MCID)), ""))
                texts.append("".join(parts))
            stack += [
                k
                for k in reversed(kids)
                if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/StructElem"
            ]
    assert expected in [t.strip() for t in texts]


def test_sdgs_are_labels_in_the_sdg_colour(built: dict[tuple[str, str], Built]) -> None:
    b = built["stress", "default"]
    sdgs = [r.sdgs for r in b.doc.all_recommendations if r.sdgs]
    assert sdgs
    role = b.theme.styles["label.sdg"].color
    colour = _rgb(getattr(b.theme.colors, role))
    body_top = b.theme.pdf.margins.top * 72 / 25.4
    for text in sdgs:
        found = [(run, around) for run, around in _labels(b.path, text, body_top) if around]
        assert found, text
        for run, around in found:
            assert all(_close(c["non_stroking_color"], colour) for c in run)
            assert _close(around[0]["stroking_color"], colour)


def _luminance(rgb: tuple[float, ...]) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("name", ["default", "un", "high-contrast"])
def test_label_words_are_readable_on_their_tint(name: str) -> None:
    """Every response, status and SDG label colour keeps 4.5:1 (WCAG AA for small text)
    against the label's tinted fill, in every shipped theme."""
    from reportlab.lib.colors import HexColor

    from briefgen.render.pdf_labels import tint

    theme = load_theme(name)
    share = theme.layout.pdf.label_tint
    roles = {theme.layout.tracking.colors[k] for k in ("supported", "noted", "implemented")}
    roles |= {theme.layout.tracking.colors[k] for k in ("partially_implemented", "not_implemented")}
    roles |= {theme.styles[f"label.{kind}"].color for kind in ("response", "status", "sdg")}
    background = HexColor(theme.colors.background)
    for role in roles:
        colour = HexColor(getattr(theme.colors, role))
        fill = tint(colour, background, share)
        light, dark = sorted([_luminance(colour.rgb()), _luminance(fill.rgb())], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (name, role)
