"""UN member and observer state names: checking and splitting recommending states.

The names ship as data (``un_states.txt``); a name the list does not know is kept as
written and reported, never silently replaced by a guess.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"\s+")


@cache
def state_key(name: str) -> str:
    """Matching key: case, accents, apostrophe style and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain).strip().casefold()


@cache
def _names() -> dict[str, str]:
    """Key of every UN name and alias -> the UN name."""
    text = resources.files("briefgen.importers").joinpath("un_states.txt").read_text("utf-8")
    names: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        official, *aliases = (part.strip() for part in line.split("|"))
        for spelling in (official, *aliases):
            names[state_key(spelling)] = official
    return names


@cache
def un_name(name: str) -> str | None:
    """The UN's name for a state written ``name`` (or an alias of it), else None."""
    return _names().get(state_key(name))


def un_state_names() -> list[str]:
    """Every UN member and observer state name, in the data file's order."""
    return list(dict.fromkeys(_names().values()))


def split_top_level(text: str, separators: str = ",;") -> list[str]:
    """Split on separators outside parentheses: 'Iran (Islamic Republic of), Chad'."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def final_parentheses(text: str) -> tuple[str, str] | None:
    """``(body, inside)`` of a text ending in a parenthesised group, nested groups kept."""
    trimmed = text.rstrip().rstrip(".;").rstrip()
    if not trimmed.endswith(")"):
        return None
    depth = 0
    for i in range(len(trimmed) - 1, -1, -1):
        if trimmed[i] == ")":
            depth += 1
        elif trimmed[i] == "(":
            depth -= 1
            if depth == 0:
                return trimmed[:i].rstrip(), trimmed[i + 1 : -1].strip()
    return None


@cache
def parse_states(text: str) -> tuple[list[str], list[str]]:
    """``(names, unknown)``: a list of states as UN names; unknown ones kept as written.

    Commas inside a known name ("Korea, Republic of" style) and " and " between two known
    names ("France and Tunisia") are resolved against the list, never guessed.
    """
    pieces = split_top_level(text)
    names: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + 3), i + 1, -1):  # a name written with commas
            joined = un_name(", ".join(pieces[i:j]))
            if joined:
                names.append(joined)
                i = j
                break
        else:
            piece = re.sub(r"^and\s+", "", pieces[i])
            known = un_name(piece)
            if known:
                names.append(known)
            else:
                pair = _known_pair(piece)
                if pair:
                    names.extend(pair)
                else:
                    names.append(piece)
                    unknown.append(piece)
            i += 1
    return list(dict.fromkeys(names)), unknown


def _known_pair(piece: str) -> tuple[str, str] | None:
    """'Trinidad and Tobago and France' -> both halves known, split at the right 'and'."""
    for match in re.finditer(r"\s+and\s+", piece):
        left, right = un_name(piece[: match.start()]), un_name(piece[match.end() :])
        if left and right:
            return left, right
    return None
