"""The PDF briefing, read back: content, navigation, fonts, metadata and determinism.

Each PDF is built once per module and read with pypdf (structure, outline, content-stream
order) and pdfplumber (text with positions, fonts and colours of characters).
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from cli_runner import CliRunner
from conftest import LOGO_ASPECTS
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

import briefgen
from briefgen import fonts
from briefgen.build import Options, build, resolve_theme
from briefgen.cli import app
from briefgen.layout.document import Document, build_document
from briefgen.layout.wording import final_stop
from briefgen.model import Briefing
from briefgen.render import pdf as pdf_renderer
from briefgen.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
MM = 72 / 25.4

KAZAKH_RUSSIAN = """\
title: Қазақстан Республикасындағы балалар құқықтары
subtitle: Рекомендации & «кавычки»
country: Қазақстан Республикасы
language: kk
date: 2024-12-05
review: {mechanism: UPR, cycle: 4, session: 48}
coalition:
  name: Бала құқықтары жөніндегі коалиция
  members:
    - "«Бала Дауысы» қоғамдық қоры"
    - name: "«Үміт» қоғамдық бірлестігі"
      city: Астана
  and_others: true
issues:
  - title: Рекомендации < & >
    situation:
      previous_recommendations:
        - text: Балалардың < 14 & > 6 мектепке баруын қамтамасыз ету.
          states: [Norway, Iceland]
          ref: "140.23"
          response: supported
          status: partially_implemented
      developments:
        - text: "Рекомендации: <b>не жирный</b> & \\"прямые\\" кавычки"
          items: [бірінші, екінші]
    recommendations:
      - text: Ратифицировать протокол 3 < 5 & 7 > 2 «Рекомендации».
        sdgs: [4, 16]
      - Қазақстан Республикасы заңнамасын жетілдіру.
"""


@dataclass
class Built:
    """A PDF built from a briefing, plus what the tests compare it with."""

    path: Path
    data: bytes
    reader: PdfReader
    pages: list[str]  # pdfplumber text of each page
    lines: list[list[dict[str, Any]]]  # pdfplumber text lines of each page, with positions
    chars: list[list[dict[str, Any]]]
    briefing: Briefing
    theme: Theme
    doc: Document
    reported_pages: int | None
    warnings: list[str]

    @property
    def text(self) -> str:
        return flat(" ".join(self.pages))

    @property
    def stream_text(self) -> str:
        """Text in content-stream order (columns one after the other), via pypdf."""
        return flat(" ".join(page.extract_text() for page in self.reader.pages))


def flat(text: str) -> str:
    """Collapse whitespace: lines wrap wherever the layout decides."""
    return " ".join(text.split())


def make(
    briefing: Briefing, out: Path, options: Options | None = None, stem: str | None = None
) -> Built:
    result = build(briefing, pptx=False, out=out, options=options, stem=stem)
    path = result.written["pdf"]
    data = path.read_bytes()
    with pdfplumber.open(path) as plumber:
        pages = [p.extract_text() or "" for p in plumber.pages]
        lines = [p.extract_text_lines() for p in plumber.pages]
        chars = [list(p.chars) for p in plumber.pages]
    theme = resolve_theme(briefing, None)
    doc = build_document(briefing, theme, (options or Options()).lang)
    return Built(
        path, data, PdfReader(io.BytesIO(data)), pages, lines, chars, briefing, theme, doc,
        result.pages, result.warnings,
    )  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def kz_pdf(kz: Briefing, out: Path) -> Built:
    return make(kz, out / "a4", Options(handout=False))


@pytest.fixture(scope="module")
def kz_handout(kz: Briefing, out: Path) -> Built:
    return make(kz, out / "handout", Options(handout=True))


@pytest.fixture(scope="module")
def stress_pdf(out: Path) -> Built:
    return make(
        briefgen.load(ROOT / "inputs" / "stress.yaml"), out / "stress", Options(handout=True)
    )


@pytest.fixture(scope="module")
def kk_pdf(out: Path) -> Built:
    source = out / "kk.yaml"
    source.write_text(KAZAKH_RUSSIAN, encoding="utf-8")
    return make(briefgen.load(source), out / "kk", Options(handout=True))


# ------------------------------------------------------------------------------------------
# Content
# ------------------------------------------------------------------------------------------


def test_every_recommendation_text(kz_pdf: Built) -> None:
    texts = [r.text for i in kz_pdf.briefing.issues for r in i.recommendations]
    texts += [r.text for r in kz_pdf.briefing.other_recommendations]
    assert texts
    for text in texts:
        assert flat(text) in kz_pdf.text


def test_recommendations_are_numbered(kz_pdf: Built) -> None:
    for rec in kz_pdf.doc.all_recommendations:
        assert flat(f"{rec.number} {rec.text}") in kz_pdf.text


def test_numbers_in_bold_accent(kz_pdf: Built) -> None:
    bold = fonts.resolve(kz_pdf.theme.font_spec("bold")).name
    accent = tuple(int(kz_pdf.theme.colors.accent[i : i + 2], 16) / 255 for i in (1, 3, 5))
    number = kz_pdf.doc.issues[1].recommendations[0].number
    for page in kz_pdf.chars[1:]:  # the body, after the cover (which holds the contents)
        line = "".join(c["text"] for c in page)
        at = line.find(number + kz_pdf.doc.issues[1].recommendations[0].text[:10])
        if at >= 0:
            first = page[at]
            assert first["fontname"].endswith(bold)
            assert first["non_stroking_color"] == pytest.approx(accent, abs=0.01)
            return
    pytest.fail(f"recommendation {number} not found")


def test_previous_recommendations_with_states(kz_pdf: Built) -> None:
    for issue in kz_pdf.briefing.issues:
        for prev in issue.situation.previous_recommendations if issue.situation else []:
            states = f"({', '.join(prev.states)})"
            body, stop = final_stop(prev.text)  # inside the sentence, as in UN documents
            assert flat(f"{body} {states}{stop}") in kz_pdf.text
    assert "(Philippines, Tajikistan)" in kz_pdf.text


def test_situation_bullets_and_sub_bullets(kz_pdf: Built) -> None:
    point, sub = kz_pdf.theme.bullets.point, kz_pdf.theme.bullets.sub
    for issue in kz_pdf.briefing.issues:
        if issue.situation is None:
            continue
        for bullet in [*issue.situation.developments, *issue.situation.needs]:
            assert flat(f"{point} {bullet.text}") in kz_pdf.text
            for item in bullet.items:
                assert flat(f"{sub} {item}") in kz_pdf.text


def test_bullets_use_the_symbols_font(kz_pdf: Built) -> None:
    symbols = fonts.resolve(kz_pdf.theme.font_spec("symbols")).name
    glyphs = [c for page in kz_pdf.chars for c in page if c["text"] == kz_pdf.theme.bullets.point]
    assert glyphs
    assert all(c["fontname"].split("+")[-1] == symbols for c in glyphs)


def test_members_in_order(kz_pdf: Built) -> None:
    text = kz_pdf.stream_text
    member = kz_pdf.theme.bullets.member
    at = 0
    for name in kz_pdf.doc.closing.members:
        found = text.find(flat(f"{member} {name}"), at)
        assert found >= 0, name
        at = found
    assert text.find(kz_pdf.doc.words.and_others, at) > at


def test_wording_comes_from_the_theme(kz_pdf: Built) -> None:
    words = kz_pdf.doc.words
    for fixed in (
        words.contents,
        words.situation_heading,
        words.previous_heading,
        words.developments,
        words.needs,
        words.issue_recommendations,
        words.other_recommendations,
        words.members_heading,
    ):
        assert fixed in kz_pdf.text
    assert words.key_recommendations not in kz_pdf.text  # no handout asked for


def test_cover(kz_pdf: Built) -> None:
    cover = kz_pdf.doc.cover
    first = flat(kz_pdf.pages[0])
    for part in (cover.title, cover.subtitle, cover.country, cover.review, cover.date):
        assert part and part in first
    assert cover.coalition in first
    page_word = kz_pdf.doc.words.page.split("{")[0].strip()
    assert page_word not in first  # no running header or footer on the cover


def test_running_header_and_page_x_of_y(kz_pdf: Built) -> None:
    total = len(kz_pdf.reader.pages)
    assert kz_pdf.reported_pages == total
    for number, page in enumerate(kz_pdf.pages[1:], start=2):
        assert kz_pdf.doc.words.page.format(page=number, pages=total) in page
        head = page.splitlines()[0]
        # the country, or on a page that continues an issue that issue (tests/test_pdf_flow.py)
        ends = (kz_pdf.doc.cover.country, kz_pdf.doc.words.continued)
        assert head.startswith(kz_pdf.doc.cover.title) and head.endswith(ends)


# ------------------------------------------------------------------------------------------
# Navigation
# ------------------------------------------------------------------------------------------


def section_titles(built: Built, handout: bool) -> list[str]:
    words = built.doc.words
    titles = [i.heading for i in built.doc.issues]
    titles += [words.other_recommendations] if built.doc.other else []
    titles += [words.members_heading]
    return titles + ([words.key_recommendations] if handout else [])


def test_outline(kz_handout: Built) -> None:
    reader = kz_handout.reader
    outline = reader.outline
    titles = [entry.title for entry in outline]  # type: ignore[union-attr]
    expected = section_titles(kz_handout, handout=True)
    assert titles == [kz_handout.doc.words.contents, *expected]
    for entry in outline:
        page = reader.get_destination_page_number(entry)  # type: ignore[arg-type]
        assert flat(entry.title) in flat(kz_handout.pages[page])  # type: ignore[union-attr]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_contents_page_numbers_and_links(kz_handout: Built) -> None:
    """kz is short: its contents are on the cover, with page numbers and links."""
    reader = kz_handout.reader
    contents = kz_handout.pages[0]
    by_title = {e.title: reader.get_destination_page_number(e) for e in reader.outline}  # type: ignore[union-attr]
    for title in section_titles(kz_handout, handout=True):
        match = re.search(re.escape(title) + r"\s+(\d+)\s*$", contents, re.MULTILINE)
        assert match, title
        assert int(match.group(1)) == by_title[title] + 1
    annotations = [a.get_object() for a in reader.pages[0]["/Annots"]]
    links = [a for a in annotations if a["/Subtype"] == "/Link"]
    targets = sorted(reader.get_page_number(a["/Dest"][0].get_object()) for a in links)
    assert targets == sorted(by_title[t] for t in section_titles(kz_handout, handout=True))


def test_heading_never_last_on_a_page(kz_pdf: Built, stress_pdf: Built) -> None:
    for built in (kz_pdf, stress_pdf):
        words = built.doc.words
        headings = {flat(t) for t in section_titles(built, handout=False)}
        headings |= {
            words.situation_heading,
            words.previous_heading,
            words.developments,
            words.needs,
            words.issue_recommendations,
        }
        height = float(built.reader.pages[0].mediabox.height)
        footer_top = height - built.theme.pdf.margins.bottom * MM
        for lines in built.lines[2:]:
            body = [ln for ln in lines if ln["bottom"] < footer_top]
            assert flat(body[-1]["text"]) not in headings


# ------------------------------------------------------------------------------------------
# Handout
# ------------------------------------------------------------------------------------------


def test_handout_is_one_last_page_with_every_recommendation(
    kz_pdf: Built, kz_handout: Built
) -> None:
    assert len(kz_handout.reader.pages) == len(kz_pdf.reader.pages) + 1
    assert handout_pages(kz_handout) == [len(kz_handout.pages) - 1]
    assert kz_handout.warnings == []
    last = flat(kz_handout.reader.pages[-1].extract_text())  # columns in reading order
    assert kz_handout.doc.cover.title in last and kz_handout.doc.cover.country in last
    for rec in kz_handout.doc.all_recommendations:
        assert re.search(rf"(?<![\d.]){re.escape(rec.number)}(?![\d])", last), rec.number
        assert flat(rec.text) in last
    # four issues fit at the body size: no shrinking at all
    body = kz_handout.theme.pdf.sizes.body
    assert {round(c["size"], 2) for c in kz_handout.chars[-1]} >= {body}
    assert min(c["size"] for c in kz_handout.chars[-1]) >= kz_handout.theme.pdf.sizes.small - 0.01


def handout_pages(built: Built) -> list[int]:
    """Indexes of the handout's pages: from the page that starts with its title to the end."""
    title = built.doc.words.key_recommendations
    first = next(i for i, text in enumerate(built.pages) if flat(text).startswith(title))
    return list(range(first, len(built.pages)))


def test_handout_shrinks_to_one_page(stress_pdf: Built) -> None:
    last = flat(stress_pdf.pages[-1])
    assert last.startswith(stress_pdf.doc.words.key_recommendations)
    for rec in stress_pdf.doc.all_recommendations:
        assert rec.number in last
    assert stress_pdf.doc.words.key_recommendations not in flat(" ".join(stress_pdf.pages[2:-1]))
    sizes = [c["size"] for c in stress_pdf.chars[-1]]
    assert min(sizes) >= stress_pdf.theme.pdf.handout_min_size - 0.01
    assert stress_pdf.warnings == []


def generated(issues: int) -> str:
    """A synthetic briefing (YAML text) from bench/generate.py."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.generate(issues))


@pytest.fixture(scope="module")
def sixty(out: Path) -> Path:
    path = out / "sixty.yaml"
    path.write_text(generated(60), encoding="utf-8")
    return path


@pytest.mark.parametrize(("theme", "smallest"), [("default", 7), ("high-contrast", 10)])
def test_long_handout_keeps_a_legible_size_on_more_pages(
    sixty: Path, out: Path, theme: str, smallest: float
) -> None:
    briefing = briefgen.load(sixty)
    chosen = resolve_theme(briefing, theme)
    assert chosen.pdf.handout_min_size == smallest
    result = build(
        briefing, pptx=False, out=out / theme, theme=chosen, options=Options(handout=True)
    )
    words = chosen.words(briefing.language)
    reader = PdfReader(result.written["pdf"])
    first = next(
        reader.get_destination_page_number(entry)
        for entry in reader.outline
        if isinstance(entry, DictionaryObject) and entry.title == words.key_recommendations
    )
    with pdfplumber.open(result.written["pdf"]) as plumber:
        handout = plumber.pages[first:]
        texts = [flat(page.extract_text() or "") for page in handout]
        sizes = [c["size"] for page in handout for c in page.chars]
    assert len(handout) > 1
    assert min(sizes) >= smallest - 0.01
    assert round(min(sizes), 2) == smallest  # shrunk as far as allowed, no further
    assert texts[0].startswith(words.key_recommendations)
    assert all(t.startswith(f"{words.key_recommendations} {words.continued}") for t in texts[1:])
    for rec in build_document(briefing, chosen).all_recommendations:
        assert re.search(rf"(?<![\d.]){re.escape(rec.number)}(?![\d])", " ".join(texts))
    assert len(result.warnings) == 1
    assert str(result.written["pdf"]) in result.warnings[0]
    assert f"needs {len(handout)} pages" in result.warnings[0]
    assert f"({smallest} pt)" in result.warnings[0]


def test_handout_warning_on_the_command_line(sixty: Path, out: Path) -> None:
    target = out / "cli"
    result = CliRunner().invoke(
        app, ["build", str(sixty), "--pdf", "--handout", "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {target / 'sixty.pdf'}" in result.stdout
    assert "warning" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"warning: {target / 'sixty.pdf'}: ")
    assert "key recommendations handout needs" in lines[0] and "(7 pt)" in lines[0]
    quiet = CliRunner().invoke(app, ["build", str(sixty), "--pdf", "--out", str(target)])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_a_recommendation_taller_than_a_column_is_split(out: Path) -> None:
    long = " ".join(f"Measure {n} for the protection of every child." for n in range(1, 400))
    path = out / "long.yaml"
    path.write_text(
        "title: One long recommendation\ncountry: Kazakhstan\nissues:\n"
        f"  - title: Child labour\n    recommendations:\n      - Short one.\n      - {long}\n"
        "      - Another short one.\n",
        encoding="utf-8",
    )
    built = make(briefgen.load(path), out / "long", Options(handout=True))
    pages = handout_pages(built)
    text = flat(" ".join(built.pages[i] for i in pages))
    for number, piece in (("1.1", "Short one."), ("1.3", "Another short one.")):
        assert f"{number} {piece}" in text
    words = built.doc.words
    furniture = rf"page \d+ of \d+|{re.escape(f'{words.key_recommendations} {words.continued}')}"
    in_columns = flat(
        re.sub(furniture, " ", " ".join(built.reader.pages[i].extract_text() for i in pages))
    )
    for n in range(1, 400):  # every sentence, in order, whichever column or page it fell on
        assert f"Measure {n} for the protection of every child." in in_columns
    assert len(pages) > 1 and built.warnings
    sizes = [c["size"] for i in pages for c in built.chars[i]]
    assert min(sizes) >= built.theme.pdf.handout_min_size - 0.01


def test_handout_follows_the_theme_when_not_asked(kz: Briefing, out: Path) -> None:
    default = make(kz, out / "theme-default", Options(handout=None))
    assert default.doc.words.key_recommendations not in default.text


# ------------------------------------------------------------------------------------------
# Text fidelity
# ------------------------------------------------------------------------------------------


def test_kazakh_russian_and_markup_survive(kk_pdf: Built) -> None:
    text = kk_pdf.text
    for expected in (
        "Қазақстан Республикасы",
        "Рекомендации",
        "Рекомендации < & >",
        "3 < 5 & 7 > 2",
        "< 14 & > 6",
        "<b>не жирный</b>",
        '"прямые"',
        "«Бала Дауысы»",
        "(Norway, Iceland)",
    ):
        assert expected in text
    words = kk_pdf.doc.words
    # a one-page body and the handout: no contents (the outline lists the sections)
    assert len(kk_pdf.reader.pages) == 3
    assert words.contents not in text
    total = len(kk_pdf.reader.pages)
    assert words.page.format(page=2, pages=total) in kk_pdf.pages[1]
    assert kk_pdf.reader.trailer["/Root"]["/Lang"] == "kk"


def test_stress_text_survives(stress_pdf: Built) -> None:
    text = stress_pdf.text
    for expected in (
        "Қазақстан Республикасы",
        "Рекомендации",
        "<b>bold</b> & <script>alert(1)</script>",
        "3 < 5 & 7 > 2",
        'ASCII "straight" quotes, apostrophes (children’s, children\'s)',
    ):
        assert expected in text


def test_long_words_and_urls_stay_inside_the_margins(stress_pdf: Built) -> None:
    width = float(stress_pdf.reader.pages[0].mediabox.width)
    margins = stress_pdf.theme.pdf.margins
    left, right = margins.left * MM, width - margins.right * MM
    for page in stress_pdf.chars:
        for char in page:
            assert left - 0.5 <= char["x0"] and char["x1"] <= right + 0.5, char["text"]


# ------------------------------------------------------------------------------------------
# Fonts, metadata, page size, determinism
# ------------------------------------------------------------------------------------------


def font_dicts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font used by pages and by the form XObjects they draw."""
    found: dict[int, DictionaryObject] = {}

    def visit(resources: Any) -> None:
        resources = resources.get_object() if isinstance(resources, IndirectObject) else resources
        if not resources:
            return
        for ref in (resources.get("/Font") or {}).values():
            found[id(ref.get_object())] = ref.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"])

    for page in reader.pages:
        visit(page.get("/Resources"))
    return list(found.values())


def test_fonts_embedded_and_never_base14(kz_pdf: Built, stress_pdf: Built) -> None:
    for built in (kz_pdf, stress_pdf):
        used = font_dicts(built.reader)
        assert used
        names = set()
        for font in used:
            name = str(font["/BaseFont"]).split("+")[-1]
            names.add(name)
            assert not name.lstrip("/").startswith(BASE14)
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            ).get_object()
            assert "/FontFile2" in descriptor
        faces = {fonts.resolve(built.theme.font_spec(r)).name for r in ("regular", "bold")}
        assert faces <= names
        for base in BASE14:
            assert f"/{base}".encode() not in built.data


def test_metadata(kz_pdf: Built) -> None:
    meta = kz_pdf.reader.metadata
    cover = kz_pdf.doc.cover
    assert meta is not None
    assert meta.title == cover.title == kz_pdf.briefing.title
    assert meta.author == cover.coalition
    # The subtitle and review line, each part once (no "UPR ... – UPR ..." repetition).
    assert meta.subject == "UPR pre-session, 4th cycle, 48th session"
    assert meta.creator == "briefgen"
    assert all(k in meta["/Keywords"] for k in kz_pdf.doc.keywords)
    assert kz_pdf.reader.trailer["/Root"]["/Lang"] == kz_pdf.doc.lang == "en"


def test_page_sizes(kz: Briefing, kz_pdf: Built, out: Path) -> None:
    a4 = kz_pdf.reader.pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    letter = make(kz, out / "letter", Options(page_size="Letter")).reader.pages[0].mediabox
    assert (float(letter.width), float(letter.height)) == (612, 792)


def test_two_builds_are_byte_identical(kz: Briefing, kz_pdf: Built, out: Path) -> None:
    again = build(kz, pptx=False, out=out / "again", options=Options(handout=False))
    assert again.written["pdf"].read_bytes() == kz_pdf.data
    theme = resolve_theme(kz, None)
    doc = build_document(kz, theme)
    first, second = io.BytesIO(), io.BytesIO()
    pdf_renderer.render(doc, theme, first, Options())
    pdf_renderer.render(doc, theme, second, Options())
    assert first.getvalue() == second.getvalue()


def test_cover_logos_keep_their_aspect(kz_path: Path, tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "theme").mkdir()  # a theme's logos live in its folder (see Safety)
    Image.new("RGB", (400, 100), (27, 58, 107)).save(tmp_path / "theme" / "brand.png")
    Image.new("RGB", (120, 180), (217, 130, 43)).save(tmp_path / "member.jpg")
    (tmp_path / "theme" / "theme.yaml").write_text(
        "extends: default\nlogos: [brand.png]\n", encoding="utf-8"
    )
    source = kz_path.read_text(encoding="utf-8").replace("theme: default", "theme: ./theme")
    source = source.replace(
        "    - en: Public foundation “Rodnik”\n"
        "      ru: Общественный фонд «Родник»\n"
        "      kk: «Родник» қоғамдық қоры",
        "    - {name: Public foundation “Rodnik”, logo: member.jpg}",
    )
    assert "member.jpg" in source
    (tmp_path / "kz.yaml").write_text(source, encoding="utf-8")
    built = make(briefgen.load(tmp_path / "kz.yaml"), tmp_path / "out")
    with pdfplumber.open(built.path) as plumber:
        images = plumber.pages[0].images
        assert not any(page.images for page in plumber.pages[1:-1])
        closing = plumber.pages[-1].images  # the coalition page: the member's logo again
    aspects = sorted(round(i["width"] / i["height"], 2) for i in images)
    assert aspects == [round(120 / 180, 2), 4.0]
    assert [round(i["width"] / i["height"], 2) for i in closing] == [round(120 / 180, 2)]


def _overlap(a: dict[str, Any], b: dict[str, Any], eps: float = 0.01) -> bool:
    across = a["x0"] + eps < b["x1"] and b["x0"] + eps < a["x1"]
    return across and a["top"] + eps < b["bottom"] and b["top"] + eps < a["bottom"]


@pytest.mark.parametrize("count", [1, 7, 15])
def test_member_logos_in_a_grid_on_the_coalition_page(
    count: int, logo_briefing: Callable[[int], Path], tmp_path: Path
) -> None:
    """Cover: brand then member logos; coalition page: the member logos under the list."""
    briefing = briefgen.load(logo_briefing(count))
    built = make(briefing, tmp_path / "out")
    m = built.theme.pdf.margins
    member = built.theme.bullets.member
    closing = [k for k, text in enumerate(built.pages) if f"{member} Member organisation" in text]
    assert len(closing) == 1, closing  # the list and its logos kept on one page
    (page,) = closing
    heading = built.doc.words.members_heading
    assert any(line["text"] == heading for line in built.lines[page])
    names = [line for line in built.lines[page] if "Member organisation" in line["text"]]
    with pdfplumber.open(built.path) as plumber:
        found = [list(p.images) for p in plumber.pages]
        width, height = plumber.pages[page].width, plumber.pages[page].height
    assert len(found[0]) == count + 2 and len(found[page]) == count
    assert not any(found[k] for k in range(1, len(found)) if k != page)
    for images in (found[0], found[page]):
        for image in images:
            assert image["x0"] >= m.left * MM - 0.01 and image["x1"] <= width - m.right * MM + 0.01
            assert image["top"] >= m.top * MM - 0.01
            assert image["bottom"] <= height - m.bottom * MM + 0.01
        for a, b in itertools.combinations(images, 2):
            assert not _overlap(a, b)
        assert len({round(i["height"], 2) for i in images}) == 1  # one height for all
    # under the members list, each keeping its aspect ratio, in the members' order
    assert min(i["top"] for i in found[page]) > max(line["bottom"] for line in names)
    aspects = [LOGO_ASPECTS[k % len(LOGO_ASPECTS)] for k in range(count)]
    in_order = sorted(found[page], key=lambda i: (round(i["top"], 1), i["x0"]))
    assert [i["width"] / i["height"] for i in in_order] == pytest.approx(aspects, rel=0.01)
