"""/api/v1/recognition/exemptions/: proposals and the matrix, allowed and refused per role."""

from __future__ import annotations

import datetime

import pytest

from trajectwijzer.accounts.models import AccessLogEntry
from trajectwijzer.catalogue.models import Module
from trajectwijzer.recognition import matrix
from trajectwijzer.recognition.models import ExemptionRule, PriorQualification, Request

pytestmark = pytest.mark.django_db

BASE = "/api/v1/recognition/exemptions"


@pytest.fixture
def with_proposal(recognition_world):
    """A's rule: module O1 completed at provider B exempts from M1 (A runs rec-test)."""
    world = recognition_world
    o1 = Module.objects.get(programme=world.other_programme, code="O1")
    result = matrix.import_rules(
        [
            (
                1,
                {
                    "code": "A-O1",
                    "source_kind": "module",
                    "source_module": matrix.module_reference(o1),
                    "target_module": matrix.module_reference(world.modules["M1"]),
                    "grant": "whole",
                    "valid_from": "2026-01-01",
                    "maintained_by": world.organisation.slug,
                },
            )
        ]
    )
    assert result.written
    PriorQualification.objects.create(
        learner=world.learner,
        kind="module",
        title="Module O1",
        obtained_on=datetime.date(2025, 6, 30),
        module=o1,
    )
    return world


def test_proposals_for_the_learner_and_their_coach_only(client, with_proposal):
    world = with_proposal
    client.force_login(world.learner)
    [mine] = client.get(f"{BASE}/proposals").json()
    assert (mine["rule"], mine["module"], mine["source"]["kind"]) == (
        "A-O1",
        "M1",
        "prior_qualification",
    )
    url = f"{BASE}/learners/{world.learner.pk}/proposals"
    client.force_login(world.coach)
    assert [p["rule"] for p in client.get(url).json()] == ["A-O1"]
    assert AccessLogEntry.objects.filter(
        actor=world.coach, learner=world.learner, action="recognition.view_proposals"
    ).exists()
    not_found = None
    for person in (world.employer_hr, world.assessor, world.provider_admin, world.stranger):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 404
        not_found = not_found or response.json()
        assert response.json() == not_found  # the same body whoever asks
    assert client.get(f"{BASE}/learners/999999/proposals").json() == not_found
    client.logout()
    assert client.get(f"{BASE}/proposals").status_code == 401


def test_a_proposal_becomes_a_request_through_the_api(client, with_proposal):
    world = with_proposal
    client.force_login(world.stranger)
    url = f"{BASE}/proposals/A-O1/request?learner_id={world.learner.pk}"
    assert client.post(url).status_code == 404
    client.force_login(world.learner)
    response = client.post(f"{BASE}/proposals/A-O1/request")
    assert response.status_code == 201, response.content
    request = Request.objects.get(public_id=response.json()["public_id"])
    assert request.from_rule.code == "A-O1" and request.learner == world.learner
    again = client.post(f"{BASE}/proposals/A-O1/request")
    assert again.status_code == 400 and again.json()["errors"][0]["field"] == "rule"


def test_matrix_rules_export_and_import_for_maintainers_only(client, with_proposal):
    world = with_proposal
    client.force_login(world.provider_admin)
    exported = client.get(f"{BASE}/rules").json()
    assert [rule["code"] for rule in exported] == ["A-O1"]
    changed = {**exported[0], "note": "Checked by the exam board"}
    response = client.post(f"{BASE}/rules", {"rules": [changed]}, content_type="application/json")
    assert response.json() == {
        "created": [],
        "updated": ["A-O1"],
        "unchanged": [],
        "written": True,
    }
    bad = {**changed, "code": "A-2", "hours": 50, "grant": "hours"}
    response = client.post(
        f"{BASE}/rules", {"rules": [changed, bad]}, content_type="application/json"
    )
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["row"], error["field"]) == (2, "hours")
    assert "1–40" in error["message"]  # in the user's language (Dutch by default)
    assert not ExemptionRule.objects.filter(code="A-2").exists()
    # Another provider's admin sees none of A's rules and cannot write them.
    client.force_login(world.other_provider_admin)
    assert client.get(f"{BASE}/rules").json() == []
    response = client.post(f"{BASE}/rules", {"rules": [changed]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "maintained_by"
    for person in (world.learner, world.coach, world.assessor):
        client.force_login(person)
        assert client.get(f"{BASE}/rules").status_code == 403
        response = client.post(
            f"{BASE}/rules", {"rules": [changed]}, content_type="application/json"
        )
        assert response.status_code == 403
    too_many = {"rules": [changed] * (1001)}
    client.force_login(world.provider_admin)
    response = client.post(f"{BASE}/rules", too_many, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "rules"
