"""Finding 2 of issue #9: access must not survive the end of a membership.

A coach or mentor whose membership has ended, while the learner link was left open,
reads and writes nothing about the learner any more: every page and API endpoint
answers 404, as for a learner they never knew. Each case first checks that the same
person was allowed while the membership was active, so the 404 after is the ending's
doing and not a broken request.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import LinkKind, Membership, MembershipStatus
from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.barometer import services as barometer_services
from trajectwijzer.caseload import services as caseload_services
from trajectwijzer.caseload.models import CoachNote, FollowUp
from trajectwijzer.competences.models import Assessment
from trajectwijzer.competences.tests.builders import make_cast
from trajectwijzer.development import services as development_services
from trajectwijzer.development.models import CompetenceMatrix, MatrixRow
from trajectwijzer.instruments.tests.builders import definition, full_answers, submitted

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        cast = make_cast()
        self.cast = cast
        self.learner, self.coach, self.mentor = cast.learner, cast.coach, cast.mentor
        barometer_services.record_entry(self.learner, 4, "Gaat goed")
        self.signals = [
            caseload_services.raise_signal(
                self.learner, source="test", code="barometer.low_score", key=str(n)
            )
            for n in range(4)
        ]
        caseload_services.add_note(self.coach, self.learner, text="Eerste gesprek")
        self.response = submitted(
            self.learner, "motivatiescan", full_answers(definition("motivatiescan"))
        )
        matrix = CompetenceMatrix.objects.create(
            organisation=cast.employer, framework=cast.programme.framework, title="Zorg"
        )
        row = MatrixRow.objects.create(matrix=matrix, employee=self.learner)
        self.plan = development_services.create_plan(cast.hr, row, {"title": "POP Lien"})
        # The workplace competence (position 0) is the one a mentor scores.
        self.indicator = cast.indicators(0)[0]

    def end_membership_leaving_links_open(self, person):
        """What an admin edit or an old ending left behind: the link still runs."""
        Membership.objects.filter(user=person).update(status=MembershipStatus.ENDED)
        kind = LinkKind.COACH if person == self.coach else LinkKind.MENTOR
        assert self.learner.learner_links.get(kind=kind, person=person).ended_on is None


@pytest.fixture
def world():
    return World()


def page_reads(world) -> dict[str, tuple[str, set[str]]]:
    """Page → (URL, who may read it while their membership is active)."""
    learner = world.learner.pk
    return {
        "caseload learner file (notes, signals)": (
            reverse("caseload:learner", args=[learner]),
            {"coach"},
        ),
        "barometer curve": (reverse("barometer:learner", args=[learner]), {"coach"}),
        "scan results": (reverse("instruments:learner", args=[learner]), {"coach", "mentor"}),
        "scan report": (
            reverse("instruments:result", args=[world.response.pk]),
            {"coach", "mentor"},
        ),
        "scan report PDF": (
            reverse("instruments:result_pdf", args=[world.response.pk]),
            {"coach", "mentor"},
        ),
        "assessments": (reverse("competences:learner", args=[learner]), {"coach", "mentor"}),
        "assessments PDF": (
            reverse("competences:report_pdf", args=[learner]),
            {"coach", "mentor"},
        ),
        "plan": (reverse("development:plan", args=[world.plan.pk]), {"coach", "mentor"}),
        "plan PDF": (reverse("development:plan_pdf", args=[world.plan.pk]), {"coach", "mentor"}),
        "learner profile": (
            reverse("accounts:learner_detail", args=[learner]),
            {"coach", "mentor"},
        ),
    }


def api_reads(world) -> dict[str, tuple[str, set[str]]]:
    learner = world.learner.pk
    return {
        "notes": (f"/api/v1/caseload/learners/{learner}/notes", {"coach"}),
        "signals": (f"/api/v1/caseload/learners/{learner}/signals", {"coach"}),
        "follow-ups": (f"/api/v1/caseload/learners/{learner}/follow-ups", {"coach"}),
        "barometer entries": (f"/api/v1/barometer/learners/{learner}/entries", {"coach"}),
        "scan results": (f"/api/v1/instruments/learners/{learner}/results", {"coach", "mentor"}),
        "scan result": (f"/api/v1/instruments/results/{world.response.pk}", {"coach", "mentor"}),
        "assessments": (
            f"/api/v1/competences/learners/{learner}/assessments",
            {"coach", "mentor"},
        ),
        "plan": (f"/api/v1/development/plans/{world.plan.pk}", {"coach", "mentor"}),
    }


class _Stub:
    """Stands in for the world when only the table's keys are needed (parametrize)."""

    class _Pk:
        pk = 0

    learner = response = plan = _Pk()


PAGE_READS = [
    (who, name) for name, (_url, allowed) in page_reads(_Stub()).items() for who in sorted(allowed)
]
API_READS = [
    (who, name) for name, (_url, allowed) in api_reads(_Stub()).items() for who in sorted(allowed)
]


@pytest.mark.parametrize(("who", "page"), PAGE_READS)
def test_an_ended_membership_ends_reading_through_pages(client, world, who, page):
    person = getattr(world, who)
    url, _allowed = page_reads(world)[page]
    client.force_login(person)
    assert client.get(url).status_code == 200
    world.end_membership_leaving_links_open(person)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("who", "endpoint"), API_READS)
def test_an_ended_membership_ends_reading_through_the_api(client, world, who, endpoint):
    person = getattr(world, who)
    url, _allowed = api_reads(world)[endpoint]
    _token, key = create_api_token(person, name="test")
    headers = {"authorization": f"Bearer {key}"}
    assert client.get(url, headers=headers).status_code == 200
    world.end_membership_leaving_links_open(person)
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}  # api.schemas.NOT_FOUND


def test_an_ended_coach_writes_no_note_follow_up_or_acknowledgement_through_pages(client, world):
    client.force_login(world.coach)
    learner = world.learner.pk
    note_url = reverse("caseload:add_note", args=[learner])
    follow_up_url = reverse("caseload:add_follow_up", args=[learner])
    follow_up = {"follow_up-due_on": "2030-01-15", "follow_up-what": "Bellen"}
    assert client.post(note_url, {"note-text": "Tweede gesprek"}).status_code == 302
    assert client.post(follow_up_url, follow_up).status_code == 302
    ack = reverse("caseload:acknowledge", args=[world.signals[0].pk])
    assert client.post(ack).status_code == 302
    notes, follow_ups = CoachNote.objects.count(), FollowUp.objects.count()
    world.end_membership_leaving_links_open(world.coach)
    assert client.post(note_url, {"note-text": "Na het einde"}).status_code == 404
    assert client.post(follow_up_url, follow_up).status_code == 404
    ack = reverse("caseload:acknowledge", args=[world.signals[1].pk])
    assert client.post(ack).status_code == 404
    assert (CoachNote.objects.count(), FollowUp.objects.count()) == (notes, follow_ups)
    world.signals[1].refresh_from_db()
    assert world.signals[1].acknowledged_at is None


def test_an_ended_coach_writes_no_note_follow_up_or_acknowledgement_through_the_api(client, world):
    _token, key = create_api_token(world.coach, name="test")
    headers = {"authorization": f"Bearer {key}"}
    learner = world.learner.pk
    notes = f"/api/v1/caseload/learners/{learner}/notes"
    follow_ups = f"/api/v1/caseload/learners/{learner}/follow-ups"
    follow_up = {"due_on": "2030-01-15", "what": "Bellen"}

    def post(url, body=None):
        return client.post(url, body or {}, content_type="application/json", headers=headers)

    assert post(notes, {"text": "Tweede gesprek"}).status_code == 201
    assert post(follow_ups, follow_up).status_code == 201
    assert post(f"/api/v1/caseload/signals/{world.signals[0].pk}/acknowledge").status_code == 200
    counts = CoachNote.objects.count(), FollowUp.objects.count()
    world.end_membership_leaving_links_open(world.coach)
    assert post(notes, {"text": "Na het einde"}).status_code == 404
    assert post(follow_ups, follow_up).status_code == 404
    assert post(f"/api/v1/caseload/signals/{world.signals[1].pk}/acknowledge").status_code == 404
    assert (CoachNote.objects.count(), FollowUp.objects.count()) == counts


def test_an_ended_mentor_records_no_assessment_through_the_page_or_the_api(client, world):
    level = world.cast.level(2).rank
    today = datetime.date.today().isoformat()
    score_url = reverse("competences:score", args=[world.learner.pk])
    form = {"role": "mentor", "observed_on": today, f"level_{world.indicator.pk}": level}
    api_url = f"/api/v1/competences/learners/{world.learner.pk}/assessments"
    body = {"role": "mentor", "entries": [{"indicator_id": world.indicator.pk, "level": level}]}
    _token, key = create_api_token(world.mentor, name="test")
    headers = {"authorization": f"Bearer {key}"}
    client.force_login(world.mentor)
    assert client.get(score_url).status_code == 200
    created = client.post(api_url, body, content_type="application/json", headers=headers)
    assert created.status_code == 201
    recorded = Assessment.objects.count()
    world.end_membership_leaving_links_open(world.mentor)
    assert client.get(score_url).status_code == 404
    assert client.post(score_url, form).status_code == 404
    refused = client.post(api_url, body, content_type="application/json", headers=headers)
    assert refused.status_code == 404
    assert Assessment.objects.count() == recorded
