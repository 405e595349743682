"""A briefing from someone else is built safely.

Each case below recreates an attack or accident from its description: the files are written
here, nothing comes from the network. ``validate`` and ``build`` run in a child process with
a memory limit and a timeout, and every case ends either in exit status 2 with one
``FILE:LINE:COL: …`` line per problem (no traceback, nothing written) or in a safe success.
Nothing is ever written outside the output folder, and no picture from outside the input's
folder reaches the outputs.
"""

from __future__ import annotations

import io
import os
import re
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pypdf
import pytest
from PIL import Image

import briefgen
from briefgen.build import build

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 3 * 2**30
"""Address space of each child briefgen (fonts and Python take a few hundred MB)."""
TIMEOUT = 240
POSITIONED = re.compile(r"^(?P<file>[^\n:]+):(?P<line>\d+):(?P<col>\d+): (?P<rest>.+)$")
RED = (255, 0, 0)

_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
sys.argv = ["briefgen", *sys.argv[2:]]
from briefgen.cli import main
main()
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The briefgen command in a child process with a memory limit and a timeout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", _CHILD, str(MEMORY), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def snapshot(folder: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (except under ``skip``) with its size and mtime."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


def assert_refused(result: subprocess.CompletedProcess[str], file: str, *needles: str) -> list:
    """Exit 2, every stderr line positioned, no traceback; some line names ``file`` + needles."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    lines = result.stderr.strip().splitlines()
    matches = [POSITIONED.match(line) for line in lines]
    assert all(matches), lines
    hits = [
        m
        for m in matches
        if m and m["file"].endswith(file) and all(n in m["rest"] for n in needles)
    ]
    assert hits, (file, needles, lines)
    return hits


class Case:
    """A folder with an input ``in/brief.yaml``, a secret outside it, and an output folder."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.folder = tmp / "in"
        self.folder.mkdir()
        self.out = tmp / "out"
        secret = tmp / "secret"
        secret.mkdir()
        Image.new("RGB", (40, 20), RED).save(secret / "secret.png")
        self.secret = secret / "secret.png"

    def briefing(self, extra: str = "", title: str = "Children's rights", logo: str = "") -> Path:
        member = f"\n      logo: {logo}" if logo else ""
        text = (
            f'title: "{title}"\ncountry: Kazakhstan\n{extra}'
            "coalition:\n  name: NGO Coalition\n  members:\n"
            f"    - name: Member one{member}\n"
            "issues:\n  - title: Child labour\n    recommendations: [Inspect farms.]\n"
        )
        path = self.folder / "brief.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    def theme(self, body: str, name: str = "brand") -> Path:
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        (folder / "theme.yaml").write_text("extends: default\n" + body, encoding="utf-8")
        return folder

    def validate(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(self.tmp, "validate", "in/brief.yaml", *args)

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(self.tmp, "build", "in/brief.yaml", "--out", "out", *args)

    def refused(self, file: str, *needles: str, extra: tuple[str, ...] = ()) -> None:
        """validate and build both refuse, and the build writes nothing anywhere."""
        before = snapshot(self.tmp)
        assert_refused(self.validate(*extra), file, *needles)
        assert_refused(self.build(*extra), file, *needles)
        assert snapshot(self.tmp) == before
        assert not self.out.exists() or not any(self.out.iterdir())


@pytest.fixture
def case(tmp_path: Path) -> Case:
    return Case(tmp_path)


def _svg(body: str, attrs: str = 'width="200" height="100"') -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f"{attrs}>{body}</svg>"
    )


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels (header only, no pixel data)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _data_uri_png(raw: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(raw).decode()


# ---------------------------------------------------------------------------------------------
# Pictures
# ---------------------------------------------------------------------------------------------


def test_postscript_named_png_never_reaches_ghostscript(case: Case) -> None:
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(x) print showpage\n"
    (case.folder / "logo.png").write_bytes(eps)
    case.briefing(logo="logo.png")
    case.refused("brief.yaml", "coalition.members[1].logo", "PostScript (EPS)")


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("logo.gif", b"GIF89a\x01\x00\x01\x00", "only PNG, JPEG and SVG"),
        ("logo.jpg", None, "its extension says JPEG but its content is PNG"),
        ("logo.svg", b"\x89PNG\r\n\x1a\n", "extension says SVG"),
    ],
)
def test_picture_format_must_agree_with_extension(
    case: Case, name: str, content: bytes | None, needle: str
) -> None:
    if content is None:
        Image.new("RGB", (30, 10), "blue").save(case.folder / name, format="PNG")
    else:
        (case.folder / name).write_bytes(content)
    case.briefing(logo=name)
    case.refused("brief.yaml", "logo", needle)


@pytest.mark.parametrize(
    ("body", "attrs", "needle"),
    [
        ('<image href="{secret}" width="10" height="10"/>', None, "absolute path"),
        ('<image xlink:href="../secret/secret.png" width="9" height="9"/>', None, "outside"),
        ('<image href="/dev/zero" width="10" height="10"/>', None, "absolute path"),
        ('<image href="http://example.org/a.png" width="10" height="10"/>', None, "refers to"),
        ('<image href="file:///etc/hostname" width="10" height="10"/>', None, "refers to"),
        ('<rect width="1" height="5"/>', 'viewBox="0 0 1 20000"', "too tall"),
        ('<image href="{bomb}" width="10" height="10"/>', None, "too large"),
        (
            '<filter id="f"><feTurbulence numOctaves="100000"/></filter>'
            '<rect width="10" height="10" filter="url(#f)"/>',
            None,
            "numOctaves",
        ),
        ("<g>" * 250 + "<rect/>" + "</g>" * 250, None, "too deeply"),
        ('<style>rect {fill: url("/etc/passwd")}</style><rect/>', None, "url("),
    ],
)
def test_hostile_svg_logo(case: Case, body: str, attrs: str | None, needle: str) -> None:
    body = body.replace("{secret}", str(case.secret))
    body = body.replace("{bomb}", _data_uri_png(_png_header(30_000, 30_000)))
    svg = _svg(body, attrs) if attrs else _svg(body)
    (case.folder / "logo.svg").write_text(svg, encoding="utf-8")
    case.briefing(logo="logo.svg")
    case.refused("brief.yaml", "coalition.members[1].logo", needle)


def test_svg_with_entities_refused(case: Case) -> None:
    (case.folder / "logo.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaa">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">&a;</svg>',
        encoding="utf-8",
    )
    case.briefing(logo="logo.svg")
    case.refused("brief.yaml", "logo", "DOCTYPE")


def _pdf_image_colours(pdf: Path) -> set[tuple[int, int, int]]:
    """The colours of the middle pixel of every picture in the PDF."""
    import pypdf

    colours = set()
    for page in pypdf.PdfReader(pdf).pages:
        for image in page.images:
            picture = image.image.convert("RGB")
            colours.add(picture.getpixel((picture.width // 2, picture.height // 2)))
    return colours


def test_svg_next_to_the_input_may_use_its_own_folder(case: Case) -> None:
    sub = case.folder / "art"
    sub.mkdir()
    Image.new("RGB", (40, 20), (0, 0, 255)).save(sub / "blue.png")
    (sub / "logo.svg").write_text(
        _svg('<image href="blue.png" width="200" height="100" preserveAspectRatio="none"/>'),
        encoding="utf-8",
    )
    case.briefing(logo="art/logo.svg")
    result = case.build("--pdf")
    assert result.returncode == 0, result.stderr
    assert (0, 0, 255) in _pdf_image_colours(case.out / "brief.pdf")
    assert RED not in _pdf_image_colours(case.out / "brief.pdf")


# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------


def test_logo_outside_the_input_folder_needs_assets(case: Case) -> None:
    case.briefing(logo="../secret/secret.png")
    case.refused("brief.yaml", "coalition.members[1].logo", "outside", "--assets")
    checked = case.validate("--assets", "secret")
    assert checked.returncode == 0 and "in/brief.yaml: ok" in checked.stdout, checked.stderr
    result = case.build("--pdf", "--assets", "secret")
    assert result.returncode == 0, result.stderr
    assert RED in _pdf_image_colours(case.out / "brief.pdf")


def test_absolute_logo_path_refused(case: Case) -> None:
    case.briefing(logo=str(case.secret))
    case.refused("brief.yaml", "logo", "outside")


def test_theme_files_stay_in_the_theme_folder(case: Case) -> None:
    case.theme("logos: [../../secret/secret.png]\n")
    case.briefing(extra="theme: ./brand\n")
    hits = case.refused("theme.yaml", "logos[1]", "outside")
    del hits


def test_theme_outside_the_input_folder_refused(case: Case) -> None:
    other = case.tmp / "elsewhere"
    other.mkdir()
    (other / "theme.yaml").write_text("extends: default\n", encoding="utf-8")
    case.briefing(extra="theme: ../elsewhere\n")
    case.refused("brief.yaml", "theme", "outside")


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder"])
def test_input_must_be_a_regular_file(tmp_path: Path, kind: str) -> None:
    if kind == "dev-zero":
        target = "/dev/zero"
    elif kind == "fifo":
        os.mkfifo(tmp_path / "pipe.yaml")
        target = "pipe.yaml"
    else:
        (tmp_path / "dir.yaml").mkdir()
        target = "dir.yaml"
    for command in ("validate", "build"):
        result = run(tmp_path, command, target)
        hits = assert_refused(result, target)
        assert "not a YAML file" in hits[0]["rest"]
    assert not (tmp_path / "outputs").exists()


# ---------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "name"), [("\\0", "NUL"), ("\\a", "BEL"), ("\\e", "ESC"), ("\\f", "form feed")]
)
def test_control_characters_in_input(case: Case, escape: str, name: str) -> None:
    case.briefing(title=f"Children{escape}s rights")
    hits = case.refused("brief.yaml", "title", name)
    del hits
    result = case.validate()
    (hit,) = [m for m in map(POSITIONED.match, result.stderr.splitlines()) if m]
    assert (hit["line"], hit["col"]) == ("1", "8")


def test_control_character_in_theme_bullet(case: Case) -> None:
    case.theme('bullets: {point: "\\a", sub: "-", member: "*"}\n')
    case.briefing(extra="theme: ./brand\n")
    case.refused("theme.yaml", "bullets.point", "BEL")


@pytest.mark.parametrize(
    "wording",
    ["Issue {nope}", "Issue {title.__class__.__mro__}", "Issue {title:>900000000}", "{0}"],
)
def test_theme_wording_only_named_placeholders(case: Case, wording: str) -> None:
    import yaml

    from briefgen.theme import load_theme

    words = load_theme("default").words("en").model_dump()
    words["issue"] = wording
    case.theme(yaml.safe_dump({"wording": {"en": words}}, allow_unicode=True))
    case.briefing(extra="theme: ./brand\n")
    case.refused("theme.yaml", "wording.en.issue", "allowed placeholders: {country}")


@pytest.mark.parametrize("wording", ["{mechanism} {cycle:x}", "{mechanism:f}", "{cycle:>9}"])
def test_theme_wording_gender_specs_only_on_ordinals(case: Case, wording: str) -> None:
    import yaml

    case.theme(yaml.safe_dump({"wording": {"ru": {"review": wording}}}, allow_unicode=True))
    case.briefing(extra="theme: ./brand\n")
    case.refused(
        "theme.yaml",
        "wording.ru.review",
        "allowed placeholders: {mechanism}, {cycle}, {session} (also {cycle:m}",
    )


def test_theme_wording_gender_spec_fills_like_the_catalog(case: Case) -> None:
    import yaml

    review = "{mechanism}: {cycle:n} / {session:f} / {session}"
    case.theme(yaml.safe_dump({"wording": {"ru": {"review": review}}}, allow_unicode=True))
    case.briefing(extra="theme: ./brand\nreview: {mechanism: UPR, cycle: 4, session: 48}\n")
    result = case.build("--pdf", "--lang", "ru", "--fallback")
    assert result.returncode == 0, result.stderr
    text = " ".join(pypdf.PdfReader(case.out / "brief.pdf").pages[0].extract_text().split())
    assert "обзор: 4-е / 48-я / 48-й" in text  # UPR in Russian, then the ordinals


def test_every_catalog_uses_only_allowed_placeholders() -> None:
    from briefgen.theme import PLACEHOLDERS, catalog, catalog_languages, placeholder_problem

    for lang in catalog_languages():
        for key, text in catalog(lang).items():
            assert placeholder_problem(text, PLACEHOLDERS.get(key, ())) is None, (lang, key)


def test_fill_renders_gender_specs_as_str_format_did() -> None:
    from briefgen.layout.wording import Ordinal
    from briefgen.theme import fill

    for lang in ("en", "ru", "ar", "es", "kk"):
        values = {"mechanism": "M", "cycle": Ordinal(4, lang), "session": Ordinal(48, lang)}
        for template in ("{mechanism}, {cycle:m}, {session:f}", "{cycle} {session:n}"):
            assert fill(template, **values) == template.format(**values)


def test_load_data_refuses_control_characters_and_paths_outside(tmp_path: Path) -> None:
    from briefgen.errors import InputError

    data = {
        "title": "Bad\x1bTitle",
        "country": "Kazakhstan",
        "coalition": {"name": "C", "members": [{"name": "A", "logo": "../secret.png"}]},
        "issues": [{"title": "Child labour", "recommendations": ["Inspect farms."]}],
    }
    (tmp_path / "in").mkdir()
    with pytest.raises(InputError) as err:
        briefgen.load_data(data, base=tmp_path / "in")
    messages = [str(p) for p in err.value.problems]
    assert any("title" in m and "U+001B" in m for m in messages), messages
    data["title"] = "Good"
    with pytest.raises(InputError) as err:
        briefgen.load_data(data, base=tmp_path / "in")
    assert "outside" in str(err.value.problems[0])


# ---------------------------------------------------------------------------------------------
# Theme geometry and fonts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("pdf:\n  margins: {top: 200, bottom: 200, left: 20, right: 20}\n", "pdf"),
        ("slides:\n  margins: {top: 1, bottom: 1, left: 6, right: 6}\n", "slides"),
    ],
)
def test_margins_must_leave_room(case: Case, body: str, where: str) -> None:
    case.theme(body)
    case.briefing(extra="theme: ./brand\n")
    case.refused("theme.yaml", where, "margins leave too little room")


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        ("notfont", "not a TrueType font"),
        ("otf", "CFF/PostScript"),
        ("family", "unknown font family 'No Such Sans'"),
        ("fallback", "unknown font family 'Nor This One'"),
    ],
)
def test_bad_fonts_are_theme_errors(case: Case, setup: str, needle: str) -> None:
    folder = case.theme("")
    if setup == "notfont":
        (folder / "f.ttf").write_bytes(b"this is not a font at all")
        body = "fonts:\n  regular: {file: f.ttf}\n"
    elif setup == "otf":
        (folder / "f.otf").write_bytes(b"OTTO" + b"\0" * 200)
        body = "fonts:\n  bold: {file: f.otf}\n"
    elif setup == "family":
        body = "fonts:\n  italic: {family: No Such Sans}\n"
    else:
        body = "fonts:\n  fallbacks: [{family: Nor This One}]\n"
    case.theme(body)
    case.briefing(extra="theme: ./brand\n")
    case.refused("theme.yaml", "fonts", needle)


def test_corrupt_font_cache_entry_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefgen import fonts

    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = fonts.FontSpec(family="Noto Sans", weight=500)
    fonts.resolve.cache_clear()
    first = fonts.resolve(spec).path
    good = first.read_bytes()
    first.write_bytes(good[: len(good) // 3])  # a build killed while another wrote it
    fonts.resolve.cache_clear()
    again = fonts.resolve(spec).path
    assert again == first and again.read_bytes() == good
    assert fonts.check_font(spec) is None
    fonts.resolve.cache_clear()


# ---------------------------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------------------------


def _good_pptx() -> bytes:
    from pptx import Presentation

    out = io.BytesIO()
    Presentation().save(out)
    return out.getvalue()


def _rezip(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = change(info.filename, source.read(info))
            if blob is not None:
                target.writestr(info.filename, blob)
    return out.getvalue()


def _bomb(data: bytes) -> bytes:
    out = io.BytesIO(_rezip(data, lambda n, b: b))
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target,
        target.open("ppt/media/image1.png", "w", force_zip64=True) as part,
    ):
        block = b"\0" * 2**24
        for _ in range(16):  # 256 MB unpacked, a few hundred KB packed
            part.write(block)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("not-zip", "not a readable .pptx"),
        ("empty", "is empty"),
        ("truncated", "not a readable .pptx"),
        ("no-layouts", "no slide layouts"),
        ("broken-xml", "not valid XML"),
        ("bomb", "unpacks to"),
    ],
)
def test_broken_templates_refused_before_anything_is_written(
    case: Case, kind: str, needle: str
) -> None:
    good = _good_pptx()
    data = {
        "not-zip": lambda: b"PK? no, just text",
        "empty": lambda: b"",
        "truncated": lambda: good[: len(good) // 2],
        "no-layouts": lambda: _rezip(
            good, lambda n, b: None if n.startswith("ppt/slideLayouts/") else b
        ),
        "broken-xml": lambda: _rezip(
            good, lambda n, b: b[:-30] if n == "ppt/presentation.xml" else b
        ),
        "bomb": lambda: _bomb(good),
    }[kind]()
    folder = case.theme("slides:\n  template: t.pptx\n")
    (folder / "t.pptx").write_bytes(data)
    case.briefing(extra="theme: ./brand\n")
    case.out.mkdir()
    (case.out / "brief.pdf").write_bytes(b"the previous good PDF")
    before = snapshot(case.tmp)
    assert_refused(case.validate(), "theme.yaml", "slides.template", needle)
    assert_refused(case.build(), "theme.yaml", "slides.template", needle)
    assert snapshot(case.tmp) == before  # the previous PDF was not overwritten


# ---------------------------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------------------------


def test_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "kz.yaml").write_bytes((ROOT / "inputs" / "kz.yaml").read_bytes())
    result = run(tmp_path, "build", "a/kz.yaml", "b/kz.yaml", "--out", "out")
    hits = assert_refused(result, "b/kz.yaml", "would write out/kz.pdf, as a/kz.yaml does")
    assert hits
    assert not (tmp_path / "out").exists()


def test_output_that_would_replace_its_input(case: Case) -> None:
    path = case.briefing()
    brief_pdf = case.folder / "brief.pdf"
    brief_pdf.write_bytes(path.read_bytes())
    before = snapshot(case.tmp)
    result = run(case.tmp, "build", "in/brief.pdf", "--out", "in", "--pdf")
    assert_refused(result, "in/brief.pdf", "would replace this input")
    assert snapshot(case.tmp) == before


def test_sigterm_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    stress = ROOT / "inputs" / "stress.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen.cli", "build", str(stress), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and any(p.name.endswith(".part") for p in out.iterdir()):
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(0.005)
    else:
        proc.kill()
        pytest.skip("the build finished before a temporary file was seen")
    status = proc.wait(timeout=60)
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode()
    assert status == 128 + signal.SIGTERM, stderr
    assert [p.name for p in out.iterdir()] == []
    assert "Traceback" not in stderr


def test_library_api_raises_documented_exceptions(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="file path"):
        briefgen.load(123)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="is not a folder"):
        briefgen.load(ROOT / "inputs" / "kz.yaml", assets=[tmp_path / "nope"])
    kz = briefgen.load(ROOT / "inputs" / "kz.yaml")
    with pytest.raises(TypeError, match="Briefing"):
        build("inputs/kz.yaml", out=tmp_path)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="plain file name"):
        build(kz, out=tmp_path / "out", stem="../escaped", pptx=False)
    with pytest.raises(briefgen.InputError):
        briefgen.load(tmp_path)
    assert not (tmp_path / "escaped.pdf").exists() and not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------
# Long text
# ---------------------------------------------------------------------------------------------


def test_long_arabic_list_breaking_across_pages(case: Case) -> None:
    import pdfplumber

    words = "حقوق الطفل في كازاخستان يجب حمايتها "
    items = "".join(f"          - {words * 3}{k}\n" for k in range(60))
    (case.folder / "brief.yaml").write_text(
        "title: T\ncountry: Kazakhstan\nlanguage: ar\nissues:\n  - title: A\n"
        "    situation:\n      developments:\n        - text: "
        f"{words}\n          items:\n{items}    recommendations: [{words}]\n",
        encoding="utf-8",
    )
    result = case.build("--pdf")
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(case.out / "brief.pdf") as pdf:
        assert len(pdf.pages) >= 3
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert all(str(k) in text for k in (0, 30, 59))
