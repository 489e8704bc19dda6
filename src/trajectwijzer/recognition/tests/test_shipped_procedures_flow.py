"""Decision rules of the shipped procedures, hand-worked, through the use cases.

Each case walks a request step by step with the verdicts given and checks what the
definition proposes and what a decision may say (seed lines in each definition file).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from trajectwijzer.accounts.models import Role
from trajectwijzer.catalogue.models import Module, Provider
from trajectwijzer.recognition import queries, services
from trajectwijzer.recognition.models import (
    AssessorRole,
    CompetenceCertificate,
    DecisionOutcome,
    StepStatus,
)
from trajectwijzer.testing import enrol, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


class Case:
    """A learner's request under one shipped procedure, with its provider's people."""

    def __init__(self, slug: str, codes: list[str], *, on=None):
        version = queries.ProcedureVersion.objects.get(procedure=slug, is_current=True)
        self.proc = queries.procedure_of(version)
        organisation = Provider.objects.get(slug=self.proc.provider).organisation
        self.learner = make_member(Role.LEARNER, organisation)
        self.admin = make_member(Role.PROVIDER_ADMIN, organisation)
        self.assessor = make_member(Role.ASSESSOR, organisation)
        self.chair = make_member(Role.ASSESSOR, organisation)
        self.modules = {
            m.code: m
            for m in Module.objects.filter(
                programme__external_id=self.proc.target.programme, code__in=codes
            )
        }
        self.slug, self.codes, self.on = slug, codes, on

    def start(self):
        self.request = services.start_request(
            self.learner,
            self.learner,
            procedure=self.slug,
            modules=[self.modules[c].pk for c in self.codes],
            grounds=[self.proc.grounds[0]],
            submit=True,
            on=self.on,
        )
        services.decide_admissibility(self.admin, self.request, admissible=True)
        services.assign_assessor(self.admin, self.request, self.assessor)
        services.assign_assessor(self.admin, self.request, self.chair, role=AssessorRole.JURY_CHAIR)
        return self

    def walk(self, verdicts: dict[str, bool], default: bool = True):
        """Judge and complete every step that comes up (passing or failing by verdict)."""
        while (record := queries.current_step(self.request)) is not None:
            step = self.proc.step(record.step_key)
            passes = verdicts.get(step.key, default)
            judge = self.chair if step.assessor_role == AssessorRole.JURY_CHAIR else self.assessor
            if record.status == StepStatus.WAITING_ON_LEARNER:
                services.hand_in_step(self.learner, self.request, step.key)
            value = next(v.value for v in step.framework.scale if v.passes is passes)
            if step.assesses:
                services.record_judgements(
                    judge,
                    self.request,
                    step.key,
                    judgements=[{"competence": c, "value": value} for c in step.assesses],
                )
            services.complete_step(
                judge,
                self.request,
                step.key,
                passed=passes if step.pass_rule == "judged" else None,
            )
        return self

    def statuses(self) -> dict[str, str]:
        return dict(self.request.steps.values_list("step_key", "status"))

    def proposed(self) -> dict[str, tuple]:
        return {
            p.module.code: (p.outcome, p.hours_exempted or p.internship_weeks_reduced)
            for p in services.proposed_outcomes(self.request)
        }

    def decider(self):
        role = self.proc.deciding_role
        return {"provider_admin": self.admin, "jury_chair": self.chair}.get(role, self.assessor)


def test_woodwize_two_of_six_assignments_passed_exempt_two_modules_and_no_certificate(
    shipped_procedures_world,
):
    """Seed 001: each passed assignment exempts its module; partial exemptions when the
    whole test is not passed; the sector's modules are workplace-based but exemptable by
    this standard (exempts_workplace_learning); no appeal."""
    codes = ["WV", "SCHA", "ZAAG", "BOOR", "FREE", "SCHU"]
    case = Case("woodwize-machinaal-houtbewerker", codes).start()
    case.walk({"werkvoorbereiding": True, "schaven": True}, default=False)
    proposed = case.proposed()
    assert {c for c, (o, _n) in proposed.items() if o == DecisionOutcome.EXEMPT} == {"WV", "SCHA"}
    services.decide(
        case.decider(),
        case.request,
        decisions=[
            {"module": case.modules[c].pk, "outcome": o, "reasoning": "Proef."}
            for c, (o, _n) in proposed.items()
        ],
    )
    services.communicate(case.decider(), case.request)
    case.request.refresh_from_db()
    assert case.request.status == "closed"  # no appeal: closed once communicated
    assert not CompetenceCertificate.objects.filter(request=case.request).exists()
    assert {e.module_code for e in queries.exemptions_for(case.learner)} == {"WV", "SCHA"}


def test_syntra_runs_only_the_tests_of_the_requested_modules_and_refuses_after_1_september(
    shipped_procedures_world,
):
    """Seed 001: a reasoned request before the course year; pass → the module is skipped;
    workplace learning (WPL) is not even a target."""
    case = Case("syntra-vrijstellingsproef", ["COM"], on=datetime.date(2026, 8, 20))
    programme = case.modules["COM"].programme
    assert "WPL" not in case.proc.target.modules
    enrol(case.learner, programme, started_on=datetime.date(2026, 9, 1))
    case.start().walk({})
    assert case.statuses() == {
        "proef_com": StepStatus.PASSED,
        "proef_verz": StepStatus.SKIPPED,
        "proef_ontw": StepStatus.SKIPPED,
        "proef_veil": StepStatus.SKIPPED,
    }
    assert case.proposed() == {"COM": (DecisionOutcome.EXEMPT, None)}
    late = Case("syntra-vrijstellingsproef", ["VERZ"], on=datetime.date(2026, 9, 1))
    enrol(late.learner, programme, started_on=datetime.date(2026, 9, 1))
    with pytest.raises(ValidationError) as error:
        late.start()
    assert "before 2026-09-01" in error.value.message_dict["submitted_on"][0]


def test_howest_stageportfolio_shortens_internships_by_three_weeks_each_at_most_six(
    shipped_procedures_world,
):
    """Seed 000 lines 528–568: the internship is shortened by the decided weeks, at most
    2 × 3 weeks per programme; never a whole exemption of an internship."""
    codes = ["STAGE1", "STAGE2", "STAGE3"]
    case = Case("howest-stageportfolio", codes).start().walk({})
    assert case.proposed() == {c: (DecisionOutcome.PARTLY_EXEMPT, 3) for c in codes}

    def decision(code, **fields):
        return {
            "module": case.modules[code].pk,
            "outcome": "partly_exempt",
            "internship_weeks_reduced": 3,
            "remaining_part": "De rest van de stage.",
            "reasoning": "Huidige job.",
            **fields,
        }

    with pytest.raises(ValidationError) as error:
        services.decide(case.decider(), case.request, decisions=[decision(c) for c in codes])
    assert "9 weeks" in error.value.message_dict["decisions"][0]
    with pytest.raises(ValidationError) as error:
        services.decide(
            case.decider(),
            case.request,
            decisions=[decision("STAGE1", outcome="exempt", internship_weeks_reduced=None)],
        )
    assert "workplace learning" in error.value.message_dict["decisions.0.outcome"][0]
    services.decide(
        case.decider(),
        case.request,
        decisions=[
            decision("STAGE1"),
            decision("STAGE2"),
            {"module": case.modules["STAGE3"].pk, "outcome": "not_exempt", "reasoning": "Max."},
        ],
    )
    services.communicate(case.decider(), case.request)
    weeks = {e.module_code: e.internship_weeks for e in queries.exemptions_for(case.learner)}
    assert weeks == {"STAGE1": 3, "STAGE2": 3}


def test_ge_start_competentiebewijs_after_the_deliberation(shipped_procedures_world):
    """Seed 004 lines 81–160: portfolio, home assignments, STARR interview, simulation, two
    integrated assignments, then the jury decides on the competentiebewijs."""
    codes = ["SW-REL", "SW-METH", "SW-NET", "SW-ETH", "SW-MAAT"]
    case = Case("ge-start-sociaal-werk", codes).start()
    case.walk({"simulation": False})
    proposed = case.proposed()
    # The simulation is part of SW-REL's and SW-NET's conditions.
    assert proposed["SW-REL"][0] == proposed["SW-NET"][0] == DecisionOutcome.NOT_EXEMPT
    assert proposed["SW-METH"][0] == DecisionOutcome.EXEMPT
    services.decide(
        case.decider(),
        case.request,
        decisions=[
            {"module": case.modules[c].pk, "outcome": o, "reasoning": "Jury."}
            for c, (o, _n) in proposed.items()
        ],
    )
    services.communicate(case.decider(), case.request)
    certificate = CompetenceCertificate.objects.get(request=case.request)
    recognised = queries.recognised_competences(case.learner)
    codes_recognised = {r.competence.code for r in recognised.values() if r.certificate}
    assert certificate.provider.slug == "odisee" and codes_recognised >= {"SAW1", "SAW5"}


def test_educam_practical_test_only_when_the_interview_did_not_pass(shipped_procedures_world):
    codes = ["AT-DIAG", "AT-ELEK"]
    passed = Case("educam-voertuigtechnologie", codes).start().walk({})
    assert passed.statuses()["practical_test"] == StepStatus.SKIPPED
    failed = Case("educam-voertuigtechnologie", codes).start()
    failed.walk({"competence_interview": False})
    assert failed.statuses()["practical_test"] == StepStatus.PASSED
