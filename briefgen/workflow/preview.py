"""``briefgen preview INPUT``: PNG pictures of every page and slide, and one contact sheet.

Pages come from the PDF through ``pdftoppm`` (Debian package poppler-utils); slides from the
deck through LibreOffice (package libreoffice-impress) and then pdftoppm. Where a tool is
missing, the message names the package to install.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

DPI = 60
SHEET_COLUMNS = 6
TIMEOUT = 180


class PreviewError(Exception):
    """A tool the preview needs is missing or failed; the message says what to install."""


def _tool(names: tuple[str, ...], package: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise PreviewError(
        f"{names[0]} is not installed; install the Debian package {package} "
        f"(sudo apt-get install {package}) to make previews"
    )


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise PreviewError(f"{what} took longer than {TIMEOUT} s") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PreviewError(f"{what} failed: {detail[-1] if detail else done.returncode}")


def _pictures(pdf: Path, folder: Path, prefix: str) -> list[Path]:
    pdftoppm = _tool(("pdftoppm",), "poppler-utils")
    _run([pdftoppm, "-png", "-r", str(DPI), str(pdf), str(folder / prefix)], "pdftoppm")
    return sorted(folder.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _deck_pdf(deck: Path, folder: Path) -> Path:
    office = _tool(("soffice", "libreoffice"), "libreoffice-impress")
    profile = (folder / "profile").as_uri()  # its own profile: works next to an open office
    _run(
        [
            office,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(deck),
        ],
        "LibreOffice",
    )
    converted = folder / f"{deck.stem}.pdf"
    if not converted.is_file():
        raise PreviewError("LibreOffice did not convert the deck")
    return converted


def contact_sheet(pictures: list[Path], target: Path) -> Path:
    """All pictures on one sheet, in rows of SHEET_COLUMNS, each scaled to one cell."""
    from PIL import Image

    cell = 240
    rows = (len(pictures) + SHEET_COLUMNS - 1) // SHEET_COLUMNS
    sheet = Image.new("RGB", (SHEET_COLUMNS * (cell + 8) + 8, rows * (cell + 8) + 8), "#d0d0d0")
    for i, picture in enumerate(pictures):
        with Image.open(picture) as image:
            image.thumbnail((cell, cell))
            row, col = divmod(i, SHEET_COLUMNS)
            x = 8 + col * (cell + 8) + (cell - image.width) // 2
            y = 8 + row * (cell + 8) + (cell - image.height) // 2
            sheet.paste(image.convert("RGB"), (x, y))
    sheet.save(target)
    return target


def preview(
    path: Path,
    out: Path,
    *,
    theme: str | None = None,
    lang: str | None = None,
    fallback: bool = False,
    assets: tuple[str | Path, ...] = (),
) -> list[Path]:
    """Build ``path`` and write page-N.png, slide-N.png and contact-sheet.png into ``out``."""
    from briefgen.build import Options, build_bytes
    from briefgen.load import load

    _tool(("pdftoppm",), "poppler-utils")
    _tool(("soffice", "libreoffice"), "libreoffice-impress")
    # InputError: the CLI prints it
    briefing = load(path, lang=lang, fallback=fallback, assets=assets)
    outputs = build_bytes(briefing, theme=theme, options=Options(lang=lang)).outputs
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="briefgen-preview-") as tmp:
        folder = Path(tmp)
        (folder / "briefing.pdf").write_bytes(outputs["pdf"])
        (folder / "deck.pptx").write_bytes(outputs["pptx"])
        pages = _pictures(folder / "briefing.pdf", folder, "page")
        slides = _pictures(_deck_pdf(folder / "deck.pptx", folder), folder, "slide")
        for picture in [*pages, *slides]:
            kind, number = picture.stem.rsplit("-", 1)
            target = out / f"{path.stem}.{kind}-{int(number):02d}.png"
            shutil.copyfile(picture, target)
            written.append(target)
    written.append(contact_sheet(written, out / f"{path.stem}.contact-sheet.png"))
    return written
