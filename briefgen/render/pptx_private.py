"""Every private python-pptx name the deck writer uses, in one small adapter.

python-pptx is pinned (see pyproject.toml). It analyses a deck template once
(:mod:`briefgen.render.pptx_analyse`: the template emptied of its slides, the slide list and
the package's relationships as they are written) and fills a chart's embedded workbook; that
needs a few private names. They are all here, and :func:`missing` lists any a python-pptx
upgrade removed (tests/test_pptx_private.py fails loudly naming them).
"""

from __future__ import annotations

from typing import Any

from pptx.opc.oxml import serialize_part_xml

# (what holds it, private name): checked by missing() on a fresh deck
NAMES = (
    ("Slides", "_sldIdLst"),
    ("XmlPart", "_element"),
    ("CT_SlideIdList", "_add_sldId"),
    ("OpcPackage", "_rels"),
    ("TextFrame", "_txBody"),
)


def element(part: Any) -> Any:
    """The part's XML root element (an lxml element)."""
    return part._element


def serialize(part: Any) -> str:
    """A part's XML as python-pptx writes it."""
    return str(serialize_part_xml(part._element).decode("utf-8"))


def slide_id_list(prs: Any) -> Any:
    """The presentation's ``p:sldIdLst`` element."""
    return prs.slides._sldIdLst


def add_slide_id(id_list: Any, slide_id: int, r_id: str) -> None:
    id_list._add_sldId(id=slide_id, rId=r_id)


def package_rels(package: Any) -> Any:
    return package._rels


def text_body(shape: Any) -> Any:
    """A shape's ``p:txBody`` element."""
    return shape.text_frame._txBody


def missing() -> list[str]:
    """The private names above that this python-pptx lacks ("Holder._name"), on a fresh deck."""
    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    title = slide.shapes.title
    holders: dict[str, object] = {
        "Slides": prs.slides,
        "XmlPart": slide.part,
        "CT_SlideIdList": getattr(prs.slides, "_sldIdLst", None),
        "OpcPackage": slide.part.package,
        "TextFrame": title.text_frame if title is not None else None,
    }
    return [
        f"{holder}.{name}"
        for holder, name in NAMES
        if holders[holder] is None or not hasattr(holders[holder], name)
    ]


__all__ = [
    "NAMES",
    "add_slide_id",
    "element",
    "missing",
    "package_rels",
    "serialize",
    "slide_id_list",
    "text_body",
]


def chart_xlsx(chart_data: Any, created: Any) -> bytes:
    """The chart's embedded workbook, as python-pptx fills it, with a fixed creation date
    (XlsxWriter stamps the current time otherwise, and the deck must be the same bytes)."""
    import io

    from xlsxwriter import Workbook

    stream = io.BytesIO()
    workbook = Workbook(stream, {"in_memory": True})
    workbook.set_properties({"created": created})
    worksheet = workbook.add_worksheet()
    chart_data._workbook_writer._populate_worksheet(workbook, worksheet)
    workbook.close()
    return stream.getvalue()
