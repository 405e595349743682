"""Speaker notes and talk time: each slide's full text as a script, and how long it takes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from briefgen.layout.frames import Para
from briefgen.regex import Deferred
from briefgen.theme import fill

_SPOKEN = re.compile(r"\S*[^\W_]\S*")  # a token holding a letter or digit (str.isalnum)
# characters read one by one: Han ideographs, kana, Hangul syllables (not CJK punctuation)
_IDEOGRAPHS = Deferred(  # compiled when a text first reaches these blocks
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]"
)


def _may_have_ideographs(text: str) -> bool:
    return not text.isascii() and max(text) >= "\u3040"


def format_duration(seconds: float) -> str:
    """``95`` -> ``1:35``: how presenters read talk times."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def spoken_words(texts: Iterable[str]) -> int:
    """Spoken words: tokens with a letter or digit (not "·", "–" or "➢"); ideographs (Chinese
    characters) are not words here: :func:`spoken_characters` counts them."""
    return sum(
        len(_SPOKEN.findall(_IDEOGRAPHS.sub(" ", t) if _may_have_ideographs(t) else t))
        for t in texts
    )


def spoken_characters(texts: Iterable[str]) -> int:
    """Spoken characters of scripts written without spaces (Han ideographs, kana, Hangul)."""
    return sum(len(_IDEOGRAPHS.findall(t)) for t in texts if _may_have_ideographs(t))


def talk_seconds(
    texts: Iterable[str], words_per_minute: float, characters_per_minute: float = 250
) -> float:
    """How long reading the texts aloud takes: words at ``words_per_minute``, Chinese (no
    spaces between words) by characters at ``characters_per_minute``."""
    texts = list(texts)
    words = spoken_words(texts) * 60 / words_per_minute
    return words + spoken_characters(texts) * 60 / characters_per_minute


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
    lines += ["", fill(timing, slide=format_duration(seconds), total=format_duration(running))]
    return "\n".join(lines)


__all__ = ["format_duration", "notes", "spoken_characters", "spoken_words", "talk_seconds"]
