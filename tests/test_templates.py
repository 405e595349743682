"""Organisation templates: the deck in the template's size, layouts and placeholders.

Templates are made here (python-pptx's default saved as .pptx and .potx; one of another size
with coloured shapes and a picture on the master and renamed layouts) or converted from
LibreOffice's bundled presentation templates when LibreOffice is installed. The decks are read
back with python-pptx and rendered with LibreOffice.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cli_runner import CliRunner
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Inches
from test_pptx import (
    KZ_TITLES,
    PRESENTATION_MAIN,
    TEMPLATE_MAIN,
    assert_frames_fit,
    make_deck,
    title_text,
)
from test_slides import INPUTS, ROOT

import briefgen
from briefgen.build import Options, plan
from briefgen.cli import app
from briefgen.template_geometry import TemplateError, read_template
from briefgen.theme import Theme, load_theme

EMU = 12700
LIBREOFFICE_TEMPLATES = Path("/usr/lib/libreoffice/share/template/common/presnt")
KEPT = ("ppt/slideMasters/", "ppt/slideLayouts/", "ppt/theme/", "ppt/media/")


def _save(prs: Any, path: Path) -> Path:
    """Save as .pptx, or as a real .potx (the main part's content type rewritten)."""
    buffer = io.BytesIO()
    prs.save(buffer)
    if path.suffix == ".pptx":
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


def default_template(path: Path) -> Path:
    """python-pptx's default template (4:3) with an example slide."""
    prs = Presentation()
    example = prs.slides.add_slide(prs.slide_layouts[1])
    example.shapes.title.text = "Example slide"
    return _save(prs, path)


def custom_template(path: Path) -> Path:
    """11.02 × 6.2 in, a coloured strip and a logo picture on the master, layouts renamed."""
    prs = Presentation()
    sx, sy = 11.02 / 10, 6.2 / 7.5
    prs.slide_width, prs.slide_height = Inches(11.02), Inches(6.2)
    master = prs.slide_master
    for part in (master, *master.slide_layouts):  # placeholders scaled to the new size
        for xfrm in part._element.iter(qn("a:xfrm")):
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            off.set("x", str(round(int(off.get("x")) * sx)))
            off.set("y", str(round(int(off.get("y")) * sy)))
            ext.set("cx", str(round(int(ext.get("cx")) * sx)))
            ext.set("cy", str(round(int(ext.get("cy")) * sy)))
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    strip = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.3), Inches(6.2))
    strip.fill.solid()
    strip.fill.fore_color.rgb = RGBColor(0xC0, 0x20, 0x40)
    logo = io.BytesIO()
    Image.new("RGB", (120, 80), "teal").save(logo, "PNG")
    _, r_id = master.part.get_or_add_image_part(logo)
    picture = scratch.shapes.add_picture(io.BytesIO(logo.getvalue()), Inches(10.3), Inches(0.1))
    picture.width, picture.height = Inches(0.6), Inches(0.4)
    picture._element.blipFill.find(qn("a:blip")).set(qn("r:embed"), r_id)
    tree = master.shapes._spTree
    tree.insert(2, strip._element)
    tree.append(picture._element)
    names = {"Title Slide": "Opening", "Title and Content": "Body", "Section Header": "Divider"}
    for layout in master.slide_layouts:
        layout.name = names.get(layout.name, layout.name)
    example = prs.slides.add_slide(prs.slide_layouts[1])
    example.shapes.title.text = "Example slide"
    return _save(prs, path)


def libreoffice_template(folder: Path, name: str) -> Path:
    """One of LibreOffice's bundled templates, converted to .pptx by LibreOffice."""
    source = LIBREOFFICE_TEMPLATES / f"{name}.otp"
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pptx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{name}.pptx"


def _theme(folder: Path, template: Path, extra: str = "") -> Theme:
    (folder / "theme.yaml").write_text(
        f"extends: default\nslides:\n  template: {template.name}\n{extra}", encoding="utf-8"
    )
    return load_theme(str(folder))


HAVE_LIBREOFFICE = shutil.which("soffice") is not None and LIBREOFFICE_TEMPLATES.is_dir()
KINDS = ["default.pptx", "default.potx", "custom.pptx"] + (["Vivid"] if HAVE_LIBREOFFICE else [])


@pytest.fixture(scope="module", params=KINDS)
def templated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """(template file, theme, written deck) for each kind of template."""
    folder = tmp_path_factory.mktemp("brand")
    kind = request.param
    if kind.startswith("default"):
        template = default_template(folder / kind)
    elif kind.startswith("custom"):
        template = custom_template(folder / kind)
    else:
        template = libreoffice_template(folder, kind)
    theme = _theme(folder, template)
    return template, theme, make_deck(folder / "out", theme=theme)


# ---------------------------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_reader_gives_size_layouts_inherited_boxes_and_fonts(tmp_path: Path, suffix: str) -> None:
    geometry = read_template(default_template(tmp_path / f"t{suffix}"))
    assert (geometry.width, geometry.height) == (720.0, 540.0)
    assert (geometry.major_font, geometry.minor_font) == ("Calibri", "Calibri")
    names = [layout.name for layout in geometry.layouts]
    assert names[:3] == ["Title Slide", "Title and Content", "Section Header"]
    content = geometry.layouts[1]
    assert content.part == "/ppt/slideLayouts/slideLayout2.xml"
    body = content.first("obj")
    assert body is not None and body.inherited and body.idx == 1
    master = Presentation(str(tmp_path / f"t{suffix}")) if suffix == ".pptx" else None
    if master is not None:  # the box is the master's body placeholder's
        ph = next(p for p in master.slide_master.placeholders if p.placeholder_format.idx == 1)
        assert (body.box.x, body.box.y) == (ph.left / EMU, ph.top / EMU)
        assert (body.box.w, body.box.h) == (ph.width / EMU, ph.height / EMU)
    title = geometry.layouts[0].first("ctrTitle")
    assert title is not None and not title.inherited


def test_reader_refuses_entities(tmp_path: Path) -> None:
    source = zipfile.ZipFile(default_template(tmp_path / "t.pptx"))
    bomb = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "ppt/presentation.xml":
                head = b'<!DOCTYPE p [<!ENTITY a "aaaaaaaa">]>'
                blob = blob.replace(b"?>", b"?>" + head, 1)
            target.writestr(info, blob)
    with pytest.raises(TemplateError, match="document type or entities"):
        read_template(bomb)


def test_custom_template_geometry(tmp_path: Path) -> None:
    geometry = read_template(custom_template(tmp_path / "c.pptx"))
    assert geometry.width == pytest.approx(11.02 * 72) and geometry.height == pytest.approx(
        6.2 * 72
    )
    assert [layout.name for layout in geometry.layouts][:3] == ["Opening", "Body", "Divider"]
    assert len(geometry.layouts[1].artwork) == 2  # the strip and the logo, from the master


# ---------------------------------------------------------------------------------------------
# Decks on templates
# ---------------------------------------------------------------------------------------------


def _inside(shape: Any, box: Any) -> bool:
    return (
        shape.left >= box.left - 1
        and shape.top >= box.top - 1
        and shape.left + shape.width <= box.left + box.width + 1
        and shape.top + shape.height <= box.top + box.height + 1
    )


def _overlap(a: Any, b: Any) -> bool:
    across = a.left < b.left + b.width and b.left < a.left + a.width
    return across and a.top < b.top + b.height and b.top < a.top + a.height


def test_deck_has_the_templates_size_and_text_in_its_placeholders(templated: Any) -> None:
    template, theme, deck = templated
    geometry = read_template(template)
    prs = Presentation(str(deck))
    size = (prs.slide_width / EMU, prs.slide_height / EMU)
    assert size == pytest.approx((geometry.width, geometry.height))
    titles = [title_text(s) for s in prs.slides]  # a smaller body box may need "(cont.)" slides
    assert [t for t in titles if not re.search(r"cont\.( \d+)?\)$", t)] == KZ_TITLES
    content_names = set()
    for slide in list(prs.slides)[1:]:
        layout = slide.slide_layout
        content_names.add(layout.name)
        boxes = {ph.placeholder_format.type: ph for ph in layout.placeholders}
        title = slide.shapes.title
        assert title.is_placeholder
        layout_title = boxes.get(PP_PLACEHOLDER.TITLE) or boxes[PP_PLACEHOLDER.CENTER_TITLE]
        assert _inside(title, layout_title), title_text(slide)
        body = [
            s
            for s in slide.placeholders
            if s.placeholder_format.type in (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY)
        ]
        assert body and body[0].text_frame.text
        layout_body = next(
            ph
            for ph in layout.placeholders
            if ph.placeholder_format.type in (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY)
        )
        assert _inside(body[0], layout_body), title_text(slide)
        # the theme's decorations (title band, rules) are not drawn on the template
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE]
        # the footer text and slide number sit in the template's placeholders
        numbers = [
            s
            for s in slide.placeholders
            if s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        ]
        if numbers:
            assert numbers[0].text_frame.text == str(list(prs.slides).index(slide) + 1)
    assert len(content_names) == 1
    assert assert_frames_fit(prs, theme) >= 2 * len(prs.slides)  # a title and a body each


@pytest.mark.parametrize("kind", ["default.pptx", "custom.pptx"])
def test_text_inherits_the_placeholder_boxes_and_fills_the_footer(
    tmp_path: Path, kind: str
) -> None:
    """Titles and bodies that fill their placeholder carry no position of their own; a
    sparse slide's body, balanced lower in its placeholder, keeps the placeholder's left,
    width and bottom; the briefing's title and the slide number are in the footer and
    slide-number placeholders."""
    make = default_template if kind.startswith("default") else custom_template
    template = make(tmp_path / kind)
    deck = make_deck(tmp_path / "out", theme=_theme(tmp_path, template))
    prs = Presentation(str(deck))
    layouts = {g.part: g for g in read_template(template).layouts}
    inherited = balanced = 0
    for number, slide in enumerate(list(prs.slides)[1:], start=2):
        by_type = {s.placeholder_format.type: s for s in slide.placeholders}
        body = by_type.get(PP_PLACEHOLDER.OBJECT)
        if body is not None and body._element.spPr.find(qn("a:xfrm")) is None:
            inherited += 1
        elif body is not None and number < len(prs.slides):  # not the closing slide
            own = layouts[str(slide.slide_layout.part.partname)].first("obj", "body")
            assert own is not None
            box = own.box
            assert body.left / EMU == pytest.approx(box.x, abs=0.01)
            assert body.width / EMU == pytest.approx(box.w, abs=0.01)
            assert (body.top + body.height) / EMU == pytest.approx(box.bottom, abs=0.01)
            assert body.top / EMU > box.y
            balanced += 1
        if kind.startswith("default"):  # no artwork: the title keeps its placeholder's box
            assert slide.shapes.title._element.spPr.find(qn("a:xfrm")) is None
        footer = by_type[PP_PLACEHOLDER.FOOTER]
        assert footer.text_frame.text == "Children's Rights in Kazakhstan"
        assert by_type[PP_PLACEHOLDER.SLIDE_NUMBER].text_frame.text == str(number)
        assert PP_PLACEHOLDER.DATE not in by_type
    # all but the closing slide(s) with logos or columns: in their placeholder, or balanced
    assert inherited >= 1
    assert inherited + balanced >= len(prs.slides) - 3


def test_nothing_is_drawn_over_the_masters_pictures(templated: Any) -> None:
    _, _, deck = templated
    prs = Presentation(str(deck))
    for slide in prs.slides:
        master = slide.slide_layout.slide_master
        art = [
            s
            for s in (*master.shapes, *slide.slide_layout.shapes)
            if not s.is_placeholder
            and s.width * s.height < 0.6 * prs.slide_width * prs.slide_height
        ]
        texts = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]
        for shape in texts:
            for other in art:
                assert not _overlap(shape, other), shape.text_frame.text[:40]


def test_template_parts_are_kept_byte_for_byte(templated: Any) -> None:
    template, _, deck = templated
    source = zipfile.ZipFile(template)
    written = zipfile.ZipFile(deck)
    # the template's own parts (a notes master and its theme may be new)
    kept = [n for n in written.namelist() if n.startswith(KEPT) and n in source.namelist()]
    assert any("slideMaster" in n for n in kept) and any("slideLayout" in n for n in kept)
    for name in kept:
        assert written.read(name) == source.read(name), name
    assert not any(
        n.startswith("ppt/slides/") and "Example" in written.read(n).decode()
        for n in written.namelist()
        if n.endswith(".xml")
    )


def test_custom_template_layouts_chosen_by_placeholders_and_named_by_the_theme(
    tmp_path: Path,
) -> None:
    template = custom_template(tmp_path / "custom.potx")
    prs = Presentation(str(make_deck(tmp_path / "a", theme=_theme(tmp_path, template))))
    layouts = [s.slide_layout.name for s in prs.slides]
    assert layouts[0] == "Opening" and set(layouts[1:]) == {"Body"}
    named = _theme(tmp_path, template, "layout:\n  slides: {closing_layout: Divider}\n")
    prs = Presentation(str(make_deck(tmp_path / "b", theme=named)))
    for slide in list(prs.slides)[1:]:  # the closing slide(s) on the layout the theme names
        closing = title_text(slide).startswith("Thank you")
        assert slide.slide_layout.name == ("Divider" if closing else "Body")


def test_aspect_on_a_template_of_another_shape_warns_and_keeps_its_size(tmp_path: Path) -> None:
    theme = _theme(tmp_path, default_template(tmp_path / "t.pptx"))
    result = plan(briefgen.load(INPUTS / "kz.yaml"), theme, Options(aspect="16:9"), ("pptx",))
    deck = result.layouts["pptx"]
    assert (deck.width, deck.height) == (720.0, 540.0)
    assert any("--aspect 16:9 ignored" in w and "10.00 × 7.50 in" in w for _, w in result.warnings)
    same = plan(briefgen.load(INPUTS / "kz.yaml"), theme, Options(aspect="4:3"), ("pptx",))
    assert not any("--aspect" in w for _, w in same.warnings)


def test_template_without_a_content_layout_is_a_positioned_error(tmp_path: Path) -> None:
    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name not in ("Title Slide", "Blank"):
            prs.slide_layouts.remove(layout)
    prs.save(str(tmp_path / "poor.pptx"))
    (tmp_path / "theme.yaml").write_text(
        "extends: default\nslides:\n  template: poor.pptx\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app, ["validate", str(INPUTS / "kz.yaml"), "--theme", str(tmp_path)]
    )
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"{tmp_path / 'theme.yaml'}:3:")
    assert "slides.template: template 'poor.pptx' has no layout with a title and one body" in line
    assert "'Title Slide', 'Blank'" in line


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="needs LibreOffice")
def test_libreoffice_draws_every_character_inside_its_frame(templated: Any, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("render_deck", ROOT / "bench" / "render_deck.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    _, _, deck = templated
    conf = bench.font_config([], tmp_path)
    pdf = bench.to_pdf(deck, tmp_path, tmp_path / "profile", conf)
    assert bench.overflow(deck, pdf) == []


def _latin_fonts(deck: Path) -> set[str]:
    archive = zipfile.ZipFile(deck)
    found: set[str] = set()
    for name in archive.namelist():
        if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
            found |= set(re.findall(r'<a:latin typeface="([^"]*)"', archive.read(name).decode()))
    return found


def test_the_templates_font_is_named_and_measured_conservatively(tmp_path: Path) -> None:
    """python-pptx's template uses Calibri: no metric twin is installed, so the deck names
    Calibri, measures with the wider DejaVu Sans and says so; a theme naming its deck font wins."""
    template = default_template(tmp_path / "t.pptx")
    theme = _theme(tmp_path, template)
    result = plan(briefgen.load(INPUTS / "kz.yaml"), theme, Options(), ("pptx",))
    assert result.layouts["pptx"].font == ("Calibri", "DejaVu Sans")
    assert any("template's font 'Calibri'" in w and "DejaVu Sans" in w for _, w in result.warnings)
    assert _latin_fonts(make_deck(tmp_path / "a", theme=theme)) == {"Calibri"}
    named = _theme(tmp_path, template, "fonts:\n  deck: {family: Arial}\n")
    result = plan(briefgen.load(INPUTS / "kz.yaml"), named, Options(), ("pptx",))
    assert result.layouts["pptx"].font == ("", "")
    assert not any("Calibri" in w for _, w in result.warnings)
    assert _latin_fonts(make_deck(tmp_path / "b", theme=named)) == {"Arial"}


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="needs LibreOffice and its templates")
def test_a_template_in_arial_is_measured_with_its_metric_twin(tmp_path: Path) -> None:
    template = libreoffice_template(tmp_path, "Vivid")
    assert read_template(template).minor_font == "Arial"
    theme = _theme(tmp_path, template)
    result = plan(briefgen.load(INPUTS / "kz.yaml"), theme, Options(), ("pptx",))
    assert result.layouts["pptx"].font == ("Arial", "Arial")  # measured with Arimo
    assert not any("metric-compatible" in w for _, w in result.warnings)
