"""The coach's caseload: ordering, acknowledging, notes, follow-ups, referrals, questions."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trajectwijzer.accounts.models import LinkKind, Role
from trajectwijzer.barometer import services as barometer
from trajectwijzer.barometer.tests.builders import build_world
from trajectwijzer.caseload import queries, services
from trajectwijzer.caseload.models import (
    CoachNote,
    FollowUp,
    Question,
    QuestionKind,
    Referral,
    SignalSource,
)
from trajectwijzer.testing import link, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_learners_with_open_signals_come_first_then_by_latest_activity(world):
    coach = world.person("coach")
    quiet = make_member(Role.LEARNER, full_name="Quinten Quiet")
    active = make_member(Role.LEARNER, full_name="Anna Active")
    for learner in (quiet, active):
        link(learner, LinkKind.COACH, person=coach)
    services.add_note(coach, quiet, text="Eerste gesprek")
    services.add_note(coach, active, text="Tweede gesprek")  # later than quiet's note
    barometer.record_entry(world.learner, 1)  # an open low-score signal
    rows = queries.caseload_for(coach)
    assert [r.learner for r in rows] == [world.learner, active, quiet]
    assert rows[0].open_count == 1 and "1" in rows[0].signal_texts[0]
    assert queries.open_signal_count(coach) == 1
    assert queries.caseload_for(world.person("other_coach")) == []


def test_acknowledging_moves_the_learner_down_and_is_refused_to_another_coach(world):
    coach = world.person("coach")
    signal = barometer.record_entry(world.learner, 1) and world.learner.signals.get()
    with pytest.raises(PermissionDenied):
        services.acknowledge(world.person("other_coach"), signal)
    services.acknowledge(coach, signal)
    signal.refresh_from_db()
    assert signal.acknowledged_by == coach and not signal.is_open
    assert queries.caseload_for(coach)[0].open_count == 0


def test_a_signal_raised_by_another_part_shows_in_the_caseload(world):
    services.register_signal_text("instruments.threshold", "Intake: {dimension} is low")
    services.raise_signal(
        world.learner,
        source=SignalSource.INSTRUMENT,
        code="instruments.threshold",
        details={"dimension": "planning"},
    )
    (row,) = queries.caseload_for(world.person("coach"))
    assert row.signal_texts == ["Intake: planning is low"]


def test_notes_are_written_only_by_the_learners_coach_and_validated(world):
    coach = world.person("coach")
    note = services.add_note(coach, world.learner, text="  Belde over planning  ")
    assert note.text == "Belde over planning" and note.written_on == timezone.localdate()
    for who in ("other_coach", "group_teacher", "mentor", "learner"):
        with pytest.raises(PermissionDenied):
            services.add_note(world.person(who), world.learner, text="x")
    with pytest.raises(ValidationError) as error:
        services.add_note(coach, world.learner, text="")
    assert list(error.value.message_dict) == ["text"]
    with pytest.raises(ValidationError) as error:
        services.add_note(
            coach,
            world.learner,
            text="x",
            written_on=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert list(error.value.message_dict) == ["written_on"]
    assert CoachNote.objects.count() == 1


def test_a_follow_up_in_the_past_is_refused_and_a_due_one_becomes_overdue(world):
    coach = world.person("coach")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.plan_follow_up(
            coach, world.learner, due_on=today - datetime.timedelta(days=1), what="Bellen"
        )
    assert list(error.value.message_dict) == ["due_on"]
    with pytest.raises(ValidationError) as error:
        services.plan_follow_up(coach, world.learner, due_on="morgen", what="")
    assert set(error.value.message_dict) == {"due_on", "what"}
    assert FollowUp.objects.count() == 0
    follow_up = services.plan_follow_up(coach, world.learner, due_on=today, what="Bellen")
    assert follow_up.is_due and not follow_up.is_overdue
    FollowUp.objects.filter(pk=follow_up.pk).update(due_on=today - datetime.timedelta(days=2))
    follow_up.refresh_from_db()
    assert follow_up.is_overdue
    assert queries.caseload_for(coach)[0].next_follow_up == follow_up
    services.complete_follow_up(coach, follow_up)
    assert not follow_up.is_overdue


def test_a_referral_records_service_reason_date_and_status(world):
    coach = world.person("coach")
    referral = services.refer(
        coach, world.learner, service="Studentenvoorzieningen", reason="Financiële vragen"
    )
    assert referral.status == "proposed" and referral.referred_on == timezone.localdate()
    services.set_referral_status(coach, referral, "contacted")
    with pytest.raises(ValidationError):
        services.set_referral_status(coach, referral, "lost")
    with pytest.raises(ValidationError) as error:
        services.refer(coach, world.learner, service="", reason="")
    assert set(error.value.message_dict) == {"service", "reason"}
    assert Referral.objects.count() == 1


# Questions: the layered system ------------------------------------------------------


def test_a_content_question_goes_to_the_teacher_and_a_trajectory_question_to_the_coach(world):
    content = services.ask_question(
        world.learner, kind=QuestionKind.CONTENT, subject="Opdracht 2", body="Wat is de deadline?"
    )
    trajectory = services.ask_question(
        world.learner, kind=QuestionKind.TRAJECTORY, subject="Planning", body="Te veel werk"
    )
    assert content.recipient == world.person("group_teacher")
    assert trajectory.recipient == world.person("coach")


def test_the_recipient_is_told_by_email_and_the_learner_when_answered(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = services.ask_question(
            world.learner, kind=QuestionKind.TRAJECTORY, subject="Planning", body="Hulp?"
        )
    assert [m.to for m in mail.outbox] == [[world.person("coach").email]]
    assert "Lara Learner" in mail.outbox[0].body
    assert "Hulp?" not in mail.outbox[0].body  # the question itself stays on the platform
    with pytest.raises(PermissionDenied):
        services.answer_question(world.person("group_teacher"), question, answer="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(world.person("coach"), question, answer="Bel me maandag.")
    assert mail.outbox[1].to == [world.learner.email]
    question.refresh_from_db()
    assert question.is_answered and question.answer == "Bel me maandag."


def test_a_content_question_without_teacher_goes_to_the_coach(world):
    learner = make_member(Role.LEARNER)
    coach = world.person("coach")
    link(learner, LinkKind.COACH, person=coach)
    question = services.ask_question(learner, kind=QuestionKind.CONTENT, subject="S", body="B")
    assert question.recipient == coach


def test_a_question_without_anybody_to_ask_or_with_bad_fields_is_refused(world):
    alone = make_member(Role.LEARNER)
    with pytest.raises(ValidationError) as error:
        services.ask_question(alone, kind=QuestionKind.TRAJECTORY, subject="S", body="B")
    assert list(error.value.message_dict) == ["kind"]
    with pytest.raises(ValidationError) as error:
        services.ask_question(world.learner, kind="gossip", subject="", body="x" * 4001)
    assert set(error.value.message_dict) == {"kind", "subject", "body"}
    with pytest.raises(PermissionDenied):
        services.ask_question(world.person("coach"), kind="trajectory", subject="S", body="B")
    assert Question.objects.count() == 0


def test_a_barometer_entry_counts_as_latest_activity(world):
    coach = world.person("coach")
    other = make_member(Role.LEARNER, full_name="Bert Before")
    link(other, LinkKind.COACH, person=coach)
    services.add_note(coach, other, text="Gesprek")
    barometer.record_entry(world.learner, 4)  # later than the note, and no signal
    rows = queries.caseload_for(coach)
    assert [r.learner for r in rows] == [world.learner, other]
    assert rows[0].latest_activity is not None


def test_the_caseload_costs_the_same_queries_for_three_or_thirty_learners(
    world, django_assert_max_num_queries
):
    coach = world.person("coach")
    for n in range(29):
        learner = make_member(Role.LEARNER)
        link(learner, LinkKind.COACH, person=coach)
        if n % 3 == 0:
            barometer.record_entry(learner, 1)
    with django_assert_max_num_queries(12):
        rows = queries.caseload_for(coach)
        texts = [text for row in rows for text in row.signal_texts]
    assert len(rows) == 30 and len(texts) == 10


def test_the_start_page_shows_due_moments_to_learners_and_open_signals_to_coaches(client, world):
    from trajectwijzer.barometer.models import Moment, MomentKind

    Moment.objects.create(group=world.group, kind=MomentKind.AFTER_EXAMS, date=timezone.localdate())
    client.force_login(world.learner)
    page = client.get("/").content.decode()
    assert 'data-testid="home-notices"' in page and "/barometer/" in page
    barometer.record_entry(world.learner, 1)
    page = client.get("/").content.decode()
    assert 'data-testid="home-notices"' not in page  # answered: no more notice
    assert "/barometer/" in page  # the task stays
    client.force_login(world.person("coach"))
    page = client.get("/").content.decode()
    assert "1 open signaal" in page and "/caseload/" in page
    client.force_login(world.person("other_coach"))
    assert 'data-testid="home-notices"' not in client.get("/").content.decode()


def test_the_coachs_learner_page_links_to_the_learners_scans_and_competences(client, world):
    from django.urls import reverse

    learner = world.person("learner")
    client.force_login(world.person("coach"))
    page = client.get(reverse("caseload:learner", args=[learner.pk])).content.decode()
    assert f'href="{reverse("instruments:learner", args=[learner.pk])}"' in page
    assert f'href="{reverse("competences:learner", args=[learner.pk])}"' in page
    # Both pages let this coach in: the links lead somewhere.
    assert client.get(reverse("instruments:learner", args=[learner.pk])).status_code == 200
    assert client.get(reverse("competences:learner", args=[learner.pk])).status_code == 200


def test_the_coachs_learner_page_lists_the_learners_development_plans_at_work(client):
    from django.urls import reverse

    from trajectwijzer.development import services as development
    from trajectwijzer.development.tests.builders import make_setup

    setup = make_setup()
    coach = make_member(Role.COACH, full_name="Cas Coach")
    link(setup.anna, LinkKind.COACH, person=coach)
    anna_plan = development.draft_from_gaps(setup.hr, setup.row_anna, title="POP Anna")
    development.draft_from_gaps(setup.hr, setup.row_bert, title="POP Bert")
    client.force_login(coach)
    page = client.get(reverse("caseload:learner", args=[setup.anna.pk])).content.decode()
    assert f'href="{reverse("development:plan", args=[anna_plan.pk])}"' in page
    assert "POP Anna" in page and "POP Bert" not in page  # only this learner's plans
    assert client.get(reverse("development:plan", args=[anna_plan.pk])).status_code == 200
