"""One-page sheets from the tracking data, as frame pages fitted by the shared engine.

``missions``: one sheet per recommending state, alphabetical: "Recommendations made by Spain
in the 3rd cycle", each of its recommendations with response and status, the coalition's new
recommendations on those issues, then the coalition's name and contact. A sheet too long for
a page continues on the next, its heading repeated with "(cont.)".

``factsheets``: one page per issue (after UPR Info's advocacy factsheets): coalition name and
logo, the issue, the previous recommendations with their status, the national framework
(stage of development), the challenges (new needs) and the suggested recommendations. The
text shrinks in ``layout.tracking.sheet_step`` steps down to ``sheet_min`` of its sizes;
past that the sheet takes more pages and the build warns, naming the issue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefgen.layout.document import Document, IssueBlock, Point
from briefgen.layout.fit import FitStyle, Fitter, Measurer, Page, Proto, proto, steps
from briefgen.layout.frames import Box, Picture, Rect, Run, TextBlock
from briefgen.layout.logos import place_logos
from briefgen.layout.pdf_pages import FramePage, Geometry, Item, Metrics, Stacker, Text, geometry
from briefgen.layout.roles import Role
from briefgen.layout.tracking import Tracked, Tracking
from briefgen.options import Options
from briefgen.theme import Theme, fill

__all__ = ["Sheets", "layout_factsheets", "layout_missions"]


@dataclass(frozen=True)
class Sheets:
    """Pages of a sheets PDF, with the key (state or issue) each page belongs to."""

    geometry: Geometry
    pages: tuple[FramePage, ...]
    keys: tuple[str, ...]
    title: str
    warnings: tuple[str, ...] = ()


class _Sheeter:
    def __init__(self, doc: Document, theme: Theme, options: Options) -> None:
        self.doc, self.theme = doc, theme
        self.geo = geometry(theme, options)
        self.metrics = Metrics(theme)
        self.st = Stacker(theme, self.geo, self.metrics)
        lay = theme.layout.pdf
        m = Measurer.for_theme(theme)
        tracking = doc.tracking
        labels = [r.number for r in doc.all_recommendations]
        labels += [r.ref for r in tracking.recs] if tracking else []
        widest = max((m.width(t, "bold", 1.0) for t in labels), default=0.0)
        room = max(widest + lay.number_gap, lay.bullet_indent)
        self.fitter = Fitter(
            m,
            FitStyle(
                line_spacing=theme.pdf.leading,
                paragraph_space=lay.handout_after,
                hang=(room, lay.sub_indent),
                continued=doc.words.continued,
                width_safety=0.0,
                height_safety=0.0,
                sub_space=0.5,
                ellipsis=lay.cut_mark,
            ),
        )

    def head(self, texts: list[Text], scale: float = 1.0) -> tuple[list[Item], float]:
        """Stacked head texts and a rule under them; (items, y where the body starts)."""
        s, lay = self.theme.pdf.sizes, self.theme.layout.pdf
        items: list[Item] = list(self.st.stack(texts, self.geo.top))
        weight = lay.rule * s.small
        y = max(i.box.bottom for i in items) + lay.h1_rule_after * s.body * scale
        items.append(Rect(Box(self.geo.left, y - weight / 2, self.geo.frame_width, weight), "rule"))
        return items, y + lay.h1_rule_after * s.body * scale

    def body_height(self, top: float) -> float:
        return self.geo.height - self.geo.bottom - top

    def fit(self, protos: list[Proto], top: float, sizes: list[float]) -> list[Page]:
        return self.fitter.fit_columns(protos, self.geo.frame_width, self.body_height(top), sizes)

    def page(self, head: list[Item], top: float, page: Page, tag: Role) -> FramePage:
        box = Box(self.geo.left, top, self.geo.frame_width, self.body_height(top))
        leading = self.theme.pdf.leading
        block = TextBlock(box, tuple(page.paras), page.size, leading, tag=Role.LIST)
        return FramePage((*head, block), tag)


def _previous(
    recs: tuple[Tracked, ...], tracking: Tracking, sep: str, colors: Mapping[str, str]
) -> list[Proto]:
    """Each previous recommendation with its states, then its response and status in their
    colours (``layout.tracking.colors``, as the charts and labels) and its evidence, muted."""
    out: list[Proto] = []
    for r in recs:
        states = f" ({', '.join(r.states)})" if r.states else ""
        details = [
            Run(f"{sep}{tracking.label(key)}", colors.get(key, "muted"), tag)
            for key, tag in ((r.response, Role.RESPONSE), (r.status, Role.STATUS))
            if key and tracking.label(key)
        ]
        if r.evidence:
            details.append(Run(f"{sep}{r.evidence}", "muted", Role.STATUS))
        parts: list[tuple[str, str] | Run] = [(r.text, "text"), Run(states, "heading", Role.STATES)]
        out.append(proto(*parts, *details, bullet=r.ref, tag=Role.PREVIOUS))
    return out


def _heading(text: str) -> Proto:
    return proto((text, "heading"), role="bold", keep=True, tag=Role.H2)


def _recommendations(issue: IssueBlock) -> list[Proto]:
    return [
        proto((r.text, "text"), bullet=r.number, tag=Role.RECOMMENDATION)
        for r in issue.recommendations
    ]


def _coalition(doc: Document) -> list[Proto]:
    contact = "; ".join(doc.cover.presenters)
    out = []
    if doc.cover.coalition:
        out.append(proto((doc.cover.coalition, "heading"), role="bold", tag=Role.PARAGRAPH))
    if contact:
        out.append(proto((f"{doc.words.contact}: {contact}", "muted"), tag=Role.PARAGRAPH))
    return out


def layout_missions(doc: Document, theme: Theme, options: Options) -> Sheets:
    """One sheet per recommending state, alphabetical."""
    tracking = doc.tracking
    assert tracking is not None
    sh = _Sheeter(doc, theme, options)
    s, words, sep = theme.pdf.sizes, doc.words, theme.layout.slides.separator
    pages: list[FramePage] = []
    keys: list[str] = []
    for state in tracking.states():
        recs = tracking.by_state(state)
        title = fill(
            words.missions_heading, state=state, cycle=tracking.ordinal(tracking.cycle_of(recs))
        )
        protos = _previous(recs, tracking, sep, theme.layout.tracking.colors)
        issues = [i for i in doc.issues if any(r.issue == i.number for r in recs)]
        if any(i.recommendations for i in issues):
            protos.append(_heading(words.missions_ours))
            for issue in issues:
                protos.append(proto((issue.heading, "accent"), role="bold", keep=True, tag=Role.H3))
                protos += _recommendations(issue)
        protos += _coalition(doc)
        head, top = sh.head([Text(title, s.heading1, "bold", "heading", tag=Role.H1)])
        fitted = sh.fit(protos, top, [s.body])
        for k, page in enumerate(fitted):
            if k:
                cont = doc.continued(title)
                head, top = sh.head([Text(cont, s.heading1, "bold", "heading", tag=Role.H1)])
            pages.append(sh.page(head, top, page, Role.PARAGRAPH))
            keys.append(state)
    return Sheets(sh.geo, tuple(pages), tuple(keys), doc.cover.title)


def _points(points: tuple[Point, ...], theme: Theme) -> list[Proto]:
    out = []
    for p in points:
        out.append(proto((p.text, "text"), bullet=theme.bullets.point, tag=Role.ITEM))
        out += [
            proto((item, "text"), bullet=theme.bullets.sub, level=1, tag=Role.ITEM)
            for item in p.items
        ]
    return out


def _factsheet_protos(issue: IssueBlock, doc: Document, theme: Theme) -> list[Proto]:
    tracking = doc.tracking
    assert tracking is not None
    words, sep = doc.words, theme.layout.slides.separator
    recs = tuple(r for r in tracking.recs if r.issue == issue.number)
    parts = [
        (words.previous_heading, _previous(recs, tracking, sep, theme.layout.tracking.colors)),
        (words.framework, _points(issue.developments, theme)),
        (words.challenges, _points(issue.needs, theme)),
        (words.suggested, _recommendations(issue)),
    ]
    return [p for title, body in parts if body for p in (_heading(title), *body)]


def layout_factsheets(doc: Document, theme: Theme, options: Options) -> Sheets:
    """One page per issue; shrunk to fit within the theme's bounds, else a warning."""
    sh = _Sheeter(doc, theme, options)
    s, lay = theme.pdf.sizes, theme.layout.tracking
    logos = doc.brand_logos
    pages: list[FramePage] = []
    keys: list[str] = []
    warnings: list[str] = []
    sizes = steps(s.body, s.body * lay.sheet_min, s.body * lay.sheet_step)
    for issue in doc.issues:
        texts = [Text(issue.heading, s.heading1, "bold", "heading", s.small, tag=Role.H1)]
        if doc.cover.coalition:
            texts.insert(0, Text(doc.cover.coalition, s.small, "bold", "muted", tag=Role.PARAGRAPH))
        head, top = sh.head(texts)
        if logos:
            strip = sh.st.height(texts)
            room = sh.geo.frame_width / 4
            cells = place_logos(
                [logo.picture.aspect for logo in logos[:1]], 0, 0, room, strip, 0, align="right"
            )
            x0 = sh.geo.left + sh.geo.frame_width - room
            head += [
                Picture(logo.picture, Box(x0 + c.x, sh.geo.top + c.y, c.w, c.h), logo.alt)
                for logo, c in zip(logos[:1], cells, strict=False)
            ]
        fitted = sh.fit(_factsheet_protos(issue, doc, theme), top, sizes)
        if len(fitted) > 1:
            warnings.append(
                f"the factsheet of issue {issue.number} ({issue.title}) needs {len(fitted)}"
                f" pages at {fitted[0].size:g} pt, the smallest the theme allows; shorten it"
            )
        for page in fitted:
            pages.append(sh.page(head, top, page, Role.PARAGRAPH))
            keys.append(str(issue.number))
    return Sheets(sh.geo, tuple(pages), tuple(keys), doc.cover.title, tuple(warnings))
