"""Error shapes and helpers every router of the API shares, so clients meet one format."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import AfterValidator

from trajectwijzer.safe_input import check_text

NOT_FOUND = {"detail": "Not found."}

# Every string a request schema takes: refuses NUL (U+0000) and lone surrogates with a
# 400 naming the field, so no handler or service ever meets text it cannot store.
CleanText = Annotated[str, AfterValidator(check_text)]


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


def invalid_body(error: ValidationError) -> dict:
    """The 400 body naming every field a model or service validation refused."""
    if hasattr(error, "error_dict"):
        errors = [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"field": None, "message": message} for message in error.messages]
    return {"detail": "Invalid input.", "errors": errors}
