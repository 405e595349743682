"""reportlab's web-address pattern is compiled on first use, not when a PDF build starts."""

from __future__ import annotations

import re
import subprocess
import sys

from briefgen.render.lazy_patterns import Deferred


def test_a_pdf_build_never_compiles_the_web_address_pattern() -> None:
    """A fresh process builds kz's PDF with ``uri_pat`` still deferred: the 50-90 ms
    case-folding compile never ran. Every other pattern of the module is a real one."""
    script = (
        "import re, briefgen\n"
        "from briefgen.build import build_bytes\n"
        "out = build_bytes(briefgen.load('inputs/kz.yaml'), ('pdf',))\n"
        "import reportlab.platypus.paragraph as p\n"
        "import reportlab.lib.textsplit as t\n"
        "print(type(p.uri_pat).__name__, p.uri_pat._compiled is None, t.rx._compiled is None)\n"
        "print(all(isinstance(getattr(p, n), re.Pattern) for n in "
        "('_hy_letters_pat', '_hy_pfx_pat', '_scheme_re')))\n"
        "print(out.outputs['pdf'][:5])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:3] == ["Deferred True True", "True", "b'%PDF-'"]


def test_a_deferred_pattern_matches_as_the_compiled_one() -> None:
    source = r"(^(?:[a-z0-9\.\-\+]*)://)(?:\S+)?\Z"
    deferred = Deferred(source, re.I)
    real = re.compile(source, re.I)
    for text in ("https://example.org/x", "HTTP://EXAMPLE.ORG", "no address", "ftp://ü"):
        got, want = deferred.match(text), real.match(text)
        assert (got and got.groups()) == (want and want.groups())
    assert deferred.pattern == source and deferred.flags == re.I
    assert isinstance(deferred.compiled(), re.Pattern)


def test_reportlab_still_hyphenates_web_addresses_when_a_style_asks() -> None:
    """The ``uriWasteReduce`` option (which briefgen never sets) still works: the deferred
    pattern compiles when reportlab first needs it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    import briefgen.render  # noqa: F401  (installs the hook before reportlab is imported)

    style = ParagraphStyle("u", fontName="Helvetica", fontSize=10, uriWasteReduce=0.3)
    text = "see https://www.example.org/a/very/long/path/that/does/not/fit/on/one/line/at/all"
    paragraph = Paragraph(text, style)
    paragraph.wrap(120, 500)
    lines = paragraph.blPara.lines
    assert [words for _, words in lines] == [["see", "https://"], [text[12:]]]  # cut after ://
    import reportlab.platypus.paragraph as module

    pattern = module.uri_pat
    assert isinstance(pattern, re.Pattern) or pattern._compiled is not None
