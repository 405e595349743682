"""The PPTX renderer, checked by reading the written deck back with python-pptx.

Overflow is checked on the file itself: every text frame's paragraphs are re-wrapped from the
XML (size, line spacing, left margin, bold/italic) with Pillow's measurements of the font
files, so what PowerPoint and LibreOffice receive is what is verified.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import posixpath
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import LOGO_ASPECTS
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from test_slides import INPUTS, KZ_TITLES, ROOT, TIMING, font_path, independent_lines

import briefgen
from briefgen.build import Options, build, resolve_theme
from briefgen.render.pptx import PRESENTATION_MAIN, TEMPLATE_MAIN
from briefgen.theme import Theme, load_theme

EMU = 12700
ROLE = {("0", "0"): "regular", ("1", "0"): "bold", ("0", "1"): "italic", ("1", "1"): "bold_italic"}


@pytest.fixture(scope="module")
def theme() -> Theme:
    return load_theme("default")


def make_deck(
    out: Path, name: str = "kz", theme: Theme | str | None = None, **options: Any
) -> Path:
    briefing = briefgen.load(INPUTS / f"{name}.yaml")
    result = build(briefing, pdf=False, out=out, theme=theme, options=Options(**options))
    assert result.slides and result.talk_seconds
    return result.written["pptx"]


@pytest.fixture(scope="module")
def kz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_deck(tmp_path_factory.mktemp("kz"))


@pytest.fixture(scope="module")
def kz(kz_file: Path) -> Any:
    return Presentation(str(kz_file))


def title_text(slide: Any) -> str:
    return " ".join(slide.shapes.title.text_frame.text.replace("\v", " ").split())


def all_text(prs: Any) -> str:
    parts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title:
                parts.append(shape.text_frame.text)
    return " ".join(" ".join(parts).replace("\v", " ").split())


def frame_height(shape: Any, theme: Theme) -> float:
    """Independent height of a text frame's paragraphs, from the XML alone."""
    total = 0.0
    width = shape.width / EMU
    for p in shape.text_frame._txBody.findall(qn("a:p")):
        ppr = p.find(qn("a:pPr"))
        margin = int(ppr.get("marL", "0")) / EMU
        line = int(ppr.find(qn("a:lnSpc")).find(qn("a:spcPts")).get("val")) / 100
        after = int(ppr.find(qn("a:spcAft")).find(qn("a:spcPts")).get("val")) / 100
        runs = p.findall(qn("a:r"))
        props = {(r.find(qn("a:rPr")).get("b"), r.find(qn("a:rPr")).get("i")) for r in runs}
        sizes = {int(r.find(qn("a:rPr")).get("sz")) / 100 for r in runs}
        assert len(props) == 1 and len(sizes) == 1, "one font and size per paragraph"
        text = "".join(
            "\n" if el.tag == qn("a:br") else el.findtext(qn("a:t"))
            for el in p
            if el.tag in (qn("a:r"), qn("a:br"))
        )
        path = font_path(theme, ROLE[props.pop()])
        total += independent_lines(text, path, sizes.pop(), width - margin) * line + after
    return total


def assert_frames_fit(prs: Any, theme: Theme) -> int:
    checked = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            body = shape.text_frame._txBody.find(qn("a:bodyPr"))
            assert [body.get(k) for k in ("lIns", "tIns", "rIns", "bIns")] == ["0"] * 4
            assert body.get("wrap") == "square"
            assert body.find(qn("a:noAutofit")) is not None
            where = f"{title_text(slide)!r}: {shape.text_frame.text[:50]!r}"
            assert frame_height(shape, theme) <= shape.height / EMU + 0.01, where
            assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width, where
            assert shape.top >= 0 and shape.top + shape.height <= prs.slide_height, where
            checked += 1
    return checked


def parts_and_references(data: bytes) -> tuple[set[str], set[str]]:
    """Every part in the zip, and every part some relationship points to."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = {n for n in archive.namelist() if not n.endswith(".rels")}
    names.discard("[Content_Types].xml")
    referenced = set()
    for rels in (n for n in archive.namelist() if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in etree.fromstring(archive.read(rels)):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            referenced.add(posixpath.normpath(path))
    return names, referenced


# ---------------------------------------------------------------------------------------------
# The Kazakhstan deck
# ---------------------------------------------------------------------------------------------


def test_kz_titles_layouts_and_size(kz: Any) -> None:
    assert [title_text(s) for s in kz.slides] == KZ_TITLES
    assert kz.slides[0].slide_layout.name == "Title Slide"
    assert {s.slide_layout.name for s in list(kz.slides)[1:]} == {"Title and Content"}
    assert (kz.slide_width, kz.slide_height) == (12192000, 6858000)
    for slide in kz.slides:
        assert slide.shapes.title.is_placeholder
    body = kz.slides[2].placeholders[1]
    assert body.placeholder_format.type in (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY)
    subtitle = kz.slides[0].placeholders[1]
    assert subtitle.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
    assert subtitle.text_frame.text == "UPR pre-session, 4th cycle"


def test_kz_content_and_notes(kz: Any, theme: Theme) -> None:
    document = briefgen.layout.document.build_document(briefgen.load(INPUTS / "kz.yaml"), theme)
    text = all_text(kz)
    for rec in document.all_recommendations:
        assert rec.text in text
    for member in document.closing.members:
        assert member in text
    for issue in document.issues:
        for prev in issue.previous:
            assert prev.states in text
        for need in issue.needs:
            assert need.text in text
    running = []
    for slide in kz.slides:
        notes = slide.notes_slide.notes_text_frame.text
        match = TIMING.search(notes)
        assert match, notes
        running.append(match.group(2))
    assert running == sorted(running, key=lambda t: tuple(map(int, t.split(":"))))
    situation = kz.slides[2].notes_slide.notes_text_frame.text
    assert "Stage of development" in situation and "(Spain)" in situation


def test_kz_bullets_colours_and_fonts(kz: Any, theme: Theme) -> None:
    body = kz.slides[2].placeholders[1].text_frame._txBody
    ppr = body.find(qn("a:p")).find(qn("a:pPr"))
    # the original's ➢ is Wingdings' "Ø", drawn by PowerPoint's bullet font
    assert ppr.find(qn("a:buChar")).get("char") == "Ø"
    assert ppr.find(qn("a:buFont")).get("typeface") == "Wingdings"
    colour = ppr.find(qn("a:buClr")).find(qn("a:srgbClr")).get("val")
    assert colour == theme.colors.accent.lstrip("#").upper()
    assert int(ppr.get("indent")) < 0 < int(ppr.get("marL"))
    glyphs = {el.get("char") for s in kz.slides for el in s.element.iter(qn("a:buChar"))}
    assert glyphs == {"Ø", theme.bullets.sub, "q"}  # ➢, the dash (in Arial), ❑
    fonts = {el.get("typeface") for s in kz.slides for el in s.element.iter(qn("a:latin"))}
    assert fonts == {"Arial"}
    band = kz.slides[0].shapes[0]
    assert str(band.fill.fore_color.rgb) == theme.colors.band.lstrip("#").upper()
    assert band.width == kz.slide_width


def test_kz_frames_fit(kz: Any, theme: Theme) -> None:
    assert assert_frames_fit(kz, theme) >= 30


def test_stress_frames_fit(tmp_path: Path, theme: Theme) -> None:
    prs = Presentation(str(make_deck(tmp_path, "stress")))
    titles = [title_text(s) for s in prs.slides]
    assert any(t.endswith("(cont.)") for t in titles)
    assert assert_frames_fit(prs, theme) > 40


def test_4_3(tmp_path: Path, theme: Theme) -> None:
    prs = Presentation(str(make_deck(tmp_path, aspect="4:3")))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)
    assert [title_text(s) for s in prs.slides][:2] == KZ_TITLES[:2]
    assert assert_frames_fit(prs, theme) >= 30


def test_bytes_are_deterministic(tmp_path: Path, kz_file: Path) -> None:
    again = make_deck(tmp_path)
    assert again.read_bytes() == kz_file.read_bytes()
    props = Presentation(str(again)).core_properties
    assert props.title == "Children's Rights in Kazakhstan"
    assert props.last_modified_by == "briefgen" and props.revision == 1
    assert props.created == props.modified and props.created.year == 2000
    archive = zipfile.ZipFile(again)
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_orphan_parts(kz_file: Path) -> None:
    names, referenced = parts_and_references(kz_file.read_bytes())
    assert names <= referenced, names - referenced


# ---------------------------------------------------------------------------------------------
# Templates and logos
# ---------------------------------------------------------------------------------------------


def _template(folder: Path, suffix: str) -> Path:
    """python-pptx's default deck with one example slide, as .pptx or as a real .potx."""
    prs = Presentation()
    example = prs.slides.add_slide(prs.slide_layouts[1])
    example.shapes.title.text = "Example slide"
    example.notes_slide.notes_text_frame.text = "example notes"
    buffer = io.BytesIO()
    prs.save(buffer)
    path = folder / f"brand{suffix}"
    if suffix == ".pptx":
        path.write_bytes(buffer.getvalue())
        return path
    source = zipfile.ZipFile(buffer)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(PRESENTATION_MAIN.encode(), TEMPLATE_MAIN.encode())
            target.writestr(info, blob)
    return path


def _theme(folder: Path, extra: str) -> Theme:
    (folder / "theme.yaml").write_text(f"extends: default\n{extra}", encoding="utf-8")
    return load_theme(str(folder))


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_template(tmp_path: Path, suffix: str, theme: Theme) -> None:
    folder = tmp_path / "brand"
    folder.mkdir()
    template = _template(folder, suffix)
    assert (TEMPLATE_MAIN.encode() in zipfile.ZipFile(template).read("[Content_Types].xml")) == (
        suffix == ".potx"
    )
    branded = _theme(folder, f"slides:\n  template: {template.name}\n")
    path = make_deck(tmp_path / "out", theme=branded)
    data = path.read_bytes()
    prs = Presentation(io.BytesIO(data))
    assert [title_text(s) for s in prs.slides] == KZ_TITLES
    assert "Example slide" not in all_text(prs)
    assert all("example notes" not in s.notes_slide.notes_text_frame.text for s in prs.slides)
    archive = zipfile.ZipFile(io.BytesIO(data))
    slides = [n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    notes = [n for n in archive.namelist() if re.fullmatch(r"ppt/notesSlides/\w+\.xml", n)]
    assert len(slides) == len(notes) == len(KZ_TITLES)
    types = archive.read("[Content_Types].xml")
    assert PRESENTATION_MAIN.encode() in types and TEMPLATE_MAIN.encode() not in types
    names, referenced = parts_and_references(data)
    assert names <= referenced, names - referenced
    assert "docProps/thumbnail.jpeg" not in names  # the template's picture of its example
    assert assert_frames_fit(prs, theme) >= 30
    assert make_deck(tmp_path / "again", theme=branded).read_bytes() == data


def test_logos_keep_their_shape_and_have_alt_text(tmp_path: Path) -> None:
    folder = tmp_path / "logos"
    folder.mkdir()
    Image.new("RGB", (400, 100), "navy").save(folder / "coalition-logo.png")
    Image.new("RGB", (100, 200), "orange").save(folder / "un_partner.png")
    branded = _theme(folder, "logos: [coalition-logo.png, un_partner.png]\n")
    prs = Presentation(str(make_deck(tmp_path / "out", theme=branded)))
    pictures = [s for s in prs.slides[0].shapes if s.shape_type == 13]  # PICTURE
    assert len(pictures) == 2
    alts = [p._element.nvPicPr.cNvPr.get("descr") for p in pictures]
    # brand logos speak for the coalition the briefing comes from
    assert alts == ["NGO Coalition on the Rights of the Child"] * 2
    ratios = [p.width / p.height for p in pictures]
    assert ratios == pytest.approx([4.0, 0.5], rel=0.01)
    band_bottom = prs.slides[0].shapes[0].height
    for pic in pictures:
        assert pic.top > band_bottom and pic.top + pic.height <= prs.slide_height
        assert pic.left + pic.width <= prs.slide_width


def _boxes_overlap(a: Any, b: Any) -> bool:
    across = a.left < b.left + b.width and b.left < a.left + a.width
    return across and a.top < b.top + b.height and b.top < a.top + a.height


@pytest.mark.parametrize("count", [1, 7, 15])
def test_logo_grids_stay_inside_the_content_margins(
    count: int, logo_briefing: Callable[[int], Path], tmp_path: Path
) -> None:
    """Brand logos on the title slide (and the members' when they are few), member logos on
    the closing one(s): inside, no overlap."""
    briefing = briefgen.load(logo_briefing(count))
    result = build(briefing, pdf=False, out=tmp_path / "out")
    prs = Presentation(str(result.written["pptx"]))
    margins = resolve_theme(briefing, None).slides.margins
    inside = (
        round(margins.left * 72 * EMU),
        round(margins.top * 72 * EMU),
        prs.slide_width - round(margins.right * 72 * EMU),
        prs.slide_height - round(margins.bottom * 72 * EMU),
    )

    def pictures(slide: Any) -> list[Any]:
        return [s for s in slide.shapes if s.shape_type == 13]  # PICTURE

    slides = list(prs.slides)
    closing = [s for s in slides[1:] if pictures(s)]
    assert closing and closing == slides[-len(closing) :]  # the closing slide(s), at the end
    few = count <= resolve_theme(briefing, None).layout.slides.title_member_logos
    assert len(pictures(slides[0])) == 2 + (count if few else 0)
    aspects = [LOGO_ASPECTS[k % len(LOGO_ASPECTS)] for k in range(count)]
    for slide in [slides[0], *closing]:
        placed = pictures(slide)
        for pic in placed:
            assert pic.left >= inside[0] - 1 and pic.left + pic.width <= inside[2] + 1
            assert pic.top >= inside[1] - 1 and pic.top + pic.height <= inside[3] + 1
        texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        for a, b in itertools.combinations(placed, 2):
            assert not _boxes_overlap(a, b)
        for pic, text in itertools.product(placed, texts):
            assert not _boxes_overlap(pic, text), text.text_frame.text
        assert max(p.height for p in placed) - min(p.height for p in placed) <= 2  # one height
    for slide in closing:  # every member's logo, in order, and tall enough to make out
        placed = sorted(pictures(slide), key=lambda p: (p.top, p.left))
        assert [p.width / p.height for p in placed] == pytest.approx(aspects, rel=0.01)
        logo_min = load_theme("default").layout.slides.logo_min
        assert min(p.height for p in placed) >= logo_min * prs.slide_height * 0.99


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs LibreOffice")
def test_libreoffice_draws_every_character_inside_its_frame(tmp_path: Path, kz_file: Path) -> None:
    """The real-renderer check of bench/render_deck.py, on the kz and stress decks."""
    spec = importlib.util.spec_from_file_location("render_deck", ROOT / "bench" / "render_deck.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    stress = make_deck(tmp_path / "decks", "stress")
    conf = bench.font_config([], tmp_path)
    for deck in (kz_file, stress):
        pdf = bench.to_pdf(deck, tmp_path, tmp_path / "profile", conf)
        assert bench.overflow(deck, pdf) == []


def test_brand_logos_without_a_coalition_are_named_by_their_file(tmp_path: Path) -> None:
    folder = tmp_path / "logos"
    folder.mkdir()
    Image.new("RGB", (300, 100), "navy").save(folder / "un_human-rights.png")
    branded = _theme(folder, "logos: [un_human-rights.png]\n")
    (tmp_path / "plain.yaml").write_text(
        "title: T\ncountry: K\nissues:\n  - title: I\n    recommendations: [R]\n",
        encoding="utf-8",
    )
    result = build(briefgen.load(tmp_path / "plain.yaml"), pdf=False, out=tmp_path, theme=branded)
    prs = Presentation(str(result.written["pptx"]))
    alts = [
        s._element.nvPicPr.cNvPr.get("descr") for s in prs.slides[0].shapes if s.shape_type == 13
    ]
    assert alts == ["un human rights"]


def test_member_logos_sit_in_a_row_on_the_closing_slide(tmp_path: Path, theme: Theme) -> None:
    for name, size in (("bureau.png", (300, 300)), ("fund.png", (600, 200))):
        Image.new("RGB", size, "teal").save(tmp_path / name)
    (tmp_path / "brand").mkdir()
    Image.new("RGB", (400, 100), "navy").save(tmp_path / "brand" / "brand.png")
    branded = _theme(tmp_path / "brand", "logos: [brand.png]\n")
    source = (INPUTS / "kz.yaml").read_text(encoding="utf-8")
    source = source.replace(
        "    - en: Public foundation “Rodnik”\n"
        "      ru: Общественный фонд «Родник»\n"
        "      kk: «Родник» қоғамдық қоры\n",
        "    - {name: Public foundation “Rodnik”, logo: bureau.png}\n"
        "    - {name: Public foundation “Bota”, city: Almaty, logo: fund.png}\n",
    )
    (tmp_path / "kz.yaml").write_text(source, encoding="utf-8")
    briefing = briefgen.load(tmp_path / "kz.yaml")
    result = build(briefing, pdf=False, out=tmp_path / "out", theme=branded)
    prs = Presentation(str(result.written["pptx"]))

    def alts(slide: Any) -> list[str]:
        return [s._element.nvPicPr.cNvPr.get("descr") for s in slide.shapes if s.shape_type == 13]

    # the brand logo, then the (two) members' on the title slide, as on the PDF cover; the
    # members' logos (named) on the closing slide
    assert alts(prs.slides[0]) == [
        "NGO Coalition on the Rights of the Child",
        "Public foundation “Rodnik”",
        "Public foundation “Bota”",
    ]
    closing = list(prs.slides)[-1]
    pictures = [s for s in closing.shapes if s.shape_type == 13]
    assert alts(closing) == ["Public foundation “Rodnik”", "Public foundation “Bota”"]
    assert [p.width / p.height for p in pictures] == pytest.approx([1.0, 3.0], rel=0.01)
    body = closing.placeholders[1]
    for pic in pictures:
        assert pic.top >= body.top + body.height
        assert pic.top + pic.height <= prs.slide_height
    assert not any(s.shape_type == 13 for s in prs.slides[1].shapes)
    assert assert_frames_fit(prs, theme) >= 30


# ---------------------------------------------------------------------------------------------
# Package integrity: what makes PowerPoint offer to "repair" a file
# ---------------------------------------------------------------------------------------------

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@pytest.mark.parametrize("name", ["kz.yaml", "stress.yaml", "multilingual.yaml"])
def test_package_integrity(tmp_path: Path, name: str) -> None:
    deck = build(briefgen.load(INPUTS / name), pdf=False, out=tmp_path).written["pptx"]
    data = deck.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names, referenced = parts_and_references(data)
    assert referenced <= names, f"dangling relationships: {referenced - names}"
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    defaults = {d.get("Extension").lower() for d in types.iter(f"{_CT}Default")}
    overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{_CT}Override")}
    for part in names:
        assert part in overrides or part.rsplit(".", 1)[-1].lower() in defaults, part
    assert not overrides - names - {"[Content_Types].xml"}, "content types for missing parts"
    presentation = etree.fromstring(archive.read("ppt/presentation.xml"))
    ids = [int(s.get("id")) for s in presentation.iter(f"{_P}sldId")]
    assert len(ids) == len(set(ids)) and min(ids) >= 256
    slides = sorted(n for n in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    notes = [n for n in names if re.fullmatch(r"ppt/notesSlides/notesSlide\d+\.xml", n)]
    assert len(slides) == len(ids) == len(notes)
    app = etree.fromstring(archive.read("docProps/app.xml"))
    counts = [el.text for el in app.iter() if el.tag.endswith("}Slides")]
    assert counts == [str(len(slides))], "docProps/app.xml must describe this deck"
    for slide in slides:
        root = etree.fromstring(archive.read(slide))
        shape_ids = [el.get("id") for el in root.iter() if el.tag.endswith("}cNvPr")]
        assert len(shape_ids) == len(set(shape_ids)), f"duplicate shape ids in {slide}"
