"""A native, editable PowerPoint chart from a :class:`~briefgen.layout.frames.ChartFrame`.

The chart part and its embedded workbook come from python-pptx's chart XML writer
(``ChartPart.new``), so PowerPoint opens the data for editing; the series take the theme's
colours, the labels the theme's regular face. The workbook's creation date is fixed so the
same input gives the same deck bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.chart import ChartPart
from pptx.util import Pt

from briefgen.layout.frames import ChartFrame
from briefgen.render.pptx_analyse import records
from briefgen.render.pptx_package import Part
from briefgen.render.pptx_private import chart_xlsx
from briefgen.render.pptx_xml import el, emu

__all__ = ["chart_shape"]

_FIXED = dt.datetime(2000, 1, 1)
_CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"


class _Names:
    """The deck's package as python-pptx's ``ChartPart.new`` uses one: for part names."""

    def __init__(self, part: Part) -> None:
        self.package = part.package

    def next_partname(self, template: str) -> PackURI:
        return PackURI(self.package.new_partname(template))


def chart_shape(
    shape_id: int, item: ChartFrame, part: Part, color: Any, font: str, text: str
) -> str:
    """The graphic frame of a new chart part related to the slide ``part``; the chart's parts
    (its XML and embedded workbook) join the deck's package as python-pptx made them.

    ``color(role)`` gives a theme colour as hex; ``font`` is the label face, ``text`` the
    colour role of labels.
    """
    data = CategoryChartData(number_format="0")
    data.categories = item.categories
    for series in item.series:
        data.add_series(series.name, series.values)
    chart_part = ChartPart.new(XL_CHART_TYPE.BAR_STACKED, data, _Names(part))  # type: ignore[arg-type]
    chart_part.chart_workbook.update_from_xlsx_blob(chart_xlsx(data, _FIXED))
    _style(chart_part.chart, item, color, font, text)
    for record in records(chart_part):
        part.package.add(record)
    r_id = part.relate(RT.CHART, str(chart_part.partname))
    box = item.box
    nv = el(
        "p:nvGraphicFramePr",
        (),
        el("p:cNvPr", (("id", shape_id), ("name", f"Chart {shape_id}"), ("descr", item.alt))),
        el("p:cNvGraphicFramePr", (), el("a:graphicFrameLocks", (("noGrp", 1),))),
        el("p:nvPr"),
    )
    xfrm = (
        f'<p:xfrm><a:off x="{emu(box.x)}" y="{emu(box.y)}"/>'
        f'<a:ext cx="{emu(box.w)}" cy="{emu(box.h)}"/></p:xfrm>'
    )
    chart = el("c:chart", (("xmlns:c", _CHART_URI), ("xmlns:r", _R), ("r:id", r_id)))
    graphic = el("a:graphic", (), el("a:graphicData", (("uri", _CHART_URI),), chart))
    return el("p:graphicFrame", (), nv, xfrm, graphic)


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _style(chart: Any, item: ChartFrame, color: Any, font: str, text: str) -> None:
    chart.font.size = Pt(item.size)
    chart.font.name = font
    chart.font.color.rgb = RGBColor.from_string(color(text))
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.has_title = True
    chart.chart_title.text_frame.text = item.title
    plot = chart.plots[0]
    plot.gap_width = round(item.gap * 100)
    plot.overlap = 100
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = True
    labels.number_format = "0;;;"  # no label on empty segments
    labels.number_format_is_linked = False
    labels.font.color.rgb = RGBColor.from_string(color("background"))
    for series, spec in zip(plot.series, item.series, strict=True):
        fill = series.format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(color(spec.color))
    chart.category_axis.reverse_order = True
    chart.category_axis.has_major_gridlines = False
    most = max((sum(v) for v in zip(*(s.values for s in item.series), strict=True)), default=1)
    chart.value_axis.major_unit = max(1, -(-most // 8))
    chart.value_axis.tick_labels.number_format = "0"
    chart.value_axis.tick_labels.number_format_is_linked = False
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(color("rule"))
