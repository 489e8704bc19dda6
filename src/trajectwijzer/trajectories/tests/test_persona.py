"""Persona at intake through what people get: the page, the API, the export, and the
rule the workplace-learning part calls (trajectories.persona.reduction_allowed)."""

from dataclasses import dataclass

import pytest
from django.test import Client

from trajectwijzer.accounts.models import AccessLogEntry, LinkKind, OrganisationKind, Role, User
from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.privacy import services as privacy
from trajectwijzer.testing import enrol, link, make_member, make_organisation, make_programme
from trajectwijzer.trajectories import persona as personas
from trajectwijzer.trajectories.models import Enrolment, PersonaDecision

pytestmark = pytest.mark.django_db

API = "/api/v1/trajectories/enrolments/{}/persona"


@dataclass
class World:
    learner: User
    coach: User
    staff: User
    hr: User
    stranger: User
    enrolment: Enrolment

    @property
    def page(self) -> str:
        return f"/trajectories/enrolments/{self.enrolment.pk}/persona/"


@pytest.fixture
def world() -> World:
    provider_org = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Persona")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Werkgever Persona")
    programme = make_programme(provider_org, title="Graduaat Accounting Administration")
    learner = make_member(Role.LEARNER, provider_org, full_name="Rita Reskiller")
    coach = make_member(Role.COACH, provider_org, full_name="Cas Coach")
    link(learner, LinkKind.COACH, person=coach)
    hr = make_member(Role.EMPLOYER_HR, employer)
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    return World(
        learner=learner,
        coach=coach,
        staff=make_member(Role.PROVIDER_ADMIN, provider_org, full_name="Sam Staff"),
        hr=hr,
        stranger=make_member(Role.COACH, provider_org),
        enrolment=enrol(learner, programme),
    )


def client(who: User) -> Client:
    c = Client()
    c.force_login(who)
    return c


def api(who: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(who, name='t')[1]}")


def test_the_quicksheet_gives_each_answer_pair_its_persona_and_the_reduction_rule(world):
    """All four cells through the API (intake, then corrections that follow the sheet),
    each with the reduction rule the workplace-learning part reads."""
    expected = [
        (True, True, "upskiller", False),
        (False, True, "reskiller", True),
        (False, False, "skiller", True),
        (True, False, "mirror_colleague", False),
    ]
    assert personas.reduction_allowed(world.enrolment) is False  # none decided: full track
    coach = api(world.coach)
    for related, own, persona, reduction in expected:
        body = {"work_related": related, "own_organisation": own, "reason": "intake gesprek"}
        response = coach.put(API.format(world.enrolment.pk), body, content_type="application/json")
        assert response.status_code == 200, response.content
        data = response.json()
        assert (data["persona"], data["reduction_allowed"]) == (persona, reduction)
        assert data["current"]["quicksheet_persona"] == persona
        assert personas.reduction_allowed(world.enrolment) is reduction
    assert [d["change"] for d in data["history"]] == ["intake"] + ["correction"] * 3
    assert data["history"][0]["decided_by"] == "Cas Coach"


def test_coach_decides_at_intake_and_the_learner_sees_persona_and_why(world):
    response = client(world.coach).post(
        world.page, {"work_related": "no", "own_organisation": "yes", "reason": ""}
    )
    assert response.status_code == 302
    page = client(world.learner).get(world.page)
    text = page.content.decode()
    assert page.status_code == 200
    assert '<span id="persona-value">Reskiller</span>' in text
    assert str(personas.QUICKSHEET[(False, True)].explanation) in text  # why
    assert 'name="work_related"' not in text  # the learner does not decide it
    coach_page = client(world.coach).get(world.page).content.decode()
    assert 'name="reason"' in coach_page and 'name="persona"' in coach_page  # correction
    assert AccessLogEntry.objects.filter(
        actor=world.coach, learner=world.learner, action="trajectories.view_persona"
    ).exists()
    # The plan page links to it.
    plan = client(world.learner).get(f"/trajectories/plans/{world.enrolment.pk}/")
    assert world.page in plan.content.decode()


def test_a_correction_needs_a_reason_and_every_decision_is_kept(world):
    coach = client(world.coach)
    coach.post(world.page, {"work_related": "yes", "own_organisation": "yes"})
    refused = coach.post(
        world.page,
        {"work_related": "yes", "own_organisation": "yes", "persona": "skiller", "reason": " "},
    )
    assert refused.status_code == 400
    assert "reason" in refused.content.decode()
    assert PersonaDecision.objects.count() == 1
    done = coach.post(
        world.page,
        {
            "work_related": "yes",
            "own_organisation": "yes",
            "persona": "skiller",
            "reason": "MARKER-persona-reason: works in another department",
        },
    )
    assert done.status_code == 302
    decisions = list(PersonaDecision.objects.order_by("number"))
    assert [(d.number, d.persona, d.change) for d in decisions] == [
        (1, "upskiller", "intake"),
        (2, "skiller", "correction"),
    ]
    assert personas.reduction_allowed(world.enrolment) is True
    learner_page = client(world.learner).get(world.page).content.decode()
    assert "MARKER-persona-reason" in learner_page and "Upskiller" in learner_page
    assert '<span id="persona-value">Skiller</span>' in learner_page
    assert str(personas.QUICKSHEET[(True, True)].explanation) in learner_page
    # The correction form starts from the current answers.
    assert 'value="yes" required checked' in client(world.coach).get(world.page).content.decode()
    with pytest.raises(ValueError):
        decisions[0].save()  # append-only


def test_provider_staff_decide_at_intake_but_only_the_coach_corrects(world):
    staff = api(world.staff)
    url = API.format(world.enrolment.pk)
    body = {"work_related": False, "own_organisation": False}
    assert staff.put(url, body, content_type="application/json").status_code == 200
    again = staff.put(url, {**body, "reason": "x"}, content_type="application/json")
    assert again.status_code == 403
    assert client(world.staff).get(world.page).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"work_related": "maybe", "own_organisation": True}, "work_related"),
        ({"work_related": True}, "own_organisation"),
        ({"work_related": True, "own_organisation": True, "persona": "novice"}, "persona"),
        ({"work_related": True, "own_organisation": True, "persona": "skiller"}, "persona"),
    ],
)
def test_bad_input_is_refused_naming_the_field(world, body, field):
    response = api(world.coach).put(
        API.format(world.enrolment.pk), body, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in str(response.json()["errors"])
    assert not PersonaDecision.objects.exists()


def test_unknown_answer_on_the_page_is_refused_naming_the_field(world):
    response = client(world.coach).post(
        world.page, {"work_related": "perhaps", "own_organisation": "yes"}
    )
    assert response.status_code == 400
    assert "work_related" in response.content.decode()
    assert not PersonaDecision.objects.exists()


def test_correction_without_reason_via_api_names_reason(world):
    url = API.format(world.enrolment.pk)
    coach = api(world.coach)
    body = {"work_related": True, "own_organisation": True}
    coach.put(url, body, content_type="application/json")
    response = coach.put(url, {**body, "persona": "skiller"}, content_type="application/json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert PersonaDecision.objects.count() == 1


def test_who_reads_and_who_decides(world):
    url = API.format(world.enrolment.pk)
    body = {"work_related": True, "own_organisation": True}
    for who in (world.hr, world.stranger):
        assert api(who).get(url).status_code == 404
        assert api(who).put(url, body, content_type="application/json").status_code == 404
        assert client(who).get(world.page).status_code == 404
    assert api(world.learner).put(url, body, content_type="application/json").status_code == 403
    assert client(world.learner).post(world.page, {**body}).status_code == 403
    assert api(world.learner).get(url).json()["persona"] is None


def test_the_persona_is_exported_and_erased_with_the_decider_anonymised(world):
    coach = api(world.coach)
    url = API.format(world.enrolment.pk)
    coach.put(
        url, {"work_related": False, "own_organisation": True}, content_type="application/json"
    )
    exported = privacy.export_person(world.learner)["trajectories"]["personas"]
    assert [(row["persona"], row["change"]) for row in exported] == [("reskiller", "intake")]
    made = privacy.export_person(world.coach)["trajectories"]["persona_decisions_made"]
    assert len(made) == 1
    privacy.erase_person(world.coach, dry_run=False, channel="cli")
    assert PersonaDecision.objects.get().decided_by is None
    privacy.erase_person(world.learner, dry_run=False, channel="cli")
    assert not PersonaDecision.objects.exists()
