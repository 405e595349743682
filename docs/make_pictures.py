"""Make the README's pictures: every page and every slide of kz in each shipped theme.

Why a script: pictures in a README go stale silently; this one regenerates them all from
the repository's own example (needs LibreOffice and pdftoppm, Debian packages
libreoffice-impress and poppler-utils).

Usage: python docs/make_pictures.py            # writes docs/img/<theme>-page.png, -slides.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

import briefgen
from briefgen.build import Options, build
from briefgen.theme import available

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from render_deck import font_config, to_pdf

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "docs" / "img"
GAP = 8


def _pages(pdf: Path, prefix: Path, first: int, last: int, dpi: int) -> list[Path]:
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), pdf, prefix],
        check=True,
    )
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def _grid(files: list[Path], out: Path, columns: int) -> None:
    """The pictures in rows of ``columns``, in reading order, on a light grey ground."""
    images = [Image.open(f).convert("RGB") for f in files]
    cell_w = max(i.width for i in images)
    cell_h = max(i.height for i in images)
    rows = -(-len(images) // columns)
    width = min(columns, len(images)) * (cell_w + GAP) - GAP
    sheet = Image.new("RGB", (width, rows * (cell_h + GAP) - GAP), "#D0D4DA")
    for k, image in enumerate(images):
        sheet.paste(image, ((k % columns) * (cell_w + GAP), (k // columns) * (cell_h + GAP)))
    sheet.save(out, optimize=True)


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    briefing = briefgen.load(ROOT / "inputs" / "kz.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fonts_conf = font_config([], work)  # LibreOffice must see the themes' fonts
        for name in available():
            out = work / name
            build(briefing, out=out, theme=name, options=Options())
            pages = _pages(out / "kz.pdf", out / "page", 1, 99, 40)
            _grid(pages, IMG / f"{name}-pages.png", 4)
            deck_pdf = to_pdf(out / "kz.pptx", out / "deck", work / "lo", fonts_conf)
            _grid(_pages(deck_pdf, out / "slide", 1, 99, 30), IMG / f"{name}-slides.png", 4)
            print(f"docs/img/{name}-pages.png, docs/img/{name}-slides.png", file=sys.stderr)


if __name__ == "__main__":
    main()
