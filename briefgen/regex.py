"""Regular expressions compiled when first used.

A character class over large Unicode ranges (CJK, or case-folded ranges up to U+FFFF) takes
milliseconds to compile; compiled at import, every process pays for patterns that only some
inputs need. :class:`Deferred` compiles on first use and is then the compiled pattern.
"""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["Deferred"]


class Deferred:
    """A regular expression compiled when first used; then it is the compiled pattern."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = re.compile(self.pattern, self.flags)
                compiled = self._compiled
        return compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled().search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled().match(text)

    def findall(self, text: str) -> list[Any]:
        return self.compiled().findall(text)

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled().sub(replacement, text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)
