"""Themes: validation with positions, inheritance, contrast, glyph coverage and logos."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from cli_runner import CliRunner
from PIL import Image

import briefgen
from briefgen.cli import app
from briefgen.coverage import check_glyphs, pictures
from briefgen.images import PictureError, load_picture
from briefgen.layout.logos import Cell, place_logos
from briefgen.theme import available, load_theme

SHIPPED = ["default", "high-contrast", "un"]


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_shipped_themes_listed() -> None:
    assert list(available()) == SHIPPED
    result = CliRunner().invoke(app, ["themes"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == SHIPPED
    assert "WCAG AA" in lines[1]


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_theme_meets_wcag_aa(name: str) -> None:
    c = load_theme(name).colors
    pairs = [
        (fg, bg) for fg in (c.text, c.muted, c.heading, c.accent) for bg in (c.background, c.panel)
    ]
    pairs.append((c.band_text, c.band))
    for fg, bg in pairs:
        assert contrast(fg, bg) >= 4.5, (fg, bg, contrast(fg, bg))


def test_high_contrast_type_is_larger() -> None:
    hc, default = load_theme("high-contrast"), load_theme("default")
    assert hc.pdf.sizes.body > default.pdf.sizes.body
    assert hc.slides.sizes.body_min > default.slides.sizes.body_min


def test_themes_differ() -> None:
    loaded = [load_theme(n) for n in SHIPPED]
    assert len({t.colors.heading for t in loaded}) == 3
    assert len({t.fonts.regular.family for t in loaded}) == 3
    assert len({t.bullets.point for t in loaded}) == 3


def test_extends_inherits_and_overrides(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "extends: un\ndescription: Ours\ncolors:\n  accent: '#AA0000'\n", encoding="utf-8"
    )
    mine, un = load_theme(str(folder)), load_theme("un")
    assert mine.colors.accent == "#AA0000"
    assert mine.colors.heading == un.colors.heading
    assert mine.fonts == un.fonts
    assert mine.words("en").needs == "New needs"
    assert mine.description == "Ours"


def test_theme_errors_are_positioned(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "extends: default\ncolors:\n  accent: red\n  accnet: '#000000'\npdf:\n  page_size: A5\n",
        encoding="utf-8",
    )
    with pytest.raises(briefgen.InputError) as caught:
        load_theme(str(folder))
    lines = [str(p).split("theme.yaml:", 1)[1] for p in caught.value.problems]
    assert lines == [
        "3:11: colors.accent: string should match pattern '^#[0-9A-Fa-f]{6}$'",
        "4:3: colors.accnet: unknown key 'accnet'; did you mean 'accent'?",
        "6:14: pdf.page_size: 'A5' is not allowed; input should be 'A4' or 'Letter'",
    ]


def test_unknown_theme_via_cli(kz_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["build", str(kz_path), "--theme", "nope", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "no such theme (shipped themes: default, high-contrast, un)" in result.stderr


def test_every_kazakh_letter_is_covered_by_every_theme(tmp_path: Path) -> None:
    path = tmp_path / "kk.yaml"
    letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі Қазақстан Республикасы Рекомендации"
    path.write_text(
        f"title: {letters}\ncountry: Қазақстан\nissues:\n  - title: Бала\n"
        f"    recommendations: ['{letters}']\n",
        encoding="utf-8",
    )
    briefing = briefgen.load(path)
    for name in SHIPPED:
        check_glyphs(briefing, load_theme(name))


def test_missing_glyph_names_character_field_and_line(tmp_path: Path) -> None:
    path = tmp_path / "phoenician.yaml"  # in neither the role fonts nor the CJK fallback
    path.write_text(
        "title: Children\ncountry: K\nissues:\n  - title: A\n    recommendations:\n"
        "      - Protect 儿童 \U00010900 rights\n",
        encoding="utf-8",
    )
    with pytest.raises(briefgen.InputError) as caught:
        check_glyphs(briefgen.load(path), load_theme("default"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (6, 9)
    assert problem.path == "issues[1].recommendations[1].text"
    assert "(U+10900 PHOENICIAN LETTER ALF)" in problem.message
    assert "U+513F" not in problem.message  # Chinese prints with the fallback font
    assert "DejaVu Sans / Noto Sans Arabic / Noto Sans SC" in problem.message


def _png(path: Path, size: tuple[int, int], colour: str = "#1B3A6B") -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_pictures_png_jpeg_svg(tmp_path: Path) -> None:
    png = load_picture(_png(tmp_path / "a.png", (300, 100)))
    assert (png.format, png.width, png.height) == ("PNG", 300, 100)
    Image.new("RGB", (50, 100), "#D9822B").save(tmp_path / "b.jpg")
    assert load_picture(tmp_path / "b.jpg").format == "JPEG"
    (tmp_path / "c.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect width="200" height="100" fill="#009EDB"/></svg>',
        encoding="utf-8",
    )
    svg = load_picture(tmp_path / "c.svg")
    assert svg.format == "PNG" and svg.aspect == pytest.approx(2.0, rel=0.01)
    with Image.open(io.BytesIO(svg.data)) as rendered:
        assert rendered.getpixel((10, 10))[:3] == (0, 158, 219)


def _png_bytes() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((200, 200), 60).save(out, format="PNG")
    return out.getvalue()


_PNG_BYTES = _png_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_PNG_BYTES[: len(_PNG_BYTES) // 2], "corrupt"),
        (b"hello, not an image", "not a readable image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect", "cannot read SVG"),
    ],
)
def test_bad_pictures(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / ("x.svg" if content.startswith(b"<svg") else "x.png")
    load_picture.cache_clear()
    path.write_bytes(content)
    with pytest.raises(PictureError, match=message):
        load_picture(path)


def test_huge_picture_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    Image.new("1", (9000, 5000)).save(path)
    with pytest.raises(PictureError, match=r"too large \(9000×5000 pixels"):
        load_picture(path)


def test_member_logo_errors_are_positioned(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"not a png")
    path = tmp_path / "b.yaml"
    path.write_text(
        "title: T\ncountry: K\ncoalition:\n  members:\n    - name: A\n      logo: broken.png\n"
        "issues:\n  - title: A\n    recommendations: [x]\n",
        encoding="utf-8",
    )
    with pytest.raises(briefgen.InputError) as caught:
        pictures(briefgen.load(path), load_theme("default"))
    assert str(caught.value).startswith(f"{path}:6:13: coalition.members[1].logo: 'broken.png'")


def test_pictures_are_logos_with_alt_text_and_a_role(tmp_path: Path) -> None:
    _png(tmp_path / "coalition_brand-mark.png", (300, 100))
    _png(tmp_path / "member.png", (100, 100))
    (tmp_path / "theme.yaml").write_text(
        "extends: default\nlogos: [coalition_brand-mark.png]\n", encoding="utf-8"
    )
    theme = load_theme(str(tmp_path))
    head = "title: T\ncountry: K\nissues:\n  - title: A\n    recommendations: [x]\n"
    members = "  members:\n    - {name: Union of Crisis Centers, city: Astana, logo: member.png}\n"
    path = tmp_path / "b.yaml"
    path.write_text(head + "coalition:\n  name: NGO Coalition\n" + members, encoding="utf-8")
    brand, member = pictures(briefgen.load(path), theme)
    assert (brand.alt, brand.member) == ("NGO Coalition", False)
    assert (member.alt, member.member) == ("Union of Crisis Centers", True)
    assert brand.picture.aspect == pytest.approx(3.0) and member.picture.aspect == 1.0
    path.write_text(head, encoding="utf-8")  # no coalition: the brand logo's file, as words
    assert [(x.alt, x.member) for x in pictures(briefgen.load(path), theme)] == [
        ("coalition brand mark", False)
    ]


def _overlap(a: Cell, b: Cell, eps: float = 1e-6) -> bool:
    across = a.x + eps < b.x + b.w and b.x + eps < a.x + a.w
    return across and a.y + eps < b.y + b.h and b.y + eps < a.y + a.h


@pytest.mark.parametrize("count", [1, 7, 15])
@pytest.mark.parametrize("box", [(40, 300, 880, 160), (600, 200, 260, 280)])  # strip, column
def test_place_logos_rows_of_one_height_inside_the_box(
    count: int, box: tuple[float, float, float, float]
) -> None:
    aspects = [(0.5, 1.0, 2.0, 3.0, 1.4)[i % 5] for i in range(count)]
    x, y, width, height = box
    cells = place_logos(aspects, x, y, width, height, 12, max_height=70)
    assert len(cells) == count
    for cell, aspect in zip(cells, aspects, strict=True):
        assert cell.x >= x - 1e-6 and cell.x + cell.w <= x + width + 1e-6
        assert cell.y >= y - 1e-6 and cell.y + cell.h <= y + height + 1e-6
        assert cell.w / cell.h == pytest.approx(aspect)
        assert cell.h <= 70 + 1e-6
    for a, b in itertools.combinations(cells, 2):
        assert not _overlap(a, b), (a, b)
    rows: dict[float, list[Cell]] = {}
    for cell in cells:
        rows.setdefault(round(cell.y, 6), []).append(cell)
    for row in rows.values():  # one height per row (and here, one for all), gaps kept
        assert {round(c.h, 6) for c in row} == {round(row[0].h, 6)}
        for a, b in itertools.pairwise(row):
            assert b.x - (a.x + a.w) == pytest.approx(12)
    # order kept: reading order (rows top to bottom, left to right) is the order given
    assert sorted(cells, key=lambda c: (round(c.y, 6), c.x)) == cells
    # rows hold as equal a number of logos as possible, the longer ones first
    sizes = [len(rows[k]) for k in sorted(rows)]
    assert max(sizes) - min(sizes) <= 1 and sizes == sorted(sizes, reverse=True)


def test_place_logos_is_as_large_as_the_box_allows() -> None:
    # two square logos in a 100 x 210 column: two rows of 100 beat one row of 44
    cells = place_logos([1.0, 1.0], 0, 0, 100, 210, 10)
    assert [c.h for c in cells] == pytest.approx([100, 100])
    assert cells[1].y == pytest.approx(110)
    # a lone logo stops at max_height, centred across and at the top by default
    (cell,) = place_logos([2.0], 0, 0, 400, 300, 10, max_height=50)
    assert cell == pytest.approx(Cell(150, 0, 100, 50))
    (cell,) = place_logos([2.0], 0, 0, 400, 300, 10, max_height=50, align="right", anchor="bottom")
    assert cell == pytest.approx(Cell(300, 250, 100, 50))
    assert place_logos([], 0, 0, 100, 100, 10) == []
    assert place_logos([1.0] * 3, 0, 0, 15, 15, 20) == []  # the gaps alone are too wide
