"""briefgen: one typed YAML advocacy briefing -> a branded PDF briefing and a PowerPoint deck.

The names below are imported on first use (module ``__getattr__``), so ``import briefgen``
and ``briefgen --help`` cost almost nothing; ``briefgen.load`` still works as always.
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # typing costs ~10 ms of start-up; mypy reads this name the same way

if TYPE_CHECKING:
    from typing import Any

    from briefgen.build import BuildResult, Options, build_bytes
    from briefgen.errors import BuildError, InputError, Problem
    from briefgen.load import load, load_data
    from briefgen.model import Briefing
    from briefgen.theme import Theme, load_theme

__version__ = "0.1.0"

_LAZY = {
    "BuildError": "briefgen.errors",
    "InputError": "briefgen.errors",
    "Problem": "briefgen.errors",
    "load": "briefgen.load",
    "load_data": "briefgen.load",
    "Briefing": "briefgen.model",
    "Options": "briefgen.build",
    "BuildResult": "briefgen.build",
    "build_bytes": "briefgen.build",
    "Theme": "briefgen.theme",
    "load_theme": "briefgen.theme",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Briefing",
    "BuildError",
    "BuildResult",
    "InputError",
    "Options",
    "Problem",
    "Theme",
    "__version__",
    "build_bytes",
    "load",
    "load_data",
    "load_theme",
]


class _Package(types.ModuleType):
    """Keeps ``briefgen.load`` the function when the submodule of that name is imported."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "load" and isinstance(value, types.ModuleType):
            return  # the import system binds the submodule here; the function stays
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
