"""JSON Schema of the input format, for editors (YAML language server) and tool builders."""

from __future__ import annotations

import json
from typing import Any

from briefgen.model import LANG_CODE, Briefing

SCHEMA_ID = "https://briefgen.invalid/briefgen.schema.json"

_SHORT_FORMS = ("Member", "Bullet", "Recommendation")
"""Items that may also be written as a bare string (or a translation mapping)."""


_TRANSLATIONS = {
    "type": "object",
    "description": "translations: language code -> text",
    "propertyNames": {"pattern": LANG_CODE.pattern},
    "additionalProperties": {"type": "string"},
    "minProperties": 1,
}


def json_schema() -> dict[str, Any]:
    """The schema, with the bare-string short forms the loader accepts."""
    schema = Briefing.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "briefgen briefing"
    return _allow_short_forms(schema)


def _allow_short_forms(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if len(node) == 1 and ref.rsplit("/", 1)[-1] in _SHORT_FORMS:
            return {"anyOf": [{"type": "string"}, _TRANSLATIONS, {"$ref": ref}]}
        return {k: _allow_short_forms(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_allow_short_forms(v) for v in node]
    return node


def theme_schema() -> dict[str, Any]:
    """Schema of theme.yaml, for editors; ``extends`` makes every section optional."""
    from briefgen.theme import Theme

    schema = Theme.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "briefgen theme"
    schema.pop("required", None)
    return schema


def schema_text(theme: bool = False) -> str:
    return (
        json.dumps(theme_schema() if theme else json_schema(), indent=2, ensure_ascii=False) + "\n"
    )
