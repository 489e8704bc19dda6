"""The API's request parser: every JSON body and query string passes here first.

It refuses, before any schema or handler sees them, bodies over ``MAX_JSON_BYTES``
(413), nesting deeper than ``MAX_JSON_DEPTH`` and any key or string with NUL or a lone
surrogate (400 naming the JSON path). So the checks hold for every endpoint, also
those whose body is not a ninja schema (the incentives evaluation reads it through
``read_json_body``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from trajectwijzer.safe_input import MAX_JSON_BYTES, UnsafeInput, load_json, text_problem


def read_json_body(request: HttpRequest) -> Any:
    """The request's JSON body (None when empty), or ``UnsafeInput``; invalid JSON
    raises ``ValueError`` (``json.JSONDecodeError`` or ``UnicodeDecodeError``)."""
    try:
        body = request.body
    except RequestDataTooBig:  # over DATA_UPLOAD_MAX_MEMORY_SIZE: Django would not read it
        raise UnsafeInput(f"larger than {MAX_JSON_BYTES} bytes", too_large=True) from None
    return load_json(body) if body else None


class GuardedJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return read_json_body(request)

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            for text in (key, *values):
                if not isinstance(text, str):
                    continue  # an uploaded file (multipart): its service checks the content
                problem = text_problem(text)
                if problem:
                    raise UnsafeInput(problem, key if text is not key else f"{key!r} (name)")
        return super().parse_querydict(data, list_fields, request)
