"""Logos as checked, drawable pictures: PNG and JPEG as they are, SVG rendered to PNG.

A logo comes from a user (coalition member) or a theme, so it may be missing,
corrupt, enormous or a format the outputs cannot hold. Each case is a one-line
message here, never a crash deep inside a renderer.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

MAX_PIXELS = 40_000_000
"""Largest raster accepted (about 8000 × 5000); more is a scan or a photo, not a logo."""
MAX_BYTES = 20 * 1024 * 1024
SVG_WIDTH_PX = 1200
"""Width SVG logos are rendered at: sharp when printed at logo sizes."""


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


@functools.lru_cache(maxsize=256)
def load_picture(path: Path) -> Picture:
    """Read and check one logo file (cached per path)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PictureError(f"image file is too large ({size / 1e6:.1f} MB; at most 20 MB)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PictureError(f"image {path.name!r} not found") from None
    except IsADirectoryError:
        raise PictureError(f"{path.name!r} is a folder, not an image") from None
    except OSError as err:
        raise PictureError(f"cannot read image {path.name!r} ({err.strerror})") from None
    if path.suffix.lower() in {".svg", ".svgz"} or raw.lstrip()[:5] in (b"<?xml", b"<svg "):
        raw = _render_svg(path, raw)
    return _raster(path, raw)


def _render_svg(path: Path, raw: bytes) -> bytes:
    import resvg_py

    try:
        text = raw.decode("utf-8") if path.suffix.lower() != ".svgz" else None
        if text is not None:
            return bytes(resvg_py.svg_to_bytes(svg_string=text, width=SVG_WIDTH_PX))
        return bytes(resvg_py.svg_to_bytes(svg_path=str(path), width=SVG_WIDTH_PX))
    except (ValueError, UnicodeDecodeError) as err:
        raise PictureError(f"cannot read SVG {path.name!r}: {err}") from None


def _raster(path: Path, raw: bytes) -> Picture:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as probe:
            width, height = probe.size
            kind = probe.format or ""
            if width * height > MAX_PIXELS:
                raise PictureError(
                    f"image {path.name!r} is too large ({width}×{height} pixels; "
                    f"at most {MAX_PIXELS // 1_000_000} million)"
                )
            probe.verify()
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            if kind not in {"PNG", "JPEG"}:
                out = io.BytesIO()
                image.save(out, format="PNG")
                raw, kind = out.getvalue(), "PNG"
    except PictureError:
        raise
    except UnidentifiedImageError:
        raise PictureError(
            f"{path.name!r} is not a readable image (use PNG, JPEG or SVG)"
        ) from None
    except Image.DecompressionBombError as err:
        raise PictureError(f"image {path.name!r} is too large ({err})") from None
    except (OSError, SyntaxError, ValueError) as err:
        raise PictureError(f"image {path.name!r} is corrupt ({err})") from None
    if width < 1 or height < 1:
        raise PictureError(f"image {path.name!r} is empty")
    return Picture(path=path, data=raw, width=width, height=height, format=kind)
