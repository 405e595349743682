"""``briefgen import``: UN recommendation data -> a starting briefing that validates and builds."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_runner import CliRunner
from pptx import Presentation
from pypdf import PdfReader

import briefgen
from briefgen.build import build
from briefgen.cli import app
from briefgen.errors import InputError
from briefgen.importers.states import parse_states, un_state_names

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "inputs" / "samples"
_spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
assert _spec and _spec.loader
make_samples: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_samples)
RECORDS = make_samples.RECORDS

# sample -> (has status, has sdgs)
SAMPLE_FILES = {
    "upr-info.csv": (False, False),
    "upr-info.xlsx": (True, True),
    "ohchr-4th-cycle.docx": (False, True),
    "ohchr-3rd-cycle.docx": (True, False),
    "uhri.json": (False, True),
}
STATUS = {"partially implemented": "partially_implemented", "not implemented": "not_implemented"}


def flat(text: str) -> str:
    return " ".join(text.split())


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def previous(path: Path) -> list[Any]:
    briefing = briefgen.load(path)
    return [
        p
        for issue in briefing.issues
        if issue.situation
        for p in issue.situation.previous_recommendations
    ]


def fill_in(path: Path) -> Path:
    """What the advocate does next: write what the todo lines ask, delete them."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"    todo:\n(?:      - .*\n)+", "", text)
    text = text.replace(
        "      previous_recommendations:",
        "      developments: [A national plan was adopted in 2023.]\n"
        "      previous_recommendations:",
    )
    text = text.replace(
        "    recommendations: []", "    recommendations:\n      - Fund the plan & report <yearly>."
    )
    done = path.with_name(f"{path.stem}-done.yaml")
    done.write_text(text, encoding="utf-8")
    return done


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("imported")
    out = {}
    for name in SAMPLE_FILES:
        target = folder / f"{name.replace('.', '-')}.yaml"
        cycle = ["--cycle", "3"] if name == "upr-info.csv" else []  # it also has a cycle 2 row
        args = ["import", str(SAMPLES / name), "--country", "Kazakhstan", *cycle]
        result = run(*args, "-o", str(target))
        assert result.exit_code == 0, result.output
        out[name] = target
    return out


def test_samples_are_what_the_script_makes(tmp_path: Path) -> None:
    make_samples.main(tmp_path)
    for name in ("upr-info.csv", "uhri.json"):
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes()
    for name in SAMPLE_FILES:
        assert (tmp_path / name).is_file()


@pytest.mark.parametrize("name", list(SAMPLE_FILES))
def test_every_record_present(imported: dict[str, Path], name: str) -> None:
    has_status, has_sdgs = SAMPLE_FILES[name]
    got = {p.ref: p for p in previous(imported[name])}
    assert sorted(got) == [r[0] for r in RECORDS]
    for ref, text, states, response, _, _, sdgs, status in RECORDS:
        p = got[ref]
        assert (p.text, p.states, p.response) == (text, states, response)
        assert p.status == (STATUS.get(status, status) if has_status else None)
        assert p.sdgs == (sdgs if has_sdgs else [])


@pytest.mark.parametrize("name", list(SAMPLE_FILES))
def test_issues_by_theme_largest_first(imported: dict[str, Path], name: str) -> None:
    briefing = briefgen.load(imported[name])
    assert [(i.title, len(i.situation.previous_recommendations)) for i in briefing.issues] == [  # type: ignore[union-attr]
        ("Rights of the child", 3),
        ("Equality & non-discrimination", 2),
        ("National human rights institution", 1),
        ("Freedom of opinion and expression", 1),
    ]
    assert briefing.country == "Kazakhstan"
    first = imported[name].read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../briefgen.schema.json"


def test_written_file_validates_and_lists_what_to_write(imported: dict[str, Path]) -> None:
    path = imported["upr-info.csv"]
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: ok (4 issues, 8 to write before building)" in result.stdout
    lines = path.read_text(encoding="utf-8").splitlines()
    warnings = [w for w in result.stderr.splitlines() if w.startswith("warning:")]
    assert len(warnings) == 8
    assert warnings[0] == (
        f"warning: {path}:15:9: issues[1].todo[1]: still to write: the stage of development "
        "since the last review (situation.developments)"
    )
    assert (
        lines[14]
        == "      - the stage of development since the last review (situation.developments)"
    )
    assert warnings[1].endswith(
        "issues[1].todo[2]: still to write: the coalition's new recommendations on this issue "
        "(recommendations)"
    )


def test_build_refuses_until_written(imported: dict[str, Path], tmp_path: Path) -> None:
    path = imported["uhri.json"]
    result = run("build", str(path), "--out", str(tmp_path))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first == (
        f"{path}:11:9: issues[1].todo[1]: still to write: the stage of development since the "
        "last review (situation.developments); write it, then delete this todo line to build"
    )
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InputError):
        build(briefgen.load(path), out=tmp_path)


def test_deleting_todo_without_writing_is_an_error(
    imported: dict[str, Path], tmp_path: Path
) -> None:
    text = imported["upr-info.csv"].read_text(encoding="utf-8")
    path = tmp_path / "half.yaml"
    path.write_text(re.sub(r"    todo:\n(?:      - .*\n)+", "", text, count=1), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}:28:22: issues[1].recommendations: at least one recommendation is required"
    )


@pytest.mark.parametrize("name", list(SAMPLE_FILES))
def test_sample_builds_once_written(imported: dict[str, Path], name: str, tmp_path: Path) -> None:
    done = fill_in(imported[name])
    result = run("build", str(done), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    pdf = flat(" ".join(p.extract_text() for p in PdfReader(tmp_path / f"{done.stem}.pdf").pages))
    deck = Presentation(str(tmp_path / f"{done.stem}.pptx"))
    slides = flat(
        " ".join(
            s.text_frame.text.replace("\v", " ")
            for slide in deck.slides
            for s in slide.shapes
            if s.has_text_frame
        )
    )
    for ref, text, states, *_ in RECORDS:
        for printed in (pdf, slides):
            assert f"{text} ({', '.join(states)})" in printed
            assert ref in printed
    for printed in (pdf, slides):
        assert "Fund the plan & report <yearly>." in printed
        assert "todo" not in printed and "still to write" not in printed
        assert "situation.developments" not in printed


def test_tricky_state_names() -> None:
    names = un_state_names()
    assert len(names) == 195 and names[-2:] == ["Holy See", "State of Palestine"]
    text = (
        "Iran (Islamic Republic of), Bolivia (Plurinational State of) and Venezuela "
        "(Bolivarian Republic of), United Kingdom of Great Britain and Northern Ireland, "
        "Côte d’Ivoire, Turkey, Trinidad and Tobago and Saint Vincent and the Grenadines"
    )
    assert parse_states(text) == (
        [
            "Iran (Islamic Republic of)",
            "Bolivia (Plurinational State of)",
            "Venezuela (Bolivarian Republic of)",
            "United Kingdom of Great Britain and Northern Ireland",
            "Côte d'Ivoire",
            "Türkiye",
            "Trinidad and Tobago",
            "Saint Vincent and the Grenadines",
        ],
        [],
    )
    assert parse_states("Cote d'Ivoire; Netherlands, Atlantis") == (
        ["Côte d'Ivoire", "Netherlands (Kingdom of the)", "Atlantis"],
        ["Atlantis"],
    )


BAD_ROWS = (
    "State under Review,Recommendation,Response,Issue,Cycle\n"
    "Kazakhstan,115.1 Protect children (Iran (Islamic Republic of)),Supported,Children,3\n"
    "Kazakhstan,,Supported,Children,3\n"
    'Kazakhstan,"115.3 Act now (Norway, Atlantis)",Maybe,Children,3\n'
    'Kazakhstan,"115.4 Ratify the Convention on the Rights of Persons with Disabilities '
    '(CRPD)",Noted,Children,third-ish\n'
    'Kazakhstan,"115.5 Adopt a law\non hate speech (Türkiye)",Noted,Speech,3\n'
    "Kazakhstan,115.6 Train judges (Chile),Accepted,Speech,III\n"
)


def test_bad_rows_are_reported_and_the_rest_imported(tmp_path: Path) -> None:
    source = tmp_path / "rows.csv"
    source.write_text(BAD_ROWS, encoding="utf-8")
    out = tmp_path / "rows.yaml"
    result = run("import", str(source), "--country", "Kazakhstan", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{source}:3:2: row skipped: no recommendation text in column 'Recommendation'",
        f"{source}:5:5: row skipped: cycle 'third-ish' is not a cycle number",
        f"warning: {source}:4:2: unknown state 'Atlantis' (not a UN member or observer state "
        "name); kept as written",
        f"warning: {source}:4:3: response 'Maybe' is neither supported nor noted; left out",
    ]
    assert result.stdout.splitlines()[0] == (
        f"read {source} (read as utf-8): 4 recommendations, 2 rows skipped"
    )
    got = [(p.ref, p.text, p.states, p.response) for p in previous(out)]
    assert got == [
        ("115.1", "Protect children", ["Iran (Islamic Republic of)"], "supported"),
        ("115.3", "Act now", ["Norway", "Atlantis"], None),
        ("115.5", "Adopt a law on hate speech", ["Türkiye"], "noted"),
        ("115.6", "Train judges", ["Chile"], "supported"),
    ]


def test_no_state_in_final_parentheses_is_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "crpd.csv"
    source.write_text(
        "Recommendation,Theme\n115.4 Ratify the Convention (CRPD),Disability\n", encoding="utf-8"
    )
    result = run("import", str(source), "--country", "Chad", "-o", str(tmp_path / "o.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: {source}:2:1: no UN member or observer state in the final parentheses "
        "'(CRPD)'; no recommending state recorded"
    ]
    [p] = previous(tmp_path / "o.yaml")
    assert (p.text, p.states, p.ref) == ("Ratify the Convention (CRPD)", [], "115.4")


def _docx_without_table(path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Thematic list of recommendations")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Theme", "Code"
    document.save(str(path))


def _two_sheets(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Recommendations"  # type: ignore[union-attr]
    book.create_sheet("Notes")
    book.save(path)


BAD_FILES: list[tuple[str, Any, str]] = [
    ("empty.csv", b"", "1:1: the file is empty"),
    ("blank.json", b"\n  \n", "1:1: the file is empty"),
    (
        "notext.csv",
        b"Country,Comment\nKazakhstan,hello\n",
        "1:1: no recommendation text column (looked for: Recommendation, Recommendations, "
        "Recommendation text, Text, Full text; columns: Country, Comment); name it with "
        "--columns text=COLUMN",
    ),
    ("header.csv", b"Recommendation,Country\n", "1:1: no recommendation rows under the header"),
    (
        "notable.docx",
        _docx_without_table,
        "1:1: no recommendations table among the document's 1 table(s): expected a header row "
        "with 'Recommendation' and 'Position' columns (OHCHR thematic list of recommendations)",
    ),
    (
        "fake.docx",
        b"this is not a zip",
        "1:1: not a readable Word .docx document",
    ),
    (
        "object.json",
        b'{"count": 3}',
        "1:1: not a Universal Human Rights Index export: expected a list of records with Text, "
        "Symbol, Countries, Themes, Sdgs, AffectedPersons",
    ),
    (
        "other.json",
        b'[\n  {"Text": "A", "Countries": ["Chad"]},\n  {"name": "B"}\n]\n',
        "3:1: not a Universal Human Rights Index export: record 2 has name; expected a list of "
        "records with Text, Symbol, Countries, Themes, Sdgs, AffectedPersons",
    ),
    ("broken.json", b'[{"Text": \n', "2:1: not valid JSON: Expecting value"),
    (
        "two.xlsx",
        _two_sheets,
        "1:1: the workbook has 2 sheets (Recommendations, Notes); name the one to import with "
        "--sheet NAME",
    ),
    (
        "binary.csv",
        b"Recommendation,Country\nAct\x81 now,Chad\n",
        "2:4: byte 0x81 is not text in any encoding tried (utf-8, cp1252, latin-1); save the "
        "sheet as 'CSV UTF-8'",
    ),
    (
        "nul.csv",
        b"Recommendation,Country\nAct\x00 now,Chad\n",
        "2:4: byte 0x00 is not text in any encoding tried (utf-8, cp1252, latin-1); save the "
        "sheet as 'CSV UTF-8'",
    ),
    (
        "notes.odt",
        b"PK\x03\x04 not ours",
        "1:1: unknown kind of source '.odt' (expected .csv, .xlsx, .docx or .json)",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_sources(tmp_path: Path, name: str, content: Any, message: str) -> None:
    source = tmp_path / name
    if callable(content):
        content(source)
    else:
        source.write_bytes(content)
    out = tmp_path / "out.yaml"
    result = run("import", str(source), "--country", "Chad", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"{source}:{message}\n"
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        (
            "utf-8-sig",
            "\ufeffRecommendation,Country\nProtéger les enfants (France),Chad\n".encode(),
        ),
        (
            "cp1252",
            "Recommendation,Country\nProtéger les “enfants” (France),Chad\n".encode("cp1252"),
        ),
        ("utf-16", "Recommendation,Country\nProtéger (France),Chad\n".encode("utf-16")),
        ("utf-16-le", "Recommendation;Country\nProtéger (France);Chad\n".encode("utf-16-le")),
    ],
)
def test_csv_encodings_spreadsheets_write(tmp_path: Path, encoding: str, data: bytes) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    out = tmp_path / "out.yaml"
    result = run("import", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"(read as {encoding}): 1 recommendation" in result.stdout
    [p] = previous(out)
    assert p.text.startswith("Protéger") and p.states == ["France"]
    assert briefgen.load(out).country == "Chad"


def test_country_and_cycle_filters(tmp_path: Path) -> None:
    source = str(SAMPLES / "upr-info.csv")
    several = run("import", source, "-o", str(tmp_path / "a.yaml"))
    assert several.exit_code == 2
    assert several.stderr == (
        f"{source}:1:1: the source covers 2 states under review (Kazakhstan, Chad); "
        "choose one with --country NAME\n"
    )
    run("import", source, "--country", "Chad", "-o", str(tmp_path / "chad.yaml"))
    assert [p.text for p in previous(tmp_path / "chad.yaml")] == ["Abolish the death penalty"]
    run(
        "import", source, "--country", "Kazakhstan", "--cycle", "2", "-o", str(tmp_path / "c2.yaml")
    )
    [p] = previous(tmp_path / "c2.yaml")
    assert (p.ref, p.states, p.response) == ("120.4", ["Algeria"], "noted")
    c2 = briefgen.load(tmp_path / "c2.yaml")
    assert (c2.review.cycle, c2.subtitle) == (3, "UPR pre-session, 3rd cycle")  # type: ignore[union-attr]
    result = run("import", source, "--country", "Kazakhstan", "-o", str(tmp_path / "all.yaml"))
    assert len(previous(tmp_path / "all.yaml")) == 8
    none = run("import", source, "--country", "Chile", "-o", str(tmp_path / "x.yaml"))
    assert none.exit_code == 2
    assert none.stderr == (
        f"{source}:1:1: --country Chile: no recommendation to that state "
        "(states under review: Kazakhstan, Chad)\n"
    )
    docx = str(SAMPLES / "ohchr-4th-cycle.docx")
    result = run("import", docx, "--cycle", "3", "--country", "Kazakhstan", "-o", "x.yaml")
    assert result.stderr == f"{docx}:1:1: --cycle 3: the source does not say which cycle a row is\n"
    result = run("import", docx, "-o", str(tmp_path / "x.yaml"))
    assert result.stderr == (
        f"{docx}:1:1: the source does not name the state under review; give --country\n"
    )


def test_group_by_another_column(tmp_path: Path) -> None:
    out = tmp_path / "by-response.yaml"
    result = run("import", str(SAMPLES / "upr-info.xlsx"), "--group-by", "Position", "-o", str(out))
    assert result.exit_code == 0, result.output
    issues = briefgen.load(out).issues
    assert [(i.title, len(i.situation.previous_recommendations)) for i in issues] == [  # type: ignore[union-attr]
        ("Supported", 4),
        ("Noted", 3),
    ]
    by_persons = tmp_path / "persons.yaml"
    run(
        "import", str(SAMPLES / "uhri.json"), "--group-by", "AffectedPersons", "-o", str(by_persons)
    )
    assert [i.title for i in briefgen.load(by_persons).issues] == ["General", "Children"]
    bad = run("import", str(SAMPLES / "upr-info.xlsx"), "--group-by", "Colour", "-o", "x.yaml")
    assert bad.exit_code == 2
    assert bad.stderr.startswith(
        f"{SAMPLES / 'upr-info.xlsx'}:1:1: --group-by Colour: no such column"
    )


def test_sheet_and_columns_options(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "About"  # type: ignore[union-attr]
    sheet = book.create_sheet("Data")
    sheet.append(["Reviewed", "What", "Who", "Answer", "Topic"])
    sheet.append(
        ["Chad", "Ratify the Convention against Torture", "Bolivia", "Accepted", "Torture"]
    )
    source = tmp_path / "custom.xlsx"
    book.save(source)
    out = tmp_path / "custom.yaml"
    columns = "text=What,states=Who,response=Answer,theme=Topic,country=Reviewed"
    result = run("import", str(source), "--sheet", "Data", "--columns", columns, "-o", str(out))
    assert result.exit_code == 0, result.output
    [p] = previous(out)
    assert (p.text, p.states, p.response) == (
        "Ratify the Convention against Torture",
        ["Bolivia (Plurinational State of)"],
        "supported",
    )
    assert briefgen.load(out).issues[0].title == "Torture"
    missing = run("import", str(source), "--sheet", "Nope", "-o", str(tmp_path / "n.yaml"))
    assert missing.stderr == f"{source}:1:1: no sheet named 'Nope' (sheets: About, Data)\n"
    unknown = run("import", str(source), "--sheet", "Data", "--columns", "txt=What", "-o", "n.yaml")
    assert unknown.stderr == (
        f"{source}:1:1: --columns: unknown field 'txt' (fields: text, states, country, response, "
        "theme, cycle, session, ref, category, status, sdgs)\n"
    )


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("mine\n", encoding="utf-8")
    args = ["import", str(SAMPLES / "uhri.json"), "-o", str(out)]
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr == f"{out}:1:1: the file exists; pass --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert run(*args, "--force").exit_code == 0
    assert len(previous(out)) == 7


def test_library_call_and_lazy_readers() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nsys.argv = ['briefgen', '--help']\nfrom briefgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', [m for m in ('docx', 'openpyxl') if m in sys.modules])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "import" in proc.stdout and "LOADED []" in proc.stdout


def test_readme_section_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Starting from UN data", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "no sh block in the README section"
    commands = [line for line in block.group(1).splitlines() if line.startswith("briefgen ")]
    assert len(commands) >= 3
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    shutil.copy(ROOT / "briefgen.schema.json", tmp_path)
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = run(*shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
    written = tmp_path / "inputs" / "kazakhstan.yaml"
    assert len(previous(written)) == 7
    first = written.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../briefgen.schema.json"


def test_texts_yaml_would_misread_come_back_as_written(tmp_path: Path) -> None:
    texts = [
        "- starts like a list item",
        "Ensure: a colon and # a hash",
        "yes",
        "1.10",
        '"Quoted" text with \\ backslash',
        "@handle & <tag> {braces} [brackets]",
        "Line\u2028separator and next\x85line",
        "Trailing colon:",
    ]
    source = tmp_path / "odd.csv"
    with source.open("w", encoding="utf-8", newline="") as stream:
        import csv

        writer = csv.writer(stream)
        writer.writerow(["Recommendation", "Recommending State", "Theme"])
        for text in texts:
            writer.writerow([text, "Chile", "- odd: theme #1"])
    out = tmp_path / "odd.yaml"
    result = run("import", str(source), "--country", "Chad", "-o", str(out))
    assert result.exit_code == 0, result.output
    # a briefing holds no control characters: NEL is a line break, made a space like "\n"
    expected = [t.replace("\x85", " ") for t in texts]
    assert [p.text for p in previous(out)] == expected
    assert briefgen.load(out).issues[0].title == "- odd: theme #1"


def test_bad_docx_rows_and_json_records_are_positioned(tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    table = document.add_table(rows=4, cols=3)
    rows = [
        ("Recommendation", "Position", "Full list of themes"),
        ("12.1 Protect journalists (Norway, Narnia)", "Supported", "D43 Freedom of expression"),
        ("", "Noted", "D43 Freedom of expression"),
        ("12.3 Free all detained journalists (Chile)", "Perhaps", "D43 Freedom of expression"),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    source = tmp_path / "matrix.docx"
    document.save(str(source))
    result = run("import", str(source), "--country", "Chad", "-o", str(tmp_path / "d.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"{source}:3:1: table 1 row 3: row skipped: no recommendation text",
        f"warning: {source}:2:1: table 1 row 2: unknown state 'Narnia' (not a UN member or "
        "observer state name); kept as written",
        f"warning: {source}:4:2: table 1 row 4: response 'Perhaps' is neither supported nor "
        "noted; left out",
    ]
    got = [(p.ref, p.states, p.response) for p in previous(tmp_path / "d.yaml")]
    assert got == [("12.1", ["Norway", "Narnia"], "supported"), ("12.3", ["Chile"], None)]

    uhri = tmp_path / "records.json"
    uhri.write_text(
        '[\n  {"Text": "1.1 Act (Chad)", "Countries": ["Mali"], "Themes": ["A"]},\n'
        '  {"Text": "", "Countries": ["Mali"]}\n]\n',
        encoding="utf-8",
    )
    result = run("import", str(uhri), "-o", str(tmp_path / "j.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{uhri}:3:1: row skipped: no recommendation Text\n"
    assert briefgen.load(tmp_path / "j.yaml").country == "Mali"
