"""SVG logos rendered safely: checked, made self-contained, drawn in a bounded child process.

resvg reads any file an SVG names and has no limits on size, depth or filter cost, so an
SVG from a stranger is first checked here: no DTD or entities, a sane size and shape,
bounded nesting and filters, references only to PNG/JPEG/SVG files inside the allowed
folders (resolved against the SVG's own folder). Those files are checked like logos and
inlined as data URIs, so the renderer needs no file access at all. It then runs in a
child process with CPU time, memory and file-size limits; a crash or timeout there is
a PictureError, never a crash of briefgen. Results are cached by content.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from briefgen.images import (
    MAX_BYTES,
    SVG_WIDTH_PX,
    PictureError,
    check_reference,
    raster_size,
    read_picture_bytes,
    sniff,
)

MAX_DEPTH = 48
"""Deepest element nesting (resvg recurses per level; a few hundred crash it)."""
MAX_ELEMENTS = 50_000
MAX_NESTED_SVG = 3
"""SVG images inside SVG images, at most this deep."""
MAX_ASPECT = 8.0
"""A logo at most 8 times taller than wide (rendered 1200 px wide: at most 9600 px tall)."""
MIN_ASPECT = 1 / 200
MAX_OCTAVES = 8
"""feTurbulence octaves; each costs a full pass per pixel, and more add nothing visible."""
MAX_FILTER_PRIMITIVES = 64
MAX_FILTER_RADIUS = 100.0
SECONDS = 10
"""CPU seconds the renderer may take for one logo (a real logo takes well under one)."""
MEMORY = 1536 * 2**20
"""Address space of the renderer process."""
FORMAT_VERSION = 1

SVG_NS = "{http://www.w3.org/2000/svg}"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_UNITS = {
    None: 1.0,
    "px": 1.0,
    "pt": 4 / 3,
    "pc": 16.0,
    "mm": 96 / 25.4,
    "cm": 96 / 2.54,
    "in": 96.0,
}
_MIMES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/jpg": "JPEG", "image/svg+xml": "SVG"}


def render_svg(path: Path, raw: bytes, roots: tuple[Path, ...]) -> bytes:
    """PNG bytes of an SVG logo, 1200 px wide, or a PictureError saying what is wrong."""
    text = make_self_contained(path.name, raw, path.parent, roots, level=0)
    key = hashlib.sha256(f"v{FORMAT_VERSION}\0{SVG_WIDTH_PX}\0{text}".encode()).hexdigest()[:32]
    cached = _cache_read(key)
    if cached is not None:
        return cached
    png = _render_bounded(path.name, text)
    _cache_write(key, png)
    return png


def make_self_contained(
    name: str, raw: bytes, folder: Path, roots: tuple[Path, ...], level: int
) -> str:
    """The SVG text, checked, with every external reference checked and inlined."""
    from xml.etree.ElementTree import ParseError, tostring

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PictureError(f"cannot read SVG {name!r}: not UTF-8 text") from None
    try:
        root = SafeET.fromstring(text, forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException:
        raise PictureError(
            f"cannot read SVG {name!r}: DOCTYPE and entity declarations are not allowed"
        ) from None
    except ParseError as err:
        raise PictureError(f"cannot read SVG {name!r}: {err}") from None
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise PictureError(f"cannot read SVG {name!r}: the root element is not <svg>")
    _check_shape(name, root)
    for element, depth in _walk(name, root):
        if depth > MAX_DEPTH:
            raise PictureError(f"SVG {name!r} nests elements too deeply (more than {MAX_DEPTH})")
        _check_element(name, element)
        if element.tag in (f"{SVG_NS}a", "a"):
            continue  # a link is never loaded by the renderer
        for attr in _HREFS:
            value = element.get(attr)
            if value is not None and not value.strip().startswith("#"):
                element.set(attr, _inline(name, value.strip(), folder, roots, level))
    out = tostring(root, encoding="unicode")
    if len(out.encode()) > MAX_BYTES:
        raise PictureError(f"SVG {name!r} is too large with its images (at most 20 MB)")
    return out


def _walk(name: str, root: Element) -> Iterator[tuple[Element, int]]:
    """Every element with its depth, iteratively; too many elements is an error."""
    stack = [(root, 1)]
    count = 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_ELEMENTS:
            raise PictureError(f"SVG {name!r} has too many elements (more than {MAX_ELEMENTS:,})")
        yield element, depth
        stack.extend((child, depth + 1) for child in reversed(list(element)))


def _length(value: str | None) -> float | None:
    match = _NUMBER.match(value or "")
    if not match:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def _check_shape(name: str, root: Element) -> None:
    """The drawing must have a positive size and a logo's proportions."""
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = root.get("viewBox")
    sizes: list[tuple[float, float]] = []
    if box is not None:
        parts = re.split(r"[\s,]+", box.strip())
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            raise PictureError(f"SVG {name!r} has an invalid viewBox {box!r}")
        sizes.append((numbers[2], numbers[3]))
    if width is not None and height is not None:
        if width <= 0 or height <= 0:
            raise PictureError(f"SVG {name!r} has no area (width {width:g}, height {height:g})")
        sizes.append((width, height))
    for w, h in sizes:
        ratio = h / w
        if not MIN_ASPECT <= ratio <= MAX_ASPECT:
            raise PictureError(
                f"SVG {name!r} is {w:g}×{h:g}: too tall or too thin for a logo "
                f"(height at most {MAX_ASPECT:g}× the width and at least 1/{1 / MIN_ASPECT:g})"
            )


def _check_element(name: str, element: Element) -> None:
    """Filters within a cost bound; url() only to fragments of the same file."""
    tag = element.tag.removeprefix(SVG_NS)
    if tag == "feTurbulence":
        octaves = _number(element.get("numOctaves"), 1.0)
        if octaves > MAX_OCTAVES:
            raise PictureError(
                f"SVG {name!r}: feTurbulence numOctaves {octaves:g} is too costly "
                f"(at most {MAX_OCTAVES})"
            )
    if tag in ("feMorphology", "feGaussianBlur", "feDropShadow", "feConvolveMatrix"):
        for attr in ("radius", "stdDeviation", "order"):
            for part in re.split(r"[\s,]+", (element.get(attr) or "").strip()):
                if part and _number(part, 0.0) > MAX_FILTER_RADIUS:
                    raise PictureError(
                        f"SVG {name!r}: {tag} {attr} {part} is too costly "
                        f"(at most {MAX_FILTER_RADIUS:g})"
                    )
    if tag == "filter" and len(element) > MAX_FILTER_PRIMITIVES:
        raise PictureError(f"SVG {name!r}: a filter has more than {MAX_FILTER_PRIMITIVES} steps")
    texts = (
        [*element.attrib.values(), element.text or ""]
        if tag == "style"
        else [*element.attrib.values()]
    )
    for value in texts:
        if "@import" in value:
            raise PictureError(f"SVG {name!r}: CSS @import is not allowed")
        for target in _URL.findall(value):
            if target.strip() and not target.strip().startswith("#"):
                raise PictureError(
                    f"SVG {name!r}: url({target.strip()[:60]}) refers outside the file; "
                    "only url(#id) is allowed"
                )


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _inline(name: str, ref: str, folder: Path, roots: tuple[Path, ...], level: int) -> str:
    """A data URI for a reference, after checking it like a logo."""
    if ref.lower().startswith("data:"):
        kind, data = _decode_data_uri(name, ref)
        shown = f"an embedded {kind} image"
        nested_folder = folder
    else:
        parsed = urllib.parse.urlsplit(ref)
        if (parsed.scheme and len(parsed.scheme) > 1) or parsed.netloc:
            raise PictureError(
                f"SVG {name!r} refers to {ref[:60]!r}; only files next to it can be used"
            )
        if ref.startswith(("/", "\\")) or parsed.scheme:
            raise PictureError(
                f"SVG {name!r} refers to the absolute path {ref[:60]!r}; "
                "use a path relative to the SVG"
            )
        target = folder / urllib.parse.unquote(parsed.path)
        kind = check_reference(target, roots, f"SVG {name!r}: image", ref[:60])
        try:
            data = read_picture_bytes(target)
        except PictureError as err:
            raise PictureError(f"SVG {name!r}: {err}") from None
        if sniff(data) != kind:
            raise PictureError(f"SVG {name!r} refers to {ref[:60]!r}, whose content is not {kind}")
        shown = repr(ref[:60])
        nested_folder = target.parent
    if kind == "SVG":
        if level + 1 >= MAX_NESTED_SVG:
            raise PictureError(f"SVG {name!r} nests SVG images too deeply")
        inner = make_self_contained(f"{name} > {shown}", data, nested_folder, roots, level + 1)
        data = inner.encode()
    else:
        raster_size(f"{name} > {shown}", data, kind)
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "SVG": "image/svg+xml"}[kind]
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def _decode_data_uri(name: str, ref: str) -> tuple[str, bytes]:
    header, _, payload = ref[5:].partition(",")
    params = [p.strip().lower() for p in header.split(";")]
    kind = _MIMES.get(params[0])
    if kind is None:
        raise PictureError(
            f"SVG {name!r} embeds data of type {params[0][:40]!r}; only PNG, JPEG and SVG"
        )
    try:
        if "base64" in params:
            data = base64.b64decode("".join(payload.split()), validate=True)
        else:
            data = urllib.parse.unquote_to_bytes(payload)
    except ValueError:
        raise PictureError(f"SVG {name!r} embeds a {kind} image that is not valid base64") from None
    if sniff(data) != kind:
        raise PictureError(f"SVG {name!r} embeds data said to be {kind} that is not {kind}")
    return kind, data


_CHILD = """
import sys, resvg_py
svg = sys.stdin.buffer.read().decode("utf-8")
png = resvg_py.svg_to_bytes(svg_string=svg, width=int(sys.argv[1]), resources_dir=sys.argv[2])
sys.stdout.buffer.write(bytes(png))
"""


def _limits() -> None:  # pragma: no cover - runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS, SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _render_bounded(name: str, text: str) -> bytes:
    """Run resvg in a child process with time, memory and file-size limits."""
    unix = os.name == "posix"
    with tempfile.TemporaryDirectory(prefix="briefgen-svg-") as empty:
        try:
            done = subprocess.run(
                [sys.executable, "-I", "-c", _CHILD, str(SVG_WIDTH_PX), empty],
                input=text.encode(),
                capture_output=True,
                timeout=SECONDS * 2,
                cwd=empty,
                preexec_fn=_limits if unix else None,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PictureError(
                f"SVG {name!r} takes too long to draw (more than {SECONDS * 2} s)"
            ) from None
    if done.returncode != 0:
        last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if "ValueError" in last[0]:
            reason = last[0].split("ValueError:", 1)[-1].strip()
            raise PictureError(f"cannot read SVG {name!r}: {reason[:200]}")
        raise PictureError(
            f"SVG {name!r} could not be drawn within the limits "
            f"({SECONDS} s, {MEMORY // 2**20} MB); simplify it or use PNG"
        )
    if sniff(done.stdout) != "PNG":
        raise PictureError(f"cannot read SVG {name!r}: the renderer gave no picture")
    return done.stdout


def _cache_folder() -> Path:
    from briefgen.fonts import cache_dir

    return cache_dir() / "svg"


def _cache_read(key: str) -> bytes | None:
    path = _cache_folder() / f"{key}.png"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    from PIL import Image

    try:  # a corrupt entry is drawn again, never an error forever
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()
    except Exception:
        return None
    return data


def _cache_write(key: str, png: bytes) -> None:
    folder = _cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(png)
        os.replace(tmp, folder / f"{key}.png")
    except OSError:
        return  # a cache that cannot be written only costs time


__all__ = ["make_self_contained", "render_svg"]
