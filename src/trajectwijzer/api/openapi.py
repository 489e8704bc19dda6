"""What every operation of the API can answer besides its own responses, documented once.

Handlers declare their success and domain errors in ``response=``; the answers that
come from the API's machinery rather than from a handler are added here to every
operation they apply to, with the shared ``ErrorOut`` body, so the document says all a
client can get: 400 (the parser or a schema refused the input), 401 (no valid token),
403 (a session cookie without a valid CSRF token, where a session is accepted), 404 (a
path names nothing the caller may see) and 413 (a body over the size limit).
"""

from __future__ import annotations

from typing import Any

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}

MACHINERY_ERRORS = {
    400: "Invalid input: the fields and what is allowed (`errors`).",
    401: "Authentication required: a valid bearer token (or a logged-in session).",
    403: "Forbidden: for a session cookie, a missing or wrong CSRF token.",
    404: "Not found, or not visible to you.",
    413: "The request body is larger than the API accepts.",
}


def _applies(status: int, operation: dict[str, Any], cookie_schemes: set[str]) -> bool:
    parameters = operation.get("parameters", [])
    if status == 400:
        return bool(parameters) or "requestBody" in operation
    if status == 401:
        return bool(operation.get("security"))
    if status == 403:
        return any(set(option) & cookie_schemes for option in operation.get("security", []))
    if status == 404:
        return any(p.get("in") == "path" for p in parameters)
    return "requestBody" in operation


def document_machinery_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the machinery's error answers added where they can occur."""
    schemes = schema.get("components", {}).get("securitySchemes", {})
    cookie_schemes = {name for name, scheme in schemes.items() if scheme.get("in") == "cookie"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            declared = {str(code) for code in responses}
            for status, description in MACHINERY_ERRORS.items():
                if str(status) not in declared and _applies(status, operation, cookie_schemes):
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }
    return schema
