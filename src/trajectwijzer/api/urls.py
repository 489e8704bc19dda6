"""The JSON API under /api/v1; each part of the domain mounts its own router here."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from trajectwijzer.accounts.access import LearnerNotAccessible

from .schemas import NOT_FOUND, ErrorOut, invalid_body

api = NinjaAPI(
    title="Trajectwijzer API",
    version="1.0.0",
    description="Training catalogue and trajectories for working learners. "
    "Reads are public where the data is public; writes need a bearer token.",
    urls_namespace="api-1.0.0",
)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):
    """400 with the field and the problem, never a 500 or an opaque 422."""
    errors = [
        {
            "field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None,
            "message": err.get("msg", "invalid value"),
        }
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
