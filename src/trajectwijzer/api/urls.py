"""The JSON API under /api/v1; each part of the domain mounts its own router here."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from trajectwijzer.accounts.access import LearnerNotAccessible
from trajectwijzer.safe_input import MAX_JSON_BYTES, MAX_JSON_DEPTH, UnsafeInput

from .openapi import document_machinery_errors
from .parser import GuardedJsonParser
from .schemas import NOT_FOUND, ErrorOut, invalid_body


class TrajectwijzerAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_machinery_errors(schema)


api = TrajectwijzerAPI(
    title="Trajectwijzer API",
    version="1.0.0",
    description="Training catalogue and trajectories for working learners. "
    "Reads are public where the data is public; writes need a bearer token.\n\n"
    f"Limits on every request: a JSON body of at most {MAX_JSON_BYTES} bytes (413 "
    f"above), nested at most {MAX_JSON_DEPTH} levels deep, no text with the NUL "
    "character or a lone UTF-16 surrogate (400 naming the field), and every list at "
    "most the `maxItems` its schema states (400 naming the field above it).",
    urls_namespace="api-1.0.0",
    parser=GuardedJsonParser(),
)


def unsafe_input_response(request: HttpRequest, exc: UnsafeInput):
    """413 for a body over the size limit; otherwise 400 naming where the input is refused."""
    if exc.too_large:
        return api.create_response(request, {"detail": f"Request body {exc.message}."}, status=413)
    body = {"detail": "Invalid input.", "errors": [{"field": exc.path, "message": exc.message}]}
    return api.create_response(request, body, status=400)


@api.exception_handler(UnsafeInput)
def unsafe_input(request: HttpRequest, exc: UnsafeInput):
    return unsafe_input_response(request, exc)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):
    """ninja wraps what the parser refused in ``HttpError(400, "Cannot parse request
    body")``; answer with the parser's own reason instead."""
    if isinstance(exc.__cause__, UnsafeInput):
        return unsafe_input_response(request, exc.__cause__)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _field_name(location) -> str | None:
    """``goals.0.actions`` for ("body", "payload", "goals", 0, "actions"): the place in
    what the client sent, without ninja's source and the handler's parameter name."""
    parts = list(location[1:])
    if location[:1] == ("body",) and parts:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or None


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    """400 with the field and the problem, never a 500 or an opaque 422."""
    errors = [
        {"field": _field_name(err.get("loc", ())), "message": err.get("msg", "invalid value")}
        for err in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid input.", "errors": errors}, status=400)


@api.exception_handler(DjangoValidationError)
def model_validation_error(request: HttpRequest, exc: DjangoValidationError):
    """A service refused the input (``full_clean``): 400 with the fields, nothing saved."""
    return api.create_response(request, invalid_body(exc), status=400)


@api.exception_handler(LearnerNotAccessible)
def learner_not_accessible(request: HttpRequest, exc: LearnerNotAccessible):
    """accounts.access refused a read: the same 404 body as for a learner who does not exist
    (what an endpoint's ``Status(404, NOT_FOUND)`` gives through ``ErrorOut``)."""
    return api.create_response(request, ErrorOut(**NOT_FOUND).model_dump(), status=404)


api.add_router("/catalogue/", "trajectwijzer.catalogue.api.router")
api.add_router("/catalogue/manage/", "trajectwijzer.catalogue.api_manage.router")
api.add_router("/incentives/", "trajectwijzer.incentives.api.router")
api.add_router("/barometer/", "trajectwijzer.barometer.api.router")
api.add_router("/caseload/", "trajectwijzer.caseload.api.router")
api.add_router("/competences/", "trajectwijzer.competences.api.router")
api.add_router("/development/", "trajectwijzer.development.api.router")
api.add_router("/instruments/", "trajectwijzer.instruments.api.router")
api.add_router("/trajectories/", "trajectwijzer.trajectories.api.router")
api.add_router("/recognition/", "trajectwijzer.recognition.api.router")
api.add_router("/recognition/exemptions/", "trajectwijzer.recognition.matrix_api.router")
