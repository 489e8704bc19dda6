"""Schemathesis against /api/v1/openapi.json (issue #9, evidence): requests generated
from the document itself, valid and invalid, sent unauthenticated and with a learner's
and a coach's bearer token, must never give a server error and every answer must match
what the document says (status code, content type, body schema).

Deterministic (``derandomize``, no example database) and bounded (``MAX_EXAMPLES`` per
operation and identity) so ``make test`` runs it on every change in about two minutes.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .world import build_api_world

MAX_EXAMPLES = 10
IDENTITIES = (None, "learner", "coach")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def world(db):
    return build_api_world()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_document(case, world):
    for who in IDENTITIES:
        headers = world.bearer(who) if who else {}
        case.call_and_validate(headers=headers, checks=CHECKS)
