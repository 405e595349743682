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
import re
import typing
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from briefgen.errors import InputError, Problem, format_path
from briefgen.model import LANG_CODE, Briefing, Loc, SourceMap
from briefgen.paths import FileTooLarge, NotRegular, inside, outside_message, read_regular
from briefgen.yaml_errors import hash_in_text, plain_yaml_error

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
            bad = control_character(node.value)
            if bad is not None:
                self.problem(node, loc, bad)
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


# Control characters (Cc) but tab and newline, surrogates (Cs) and the noncharacters
# U+xFFFE/U+xFFFF of every plane: one compiled class, as a search is the hot path of loading.
_NONCHARACTERS = "".join(f"{chr(p | 0xFFFE)}{chr(p | 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_NONCHARACTERS}]")


def control_character(text: str) -> str | None:
    """A message for the first control character in ``text`` (tab and newline are text)."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    ch, offset = found.group(), found.start()
    name = _CONTROL_NAMES.get(ch, unicodedata.name(ch, "control character"))
    return (
        f"the control character U+{ord(ch):04X} ({name}) at character {offset + 1} "
        "is not allowed in text; remove it"
    )


_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\x85": "next line",
}


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file, turning every way it can fail into one Problem.

    Only a regular file is read, and never more than ``MAX_BYTES`` (``/dev/zero``, a FIFO
    or a folder is an error naming the path, not a hang).
    """

    def fail(message: str, line: int = 1, column: int = 1) -> InputError:
        return InputError([Problem(display, line, column, "", message)])

    try:
        data = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("cannot read the file (permission denied)") from None
    except FileTooLarge:
        try:
            size = f"{path.stat().st_size / 1e6:.1f} MB; "
        except OSError:
            size = ""
        raise fail(f"file is too large ({size}at most {MAX_BYTES // 2**20} MB)") from None
    except NotRegular as err:
        raise fail(f"{err.strerror}, not a YAML file") from None
    except OSError as err:
        raise fail(f"cannot read the file ({err.strerror or err})") from None
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
_FAST_DEPTH = 2_000
"""Deepest nesting composed by libyaml, whose composer recurses in C: a file nested ~25,000
deep overflows the stack and kills the process (less in threads). Deeper text goes to the
Python parser, which stops at a few hundred levels with a RecursionError, as building the data
does for anything deeper than that: either way "nesting is too deep"."""


def _fast_compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when that is safe; None means "use the Python parser".

    libyaml gives the same nodes 10-15x faster. Text with fewer nesting indicators than
    :data:`_FAST_DEPTH` (every briefing a person writes) cannot nest deeper and is composed at
    once; otherwise its parser (a state machine, no recursion) measures the nesting first.
    Text PyYAML's reader refuses, deep nesting and every error go to the Python parser, so
    messages and limits stay as they were.
    """
    if _FAST_LOADER is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    if sum(map(text.count, "[{-:?")) <= _FAST_DEPTH:
        try:  # a level of nesting needs one of these: this text cannot nest deeper
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
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
    reader.problems.extend(hash_in_text(node, text, display))
    return data, reader


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


def _check_paths(
    briefing: Briefing, base: Path, origin: SourceMap, assets: tuple[Path, ...] = ()
) -> list[Problem]:
    """Logo files must exist inside the input's folder (or ``assets``); said before a build."""
    if not briefing.coalition:
        return []
    problems = []
    for i, member in enumerate(briefing.coalition.members, start=1):
        if member.logo is None:
            continue
        loc = ("coalition", "members", i, "logo")
        logo = base / member.logo
        if not inside(logo, (base, *assets)):
            problems.append(origin.problem(loc, outside_message("logo", str(member.logo))))
        elif not logo.is_file():
            problems.append(
                origin.problem(
                    loc,
                    f"logo file {str(member.logo)!r} not found "
                    "(paths are relative to the YAML file)",
                )
            )
    return problems


def asset_folders(assets: typing.Iterable[str | Path] | None) -> tuple[Path, ...]:
    """Extra folders the user allows files from, checked to be folders (ValueError if not)."""
    if assets is None:
        return ()
    if isinstance(assets, str | Path):
        raise TypeError("assets must be a list of folders, not one path")
    out = []
    for folder in assets:
        if not isinstance(folder, str | Path):
            raise TypeError(f"assets: expected folder paths, got {type(folder).__name__}")
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise ValueError(f"assets: {str(folder)!r} is not a folder")
        out.append(path)
    return tuple(out)


def load(
    path: str | Path,
    *,
    lang: str | None = None,
    fallback: bool = False,
    assets: typing.Iterable[str | Path] | None = None,
) -> Briefing:
    """Load and check a briefing; raises InputError listing every problem.

    Files it names (logos, a theme by path) must be inside its folder or one of ``assets``.
    """
    if not isinstance(path, str | Path):
        raise TypeError(f"load() expects a file path, got {type(path).__name__}")
    if lang is not None and not isinstance(lang, str):
        raise TypeError(f"lang must be a language code such as 'en', got {type(lang).__name__}")
    allowed = asset_folders(assets)
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
    problems = _check_paths(briefing, base, origin, allowed)
    if problems:
        raise InputError(problems)
    briefing = _with_absolute_paths(briefing, base)
    briefing._source = path.resolve()
    briefing._origin = origin
    briefing._assets = allowed
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
    assets: typing.Iterable[str | Path] | None = None,
) -> Briefing:
    """Check a briefing given as a dict (no file): the same rules as :func:`load`.

    Relative logo paths are taken from ``base`` (default: the current folder) and must stay
    inside it or one of ``assets``; problems are reported against ``name`` with the path of
    the value inside the dict.
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"load_data() expects a mapping, got {type(data).__name__}")
    allowed = asset_folders(assets)
    reader = _Reader(name)
    reader.problems.extend(
        Problem(name, 1, 1, format_path(loc), message) for loc, message in _controls(data)
    )
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
    problems = _check_paths(briefing, folder, SourceMap(name, {}), allowed)
    if problems:
        raise InputError(problems)
    briefing = _with_absolute_paths(briefing, folder)
    briefing._assets = allowed
    briefing._fallbacks = _fell_back(dict(data), list(context.get("fell_back", [])))
    return briefing


def _controls(data: Any, loc: Loc = ()) -> typing.Iterator[tuple[Loc, str]]:
    """Each text of plain data holding a control character, with its path and the message."""
    if isinstance(data, str):
        bad = control_character(data)
        if bad is not None:
            yield loc, bad
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from _controls(value, (*loc, str(key)))
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data, start=1):
            yield from _controls(value, (*loc, i))


def _with_absolute_paths(briefing: Briefing, base: Path) -> Briefing:
    if not briefing.coalition or not any(m.logo for m in briefing.coalition.members):
        return briefing
    members = [
        m.model_copy(update={"logo": (base / m.logo).resolve()}) if m.logo else m
        for m in briefing.coalition.members
    ]
    coalition = briefing.coalition.model_copy(update={"members": members})
    return briefing.model_copy(update={"coalition": coalition})
