"""briefgen: one typed YAML advocacy briefing -> a branded PDF briefing and a PowerPoint deck."""

from __future__ import annotations

from briefgen.errors import BuildError, InputError, Problem
from briefgen.load import load
from briefgen.model import Briefing

__version__ = "0.1.0"

__all__ = ["Briefing", "BuildError", "InputError", "Problem", "__version__", "load"]
