"""YAML syntax errors in plain words, at the line where the person made the mistake.

PyYAML reports where it noticed a problem, in parser terms ("expected <block end>, but
found '<block sequence start>'"), often lines after the cause. :func:`plain_yaml_error`
maps each kind of mistake people make (an item indented more than the one above, a tab,
text with ": " or " #" that needs quotes, an unclosed quote or bracket) to its cause and
position; PyYAML's own words never reach the user.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from briefgen.errors import Problem

_QUOTE_IT = "put this text in quotes"


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _first_column(text: str, line: int) -> int:
    row = text.split("\n")[line - 1] if 0 < line <= text.count("\n") + 1 else ""
    return len(row) - len(row.lstrip(" ")) + 1


def plain_yaml_error(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Say what the person did wrong, at the line where they did it, in plain words.

    PyYAML reports where it noticed ("expected <block end>", often lines later); this maps
    each kind of mistake people make to its cause and position. (Longer than 60 lines on
    purpose: one branch per kind of mistake, read top to bottom like a table.)
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


_HASH_WORD = re.compile(r" #[^ #\n]")


def hash_in_text(node: yaml.Node, text: str, display: str) -> list[Problem]:
    """A plain text followed by ' #word' lost that part: YAML took it for a comment."""
    if _HASH_WORD.search(text) is None:  # most files: no ' #' before a word anywhere
        return []
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
