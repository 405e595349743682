"""Read a briefing YAML file into the typed model, keeping source positions.

PyYAML's constructor loses line numbers, silently keeps the last of duplicate
keys and turns ``NO`` into ``False``. So we only let it *compose* a node graph
and build plain data ourselves: every scalar stays the text the user wrote
(pydantic converts numbers, dates and booleans where the model asks for them),
duplicate keys and alias bombs are refused, and each value's position is kept
for error messages.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from briefgen.errors import InputError, Problem, format_path
from briefgen.model import LANG_CODE, Briefing, Loc, SourceMap

MAX_BYTES = 5 * 1024 * 1024
"""Largest input accepted; a real briefing is a few kilobytes."""
MAX_NODES = 200_000
"""Most values after alias expansion; stops billion-laughs style files."""

Positions = dict[Loc, tuple[int, int]]

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary")
}


class _Reader:
    """Builds plain data from a YAML node graph, recording positions per location."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: Positions = {}
        self.key_positions: Positions = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.stack: set[int] = set()

    def problem(self, node: yaml.Node, loc: Loc, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.display, mark.line + 1, mark.column + 1, format_path(loc), message)
        )

    def build(self, node: yaml.Node, loc: Loc = ()) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        if id(node) in self.stack:
            self.problem(
                node, loc, "an alias refers to itself; recursive structures are not allowed"
            )
            return None
        self.positions.setdefault(loc, (node.start_mark.line + 1, node.start_mark.column + 1))
        if node.tag not in _STANDARD_TAGS:
            self.problem(node, loc, f"the YAML tag {node.tag!r} is not supported")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null" and not node.style:  # libyaml: ""
                return None
            return node.value
        self.stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*loc, i + 1)) for i, item in enumerate(node.value)]
            return self._mapping(node, loc)
        finally:
            self.stack.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, loc, "a key must be plain text")
                continue
            key = key_node.value
            if key == "<<":
                self.problem(key_node, loc, "merge keys (<<) are not supported; write the keys out")
                continue
            if key in out:
                self.problem(
                    key_node,
                    (*loc, key),
                    f"duplicate key {key!r} (first at line {first_line[key]}); keep only one",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.key_positions[(*loc, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*loc, key))
        return out


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file, turning every way it can fail into one Problem."""

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(display, line, column, "", message)])

    try:
        if path.is_dir():
            raise fail("is a folder, not a YAML file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"file is too large ({size / 1e6:.1f} MB; at most {MAX_BYTES // 2**20} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("cannot read the file (permission denied)") from None
    except OSError as err:
        raise fail(f"cannot read the file ({err.strerror})") from None
    if b"\x00" in data[:8192]:
        raise fail("binary file, not YAML text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise fail(
            f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8",
            line,
            column,
        ) from None


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)  # PyYAML built with libyaml
_FAST_DEPTH = 100
"""Deepest nesting composed by libyaml, whose composer recurses in C: a file nested ~25,000
deep overflows the stack and kills the process (less in threads). The Python parser stops at
a few hundred levels with a RecursionError, reported as "nesting is too deep"."""


def _fast_compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when that is safe; None means "use the Python parser".

    libyaml gives the same nodes 10-15x faster. First its parser (a state machine, no
    recursion) measures the nesting; text PyYAML's reader refuses, deep nesting and every
    error go to the Python parser, so messages and limits stay exactly as they were.
    """
    if _FAST_LOADER is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    opening = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, opening):
                depth += 1
                if depth > _FAST_DEPTH:
                    return None
            elif isinstance(event, closing):
                depth -= 1
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return None


def parse_yaml(text: str, display: str) -> tuple[Any, _Reader]:
    """Compose YAML safely and build plain data plus positions."""
    reader = _Reader(display)
    try:
        node = _fast_compose(text)
        if node is None:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        line = before.count("\n") + 1
        column = err.position - (before.rfind("\n") + 1) + 1
        char = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        raise InputError(
            [Problem(display, line, column, "", f"the character {char} is not allowed in YAML")]
        ) from None
    except yaml.MarkedYAMLError as err:
        line, column, message = plain_yaml_error(err, text)
        raise InputError([Problem(display, line, column, "", f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as err:
        raise InputError([Problem(display, 1, 1, "", f"YAML: {err}")]) from None
    except RecursionError:
        raise InputError([Problem(display, 1, 1, "", "YAML nesting is too deep")]) from None
    if node is None:
        raise InputError([Problem(display, 1, 1, "", "the file is empty")])
    try:
        data = reader.build(node)
    except _TooBig as big:
        mark = big.node.start_mark
        raise InputError(
            [
                Problem(
                    display,
                    mark.line + 1,
                    mark.column + 1,
                    "",
                    f"more than {MAX_NODES:,} values after expanding aliases "
                    "(an alias bomb?); refusing to read it",
                )
            ]
        ) from None
    except RecursionError:
        raise InputError([Problem(display, 1, 1, "", "YAML nesting is too deep")]) from None
    reader.problems.extend(_hash_in_text(node, text, display))
    return data, reader


_QUOTE_IT = "put this text in quotes"


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _first_column(text: str, line: int) -> int:
    row = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    return len(row) - len(row.lstrip(" ")) + 1


def plain_yaml_error(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Say what the person did wrong, at the line where they did it, in plain words.

    PyYAML reports where it noticed ("expected <block end>", often lines later); this maps
    each kind of mistake people make to its cause and position.
    """
    problem, context = err.problem or "", err.context or ""
    line, column = _at(err.problem_mark or err.context_mark)
    row = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    if "'\\t'" in problem or "\t" in problem:
        return line, column, "a tab character; YAML indentation must use spaces"
    if "quoted scalar" in context:
        opened_at = _at(err.context_mark)
        quote = _char_at(text, *opened_at) or '"'
        if "unknown escape" in problem:
            return (
                line,
                column,
                (
                    "a backslash in double quotes starts an escape such as \\n; "
                    "write \\\\ for a backslash, or use single quotes"
                ),
            )
        return (*opened_at, f"this {quote} is never closed; end the text with {quote}")
    if "flow sequence" in context or "flow mapping" in context:
        opened_at = _at(err.context_mark)
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        return (
            *opened_at,
            f"this {bracket} is never closed; end it with {closing} "
            "(or, if it is text, put this text in quotes)",
        )
    if "flow node" in context or "<stream end>" in problem:
        opened = _open_bracket(text)
        if opened is not None:
            bracket, at_line, at_column = opened
            closing = "]" if bracket == "[" else "}"
            return (
                at_line,
                at_column,
                (
                    f"this {bracket} is never closed; end it with {closing} "
                    f"(or, if it is text, {_QUOTE_IT})"
                ),
            )
    if problem == "mapping values are not allowed here":
        before = row[: column - 1]
        if ": " in before or before.rstrip().endswith(":"):
            start = before.index(":") + 1
            start += len(before[start:]) - len(before[start:].lstrip(" "))
            return line, start + 1, f"this text contains ': '; {_QUOTE_IT}"
        return (
            line,
            _first_column(text, line),
            ("this line is indented more than the one above; line it up with the line above"),
        )
    if "expected <block end>" in problem or "did not find expected key" in problem:
        found = problem.rsplit("found ", 1)[-1]
        if found == "'<scalar>'" and row[: column - 1].rstrip().endswith(('"', "'")):
            return line, column, f"text after the closing quote; {_QUOTE_IT} as a whole"
        return (
            line,
            _first_column(text, line),
            (
                "this line does not line up with the lines above; "
                "items of one list or keys of one block need the same indentation"
            ),
        )
    if "could not find expected ':'" in problem:
        at = _at(err.context_mark)
        return (
            at[0],
            _first_column(text, at[0]),
            (
                "this line is neither 'key: value' nor a '- ' item; a text that goes on from "
                f"the line above must be indented more than its key, or {_QUOTE_IT}"
            ),
        )
    if "did not find expected '-' indicator" in problem:
        return line, _first_column(text, line), "a list item must start with '- ' like the others"
    if "that cannot start any token" in problem or "expected alphabetic or numeric" in problem:
        char = _char_at(text, line, column) or "this character"
        return line, column, f"a text cannot start with {char} in YAML; {_QUOTE_IT}"
    if "found undefined alias" in problem:
        return line, column, f"*... refers to an &anchor that is not defined; {_QUOTE_IT}"
    if "expected a comment or a line break" in problem:
        return line, column, f"unexpected text after a value; {_QUOTE_IT} as a whole"
    return (
        line,
        column,
        (
            "this line cannot be read; check its indentation, quotes and brackets "
            "(and those of the line above)"
        ),
    )


def _open_bracket(text: str) -> tuple[str, int, int] | None:
    """The last [ or { left open at the end of ``text`` (outside quotes and comments)."""
    stack: list[tuple[str, int, int]] = []
    for number, row in enumerate(text.split("\n"), start=1):
        quote = ""
        for index, char in enumerate(row):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (index == 0 or row[index - 1] in " [{,:"):
                quote = char
            elif char == "#" and (index == 0 or row[index - 1] == " "):
                break
            elif char in "[{" and (stack or index == 0 or row[index - 1] in " [{,:"):
                stack.append((char, number, index + 1))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _char_at(text: str, line: int, column: int) -> str:
    rows = text.split("\n")
    if 0 < line <= len(rows) and 0 < column <= len(rows[line - 1]):
        return rows[line - 1][column - 1]
    return ""


def _hash_in_text(node: yaml.Node, text: str, display: str) -> list[Problem]:
    """A plain text followed by ' #word' lost that part: YAML took it for a comment."""
    rows = text.split("\n")
    found: list[Problem] = []
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:  # an alias: its node was checked where it was written
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode):
            end = item.end_mark
            if not item.style and item.value and end.line < len(rows):
                rest = rows[end.line][end.column :]
                if len(rest) > 2 and rest[0] == " " and rest[1] == "#" and rest[2] not in " #":
                    found.append(
                        Problem(
                            display,
                            item.start_mark.line + 1,
                            item.start_mark.column + 1,
                            "",
                            f"YAML syntax: ' #' starts a comment, so '{rest[1:].strip()}' "
                            f"would be lost; {_QUOTE_IT}",
                        )
                    )
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            stack.extend(v for pair in item.value for v in pair)
    return found


def _field_models(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last key of ``loc``, for did-you-mean hints."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """Unwrap list[...], Optional[...] and Annotated[...] down to a model class."""
    seen = 0
    while seen < 10:
        seen += 1
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        args = typing.get_args(annotation)
        if not args:
            return annotation
        models = [a for a in args if _inner_model(a) is not None and a is not type(None)]
        annotation = models[0] if models else args[0]
    return annotation


_SINGULAR = {
    "issues": "issue",
    "recommendations": "recommendation",
    "other_recommendations": "recommendation",
    "states": "recommending state",
    "members": "member",
    "presenters": "presenter",
}


def _message(err: Mapping[str, Any], model: type[BaseModel]) -> str:
    kind = err["type"]
    loc = err["loc"]
    last = loc[-1] if loc else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        parent = _field_models(model, loc)
        names = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(last), names, n=1, cutoff=0.6)
        hint = (
            f"; did you mean {close[0]!r}?"
            if close
            else (f"; expected one of: {', '.join(names)}" if names else "")
        )
        return f"unknown key {last!r}{hint}"
    if kind == "too_short" and isinstance(err.get("input"), str):
        return "must not be empty"
    if kind == "too_short" and isinstance(last, str):
        what = _SINGULAR.get(last, "item")
        return f"at least one {what} is required"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of keys, got {_describe(err.get('input'))}"
    if kind == "list_type":
        return f"expected a list, got {_describe(err.get('input'))}"
    if kind == "string_type":
        return f"expected text, got {_describe(err.get('input'))}"
    if kind == "literal_error":
        return f"{err.get('input')!r} is not allowed; {err['msg'][0].lower()}{err['msg'][1:]}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"expected a whole number, got {err.get('input')!r}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"expected true or false, got {err.get('input')!r}"
    if kind.startswith("date"):
        return f"expected a date as YYYY-MM-DD, got {err.get('input')!r}"
    if kind == "string_pattern_mismatch" and last == "language":
        return f"{err.get('input')!r} is not a language code (use codes such as en, ru, kk)"
    msg: str = err["msg"]
    return msg[0].lower() + msg[1:]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _position(loc: Loc, reader: _Reader, kind: str) -> tuple[int, int]:
    """Best source position for an error location: the key for unknown keys."""
    if kind == "extra_forbidden" and loc in reader.key_positions:
        return reader.key_positions[loc]
    return SourceMap(reader.display, reader.positions).where(loc)


def validate_data(
    data: Any,
    reader: _Reader,
    model: type[BaseModel],
    context: dict[str, Any] | None = None,
) -> Any:
    """Validate built data against ``model``; every error becomes a positioned Problem."""
    problems = list(reader.problems)
    try:
        result = model.model_validate(data, context=context)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = _public_loc(err["loc"])
            line, column = _position(loc, reader, err["type"])
            problems.append(
                Problem(
                    reader.display,
                    line,
                    column,
                    format_path(loc),
                    _message({**err, "loc": loc}, model),
                )
            )
        raise InputError(problems) from None
    if problems:
        raise InputError(problems)
    return result


def _public_loc(loc: tuple[Any, ...]) -> Loc:
    """Pydantic counts list items from 0; users count issues from 1 like the slides do."""
    out: list[str | int] = []
    for part in loc:
        out.append(part + 1 if isinstance(part, int) else part)
    return tuple(out)


def _check_paths(briefing: Briefing, base: Path, origin: SourceMap) -> list[Problem]:
    """Logo files must exist; ``validate`` says so before any build reads them."""
    if not briefing.coalition:
        return []
    return [
        origin.problem(
            ("coalition", "members", i, "logo"),
            f"logo file {str(member.logo)!r} not found (paths are relative to the YAML file)",
        )
        for i, member in enumerate(briefing.coalition.members, start=1)
        if member.logo is not None and not (base / member.logo).is_file()
    ]


def load(
    path: str | Path,
    *,
    lang: str | None = None,
    fallback: bool = False,
) -> Briefing:
    """Load and check a briefing; raises InputError listing every problem."""
    path = Path(path)
    display = str(path)
    text = read_text(path, display)
    data, reader = parse_yaml(text, display)
    default_lang = "en"
    if isinstance(data, dict) and isinstance(data.get("language"), str):
        default_lang = data["language"]
    if lang is not None and not LANG_CODE.match(lang):
        raise InputError([Problem(display, 1, 1, "", f"--lang {lang!r} is not a language code")])
    context: dict[str, Any] = {
        "lang": lang or default_lang,
        "default_lang": default_lang,
        "fallback": fallback,
    }
    briefing: Briefing = validate_data(data, reader, Briefing, context)
    base = path.resolve().parent
    origin = SourceMap(display, reader.positions)
    problems = _check_paths(briefing, base, origin)
    if problems:
        raise InputError(problems)
    briefing = _with_absolute_paths(briefing, base)
    briefing._source = path.resolve()
    briefing._origin = origin
    briefing._fallbacks = _fell_back(data, list(context.get("fell_back", [])))
    return briefing


def _fell_back(data: Any, values: list[Any], loc: Loc = ()) -> list[str]:
    """The paths of the values the model showed in the input's language (``--fallback``)."""
    if not values:
        return []
    if any(value is data for value in values) or (isinstance(data, str) and data in values):
        return [format_path(loc)]
    out: list[str] = []
    if isinstance(data, dict) and not any(data is v for v in values):
        for key, value in data.items():
            out.extend(_fell_back(value, values, (*loc, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data, start=1):
            out.extend(_fell_back(value, values, (*loc, i)))
    return out


def load_data(
    data: Mapping[str, Any],
    *,
    lang: str | None = None,
    fallback: bool = False,
    base: str | Path | None = None,
    name: str = "<data>",
) -> Briefing:
    """Check a briefing given as a dict (no file): the same rules as :func:`load`.

    Relative logo paths are taken from ``base`` (default: the current folder); problems are
    reported against ``name`` with the path of the value inside the dict.
    """
    reader = _Reader(name)
    default_lang = data.get("language") if isinstance(data.get("language"), str) else "en"
    if lang is not None and not LANG_CODE.match(lang):
        raise InputError([Problem(name, 1, 1, "", f"--lang {lang!r} is not a language code")])
    context: dict[str, Any] = {
        "lang": lang or default_lang,
        "default_lang": default_lang,
        "fallback": fallback,
    }
    briefing: Briefing = validate_data(dict(data), reader, Briefing, context)
    folder = Path(base or ".").resolve()
    problems = _check_paths(briefing, folder, SourceMap(name, {}))
    if problems:
        raise InputError(problems)
    briefing = _with_absolute_paths(briefing, folder)
    briefing._fallbacks = _fell_back(dict(data), list(context.get("fell_back", [])))
    return briefing


def _with_absolute_paths(briefing: Briefing, base: Path) -> Briefing:
    if not briefing.coalition or not any(m.logo for m in briefing.coalition.members):
        return briefing
    members = [
        m.model_copy(update={"logo": (base / m.logo).resolve()}) if m.logo else m
        for m in briefing.coalition.members
    ]
    coalition = briefing.coalition.model_copy(update={"members": members})
    return briefing.model_copy(update={"coalition": coalition})
