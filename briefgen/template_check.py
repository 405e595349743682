"""A theme's PowerPoint template checked before anything is written.

A .pptx/.potx comes from a stranger like everything else: it may not be a zip, be empty
or truncated, hold a 2 GB part in 2 MB (a zip bomb), carry XML with entity tricks, or
lack the slide layouts the deck is built on. ``validate`` and ``build`` run
:func:`check_template` first, so each of these is one positioned line, never an internal
error after the PDF was written.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from pathlib import Path
from typing import Protocol

from briefgen.errors import InputError, Problem
from briefgen.model import SourceMap
from briefgen.paths import read_checked

MAX_BYTES = 50 * 2**20
"""Largest template file; an organisation's template with images is a few MB."""
MAX_UNPACKED = 200 * 2**20
"""Largest total of the parts once unpacked."""
MAX_ENTRIES = 5000
MAX_RATIO = 200
"""Unpacked size / packed size of one part (XML packs 10-20×; a bomb packs 1000×)."""
MAX_XML_PART = 50 * 2**20

PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_TITLES = {"title", "ctrTitle"}


class TemplateError(Exception):
    """A template that cannot be used; the message says why."""


class _Holder(Protocol):
    def problem(self, loc: tuple[str | int, ...], message: str) -> Problem: ...


def check_theme_template(
    template: Path | None,
    holder: _Holder | None,
    layouts: tuple[str, str] = ("Title Slide", "Title and Content"),
) -> None:
    """Raise a positioned InputError when the theme's template cannot be used.

    ``holder`` (the theme, or a SourceMap) positions the error; ``layouts`` are the names
    of the title and content layouts the deck asks for (``layout.slides`` of the theme).
    """
    if template is None:
        return
    try:
        st = template.stat()
        key = (st.st_mtime_ns, st.st_size)
    except OSError:
        key = (0, -1)
    message = _checked(template, key, layouts)
    if message is not None:
        where = holder or SourceMap(str(template), {})
        raise InputError([where.problem(("slides", "template"), message)])


@functools.lru_cache(maxsize=32)
def _checked(path: Path, _key: tuple[int, int], layouts: tuple[str, str]) -> str | None:
    try:
        check_template(path, layouts)
    except TemplateError as err:
        return str(err)
    return None


def check_template(
    path: Path, layouts: tuple[str, str] = ("Title Slide", "Title and Content")
) -> None:
    """Check a .pptx/.potx fully: file, zip limits, parts, XML, layouts, python-pptx opens it."""
    name = path.name
    if path.suffix.lower() not in (".pptx", ".potx"):
        raise TemplateError(f"template {name!r} must be a .pptx or .potx file")
    data = read_checked(path, MAX_BYTES, "template", "a file", TemplateError)
    if not data:
        raise TemplateError(f"template {name!r} is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = _read_parts(name, package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as err:
        raise TemplateError(
            f"template {name!r} is not a readable .pptx/.potx (a zip package): {err}"
        ) from None
    _check_structure(name, parts)
    _check_opens(name, path, layouts)


def _read_parts(name: str, package: zipfile.ZipFile) -> dict[str, bytes]:
    """Every part's bytes, after the size limits; a truncated part is an error."""
    infos = package.infolist()
    if len(infos) > MAX_ENTRIES:
        raise TemplateError(f"template {name!r} has too many parts (more than {MAX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise TemplateError(
            f"template {name!r} unpacks to {total / 2**20:.0f} MB "
            f"(at most {MAX_UNPACKED // 2**20} MB)"
        )
    for info in infos:
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TemplateError(
                f"template {name!r}: part {info.filename!r} packs {info.file_size / 2**20:.0f} MB"
                f" into {info.compress_size / 2**10:.0f} KB (a zip bomb?)"
            )
    parts = {}
    for info in infos:
        if info.is_dir():
            continue
        try:
            parts[info.filename] = package.read(info)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as err:
            raise TemplateError(
                f"template {name!r}: part {info.filename!r} is damaged ({err})"
            ) from None
    return parts


def _xml(name: str, part: str, data: bytes) -> object:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    if len(data) > MAX_XML_PART:
        raise TemplateError(f"template {name!r}: part {part!r} is too large")
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True)
    except DefusedXmlException:
        raise TemplateError(
            f"template {name!r}: part {part!r} declares a DTD or entities (not allowed)"
        ) from None
    except Exception as err:  # expat's ParseError and friends
        raise TemplateError(f"template {name!r}: part {part!r} is not valid XML ({err})") from None


def _check_structure(name: str, parts: dict[str, bytes]) -> None:
    """The parts a presentation needs, all XML well-formed, and a layout with a title."""
    for required in ("[Content_Types].xml", "_rels/.rels"):
        if required not in parts:
            raise TemplateError(f"template {name!r} lacks the part {required!r}")
    trees = {
        part: _xml(name, part, data)
        for part, data in parts.items()
        if part.endswith((".xml", ".rels"))
    }
    types = parts["[Content_Types].xml"]
    if PRESENTATION_MAIN.encode() not in types and TEMPLATE_MAIN.encode() not in types:
        raise TemplateError(f"template {name!r} is not a PowerPoint presentation or template")
    main = None
    for rel in trees["_rels/.rels"].iter():  # type: ignore[attr-defined]
        if rel.get("Type") == _OFFICE_DOCUMENT:
            main = posixpath.normpath(rel.get("Target", "").lstrip("/"))
    if main is None or main not in parts:
        raise TemplateError(f"template {name!r} lacks its presentation part")
    layouts = [p for p in trees if p.startswith("ppt/slideLayouts/") and p.endswith(".xml")]
    if not any(p.startswith("ppt/slideMasters/") and p.endswith(".xml") for p in trees):
        raise TemplateError(f"template {name!r} has no slide master")
    if not layouts:
        raise TemplateError(f"template {name!r} has no slide layouts")
    titled = [
        p
        for p in layouts
        if any(ph.get("type") in _TITLES for ph in trees[p].iter(f"{_P}ph"))  # type: ignore[attr-defined]
    ]
    if not titled:
        raise TemplateError(
            f"template {name!r} has no slide layout with a title placeholder "
            "(the deck needs one, like PowerPoint's 'Title Slide' or 'Title and Content')"
        )


def _check_opens(name: str, path: Path, layouts: tuple[str, str]) -> None:
    """python-pptx opens it as the deck writer does: the template's analysis
    (:func:`briefgen.render.pptx_template.analysis`: emptied, every layout's placeholders
    cloned; made once per file, then read from the cache), and the layouts the writer picks
    (``find_layout`` with the theme's names) are there."""
    from briefgen.render import pptx_template as template

    try:
        found = template.analysis(path)
        template.find_layout(found.layouts, layouts[0], (template.CENTER_TITLE, template.TITLE))
        template.find_layout(found.layouts, layouts[1], (template.TITLE,), body=True)
    except Exception as err:  # python-pptx fails with KeyError, ValueError, lxml errors...
        raise TemplateError(
            f"template {name!r} cannot be opened as a PowerPoint template "
            f"({type(err).__name__}: {str(err)[:120]})"
        ) from None
