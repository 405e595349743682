"""Tracking the last cycle (issue 12): counts, the PDF summary and matrix, the deck's chart,
mission pages and factsheets; every figure read back from the outputs and compared with
counts taken straight from the input."""

from __future__ import annotations

import copy
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

import briefgen
from briefgen.build import build_bytes
from briefgen.cli import app
from briefgen.layout import document as document_module
from briefgen.sheets import build_sheets
from tests.cli_runner import CliRunner
from tests.conftest import INPUTS

TRACKING = INPUTS / "kz-tracking.yaml"
WORDS = {
    "supported": "supported",
    "noted": "noted",
    "implemented": "implemented",
    "partially_implemented": "partially implemented",
    "not_implemented": "not implemented",
}


def _previous(briefing: Any) -> list[Any]:
    return [
        p
        for issue in briefing.issues
        if issue.situation
        for p in issue.situation.previous_recommendations
    ]


def _expected(briefing: Any) -> tuple[Counter[str], Counter[str]]:
    recs = _previous(briefing)
    return Counter(p.response for p in recs), Counter(p.status for p in recs)


@pytest.fixture(scope="module")
def tracked() -> Any:
    return briefgen.load(TRACKING)


@pytest.fixture(scope="module")
def outputs(tracked: Any) -> dict[str, bytes]:
    return build_bytes(tracked).outputs


def _pdf_pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _flat(text: str) -> str:
    """A page's text with its line breaks as spaces (headings wrap)."""
    return " ".join(text.split())


def _long_input(tmp_path: Path, recs: int, state: str = "Spain") -> Path:
    """kz-tracking with ``recs`` more long previous recommendations by ``state`` in issue 2."""
    data = yaml.safe_load(TRACKING.read_text(encoding="utf-8"))
    issue = data["issues"][1]
    extra = copy.deepcopy(issue["situation"]["previous_recommendations"][0])
    for k in range(recs):
        rec = copy.deepcopy(extra)
        rec["ref"] = f"9.{k + 1}"
        rec["text"] = {lang: f"{text} " * 3 for lang, text in extra["text"].items()}
        rec["states"] = [{"en": state, "ru": state, "kk": state}]
        issue["situation"]["previous_recommendations"].append(rec)
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_counts_equal_the_input(tracked: Any) -> None:
    responses, statuses = _expected(tracked)
    _, doc = briefgen.build.prepare(tracked)
    assert doc.tracking is not None
    overall = doc.tracking.overall
    assert overall.total == len(_previous(tracked)) == 4
    for key in ("supported", "noted"):
        assert overall.get(key) == responses[key]
    for key in ("implemented", "partially_implemented", "not_implemented"):
        assert overall.get(key) == statuses[key]
    per_issue = {ic.number: ic.counts.total for ic in doc.tracking.issues}
    assert per_issue == {2: 2, 3: 1, 4: 1}


def test_deck_chart_is_native_and_its_values_are_the_counts(
    tracked: Any, outputs: dict[str, bytes]
) -> None:
    responses, statuses = _expected(tracked)
    prs = Presentation(io.BytesIO(outputs["pptx"]))
    charts = [(s, sh) for s in prs.slides for sh in s.shapes if sh.has_chart]
    assert len(charts) == 1
    slide, frame = charts[0]
    assert slide.shapes.title.text_frame.text == "The last cycle in figures"
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    plot = chart.plots[0]
    categories = list(plot.categories)
    assert categories == ["Implemented", "Partially implemented", "Not implemented"]
    series = {s.name: list(s.values) for s in plot.series}
    assert set(series) == {"supported", "noted"}
    for name, values in series.items():
        assert sum(values) == responses[name]
    keys = ["implemented", "partially_implemented", "not_implemented"]
    for k, key in enumerate(keys):
        assert sum(v[k] for v in series.values()) == statuses[key]
    # the chart fits the slide, below the title, and the notes say the figures
    assert frame.left + frame.width <= prs.slide_width
    assert frame.top > slide.shapes.title.top + slide.shapes.title.height
    assert frame.top + frame.height <= prs.slide_height
    notes = slide.notes_slide.notes_text_frame.text
    assert "4 recommendations from the last cycle: 3 supported, 1 noted;" in notes
    assert "2 partially implemented, 2 not implemented." in notes


def test_pdf_chart_numbers_are_the_counts(tracked: Any, outputs: dict[str, bytes]) -> None:
    responses, statuses = _expected(tracked)
    pages = _pdf_pages(outputs["pdf"])
    summary = next(p for p in pages if "By response" in p)
    lines = summary.splitlines()
    for key, count in [*responses.items(), *statuses.items()]:
        label = WORDS[key][0].upper() + WORDS[key][1:]
        assert f"{label} {count}" in lines, (label, count, lines)
    assert "Implemented 0" in lines  # an empty status is still shown, as 0
    assert "Total 3 1 0 2 2 4" in lines  # the counts table's total row


def test_every_ref_appears_once_in_the_matrix(tmp_path: Path) -> None:
    briefing = briefgen.load(_long_input(tmp_path, 30))
    pages = _pdf_pages(build_bytes(briefing, ("pdf",)).outputs["pdf"])
    heading = "Recommendations and their implementation"
    start = next(k for k, p in enumerate(pages) if heading in p.splitlines())
    handout = ("Key recommendations", "Key recommendations (cont.)")
    matrix = [p for p in pages[start:] if not set(handout) & set(p.splitlines())]
    assert len(matrix) > 1  # long enough to continue on more pages
    for page in matrix:  # the header row repeats on every page of the table
        assert "Ref. Recommendation States Response Status" in page
    text = "\n".join(matrix)
    refs = [p.ref for p in _previous(briefing)]
    assert len(refs) == 34
    for ref in refs:
        assert len(re.findall(rf"(?<![\d.]){re.escape(ref)}(?![\d])", text)) == 1, ref


def test_mission_pages_list_exactly_each_states_recommendations(tracked: Any) -> None:
    result = build_sheets(tracked, ("missions",))
    pages = _pdf_pages(result.outputs["missions"])
    states = ["Hungary", "Philippines", "Sierra Leone", "Spain", "Tajikistan"]
    assert result.pages["missions"] == len(pages) == len(states)
    refs = {p.ref for p in _previous(tracked)}
    for page, state in zip(pages, states, strict=True):
        assert _flat(page).startswith(f"Recommendations made by {state} in the 3rd cycle")
        mine = {p.ref for p in _previous(tracked) if state in p.states}
        shown = {ref for ref in refs if ref in page}
        assert shown == mine, state
        assert "NGO Coalition on the Rights of the Child" in page


def test_a_state_with_many_recommendations_continues_with_its_name(tmp_path: Path) -> None:
    briefing = briefgen.load(_long_input(tmp_path, 14, state="Zambia"))
    pages = _pdf_pages(build_sheets(briefing, ("missions",)).outputs["missions"])
    zambia = [p for p in pages if "made by Zambia" in p]
    assert len(zambia) >= 2
    assert _flat(zambia[0]).startswith("Recommendations made by Zambia in the 3rd cycle 9.1 ")
    for page in zambia[1:]:
        assert _flat(page).startswith("Recommendations made by Zambia in the 3rd cycle (cont.)")
    shown = {f"9.{k}" for k in range(1, 15) if any(f"9.{k} " in p for p in zambia)}
    assert len(shown) == 14


def test_each_factsheet_is_one_page(tracked: Any) -> None:
    result = build_sheets(tracked, ("factsheets",))
    pages = _pdf_pages(result.outputs["factsheets"])
    assert result.warnings == []
    assert len(pages) == len(tracked.issues)
    for number, (page, issue) in enumerate(zip(pages, tracked.issues, strict=True), start=1):
        assert f"Issue {number}: {issue.title}" in page
        assert "Suggested recommendations" in page
    assert "National framework" in pages[1] and "Challenges" in pages[1]
    assert "120.75" in pages[1] and "partially implemented" in pages[1]


def test_a_factsheet_past_the_themes_bounds_warns_naming_the_issue(tmp_path: Path) -> None:
    briefing = briefgen.load(_long_input(tmp_path, 14))
    result = build_sheets(briefing, ("factsheets",))
    assert len(result.warnings) == 1
    assert "issue 2 (Child labour)" in result.warnings[0]


def test_outputs_without_tracking_data_are_unchanged(kz: Any, monkeypatch: Any) -> None:
    """kz has no tracking data: its bytes equal a build with the tracking stage removed."""
    _, doc = briefgen.build.prepare(kz)
    assert doc.tracking is None
    with_stage = build_bytes(kz).outputs
    monkeypatch.setattr(document_module, "tracking_of", lambda *args: None)
    without = build_bytes(kz).outputs
    assert with_stage == without


def test_cli_writes_the_sheets(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["build", str(TRACKING), "--pdf", "--missions", "--factsheets", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "kz-tracking.missions.pdf (5 pages)" in result.stdout
    assert "kz-tracking.factsheets.pdf (4 pages)" in result.stdout
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["kz-tracking.factsheets.pdf", "kz-tracking.missions.pdf", "kz-tracking.pdf"]


def test_cli_sheets_without_tracking_data_is_one_line_and_writes_nothing(
    kz_path: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(app, ["build", str(kz_path), "--missions", "--out", str(tmp_path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--missions need tracking data" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_bad_tracking_values_are_positioned_errors(tmp_path: Path) -> None:
    text = TRACKING.read_text(encoding="utf-8").replace("cycle: 3", "cycle: 0", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[0]
    assert re.match(
        r".*bad\.yaml:\d+:\d+: issues\[2\]\.situation\.previous_recommendations\[1\]\.cycle", line
    ), line


def test_sheets_show_response_and_status_in_their_colours(tracked: Any) -> None:
    """On mission pages and factsheets, a response and a status are in the colour the theme
    gives their value (layout.tracking.colors), as in the charts; evidence stays muted."""
    from briefgen.theme import load_theme

    theme = load_theme("default")
    role_of = theme.layout.tracking.colors

    def rgb(role: str) -> tuple[float, ...]:
        value = getattr(theme.colors, role).lstrip("#")
        return tuple(round(int(value[i : i + 2], 16) / 255, 3) for i in (0, 2, 4))

    for kind in ("factsheets", "missions"):
        data = build_sheets(tracked, (kind,)).outputs[kind]
        seen = {}
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                for word in page.extract_words(extra_attrs=["non_stroking_color"]):
                    color = tuple(round(c, 3) for c in word["non_stroking_color"] or ())
                    seen.setdefault(word["text"].strip("·"), set()).add(color)
        assert rgb(role_of["supported"]) in seen["supported"], kind
        assert rgb(role_of["noted"]) in seen["noted"], kind
        assert rgb(role_of["not_implemented"]) in seen["not"], kind
        assert rgb(role_of["partially_implemented"]) in seen["partially"], kind
