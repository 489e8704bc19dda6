"""Exemption proposals across providers, automatic grants and a proposal turned into a request."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trajectwijzer.accounts.models import OrganisationKind
from trajectwijzer.catalogue.models import Module, Qualification
from trajectwijzer.recognition import matrix, proposals, queries
from trajectwijzer.recognition.models import (
    CompetenceCertificate,
    Decision,
    DecisionOutcome,
    EvidenceKind,
    Grounds,
    PriorQualification,
    RecognisedCompetence,
    RequestStatus,
)
from trajectwijzer.testing import make_organisation, make_programme

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 14)


def _rule(code: str, target: Module, **fields) -> dict:
    provider = target.programme.provider
    return {
        "code": code,
        "source_kind": fields.pop("source_kind", "qualification"),
        "target_module": matrix.module_reference(target),
        "grant": "whole",
        "valid_from": "2026-01-01",
        "maintained_by": provider.organisation.slug,
        **fields,
    }


def _import(*rules: dict) -> None:
    result = matrix.import_rules(list(enumerate(rules, start=1)))
    assert result.errors == [], [str(error) for error in result.errors]


def _certificate(world, competences, *, number="CB-2026-001") -> CompetenceCertificate:
    """A competentiebewijs of the learner at provider A (the world's provider)."""
    from trajectwijzer.recognition.models import Request

    request = Request.objects.create(
        learner=world.learner,
        procedure_version=world.version,
        provider=world.provider,
        programme=world.programme,
        started_by=world.learner,
        started_as="learner",
        status=RequestStatus.CLOSED,
    )
    certificate = CompetenceCertificate.objects.create(
        number=number,
        request=request,
        learner=world.learner,
        provider=world.provider,
        valid_from=datetime.date(2026, 6, 30),
    )
    for code in competences:
        RecognisedCompetence.objects.create(
            learner=world.learner,
            competence=world.competences[code],
            certificate=certificate,
            recognised_on=datetime.date(2026, 6, 30),
        )
    return certificate


@pytest.fixture
def other_modules(recognition_world):
    """More modules at provider B (the world's other provider)."""
    programme = recognition_world.other_programme
    return {
        code: Module.objects.create(programme=programme, code=code, title=f"Other {code}", hours=30)
        for code in ("O2", "O3", "O4", "O5")
    }


def test_a_competentiebewijs_at_one_provider_proposes_exemptions_at_another(
    recognition_world, other_modules
):
    world = recognition_world
    o1 = Module.objects.get(programme=world.other_programme, code="O1")
    fw = world.framework.code
    _import(
        _rule("B-C1", o1, source_kind="competences", source_competences=f"{fw}:C1|C2"),
        # Needs C3 too, which the certificate does not hold: no proposal.
        _rule(
            "B-C3",
            other_modules["O2"],
            source_kind="competences",
            source_competences=f"{fw}:C1|C3",
        ),
        # Ended before today: no proposal.
        _rule(
            "B-OLD",
            other_modules["O3"],
            source_kind="competences",
            source_competences=f"{fw}:C1",
            valid_until="2026-06-30",
        ),
    )
    assert proposals.proposals_for(world.learner, on=TODAY) == []  # nothing recognised yet

    certificate = _certificate(world, ["C1", "C2"])
    found = proposals.proposals_for(world.learner, on=TODAY)
    assert [(p.rule_code, p.provider_slug, p.target_module_code) for p in found] == [
        ("B-C1", world.other_provider.slug, "O1")
    ]
    assert found[0].source.kind == "certificate" and found[0].source.ids == (certificate.pk,)
    assert certificate.number in found[0].source_label
    assert found[0].as_json()["module"] == "O1" and found[0].as_json()["grant"] == "whole"


def test_qualifications_credentials_and_decisions_propose_and_decided_modules_are_left_out(
    recognition_world, other_modules
):
    world = recognition_world
    qualification = Qualification.objects.create(
        code="BK-TEST", title="Test qualification", vks_level=4, kind="beroepskwalificatie"
    )
    _import(
        _rule("B-Q", other_modules["O2"], source_qualification="BK-TEST"),
        _rule(
            "B-VCA",
            other_modules["O3"],
            source_kind="credential_type",
            source_credential_type="VCA",
            grant="hours",
            hours=12,
        ),
        _rule(
            "B-M1",
            other_modules["O4"],
            source_kind="module",
            source_module=matrix.module_reference(world.modules["M1"]),
        ),
        _rule("B-Q5", other_modules["O5"], source_qualification="BK-TEST"),
    )
    PriorQualification.objects.create(
        learner=world.learner,
        kind="diploma",
        title="Diploma",
        obtained_on=datetime.date(2019, 6, 30),
        qualification=qualification,
    )
    PriorQualification.objects.create(
        learner=world.learner,
        kind="credential",
        title="VCA basis",
        obtained_on=datetime.date(2024, 3, 1),
        credential_type="vca",  # recorded in another case: still the same credential type
    )
    # An exemption from M1 at provider A, in force: a source "module" for B's rule.
    now = timezone.now()
    Decision.objects.create(
        learner=world.learner,
        provider=world.provider,
        module=world.modules["M1"],
        outcome=DecisionOutcome.EXEMPT,
        reasoning="Passed",
        communicated_at=now,
        valid_from=datetime.date(2026, 7, 1),
    )
    # B already decided on O5: no proposal for it.
    Decision.objects.create(
        learner=world.learner,
        provider=world.other_provider,
        module=other_modules["O5"],
        outcome=DecisionOutcome.NOT_EXEMPT,
        reasoning="Not shown",
        communicated_at=now,
        valid_from=datetime.date(2026, 7, 1),
    )
    found = {p.target_module_code: p for p in proposals.proposals_for(world.learner, on=TODAY)}
    assert sorted(found) == ["O2", "O3", "O4"]
    assert found["O2"].source.kind == "prior_qualification"
    assert (found["O3"].grant, found["O3"].hours) == ("hours", 12)
    assert found["O4"].source.kind == "decision"
    # Someone else holding nothing gets nothing.
    assert proposals.proposals_for(world.other_learner, on=TODAY) == []


def test_proposals_take_a_constant_number_of_queries(recognition_world, other_modules):
    world = recognition_world
    fw = world.framework.code
    _certificate(world, ["C1", "C2", "C3"])
    Qualification.objects.create(code="BK-0", title="Q0", vks_level=4, kind="beroepskwalificatie")
    _import(
        _rule("R-0", other_modules["O2"], source_qualification="BK-0"),
        _rule(
            "R-0C", other_modules["O3"], source_kind="competences", source_competences=f"{fw}:C2"
        ),
    )
    PriorQualification.objects.create(
        learner=world.learner,
        kind="diploma",
        title="Q0",
        obtained_on=datetime.date(2020, 1, 1),
        qualification=Qualification.objects.get(code="BK-0"),
    )

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = proposals.proposals_for(world.learner, on=TODAY)
        return len(captured), len(found)

    few = count()
    # Ten more providers, each with rules of every kind, and more of the learner's sources.
    for number in range(10):
        organisation = make_organisation(OrganisationKind.PROVIDER, name=f"School {number}")
        programme = make_programme(organisation)
        module = Module.objects.create(programme=programme, code="X", title="X", hours=20)
        spare = Module.objects.create(programme=programme, code="Y", title="Y", hours=20)
        Qualification.objects.create(
            code=f"BK-{number + 1}", title="Q", vks_level=4, kind="beroepskwalificatie"
        )
        PriorQualification.objects.create(
            learner=world.learner,
            kind="diploma",
            title=f"Q{number}",
            obtained_on=datetime.date(2020, 1, 1),
            qualification=Qualification.objects.get(code=f"BK-{number + 1}"),
        )
        _import(
            _rule(f"R-{number}-Q", module, source_qualification=f"BK-{number + 1}"),
            _rule(
                f"R-{number}-C",
                spare,
                source_kind="competences",
                source_competences=f"{fw}:C1|C3",
            ),
        )
    many = count()
    assert many[1] == few[1] + 20  # every provider's two rules propose
    assert many[0] == few[0]


def test_automatic_rules_grant_communicated_decisions_once(recognition_world, other_modules):
    world = recognition_world
    fw = world.framework.code
    _import(
        _rule(
            "B-AUTO",
            other_modules["O2"],
            source_kind="competences",
            source_competences=f"{fw}:C1",
            grant="hours",
            hours=10,
            automatic=True,
            valid_until="2030-08-31",
        ),
        _rule(
            "B-MANUAL",
            other_modules["O3"],
            source_kind="competences",
            source_competences=f"{fw}:C2",
        ),
    )
    _certificate(world, ["C1", "C2"])
    granted = proposals.grant_automatic(world.learner, on=TODAY)
    assert [(d.module.code, d.outcome, d.hours_exempted) for d in granted] == [
        ("O2", DecisionOutcome.PARTLY_EXEMPT, 10)
    ]
    decision = granted[0]
    assert decision.communicated_at is not None and decision.matrix_rule.code == "B-AUTO"
    assert decision.valid_until == datetime.date(2030, 8, 31)
    # In the learner's language (Dutch): 20 of the module's 30 hours remain.
    assert decision.remaining_part.startswith("20 ") and " 30 " in decision.remaining_part
    # What the trajectory plan reads: a partial exemption made portable by the rule.
    [exemption] = queries.exemptions_for(world.learner, programme=world.other_programme, on=TODAY)
    assert (exemption.module_code, exemption.kind, exemption.hours) == ("O2", "partial", 10)
    assert exemption.portable_via_rule == "B-AUTO"
    # Idempotent, and the module is no longer proposed; the manual rule still is.
    assert proposals.grant_automatic(world.learner, on=TODAY) == []
    assert [p.rule_code for p in proposals.proposals_for(world.learner, on=TODAY)] == ["B-MANUAL"]


def test_a_proposal_becomes_an_evk_request_with_its_source_as_evidence(recognition_world):
    world = recognition_world
    o1 = Module.objects.get(programme=world.other_programme, code="O1")
    # Provider A's rule: module O1 completed at provider B exempts from M1 at A.
    _import(
        _rule(
            "A-O1",
            world.modules["M1"],
            source_kind="module",
            source_module=matrix.module_reference(o1),
        ),
        # A rule at B, whose provider runs no procedure: no request possible.
        _rule("B-O1", o1, source_kind="credential_type", source_credential_type="HACCP"),
    )
    PriorQualification.objects.create(
        learner=world.learner,
        kind="module",
        title="Other module O1",
        issuer="Other Academy",
        obtained_on=datetime.date(2025, 6, 30),
        module=o1,
    )
    PriorQualification.objects.create(
        learner=world.learner,
        kind="credential",
        title="HACCP",
        obtained_on=datetime.date(2025, 6, 30),
        credential_type="HACCP",
    )
    request = proposals.request_from_proposal(world.learner, world.learner, "A-O1", on=TODAY)
    assert request.from_rule.code == "A-O1" and request.grounds == [Grounds.EVK]
    assert list(request.modules.values_list("code", flat=True)) == ["M1"]
    [evidence] = request.evidence.all()
    assert evidence.kind == EvidenceKind.RECORD and evidence.title.startswith("Other module O1")
    assert evidence.snapshot["rule"] == "A-O1"
    # The proposal now points at the open request, and a second one is refused.
    [shown] = [p for p in proposals.proposals_for(world.learner, on=TODAY) if p.rule_code == "A-O1"]
    assert shown.open_request == str(request.public_id)
    with pytest.raises(ValidationError) as refused:
        proposals.request_from_proposal(world.learner, world.learner, "A-O1", on=TODAY)
    assert "rule" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        proposals.request_from_proposal(world.learner, world.learner, "B-O1", on=TODAY)
    assert "procedure" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        proposals.request_from_proposal(world.learner, world.learner, "NOPE", on=TODAY)
    assert "rule" in refused.value.message_dict


def test_the_coach_turns_the_learners_proposal_into_a_request(recognition_world):
    world = recognition_world
    _import(
        _rule(
            "A-VCA",
            world.modules["M2"],
            source_kind="credential_type",
            source_credential_type="VCA",
            grant="hours",
            hours=10,
        )
    )
    PriorQualification.objects.create(
        learner=world.learner,
        kind="credential",
        title="VCA",
        obtained_on=datetime.date(2024, 1, 1),
        credential_type="VCA",
    )
    request = proposals.request_from_proposal(world.coach, world.learner, "A-VCA", on=TODAY)
    assert (request.learner, request.started_by, request.started_as) == (
        world.learner,
        world.coach,
        "coach",
    )
    [evidence] = request.evidence.all()
    assert evidence.kind == EvidenceKind.RECORD and evidence.uploaded_by == world.coach
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        proposals.request_from_proposal(world.stranger, world.learner, "A-VCA", on=TODAY)
