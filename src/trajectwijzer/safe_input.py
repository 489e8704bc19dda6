"""Checks every text and JSON input passes where it enters (API, forms, command line).

Two kinds of text no field of the platform can store: the NUL character (PostgreSQL
refuses it in text and JSON columns) and a lone UTF-16 surrogate such as ``"\\ud800"``
in JSON (it has no UTF-8 encoding, so the database driver fails on it). And JSON can
be made so deep that parsing or validating it exhausts the interpreter's stack. Each
check here answers with a message naming where the problem is, so callers turn it
into a 400 (API), a field error (forms) or exit status 2 (CLI), never a server error.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Deep enough for every body the platform takes (a plan's goals → actions → fields is
# four levels), far from Python's recursion limit.
MAX_JSON_DEPTH = 32
# The largest JSON body or file parsed at once: a programme with its modules or a plan
# with the maximum number of goals fits many times over.
MAX_JSON_BYTES = 1024 * 1024

_SURROGATE = re.compile("[\ud800-\udfff]")

NUL_MESSAGE = "must not contain the NUL character (U+0000)"
SURROGATE_MESSAGE = "must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)"


class UnsafeInput(Exception):
    """Input refused before it reaches a handler; ``path`` is where (JSON path or field)."""

    def __init__(self, message: str, path: str | None = None, *, too_large: bool = False):
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path
        self.too_large = too_large


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or None when it can."""
    if "\x00" in value:
        return NUL_MESSAGE
    if _SURROGATE.search(value):
        return SURROGATE_MESSAGE
    return None


def check_text(value: str) -> str:
    """``value`` unchanged, or ValueError with the reason (a pydantic/forms validator)."""
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _path(parent: str, key: Any) -> str:
    # Dotted with 0-based list indexes, as the API names fields in schema errors.
    return f"{parent}.{key}" if parent else str(key)


def find_unsafe_text(data: Any, path: str = "", *, allow_nul: bool = False) -> UnsafeInput | None:
    """The first key or string value inside ``data`` that cannot be stored, with its path
    (``goals.3.description``); None when all are fine. ``data`` is parsed JSON whose
    depth is already bounded, so the recursion is bounded too. ``allow_nul`` leaves NUL
    to a caller that names it itself (the import files' row errors)."""
    if isinstance(data, str):
        problem = text_problem(data.replace("\x00", "") if allow_nul else data)
        return UnsafeInput(problem, path or "(body)") if problem else None
    if isinstance(data, dict):
        for key, value in data.items():
            key_text = str(key)
            problem = text_problem(key_text.replace("\x00", "") if allow_nul else key_text)
            if problem:
                return UnsafeInput(f"key {problem}", path or "(body)")
            found = find_unsafe_text(value, _path(path, key_text), allow_nul=allow_nul)
            if found:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = find_unsafe_text(value, _path(path, index), allow_nul=allow_nul)
            if found:
                return found
    return None


def _check_depth(data: Any) -> None:
    """UnsafeInput when arrays and objects nest deeper than ``MAX_JSON_DEPTH``; walks
    with its own stack, so however deep ``data`` is, checking it cannot recurse."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise UnsafeInput(f"nested deeper than {MAX_JSON_DEPTH} levels", "(body)")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)


def check_json_value(data: Any) -> Any:
    """``data`` (already parsed) unchanged, or UnsafeInput when it nests too deep or
    holds a string that cannot be stored."""
    _check_depth(data)
    found = find_unsafe_text(data)
    if found:
        raise found
    return data


def load_json(
    raw: bytes | str, *, max_bytes: int | None = MAX_JSON_BYTES, allow_nul: bool = False
) -> Any:
    """Parse JSON text refusing (``UnsafeInput``) what no handler could use: more than
    ``max_bytes`` (None: any size, for import files), nesting deeper than
    ``MAX_JSON_DEPTH`` or a string (key or value) with NUL (unless ``allow_nul``) or a
    lone surrogate. Invalid JSON raises ``json.JSONDecodeError`` or
    ``UnicodeDecodeError`` as ``json.loads`` does."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if max_bytes is not None and len(data) > max_bytes:
        raise UnsafeInput(f"larger than {max_bytes} bytes", too_large=True)
    try:
        parsed = json.loads(data)
    except RecursionError:
        # Deeper than the interpreter's recursion limit: CPython's decoder stops cleanly.
        raise UnsafeInput(f"nested deeper than {MAX_JSON_DEPTH} levels", "(body)") from None
    _check_depth(parsed)
    # Valid JSON carries NUL and surrogates only as \u escapes (a raw NUL is invalid JSON,
    # a raw surrogate invalid UTF-8): without any escape there is nothing to look for.
    found = find_unsafe_text(parsed, allow_nul=allow_nul) if b"\\u" in data else None
    if found:
        raise found
    return parsed
