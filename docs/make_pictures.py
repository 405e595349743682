"""Make the README's pictures: the first page and first slides of kz in each shipped theme.

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


def _row(files: list[Path], out: Path) -> None:
    images = [Image.open(f).convert("RGB") for f in files]
    width = sum(i.width for i in images) + GAP * (len(images) - 1)
    height = max(i.height for i in images)
    sheet = Image.new("RGB", (width, height), "#D0D4DA")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + GAP
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
            _row(_pages(out / "kz.pdf", out / "page", 1, 3, 40), IMG / f"{name}-pages.png")
            deck_pdf = to_pdf(out / "kz.pptx", out / "deck", work / "lo", fonts_conf)
            _row(_pages(deck_pdf, out / "slide", 1, 3, 30), IMG / f"{name}-slides.png")
            print(f"docs/img/{name}-pages.png, docs/img/{name}-slides.png", file=sys.stderr)


if __name__ == "__main__":
    main()
