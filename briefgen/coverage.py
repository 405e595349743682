"""Checks that run once the input and theme are known: glyph coverage and logo files.

A font without a glyph prints an empty box, which a reader may never notice
before the briefing is in a diplomat's hands. So every character the input uses
must be in the theme's fonts; a missing one is an error naming the character,
the field and the line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from briefgen import fonts
from briefgen.errors import InputError, Problem
from briefgen.images import PictureError, load_picture
from briefgen.layout.document import Logo
from briefgen.model import Briefing, Loc, SourceMap
from briefgen.theme import Theme, catalog_path

TEXT_ROLES = ("regular", "bold", "italic", "bold_italic")
"""Any text may be set in any of these (titles bold, details italic)."""


def texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text in a model, with its location (list items counted from 1)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value, start=1):
            yield from texts(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, (*loc, key))


_SKIP = {"language", "theme"}
_NOTES_ONLY = {"notes_timing"}
"""Wording that appears only in speaker notes, which are not set in the theme's fonts."""


def check_fonts(theme: Theme) -> None:
    """Every font of the theme, fallbacks too, resolved and opened: positioned errors."""
    chosen: list[tuple[Loc, fonts.FontSpec, bool]] = [
        (("fonts", role), theme.font_spec(role), True) for role in (*TEXT_ROLES, "symbols")
    ]
    chosen += [  # fallback families are opened only when text needs them: looked up here;
        # one from an optional extra that is not installed is named when text needs it
        (("fonts", "fallbacks", i), spec, False)
        for i, spec in enumerate(theme.fallback_specs(), start=1)
        if fonts.missing_extra(spec) is None
    ]
    problems = []
    for loc, spec, open_family in chosen:
        message = fonts.check_font(spec, open_family=open_family)
        if message is not None:
            problems.append(theme.problem(loc, message))
    if problems:
        raise InputError(problems)


CJK_HINT = "Chinese needs the optional fonts: pip install 'briefgen[cjk]'"


def check_glyphs(briefing: Briefing, theme: Theme, lang: str | None = None) -> None:
    """Raise InputError for each character of the input that a theme font lacks, and of the
    wording of ``lang`` (default: the input's language): its catalog with the theme's
    overrides."""
    faces = {role: fonts.resolve(theme.font_spec(role)) for role in (*TEXT_ROLES, "symbols")}
    fallbacks = theme.fallback_specs()
    metrics = {role: fonts.chain(theme.font_spec(role), fallbacks) for role in faces}
    origin = briefing.origin or SourceMap(str(briefing.source or "input"), {})
    extras = fonts.absent_extras(fallbacks)
    problems = _missing(
        texts(briefing), metrics, faces, TEXT_ROLES, origin, skip=_SKIP, what="input", extras=extras
    )
    problems += _missing(
        texts(theme.wording, ("wording",)),
        metrics,
        faces,
        TEXT_ROLES,
        theme,
        what="theme",
        skip=_NOTES_ONLY,
    )
    catalog = SourceMap(_display(catalog_path(lang or briefing.language)), {})
    wording = _missing(
        texts(theme.words(lang or briefing.language), ("wording",)),
        metrics,
        faces,
        TEXT_ROLES,
        catalog,
        what="theme",
        skip=_NOTES_ONLY,
        extras=extras,
    )
    if wording and all(p.message.endswith(CJK_HINT) for p in wording):  # one line, not 30
        wording = [catalog.problem(("wording",), f"the wording in this language: {CJK_HINT}")]
    problems += wording
    problems += _missing(
        texts(theme.bullets, ("bullets",)), metrics, faces, ("symbols",), theme, what="theme"
    )
    if problems:
        raise InputError(problems)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return path.name


def _missing(
    found: Iterator[tuple[Loc, str]],
    metrics: dict[str, fonts.FontMetrics],
    faces: dict[str, fonts.FontFace],
    roles: tuple[str, ...],
    origin: SourceMap | Theme,
    *,
    what: str,
    skip: set[str] | frozenset[str] = frozenset(),
    extras: tuple[str, ...] = (),
) -> list[Problem]:
    """One problem per field, naming its missing characters and the font family."""
    problems: list[Problem] = []
    fields = [(loc, text) for loc, text in found if not (loc and loc[-1] in skip)]
    every = "".join(set().union(*(text for _, text in fields)))  # each character once
    if not any(metrics[role].missing(every) for role in roles):
        return problems  # the usual case, found in one pass over the distinct characters
    for loc, text in fields:
        missing: dict[str, None] = {}
        for role in roles:
            missing.update(dict.fromkeys(metrics[role].missing(text)))
        if not missing:
            continue
        chars = list(missing)
        shown = ", ".join(
            f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars[:3]
        )
        more = f" and {len(chars) - 3} more" if len(chars) > 3 else ""
        families = sorted({faces[r].family for r in roles} | _fallback_families(metrics, roles))
        fix = "choose a theme whose fonts cover it" + (" or remove it" if what == "input" else "")
        if "cjk" in extras and any(unicodedata.east_asian_width(c) in "WF" for c in chars):
            fix = CJK_HINT
        problems.append(
            origin.problem(
                loc, f"{shown}{more} not in the theme's font {' / '.join(families)}; {fix}"
            )
        )
    return problems


def _fallback_families(metrics: dict[str, fonts.FontMetrics], roles: tuple[str, ...]) -> set[str]:
    """Families of the fallback fonts tried after the role fonts, for the error message."""
    out: set[str] = set()
    for role in roles:
        m = metrics[role]
        if isinstance(m, fonts.FallbackMetrics):
            out.update(face.family for face in m.faces())
    return out


def pictures(briefing: Briefing, theme: Theme) -> tuple[Logo, ...]:
    """The logos to draw, theme brand logos first; unusable files are positioned errors."""
    coalition = briefing.coalition.name or "" if briefing.coalition else ""
    # (file, where it was named, member name or None for a brand logo)
    wanted: list[tuple[Path, Loc, SourceMap | Theme, str | None, tuple[Path, ...]]] = [
        (p, ("logos", i), theme, None, theme.picture_folders)
        for i, p in enumerate(theme.logos, start=1)
    ]
    if briefing.coalition:
        source = briefing.origin or SourceMap(str(briefing.source or "input"), {})
        folders = (briefing.source.parent, *briefing.assets) if briefing.source else briefing.assets
        wanted += [
            (
                m.logo,
                ("coalition", "members", i, "logo"),
                source,
                m.name,
                folders or (m.logo.parent,),
            )
            for i, m in enumerate(briefing.coalition.members, start=1)
            if m.logo is not None
        ]
    loaded: list[Logo] = []
    problems: list[Problem] = []
    for path, loc, holder, member, roots in wanted:
        try:
            picture = load_picture(path, roots)
        except PictureError as err:
            problems.append(holder.problem(loc, str(err)))
            continue
        if member is None:
            loaded.append(Logo.brand(picture, coalition))
        else:
            loaded.append(Logo.of_member(picture, member))
    if problems:
        raise InputError(problems)
    return tuple(loaded)


def deck_glyphs(briefing: Briefing, theme: Theme, lang: str | None = None) -> list[str]:
    """Warnings for characters the deck's font lacks, one per field (``FILE:LINE:COL``).

    The PDF embeds the theme's fonts (:func:`check_glyphs` refuses what they lack); a deck
    only names its font (Arial, measured with Arimo: :mod:`briefgen.metric_fonts`), so a
    character that font lacks is drawn on the presenting computer in a font of its own, with
    other widths than the layout measured. A character one of the theme's fallback fonts has
    is not reported: the deck names that font for the runs that need it. A deck on an
    organisation template names the template's font and is not checked here.
    """
    if theme.slides.template is not None:
        return []
    from briefgen import metric_fonts  # only builds with a deck pay for it

    try:
        measured = metric_fonts.deck_theme(theme)
    except fonts.FontError:  # the deck's layout reports it
        return []
    fallbacks = theme.fallback_specs()
    deck = {role: fonts.chain(measured.font_spec(role), fallbacks) for role in TEXT_ROLES}
    found = list(texts(briefing))
    language = lang or briefing.language
    wording = [
        (loc, text)
        for loc, text in texts(theme.words(language), ("wording",))
        if loc[-1] not in _NOTES_ONLY
    ]
    every = "".join(set().union(*(text for _, text in (*found, *wording))))  # each once
    if not any(deck[role].missing(every) for role in TEXT_ROLES):
        return []  # the usual case, decided in one pass over the text
    origin = briefing.origin or SourceMap(str(briefing.source or "input"), {})
    catalog = SourceMap(_display(catalog_path(language)), {})
    named = metric_fonts.deck_family(theme)
    family = measured.font_spec("regular").family
    font = named if family == named else f"{named} (measured with {family})"
    pdf = {role: fonts.chain(theme.font_spec(role), fallbacks) for role in TEXT_ROLES}
    out: list[str] = []
    for where, items in ((origin, found), (catalog, wording)):
        for loc, text in items:
            if loc and loc[-1] in _SKIP:
                continue
            chars = list(dict.fromkeys(c for r in TEXT_ROLES for c in deck[r].missing(text)))
            if chars:
                out.append(str(where.problem(loc, _deck_message(chars, font, theme, pdf))))
    return out


def _deck_message(
    chars: list[str], font: str, theme: Theme, pdf: dict[str, fonts.FontMetrics]
) -> str:
    """What a deck's missing characters are, what happens to them and what to do."""
    shown = ", ".join(
        f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars[:3]
    )
    more = f" and {len(chars) - 3} more" if len(chars) > 3 else ""
    them = "it" if len(chars) == 1 else "them"
    # the font the PDF draws them with: the one to install where the deck is shown
    having = sorted(_families_having(chars, theme, pdf))
    install = (
        f"install {' or '.join(repr(f) for f in having)} on that computer and name it in the"
        " theme's fonts.fallbacks"
        if having
        else "name a font that has them in the theme's fonts.fallbacks"
    )
    return (
        f"{shown}{more} not in the deck's font {font}: a presenting computer draws {them} in"
        f" another font, with other widths than measured; {install}, or use a theme whose"
        f" deck font has {them} (fonts.deck.family)"
    )


def _families_having(chars: list[str], theme: Theme, pdf: dict[str, fonts.FontMetrics]) -> set[str]:
    """The theme's (PDF) font families that draw ``chars``."""
    out: set[str] = set()
    regular = pdf["regular"]
    if isinstance(regular, fonts.FallbackMetrics):
        faces = (theme.font_spec("regular").family, *(f.family for f in regular.faces()))
        for c in chars:
            k = regular.font_index(c)
            if k >= 0:
                out.add(faces[k])
    elif not regular.missing("".join(chars)):
        out.add(theme.font_spec("regular").family)
    return out
