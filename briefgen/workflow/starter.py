"""``briefgen init NAME``: a commented starter briefing that validates and builds as it is."""

from __future__ import annotations

import os
from pathlib import Path

STARTER = """\
# yaml-language-server: $schema={schema}
# A briefing for briefgen. Build it with:  briefgen build {file}
# Rebuild on every save with:              briefgen watch {file}
# Text containing ": " or " #" must be in quotes, like the subtitle below.

title: {title}
subtitle: "UPR pre-session: 4th cycle"
country: Country name
language: en            # the language of the plain texts below
date: 2025-01-31
theme: default          # or un, ngo, ...: see `briefgen themes`

review:
  mechanism: UPR
  cycle: 4
  session: 48

presenters:
  - name: Your name
    organization: Your organization

coalition:
  name: The coalition presenting this briefing
  members:
    - First member organisation
    - name: Second member organisation
      city: Capital city
  and_others: false

issues:                 # one slide section and one briefing section each
  - title: First issue
    situation:
      previous_recommendations:
        - text: A recommendation the State received in the last cycle.
          states: [Norway]
      developments:
        - What changed since the last review.
      needs:
        - What is still needed.
    recommendations:
      - The first recommendation you want States to make.
      - A second recommendation.

  - title: Second issue
    recommendations:
      - One recommendation is enough for an issue.

other_recommendations:
  - A recommendation that belongs to no issue above.

closing:
  title: Thank you
  text: Contact us for the full report.
"""


def schema_reference(target: Path) -> str:
    """Where editors find the input schema, relative to ``target`` when possible."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "briefgen.schema.json", package.parent / "briefgen.schema.json"):
        if candidate.is_file():
            try:
                return Path(os.path.relpath(candidate, target.resolve().parent)).as_posix()
            except ValueError:  # another drive on Windows
                return candidate.as_uri()
    return "https://briefgen.invalid/briefgen.schema.json"


def write_starter(name: str) -> Path:
    """Write ``NAME.yaml`` (``NAME`` may end in .yaml); never overwrites an existing file."""
    target = Path(name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    title = target.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Briefing"
    text = STARTER.format(schema=schema_reference(target), file=target, title=_quoted(title))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as stream:  # "x": fails if it exists
            stream.write(text)
    except FileExistsError:
        raise FileExistsError(f"{target} already exists; not overwriting it") from None
    return target


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, so any name is safe as the title."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
