"""Every role against every caseload page and API endpoint, allowed and denied.

A learner's file (signals, notes, follow-ups, referrals) belongs to the learner's
current coaches: anyone else gets 404, as if the learner did not exist. The caseload
list is for coaches; the contact page for learners; a question is seen by its asker
and the person it was routed to, and answered by the latter.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts import services as account_services
from trajectwijzer.barometer.tests.builders import ANONYMOUS, build_world, check_pages
from trajectwijzer.caseload import urls
from trajectwijzer.caseload.models import (
    CoachNote,
    FollowUp,
    Question,
    QuestionKind,
    Referral,
    SignalSource,
)
from trajectwijzer.caseload.services import raise_signal

pytestmark = pytest.mark.django_db

WHO = [
    ANONYMOUS,
    "learner",
    "coach",
    "group_teacher",
    "mentor",
    "employer_hr",
    "referrer",
    "other_learner",
    "other_coach",
    "other_teacher",
    "provider_admin",
    "other_provider_admin",
    "sector_admin",
    "platform_admin",
]
COACH = {"coach"}
COACHES = {"coach", "other_coach"}
LEARNERS = {"learner", "other_learner"}
ANSWERERS = {"coach", "other_coach", "group_teacher", "other_teacher"}


def pages(world):
    learner, coach = world.learner, world.person("coach")
    signal = raise_signal(learner, source=SignalSource.COACH, code="test.signal")
    follow_up = FollowUp.objects.create(
        learner=learner, coach=coach, due_on=timezone.localdate(), what="Bellen"
    )
    referral = Referral.objects.create(learner=learner, coach=coach, service="OCMW", reason="r")
    question = Question.objects.create(
        learner=learner, recipient=coach, kind=QuestionKind.TRAJECTORY, subject="S", body="B"
    )
    today = timezone.localdate().isoformat()
    return {
        "caseload": ("get", reverse("caseload:caseload"), None, COACHES, 200, 403),
        "learner": ("get", reverse("caseload:learner", args=[learner.pk]), None, COACH, 200, 404),
        "add_note": (
            "post",
            reverse("caseload:add_note", args=[learner.pk]),
            {"note-text": "Gesprek"},
            COACH,
            302,
            404,
        ),
        "add_follow_up": (
            "post",
            reverse("caseload:add_follow_up", args=[learner.pk]),
            {"follow_up-due_on": today, "follow_up-what": "Mailen"},
            COACH,
            302,
            404,
        ),
        "add_referral": (
            "post",
            reverse("caseload:add_referral", args=[learner.pk]),
            {"referral-service": "VDAB", "referral-reason": "Werk"},
            COACH,
            302,
            404,
        ),
        "acknowledge": (
            "post",
            reverse("caseload:acknowledge", args=[signal.pk]),
            {},
            COACH,
            302,
            404,
        ),
        "complete_follow_up": (
            "post",
            reverse("caseload:complete_follow_up", args=[follow_up.pk]),
            {},
            COACH,
            302,
            404,
        ),
        "referral_status": (
            "post",
            reverse("caseload:referral_status", args=[referral.pk]),
            {"status": "closed"},
            COACH,
            302,
            404,
        ),
        "contact": ("get", reverse("caseload:contact"), None, LEARNERS, 200, 403),
        "questions": ("get", reverse("caseload:questions"), None, ANSWERERS, 200, 403),
        "question": (
            "get",
            reverse("caseload:question", args=[question.pk]),
            None,
            {"learner", "coach"},
            200,
            404,
        ),
        "question_answer": (
            "post",
            reverse("caseload:question", args=[question.pk]),
            {"answer": "Antwoord"},
            COACH,
            302,
            404,
        ),
    }


def test_the_matrix_covers_every_caseload_url():
    world = build_world()
    names = {p.name for p in urls.urlpatterns}
    assert {n for n in pages(world) if n != "question_answer"} == names


@pytest.mark.parametrize("who", WHO)
def test_pages(client, who):
    world = build_world()
    user = world.person(who)
    if user is not None:
        client.force_login(user)
    check_pages(client, who, pages(world))
    written = CoachNote.objects.count(), Referral.objects.count(), FollowUp.objects.count()
    assert written == ((1, 2, 2) if who == "coach" else (0, 1, 1)), who


@pytest.mark.parametrize("who", WHO)
def test_api(client, who):
    world = build_world()
    user = world.person(who)
    headers = {}
    if user is not None:
        _token, key = account_services.create_api_token(user, name="matrix")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    learner, coach = world.learner, world.person("coach")
    signal = raise_signal(learner, source=SignalSource.COACH, code="test.signal")
    question = Question.objects.create(
        learner=learner, recipient=coach, kind=QuestionKind.TRAJECTORY, subject="S", body="B"
    )

    def check(response, allowed, ok, denied):
        expected = 401 if who == ANONYMOUS else ok if who in allowed else denied
        assert response.status_code == expected, (who, response.request["PATH_INFO"])

    def post(url, body):
        return client.post(url, data=body, content_type="application/json", **headers)

    base = f"/api/v1/caseload/learners/{learner.pk}"
    today = timezone.localdate().isoformat()
    check(client.get("/api/v1/caseload/learners", **headers), COACHES, 200, 403)
    check(client.get(f"{base}/signals", **headers), COACH, 200, 404)
    check(client.get(f"{base}/notes", **headers), COACH, 200, 404)
    check(post(f"{base}/notes", {"text": "Gesprek"}), COACH, 201, 404)
    check(client.get(f"{base}/follow-ups", **headers), COACH, 200, 404)
    check(post(f"{base}/follow-ups", {"due_on": today, "what": "Bellen"}), COACH, 201, 404)
    check(post(f"{base}/referrals", {"service": "VDAB", "reason": "Werk"}), COACH, 201, 404)
    check(post(f"/api/v1/caseload/signals/{signal.pk}/acknowledge", {}), COACH, 200, 404)
    asked = post("/api/v1/caseload/questions", {"kind": "content", "subject": "S", "body": "B"})
    if who == "other_learner":  # a learner without teacher or coach: nobody to route to
        assert asked.status_code == 400 and asked.json()["errors"][0]["field"] == "kind"
    else:
        check(asked, {"learner"}, 201, 403)
    check(
        post(f"/api/v1/caseload/questions/{question.pk}/answer", {"answer": "A"}), COACH, 200, 404
    )
    listed = client.get("/api/v1/caseload/questions", **headers)
    if who != ANONYMOUS:
        ids = {q["id"] for q in listed.json()}
        assert (question.pk in ids) is (who in {"learner", "coach"}), who


def test_api_caseload_puts_open_signals_first_and_refuses_bad_input(client):
    world = build_world()
    coach = world.person("coach")
    _token, key = account_services.create_api_token(coach, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    raise_signal(world.learner, source=SignalSource.COACH, code="test.signal")
    rows = client.get("/api/v1/caseload/learners", **headers).json()
    assert rows[0]["learner"] == world.learner.pk and rows[0]["open_signals"]
    base = f"/api/v1/caseload/learners/{world.learner.pk}"
    response = client.post(
        f"{base}/follow-ups",
        data={"due_on": "2000-01-01", "what": "Te laat"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "due_on"
    assert FollowUp.objects.count() == 0
