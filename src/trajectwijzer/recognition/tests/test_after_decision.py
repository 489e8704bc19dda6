"""What a communicated decision sets going: automatic matrix grants at other providers
and the recalculation of the learner's study plan (issue #10 → #11)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from trajectwijzer.recognition import matrix, queries, services
from trajectwijzer.recognition.tests.test_services import (
    in_assessment,
    through_intake,
    through_jury,
    through_portfolio,
)
from trajectwijzer.testing import enrol
from trajectwijzer.trajectories import services as trajectories
from trajectwijzer.trajectories.models import ProviderTerm, StudyPlan

pytestmark = pytest.mark.django_db


def planned_codes(result: dict) -> set[str]:
    return {module["code"] for term in result["terms"] for module in term["modules"]}


def test_a_communicated_certificate_grants_automatic_rules_elsewhere_and_moves_the_plan(
    recognition_world, django_capture_on_commit_callbacks
):
    w = recognition_world
    o1 = w.other_programme.modules.get(code="O1")
    result = matrix.import_rules(
        [
            (
                1,
                {
                    "code": "B-AUTO-C1",
                    "source_kind": "competences",
                    "source_competences": f"{w.framework.code}:C1",
                    "target_module": matrix.module_reference(o1),
                    "grant": "whole",
                    "valid_from": "2026-01-01",
                    "automatic": "true",
                    "maintained_by": w.other_provider.organisation.slug,
                },
            )
        ]
    )
    assert result.errors == []
    year = "2026-2027"
    for number, (start, end) in enumerate(
        [
            (datetime.date(2026, 9, 14), datetime.date(2027, 1, 31)),
            (datetime.date(2027, 2, 8), datetime.date(2027, 6, 30)),
        ],
        start=1,
    ):
        ProviderTerm.objects.create(
            provider=w.provider, academic_year=year, number=number, starts_on=start, ends_on=end
        )
    enrolment = enrol(w.learner, w.programme, started_on=datetime.date(2026, 9, 15))
    trajectories.propose_plan(w.learner, enrolment, hours_per_week=20)
    before = StudyPlan.objects.get(enrolment=enrolment).current
    assert before.result["exempted"] == [] and "M1" in planned_codes(before.result)

    request = in_assessment(w, modules=("M1",))
    through_intake(w, request)
    through_portfolio(w, request, {"C1": "good", "C2": "sufficient"})
    through_jury(w, request)
    services.decide(
        w.jury_chair,
        request,
        decisions=[{"module": w.modules["M1"].pk, "outcome": "exempt", "reasoning": "Goed."}],
    )
    assert queries.exemptions_for(w.learner, programme=w.other_programme) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.communicate(w.jury_chair, request)

    # The certificate recognises C1: the automatic rule at the other provider grants O1.
    [elsewhere] = queries.exemptions_for(w.learner, programme=w.other_programme)
    assert (elsewhere.module_code, elsewhere.kind, elsewhere.portable_via_rule) == (
        "O1",
        "whole",
        "B-AUTO-C1",
    )
    # The plan was recalculated without M1, and the learner was told what moved.
    after = StudyPlan.objects.get(enrolment=enrolment).current
    assert after.number == before.number + 1
    assert after.result["exempted"] == ["M1"] and "M1" not in planned_codes(after.result)
    assert any("M1" in message.body for message in mail.outbox)
