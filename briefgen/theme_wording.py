"""Theme wording: the fixed words of the outputs, their placeholder rules and the
per-language catalogs (``briefgen/catalogs/LANG.yaml``) a theme's overrides sit on."""

from __future__ import annotations

import functools
import re
import string
from pathlib import Path

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from briefgen.errors import BuildError
from briefgen.layout.wording import GENDERS
from briefgen.theme_models import _Strict


class Wording(_Strict):
    """Fixed words of the outputs; ``{placeholders}`` are filled in by the layout.

    Complete for every language: the catalog ``briefgen/catalogs/LANG.yaml`` with the theme's
    ``wording`` overrides on top (:meth:`Theme.words`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    situation: str = Field(description="issue situation heading; {country} as written")
    situation_in: str = Field(
        description="the same with {country_in}, the input's country_forms LANG.in"
    )
    recommendations: str
    issue: str
    situation_heading: str
    previous: str
    previous_heading: str
    developments: str
    needs: str
    issue_recommendations: str
    other_recommendations: str
    key_recommendations: str
    members: str
    members_heading: str
    and_others: str
    continued: str
    contents: str
    page: str
    presented_by: str
    review: str = Field(description="{mechanism}, {cycle}, {session}; {cycle:f}: feminine")
    upr: str = Field(description="the name of the Universal Periodic Review in the language")
    city: str
    paragraph: str
    supported: str
    noted: str
    not_implemented: str
    partially_implemented: str
    implemented: str
    sdgs: str
    thank_you: str
    notes_timing: str = Field(description="speaker notes: {slide} and {total} are m:ss")
    tracking_heading: str
    by_response: str
    by_status: str
    by_issue: str
    not_stated: str
    total: str
    tracking_notes: str
    matrix_heading: str
    col_ref: str
    col_text: str
    col_states: str
    col_response: str
    col_status: str
    missions_heading: str
    missions_ours: str
    contact: str
    framework: str
    challenges: str
    suggested: str

    @field_validator("*")
    @classmethod
    def _placeholders(cls, value: str, info: ValidationInfo) -> str:
        _checked_wording(value, info)
        return value


def _checked_wording(value: str | None, info: ValidationInfo) -> str | None:
    """A catalog's or a theme's wording, if it uses only its allowed placeholders."""
    if value is None:
        return value
    problem = placeholder_problem(value, PLACEHOLDERS.get(info.field_name or "", ()))
    if problem:
        raise PydanticCustomError("wording", problem)
    return value


PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "situation": ("country", "number", "title"),
    "situation_in": ("country", "country_in", "number", "title"),
    "recommendations": ("country", "number", "title"),
    "issue": ("country", "number", "title"),
    "page": ("page", "pages"),
    "review": ("mechanism", "cycle", "session"),
    "city": ("name", "city"),
    "paragraph": ("ref",),
    "sdgs": ("numbers",),
    "notes_timing": ("slide", "total"),
    "tracking_notes": ("total", "responses", "statuses"),
    "missions_heading": ("state", "cycle"),
}
"""The placeholders each wording may use; the others take none."""

ORDINAL_PLACEHOLDERS = ("cycle", "session")
"""Placeholders filled with an ordinal: they may name a gender, ``{session:f}`` (see
:data:`briefgen.layout.wording.GENDERS`)."""


def placeholder_problem(text: str, allowed: tuple[str, ...]) -> str | None:
    """Why ``text`` is not a safe wording template with only ``allowed`` names, or None.

    Only plain ``{name}`` is allowed: no attribute access, indexing, conversion or format
    spec (``{title.__class__}``, ``{title:>900000000}`` would leak internals or blow up); the
    one exception is an ordinal's gender, ``{cycle:f}``.
    """
    names = ", ".join(f"{{{n}}}" for n in allowed) if allowed else "none"
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        if not allowed:
            return None  # never filled in: a lone brace prints as written
        return f"unbalanced {{ or }}; write {{{{ or }}}} for a brace (placeholders: {names})"
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        gender = field in ORDINAL_PLACEHOLDERS and spec in GENDERS
        if field not in allowed or (spec and not gender) or conversion:
            shown = (
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            genders = ", ".join(
                f"{{{n}:{g}}}" for n in allowed if n in ORDINAL_PLACEHOLDERS for g in GENDERS
            )
            also = f" (also {genders})" if genders else ""
            return f"placeholder {shown} is not allowed here; allowed placeholders: {names}{also}"
    return None


def fill(template: str, **values: object) -> str:
    """A wording with its placeholders replaced, without str.format's attribute access.

    ``template`` was checked at load (``placeholder_problem``): its only format specs are an
    ordinal's gender, passed to the value's ``__format__``. A name missing from ``values`` is
    left out rather than raising.
    """
    out = []
    for literal, field, spec, _ in string.Formatter().parse(template):
        out.append(literal)
        if field is not None:
            value = values.get(field, "")
            out.append(
                format(value, spec) if spec and field in ORDINAL_PLACEHOLDERS else str(value)
            )
    return "".join(out)


class WordingOverride(_Strict):
    """A theme's wording for one language: any keys of the catalog, replacing its text."""

    situation: str | None = None
    situation_in: str | None = None
    recommendations: str | None = None
    issue: str | None = None
    situation_heading: str | None = None
    previous: str | None = None
    previous_heading: str | None = None
    developments: str | None = None
    needs: str | None = None
    issue_recommendations: str | None = None
    other_recommendations: str | None = None
    key_recommendations: str | None = None
    members: str | None = None
    members_heading: str | None = None
    and_others: str | None = None
    continued: str | None = None
    contents: str | None = None
    page: str | None = None
    presented_by: str | None = None
    review: str | None = None
    upr: str | None = None
    city: str | None = None
    paragraph: str | None = None
    supported: str | None = None
    noted: str | None = None
    not_implemented: str | None = None
    partially_implemented: str | None = None
    implemented: str | None = None
    sdgs: str | None = None
    thank_you: str | None = None
    notes_timing: str | None = None
    tracking_heading: str | None = None
    by_response: str | None = None
    by_status: str | None = None
    by_issue: str | None = None
    not_stated: str | None = None
    total: str | None = None
    tracking_notes: str | None = None
    matrix_heading: str | None = None
    col_ref: str | None = None
    col_text: str | None = None
    col_states: str | None = None
    col_response: str | None = None
    col_status: str | None = None
    missions_heading: str | None = None
    missions_ours: str | None = None
    contact: str | None = None
    framework: str | None = None
    challenges: str | None = None
    suggested: str | None = None

    @field_validator("*")
    @classmethod
    def _placeholders(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _checked_wording(value, info)


CATALOGS = Path(__file__).resolve().parent / "catalogs"


def catalog_languages() -> list[str]:
    """The languages with a wording catalog, sorted."""
    return sorted(p.stem for p in CATALOGS.glob("*.yaml"))


def catalog_path(lang: str) -> Path:
    """The catalog a language uses: its own, its base language's, else English."""
    for code in (lang, lang.split("-")[0], "en"):
        path = CATALOGS / f"{code}.yaml"
        if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", code) and path.is_file():
            return path
    return CATALOGS / "en.yaml"


@functools.cache
def _catalog_file(path: Path) -> dict[str, str]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise BuildError(f"wording catalog {path.name} is not a mapping")
    return {str(k): str(v) for k, v in data.items()}


def catalog(lang: str) -> dict[str, str]:
    """The wording catalog of a language (see :func:`catalog_path`), key -> text."""
    return _catalog_file(catalog_path(lang))
