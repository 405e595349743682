"""Font resolution and metrics: real files, checked against reportlab as an independent measure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as RLTTFont

from briefgen import font_files, fonts
from briefgen.fonts import FontError, FontFace, FontMetrics, FontSpec, known_families, resolve

KAZAKH = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
BULLETS = "➢❑"
SAMPLES = {
    "latin": "The quick brown fox jumps over the lazy dog; WAVE 1,234.56% (fi/ffl) — “quoted”",
    "cyrillic": "Съешь же ещё этих мягких французских булок, да выпей чаю. ЁЖИК",
    "kazakh": "Қазақстан Республикасы: әйелдер құқықтары, ұлттық жоспар, өңірлер, Һ, ІІМ ➢ ❑",
}
DEJAVU = [
    FontSpec("DejaVu Sans"),
    FontSpec("DejaVu Sans", 700),
    FontSpec("DejaVu Sans", italic=True),
    FontSpec("DejaVu Sans", 700, italic=True),
]


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A private instance cache for the session: instancing takes seconds, so it happens once."""
    cache = tmp_path_factory.mktemp("briefgen-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFGEN_CACHE_DIR", str(cache))
        resolve.cache_clear()
        yield cache
    resolve.cache_clear()


@pytest.fixture(scope="session")
def noto_bold(font_cache: Path) -> FontFace:
    return resolve(FontSpec("Noto Sans", 700))


@pytest.fixture(scope="session")
def noto_variable() -> Path:
    """The shipped variable file; its default instance (wght 400, wdth 100) is Noto Sans Regular."""
    import fontpkg

    return fontpkg.path("Noto Sans", 400)


def _rl_width(face: FontFace, text: str, size: float) -> float:
    """reportlab's own measurement of the same file: the independent check."""
    name = f"test-{face.name}"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(RLTTFont(name, str(face.path)))
    return pdfmetrics.stringWidth(text, name, size)


def test_known_families_lists_dejavu_and_fontpkg_families() -> None:
    known = known_families()
    assert {"DejaVu Sans", "Noto Sans", "IBM Plex Sans"} <= set(known)


@pytest.mark.parametrize("spec", DEJAVU, ids=lambda s: f"{s.weight}-{s.italic}")
def test_dejavu_resolves_to_the_static_files_shipped_with_briefgen(spec: FontSpec) -> None:
    face = resolve(spec)
    bold, italic = spec.weight >= 600, spec.italic
    assert face.family == "DejaVu Sans"
    assert (face.bold, face.italic) == (bold, italic)
    assert face.path.is_file()
    assert face.path.parent.parts[-3:] == ("briefgen", "fontfiles", "dejavu")
    expected = {
        (False, False): "DejaVuSans",
        (True, False): "DejaVuSans-Bold",
        (False, True): "DejaVuSans-Oblique",
        (True, True): "DejaVuSans-BoldOblique",
    }[(bold, italic)]
    assert face.name == expected == face.path.stem
    with TTFont(face.path, lazy=True) as tt:
        assert "glyf" in tt and "fvar" not in tt
        assert tt["name"].getDebugName(6) == expected


def test_semibold_counts_as_bold_and_names_match_loosely() -> None:
    assert resolve(FontSpec("dejavu-sans", 600)).name == "DejaVuSans-Bold"
    assert resolve(FontSpec("DejaVuSans", 500)).name == "DejaVuSans"


@pytest.mark.parametrize("spec", DEJAVU, ids=lambda s: f"{s.weight}-{s.italic}")
def test_dejavu_covers_every_kazakh_letter_and_the_bullets(spec: FontSpec) -> None:
    metrics = FontMetrics.load(resolve(spec).path)
    assert metrics.missing(KAZAKH + BULLETS) == []
    assert all(metrics.covers(ch) for ch in KAZAKH + BULLETS)
    assert not metrics.covers("漢")


def test_missing_lists_distinct_drawable_chars_only() -> None:
    metrics = FontMetrics.load(resolve(FontSpec("DejaVu Sans")).path)
    assert metrics.missing("a漢 漢\n\t\xa0b\u3042漢") == ["漢", "\u3042"]
    assert metrics.missing("") == []


def test_unknown_family_error_names_the_known_ones() -> None:
    with pytest.raises(FontError) as info:
        resolve(FontSpec("Comic Sans MS"))
    message = str(info.value)
    assert "unknown font family 'Comic Sans MS'" in message
    assert "DejaVu Sans" in message and "Noto Sans" in message
    assert "\n" not in message


def test_missing_file_is_a_font_error(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="font file missing"):
        resolve(FontSpec("x", file=tmp_path / "nope.ttf"))


def test_out_of_range_weight_is_a_font_error() -> None:
    with pytest.raises(FontError, match="1-1000"):
        resolve(FontSpec("DejaVu Sans", 0))


def _write_cff_font(path: Path) -> None:
    """A minimal but real CFF-outline OpenType font, the kind reportlab cannot embed."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0))
    pen.lineTo((500, 0))
    pen.lineTo((250, 700))
    pen.closePath()
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({65: "A"})
    glyphs = {".notdef": T2CharStringPen(500, None).getCharString(), "A": pen.getCharString()}
    fb.setupCFF("TestCFF-Regular", {"FullName": "Test CFF"}, glyphs, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.save(str(path))


def test_cff_otf_is_rejected_with_a_clear_message(tmp_path: Path) -> None:
    otf = tmp_path / "TestCFF.otf"
    _write_cff_font(otf)
    with pytest.raises(FontError, match="not a TrueType-outline font") as info:
        resolve(FontSpec("ignored", file=otf))
    assert str(otf) in str(info.value) and "\n" not in str(info.value)


def test_explicit_static_file_is_used_as_is_and_describes_itself() -> None:
    bold_file = resolve(FontSpec("DejaVu Sans", 700)).path
    face = resolve(FontSpec("ignored", file=bold_file))
    assert face.path == bold_file
    assert (face.name, face.family, face.bold, face.italic) == (
        "DejaVuSans-Bold",
        "DejaVu Sans",
        True,
        False,
    )


def test_noto_bold_is_a_static_instance_with_its_own_names(
    noto_bold: FontFace, font_cache: Path, noto_variable: Path
) -> None:
    assert noto_bold.path.is_file()
    assert font_cache in noto_bold.path.parents
    assert (noto_bold.name, noto_bold.family, noto_bold.bold, noto_bold.italic) == (
        "NotoSans-Bold",
        "Noto Sans",
        True,
        False,
    )
    with TTFont(noto_bold.path) as tt:
        assert "glyf" in tt
        assert not {"fvar", "gvar", "HVAR", "MVAR", "avar", "STAT"} & set(tt.keys())
        assert tt["OS/2"].usWeightClass == 700
        assert tt["OS/2"].fsSelection & (1 << 5)  # BOLD bit
        names = tt["name"]
        assert names.getDebugName(6) == "NotoSans-Bold"
        assert names.getDebugName(4) == "Noto Sans Bold"
        assert names.getDebugName(1) == "Noto Sans"
        assert names.getDebugName(25) is None
    # reportlab embeds under the PostScript name, so it must differ from the regular face's.
    assert RLTTFont("probe-noto-bold", str(noto_bold.path)).face.name == b"NotoSans-Bold"
    with TTFont(noto_variable, lazy=True) as var:
        assert {a.axisTag: a.defaultValue for a in var["fvar"].axes} == {"wght": 400, "wdth": 100}
    regular = FontMetrics.load(noto_variable)
    bold = FontMetrics.load(noto_bold.path)
    assert bold.width("W", 1000) != regular.width("W", 1000)
    assert bold.width("W", 1000) > regular.width("W", 1000)
    assert bold.missing(KAZAKH) == []


def test_second_resolve_reuses_the_cached_instance(
    noto_bold: FontFace, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = noto_bold.path.stat().st_mtime_ns

    def no_instancing(*args: object, **kwargs: object) -> None:
        raise AssertionError("re-instanced although the cache holds the file")

    monkeypatch.setattr(font_files, "_instantiate", no_instancing)
    resolve.cache_clear()  # force the disk cache path, not the in-process memo
    again = resolve(FontSpec("Noto Sans", 700))
    assert again == noto_bold
    assert again.path.stat().st_mtime_ns == before
    assert [p.name for p in again.path.parent.glob("*.tmp")] == []


def test_cache_key_tracks_source_bytes_and_axes(tmp_path: Path, noto_variable: Path) -> None:
    copy = tmp_path / "copy.ttf"
    data = noto_variable.read_bytes()
    copy.write_bytes(data)
    axes = {"wght": 700.0, "wdth": 100.0}
    key = font_files._cache_key(copy, axes, "Noto Sans", "NotoSans-Bold", False)
    assert key == font_files._cache_key(noto_variable, axes, "Noto Sans", "NotoSans-Bold", False)
    semibold = {**axes, "wght": 600.0}
    assert key != font_files._cache_key(copy, semibold, "Noto Sans", "NotoSans-Bold", False)
    copy.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # same size, one bit changed
    assert key != font_files._cache_key(copy, axes, "Noto Sans", "NotoSans-Bold", False)


def test_cache_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BRIEFGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.cache_dir() == tmp_path / "xdg" / "briefgen"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert fonts.cache_dir() == tmp_path / "home" / ".cache" / "briefgen"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "explicit"))
    assert fonts.cache_dir() == tmp_path / "explicit"


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@pytest.mark.parametrize("spec", DEJAVU, ids=lambda s: f"dejavu-{s.weight}-{s.italic}")
def test_dejavu_width_equals_reportlab(spec: FontSpec, sample: str) -> None:
    face = resolve(spec)
    metrics = FontMetrics.load(face.path)
    for size in (7.0, 10.5, 26.0):
        text = SAMPLES[sample]
        assert metrics.width(text, size) == pytest.approx(_rl_width(face, text, size), abs=0.01)
        word = text.split()[1]
        assert metrics.width(word, size) == pytest.approx(_rl_width(face, word, size), abs=0.01)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_noto_bold_width_equals_reportlab(noto_bold: FontFace, sample: str) -> None:
    metrics = FontMetrics.load(noto_bold.path)
    text = SAMPLES[sample]
    for size in (7.0, 10.5, 26.0):
        assert metrics.width(text, size) == pytest.approx(
            _rl_width(noto_bold, text, size), abs=0.01
        )


def test_missing_chars_measure_like_reportlab(noto_bold: FontFace) -> None:
    """Both fall back to the .notdef advance; NBSP measures as a space."""
    dejavu = resolve(FontSpec("DejaVu Sans"))
    for face in (dejavu, noto_bold):
        metrics = FontMetrics.load(face.path)
        text = "a漢b\xa0c\u3042"
        assert metrics.width(text, 12) == pytest.approx(_rl_width(face, text, 12), abs=0.01)
        assert metrics.width("\xa0", 12) == metrics.width(" ", 12)


def test_vertical_metrics(noto_bold: FontFace) -> None:
    dejavu = FontMetrics.load(resolve(FontSpec("DejaVu Sans")).path)
    assert dejavu.units_per_em == 2048
    # DejaVu does not set USE_TYPO_METRICS: hhea 1901 / -483 / 0.
    assert (dejavu.ascent, dejavu.descent, dejavu.line_gap) == (1901 / 2048, 483 / 2048, 0.0)
    noto = FontMetrics.load(noto_bold.path)
    assert noto.units_per_em == 1000
    # Noto sets USE_TYPO_METRICS, so the typo metrics reportlab reads must be ours.
    rl_face = RLTTFont("probe-noto-metrics", str(noto_bold.path)).face
    assert noto.ascent * 1000 == pytest.approx(rl_face.ascent)
    assert -noto.descent * 1000 == pytest.approx(rl_face.descent)
    assert noto.descent > 0


def test_metrics_are_loaded_once_per_file() -> None:
    path = resolve(FontSpec("DejaVu Sans", 700)).path
    assert FontMetrics.load(path) is FontMetrics.load(path)
