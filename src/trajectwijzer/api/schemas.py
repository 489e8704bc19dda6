"""Error shapes and helpers every router of the API shares, so clients meet one format."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Schema, Status

NOT_FOUND = {"detail": "Not found."}


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []


def invalid(error: ValidationError) -> Status:
    """400 naming every field a model or service validation refused."""
    errors = [
        {"field": field, "message": message}
        for field, messages in error.message_dict.items()
        for message in messages
    ]
    return Status(400, {"detail": "Invalid input.", "errors": errors})
