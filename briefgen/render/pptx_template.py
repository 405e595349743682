"""A deck template's analysis: everything the deck writer needs from it, as plain data.

python-pptx opens the template once (:mod:`briefgen.render.pptx_analyse`, imported only then):
it empties the template of its example slides, adds a notes master where the template has
none, and clones each layout's placeholders; the analysis keeps the result as text and bytes
(the parts to write with their relationships, ``presentation.xml`` and ``core.xml`` with
marked places for what each deck changes, the layouts, the slide and notes prototypes, and
python-pptx's rules for content types and picture reuse). The deck writer
(:mod:`briefgen.render.pptx_package`) needs nothing else, so a process whose template is
analysed already imports neither python-pptx nor lxml.

Analyses are kept in memory by template file (path, modification time, size; python-pptx's
default deck for none) and on disk in the cache folder, keyed by the same stamp, python-pptx's
version and this module's format. A cache file that is corrupt, of another key or of another
format is ignored and made again; nothing in it names a file to read or write.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from briefgen.font_files import cache_dir, write_cache
from briefgen.render.pptx_paint import Placeholder, Prototype

TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_FORMAT = 1  # of the disk cache files; bump when the analysis changes shape or content

# Marked places in presentation.xml and core.xml, filled for each deck (private-use
# characters: never in a template's XML).
WIDTH, HEIGHT, SLIDES = "\ue000cx\ue000", "\ue000cy\ue000", "\ue000slides\ue000"
SLIDE_ID, SLIDE_RID = "\ue000id\ue000", "\ue000rid\ue000"
CORE_FIELDS = ("title", "subject", "author", "keywords", "language")


def core_mark(field: str) -> str:
    return f"\ue000{field}\ue000"


class Rel(NamedTuple):
    """A relationship: its id, type, and target (a part name, or an external reference)."""

    r_id: str
    reltype: str
    target: str
    external: bool


@dataclass(frozen=True)
class TemplatePart:
    """One part of the emptied template as python-pptx would write it. ``rels_blob``: the
    template's own relationships item, written byte for byte (masters, layouts, themes)."""

    partname: str
    content_type: str
    blob: bytes
    rels: tuple[Rel, ...]
    rels_blob: bytes | None = None


@dataclass(frozen=True)
class Layout:
    """A slide layout of the first master: name, part, placeholder types (python-pptx's
    ``PP_PLACEHOLDER`` values) and whether one placeholder has index 1 (a body)."""

    name: str
    partname: str
    types: tuple[int, ...]
    has_body: bool


@dataclass(frozen=True)
class TemplateAnalysis:
    """What the deck writer needs from a template; see the module's docstring."""

    parts: tuple[TemplatePart, ...]
    package_rels: tuple[Rel, ...]
    presentation: str  # the main part's name
    presentation_xml: str  # WIDTH, HEIGHT and SLIDES marked
    presentation_empty: str  # the same with no slide (WIDTH, HEIGHT marked)
    slide_id: str  # one ``p:sldId`` element, SLIDE_ID and SLIDE_RID marked
    next_slide_id: int
    core: str  # the core properties part's name
    core_xml: str  # each of CORE_FIELDS marked
    app: tuple[str, ...]  # extended properties parts (app.xml), rewritten for each deck
    notes_master: str
    layouts: tuple[Layout, ...]
    prototypes: dict[str, Prototype]  # by layout part name (every master's layouts)
    notes: tuple[str, str]  # a notes page before and after its paragraphs
    images: tuple[tuple[str, str], ...]  # (sha1, part name) a picture with those bytes reuses
    default_types: frozenset[tuple[str, str]]  # (extension, content type) written as Default


# python-pptx's PP_PLACEHOLDER values the writer chooses layouts by
TITLE, CENTER_TITLE = 1, 3


def find_layout(
    layouts: tuple[Layout, ...], name: str, title_types: tuple[int, ...], body: bool = False
) -> str:
    """A layout's part name by name, else the first with the placeholders we need, else the
    first one."""
    for layout in layouts:
        if layout.name.casefold() == name.casefold():
            return layout.partname
    for layout in layouts:
        if set(layout.types) & set(title_types) and (layout.has_body or not body):
            return layout.partname
    return layouts[0].partname


# ---------------------------------------------------------------------------------------------
# Kept in memory and on disk
# ---------------------------------------------------------------------------------------------

_KEPT: dict[tuple[str | int, ...], TemplateAnalysis] = {}
_KEPT_MAX = 4


def template_key(template: Path | None) -> tuple[str | int, ...]:
    """A template file as a cache key: python-pptx's default deck, or path, time and size."""
    if template is None:
        return ("",)
    info = template.stat()
    return (str(template), info.st_mtime_ns, info.st_size)


def analysis(template: Path | None) -> TemplateAnalysis:
    """The template's analysis: kept in this process, else read from the disk cache, else
    made by python-pptx (and kept in both)."""
    key = template_key(template)
    found = _KEPT.get(key)
    if found is None:
        record = _cache_file(template, key)
        found = _read(record) if record is not None else None
        if found is None:
            from briefgen.render.pptx_analyse import analyse

            found = analyse(template)
            if record is not None:
                write_cache(record, _encode(record.name, found))
                _forget_earlier(record)
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = found
    return found


@functools.cache
def _pptx_stamp() -> str:
    """python-pptx's version and its default deck's file stamp, read without importing it."""
    spec = importlib.util.find_spec("pptx")
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency
        return ""
    origin = Path(spec.origin)
    found = re.search(r'__version__ = "([^"]+)"', origin.read_text(encoding="utf-8"))
    default = origin.parent / "templates" / "default.pptx"
    info = default.stat()
    version = found.group(1) if found else ""
    return f"{version}\0{origin}\0{info.st_mtime_ns}\0{info.st_size}"


def _cache_file(template: Path | None, key: tuple[str | int, ...]) -> Path | None:
    """The record of this version of the template: named by the template's path (its first
    part, shared by every version of one file) and by the version's full key."""
    try:
        where = str(template.resolve()) if template is not None else ""
        text = f"briefgen-deck-template-v{_FORMAT}\0{_pptx_stamp()}\0{where}\0{key[1:]}"
    except OSError:
        return None
    source = hashlib.sha256(where.encode()).hexdigest()[:12]
    version = hashlib.sha256(text.encode()).hexdigest()[:24]
    return cache_dir() / "templates" / f"{source}-{version}.json"


def _forget_earlier(record: Path) -> None:
    """Remove the records of the same template file's earlier versions (or of an earlier
    python-pptx): an edited template's old analysis is never read again."""
    source = record.name.split("-", 1)[0]
    for other in record.parent.glob(f"{source}-*.json"):
        if other != record:
            with contextlib.suppress(OSError):
                other.unlink()


def _read(record: Path) -> TemplateAnalysis | None:
    """An analysis from the disk cache, or None when absent, malformed or another file's."""
    try:
        data = json.loads(record.read_bytes())
        if data["format"] != _FORMAT or data["name"] != record.name:
            return None
        return _decode(data)
    except Exception:  # unreadable or malformed in any way: made again
        return None


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("not base64 text")
    return base64.b64decode(text, validate=True)


def _encode(name: str, found: TemplateAnalysis) -> bytes:
    parts = [
        [p.partname, p.content_type, _b64(p.blob), [list(r) for r in p.rels], _b64(p.rels_blob)]
        for p in found.parts
    ]
    prototypes = {
        partname: [
            p.head,
            p.tail,
            [[ph.shape_id, ph.head, ph.role, ph.list_style] for ph in p.placeholders],
        ]
        for partname, p in found.prototypes.items()
    }
    data = {
        "format": _FORMAT,
        "name": name,
        "parts": parts,
        "package_rels": [list(r) for r in found.package_rels],
        "text": [
            found.presentation,
            found.presentation_xml,
            found.presentation_empty,
            found.slide_id,
            found.core,
            found.core_xml,
            found.notes_master,
            *found.notes,
        ],
        "next_slide_id": found.next_slide_id,
        "app": list(found.app),
        "layouts": [[x.name, x.partname, list(x.types), x.has_body] for x in found.layouts],
        "prototypes": prototypes,
        "images": [list(pair) for pair in found.images],
        "default_types": sorted(list(pair) for pair in found.default_types),
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _partname(value: object) -> str:
    """A part name from the cache: absolute, without empty, "." or ".." segments."""
    name = _string(value)
    if not name.startswith("/") or any(s in ("", ".", "..") for s in name[1:].split("/")):
        raise ValueError(f"not a part name: {name!r}")
    return name


def _rel(item: Any) -> Rel:
    r_id, reltype, target, external = item
    if not isinstance(external, bool):
        raise TypeError("not a flag")
    target = _string(target) if external else _partname(target)
    return Rel(_string(r_id), _string(reltype), target, external)


def _rels(items: Any) -> tuple[Rel, ...]:
    return tuple(_rel(item) for item in items)


def _decode(data: dict[str, Any]) -> TemplateAnalysis:
    parts = tuple(
        TemplatePart(
            _partname(name),
            _string(content_type),
            _unb64(blob),
            _rels(rels),
            None if rels_blob is None else _unb64(rels_blob),
        )
        for name, content_type, blob, rels, rels_blob in data["parts"]
    )
    presentation, pres_xml, pres_empty, slide_id, core, core_xml, master, before, after = (
        _string(t) for t in data["text"]
    )
    prototypes = {
        _partname(partname): Prototype(
            _string(head),
            _string(tail),
            tuple(Placeholder(int(i), _string(h), _string(r), bool(s)) for i, h, r, s in phs),
        )
        for partname, (head, tail, phs) in data["prototypes"].items()
    }
    layouts = tuple(
        Layout(_string(name), _partname(partname), tuple(int(t) for t in types), bool(body))
        for name, partname, types, body in data["layouts"]
    )
    return TemplateAnalysis(
        parts=parts,
        package_rels=_rels(data["package_rels"]),
        presentation=_partname(presentation),
        presentation_xml=pres_xml,
        presentation_empty=pres_empty,
        slide_id=slide_id,
        next_slide_id=int(data["next_slide_id"]),
        core=_partname(core),
        core_xml=core_xml,
        app=tuple(_partname(name) for name in data["app"]),
        notes_master=_partname(master),
        layouts=layouts,
        prototypes=prototypes,
        notes=(before, after),
        images=tuple((_string(sha1), _partname(name)) for sha1, name in data["images"]),
        default_types=frozenset((_string(e), _string(t)) for e, t in data["default_types"]),
    )


__all__ = [
    "CENTER_TITLE",
    "CORE_FIELDS",
    "HEIGHT",
    "PRESENTATION_MAIN",
    "SLIDES",
    "SLIDE_ID",
    "SLIDE_RID",
    "TEMPLATE_MAIN",
    "TITLE",
    "WIDTH",
    "Layout",
    "Rel",
    "TemplateAnalysis",
    "TemplatePart",
    "analysis",
    "core_mark",
    "find_layout",
    "template_key",
]
