"""Languages as a native reader expects them: ordinals, dates, the review line, headings that put
the country in a sentence, kz in English, Russian and Kazakh read back from both outputs, the
fr/es/ar/zh samples, and Chinese line breaking (kinsoku)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

import briefgen
from briefgen import fonts
from briefgen.build import Options, build
from briefgen.coverage import texts
from briefgen.errors import InputError
from briefgen.layout import measure
from briefgen.layout.document import build_document
from briefgen.layout.wording import final_stop, format_date, ordinal
from briefgen.theme import load_theme

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "inputs" / "samples"


@pytest.mark.parametrize(
    ("lang", "gender", "expected"),
    [
        ("en", "m", ["1st", "2nd", "3rd", "4th", "11th", "12th", "21st", "48th"]),
        ("fr", "m", ["1er", "2e", "3e", "4e", "11e", "12e", "21e", "48e"]),
        ("fr", "f", ["1re", "2e", "3e", "4e", "11e", "12e", "21e", "48e"]),
        ("es", "m", ["1.º", "2.º", "3.º", "4.º", "11.º", "12.º", "21.º", "48.º"]),
        ("es", "f", ["1.ª", "2.ª", "3.ª", "4.ª", "11.ª", "12.ª", "21.ª", "48.ª"]),
        ("ru", "m", ["1-й", "2-й", "3-й", "4-й", "11-й", "12-й", "21-й", "48-й"]),
        ("ru", "f", ["1-я", "2-я", "3-я", "4-я", "11-я", "12-я", "21-я", "48-я"]),
        ("kk", "m", ["1-", "2-", "3-", "4-", "11-", "12-", "21-", "48-"]),
        ("zh", "m", ["第一", "第二", "第三", "第四", "第十一", "第十二", "第二十一", "第四十八"]),
        (
            "ar",
            "f",
            [
                "الأولى",
                "الثانية",
                "الثالثة",
                "الرابعة",
                "الحادية عشرة",
                "الثانية عشرة",
                "الحادية والعشرون",
                "الثامنة والأربعون",
            ],
        ),
        (
            "ar",
            "m",
            [
                "الأول",
                "الثاني",
                "الثالث",
                "الرابع",
                "الحادي عشر",
                "الثاني عشر",
                "الحادي والعشرون",
                "الثامن والأربعون",
            ],
        ),
    ],
)
def test_ordinals(lang: str, gender: str, expected: list[str]) -> None:
    assert [ordinal(n, lang, gender) for n in (1, 2, 3, 4, 11, 12, 21, 48)] == expected


def test_chinese_numerals_beyond_twenty() -> None:
    assert [ordinal(n, "zh") for n in (10, 20, 100, 101, 110, 1005)] == [
        "第十",
        "第二十",
        "第一百",
        "第一百零一",
        "第一百一十",
        "第一千零五",
    ]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "5 December 2024"),
        ("fr", "5 décembre 2024"),
        ("es", "5 de diciembre de 2024"),
        ("ru", "5 декабря 2024 г."),
        ("kk", "2024 жылғы 5 желтоқсан"),
        ("zh", "2024年12月5日"),
        ("ar", "5 كانون الأول/ديسمبر 2024"),
        ("de", "2024-12-05"),
    ],
)
def test_dates(lang: str, expected: str) -> None:
    assert format_date(dt.date(2024, 12, 5), lang) == expected


def test_first_of_the_month_in_french() -> None:
    assert format_date(dt.date(2025, 1, 1), "fr") == "1er janvier 2025"


def _briefing(tmp_path: Path, extra: str = "", lang: str = "en") -> briefgen.Briefing:
    path = tmp_path / "b.yaml"
    path.write_text(
        "title: T\ncountry: {en: Kazakhstan, ru: Казахстан, kk: Қазақстан, fr: Kazakhstan}\n"
        "review: {mechanism: UPR, cycle: 4, session: 48}\n" + extra + "issues:\n"
        "  - title: {en: Child labour, ru: Детский труд, kk: Бала еңбегі, fr: Travail}\n"
        "    situation: {needs: [x]}\n    recommendations: [y]\n",
        encoding="utf-8",
    )
    return briefgen.load(path, lang=lang, fallback=True)


@pytest.mark.parametrize(
    ("lang", "review"),
    [
        ("en", "UPR, 4th cycle, 48th session"),
        ("fr", "Examen périodique universel, 4e cycle, 48e session"),
        ("es", "Examen Periódico Universal, 4.º ciclo, 48.º período de sesiones"),
        ("ru", "Универсальный периодический обзор, 4-й цикл, 48-я сессия"),
        ("kk", "Әмбебап кезеңдік шолу, 4-цикл, 48-сессия"),
        ("zh", "普遍定期审议，第四轮，第四十八届会议"),
        ("ar", "الاستعراض الدوري الشامل، الجولة الرابعة، الدورة الثامنة والأربعون"),
    ],
)
def test_review_line_per_language(tmp_path: Path, lang: str, review: str) -> None:
    document = build_document(_briefing(tmp_path), load_theme("default"), lang)
    assert document.cover.review == review


def _situation_title(path: Path, lang: str) -> str:
    briefing = briefgen.load(path, lang=lang)
    document = build_document(briefing, load_theme("default"), lang)
    return document.issues[1].situation_title


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Situation in Kazakhstan – Issue 2 (Child labour)"),
        ("ru", "Ситуация в Казахстане – вопрос 2 (Детский труд)"),
        ("kk", "Қазақстандағы жағдай – 2-мәселе (Бала еңбегі)"),
    ],
)
def test_kz_headings_put_the_country_in_the_sentence(lang: str, title: str) -> None:
    assert _situation_title(ROOT / "inputs" / "kz.yaml", lang) == title


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("ru", "Ситуация: Казахстан – вопрос 1 (Детский труд)"),
        ("kk", "Қазақстан: жағдай – 1-мәселе (Бала еңбегі)"),
        ("fr", "Situation\u00a0: Kazakhstan – question 1 (Travail)"),
    ],
)
def test_readable_heading_without_country_forms(tmp_path: Path, lang: str, title: str) -> None:
    briefing = _briefing(tmp_path, lang=lang)
    document = build_document(briefing, load_theme("default"), lang)
    assert document.issues[0].situation_title == title


def test_country_forms_by_language_and_region(tmp_path: Path) -> None:
    briefing = _briefing(tmp_path, "country_forms: {fr: {in: au Kazakhstan}}\n")
    theme = load_theme("default")
    assert (
        build_document(briefing, theme, "fr")
        .issues[0]
        .situation_title.startswith("Situation au Kazakhstan – question 1")
    )
    assert (
        build_document(briefing, theme, "fr-CH")
        .issues[0]
        .situation_title.startswith("Situation au Kazakhstan")
    )


@pytest.mark.parametrize(
    ("forms", "path", "message"),
    [
        ("{ru: {on: x}}", "country_forms.ru.on", "unknown key"),
        ("{ru: {in: ''}}", "country_forms.ru.in", "empty"),
        ("{'r u': {in: x}}", "country_forms", ""),
    ],
)
def test_bad_country_forms_are_positioned_errors(
    tmp_path: Path, forms: str, path: str, message: str
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(
        f"title: T\ncountry: Kazakhstan\ncountry_forms: {forms}\n"
        "issues:\n  - title: A\n    recommendations: [b]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        briefgen.load(file)
    (problem,) = err.value.problems
    assert problem.line == 3 and problem.path.startswith(path), problem
    assert message in problem.message


def _sentence(loc: tuple[object, ...], text: str) -> str:
    """A text as printed: a previous recommendation's full stop follows its states."""
    if "previous_recommendations" in loc and loc[-1] == "text":
        return final_stop(text)[0]
    return text


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_text(pdf: Path) -> str:
    """The pages' text, then each page's left and right halves (the two-column member list)."""
    parts: list[str] = []
    with pdfplumber.open(pdf) as doc:
        parts.extend(page.extract_text() or "" for page in doc.pages)
        for page in doc.pages:
            half = page.width / 2
            for box in ((0, 0, half, page.height), (half, 0, page.width, page.height)):
                parts.append("|" + (page.crop(box).extract_text() or ""))
    return _squash("".join(parts))


def _deck_text(deck: Path) -> str:
    """Slide bodies in order (a bullet split onto a "(cont.)" slide joins up again), then
    the slide titles."""
    prs = Presentation(str(deck))
    bodies, titles = [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            is_title = shape.is_placeholder and shape.placeholder_format.type == 1
            (titles if is_title else bodies).append(shape.text_frame.text)
    return _squash("".join(bodies)) + "|" + _squash("".join(titles))


_NOT_PRINTED = {"language", "theme", "mechanism", "in_", "response", "status", "ref"}


@pytest.fixture(scope="module", params=["en", "ru", "kk"])
def kz_built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    lang = request.param
    out = tmp_path_factory.mktemp(f"kz-{lang}")
    briefing = briefgen.load(ROOT / "inputs" / "kz.yaml", lang=lang)
    build(briefing, out=out, options=Options(lang=lang))
    return lang, briefing, out / "kz.pdf", out / "kz.pptx"


def test_kz_reads_back_from_the_pdf_in_each_language(kz_built) -> None:  # type: ignore[no-untyped-def]
    lang, briefing, pdf, _ = kz_built
    printed = _pdf_text(pdf)
    # the closing title ("Thank you") is the deck's last slide; the PDF ends with the coalition
    found = [
        (loc, text)
        for loc, text in texts(briefing)
        if not set(loc) & _NOT_PRINTED and loc != ("closing", "title")
    ]
    assert len(found) >= 55
    for loc, text in found:
        assert _squash(_sentence(loc, text)) in printed, (lang, text)


def test_kz_reads_back_from_the_deck_in_each_language(kz_built) -> None:  # type: ignore[no-untyped-def]
    lang, briefing, _, deck = kz_built
    shown = _deck_text(deck)
    # the deck is the talk: everything but the cover's date and coalition name
    for loc, text in texts(briefing):
        if set(loc) & _NOT_PRINTED or loc[0] in ("date",):
            continue
        assert _squash(_sentence(loc, text)) in shown, (lang, loc, text)
    titles = [
        s.shapes.title.text for s in Presentation(str(deck)).slides if s.shapes.title is not None
    ]
    words = load_theme("default").words(lang)
    assert any(t.startswith(words.recommendations.split("{")[0]) for t in titles), titles


def test_kz_in_english_is_unchanged_by_the_translations(kz_built) -> None:  # type: ignore[no-untyped-def]
    lang, briefing, pdf, _ = kz_built
    if lang != "en":
        pytest.skip("the English build only")
    assert briefing.title == "Children's Rights in Kazakhstan"
    titles = [s.shapes.title.text for s in Presentation(str(pdf.with_suffix(".pptx"))).slides]
    assert "Situation in Kazakhstan – Issue 2 (Child labour)" in titles
    assert "UPR,4thcycle,48thsession" in _pdf_text(pdf)


SAMPLE_HEADINGS = {
    "fr": ["Examenpériodiqueuniversel,4ecycle,48esession", "Recommandations", "Merci"],
    "es": ["ExamenPeriódicoUniversal,4.ºciclo", "SituaciónenKazajstán", "Gracias"],
    "zh": ["普遍定期审议，第四轮，第四十八届会议", "哈萨克斯坦的情况", "谢谢"],
    "ar": ["الاستعراضالدوريالشامل،الجولةالرابعة", "الوضعفيكازاخستان", "شكرا"],
}


@pytest.mark.parametrize("lang", ["fr", "es", "ar", "zh"])
def test_samples_build_in_their_language(lang: str, tmp_path: Path) -> None:
    path = SAMPLES / f"briefing-{lang}.yaml"
    briefing = briefgen.load(path)
    assert briefing.language == lang
    result = build(briefing, out=tmp_path)
    assert {p.name for p in result.written.values()} == {
        f"briefing-{lang}.pdf",
        f"briefing-{lang}.pptx",
    }
    shown = _deck_text(tmp_path / f"briefing-{lang}.pptx")
    prs = Presentation(str(tmp_path / f"briefing-{lang}.pptx"))
    titles = _squash("".join(s.shapes.title.text for s in prs.slides if s.shapes.title is not None))
    for heading in SAMPLE_HEADINGS[lang]:
        assert heading in shown + titles, (lang, heading)
    for loc, text in texts(briefing):  # the deck keeps the input's logical order
        if not set(loc) & _NOT_PRINTED and loc[0] != "date":
            assert _squash(_sentence(loc, text)) in shown + titles, (lang, text)
    if lang != "ar":  # the PDF's Arabic is shaped glyphs in visual order (tests/test_bidi.py)
        printed = _pdf_text(tmp_path / f"briefing-{lang}.pdf")
        for loc, text in texts(briefing):
            if not set(loc) & _NOT_PRINTED:
                assert _squash(_sentence(loc, text)) in printed, (lang, text)


OPENING = "（「『【《“‘"
CLOSING = "）」』】》”’，。、：；！？"
CJK = (
    "儿童权利“公约”（第三项任择议定书）规定，缔约国应当“尊重并确保”每一名儿童的权利。"
    "委员会建议：（一）加强监测；（二）确保“独立”；（三）提供资源。"
)


@pytest.mark.parametrize("width", [c * 6.0 for c in range(8, 40)])
def test_chinese_lines_never_start_with_closing_nor_end_with_opening(width: float) -> None:
    theme = load_theme("default")
    metrics = fonts.chain(theme.font_spec("regular"), theme.fallback_specs())
    lines = measure.wrap(CJK, metrics, 12, width)
    assert "".join(lines) == CJK
    assert len(lines) > 1
    for line in lines[1:]:
        assert line[0] not in CLOSING, (width, line)
    for line in lines[:-1]:
        assert line[-1] not in OPENING, (width, line)


def test_kinsoku_rule() -> None:
    assert measure.may_break_between("利", "“")
    assert not measure.may_break_between("“", "公")
    assert not measure.may_break_between("约", "”")
    assert not measure.may_break_between("定", "，")
    assert not measure.may_break_between("（", "第")
    assert measure.may_break_between("）", "规")
    assert not measure.may_break_between("a", "b")
