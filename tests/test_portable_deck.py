"""Decks present correctly on a computer that has only the usual Office fonts.

A deck names Arial and is measured with Arimo (Arial's widths); its bullets are Wingdings
characters. LibreOffice renders every shipped theme's kz deck and the stress deck in a font
sandbox holding only Liberation (which stands for Arial, as Arimo does) and OpenSymbol (which
LibreOffice draws Wingdings bullets with): no theme font is visible to it. Every character it
draws must lie inside its text frame and, outside the footer, above the footer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pptx import Presentation
from pptx.util import Emu
from test_slides import INPUTS

import briefgen
from briefgen import fonts, metric_fonts
from briefgen.build import Options, build
from briefgen.fonts import FontMetrics, FontSpec
from briefgen.theme import available, load_theme

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
TOLERANCE = 1.5  # points, left and right
V_TOLERANCE = 0.2  # of the font size, above and below (see bench/render_deck.py)


def _opensymbol_dir() -> Path | None:
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        if "opensymbol" in line.casefold():
            return Path(line.split(":", 1)[0]).parent
    return None


SANDBOX_READY = (
    shutil.which("libreoffice") is not None
    and LIBERATION.is_dir()
    and _opensymbol_dir() is not None
)


def sandbox_conf(folder: Path) -> Path:
    """A fontconfig file that shows LibreOffice only Liberation and OpenSymbol."""
    dirs = "".join(f"<dir>{d}</dir>" for d in (LIBERATION, _opensymbol_dir()))
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"{dirs}<cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return path


def render(deck: Path, folder: Path, conf: Path) -> Path:
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(folder)}
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(deck),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    return folder / f"{deck.stem}.pdf"


def text_frames(deck: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per slide: (x0, top, x1, bottom, text) of every text frame, in points."""
    out = []
    for slide in Presentation(str(deck)).slides:
        boxes = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                x, y = Emu(shape.left).pt, Emu(shape.top).pt
                w, h = Emu(shape.width).pt, Emu(shape.height).pt
                boxes.append((x, y, x + w, y + h, shape.text_frame.text))
        out.append(boxes)
    return out


def misplaced(deck: Path, pdf: Path, footers: list[float | None]) -> list[str]:
    """Characters drawn outside every frame, or below the top of the slide's footer."""
    problems = []
    with pdfplumber.open(str(pdf)) as doc:
        assert len(doc.pages) == len(footers)
        for number, (page, boxes, foot) in enumerate(
            zip(doc.pages, text_frames(deck), footers, strict=True), 1
        ):
            footer_top = page.height if foot is None else foot
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                v = V_TOLERANCE * ch["size"]
                if "OpenSymbol" in ch["fontname"]:
                    # the bullet font's em box is taller than the text's (a larger ascent), so
                    # on a tight first line it pokes out above the frame while the arrow drawn
                    # is inside: a bullet is placed by its middle
                    middle = (ch["top"] + ch["bottom"]) / 2
                    ch = {**ch, "top": middle, "bottom": middle}
                home = [
                    b
                    for b in boxes
                    if b[0] - TOLERANCE <= ch["x0"]
                    and ch["x1"] <= b[2] + TOLERANCE
                    and b[1] - v <= ch["top"]
                    and ch["bottom"] <= b[3] + v
                ]
                in_footer = any(b[1] >= footer_top - TOLERANCE for b in home)
                if not home or (not in_footer and ch["bottom"] > footer_top + v):
                    where = f"{deck.stem} slide {number}"
                    problems.append(f"{where}: {ch['text']!r} at {ch['top']:.1f}")
    return problems


def footer_tops(briefing: Any, theme: str, out: Path) -> tuple[Path, list[float | None]]:
    """Build a deck and, per slide, the top of its footer (from the layout), if it has one."""
    result = build(briefing, pdf=False, out=out, theme=theme, options=Options())
    deck = result.written["pptx"]
    from briefgen.build import plan  # the same layout the deck was painted from

    slides = plan(briefing, theme, Options(), ("pptx",)).layouts["pptx"].slides
    feet = [min((b.box.y for b in s.footer), default=None) for s in slides]
    return deck, feet


def test_every_shipped_theme_names_arial_and_wingdings_bullets(tmp_path: Path) -> None:
    briefing = briefgen.load(INPUTS / "kz.yaml")
    arimo = FontMetrics.load(fonts.resolve(FontSpec("Arimo")).path)
    seen: set[tuple[str, str]] = set()
    for name in available():
        deck = build(briefing, pdf=False, out=tmp_path / name, theme=name).written["pptx"]
        prs = Presentation(str(deck))
        latin = {e.get("typeface") for s in prs.slides for e in s._element.iter(f"{A}latin")}
        assert latin == {"Arial"}, name
        bullets = {
            (f.get("typeface"), c.get("char"))
            for s in prs.slides
            for ppr in s._element.iter(f"{A}pPr")
            for f in ppr.iter(f"{A}buFont")
            for c in ppr.iter(f"{A}buChar")
        }
        seen |= bullets
        theme = load_theme(name)
        for glyph in (theme.bullets.point, theme.bullets.member, theme.bullets.sub):
            # a Wingdings character where Wingdings draws the glyph, else Arial's own glyph,
            # which Arimo (Arial's widths and repertoire) has
            want = metric_fonts.bullet_char(glyph) or ("Arial", glyph)
            assert want in bullets, (name, glyph)
            if want[0] == "Arial":
                assert arimo.covers(glyph), glyph
    assert ("Wingdings", "Ø") in seen and ("Wingdings", "q") in seen  # ➢ ❑ of the default


def test_wingdings_characters_of_the_original_bullets() -> None:
    assert metric_fonts.bullet_char("➢") == ("Wingdings", "Ø")
    assert metric_fonts.bullet_char("❑") == ("Wingdings", "q")
    assert metric_fonts.bullet_char("–") is None


def test_a_deck_font_presenting_computers_lack_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text(
        "extends: default\nfonts:\n  deck: {family: Noto Sans}\n", encoding="utf-8"
    )
    briefing = briefgen.load(INPUTS / "kz.yaml")
    result = build(briefing, pdf=False, out=tmp_path, theme=tmp_path / "theme.yaml")
    joined = "\n".join(result.warnings)
    assert "deck font 'Noto Sans' is not on usual presenting computers" in joined
    assert "fonts.deck.family: Arial" in joined
    prs = Presentation(str(result.written["pptx"]))
    latin = {e.get("typeface") for s in prs.slides for e in s._element.iter(f"{A}latin")}
    assert latin == {"Noto Sans"}
    default = build(briefing, pdf=False, out=tmp_path / "d", theme="default")
    assert not any("deck font" in w for w in default.warnings)


@pytest.mark.skipif(not SANDBOX_READY, reason="needs LibreOffice, Liberation and OpenSymbol")
@pytest.mark.parametrize(
    ("theme", "name"),
    [*((t, "kz") for t in ("default", "un", "high-contrast")), ("default", "stress")],
)
def test_libreoffice_without_theme_fonts_keeps_text_in_frames(
    tmp_path: Path, theme: str, name: str
) -> None:
    briefing = briefgen.load(INPUTS / f"{name}.yaml")
    deck, feet = footer_tops(briefing, theme, tmp_path / "out")
    conf = sandbox_conf(tmp_path)
    pdf = render(deck, tmp_path, conf)
    with pdfplumber.open(str(pdf)) as doc:  # drawn with Liberation Sans, as Arial would be
        used = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for p in doc.pages for c in p.chars}
    assert any(f.startswith("LiberationSans") for f in used), used
    assert not any(f.startswith(("DejaVu", "Noto", "IBMPlex", "Arimo")) for f in used), used
    assert misplaced(deck, pdf, feet) == []
