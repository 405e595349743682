"""The pipeline's direction, read from the source: painters import nothing upstream."""

from __future__ import annotations

import ast
from pathlib import Path

import briefgen.render

RENDER = Path(briefgen.render.__file__).parent
FORBIDDEN = ("briefgen.build", "briefgen.load", "briefgen.model")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (``from briefgen import build`` included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = "briefgen.render"
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against briefgen.render
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def forbidden_imports(path: Path) -> list[str]:
    return sorted(
        name
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    )


def test_painters_import_nothing_from_build_load_or_model() -> None:
    modules = sorted(RENDER.rglob("*.py"))
    assert any(p.name == "pdf.py" for p in modules) and any(p.name == "pptx.py" for p in modules)
    offenders = {p.name: forbidden_imports(p) for p in modules if forbidden_imports(p)}
    assert offenders == {}


def test_the_check_sees_every_import_form(tmp_path: Path) -> None:
    sample = tmp_path / "painter.py"
    sample.write_text(
        "import briefgen.load\n"
        "from briefgen import build\n"
        "from briefgen.model import Briefing\n"
        "from .. import model\n"
        "def late():\n    from briefgen.build import Options\n"
        "from briefgen.options import Options\n",
        encoding="utf-8",
    )
    assert forbidden_imports(sample) == [
        "briefgen.build",
        "briefgen.build.Options",
        "briefgen.load",
        "briefgen.model",
        "briefgen.model.Briefing",
    ]
