"""The one small XML builder of the deck writer: escaping as lxml does, and DrawingML units.

Every piece of markup the deck writer makes comes from here: :func:`el` for an element with
attributes (values escaped) and children, :func:`text_run` for the hot path of a text run,
:func:`text` / :func:`attr` for escaping, :func:`emu` / :func:`hundredths` / :func:`xfrm` for
units. The output is byte for byte what python-pptx and lxml write for the same elements, so
readers see the same files; text that XML cannot hold (a control character) is refused here
with a ValueError, the same one lxml raises.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from briefgen.layout.frames import Box

EMU_PER_POINT = 12700
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"  # as lxml
APP_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'  # as Office

# lxml refuses these in text and attributes (python-pptx lets the ValueError through)
_NOT_XML = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t]')
_TEXT_SLOW = re.compile(f"[&<>\r{_NOT_XML}]")  # one search decides: as is, or escape/refuse
_ATTR_SLOW = re.compile(f'[&<>"\n\r\t{_NOT_XML}]')
_REFUSED = re.compile(f"[{_NOT_XML}]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
# python-pptx escapes these in notes text as "_xHHHH_" (and makes \v a line break)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")

Attrs = Sequence[tuple[str, object]]


def text(value: str) -> str:
    """Element text as lxml serializes it."""
    if _TEXT_SLOW.search(value) is None:
        return value
    _refuse(value)
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], value)


def attr(value: str) -> str:
    """An attribute value as lxml serializes it (in double quotes)."""
    if _ATTR_SLOW.search(value) is None:
        return value
    _refuse(value)
    return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m.group()], value)


def _refuse(value: str) -> None:
    if _REFUSED.search(value):
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
            "characters"
        )


def attrs(pairs: Attrs) -> str:
    """`` name="value"`` for each pair, values escaped, in the order given."""
    return "".join(
        [f' {name}="{attr(value) if isinstance(value, str) else value}"' for name, value in pairs]
    )


def el(name: str, pairs: Attrs = (), *children: str) -> str:
    """``<name a="v">children</name>``, or ``<name a="v"/>`` without children (as lxml)."""
    inner = children[0] if len(children) == 1 else "".join(children)
    given = attrs(pairs) if pairs else ""
    return f"<{name}{given}>{inner}</{name}>" if inner else f"<{name}{given}/>"


def open_tag(name: str, pairs: Attrs = ()) -> str:
    """The start tag of an element whose content is written piece by piece."""
    return f"<{name}{attrs(pairs)}>"


def close_tag(name: str) -> str:
    return f"</{name}>"


def text_run(properties: str, value: str) -> str:
    """``<a:r>`` with its (already built) properties and escaped text: the hot path."""
    return f"<a:r>{properties}<a:t>{text(value)}</a:t></a:r>"


def line_break(properties: str = "") -> str:
    return f"<a:br>{properties}</a:br>" if properties else "<a:br/>"


def notes_paragraphs(value: str) -> str:
    """``notes_text_frame.text = value``: a paragraph per line, a line break per vertical tab."""
    if _CONTROL.search(value) is None:  # the usual case: one run per non-empty line
        return "".join(
            f"<a:p>{text_run('', line)}</a:p>" if line else "<a:p/>" for line in value.split("\n")
        )
    out = []
    for line in value.split("\n"):
        pieces = []
        for i, piece in enumerate(line.split("\v")):
            if i:
                pieces.append(line_break())
            if piece:
                piece = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", piece)
                pieces.append(text_run("", piece))
        out.append(el("a:p", (), *pieces))
    return "".join(out)


def emu(points: float) -> int:
    """Points to English Metric Units, DrawingML's length unit."""
    return round(points * EMU_PER_POINT)


def hundredths(points: float) -> str:
    """Points to hundredths of a point (font sizes, spacing)."""
    return str(round(points * 100))


def xfrm(box: Box) -> str:
    """A shape's position and size (``a:xfrm`` with ``a:off`` and ``a:ext``; numbers only, so
    nothing to escape: written directly, as it is on every shape)."""
    return (
        f'<a:xfrm><a:off x="{emu(box.x)}" y="{emu(box.y)}"/>'
        f'<a:ext cx="{emu(box.w)}" cy="{emu(box.h)}"/></a:xfrm>'
    )


@functools.cache
def solid_fill(rgb: str) -> str:
    return el("a:solidFill", (), el("a:srgbClr", (("val", rgb),)))


@functools.cache
def rect_geometry() -> str:
    return el("a:prstGeom", (("prst", "rect"),), el("a:avLst"))


__all__ = [
    "APP_DECLARATION",
    "EMU_PER_POINT",
    "XML_DECLARATION",
    "attr",
    "attrs",
    "close_tag",
    "el",
    "emu",
    "hundredths",
    "line_break",
    "notes_paragraphs",
    "open_tag",
    "rect_geometry",
    "solid_fill",
    "text",
    "text_run",
    "xfrm",
]
