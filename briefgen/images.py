"""Logos as checked, drawable pictures: PNG and JPEG as they are, SVG rendered to PNG.

A logo comes from a user (coalition member) or a theme, so it may be missing,
corrupt, enormous, a format the outputs cannot hold, or a trap: a PostScript file
named ``logo.png`` (Pillow would hand it to Ghostscript), an SVG pointing at
``/etc`` or ``/dev/zero``. Only PNG, JPEG and SVG are read, decided by the file's
signature and agreeing with its extension; Pillow is opened with that one format
only. Each problem is a one-line message here, never a crash deep inside a renderer.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.paths import inside, outside_message, read_checked

MAX_PIXELS = 40_000_000
"""Largest raster accepted (about 8000 × 5000); more is a scan or a photo, not a logo."""
MAX_BYTES = 20 * 1024 * 1024
SVG_WIDTH_PX = 1200
"""Width SVG logos are rendered at: sharp when printed at logo sizes."""

EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
"""The picture formats accepted, by extension; the content must agree."""


class PictureError(Exception):
    """A logo that cannot be used; the message names what is wrong."""


@dataclass(frozen=True)
class Picture:
    """Image bytes ready for both renderers, with pixel size for aspect-keeping layout."""

    path: Path
    data: bytes
    width: int
    height: int
    format: str  # "PNG" or "JPEG"

    @property
    def aspect(self) -> float:
        return self.width / self.height


def sniff(raw: bytes) -> str | None:
    """The format a file's first bytes say it is: PNG, JPEG, SVG, or None."""
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if raw.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    head = raw[:512].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--")):
        return "SVG"
    return None


def _describe(raw: bytes) -> str:
    """What a refused file looks like, so the message helps ("it is PostScript")."""
    if raw.startswith((b"%!PS", b"\xc5\xd0\xd3\xc6")):
        return "PostScript (EPS)"
    if raw.startswith(b"%PDF"):
        return "PDF"
    if raw.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if raw.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "WebP"
    if raw.startswith(b"\x1f\x8b"):
        return "gzip (SVGZ)"
    return sniff(raw) or "not an image format briefgen reads"


def load_picture(path: Path, roots: Iterable[Path] | None = None) -> Picture:
    """Read and check one logo file; ``roots`` are the folders an SVG may refer into.

    Without ``roots`` the logo's own folder is the only one. Results are cached by path,
    modification time and size, so a changed file is read again.
    """
    path = Path(path)
    allowed = tuple(Path(r) for r in roots) if roots is not None else (path.parent,)
    try:
        st = path.stat()
        key = (st.st_mtime_ns, st.st_size)
    except OSError:
        key = (0, -1)
    return _load_cached(path, allowed, key)


@functools.lru_cache(maxsize=256)
def _load_cached(path: Path, roots: tuple[Path, ...], _key: tuple[int, int]) -> Picture:
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise PictureError(
            f"{path.name!r}: only PNG, JPEG and SVG pictures are supported "
            "(.png, .jpg, .jpeg, .svg)"
        )
    raw = read_picture_bytes(path)
    found = sniff(raw)
    if found != kind:
        raise PictureError(
            f"{path.name!r} is not a readable image: its extension says {kind} but its content "
            f"is {_describe(raw)} (use PNG, JPEG or SVG, with a matching extension)"
        )
    if kind == "SVG":
        from briefgen.svg import render_svg

        raw = render_svg(path, raw, roots)
        kind = "PNG"
    return raster(path.name, raw, kind, path)


def read_picture_bytes(path: Path) -> bytes:
    """A picture file's bytes, with every way reading can fail as a PictureError."""
    return read_checked(path, MAX_BYTES, "image", "an image", PictureError)


def raster_size(name: str, raw: bytes, kind: str) -> tuple[int, int]:
    """Pixel size from the header of a PNG or JPEG (that format only), within the limits."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw), formats=[kind]) as probe:
            width, height = probe.size
    except UnidentifiedImageError:
        raise PictureError(f"{name!r} is not a readable image (use PNG, JPEG or SVG)") from None
    except Image.DecompressionBombError:
        raise PictureError(
            f"image {name!r} is too large (more than {MAX_PIXELS // 1_000_000} million pixels)"
        ) from None
    except (OSError, SyntaxError, ValueError) as err:
        raise PictureError(f"image {name!r} is corrupt ({err})") from None
    if width < 1 or height < 1:
        raise PictureError(f"image {name!r} is empty")
    if width * height > MAX_PIXELS:
        raise PictureError(
            f"image {name!r} is too large ({width}×{height} pixels; "
            f"at most {MAX_PIXELS // 1_000_000} million)"
        )
    return width, height


def raster(name: str, raw: bytes, kind: str, path: Path) -> Picture:
    """Check a PNG or JPEG fully (header, limits, every pixel decodes)."""
    from PIL import Image

    width, height = raster_size(name, raw, kind)
    try:
        with Image.open(io.BytesIO(raw), formats=[kind]) as probe:
            probe.verify()
        with Image.open(io.BytesIO(raw), formats=[kind]) as image:
            image.load()
    except Image.DecompressionBombError as err:
        raise PictureError(f"image {name!r} is too large ({err})") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise PictureError(f"image {name!r} is corrupt ({err})") from None
    return Picture(path=path, data=raw, width=width, height=height, format=kind)


def check_reference(path: Path, roots: tuple[Path, ...], what: str, shown: str) -> str:
    """The format of a file an SVG refers to, after the same checks as a logo."""
    if not inside(path, roots):
        raise PictureError(outside_message(what, shown))
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        raise PictureError(f"{what} {shown!r}: only PNG, JPEG and SVG files can be referred to")
    return kind


def _cache_clear() -> None:
    _load_cached.cache_clear()


load_picture.cache_clear = _cache_clear  # type: ignore[attr-defined]
