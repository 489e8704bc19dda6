"""Schemathesis against /api/v1/openapi.json (issue #9, evidence): requests generated
from the document itself, valid and invalid, sent unauthenticated and with a learner's
and a coach's bearer token, must never give a server error and every answer must match
what the document says (status code, content type, body schema).

Deterministic (``derandomize``, no example database) and bounded (``MAX_EXAMPLES`` per
operation; each example is sent as each identity, and with tokens once more with the
ids of records that exist) so ``make test`` runs it on every change in a few minutes.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .world import SCAN, ApiWorld, build_api_world

MAX_EXAMPLES = 6
IDENTITIES = (None, "learner", "coach")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go straight to the WSGI application, not through Django's test client, so
    nothing stops a request's end from closing the database connection that holds the
    test's transaction (on PostgreSQL it really closes). Do what the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    return build_api_world()


def real_path_parameters(world: ApiWorld, path: str, generated: dict) -> dict:
    """The generated path parameters with the ids of the world's records put in, so the
    calls also reach records that exist (generated ids mostly answer 404)."""
    cast, setup = world.cast, world.development
    pk = (
        world.open_response.pk if "/responses/" in path
        else world.submitted_response.pk if "/results/" in path
        else cast.group.pk
    )  # fmt: skip
    known = {
        "learner_id": cast.learner.pk,
        "group_id": cast.group.pk,
        "signal_id": world.signal.pk,
        "question_id": world.question.pk,
        "matrix_id": setup.matrix.pk,
        "row_id": setup.row_anna.pk,
        "plan_id": world.plan.pk,
        "programme_id": cast.programme.pk,
        "slug": cast.programme.provider.slug,
        "external_id": cast.programme.external_id,
        "instrument": SCAN,
        "kind": "group",
        "pk": pk,
    }
    return {name: known.get(name, value) for name, value in generated.items()}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_document(case, world):
    generated = dict(case.path_parameters or {})
    for who in IDENTITIES:
        headers = world.bearer(who) if who else {}
        case.path_parameters = generated
        case.call_and_validate(headers=headers, checks=CHECKS)
        if who and generated:
            case.path_parameters = real_path_parameters(world, case.operation.path, generated)
            case.call_and_validate(headers=headers, checks=CHECKS)
