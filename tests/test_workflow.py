"""Everyday workflow through the real command line: init, many inputs, -o, --lang all,
--fallback, watch, preview and a start-up without the heavy libraries."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

ROOT = Path(__file__).resolve().parent.parent
KZ = ROOT / "inputs" / "kz.yaml"
MULTI = ROOT / "inputs" / "multilingual.yaml"
BRIEFGEN = [sys.executable, "-m", "briefgen.cli"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [*BRIEFGEN, *args], capture_output=True, text=True, cwd=cwd, env=env or ENV, check=False
    )


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def slide_titles(path: Path) -> list[str]:
    deck = Presentation(str(path))
    return [s.shapes.title.text_frame.text for s in deck.slides if s.shapes.title is not None]


def test_help_is_light_and_shows_defaults() -> None:
    code = (
        "import sys\nsys.argv = ['briefgen', '--help']\nfrom briefgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', [m for m in ('pydantic', 'reportlab', 'pptx', 'yaml') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert "HEAVY []" in proc.stdout
    for command in ("build", "validate", "init", "watch", "preview", "schema", "themes"):
        assert f"    {command}" in proc.stdout
    build_help = cli("build", "--help").stdout
    assert "output folder (default: outputs)" in build_help
    assert "parallel builds (default: number of cores)" in build_help


def test_init_writes_a_starter_that_builds_and_never_overwrites(tmp_path: Path) -> None:
    proc = cli("init", "ngo-brief", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    starter = tmp_path / "ngo-brief.yaml"
    first = starter.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith("briefgen.schema.json")
    assert (starter.parent / first.split("=", 1)[1]).resolve() == (
        ROOT / "briefgen.schema.json"
    ).resolve()
    assert cli("validate", str(starter)).stdout.strip() == f"{starter}: ok (2 issues)"
    built = cli("build", str(starter), "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert "Ngo brief" in pdf_text(tmp_path / "out" / "ngo-brief.pdf")
    assert "Recommendations – Issue 1 (First issue)" in slide_titles(
        tmp_path / "out" / "ngo-brief.pptx"
    )
    starter.write_text("mine", encoding="utf-8")
    again = cli("init", "ngo-brief", cwd=tmp_path)
    assert again.returncode == 1
    assert (
        again.stderr.strip() == "briefgen: error: ngo-brief.yaml already exists; not overwriting it"
    )
    assert starter.read_text(encoding="utf-8") == "mine"


def test_many_inputs_in_parallel_go_past_a_bad_one(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("alpha", "beta"):
        shutil.copy(KZ, inputs / f"{name}.yaml")
    (inputs / "broken.yaml").write_text(
        "title: T\ncountry: C\nissues:\n  - title: A\n     recommendations: [x]\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    proc = cli(
        "build",
        *(str(inputs / f"{n}.yaml") for n in ("alpha", "broken", "beta")),
        "--out",
        str(out),
        "--jobs",
        "2",
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        f"{inputs / 'broken.yaml'}:5:6: YAML syntax: this line is indented more than the one "
        "above; line it up with the line above"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "alpha.pdf",
        "alpha.pptx",
        "beta.pdf",
        "beta.pptx",
    ]
    assert (out / "alpha.pdf").read_bytes() == (out / "beta.pdf").read_bytes()
    assert len(pypdf.PdfReader(out / "beta.pdf").pages) == 4  # kz: the contents on the cover
    table = proc.stdout.splitlines()[-4:]
    assert table[0].split() == ["file", "pages", "slides", "talk", "seconds", "result"]
    rows = [line.split() for line in table[1:]]
    assert [r[0] for r in rows] == [str(inputs / f"{n}.yaml") for n in ("alpha", "broken", "beta")]
    assert rows[0][1:4] == ["4", "10", rows[2][3]] and rows[0][-1] == "ok"
    assert rows[1][1:4] == ["-", "-", "-"] and rows[1][-2:] == ["bad", "input"]


def test_two_inputs_with_one_output_name_are_refused_before_writing(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(KZ, tmp_path / folder / "kz.yaml")
    out = tmp_path / "out"
    proc = cli(
        "build", str(tmp_path / "a" / "kz.yaml"), str(tmp_path / "b" / "kz.yaml"), "--out", str(out)
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        f"{tmp_path / 'b' / 'kz.yaml'}:1:1: would write {out / 'kz.pdf'}, as "
        f"{tmp_path / 'a' / 'kz.yaml'} does; rename one input or build them into different "
        "--out folders"
    )
    assert not out.exists()


def test_dash_o_writes_one_file_with_the_format_of_its_extension(tmp_path: Path) -> None:
    target = tmp_path / "deck" / "talk.pptx"
    proc = cli("build", str(KZ), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in target.parent.iterdir()] == ["talk.pptx"]
    assert slide_titles(target)[0] == "Children's Rights in Kazakhstan"
    bad = cli("build", str(KZ), "-o", str(tmp_path / "x.docx"))
    assert bad.returncode == 2 and not (tmp_path / "x.docx").exists()


def test_lang_all_builds_each_language_present(tmp_path: Path) -> None:
    proc = cli("build", str(MULTI), "--lang", "all", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"multilingual.{lang}.{fmt}" for lang in ("en", "kk", "ru") for fmt in ("pdf", "pptx")
    ]
    assert slide_titles(tmp_path / "multilingual.kk.pptx")[0] == "Қазақстандағы бала құқықтары"
    assert slide_titles(tmp_path / "multilingual.ru.pptx")[0] == "Права детей в Казахстане"


def test_missing_language_is_an_error_unless_fallback(tmp_path: Path) -> None:
    english_only = KZ.parent / "stress.yaml"
    proc = cli("build", str(english_only), "--lang", "ru", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        f"{english_only}:2:8: title: no 'ru' translation (the text is in en); "
        "write {en: ..., ru: ...} or build with --fallback"
    )
    assert not any(tmp_path.iterdir())
    ok = cli(
        "build", str(english_only), "--lang", "ru", "--fallback", "--pdf", "--out", str(tmp_path)
    )
    assert ok.returncode == 0, ok.stderr
    warning = next(line for line in ok.stderr.splitlines() if "translation" in line)
    assert warning.startswith(
        f"warning: {english_only}: 169 fields have no 'ru' translation and are shown in en: "
        "title, subtitle, country, review.mechanism, coalition.name"
    )
    text = pdf_text(tmp_path / "stress.pdf")
    assert "Содержание" in text and "Stress test briefing" in text
    # kz is translated throughout: Russian builds without --fallback
    translated = cli("build", str(KZ), "--lang", "ru", "--pdf", "--out", str(tmp_path))
    assert translated.returncode == 0, translated.stderr
    assert "translation" not in translated.stderr
    assert "Права детей" in pdf_text(tmp_path / "kz.pdf")


def _wait_for(proc: subprocess.Popen[str], lines: list[str], needle: str) -> None:
    deadline = time.monotonic() + 120
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if needle in line:
            return
    raise AssertionError(f"{needle!r} never printed; got {lines}")


def test_watch_rebuilds_on_save_and_survives_a_broken_save(tmp_path: Path) -> None:
    source = tmp_path / "kz.yaml"
    shutil.copy(KZ, source)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*BRIEFGEN, "watch", str(source), "--out", str(out), "--interval", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
    )
    lines: list[str] = []
    try:
        _wait_for(proc, lines, "rebuilt in")
        assert "Children's Rights in Kazakhstan" in pdf_text(out / "kz.pdf")
        time.sleep(0.05)
        source.write_text(
            KZ.read_text(encoding="utf-8").replace("Children's Rights", "Youth Rights", 1),
            encoding="utf-8",
        )
        _wait_for(proc, lines, "rebuilt in")
        assert "Youth Rights in Kazakhstan" in pdf_text(out / "kz.pdf")
        good_pdf, good_deck = (out / "kz.pdf").read_bytes(), (out / "kz.pptx").read_bytes()
        source.write_text("title: [Youth\ncountry: C\n", encoding="utf-8")
        _wait_for(proc, lines, "not rebuilt")
        assert f"{source}:1:8: YAML syntax: this [ is never closed; end it with ]" in "\n".join(
            lines
        )
        assert proc.poll() is None, "watch exited on a bad save"
        assert (out / "kz.pdf").read_bytes() == good_pdf
        assert (out / "kz.pptx").read_bytes() == good_deck
        assert not any("Traceback" in line for line in lines)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("soffice")), reason="poppler/LibreOffice absent"
)
def test_preview_writes_pages_slides_and_a_contact_sheet(tmp_path: Path) -> None:
    from PIL import Image

    proc = cli("preview", str(KZ), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        [f"kz.page-{i:02d}.png" for i in range(1, 5)]  # kz: 4 pages, the contents on the cover
        + [f"kz.slide-{i:02d}.png" for i in range(1, 11)]
        + ["kz.contact-sheet.png"]
    )
    with Image.open(tmp_path / "kz.slide-01.png") as slide:
        assert slide.width > slide.height  # a wide slide, not a page
    with Image.open(tmp_path / "kz.page-01.png") as page:
        assert page.height > page.width


def test_preview_names_the_missing_package(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = cli("preview", str(KZ), "--out", str(tmp_path / "p"), env={**ENV, "PATH": str(empty)})
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "briefgen: error: pdftoppm is not installed; install the Debian package poppler-utils "
        "(sudo apt-get install poppler-utils) to make previews"
    )


YAML_MISTAKES = [
    (
        "item indented more than the one above",
        "title: T\ncountry: C\nissues:\n  - title: A\n     recommendations: [x]\n",
        "5:6: YAML syntax: this line is indented more than the one above; "
        "line it up with the line above",
    ),
    (
        "a tab",
        "title: T\ncountry: C\nissues:\n\t- title: A\n",
        "4:1: YAML syntax: a tab character; YAML indentation must use spaces",
    ),
    (
        "text containing ': '",
        "title: T\nsubtitle: UPR: 4th cycle\ncountry: C\n",
        "2:11: YAML syntax: this text contains ': '; put this text in quotes",
    ),
    (
        "text containing ' #'",
        "title: Rights #1 in KZ\ncountry: C\nissues:\n  - title: A\n    recommendations: [x]\n",
        "1:8: YAML syntax: ' #' starts a comment, so '#1 in KZ' would be lost; "
        "put this text in quotes",
    ),
    (
        "unclosed double quote",
        'title: "Children\ncountry: C\nissues: []\n',
        '1:8: YAML syntax: this " is never closed; end the text with "',
    ),
    (
        "unclosed single quote",
        "title: T\ncountry: 'Kaz\n",
        "2:10: YAML syntax: this ' is never closed; end the text with '",
    ),
    (
        "unclosed bracket",
        "title: T\ncountry: C\nstates: [Spain, Norway\nissues: []\n",
        "3:9: YAML syntax: this [ is never closed; end it with ] "
        "(or, if it is text, put this text in quotes)",
    ),
    (
        "item indented less than the one above",
        "title: T\ncountry: C\nissues:\n  - title: A\n    recommendations: [x]\n - title: B\n",
        "6:2: YAML syntax: this line does not line up with the lines above; "
        "items of one list or keys of one block need the same indentation",
    ),
    (
        "text after a closing quote",
        'title: "Children" of KZ\ncountry: C\n',
        "1:19: YAML syntax: text after the closing quote; put this text in quotes as a whole",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [m[1:] for m in YAML_MISTAKES], ids=[m[0] for m in YAML_MISTAKES]
)
def test_yaml_mistakes_in_plain_words(tmp_path: Path, text: str, expected: str) -> None:
    from cli_runner import CliRunner

    from briefgen.cli import app

    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:{expected}"
    for pyyaml_words in ("expected", "<block", "scanning", "while parsing", "mapping values"):
        assert pyyaml_words not in result.stderr


def test_readme_library_without_files_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Without files", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code, "no python example in the section"
    exec(compile(code.group(1), "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    expected = [
        line.split("# ", 1)[1].strip()
        for line in code.group(1).splitlines()
        if line.startswith("print(")
    ]
    assert printed == expected


def test_bundled_job_takes_assets_files_along(tmp_path: Path) -> None:
    """A job shipped to a remote worker carries logos from an --assets folder outside the
    input's folder, and builds from the shipped copy only."""
    from PIL import Image

    from briefgen.errors import InputError
    from briefgen.workflow.jobs import Job, Settings, bundle, run_job

    (tmp_path / "in").mkdir()
    (tmp_path / "shared").mkdir()
    Image.new("RGB", (40, 20), (200, 0, 0)).save(tmp_path / "shared" / "logo.png")
    source = tmp_path / "in" / "brief.yaml"
    source.write_text(
        'title: "Children\'s rights"\ncountry: Kazakhstan\n'
        "coalition:\n  name: C\n  members:\n    - name: A\n      logo: ../shared/logo.png\n"
        "issues:\n  - title: Child labour\n    recommendations: [Inspect farms.]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="outside"):  # not allowed: refused, never shipped
        bundle(Job(str(source), None, Settings(pptx=False)))
    settings = Settings(pptx=False, assets=(str(tmp_path / "shared"),))
    shipped = bundle(Job(str(source), None, settings))
    assert sorted(shipped.files) == ["in/brief.yaml", "shared/logo.png"]
    assert shipped.entry == "in/brief.yaml" and shipped.assets == ("shared",)
    (tmp_path / "shared" / "logo.png").unlink()  # the worker has only what was shipped
    outcome = run_job(shipped)
    assert outcome.ok, outcome.problems
    reader = pypdf.PdfReader(io.BytesIO(outcome.outputs["pdf"]))
    sizes = {
        (img.image.width, img.image.height)
        for page in reader.pages
        for img in page.images
        if img.image is not None
    }
    assert (40, 20) in sizes


def test_only_a_watching_job_lists_the_files_its_build_read(tmp_path: Path) -> None:
    """``watch`` learns what to watch from the build; other builds skip listing the theme."""
    from dataclasses import replace

    from briefgen.theme import find
    from briefgen.workflow.jobs import Job, Settings, run_job

    source = tmp_path / "kz.yaml"
    shutil.copy(KZ, source)
    job = Job(str(source), None, Settings(pptx=False))
    assert run_job(job).read == []
    read = run_job(replace(job, watching=True)).read
    theme_files = sorted(p for p in find("default").parent.rglob("*") if p.is_file())
    assert read[0] == source and theme_files and set(theme_files) <= set(read)
