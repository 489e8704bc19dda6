"""Answering a questionnaire page by page: save, resume, refuse bad answers, submit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.caseload.models import Signal
from trajectwijzer.instruments.models import Response, ResponseStatus

from .builders import coach_of, definition, full_answers, learner_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """Pages in English (the person's browser asks for it)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _post_section(client, response, number, answers):
    d = definition(response.version.instrument)
    section = d.sections[number - 1]
    data = {}
    for item_id in section.items:
        if item_id in answers:
            value = answers[item_id]
            data[item_id] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return client.post(reverse("instruments:answer", args=[response.pk, number]), data)


def test_learner_fills_intake_page_by_page_resumes_and_gets_report(client):
    learner = learner_in_group()
    coach = coach_of(learner)
    client.force_login(learner)
    start = client.post(reverse("instruments:start", args=["intake"]))
    response = Response.objects.get(respondent=learner)
    assert start.url == reverse("instruments:answer", args=[response.pk, 1])
    page = client.get(start.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend>" in html and "Page 1 of 5" in html
    answers = full_answers(definition("intake"), 4, computer="no", study_hours=10)
    assert _post_section(client, response, 1, answers).status_code == 302
    # leave, come back: starting again continues the same response where it stopped
    again = client.post(reverse("instruments:start", args=["intake"]))
    assert again.url == reverse("instruments:answer", args=[response.pk, 2])
    assert Response.objects.count() == 1
    for number in range(2, 6):
        reply = _post_section(client, response, number, answers)
        assert reply.status_code == 302, reply.content.decode()[:2000]
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert reply.url == reverse("instruments:result", args=[response.pk])
    report = client.get(reply.url).content.decode()
    assert "<svg" in report and "Feasibility" in report
    # no computer at home: a signal for the coach
    signal = Signal.objects.get(learner=learner, code="instruments.intake.no_device")
    assert signal.source == "intake"
    client.force_login(coach)
    coach_page = client.get(reverse("instruments:learner", args=[learner.pk])).content.decode()
    assert "You have no computer at home" in coach_page


def test_answer_outside_the_scale_is_refused_naming_the_item(client):
    learner = learner_in_group()
    client.force_login(learner)
    client.post(reverse("instruments:start", args=["intake"]))
    response = Response.objects.get(respondent=learner)
    reply = client.post(
        reverse("instruments:answer", args=[response.pk, 1]),
        {"computer": "yes", "ict1": "7", "ict2": "2", "ict3": "2"},
    )
    assert reply.status_code == 400
    html = reply.content.decode()
    assert "I can send e-mails with an attachment." in html
    assert "outside the scale 1–4" in html
    response.refresh_from_db()
    assert response.answers == {}  # nothing of the page saved


def test_missing_required_answer_keeps_the_page(client):
    learner = learner_in_group()
    client.force_login(learner)
    client.post(reverse("instruments:start", args=["intake"]))
    response = Response.objects.get(respondent=learner)
    reply = client.post(reverse("instruments:answer", args=[response.pk, 1]), {"computer": "yes"})
    assert reply.status_code == 400
    assert "Answer this question." in reply.content.decode()


def test_half_finished_response_is_not_scored_and_has_no_report(client):
    learner = learner_in_group()
    client.force_login(learner)
    client.post(reverse("instruments:start", args=["intake"]))
    response = Response.objects.get(respondent=learner)
    # save and stop on the first page: nothing scored
    client.post(
        reverse("instruments:answer", args=[response.pk, 1]),
        {"computer": "yes", "ict1": "2", "__action": "stop"},
    )
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS and response.scores is None
    assert response.answers == {"computer": "yes", "ict1": 2}
    assert client.get(reverse("instruments:result", args=[response.pk])).status_code == 404


def test_someone_else_cannot_answer_in_my_response(client):
    learner = learner_in_group()
    other = learner_in_group()
    client.force_login(learner)
    client.post(reverse("instruments:start", args=["intake"]))
    response = Response.objects.get(respondent=learner)
    client.force_login(other)
    assert client.get(reverse("instruments:answer", args=[response.pk, 1])).status_code == 404
    assert client.post(reverse("instruments:answer", args=[response.pk, 1]), {}).status_code == 404


def test_home_page_offers_the_questionnaires_to_learners_and_coaches(client):
    learner = learner_in_group()
    coach = coach_of(learner)
    for person in (learner, coach):
        client.force_login(person)
        home = client.get("/").content.decode()
        assert reverse("instruments:index") in home


def test_coach_overview_lists_linked_learners_with_open_signals_first(client):
    from .builders import submitted

    calm = learner_in_group(full_name="Anna Calm")
    worried = learner_in_group(full_name="Zoe Worried")
    coach = coach_of(calm)
    from trajectwijzer.accounts.models import LinkKind
    from trajectwijzer.testing import link

    link(worried, LinkKind.COACH, person=coach)
    d = definition("intake")
    submitted(worried, "intake", full_answers(d, 4, computer="no", study_hours=10))
    client.force_login(coach)
    page = client.get(reverse("instruments:index"))
    rows = page.context["learners"]
    assert [r["learner"].full_name for r in rows] == ["Zoe Worried", "Anna Calm"]
    assert rows[0]["signals"] == 1 and rows[0]["results"] == 1


def test_report_says_who_a_point_is_shared_with_and_offers_the_workshop_topic(client):
    from trajectwijzer.accounts.models import Role
    from trajectwijzer.testing import make_member

    from .builders import submitted

    learner = learner_in_group()
    response = submitted(learner, "motivatiescan", full_answers(definition("motivatiescan"), 1))
    client.force_login(learner)
    html = client.get(reverse("instruments:result", args=[response.pk])).content.decode()
    assert "The programme sees this point only in group results of five or more" in html
    lecturer = make_member(Role.TEACHER)
    scan = submitted(
        lecturer, "selfscan_lecturers", full_answers(definition("selfscan_lecturers"), 1)
    )
    client.force_login(lecturer)
    html = client.get(reverse("instruments:result", args=[scan.pk])).content.decode()
    assert 'name="topic" maxlength="200" value="Flexible teaching"' in html
    assert "Tip: record your classes" in html


def test_screening_report_names_the_rung_its_trajectories_and_team(client):
    from .builders import submitted

    learner = learner_in_group()
    answers = full_answers(definition("screening"), "yes", rung="unpaid")
    response = submitted(learner, "screening", answers)
    client.force_login(learner)
    html = client.get(reverse("instruments:result", args=[response.pk])).content.decode()
    assert "4 Unpaid work." in html
    assert "Team: employment guidance." in html
    assert "Outcome: trajectory to work." in html


def test_finishing_with_an_earlier_page_unanswered_goes_back_there_naming_the_question(client):
    learner = learner_in_group()
    client.force_login(learner)
    client.post(reverse("instruments:start", args=["intake"]))
    response = Response.objects.get(respondent=learner)
    answers = full_answers(definition("intake"), 3)
    for number in (1, 3, 4):  # page 2 is left out via direct links
        assert _post_section(client, response, number, answers).status_code == 302
    reply = _post_section(client, response, 5, answers)
    target = reverse("instruments:answer", args=[response.pk, 2]) + "?incomplete=1"
    assert reply.url == target
    page = client.get(target)
    assert page.context["errors"] == {"ict_use": "Answer this question."}
    response.refresh_from_db()
    assert response.status == ResponseStatus.IN_PROGRESS and response.scores is None
