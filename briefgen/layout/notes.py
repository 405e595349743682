"""Speaker notes and talk time: each slide's full text as a script, and how long it takes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefgen.layout.frames import Para

_SPOKEN = re.compile(r"\S*[^\W_]\S*")  # a token holding a letter or digit (str.isalnum)


def format_duration(seconds: float) -> str:
    """``95`` -> ``1:35``: how presenters read talk times."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def spoken_words(texts: Iterable[str]) -> int:
    """Spoken words: tokens with a letter or digit (not "·", "–" or "➢")."""
    return sum(len(_SPOKEN.findall(t)) for t in texts)


def talk_seconds(texts: Iterable[str], words_per_minute: float) -> float:
    """How long reading the texts aloud takes."""
    return spoken_words(texts) * 60 / words_per_minute


def notes(
    head: Sequence[str], paras: Sequence[Para], timing: str, seconds: float, running: float
) -> str:
    """The slide's full text as a script, then how long it takes and the running total.

    Text a person reads aloud: one line per paragraph, no bullet glyphs or indents; the rest
    of a paragraph split across slides joins its line.
    """
    lines = [h for h in head if h]
    if paras:
        lines.append("")
        for p in paras:
            if p.continued and len(lines) > 1 and lines[-1]:
                lines[-1] = f"{lines[-1]} {p.text}"
            else:
                lines.append(p.text)
    lines += ["", timing.format(slide=format_duration(seconds), total=format_duration(running))]
    return "\n".join(lines)


__all__ = ["format_duration", "notes", "spoken_words", "talk_seconds"]
