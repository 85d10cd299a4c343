"""YAML with line numbers: every value's line, so errors can point into the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[str | int, ...]

# libyaml's parser when PyYAML has it (it does in its binary wheels): several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    lines: dict[Path, int]
    """Line (1-based) where the value at each path starts."""
    duplicates: list[tuple[Path, int]]
    """Keys given twice in one mapping (YAML would silently keep the last)."""

    def line_of(self, path: Path) -> int:
        """Line of the value at ``path``, or of its nearest ancestor that exists."""
        for length in range(len(path), -1, -1):
            line = self.lines.get(path[:length])
            if line is not None:
                return line
        return 1


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def load_yaml(text: str) -> YamlDocument:
    """Parse one YAML document safely, recording where each value starts."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = str(error.problem or error)
        source = text.splitlines()
        hint = _hint(problem, source[line - 1] if 0 < line <= len(source) else "")
        raise YamlSyntaxError(f"YAML syntax error: {problem}{hint}", line) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"YAML syntax error: {error}", 1) from None
    lines: dict[Path, int] = {}
    duplicates: list[tuple[Path, int]] = []
    if node is not None:
        _walk(node, (), lines, duplicates)
    return YamlDocument(data, lines, duplicates)


def _hint(problem: str, line_text: str) -> str:
    """What usually causes PyYAML's terser complaints in a hand-written case file."""
    if "cannot start any token" in problem and "\t" in line_text:
        return " (a tab: YAML indents with spaces only)"
    if problem.startswith(("did not find expected key", "did not find expected '-' indicator")):
        return (
            " (check the indentation of this line and the ones above it: keys of one mapping line up,"
            " and a Markdown block's lines stay indented under its key)"
        )
    if problem.startswith("mapping values are not allowed"):
        return ' (a value that contains ": " must be in quotes)'
    if problem.startswith("found unexpected end of stream"):
        return " (a quote or a bracket opened above is never closed)"
    return ""


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], duplicates: list[tuple[Path, int]]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                duplicates.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            _walk(value_node, (*path, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, duplicates)
