"""Demo: a Woodwize operator halfway, a stageportfolio decision of 3 weeks, and a GE-START
competentiebewijs that proposes an exemption at a second provider."""

from __future__ import annotations

import pytest

from trajectwijzer.accounts.models import User
from trajectwijzer.recognition import queries
from trajectwijzer.recognition.models import (
    CompetenceCertificate,
    Request,
    RequestStatus,
    StepStatus,
)

pytestmark = pytest.mark.django_db


def test_the_demo_walks_three_learners_through_their_procedures_once():
    from trajectwijzer.demo.loader import load_demo

    load_demo()
    load_demo()  # idempotent
    assert Request.objects.count() == 3

    operator = User.objects.get(email="houtbewerker@demo.trajectwijzer.be")
    woodwize = Request.objects.get(learner=operator)
    steps = dict(woodwize.steps.values_list("step_key", "status"))
    passed = [key for key, status in steps.items() if status == StepStatus.PASSED]
    assert sorted(passed) == ["schaven", "werkvoorbereiding"]
    assert steps["zagen"] == StepStatus.WAITING_ON_LEARNER
    assert woodwize.status == RequestStatus.IN_ASSESSMENT

    lotte = User.objects.get(email="leerling@demo.trajectwijzer.be")
    exemptions = {e.module_code: e for e in queries.exemptions_for(lotte)}
    stage = exemptions["STAGE1"]  # her stageportfolio; WET1 and ICT come from her plan's demo
    assert (stage.kind, stage.internship_weeks) == ("partial", 3)
    assert sorted(exemptions) == ["ICT", "STAGE1", "WET1"]

    sara = User.objects.get(email="sociaalwerker@demo.trajectwijzer.be")
    certificate = CompetenceCertificate.objects.get(learner=sara)
    assert certificate.provider.slug == "odisee"
    from trajectwijzer.recognition.proposals import proposals_for

    proposed = proposals_for(sara)
    [artevelde] = [p for p in proposed if p.rule_code == "ARTEVELDE-GSW-GESPREK-GESTART"]
    assert (artevelde.provider_slug, artevelde.target_module_code) == (
        "arteveldehogeschool",
        "GSW-GESPREK",
    )
