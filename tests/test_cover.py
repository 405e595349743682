"""The PDF cover, its contents and the deck's title slide, read back from the built files.

Where the contents go is decided from the body's page count (layout/pdf_contents.py): on the
cover for a short briefing (kz), left out for a one-page body, and on a page the body follows
on for a long one, never a page holding only the contents. Presenters and logos, when given
(inputs/kz-presenters.yaml), are on the cover and the title slide, inside the page or slide
and clear of every other text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

import briefgen
from briefgen.build import build, prepare, resolve_theme
from briefgen.layout.document import build_document
from briefgen.layout.frames import Picture, TextBlock
from briefgen.layout.pdf_blocks import layout_blocks
from briefgen.layout.pdf_contents import body_pages, without_contents
from briefgen.layout.pdf_pages import ContentsLine, Metrics, geometry, layout_pdf
from briefgen.options import Options
from briefgen.theme import Theme, load_theme
from tests.conftest import assert_pdfua

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
PRESENTERS = INPUTS / "kz-presenters.yaml"
NAMES = ("Dana Example", "Arman Example")
ORGANISATIONS = ("Example Children's Network", "Example Legal Clinic")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf(source: Path, out: Path, theme: str | Theme | None = None) -> Path:
    result = build(briefgen.load(source), out=out, pptx=False, theme=theme)
    return Path(result.written["pdf"])


def _deck(source: Path, out: Path, theme: str | None = None) -> Path:
    result = build(briefgen.load(source), out=out, pdf=False, theme=theme)
    return Path(result.written["pptx"])


@pytest.fixture(scope="module")
def kz_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf(INPUTS / "kz.yaml", tmp_path_factory.mktemp("kz"))


@pytest.fixture(scope="module")
def presenters_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _pdf(PRESENTERS, tmp_path_factory.mktemp("presenters"))


def _sections(source: Path) -> list[str]:
    briefing = briefgen.load(source)
    doc = build_document(briefing, resolve_theme(briefing, None))
    words = doc.words
    return [*(i.heading for i in doc.issues), words.other_recommendations, words.members_heading]


def _destinations(reader: PdfReader) -> dict[str, int]:
    return {e.title: reader.get_destination_page_number(e) for e in reader.outline}  # type: ignore[union-attr]


# -- the contents ------------------------------------------------------------------------------


def test_kz_contents_are_on_the_cover_with_their_page_numbers(kz_pdf: Path) -> None:
    reader = PdfReader(kz_pdf)
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 4  # cover (with the contents) and three pages of body
    cover = pages[0]
    assert "Contents" in cover
    where = _destinations(reader)
    sections = _sections(INPUTS / "kz.yaml")
    for title in sections:
        match = re.search(re.escape(title) + r"[\s.]*(\d+)\s*$", cover, re.MULTILINE)
        assert match, title
        assert int(match.group(1)) == where[title] + 1  # the page the section starts on
    assert [int(n) for n in re.findall(r"(\d+)\s*$", cover, re.MULTILINE)[-6:]] == [
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    # each line links to its section
    links = [a.get_object() for a in reader.pages[0]["/Annots"]]
    targets = [reader.get_page_number(a["/Dest"][0].get_object()) for a in links]
    assert sorted(targets) == sorted(where[t] for t in sections)
    # the outline still opens with the contents (now on the cover), then every section
    assert list(where) == ["Contents", *sections] and where["Contents"] == 0
    # no body page shows the contents: the body starts on page 2 with the first issue
    assert all("Contents" not in page for page in pages[1:])
    assert _flat(pages[1]).find(sections[0]) < _flat(pages[1]).find(sections[1])


def test_cover_contents_lie_between_the_details_and_the_foot(kz_pdf: Path) -> None:
    with pdfplumber.open(kz_pdf) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        date = next(w for w in words if w["text"] == "2024")
        heading = next(w for w in words if w["text"] == "Contents")
        coalition = next(w for w in words if w["text"] == "Coalition")
        entries = [w for w in words if w["text"] in ("Issue", "Other", "The")]
        assert date["bottom"] < heading["top"]
        assert all(heading["bottom"] < w["top"] < coalition["top"] for w in entries)
        assert all(w["x0"] > 0 and w["x1"] < page.width for w in words)


def test_cover_contents_are_tagged_as_a_toc_of_links(kz_pdf: Path) -> None:
    with pikepdf.open(kz_pdf) as pdf:
        tocs = list(_elements(pdf.Root.StructTreeRoot.K, "/TOC"))
        assert len(tocs) == 1
        items = [k for k in _kids(tocs[0])]
        assert [str(k.S) for k in items] == ["/TOCI"] * 6
        links = [_kids(k)[0] for k in items]
        assert [str(link.S) for link in links] == ["/Link"] * 6
        assert [str(link.Alt) for link in links] == _sections(INPUTS / "kz.yaml")
        h1 = [el for el in _elements(pdf.Root.StructTreeRoot.K, "/H1")]
        assert len(h1) == 1 + 6  # the contents' heading, then each section's


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _elements(root: Any, role: str) -> Iterable[Any]:
    for kid in root if isinstance(root, pikepdf.Array) else [root]:
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue
        if role == kid.S:
            yield kid
        yield from _elements(kid.get("/K", pikepdf.Array()), role)


def _theme(folder: Path, extra: str) -> Theme:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(f"extends: default\n{extra}", encoding="utf-8")
    return load_theme(str(folder))


def test_a_long_briefing_keeps_a_contents_page_the_body_follows_on(tmp_path: Path) -> None:
    """Past ``contents_cover_pages`` the contents get a page, and the first issue starts on it."""
    long = _theme(tmp_path / "long", "layout:\n  pdf:\n    contents_cover_pages: 2\n")
    path = _pdf(INPUTS / "kz.yaml", tmp_path / "out", long)
    reader = PdfReader(path)
    pages = [_flat(page.extract_text()) for page in reader.pages]
    sections = _sections(INPUTS / "kz.yaml")
    assert "Contents" not in pages[0]
    contents = pages[1]
    assert contents.find("Contents") < contents.rfind(sections[0])  # the issue follows
    assert _flat("Bring the institute of the Children") in contents  # with its text
    where = _destinations(reader)
    assert where["Contents"] == where[sections[0]] == 1
    for title in sections:
        match = re.search(re.escape(title) + r"[\s.]*(\d+)", contents)
        assert match and int(match.group(1)) == where[title] + 1, title
    assert_pdfua(path)


def test_a_one_page_body_has_no_contents(tmp_path: Path) -> None:
    path = _pdf(INPUTS / "samples" / "briefing-es.yaml", tmp_path)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    words = briefgen.load(INPUTS / "samples" / "briefing-es.yaml")
    doc = build_document(words, resolve_theme(words, None))
    assert doc.words.contents not in "".join(p.extract_text() for p in reader.pages)
    assert [e.title for e in reader.outline] == [  # type: ignore[union-attr]
        doc.issues[0].heading,
        doc.words.other_recommendations,
        doc.words.members_heading,
    ]


@pytest.mark.parametrize("name", ["kz", "stress", "kz-tracking"])
def test_the_body_page_estimate_is_within_a_page(name: str, tmp_path: Path) -> None:
    """The decision's input: the estimated body pages against the pages the body takes."""
    briefing = briefgen.load(INPUTS / f"{name}.yaml")
    theme = resolve_theme(briefing, None)
    doc = build_document(briefing, theme)
    blocks = layout_blocks(doc, theme, handout=False)
    options = Options(handout=False)
    estimate = body_pages(
        without_contents(blocks, "omit"), theme, geometry(theme, options), Metrics(theme)
    )
    pages = layout_pdf(doc, theme, options)
    on_cover = any(isinstance(i, ContentsLine) for i in pages.cover.items)
    result = build(briefing, out=tmp_path, pptx=False, options=options)
    real = result.pages - 1 - (0 if on_cover else 1)  # type: ignore[attr-defined]
    assert abs(estimate - real) <= 1, (estimate, real)


# -- presenters and logos ----------------------------------------------------------------------


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_cover_shows_presenters_and_logos_clear_of_other_text(presenters_pdf: Path) -> None:
    with pdfplumber.open(presenters_pdf) as pdf:
        page = pdf.pages[0]
        text = _flat(page.extract_text())
        for name, organisation in zip(NAMES, ORGANISATIONS, strict=True):
            assert name in text and organisation in text
        assert "Presented by" in text and "dana@example.org" in text
        lines = page.extract_text_lines()
        names = [ln for ln in lines if any(n in ln["text"] for n in NAMES)]
        assert names and all(ln["x0"] > 0 and ln["x1"] < page.width for ln in names)
        # the names set bold, the organisations not
        for ln in names:
            assert all("Bold" in c["fontname"] for c in ln["chars"] if c["text"].strip())
        images = page.images
        assert len(images) == 2  # the two members' logos
        boxes = [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in images]
        for box in boxes:
            assert box[0] >= 0 and box[2] <= page.width and box[1] >= 0 and box[3] <= page.height
        for ln in lines:
            line_box = (ln["x0"], ln["top"], ln["x1"], ln["bottom"])
            assert not any(_overlap(line_box, b) for b in boxes), ln["text"]
        for a, b in itertools.combinations(lines, 2):  # no text line runs into another
            assert not _overlap(
                (a["x0"], a["top"] + 0.5, a["x1"], a["bottom"] - 0.5),
                (b["x0"], b["top"] + 0.5, b["x1"], b["bottom"] - 0.5),
            ), (a["text"], b["text"])
        # the logos sit at the foot, under the presenters; the contents above the coalition
        assert min(b[1] for b in boxes) > max(ln["bottom"] for ln in names)
        assert "Contents" in text


def test_cover_with_presenters_passes_the_pdfua_check(presenters_pdf: Path) -> None:
    assert_pdfua(presenters_pdf)


def _shapes(deck: Path) -> tuple[Any, list[Any], list[Any]]:
    prs = Presentation(str(deck))
    slide = prs.slides[0]
    texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    return prs, texts, pictures


def _box(shape: Any) -> tuple[float, float, float, float]:
    return (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)


@pytest.mark.parametrize("theme", ["default", "un", "high-contrast"])
def test_title_slide_shows_presenters_and_logos(theme: str, tmp_path: Path) -> None:
    deck = _deck(PRESENTERS, tmp_path, theme)
    prs, texts, pictures = _shapes(deck)
    text = "\n".join(s.text_frame.text for s in texts)
    for name, organisation in zip(NAMES, ORGANISATIONS, strict=True):
        assert name in text and organisation in text
    assert "…" not in text  # nothing cut to fit
    assert "dana@example.org" not in text  # the email stays in the notes and on the PDF
    notes = prs.slides[0].notes_slide.notes_text_frame.text
    assert "dana@example.org" in notes
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == list(ORGANISATIONS)
    width, height = prs.slide_width, prs.slide_height
    band = Emu(int(height * resolve_theme(briefgen.load(PRESENTERS), theme).layout.slides.band))
    for shape in [*pictures, *texts[1:]]:  # below the band, inside the slide
        left, top, right, bottom = _box(shape)
        assert left >= 0 and right <= width and top >= 0 and bottom <= height
    for pic in pictures:
        assert pic.top > band
        assert not any(_overlap(_box(pic), _box(t)) for t in texts)
    for a, b in itertools.combinations(texts, 2):
        assert not _overlap(_box(a), _box(b)), (a.text_frame.text, b.text_frame.text)
    # names in their bold named style, each heading its column
    names = [s for s in texts if any(n in s.text_frame.text for n in NAMES)]
    assert len(names) == 2 and names[0].top == names[1].top
    for shape in names:
        runs = [r for p in shape.text_frame.paragraphs for r in p.runs if r.text in NAMES]
        assert runs and all(r.font.bold for r in runs)


def test_title_slide_without_presenters_centres_its_facts(tmp_path: Path) -> None:
    """kz has neither presenters nor logos: the facts sit in the middle of the white area."""
    deck = _deck(INPUTS / "kz.yaml", tmp_path)
    prs, texts, pictures = _shapes(deck)
    assert not pictures
    facts = next(s for s in texts if "NGO Coalition" in s.text_frame.text)
    theme = resolve_theme(briefgen.load(INPUTS / "kz.yaml"), None)
    band = prs.slide_height * (theme.layout.slides.band + theme.layout.slides.stripe)
    bottom = prs.slide_height - theme.slides.margins.bottom * 914400
    above, below = facts.top - band, bottom - (facts.top + facts.height)
    assert above > 0 and below > 0
    assert abs(above - below) < 0.25 * (bottom - band)  # roughly centred, not top-heavy


def test_arabic_cover_contents_are_mirrored(tmp_path: Path) -> None:
    """Right to left: each contents line's title at the right, its page number at the left."""
    source = (INPUTS / "samples" / "briefing-ar.yaml").read_text(encoding="utf-8")
    head, rest = source.split("issues:\n", 1)
    issues, other = rest.split("other_recommendations:", 1)
    path = tmp_path / "ar.yaml"
    path.write_text(f"{head}issues:\n{issues * 4}other_recommendations:{other}", encoding="utf-8")
    briefing = briefgen.load(path)
    theme = resolve_theme(briefing, None)
    pages = layout_pdf(build_document(briefing, theme), theme, Options())
    lines = [i for i in pages.cover.items if isinstance(i, ContentsLine)]
    assert len(lines) == 6 and all(line.rtl for line in lines)
    geo = pages.geometry
    assert all(line.box.x + line.box.w == pytest.approx(geo.width - geo.left) for line in lines)
    pdf = _pdf(path, tmp_path / "out")
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        numbers = [w for w in page.extract_words() if w["text"] in ("2", "3", "4")]
        titles = [w for w in page.extract_words() if "1" in w["text"] or ":" in w["text"]]
        assert len(numbers) >= 6
        assert max(n["x1"] for n in numbers) < min(t["x0"] for t in titles)
    assert_pdfua(pdf)


def _many_presenters(folder: Path) -> Path:
    """A long title, five presenters with long organisations, two brand and three member
    logos: the crowded case the cover and the title slide must still compose."""
    from conftest import write_logo_briefing

    path = write_logo_briefing(folder, 3, brand=2)
    people = "".join(
        f"  - {{name: Presenter Number{k}, organization: Organisation of presenter {k} for"
        f" child rights, email: p{k}@example.org}}\n"
        for k in range(1, 6)
    )
    text = path.read_text(encoding="utf-8").replace(
        "title: Children's Rights\n",
        "title: The rights of the child in the Republic of Kazakhstan after the fourth cycle"
        " of the Universal Periodic Review\nsubtitle: UPR pre-session, 4th cycle\n"
        f"presenters:\n{people}",
    )
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("theme", "logos"), [(None, 5), ("high-contrast", 3)])
def test_many_presenters_keep_the_cover_title_and_every_name(
    theme: str | None, logos: int, tmp_path: Path
) -> None:
    """The briefing's own theme (default with two brand logos) and high-contrast (no brand
    logos, larger type)."""
    briefing = briefgen.load(_many_presenters(tmp_path))
    chosen, doc = prepare(briefing, theme, Options())
    pages = layout_pdf(doc, chosen, Options())
    assert pages.warnings == ()  # the band gave up room first: no title below the bound
    blocks = [i for i in pages.cover.items if isinstance(i, TextBlock)]
    title = next(b for b in blocks if b.paragraphs[0].text == doc.cover.title)
    size = chosen.pdf.sizes.title
    assert size * chosen.layout.pdf.cover_title_min < title.size <= size
    texts = [b.paragraphs[0].text for b in blocks]
    assert all(f"Presenter Number{k}" in texts for k in range(1, 6))
    bottoms = sorted((b.box.y, b.box.bottom) for b in blocks)
    geo = pages.geometry
    assert all(top >= 0 and bottom <= geo.height - geo.bottom + 0.01 for top, bottom in bottoms)
    pictures = [i for i in pages.cover.items if isinstance(i, Picture)]
    assert len(pictures) == logos
    for pic in pictures:  # the logos under every text block
        assert all(pic.box.y >= b.box.bottom for b in blocks)


def test_many_presenters_on_the_title_slide(tmp_path: Path) -> None:
    from briefgen.layout.slides import layout_deck

    briefing = briefgen.load(_many_presenters(tmp_path))
    theme, doc = prepare(briefing, None, Options())
    deck = layout_deck(doc, theme)
    assert not [w for w in deck.warnings if "title slide" in w]
    slide = deck.slides[0]
    said = [p.text for b in slide.extras for p in b.paragraphs]
    assert all(f"Presenter Number{k}" in said for k in range(1, 6))
    assert all(f"Organisation of presenter {k} for child rights" in said for k in range(1, 6))
    columns = [b for b in slide.extras if any("Presenter" in t.text for t in b.paragraphs)]
    assert len(columns) == 3 and len({b.box.y for b in columns}) == 1  # one top, names aligned
    for a, b in itertools.combinations([*slide.extras, *slide.pictures], 2):
        assert not _overlap(
            (a.box.x, a.box.y, a.box.x + a.box.w, a.box.bottom),
            (b.box.x, b.box.y, b.box.x + b.box.w, b.box.bottom),
        )


@pytest.mark.parametrize("aspect", ["16:9", "4:3"])
def test_presenters_no_columns_can_hold_go_in_one_paragraph_of_whole_names(
    aspect: str, tmp_path: Path
) -> None:
    """Long names, a five-line title and high-contrast's large type: no columns fit, so the
    names follow "Presented by:" in one paragraph, never split inside a name. At 16:9 every
    name is there; at 4:3 not even that fits, and the paragraph is cut after whole names."""
    from briefgen.layout.slides import layout_deck

    path = _many_presenters(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Presenter Number", "name: Presenter Example-Longname Number")
    text = text.replace(
        "The rights of the child in the Republic of Kazakhstan after the fourth cycle of the"
        " Universal Periodic Review",
        "Children's rights in Kazakhstan and the implementation of the recommendations of the"
        " third cycle and the situation of children in vulnerable groups",
    )
    path.write_text(text, encoding="utf-8")
    theme, doc = prepare(briefgen.load(path), "high-contrast", Options())
    deck = layout_deck(doc, theme, aspect)
    said = [w for w in deck.warnings if "title slide" in w]
    blocks = [b for b in deck.slides[0].extras if "Presented by" in b.paragraphs[0].text]
    assert len(blocks) == 1 and len(blocks[0].paragraphs) == 1
    lines = blocks[0].paragraphs[0].lines
    names = [f"Presenter\xa0Example-Longname\xa0Number{k}" for k in range(1, 6)]
    shown = "".join(lines).removeprefix("Presented by: ").replace("…", "").split(";")
    shown = [n.strip() for n in shown if n.strip()]
    assert all(n in names for n in shown)  # whole names only
    if aspect == "16:9":
        assert shown == names
        assert said == [
            "title slide: the presenters' organisations are left out to make room (the notes"
            " and the PDF cover keep them)"
        ]
    else:
        assert 1 <= len(shown) < 5 and lines[-1].endswith("…")
        assert len(said) == 1 and "are cut on the slide" in said[0]
