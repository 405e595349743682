"""What the process's environment decides, read the same way everywhere: the cache folder and
the umask. Standard library only: the build server's client imports it before anything else.
"""

from __future__ import annotations

import os


def cache_root() -> str:
    """briefgen's cache folder: $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~."""
    env = os.environ.get("BRIEFGEN_CACHE_DIR")
    if env:
        return env
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "briefgen")


def umask() -> int:
    """The process's umask (read by setting it, so set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
