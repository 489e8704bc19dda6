"""Development plans: drafting from gaps, validation, optimistic locking, consent, PDF."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import AccessLogEntry, ConsentScope
from trajectwijzer.catalogue.models import Module
from trajectwijzer.testing import make_programme

from .. import reports, services
from ..models import DevelopmentPlan, PlanAction, PlanGoal
from .builders import make_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return make_setup()


def document_text(document) -> str:
    texts = []

    def walk(box):
        if hasattr(box, "text"):
            texts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(texts).split())


def test_a_draft_from_the_gaps_has_a_goal_per_gap_largest_first(setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP Anna")
    goals = list(plan.goals.all())
    assert [(g.competence.code, g.target_level) for g in goals] == [("C", 4), ("A", 3)]
    assert plan.version == 1 and not plan.drafted_by_employee


def test_the_employee_drafts_their_own_plan(setup):
    plan = services.draft_from_gaps(setup.anna, setup.row_anna)
    assert plan.drafted_by_employee


def test_a_colleague_cannot_draft_a_plan_for_another_employee(setup):
    with pytest.raises(PermissionDenied):
        services.draft_from_gaps(setup.bert, setup.row_anna)


def test_bad_input_names_every_field_and_stores_nothing(setup):
    with translation.override("en"), pytest.raises(services.InputError) as caught:
        services.create_plan(
            setup.hr,
            setup.row_anna,
            {
                "title": "",
                "status": "finished",
                "goals": [
                    {"competence": "ZZ", "target_level": 2},
                    {
                        "competence": "A",
                        "target_level": 9,
                        "actions": [{"kind": "module", "module_id": 999999}, {"kind": "buddy"}],
                    },
                ],
            },
        )
    fields = [field for field, _message in caught.value.errors]
    assert fields == [
        "title",
        "status",
        "goals[1].competence",
        "goals[2].target_level",
        "goals[2].actions[1].module_id",
        "goals[2].actions[2].description",
    ]
    messages = dict(caught.value.errors)
    assert "allowed: draft, agreed, in_progress, completed" in messages["status"]
    assert "allowed: 1, 2, 3, 4" in messages["goals[2].target_level"]
    assert "allowed: A, B, C" in messages["goals[1].competence"]
    assert DevelopmentPlan.objects.count() == 0 and PlanGoal.objects.count() == 0


def test_two_edits_from_the_same_version_the_second_is_refused_and_nothing_is_lost(setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP")
    version = plan.version
    first = services.plan_document(plan)
    second = services.plan_document(plan)
    first["goals"][0]["actions"] = [{"kind": "buddy", "description": "Marek als buddy"}]
    second["title"] = "Overwritten title"
    second["goals"] = []
    services.save_plan(setup.hr, DevelopmentPlan.objects.get(pk=plan.pk), first, version)
    with pytest.raises(services.PlanConflict) as caught:
        services.save_plan(setup.anna, DevelopmentPlan.objects.get(pk=plan.pk), second, version)
    assert caught.value.current_version == version + 1
    stored = DevelopmentPlan.objects.get(pk=plan.pk)
    assert stored.version == version + 1 and stored.title == "POP"
    assert stored.goals.count() == 2
    assert PlanAction.objects.get().description == "Marek als buddy"


def test_an_invalid_change_does_not_bump_the_version(setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP")
    with pytest.raises(services.InputError):
        services.change_plan(setup.hr, plan, 1, {"op": "header", "title": "", "status": "draft"})
    assert DevelopmentPlan.objects.get(pk=plan.pk).version == 1


def test_the_page_shows_a_conflict_and_keeps_the_other_change(client, setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP")
    url = reverse("development:plan", args=[plan.pk])
    client.force_login(setup.hr)
    form = {"op": "header", "version": 1, "title": "First", "status": "agreed", "note": ""}
    assert client.post(url, form).status_code == 302
    client.force_login(setup.anna)
    with translation.override("en"):
        response = client.post(url, {**form, "title": "Second"}, headers={"accept-language": "en"})
    assert response.status_code == 409
    assert "Someone else changed this plan" in response.content.decode()
    assert DevelopmentPlan.objects.get(pk=plan.pk).title == "First"


def test_page_operations_add_and_remove_goals_and_actions(client, setup):
    programme = make_programme()
    module = Module.objects.create(programme=programme, code="M", title="Module M")
    module.competences.add(setup.competence("B"))
    plan = services.create_plan(setup.anna, setup.row_anna, {"title": "Mijn plan"})
    url = reverse("development:plan", args=[plan.pk])
    client.force_login(setup.anna)
    steps = [
        {"op": "add_goal", "competence": "B", "target_level": "3"},
        {"op": "add_action", "goal": "1", "kind": "module", "module_id": str(module.pk)},
        {"op": "add_action", "goal": "1", "kind": "buddy", "description": "Buddy Jan"},
        {"op": "action_status", "goal": "1", "action": "2", "status": "done"},
        {"op": "remove_action", "goal": "1", "action": "1"},
        {"op": "goal_status", "goal": "1", "status": "in_progress"},
    ]
    for version, step in enumerate(steps, start=1):
        response = client.post(url, {**step, "version": version})
        assert response.status_code == 302, (step, response.content[:500])
    goal = PlanGoal.objects.get(plan=plan)
    assert goal.status == "in_progress" and goal.target_level == 3
    [action] = goal.actions.all()
    assert (action.kind, action.description, action.status) == ("buddy", "Buddy Jan", "done")
    page = client.get(url).content.decode()
    assert "Module M" in page  # suggested from the catalogue for competence B
    response = client.post(url, {"op": "remove_goal", "goal": "1", "version": len(steps) + 1})
    assert response.status_code == 302 and not PlanGoal.objects.filter(plan=plan).exists()


def test_the_api_answers_409_on_a_stale_version_and_400_with_fields(client, setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP")
    token = account_services.create_api_token(setup.hr, name="test")[1]
    headers = {"authorization": f"Bearer {token}"}
    url = f"/api/v1/development/plans/{plan.pk}"
    body = client.get(url, headers=headers).json()
    assert body["version"] == 1 and [g["competence"] for g in body["goals"]] == ["C", "A"]
    body["title"] = "Nieuw"
    response = client.put(url, json.dumps(body), content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["version"] == 2
    body["title"] = "Stale"
    response = client.put(url, json.dumps(body), content_type="application/json", headers=headers)
    assert response.status_code == 409 and response.json()["current_version"] == 2
    assert DevelopmentPlan.objects.get(pk=plan.pk).title == "Nieuw"
    bad = {**body, "version": 2, "goals": [{"competence": "A", "target_level": 7}]}
    response = client.put(url, json.dumps(bad), content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "goals[1].target_level"
    response = client.put(
        url, json.dumps({"title": "x"}), content_type="application/json", headers=headers
    )
    assert response.status_code == 400  # version missing: a field error, not a 500


def test_a_plan_the_employee_drafted_needs_consent_before_the_employer_sees_it(setup):
    from trajectwijzer.accounts import policy
    from trajectwijzer.development import rules as development_rules

    plan = services.create_plan(setup.anna, setup.row_anna, {"title": "Van mij"})
    assert not policy.can(setup.hr, development_rules.VIEW_PLAN, plan)
    assert not policy.can(setup.team_leader, development_rules.CHANGE_PLAN, plan)
    consent = account_services.give_consent(
        setup.anna, scope=ConsentScope.PLANS, recipient_organisation=setup.employer
    )
    assert policy.can(setup.hr, development_rules.VIEW_PLAN, plan)
    assert policy.can(setup.team_leader, development_rules.CHANGE_PLAN, plan)
    account_services.withdraw_consent(setup.anna, consent)
    assert not policy.can(setup.hr, development_rules.VIEW_PLAN, plan)


def test_a_managers_read_of_a_plan_is_logged(client, setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna)
    client.force_login(setup.hr)
    client.get(reverse("development:plan", args=[plan.pk]))
    assert AccessLogEntry.objects.filter(
        actor=setup.hr, learner=setup.anna, action="development.view_plan"
    ).exists()


def test_the_pdf_holds_the_plan(setup):
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP Anna 2026")
    plan = services.change_plan(
        setup.hr,
        plan,
        1,
        {"op": "add_action", "goal": "1", "kind": "buddy", "description": "Marek als taalbuddy"},
    )
    with translation.override("en"):
        text = document_text(reports.plan_document(plan))
    assert "Personal development plan: POP Anna 2026" in text
    assert "Anna Arbeider" in text and "Vlees NV" in text
    assert "C Competence C" in text and "Target level: 4. Level 4" in text
    assert "Buddy" in text and "Marek als taalbuddy" in text


def test_the_pdf_download(client, setup):
    plan = services.draft_from_gaps(setup.anna, setup.row_anna)
    client.force_login(setup.anna)
    response = client.get(reverse("development:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_nul_character_in_a_competence_code_is_a_field_error(setup):
    with pytest.raises(services.InputError) as caught:
        services.record_observation(setup.hr, setup.row_anna, "A\x00", 2)
    assert caught.value.errors[0][0] == "competence"


def test_the_employee_shares_and_stops_sharing_their_own_plans_from_the_plan_page(client, setup):
    from trajectwijzer.accounts import policy
    from trajectwijzer.accounts.models import Consent
    from trajectwijzer.development import rules as development_rules

    plan = services.create_plan(setup.anna, setup.row_anna, {"title": "Van mij"})
    url = reverse("development:plan", args=[plan.pk])
    client.force_login(setup.anna)
    page = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert "Share my plans with my employer" in page
    assert client.post(url, {"op": "share"}).status_code == 302
    assert policy.can(setup.hr, development_rules.VIEW_PLAN, plan)
    consent = Consent.objects.get(learner=setup.anna, scope=ConsentScope.PLANS)
    assert consent.recipient_organisation == setup.employer and consent.is_active
    assert client.post(url, {"op": "unshare"}).status_code == 302
    assert not policy.can(setup.hr, development_rules.VIEW_PLAN, plan)
    consent.refresh_from_db()
    assert not consent.is_active  # withdrawn, never deleted


def test_only_the_employee_shares_their_own_plans(client, setup):
    plan = services.create_plan(setup.anna, setup.row_anna, {"title": "Van mij"})
    services.share_plans_with_employer(setup.anna, setup.row_anna, True)
    client.force_login(setup.hr)
    response = client.post(reverse("development:plan", args=[plan.pk]), {"op": "unshare"})
    assert response.status_code == 403
