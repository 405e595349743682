"""Properties over random briefings.

(a) Any valid briefing builds both formats, every text it contains is printed (in the PDF,
    and in the deck's text frames or speaker notes), and no slide text block is taller than
    its box or has a line wider than its box.
(b) Any invalid file is reported as ``FILE:LINE:COL: ...`` lines with exit status 2 and
    never a traceback.

Runs are derandomized (the same examples every time) so the suite is stable; set
``BRIEFGEN_EXAMPLES=500`` to explore with fresh random examples instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_runner import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import briefgen
from briefgen import fonts
from briefgen.build import Options, build, resolve_theme
from briefgen.cli import app
from briefgen.coverage import pictures
from briefgen.layout.document import build_document
from briefgen.layout.slides import ROLES, Deck, layout_deck
from briefgen.metric_fonts import deck_theme
from briefgen.theme import Theme, load_theme

EXPLORE = int(os.environ.get("BRIEFGEN_EXAMPLES", "0"))


def _settings(examples: int) -> settings:
    """Stable runs skip shrinking (a build per step can shrink for minutes): the assertion
    messages name the texts that went missing, which is what a failure needs to say."""
    phases = list(Phase) if EXPLORE else [Phase.explicit, Phase.generate]
    return settings(
        max_examples=EXPLORE or examples,
        derandomize=not EXPLORE,
        phases=phases,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


# ---------------------------------------------------------------------------------------------
# Text the default theme can print
# ---------------------------------------------------------------------------------------------

DEFAULT = load_theme("default")


def metrics_of(theme: Theme) -> dict[str, fonts.FontMetrics]:
    return {r: fonts.FontMetrics.load(fonts.resolve(theme.font_spec(r)).path) for r in ROLES}


_METRICS = metrics_of(DEFAULT)
_DECK_METRICS = metrics_of(deck_theme(DEFAULT))  # the deck's text: Arial's twin, Arimo


def _alphabet() -> str:
    """Latin, Latin-1, Cyrillic (Kazakh letters included), typographic marks, markup signs.

    Only characters every text face of the default theme has (a missing glyph is an input
    error, tested elsewhere), and no combining marks or invisible format characters.
    """
    chars = [chr(c) for c in range(0x20, 0x7F)]
    chars += [chr(c) for c in range(0xA0, 0x100) if c != 0xAD]  # no soft hyphen
    chars += [chr(c) for c in range(0x400, 0x530)]
    chars += list("ӘәҒғҚқҢңӨөҰұҮүҺһІі“”’–—<&>")
    text_roles = ("regular", "bold", "italic", "bold_italic")
    faces = [m[r] for m in (_METRICS, _DECK_METRICS) for r in text_roles]
    keep = {
        c
        for c in chars
        if unicodedata.category(c) not in {"Mn", "Me", "Cf", "Cc", "Cn"}
        and all(f.covers(c) for f in faces)
    }
    return "".join(sorted(keep))


ALPHABET = _alphabet()
WORD_CHARS = "".join(c for c in ALPHABET if not c.isspace())
assert set("ӘәҒғҚқҢңӨөҰұҮүҺһІі<&>“”’–—") <= set(ALPHABET)

word = st.text(alphabet=WORD_CHARS, min_size=1, max_size=12)
long_word = st.text(alphabet=WORD_CHARS, min_size=60, max_size=300)
token = st.integers(0, 24).flatmap(lambda i: long_word if i == 0 else word)
sentence = st.lists(token, min_size=1, max_size=14).map(" ".join)
raw = st.text(alphabet=ALPHABET, min_size=1, max_size=80)  # any spacing, NBSP, markup signs
text = st.one_of(sentence, sentence, raw).filter(lambda s: s.strip())
email = st.from_regex(r"\A[a-z0-9._-]{1,12}@[a-z0-9-]{1,12}\.(org|kz|com|ru)\Z")


def lists(elements: st.SearchStrategy[Any], min_size: int = 0, max_size: int = 50) -> Any:
    return st.lists(elements, min_size=min_size, max_size=max_size)


bullet = st.one_of(
    text, st.fixed_dictionaries({"text": text}, optional={"items": lists(text, 0, 8)})
)
previous = st.fixed_dictionaries(
    {"text": text},
    optional={
        "states": lists(text, 0, 4),
        "ref": text,
        "response": st.sampled_from(["supported", "noted"]),
        "status": st.sampled_from(["not_implemented", "partially_implemented", "implemented"]),
    },
)
situation = st.fixed_dictionaries(
    {},
    optional={
        "previous_recommendations": lists(previous, 0, 10),
        "developments": lists(bullet),
        "needs": lists(bullet),
    },
)
recommendation = st.one_of(
    text, st.fixed_dictionaries({"text": text}, optional={"sdgs": lists(st.integers(1, 17), 0, 5)})
)
issue = st.fixed_dictionaries(
    {"title": text, "recommendations": lists(recommendation, 1)},
    optional={"situation": st.one_of(st.none(), situation)},
)
member = st.one_of(text, st.fixed_dictionaries({"name": text}, optional={"city": text}))
presenter = st.fixed_dictionaries({"name": text}, optional={"organization": text, "email": email})
briefings = st.fixed_dictionaries(
    {"title": text, "country": text, "issues": lists(issue, 1, 3)},
    optional={
        "subtitle": st.one_of(st.none(), text),
        "language": st.sampled_from(["en", "ru", "kk"]),
        "review": st.fixed_dictionaries(
            {},
            optional={
                "mechanism": text,
                "cycle": st.integers(1, 9),
                "session": st.integers(1, 60),
            },
        ),
        "presenters": lists(presenter, 0, 5),
        "coalition": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {}, optional={"name": text, "members": lists(member), "and_others": st.booleans()}
            ),
        ),
        "other_recommendations": lists(recommendation),
        "closing": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {},
                optional={"title": st.one_of(st.none(), text), "text": st.one_of(st.none(), text)},
            ),
        ),
    },
)


# ---------------------------------------------------------------------------------------------
# What the input says, and what the outputs print
# ---------------------------------------------------------------------------------------------


def _item(value: Any) -> str:
    return value if isinstance(value, str) else value["text"]


def input_texts(data: dict[str, Any]) -> dict[str, list[str]]:
    """Every text of a briefing dict by where it must be printed: {"both": [...], "deck": [...]}.

    ``closing.title`` is the deck's last slide title ("Thank you"); the PDF closes with the
    theme's "The coalition" heading, so it is only required in the deck.
    """
    both = [data["title"], data["country"]]
    if data.get("subtitle"):
        both.append(data["subtitle"])
    review = data.get("review") or {}
    if review.get("mechanism"):
        both.append(review["mechanism"])
    for p in data.get("presenters", []):
        both += [p["name"], *(p[k] for k in ("organization", "email") if k in p)]
    coalition = data.get("coalition") or {}
    if coalition.get("name"):
        both.append(coalition["name"])
    for m in coalition.get("members", []):
        both += [m] if isinstance(m, str) else [m["name"], *([m["city"]] if "city" in m else [])]
    for i in data["issues"]:
        both.append(i["title"])
        both += [_item(r) for r in i["recommendations"]]
        s = i.get("situation") or {}
        for p in s.get("previous_recommendations", []):
            both += [p["text"], *p.get("states", []), *([p["ref"]] if "ref" in p else [])]
        for b in [*s.get("developments", []), *s.get("needs", [])]:
            both += [b] if isinstance(b, str) else [b["text"], *b.get("items", [])]
    both += [_item(r) for r in data.get("other_recommendations", [])]
    closing = data.get("closing") or {}
    deck = [closing["title"]] if closing.get("title") else []
    if closing.get("text"):
        both.append(closing["text"])
    return {"both": both, "deck": deck}


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without any whitespace: line wrapping may break a long word anywhere."""
    return _WS.sub("", text)


MM = 72 / 25.4


def _text_between(page: Any, low: float, high: float) -> str:
    """Text of a PDF page drawn between two heights (points from the bottom)."""
    parts: list[str] = []

    def visit(chunk: str, cm: Any, tm: Any, *_: Any) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if low < y < high:
            parts.append(chunk)

    page.extract_text(visitor_text=visit)
    return "".join(parts)


def pdf_text(path: Path, theme: Theme) -> str:
    """The PDF's text without the running header and footer (which cut through paragraphs
    that continue on the next page): only text drawn inside the body frame, after the cover.
    """
    from pypdf import PdfReader

    margins = theme.pdf.margins
    out = []
    for n, page in enumerate(PdfReader(path).pages):
        if n == 0:  # the cover page has no furniture
            out.append(page.extract_text())
        else:
            top = float(page.mediabox.height) - margins.top * MM
            out.append(_text_between(page, margins.bottom * MM - 1, top + 1))
    return "\n".join(out)


def deck_text(path: Path) -> str:
    """All text frames and speaker notes of a deck, in slide order."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        parts += [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def overflows(deck: Deck, theme: Theme) -> list[str]:
    """Every text block taller than its box, or with a line wider than the box allows."""
    metrics = metrics_of(deck_theme(theme))  # measured as the deck's own font
    found = []
    for slide in deck.slides:
        for block in slide.blocks:
            if block.height > block.box.h + 1e-6:
                found.append(
                    f"slide {slide.number}: text {block.height:.1f} pt tall in a "
                    f"{block.box.h:.1f} pt box: {block.text[:60]!r}"
                )
            for para in block.paragraphs:
                room = block.box.w - para.indent
                for line in para.lines:
                    width = metrics[para.role].width(line, block.size)
                    if width > room + 1e-6:
                        found.append(
                            f"slide {slide.number}: line {width:.1f} pt wide in {room:.1f} pt:"
                            f" {line[:60]!r}"
                        )
    return found


def write_yaml(data: Any, folder: Path, name: str = "briefing.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check_briefing(data: dict[str, Any], aspect: str, folder: Path) -> None:
    source = write_yaml(data, folder)
    briefing = briefgen.load(source)
    result = build(briefing, out=folder / "out", options=Options(aspect=aspect))  # type: ignore[arg-type]
    assert set(result.written) == {"pdf", "pptx"}
    theme = resolve_theme(briefing, None)

    wanted = input_texts(data)
    printed = squash(pdf_text(result.written["pdf"], theme))
    missing = [t for t in wanted["both"] if squash(t) not in printed]
    assert not missing, f"not in the PDF: {missing[:5]}"

    shown = squash(deck_text(result.written["pptx"]))
    missing = [t for t in wanted["both"] + wanted["deck"] if squash(t) not in shown]
    assert not missing, f"not in the deck (slides or notes): {missing[:5]}"

    document = build_document(briefing, theme, logos=pictures(briefing, theme))
    deck = layout_deck(document, theme, aspect)
    assert len(deck.slides) == result.slides
    assert overflows(deck, theme) == []


@_settings(20)
@given(data=briefings, aspect=st.sampled_from(["16:9", "4:3"]))
def test_any_valid_briefing_prints_every_text_and_never_overflows(
    data: dict[str, Any], aspect: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        check_briefing(data, aspect, Path(tmp))


def test_title_slide_keeps_every_presenter(tmp_path: Path) -> None:
    """Presenters that do not fit the title slide must survive at least in its notes."""
    data = {
        "title": "Children's Rights in Kazakhstan",
        "country": "Kazakhstan",
        "review": {"mechanism": "UPR", "cycle": 4, "session": 48},
        "coalition": {"name": "NGO Coalition on the Rights of the Child"},
        "presenters": [
            {
                "name": f"Presenter number {n} with a rather long name",
                "organization": f"Public foundation “Organisation {n}” of Kazakhstan",
                "email": f"presenter{n}@example.org",
            }
            for n in range(1, 9)
        ],
        "issues": [{"title": "Child labour", "recommendations": ["Act."]}],
    }
    check_briefing(data, "16:9", tmp_path)


def test_a_bullet_longer_than_a_slide_continues_word_for_word(tmp_path: Path) -> None:
    """A recommendation taller than a whole slide goes on over "(cont.)" slides, in order."""
    words = [f"word{n}" for n in range(900)] + ["Ж" * 250, "end."]
    long_text = " ".join(words)
    data = {
        "title": "Long",
        "country": "Kazakhstan",
        "issues": [{"title": "One", "recommendations": [long_text, "Short one."]}],
    }
    briefing = briefgen.load(write_yaml(data, tmp_path))
    result = build(briefing, out=tmp_path / "out")
    theme = resolve_theme(briefing, None)
    assert squash(long_text) in squash(pdf_text(result.written["pdf"], theme))

    deck = layout_deck(build_document(briefing, theme), theme)
    assert overflows(deck, theme) == []
    bodies = [s.body.text for s in deck.slides if s.kind == "content" and s.body is not None]
    assert len(bodies) >= 3, "the long recommendation should need more than one slide"
    assert squash(long_text) in squash("".join(bodies))
    from pptx import Presentation

    drawn = [
        "".join(p.text for p in slide.placeholders[1].text_frame.paragraphs)
        for slide in list(Presentation(str(result.written["pptx"])).slides)[1:-1]
    ]
    assert squash(long_text) in squash("".join(drawn))


# ---------------------------------------------------------------------------------------------
# (b) Invalid input: positioned one-line problems, exit 2, no traceback
# ---------------------------------------------------------------------------------------------

PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: .+$")

KEYS = [
    "title",
    "subtitle",
    "country",
    "language",
    "date",
    "theme",
    "review",
    "cycle",
    "session",
    "presenters",
    "name",
    "email",
    "coalition",
    "members",
    "logo",
    "and_others",
    "issues",
    "situation",
    "previous_recommendations",
    "states",
    "ref",
    "response",
    "status",
    "developments",
    "items",
    "needs",
    "recommendations",
    "text",
    "sdgs",
    "other_recommendations",
    "closing",
    "en",
    "kk",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates().map(str),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=30,
)
near_valid = st.fixed_dictionaries(
    {
        "title": structures,
        "country": st.one_of(st.just("Kazakhstan"), structures),
        "issues": st.one_of(
            structures,
            st.lists(
                st.dictionaries(st.sampled_from(KEYS), structures, max_size=4),
                max_size=3,
            ),
        ),
    },
    optional={k: structures for k in ("review", "presenters", "coalition", "closing", "language")},
)
yaml_texts = st.one_of(
    st.text(max_size=200),
    st.lists(
        st.sampled_from(
            [
                "title:",
                " x",
                "\n",
                "  - ",
                "issues:",
                "{",
                "[",
                "]",
                "}",
                ": ",
                "'",
                '"',
                "&a ",
                "*a",
                "!!python/object ",
                "\t",
                "- ",
                "<<: ",
                "? ",
                "%YAML 1.1\n",
                "---\n",
                "#",
                "\\",
            ]
        )
        | st.text(max_size=6),
        max_size=40,
    ).map("".join),
)


def check_validate_output(exit_code: int, stdout: str, stderr: str) -> None:
    assert "Traceback" not in stdout + stderr
    assert exit_code in (0, 2), (exit_code, stdout, stderr)
    if exit_code == 0:  # the random file happened to be a valid briefing
        assert stderr == ""
        assert stdout.strip().endswith("issues)")
        return
    lines = stderr.splitlines()
    assert lines, "exit 2 must say why"
    bad = [line for line in lines if not PROBLEM_LINE.match(line)]
    assert not bad, f"lines not in FILE:LINE:COL: message form: {bad[:3]}"


def validate_in_process(path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    check_validate_output(result.exit_code, result.stdout, result.stderr)


@_settings(25)
@given(content=yaml_texts)
def test_random_yaml_text_is_reported_not_crashed(content: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.yaml"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        validate_in_process(path)


@_settings(25)
@given(data=st.one_of(structures, near_valid))
def test_random_structures_are_reported_not_crashed(data: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        validate_in_process(write_yaml(data, Path(tmp)))


def validate_as_subprocess(path: Path) -> int:
    """``briefgen validate`` as a real process; its output obeys the one-line rule."""
    proc = subprocess.run(
        [sys.executable, "-m", "briefgen.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    check_validate_output(proc.returncode, proc.stdout, proc.stderr)
    return proc.returncode


@pytest.mark.parametrize(
    "content",
    [
        "title: [unclosed\n",
        "\tissues: []\n",
        "title: x\ncountry: y\nissues:\n  - title: t\n    recommendations: [{sdgs: [99]}]\n",
        "a: &a [*a]\n",
        "!!python/object:os.system x\n",
    ],
)
def test_validate_subprocess_never_shows_a_traceback(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    assert validate_as_subprocess(path) == 2


@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=near_valid)
def test_validate_subprocess_random_structures(data: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        validate_as_subprocess(write_yaml(data, Path(tmp)))
