"""Render decks through LibreOffice into PNGs, and check that no text left its frame.

Why: the layout engine promises that no slide overflows, but only a real renderer shows it.
LibreOffice is the one we can run headless: each deck becomes a PDF (``--convert-to pdf``),
then PNGs (``pdftoppm``) to look at, and every character LibreOffice drew is checked to lie
inside one of the deck's text frames (read from the .pptx) on its slide.

LibreOffice only draws with the deck's fonts if it can find them, so the font files of the
shipped themes (and of any ``--theme`` given) are shown to it through a private fontconfig
file; otherwise it would substitute DejaVu Sans and the check would measure the wrong font.

Usage: python bench/render_deck.py OUT_DIR DECK.pptx [DECK.pptx ...] [--resolution 40]
       [--theme NAME_OR_PATH ...]
Exit status 1 when a character falls outside every text frame.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EMU_PER_POINT = 12700
TOLERANCE = 1.5  # points, left and right
# Above and below, a fraction of the font size: LibreOffice draws the bullet glyph and the
# first line's em box slightly above a frame whose line spacing is tighter than the font's
# natural height. A real overflow is a whole line (at least one font size) out.
V_TOLERANCE = 0.2


def font_config(themes: list[str], folder: Path) -> Path:
    """A fontconfig file: the system's fonts plus the folders holding the themes' fonts."""
    from briefgen import fonts, theme

    names = [*theme.available(), *themes]
    dirs = set()
    for name in names:
        chosen = theme.load_theme(name)
        for role in ("regular", "bold", "italic", "bold_italic", "symbols"):
            dirs.add(str(fonts.resolve(chosen.font_spec(role)).path.parent))
        for spec in chosen.fallback_specs():
            dirs.add(str(fonts.resolve(spec).path.parent))
    entries = "".join(f"<dir>{d}</dir>" for d in sorted(dirs))
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{entries}'
        f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return path


def to_pdf(deck: Path, out: Path, profile: Path, fonts_conf: Path | None = None) -> Path:
    """Convert with a private LibreOffice profile (no clash with a running instance)."""
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf)} if fonts_conf else None
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(deck),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    return out / f"{deck.stem}.pdf"


def to_png(pdf: Path, out: Path, resolution: int) -> list[Path]:
    for old in out.glob(f"{pdf.stem}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(out / pdf.stem)], check=True
    )
    return sorted(out.glob(f"{pdf.stem}-*.png"))


def frames(deck: Path) -> list[list[tuple[float, float, float, float]]]:
    """Per slide, the boxes (x0, top, x1, bottom in points) of its text frames."""
    from pptx import Presentation

    out = []
    for slide in Presentation(str(deck)).slides:
        boxes = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                x, y = shape.left / EMU_PER_POINT, shape.top / EMU_PER_POINT
                w, h = shape.width / EMU_PER_POINT, shape.height / EMU_PER_POINT
                boxes.append((x, y, x + w, y + h))
        out.append(boxes)
    return out


def overflow(deck: Path, pdf: Path) -> list[str]:
    """Characters LibreOffice drew outside every text frame of their slide."""
    import pdfplumber

    problems = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, (page, boxes) in enumerate(zip(doc.pages, frames(deck), strict=True), 1):
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                v = V_TOLERANCE * ch["size"]
                if "OpenSymbol" in ch["fontname"]:  # Wingdings bullets, drawn by OpenSymbol:
                    # its em box is taller than the text's, the arrow drawn is not; a bullet
                    # is placed by its middle
                    middle = (ch["top"] + ch["bottom"]) / 2
                    ch = {**ch, "top": middle, "bottom": middle}
                inside = any(
                    x0 - TOLERANCE <= ch["x0"]
                    and ch["x1"] <= x1 + TOLERANCE
                    and top - v <= ch["top"]
                    and ch["bottom"] <= bottom + v
                    for x0, top, x1, bottom in boxes
                )
                if not inside:
                    problems.append(
                        f"{deck.name} slide {number}: {ch['text']!r} at "
                        f"({ch['x0']:.1f}, {ch['top']:.1f})-({ch['x1']:.1f}, {ch['bottom']:.1f})"
                    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("decks", type=Path, nargs="+")
    parser.add_argument("--resolution", type=int, default=40)
    parser.add_argument("--theme", action="append", default=[], help="also a custom theme's fonts")
    args = parser.parse_args()
    if shutil.which("libreoffice") is None or shutil.which("pdftoppm") is None:
        print("needs libreoffice and pdftoppm on PATH", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory() as profile:
        conf = font_config(args.theme, Path(profile))
        for deck in args.decks:
            pdf = to_pdf(deck, args.out, Path(profile), conf)
            pngs = to_png(pdf, args.out, args.resolution)
            problems = overflow(deck, pdf)
            print(f"{deck}: {len(pngs)} slides -> {args.out}/{pdf.stem}-*.png; ", end="")
            print("no overflow" if not problems else f"{len(problems)} characters outside frames")
            for line in problems[:20]:
                print("  " + line)
            failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
