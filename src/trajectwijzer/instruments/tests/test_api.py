"""Answering through the API: the same checks as the pages."""

from __future__ import annotations

import pytest

from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.caseload.models import Signal

from .builders import coach_of, definition, full_answers, learner_in_group

pytestmark = pytest.mark.django_db
BASE = "/api/v1/instruments"


def auth(user):
    """A bearer token; messages in English (the client's Accept-Language)."""
    return {
        "HTTP_AUTHORIZATION": f"Bearer {create_api_token(user, name='t')[1]}",
        "HTTP_ACCEPT_LANGUAGE": "en",
    }


def test_answer_save_resume_and_submit_through_the_api(client):
    learner = learner_in_group()
    coach = coach_of(learner)
    headers = auth(learner)
    created = client.post(
        f"{BASE}/responses",
        {"instrument": "motivatiescan"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    # starting again continues the same response
    again = client.post(
        f"{BASE}/responses",
        {"instrument": "motivatiescan"},
        content_type="application/json",
        **headers,
    )
    assert again.json()["id"] == pk
    # an answer outside the scale: 400 naming the item, nothing saved
    bad = client.patch(
        f"{BASE}/responses/{pk}",
        {"answers": {"aut1": 9, "aut2": 3}},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == [
        {"field": "answers.aut1", "message": "9 is outside the scale 1–5"}
    ]
    assert client.get(f"{BASE}/responses/{pk}", **headers).json()["answers"] == {}
    unknown = client.patch(
        f"{BASE}/responses/{pk}",
        {"answers": {"nope": 1}},
        content_type="application/json",
        **headers,
    )
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "answers.nope"
    # half the answers: submitting is refused and nothing is scored
    d = definition("motivatiescan")
    answers = full_answers(d, 1, stop="yes")
    first_half = {k: v for k, v in list(answers.items())[:10]}
    assert (
        client.patch(
            f"{BASE}/responses/{pk}",
            {"answers": first_half},
            content_type="application/json",
            **headers,
        ).status_code
        == 200
    )
    refused = client.post(f"{BASE}/responses/{pk}/submit", **headers)
    assert refused.status_code == 400
    assert {"field": "answers.com1", "message": "an answer is required"} in refused.json()["errors"]
    assert client.get(f"{BASE}/responses/{pk}", **headers).json()["scores"] is None
    # the rest, then submit
    assert (
        client.patch(
            f"{BASE}/responses/{pk}",
            {"answers": answers},
            content_type="application/json",
            **headers,
        ).status_code
        == 200
    )
    done = client.post(f"{BASE}/responses/{pk}/submit", **headers)
    assert done.status_code == 200
    body = done.json()
    # all answers 1: positive items 1, reversed items 5 → (1 + 1 + 5 + 1 + 1) / 5 = 1.8
    assert {d["id"]: d["score"] for d in body["dimensions"]}["autonomy"] == 1.8
    assert {f["id"] for f in body["feedback"]} >= {"thinking_of_stopping", "competence_low"}
    assert Signal.objects.filter(
        learner=learner, code="instruments.motivatiescan.thinking_of_stopping"
    ).exists()
    # the coach reads the result through the API
    seen = client.get(f"{BASE}/learners/{learner.pk}/results", **auth(coach))
    assert seen.status_code == 200 and seen.json()[0]["id"] == pk


def test_bad_instrument_and_section_are_400(client):
    learner = learner_in_group()
    headers = auth(learner)
    reply = client.post(
        f"{BASE}/responses", {"instrument": "nope"}, content_type="application/json", **headers
    )
    assert reply.status_code == 400 and reply.json()["errors"][0]["field"] == "instrument"
    pk = client.post(
        f"{BASE}/responses", {"instrument": "intake"}, content_type="application/json", **headers
    ).json()["id"]
    reply = client.patch(
        f"{BASE}/responses/{pk}",
        {"answers": {}, "section": 9},
        content_type="application/json",
        **headers,
    )
    assert reply.status_code == 400 and reply.json()["errors"][0]["field"] == "section"
    reply = client.patch(
        f"{BASE}/responses/{pk}",
        {"answers": {"mot1": 2}, "section": 1},
        content_type="application/json",
        **headers,
    )
    assert (
        reply.status_code == 400
        and reply.json()["errors"][0]["message"] == "this item is not on this page"
    )
    reply = client.patch(
        f"{BASE}/responses/{pk}", {"answers": "x"}, content_type="application/json", **headers
    )
    assert reply.status_code == 400
