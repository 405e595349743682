"""The deck writer's private python-pptx names live in one adapter, and still exist.

python-pptx is pinned; when an upgrade renames one of the private names the writer needs,
this test fails naming it (rather than a deck failing to build for a user).
"""

from __future__ import annotations

import re
from pathlib import Path

import pptx
import pytest
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from briefgen.layout.frames import Box
from briefgen.render import pptx_private as private
from briefgen.render import pptx_xml as xml

RENDER = Path(__file__).resolve().parent.parent / "briefgen" / "render"


def test_every_private_python_pptx_name_still_exists() -> None:
    gone = private.missing()
    assert gone == [], (
        f"python-pptx {pptx.__version__} no longer has {', '.join(gone)}: "
        "update briefgen/render/pptx_private.py (and the pin in pyproject.toml)"
    )


def test_the_adapter_works_on_a_fresh_deck() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    part = slide.part
    assert private.serialize(part).startswith("<?xml") and "<p:sld " in private.serialize(part)
    assert private.element(part).tag.endswith("}sld")
    ids = private.slide_id_list(prs)
    before = len(ids)
    private.add_slide_id(ids, 9999, "rId99")
    assert len(ids) == before + 1 and ids[-1].get("id") == "9999"
    assert any(r.reltype == RT.OFFICE_DOCUMENT for r in private.package_rels(part.package).values())
    assert private.text_body(slide.shapes.title).tag.endswith("}txBody")


def test_no_other_deck_module_touches_a_private_name() -> None:
    pattern = re.compile(r"(?<!self)(?<!cls)\.(_[a-z][A-Za-z]*)\b|\b(_ContentTypesItem)\b")
    for path in sorted(RENDER.glob("pptx*.py")):
        if path.name == "pptx_private.py":
            continue
        code = path.read_text(encoding="utf-8")
        found = [m.group(0) for m in pattern.finditer(code)]
        assert found == [], f"{path.name} uses {found}: go through pptx_private"


def test_the_xml_builder_escapes_and_refuses() -> None:
    assert xml.el("a:t", (), xml.text("< & >")) == "<a:t>&lt; &amp; &gt;</a:t>"
    assert (
        xml.el("p:cNvPr", (("descr", 'say "hi"\n'),))
        == '<p:cNvPr descr="say &quot;hi&quot;&#10;"/>'
    )
    assert xml.el("a:p") == "<a:p/>"
    assert xml.xfrm(Box(1, 2, 3, 4)) == (
        '<a:xfrm><a:off x="12700" y="25400"/><a:ext cx="38100" cy="50800"/></a:xfrm>'
    )
    assert xml.hundredths(10.5) == "1050"
    with pytest.raises(ValueError, match="XML compatible"):
        xml.text("bell \x07")
    assert xml.notes_paragraphs("a\n\nb\vc") == (
        "<a:p><a:r><a:t>a</a:t></a:r></a:p><a:p/>"
        "<a:p><a:r><a:t>b</a:t></a:r><a:br/><a:r><a:t>c</a:t></a:r></a:p>"
    )


def test_the_deck_writers_names_are_python_pptxs() -> None:
    """The writer names placeholder types, relationship and content types without importing
    python-pptx: the same values as python-pptx's."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.opc.constants import CONTENT_TYPE as CT

    from briefgen.render import pptx_package as package
    from briefgen.render import pptx_template as template

    assert (template.TITLE, template.CENTER_TITLE) == (
        PP_PLACEHOLDER.TITLE,
        PP_PLACEHOLDER.CENTER_TITLE,
    )
    assert (package.RT_SLIDE, package.RT_SLIDE_LAYOUT, package.RT_IMAGE) == (
        RT.SLIDE,
        RT.SLIDE_LAYOUT,
        RT.IMAGE,
    )
    assert (package.RT_NOTES_SLIDE, package.RT_NOTES_MASTER) == (RT.NOTES_SLIDE, RT.NOTES_MASTER)
    assert (package.CT_SLIDE, package.CT_NOTES_SLIDE) == (CT.PML_SLIDE, CT.PML_NOTES_SLIDE)
    assert (package.CT_RELATIONSHIPS, package.CT_XML) == (CT.OPC_RELATIONSHIPS, CT.XML)
    assert package.IMAGE_TYPES == {"PNG": ("png", CT.PNG), "JPEG": ("jpg", CT.JPEG)}
    assert (template.PRESENTATION_MAIN, template.TEMPLATE_MAIN) == (
        CT.PML_PRESENTATION_MAIN,
        CT.PML_TEMPLATE_MAIN,
    )
