"""YAML read with the line of every mapping, key and list item.

Definition files (questionnaire instruments, recognition procedures) are refused with
file, line and reason; this loader keeps the lines so their checkers can name them.
"""

from __future__ import annotations

from typing import Any

import yaml


class YamlProblem(Exception):
    """The text is not valid YAML (or repeats a key); ``problems``: [(source, line, reason)]."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{s}:{line}: {reason}" for s, line, reason in problems))


class LineMap(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


class _DuplicateKey(Exception):
    def __init__(self, line: int, key: Any):
        self.line, self.key = line, key


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise _DuplicateKey(line, key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


def load(text: str, source: str) -> Any:
    """The YAML document in ``text``; :class:`YamlProblem` naming ``source`` and the line."""
    try:
        return yaml.load(text, Loader=_Loader)
    except _DuplicateKey as error:
        raise YamlProblem([(source, error.line, f"duplicate key {error.key!r}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or error
        raise YamlProblem(
            [(source, mark.line + 1 if mark else 0, f"not valid YAML: {reason}")]
        ) from None


def line(obj: Any, key: Any = None, default: int = 0) -> int:
    """The line of ``obj[key]`` (its key), else ``default``, else the line of ``obj``."""
    if key is not None and isinstance(obj, LineMap) and key in obj.key_lines:
        return obj.key_lines[key]
    return default or getattr(obj, "line", 0)


def item_line(obj: Any, index: int, default: int = 0) -> int:
    """The line of ``obj[index]`` in a list read by :func:`load`, else ``default``."""
    lines = getattr(obj, "item_lines", None)
    return lines[index] if lines and index < len(lines) else default


def plain(obj: Any) -> Any:
    """Plain dicts and lists (string keys) for JSON storage."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    return obj
