"""An organisation's .pptx/.potx template read for the layout stage, without python-pptx.

The layout stage needs the template's geometry before anything is painted: the slide size
(``p:sldSz``), each slide layout's name, type and placeholders (type, idx and box, a box the
layout does not set being inherited from the master's placeholder of that kind), the pictures
and shapes of the masters and layouts (the template's artwork, which text must not cover), and
the theme's major (headings) and minor (body) Latin fonts.

The zip comes from a stranger: parts are read with :mod:`zipfile` under a size limit, and XML
with a document type declaration (the only way to declare entities) is refused before parsing,
so no entity is ever expanded and nothing is fetched.

Geometry is in points from the slide's top-left corner, as in :mod:`briefgen.layout.frames`.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from briefgen.layout.frames import Box

EMU_PER_POINT = 12700
MAX_PART = 32 * 1024 * 1024  # bytes of one XML part; a template's XML is far smaller

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_R_ID = f"{{{NS['r']}}}id"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj")


class TemplateError(ValueError):
    """The file is not a PowerPoint template this module can read; the message says why."""


@dataclass(frozen=True)
class PlaceholderBox:
    type: str  # "title", "ctrTitle", "subTitle", "body", "obj", "dt", "ftr", "sldNum", "pic"...
    idx: int
    box: Box
    inherited: bool  # the layout sets no position: the box is the master's placeholder's


@dataclass(frozen=True)
class LayoutGeometry:
    part: str  # the layout's part name, e.g. "/ppt/slideLayouts/slideLayout2.xml"
    name: str
    type: str  # the layout's ``type`` attribute ("title", "obj", "twoObj"...), "" if none
    placeholders: tuple[PlaceholderBox, ...]
    artwork: tuple[Box, ...]  # pictures and drawn shapes of this layout and its master

    def first(self, *types: str) -> PlaceholderBox | None:
        """The first placeholder of one of ``types``, in the layout's order."""
        return next((ph for ph in self.placeholders if ph.type in types), None)


@dataclass(frozen=True)
class TemplateGeometry:
    width: float  # points
    height: float
    layouts: tuple[LayoutGeometry, ...]
    major_font: str  # the theme's heading (major) Latin typeface, "" if none
    minor_font: str  # the body (minor) Latin typeface


def _parse(data: bytes, name: str) -> ET.Element:
    """Parse one XML part; a document type declaration (hence any entity) is refused."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise TemplateError(f"{name} declares a document type or entities, which are refused")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise TemplateError(f"{name} is not well-formed XML ({exc})") from None


class _Package:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())

    def xml(self, part: str) -> ET.Element:
        member = part.lstrip("/")
        if member not in self.names:
            raise TemplateError(f"part {part} is missing")
        if self.archive.getinfo(member).file_size > MAX_PART:
            raise TemplateError(f"part {part} is too large")
        return _parse(self.archive.read(member), part)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (relationship type's last word, target part name) of one part."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if rels_part.lstrip("/") not in self.names:
            return {}
        out = {}
        for rel in self.xml(rels_part).findall("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target") or ""))
            out[rel.get("Id") or ""] = (kind, target)
        return out


def _box(sp: ET.Element) -> Box | None:
    xfrm = sp.find("p:spPr/a:xfrm", NS)
    if xfrm is None:
        xfrm = sp.find("p:grpSpPr/a:xfrm", NS)
    off = xfrm.find("a:off", NS) if xfrm is not None else None
    ext = xfrm.find("a:ext", NS) if xfrm is not None else None
    if off is None or ext is None:
        return None
    try:
        x, y = int(off.get("x", "0")), int(off.get("y", "0"))
        w, h = int(ext.get("cx", "0")), int(ext.get("cy", "0"))
    except ValueError:
        return None
    return Box(x / EMU_PER_POINT, y / EMU_PER_POINT, w / EMU_PER_POINT, h / EMU_PER_POINT)


def _master_kind(ph_type: str) -> str:
    """Which master placeholder a layout placeholder of this type takes its place from."""
    if ph_type in TITLE_TYPES:
        return "title"
    if ph_type in ("dt", "ftr", "sldNum"):
        return ph_type
    return "body"


def _shapes(tree: ET.Element) -> list[tuple[str | None, int, Box | None, str]]:
    """(placeholder type or None, idx, box, element kind) of each top-level shape."""
    out: list[tuple[str | None, int, Box | None, str]] = []
    sp_tree = tree.find("p:cSld/p:spTree", NS)
    for shape in sp_tree if sp_tree is not None else ():
        kind = shape.tag.rsplit("}", 1)[-1]
        if kind not in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp"):
            continue
        ph = shape.find("./*/p:nvPr/p:ph", NS)
        box = _box(shape)
        if ph is None:
            out.append((None, 0, box, kind))
            continue
        try:
            idx = int(ph.get("idx", "0"))
        except ValueError:
            idx = 0
        out.append((ph.get("type", "obj"), idx, box, kind))
    return out


def _artwork(shapes: list[tuple[str | None, int, Box | None, str]]) -> list[Box]:
    return [box for ph, _, box, _ in shapes if ph is None and box is not None]


def _fonts(package: _Package, master: str) -> tuple[str, str]:
    theme = next((t for k, t in package.rels(master).values() if k == "theme"), None)
    if theme is None:
        return "", ""
    scheme = package.xml(theme).find("a:themeElements/a:fontScheme", NS)
    if scheme is None:
        return "", ""

    def latin(which: str) -> str:
        found = scheme.find(f"a:{which}/a:latin", NS)
        return (found.get("typeface") or "") if found is not None else ""

    return latin("majorFont"), latin("minorFont")


def read_template(path: Path) -> TemplateGeometry:
    """The geometry of a .pptx or .potx file; :class:`TemplateError` says what is wrong."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(_Package(archive))
    except (zipfile.BadZipFile, OSError) as exc:
        raise TemplateError(f"not a PowerPoint file ({exc})") from None


def _read(package: _Package) -> TemplateGeometry:
    root = next(
        (t for k, t in package.rels("/").values() if k == "officeDocument"),
        "/ppt/presentation.xml",
    )
    presentation = package.xml(root)
    size = presentation.find("p:sldSz", NS)
    try:
        width = int(size.get("cx", "")) if size is not None else 9144000
        height = int(size.get("cy", "")) if size is not None else 6858000
    except ValueError:
        raise TemplateError("the slide size (p:sldSz) is not a number") from None
    if width <= 0 or height <= 0:
        raise TemplateError("the slide size (p:sldSz) is empty")
    rels = package.rels(root)
    layouts: list[LayoutGeometry] = []
    fonts = ("", "")
    for entry in presentation.findall("p:sldMasterIdLst/p:sldMasterId", NS):
        master = rels.get(entry.get(_R_ID) or "", ("", ""))[1]
        if not master:
            continue
        if not any(fonts):
            fonts = _fonts(package, master)
        layouts += _layouts(package, master)
    if not layouts:
        raise TemplateError("the template has no slide layouts")
    return TemplateGeometry(
        width / EMU_PER_POINT, height / EMU_PER_POINT, tuple(layouts), fonts[0], fonts[1]
    )


def _layouts(package: _Package, master: str) -> list[LayoutGeometry]:
    tree = package.xml(master)
    master_shapes = _shapes(tree)
    inherited: dict[str, Box] = {}
    for ph, _, box, _ in master_shapes:
        if ph is not None and box is not None:
            inherited.setdefault(_master_kind(ph), box)
    rels = package.rels(master)
    out = []
    for entry in tree.findall("p:sldLayoutIdLst/p:sldLayoutId", NS):
        part = rels.get(entry.get(_R_ID) or "", ("", ""))[1]
        if not part:
            continue
        layout = package.xml(part)
        c_sld = layout.find("p:cSld", NS)
        name = (c_sld.get("name") or "") if c_sld is not None else ""
        shapes = _shapes(layout)
        placeholders = []
        for ph, idx, box, _ in shapes:
            if ph is None:
                continue
            own = box is not None
            box = box or inherited.get(_master_kind(ph))
            if box is not None:
                placeholders.append(PlaceholderBox(ph, idx, box, not own))
        art = _artwork(shapes)
        if layout.get("showMasterSp", "1") not in ("0", "false"):
            art = _artwork(master_shapes) + art
        out.append(
            LayoutGeometry(part, name, layout.get("type", ""), tuple(placeholders), tuple(art))
        )
    return out


__all__ = [
    "LayoutGeometry",
    "PlaceholderBox",
    "TemplateError",
    "TemplateGeometry",
    "read_template",
]
