"""Study plans through what people get: services, the plan page, the API and the CLI.

One programme (four 5-credit modules, see test_planning_engine.py for the hand-worked
numbers) at a provider with semesters of 15 weeks; the learner frees 10 hours a week.
"""

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from trajectwijzer.accounts.models import (
    AccessLogEntry,
    ConsentScope,
    LinkKind,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.accounts.services import create_api_token, give_consent_through_link
from trajectwijzer.caseload.models import Signal
from trajectwijzer.caseload.services import signal_text
from trajectwijzer.catalogue.models import Module, Programme
from trajectwijzer.cli import main
from trajectwijzer.testing import enrol, link, make_member, make_organisation, make_programme
from trajectwijzer.trajectories import services
from trajectwijzer.trajectories.models import (
    Enrolment,
    ModuleEntryMoment,
    PlanChange,
    ProviderTerm,
    StudyPlan,
    StudyPlanVersion,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/trajectories/enrolments/{}"


@dataclass
class World:
    programme: Programme
    modules: dict[str, Module]
    learner: User
    coach: User
    hr: User
    stranger: User
    enrolment: Enrolment


@pytest.fixture
def world() -> World:
    provider_org = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Plan")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Werkgever Plan")
    programme = make_programme(provider_org, title="Graduaat HR-support")
    for number, (start, end) in enumerate(
        [(dt.date(2026, 9, 14), dt.date(2027, 1, 31)), (dt.date(2027, 2, 8), dt.date(2027, 6, 30))],
        start=1,
    ):
        ProviderTerm.objects.create(
            provider=programme.provider,
            academic_year="2026-2027",
            number=number,
            starts_on=start,
            ends_on=end,
            teaching_weeks=15,
        )
    modules = {}
    for position, (code, term) in enumerate([("A", 1), ("B", 1), ("C", 2), ("D", 2)]):
        modules[code] = Module.objects.create(
            programme=programme, code=code, title=f"Module {code}", study_credits=5, term=term,
            position=position,
        )  # fmt: skip
    modules["C"].prerequisites.add(modules["A"])
    modules["D"].prerequisites.add(modules["B"])
    ModuleEntryMoment.objects.create(module=modules["B"], term_number=1)
    ModuleEntryMoment.objects.create(module=modules["D"], term_number=2)
    learner = make_member(Role.LEARNER, provider_org, full_name="Lotte Leerling")
    coach = make_member(Role.COACH, provider_org, full_name="Cas Coach")
    link(learner, LinkKind.COACH, person=coach)
    hr = make_member(Role.EMPLOYER_HR, employer)
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    enrolment = enrol(learner, programme, started_on=dt.date(2026, 9, 15))
    return World(
        programme=programme,
        modules=modules,
        learner=learner,
        coach=coach,
        hr=hr,
        stranger=make_member(Role.COACH, provider_org),
        enrolment=enrolment,
    )


def decide(world, code: str, **values):
    from trajectwijzer.recognition.models import Decision

    defaults = {"outcome": "exempt", "communicated_at": timezone.now()}
    defaults.update(values)
    return Decision.objects.create(
        learner=world.learner,
        provider=world.programme.provider,
        module=world.modules[code],
        reasoning="EVC-portfolio",
        valid_from=dt.date(2026, 9, 1),
        **defaults,
    )


# Services ----------------------------------------------------------------------------


def test_a_proposed_plan_is_stored_as_a_version_with_its_inputs(world):
    version = services.propose_plan(world.learner, world.enrolment)
    assert (version.number, version.change, version.created_by) == (
        1,
        PlanChange.PROPOSED,
        world.learner,
    )
    assert version.hours_per_week == 10 and version.start == "2026-2027:1"
    assert version.completion_date == dt.date(2028, 6, 30)
    document = services.plan_document(version)
    assert [t["key"] for t in document["terms"]][:2] == ["2026-2027:1", "2026-2027:2"]
    assert document["model"]["completion_date"] == "2027-06-30"


def test_exemptions_in_force_shorten_the_plan_and_others_do_not_count(world):
    decide(world, "A")
    decide(world, "B")
    decide(world, "C", communicated_at=None)  # not yet communicated
    decide(world, "D", valid_until=dt.date(2026, 9, 30))  # no longer valid
    version = services.propose_plan(world.learner, world.enrolment)
    assert version.result["exempted"] == ["A", "B"]
    assert version.completion_date == dt.date(2027, 6, 30)


def test_adjusting_keeps_every_version_and_refuses_a_stale_one(world):
    first = services.propose_plan(world.learner, world.enrolment)
    plan = first.plan
    second = services.adjust_plan(
        world.coach, plan, version=1, placements={"B": "2026-2027:1"}, hours_per_week=20
    )
    assert second.number == 2 and second.created_by == world.coach
    assert second.placements == {"B": "2026-2027:1"}
    with pytest.raises(services.PlanConflict) as conflict:
        services.adjust_plan(world.learner, plan, version=1, placements={}, hours_per_week=12)
    assert conflict.value.current_version == 2
    assert list(plan.versions.values_list("number", flat=True).order_by("number")) == [1, 2]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"hours_per_week": "tien"}, "hours_per_week"),
        ({"start": "2031-2032:1"}, "start"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(world, values, field):
    with pytest.raises(ValidationError) as error:
        services.propose_plan(world.learner, world.enrolment, **values)
    assert field in error.value.message_dict
    assert not StudyPlan.objects.exists()


def test_bad_placements_are_refused_before_the_version_moves(world):
    plan = services.propose_plan(world.learner, world.enrolment).plan
    with pytest.raises(ValidationError) as error:
        services.adjust_plan(world.learner, plan, version=1, placements={"Z": "2026-2027:1"})
    assert "placements" in error.value.message_dict
    plan.refresh_from_db()
    assert plan.version == 1 and plan.versions.count() == 1


def test_only_the_learner_and_their_coach_change_the_plan_and_hr_reads_with_consent(world):
    with pytest.raises(PermissionDenied):
        services.propose_plan(world.stranger, world.enrolment)
    with pytest.raises(PermissionDenied):
        services.what_if(world.hr, world.enrolment, hours_per_week=10)
    give_consent_through_link(
        world.learner,
        world.learner.learner_links.get(kind=LinkKind.EMPLOYER),
        scope=ConsentScope.PLANS,
    )
    hr = User.objects.get(pk=world.hr.pk)
    assert (
        services.what_if(hr, world.enrolment, hours_per_week=20)["completion_date"] == "2027-06-30"
    )
    with pytest.raises(PermissionDenied):
        services.propose_plan(hr, world.enrolment)


def test_a_recognition_decision_recalculates_the_plan_and_tells_coach_and_learner(
    world, django_capture_on_commit_callbacks
):
    services.propose_plan(world.learner, world.enrolment)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.recalculate_plans.enqueue([world.enrolment.pk]).return_value == {
            "plans": 1,
            "moved": 0,
        }
    assert not Signal.objects.exists() and not mail.outbox  # nothing moved, nobody told
    decide(world, "A")
    decide(world, "B")
    with django_capture_on_commit_callbacks(execute=True):
        services.recalculate_plans.enqueue([world.enrolment.pk])
    plan = StudyPlan.objects.get()
    latest = plan.current
    assert (latest.number, latest.change, latest.created_by) == (2, PlanChange.RECALCULATED, None)
    signal = Signal.objects.get(learner=world.learner, code=services.PLAN_MOVED_SIGNAL)
    assert signal.details["completion_date"] == {"from": "2028-06-30", "to": "2027-06-30"}
    assert {"module": "C", "from": "2026-2027:2", "to": "2026-2027:1"} in signal.details["moves"]
    assert "van 2028-06-30 naar 2027-06-30" in signal_text(signal)  # as the caseload shows it
    [message] = mail.outbox
    assert message.to == [world.learner.email]
    assert "C" in message.body and "2026-2027:1" in message.body


def test_a_timetable_change_queues_the_recalculation_of_the_provider_plans(
    world, django_capture_on_commit_callbacks
):
    services.propose_plan(world.learner, world.enrolment)
    ProviderTerm.objects.filter(number=2).update(ends_on=dt.date(2027, 7, 10))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.recalculate_after_timetable_change(world.programme.provider) == 1
    latest = StudyPlan.objects.get().current
    assert latest.change == PlanChange.RECALCULATED
    assert latest.completion_date == dt.date(2028, 7, 10)
    signal = Signal.objects.get(code=services.PLAN_MOVED_SIGNAL)
    assert signal.details["moves"] == []  # no module moved, only the date
    assert "naar 10 juli 2028" in mail.outbox[0].body  # Dutch, the default language


def test_any_of_prerequisites_refuse_a_cycle_naming_the_field(world):
    m = world.modules
    services.set_any_of_prerequisites(m["D"], [[m["A"], m["C"]]])
    assert services.programme_modules(world.programme)[-1].any_of == (("A", "C"),)
    with pytest.raises(ValidationError) as error:
        services.set_any_of_prerequisites(m["A"], [[m["D"], m["B"]]])  # A → D → A
    assert "any_of_prerequisites" in error.value.message_dict
    assert not m["A"].any_of_prerequisites.exists()


def test_an_entry_moment_outside_the_calendar_is_refused_naming_the_field(world):
    with pytest.raises(ValidationError) as error:
        services.set_entry_moments(world.modules["A"], [1, 3])
    assert "entry_moments" in error.value.message_dict
    assert "3" in error.value.message_dict["entry_moments"][0]
    assert not world.modules["A"].entry_moments.exists()
    assert services.set_entry_moments(world.modules["D"], [1]) == [1]
    assert list(world.modules["D"].entry_moments.values_list("term_number", flat=True)) == [1]


# Pages -------------------------------------------------------------------------------


def page(world, who: User, query: str = "") -> str:
    client = Client()
    client.force_login(who)
    response = client.get(f"/trajectories/plans/{world.enrolment.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_learner_sees_a_proposal_and_what_if_moves_the_completion_date(world):
    body = page(world, world.learner)
    assert "2028-06-30" in body and "2027-06-30" in body  # proposal and model path
    assert (
        "2027-06-30"
        in page(world, world.learner, "?hours_per_week=20").split('id="what-if-result"')[1]
    )
    no_february = page(world, world.learner, "?hours_per_week=20&unavailable_terms=2")
    assert "D wordt alleen aangeboden op een moment dat je niet kunt volgen" in no_february
    refused = page(world, world.learner, "?hours_per_week=0")
    assert "1" in refused and "60" in refused and 'class="message error"' in refused


def test_saving_and_adjusting_on_the_page_and_the_coach_sees_it_logged(world):
    client = Client()
    client.force_login(world.learner)
    url = f"/trajectories/plans/{world.enrolment.pk}/change/"
    client.post(url, {"op": "propose", "hours_per_week": "10", "start": "2026-2027:1"})
    client.post(url, {"op": "adjust", "version": "1", "hours_per_week": "20"})
    stale = client.post(url, {"op": "adjust", "version": "1", "hours_per_week": "12"}, follow=True)
    assert stale.status_code == 200
    assert "iemand anders heeft dit plan" in stale.content.decode().lower()  # Dutch by default
    assert StudyPlan.objects.get().version == 2
    body = page(world, world.coach)
    assert "Lotte Leerling" in body and "2027-06-30" in body
    assert AccessLogEntry.objects.filter(actor=world.coach, learner=world.learner).exists()
    stranger = Client()
    stranger.force_login(world.stranger)
    assert stranger.get(f"/trajectories/plans/{world.enrolment.pk}/").status_code == 404
    assert stranger.post(url, {"op": "propose", "hours_per_week": "10"}).status_code == 404


# API ---------------------------------------------------------------------------------


def api(who: User):
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(who, name='t')[1]}")


def test_api_plan_get_post_put_and_what_if(world):
    learner = api(world.learner)
    url = API.format(world.enrolment.pk)
    assert learner.get(url + "/plan").status_code == 404
    created = learner.post(url + "/plan", {"hours_per_week": 10}, content_type="application/json")
    assert created.status_code == 201 and created.json()["completion_date"] == "2028-06-30"
    put = learner.put(
        url + "/plan",
        {"version": 1, "hours_per_week": 20, "placements": {"B": "2026-2027:1"}},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["version"] == 2
    stale = learner.put(url + "/plan", {"version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    got = learner.get(url + "/plan").json()
    assert got["completion_date"] == "2027-06-30" and got["placements"] == {"B": "2026-2027:1"}
    what_if = learner.post(
        url + "/what-if", {"hours_per_week": 10}, content_type="application/json"
    )
    assert what_if.json()["completion_date"] == "2028-06-30"
    assert StudyPlan.objects.get().version == 2  # what-if saves nothing


def test_a_term_the_learner_cannot_attend_moves_modules_and_warns(world):
    learner = api(world.learner)
    url = API.format(world.enrolment.pk)
    body = {"hours_per_week": 20, "unavailable_terms": [2]}
    created = learner.post(url + "/plan", body, content_type="application/json").json()
    assert created["unavailable_terms"] == [2]
    # Nothing in February: C waits for September; D starts only in February.
    terms = {m["code"]: t["key"] for t in created["terms"] for m in t["modules"]}
    assert terms["C"] == "2027-2028:1"
    [warning] = [w for w in created["warnings"] if w["code"] == "not_attendable"]
    assert warning["module"] == "D" and "D" in warning["message"]
    bad = learner.post(
        url + "/what-if", {"hours_per_week": 20, "unavailable_terms": [5]},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["unavailable_terms"]


@pytest.mark.parametrize("hours", [0, 61])
def test_api_refuses_bad_hours_naming_the_field(world, hours):
    response = api(world.learner).post(
        API.format(world.enrolment.pk) + "/what-if",
        {"hours_per_week": hours},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["hours_per_week"]


def test_api_hides_the_plan_from_people_who_may_not_read_it(world):
    services.propose_plan(world.learner, world.enrolment)
    url = API.format(world.enrolment.pk)
    assert api(world.stranger).get(url + "/plan").status_code == 404
    assert (
        api(world.hr)
        .post(url + "/what-if", {"hours_per_week": 10}, content_type="application/json")
        .status_code
        == 404
    )
    coach = api(world.coach)
    assert coach.get(url + "/plan").status_code == 200


# CLI ---------------------------------------------------------------------------------


def test_cli_prints_the_plan_as_json_and_refuses_bad_input_with_exit_2(world, capsys):
    assert main(["trajectories", "plan", world.learner.email, "--hours-per-week", "20"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["completion_date"] == "2027-06-30"
    assert [m["code"] for m in printed["terms"][0]["modules"]] == ["A", "B"]
    for bad in ("0", "61", "tien"):
        assert main(["trajectories", "plan", world.learner.email, "--hours-per-week", bad]) == 2
        err = capsys.readouterr().err
        assert "--hours-per-week" in err and len(err.strip().splitlines()) == 1
    assert main(["trajectories", "plan", "nobody@example.org"]) == 2
    assert "EMAIL" in capsys.readouterr().err


# Privacy -----------------------------------------------------------------------------


def test_the_plan_is_exported_and_erased_with_the_learner_and_the_coach_anonymised(world):
    from trajectwijzer.privacy.registry import provider_for

    services.propose_plan(world.learner, world.enrolment)
    plan = StudyPlan.objects.get()
    services.adjust_plan(world.coach, plan, version=1, placements={}, hours_per_week=20)
    provider = provider_for("trajectories")
    exported = provider.export(world.learner)
    assert [row["number"] for row in exported["study_plans"]] == [1, 2]
    assert exported["study_plans"][1]["completion_date"] == "2027-06-30"
    assert len(provider.export(world.coach)["plan_versions_made"]) == 1
    provider.erase(world.coach, dry_run=False)
    assert StudyPlanVersion.objects.get(number=2).created_by is None
    provider.erase(world.learner, dry_run=False)
    assert not StudyPlanVersion.objects.exists() and not StudyPlan.objects.exists()
