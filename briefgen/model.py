"""The typed briefing: exactly the public input format (shared input-format.md, v1).

Strict on purpose: unknown keys are errors, enums and ranges are checked, and
every text field may be a mapping of language code to text, resolved here to the
language asked for (``--lang``), so later stages only ever see plain strings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from briefgen.errors import Problem, format_path

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class SourceMap:
    """The file a model was read from and the line/column of each value, by location."""

    display: str
    positions: dict[Loc, tuple[int, int]]

    def where(self, loc: Loc) -> tuple[int, int]:
        """Position of ``loc``, or of its nearest written parent."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem about the value at ``loc``, positioned where it was written."""
        return Problem(self.display, *self.where(loc), format_path(loc), message)


LANG_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")


def _pick_translation(value: Any, info: ValidationInfo) -> Any:
    """Resolve ``{en: ..., ru: ...}`` to the requested language's text."""
    context = info.context or {}
    if not isinstance(value, dict):
        return _plain_text(value, context)
    for code, text in value.items():
        if not isinstance(code, str) or not LANG_CODE.match(code):
            raise PydanticCustomError(
                "bad_language",
                "'{code}' is not a language code (use codes such as en, ru, kk)",
                {"code": code},
            )
        if not isinstance(text, str):
            raise PydanticCustomError(
                "bad_translation", "the {code} translation must be text", {"code": code}
            )
    lang = context.get("lang", "en")
    if lang in value:
        return value[lang]
    if context.get("fallback"):
        default = context.get("default_lang", "en")
        context.setdefault("fell_back", []).append(value)
        return value.get(default, next(iter(value.values()), ""))
    raise PydanticCustomError(
        "missing_translation",
        "no '{lang}' translation (has: {has}); add one or build with --fallback",
        {"lang": lang, "has": ", ".join(value)},
    )


def _plain_text(value: Any, context: dict[str, Any]) -> Any:
    """A plain string is in the input's ``language``: building another language needs a
    translation, or ``--fallback`` (which records the value so the build can warn)."""
    lang = context.get("lang")
    default = context.get("default_lang", "en")
    if not isinstance(value, str) or lang is None or lang == default or not value.strip():
        return value
    if context.get("fallback"):
        context.setdefault("fell_back", []).append(value)
        return value
    raise PydanticCustomError(
        "missing_translation",
        "no '{lang}' translation (the text is in {default}); "
        "write {example} or build with --fallback",
        {"lang": lang, "default": default, "example": f"{{{default}: ..., {lang}: ...}}"},
    )


def _check_email(value: Any) -> Any:
    if isinstance(value, str) and not EMAIL.match(value):
        raise PydanticCustomError(
            "bad_email", "'{value}' is not an e-mail address", {"value": value}
        )
    return value


def _text_or(key: str) -> BeforeValidator:
    """Accept the short form (a bare string) of an item that may also be a mapping."""

    def expand(value: Any) -> Any:
        if isinstance(value, str | dict) and not (isinstance(value, dict) and key in value):
            if isinstance(value, dict) and not all(LANG_CODE.match(str(k)) for k in value):
                return value
            return {key: value}
        return value

    return BeforeValidator(expand)


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "description": "translations: language code -> text",
            "additionalProperties": {"type": "string"},
        },
    ]
}

Text = Annotated[str, BeforeValidator(_pick_translation), WithJsonSchema(_TEXT_SCHEMA)]
"""Plain text, or a mapping of language code to text."""

NonEmptyText = Annotated[
    str,
    BeforeValidator(_pick_translation),
    Field(min_length=1),
    WithJsonSchema(_TEXT_SCHEMA),
]
Email = Annotated[
    str, BeforeValidator(_check_email), WithJsonSchema({"type": "string", "format": "email"})
]
Sdg = Annotated[int, Field(ge=1, le=17)]


class _Strict(BaseModel):
    # defer_build: a model's validator is built when first used (a build uses few of them)
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )


class Review(_Strict):
    """Which review the briefing speaks to, e.g. UPR, 4th cycle, 48th session."""

    mechanism: Text | None = None
    cycle: Annotated[int, Field(gt=0)] | None = None
    session: Annotated[int, Field(gt=0)] | None = None


class Presenter(_Strict):
    name: NonEmptyText
    organization: Text | None = None
    email: Email | None = None


def _member_schema(schema: dict[str, Any]) -> None:
    schema["description"] = "a member organization; a bare string is its name"


class Member(_Strict):
    """A coalition member; a bare string is short for ``{name: ...}``."""

    model_config = ConfigDict(json_schema_extra=_member_schema)
    name: NonEmptyText
    city: Text | None = None
    logo: Path | None = Field(default=None, description="image path relative to the YAML file")


class Coalition(_Strict):
    name: Text | None = None
    members: list[Annotated[Member, _text_or("name")]] = []
    and_others: bool = Field(default=False, description='prints "And others" after the members')


class Bullet(_Strict):
    """A bullet point with at most one level of sub-bullets."""

    text: NonEmptyText
    items: list[NonEmptyText] = []


class PreviousRecommendation(_Strict):
    """A recommendation from the last cycle and where it stands."""

    text: NonEmptyText
    states: list[NonEmptyText] = Field(default=[], description='recommending states, "(Spain)"')
    ref: str | None = Field(default=None, description="paragraph number in the UN report")
    response: Literal["supported", "noted"] | None = None
    status: Literal["not_implemented", "partially_implemented", "implemented"] | None = None
    sdgs: list[Sdg] = Field(default=[], description="related Sustainable Development Goals 1-17")
    cycle: Annotated[int, Field(gt=0)] | None = Field(
        default=None, description="the review cycle it was made in (tracking data)"
    )
    evidence: Annotated[Text, Field(max_length=300)] | None = Field(
        default=None, description="a short note on how far it was implemented"
    )
    source: Text | None = Field(default=None, description="where the evidence comes from")


class Situation(_Strict):
    previous_recommendations: list[PreviousRecommendation] = []
    developments: list[Annotated[Bullet, _text_or("text")]] = Field(
        default=[], description='"Stage of development" bullets'
    )
    needs: list[Annotated[Bullet, _text_or("text")]] = Field(
        default=[], description='"New needs" bullets'
    )


class Recommendation(_Strict):
    """A recommendation; a bare string is short for ``{text: ...}``."""

    text: NonEmptyText
    sdgs: list[Sdg] = Field(default=[], description="related Sustainable Development Goals 1-17")


Recommendations = list[Annotated[Recommendation, _text_or("text")]]


class Issue(_Strict):
    title: NonEmptyText
    todo: list[NonEmptyText] = Field(
        default=[],
        description="what the author still has to write (never printed): validate warns, "
        "build refuses; an issue with a todo may have no recommendations yet",
    )
    situation: Situation | None = None
    recommendations: Recommendations = Field(description="at least one, unless a todo says so")

    @field_validator("recommendations")
    @classmethod
    def _some_unless_todo(cls, value: Recommendations, info: ValidationInfo) -> Recommendations:
        if not value and not info.data.get("todo"):
            raise PydanticCustomError("too_short", "at least one recommendation is required")
        return value


class Closing(_Strict):
    title: Text | None = None
    text: Text | None = None


class CountryForms(_Strict):
    """How a language writes the country inside a sentence, where its name alone will not do."""

    model_config = ConfigDict(populate_by_name=True)
    in_: Annotated[str, Field(min_length=1)] | None = Field(
        default=None,
        alias="in",
        description=(
            '"in COUNTRY" as the language writes it, preposition or case ending included:'
            ' ru "в Казахстане", kk "Қазақстандағы", fr "au Kazakhstan"'
        ),
    )


LangCode = Annotated[str, Field(pattern=LANG_CODE.pattern)]


class Briefing(_Strict):
    """One advocacy briefing: the root of an input file."""

    title: NonEmptyText
    subtitle: Text | None = None
    country: NonEmptyText
    country_forms: dict[LangCode, CountryForms] = Field(
        default={},
        description=(
            "per language, the forms of the country headings put in a sentence, e.g."
            " {ru: {in: в Казахстане}, kk: {in: Қазақстандағы}}; without one a heading"
            ' reads "Ситуация: Казахстан"'
        ),
    )
    language: Annotated[str, Field(pattern=LANG_CODE.pattern)] = "en"
    date: dt.date | None = None
    theme: str | None = Field(default=None, description="a theme name under themes/ or a path")
    review: Review | None = None
    presenters: list[Presenter] = []
    coalition: Coalition | None = None
    issues: Annotated[list[Issue], Field(min_length=1)]
    other_recommendations: Recommendations = []
    closing: Closing | None = None

    _source: Path | None = PrivateAttr(default=None)
    _origin: SourceMap | None = PrivateAttr(default=None)
    _assets: tuple[Path, ...] = PrivateAttr(default=())
    _fallbacks: list[str] = PrivateAttr(default_factory=list)

    @property
    def fallbacks(self) -> list[str]:
        """Fields shown in the input's language because ``--fallback`` allowed it."""
        return self._fallbacks

    @property
    def source(self) -> Path | None:
        """The YAML file this briefing was read from, if any (for relative paths)."""
        return self._source

    def todos(self) -> list[Problem]:
        """Each ``todo`` still in the file, positioned: validate warns, build refuses."""
        problems = []
        for n, issue in enumerate(self.issues, start=1):
            for k, note in enumerate(issue.todo, start=1):
                loc: Loc = ("issues", n, "todo", k)
                message = f"still to write: {note}"
                if self._origin is not None:
                    problems.append(self._origin.problem(loc, message))
                else:
                    problems.append(Problem("<briefing>", 1, 1, format_path(loc), message))
        return problems

    @property
    def origin(self) -> SourceMap | None:
        """Where each value was written, for errors found after loading (glyphs, images)."""
        return self._origin

    @property
    def assets(self) -> tuple[Path, ...]:
        """Folders outside the input's own that the user allowed files from (``--assets``)."""
        return self._assets
