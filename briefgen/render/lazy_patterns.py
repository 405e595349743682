"""reportlab's paragraph module, imported without compiling a pattern briefgen never uses.

``reportlab.platypus.paragraph`` compiles, when imported, a case-insensitive pattern for web
addresses (``uri_pat``) whose character ranges reach U+FFFF; Python's compiler case-folds every
character of them: 50-90 ms of every process that draws a PDF, more than any other import
step. Only the ``uriWasteReduce`` paragraph option uses it, and no briefgen style sets it.

:func:`install` (run when :mod:`briefgen.render` is imported) adds an import hook that acts
once, on that module alone: while it executes, that one pattern (recognised by its source) is
made a :class:`Deferred` pattern, compiled on first use. Every other pattern, and every other
module, is untouched; nothing is imported until a painter imports reportlab itself.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from briefgen.regex import Deferred

__all__ = ["Deferred", "install"]

MODULE = "reportlab.platypus.paragraph"
_DEFERRED = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)",  # paragraph.uri_pat's start (web addresses)
    "([\u2e80-\uffff])",  # textsplit's CJK splitter (imported by paragraph), 5-7 ms
)


class _Loader(importlib.abc.Loader):
    """The module's own loader, run with the one pattern deferred."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        made: ModuleType | None = self.inner.create_module(spec)
        return made

    def exec_module(self, module: ModuleType) -> None:
        real = re.compile

        def compile_(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and pattern.startswith(_DEFERRED):
                return Deferred(pattern, flags)
            return real(pattern, flags)

        re.compile = compile_
        try:
            self.inner.exec_module(module)
        finally:
            re.compile = real

    def __getattr__(self, name: str) -> Any:  # get_source etc., for tracebacks
        return getattr(self.inner, name)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != MODULE:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)  # once: the module is then in sys.modules
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Defer the pattern when reportlab's paragraph module is first imported (idempotent)."""
    if MODULE in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
