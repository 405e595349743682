"""Caches keyed by path, modification time and size: one process sees edited files.

A long-running process (a watch mode, a server) loads themes and fonts many times; each is
kept while its file is unchanged and read again once it changes. Font tables also live in the
disk cache, which must give exactly what parsing the font gives.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont as ReportlabTTFont

from briefgen import fonts
from briefgen.fonts import FontMetrics, FontSpec
from briefgen.render import pdf_ttf
from briefgen.theme import load_theme

DEJAVU = fonts.resolve(FontSpec("DejaVu Sans")).path
DEJAVU_BOLD = fonts.resolve(FontSpec("DejaVu Sans", 700)).path


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(cache))
    return cache


def rewrite(path: Path, content: bytes | str) -> None:
    """Replace a file's content and move its modification time on by a second."""
    before = path.stat().st_mtime_ns
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_an_edited_theme_is_read_again(tmp_path: Path) -> None:
    theme = tmp_path / "brand" / "theme.yaml"
    theme.parent.mkdir()
    theme.write_text("extends: default\ncolors:\n  accent: '#AA0000'\n", encoding="utf-8")
    first = load_theme(str(theme.parent))
    assert first.colors.accent == "#AA0000"
    assert load_theme(str(theme.parent)) is first  # unchanged: kept
    rewrite(theme, "extends: default\ncolors:\n  accent: '#00AA00'\n")
    assert load_theme(str(theme.parent)).colors.accent == "#00AA00"


def test_an_edited_parent_theme_is_seen_by_its_child(tmp_path: Path) -> None:
    base, child = tmp_path / "base" / "theme.yaml", tmp_path / "child" / "theme.yaml"
    base.parent.mkdir()
    child.parent.mkdir()
    base.write_text("extends: default\ncolors:\n  band: '#111111'\n", encoding="utf-8")
    child.write_text("extends: ../base\ncolors:\n  accent: '#AA0000'\n", encoding="utf-8")
    assets = (base.parent,)  # a parent outside the child's folder must be allowed
    assert load_theme(str(child.parent), assets=assets).colors.band == "#111111"
    rewrite(base, "extends: default\ncolors:\n  band: '#222222'\n")
    mine = load_theme(str(child.parent), assets=assets)
    assert (mine.colors.band, mine.colors.accent) == ("#222222", "#AA0000")


def test_an_edited_font_choice_changes_faces_and_widths(tmp_path: Path) -> None:
    theme = tmp_path / "brand" / "theme.yaml"
    theme.parent.mkdir()
    theme.write_text("extends: default\nfonts:\n  regular: {family: DejaVu Sans}\n", "utf-8")
    face = fonts.resolve(load_theme(str(theme.parent)).font_spec("regular"))
    assert (face.name, face.bold) == ("DejaVuSans", False)
    rewrite(theme, "extends: default\nfonts:\n  regular: {family: DejaVu Sans, weight: 700}\n")
    face = fonts.resolve(load_theme(str(theme.parent)).font_spec("regular"))
    assert (face.name, face.bold) == ("DejaVuSans-Bold", True)


def test_an_edited_font_file_is_resolved_and_measured_again(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttf"
    shutil.copyfile(DEJAVU, mine)
    spec = FontSpec("ignored", file=mine)
    assert fonts.resolve(spec).name == "DejaVuSans"
    regular_width = FontMetrics.load(mine).width("Wide words", 10)
    assert regular_width == FontMetrics.load(DEJAVU).width("Wide words", 10)
    rewrite(mine, DEJAVU_BOLD.read_bytes())
    assert fonts.resolve(spec).name == "DejaVuSans-Bold"
    bold_width = FontMetrics.load(mine).width("Wide words", 10)
    assert bold_width == FontMetrics.load(DEJAVU_BOLD).width("Wide words", 10)
    assert bold_width > regular_width
    assert fonts.chain(spec, ()).width("Wide words", 10) == bold_width


def test_disk_cached_metrics_equal_parsed_ones(own_cache: Path) -> None:
    parsed = fonts._parse_metrics(DEJAVU)
    first = FontMetrics(DEJAVU)  # parses and writes the cache
    [cached_file] = (own_cache / "metrics").iterdir()
    assert fonts._unpack_metrics(cached_file) == parsed
    again = FontMetrics(DEJAVU)  # reads the cache
    sample = "Қазақстан – “child labour” ➢ ❑ 5000\xa0people"
    assert again.width(sample, 11) == first.width(sample, 11)
    assert again.width(sample, 11) == ReportlabTTFont("probe-a", str(DEJAVU)).stringWidth(
        sample, 11
    )
    assert (again.ascent, again.descent, again.line_gap) == (
        first.ascent,
        first.descent,
        first.line_gap,
    )
    assert again.missing("a\u4e2d") == ["\u4e2d"]


def test_a_damaged_metrics_cache_is_ignored(own_cache: Path) -> None:
    FontMetrics(DEJAVU)
    [cached_file] = (own_cache / "metrics").iterdir()
    cached_file.write_bytes(b"BGMTRX" + b"\xff" * 40)
    assert fonts._unpack_metrics(cached_file) is None
    expected = ReportlabTTFont("probe-b", str(DEJAVU)).stringWidth("abc", 10)
    assert FontMetrics(DEJAVU).width("abc", 10) == expected
    assert fonts._unpack_metrics(cached_file) == fonts._parse_metrics(DEJAVU)  # rewritten


def face_state(font: ReportlabTTFont) -> dict[str, object]:
    assert font.face.glyphToChar  # a table a cached face unpacks when first read
    state = dict(vars(font.face))
    scale = state.pop("_pdfScale")
    state["scaled 1234"] = scale(1234)  # type: ignore[operator]
    return state


def test_cached_reportlab_face_equals_reportlabs_own(own_cache: Path) -> None:
    own = ReportlabTTFont("probe-own", str(DEJAVU_BOLD))
    cold = pdf_ttf.TTFont("probe-cold", str(DEJAVU_BOLD))  # parses, writes the cache
    assert len(list((own_cache / "reportlab").iterdir())) == 1
    warm = pdf_ttf.TTFont("probe-warm", str(DEJAVU_BOLD))  # reads the cache
    assert "glyphToChar" not in vars(warm.face)  # kept packed: only shaping reads it
    assert face_state(cold) == face_state(own) == face_state(warm)
    assert set(vars(warm)) == set(vars(own))
    assert warm.face.name == b"DejaVuSans-Bold"
    assert warm.stringWidth("Қазақстан", 12) == own.stringWidth("Қазақстан", 12)


def test_an_edited_font_file_is_parsed_again_by_the_pdf_painter(tmp_path: Path) -> None:
    mine = tmp_path / "mine.ttf"
    shutil.copyfile(DEJAVU, mine)
    assert pdf_ttf.TTFont("probe-1", str(mine)).face.name == b"DejaVuSans"
    rewrite(mine, DEJAVU_BOLD.read_bytes())
    assert pdf_ttf.TTFont("probe-2", str(mine)).face.name == b"DejaVuSans-Bold"


class Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.getenv, ("HOME",))


def test_a_cache_file_naming_other_classes_is_refused(own_cache: Path) -> None:
    pdf_ttf.TTFont("probe-x", str(DEJAVU))
    [cached_file] = (own_cache / "reportlab").iterdir()
    cached_file.write_bytes(pickle.dumps({"charWidths": Boom()}))
    face = pdf_ttf.TTFont("probe-y", str(DEJAVU)).face
    assert face.name == b"DejaVuSans"
    assert isinstance(face.charWidths, dict) and face.charWidths[ord("W")] > 0
    assert pdf_ttf._read(cached_file) is not None  # parsed again and cached anew


def test_packed_tables_round_trip_with_their_types_and_orders() -> None:
    state = {
        "glyphToChar": {5: [65, 192], 3: [66], 9: []},
        "charToGlyph": {66: 3, 65: 5},
        "charWidths": {65: 600.5, 66: 0.25},
        "glyphPos": [0, 12, 40],
        "hmetrics": [(500, -3), (512.5, 0)],
        "name": b"Font",
    }
    again = pdf_ttf._unpack(pdf_ttf._pack(dict(state)))
    packed = again.pop(pdf_ttf._PACKED_PREFIX + "glyphToChar")  # unpacked when first read
    again = {"glyphToChar": pdf_ttf._unpack_lists(*packed), **again}
    assert again == state
    assert [list(v) for v in again.values() if isinstance(v, dict)] == [
        [5, 3, 9],
        [66, 65],
        [65, 66],
    ]
    assert type(again["charWidths"][65]) is float and type(again["charToGlyph"][66]) is int


def test_an_edited_template_is_analysed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deck writer keeps a template's analysis in the process and on disk per template
    file (path, modification time, size): a template replaced on disk (renamed layouts) is
    analysed again, in the process and on disk."""
    from briefgen.render import pptx_template
    from tests.test_templates import custom_template, default_template

    monkeypatch.setattr(pptx_template, "_KEPT", {})
    template = default_template(tmp_path / "org.pptx")
    other = default_template(tmp_path / "other.pptx")
    pptx_template.analysis(other)  # another template's record stays through org's edits

    def layouts() -> list[str]:
        return [layout.name for layout in pptx_template.analysis(template).layouts]

    assert layouts()[:2] == ["Title Slide", "Title and Content"]
    assert pptx_template.analysis(template) is pptx_template.analysis(template)
    before = template.stat().st_mtime_ns
    custom_template(template)
    os.utime(template, ns=(before + 10**9, before + 10**9))
    assert layouts()[:2] == ["Opening", "Body"]
    pptx_template._KEPT.clear()  # a new process: from the disk cache
    assert layouts()[:2] == ["Opening", "Body"]
    records = sorted((tmp_path / "cache" / "templates").glob("*.json"))
    assert len(records) == 2  # org's first version's record is gone, other's is kept
    assert pptx_template._cache_file(other, pptx_template.template_key(other)) in records


def test_a_warm_disk_cache_builds_without_fonttools(own_cache: Path) -> None:
    """Font resolution, metrics and checks come from the disk cache once a process has made
    them: the next process builds kz (both formats) without importing fontTools."""
    import subprocess
    import sys

    from tests.conftest import INPUTS

    script = (
        "import sys, briefgen\n"
        "from briefgen.build import build_bytes\n"
        f"build_bytes(briefgen.load({str(INPUTS / 'kz.yaml')!r}))\n"
        "print('fontTools' in sys.modules)\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]
    assert list((own_cache / "faces").glob("*.json"))
    assert list((own_cache / "checked").iterdir())


def test_kept_font_subsets_follow_the_text_in_one_process() -> None:
    """Faces keep the subsets they cut; a briefing with other letters gets its own subset
    (the same bytes as a fresh process makes), and the first briefing built again gives its
    first bytes."""
    import hashlib
    import subprocess
    import sys

    script = (
        "import sys, hashlib, briefgen\n"
        "from briefgen.build import build_bytes\n"
        "t = sys.argv[1]\n"
        "i = [{'title': t, 'recommendations': [t]}]\n"
        "d = {'title': t, 'country': 'Kazakhstan', 'issues': i}\n"
        "pdf = build_bytes(briefgen.load_data(d), ('pdf',)).outputs['pdf']\n"
        "print(hashlib.sha256(pdf).hexdigest())\n"
    )

    def pdf(title: str) -> bytes:
        import briefgen
        from briefgen.build import build_bytes

        data = {
            "title": title,
            "country": "Kazakhstan",
            "issues": [{"title": title, "recommendations": [title]}],
        }
        return build_bytes(briefgen.load_data(data), ("pdf",)).outputs["pdf"]

    def fresh(title: str) -> str:
        run = subprocess.run([sys.executable, "-c", script, title], capture_output=True, text=True)
        return run.stdout.strip()

    first = pdf("Abc")
    other = pdf("Қазақстан Ωmega")
    assert hashlib.sha256(other).hexdigest() == fresh("Қазақстан Ωmega")
    assert pdf("Abc") == first
