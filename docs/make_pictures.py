"""Make the README's pictures: every page and every slide of kz in each shipped theme.

Why a script: pictures in a README go stale silently; this one regenerates them all from
the repository's own example (needs LibreOffice and pdftoppm, Debian packages
libreoffice-impress and poppler-utils).

Also the tracking example (its summary, matrix and one factsheet; its chart slide), the
presenters example (cover and title slide) and kz on two organisation templates (one made
as the tests make it, one of LibreOffice's bundled templates when installed).

Usage: python docs/make_pictures.py            # writes docs/img/*.png
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
        _tracking(work, fonts_conf)
        _presenters(work, fonts_conf)
        _templates(work, briefing, fonts_conf)


def _tracking(work: Path, fonts_conf: Path) -> None:
    """The last cycle in figures, the matrix's first page, a factsheet; the chart slide."""
    out = work / "tracking"
    tracking = briefgen.load(ROOT / "inputs" / "kz-tracking.yaml")
    build(tracking, out=out, options=Options())
    from briefgen.sheets import build_sheets

    sheets = build_sheets(tracking, ("factsheets",))
    (out / "factsheets.pdf").write_bytes(sheets.outputs["factsheets"])
    pdf = out / "kz-tracking.pdf"
    pages = _pages(pdf, out / "page", 1, 99, 40)
    # from page 2: the cover lists both in its contents
    summary = next(i for i in range(1, len(pages)) if _has(pdf, i + 1, "The last cycle in figures"))
    matrix = next(i for i in range(1, len(pages)) if _has(pdf, i + 1, "and their implementation"))
    sheet = _pages(out / "factsheets.pdf", out / "sheet", 2, 2, 40)
    _grid([pages[summary], pages[matrix], *sheet], IMG / "tracking-pages.png", 3)
    deck_pdf = to_pdf(out / "kz-tracking.pptx", out / "deck", work / "lo", fonts_conf)
    _grid(_pages(deck_pdf, out / "slide", 2, 2, 40), IMG / "tracking-slide.png", 1)
    print("docs/img/tracking-pages.png, docs/img/tracking-slide.png", file=sys.stderr)


def _has(pdf: Path, page: int, words: str) -> bool:
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return words in " ".join(text.split())


def _presenters(work: Path, fonts_conf: Path) -> None:
    """The cover and the title slide with presenters and logos."""
    out = work / "presenters"
    build(briefgen.load(ROOT / "inputs" / "kz-presenters.yaml"), out=out, options=Options())
    cover = _pages(out / "kz-presenters.pdf", out / "page", 1, 1, 40)
    deck_pdf = to_pdf(out / "kz-presenters.pptx", out / "deck", work / "lo", fonts_conf)
    _grid([*cover, *_pages(deck_pdf, out / "slide", 1, 1, 40)], IMG / "presenters.png", 2)
    print("docs/img/presenters.png", file=sys.stderr)


def _templates(work: Path, briefing: briefgen.Briefing, fonts_conf: Path) -> None:
    """kz on the tests' custom template and on LibreOffice's "Vivid" (when installed)."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT))
    from briefgen.theme import load_theme
    from tests.test_templates import custom_template, libreoffice_template

    made = [("custom", custom_template(work / "custom.pptx"))]
    if (Path("/usr/lib/libreoffice/share/template/common/presnt") / "Vivid.otp").is_file():
        made.append(("vivid", libreoffice_template(work, "Vivid")))
    for name, template in made:
        folder = work / f"theme-{name}"
        folder.mkdir()
        (folder / template.name).write_bytes(template.read_bytes())
        (folder / "theme.yaml").write_text(
            f"extends: default\nslides:\n  template: {template.name}\n", encoding="utf-8"
        )
        out = work / f"template-{name}"
        build(briefing, pdf=False, out=out, theme=load_theme(str(folder)), options=Options())
        deck_pdf = to_pdf(out / "kz.pptx", out / "deck", work / "lo", fonts_conf)
        _grid(_pages(deck_pdf, out / "slide", 1, 3, 30), IMG / f"template-{name}-slides.png", 3)
        print(f"docs/img/template-{name}-slides.png", file=sys.stderr)


if __name__ == "__main__":
    main()
