"""Fixtures every recognition test uses.

``recognition_world``: a small catalogue (provider with its organisation, a programme
with a framework of competences and indicators, modules including an internship and a
workplace-learning module that cannot be exempted), the test procedures of
``fixtures/*.yaml`` synced into versions, and the people around one learner (coach,
mentor and employer HR with current links, two assessors and a jury chair at the
provider, a provider admin, and people who must be refused).

``shipped_procedures_world``: the five shipped procedures synced against the demo
catalogue records they name (``recognition.demo_catalogue.load_procedure_catalogue``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from trajectwijzer.accounts.models import LinkKind, OrganisationKind, Role, User

FIXTURES = Path(__file__).parent / "fixtures"
TEST_PROCEDURE = FIXTURES / "rec-test.yaml"  # slug rec-test
DEADLINE_PROCEDURE = FIXTURES / "rec-test-deadline.yaml"  # slug rec-test-deadline

PROVIDER_SLUG = "rec-test-academy"
PROGRAMME_ID = "REC-TEST-PROG"
FRAMEWORK_CODE = "rec-test-framework"


@dataclass
class RecognitionWorld:
    organisation: object  # accounts Organisation of the provider
    provider: object
    programme: object
    framework: object
    competences: dict  # code → Competence: C1, C2, C3 in the target; C9 in the framework only
    indicators: dict  # code → Indicator: C1.1, C1.2, C2.1, C3.1, C9.1
    modules: dict  # code → Module: M1 (40 h), M2 (30 h, 3 credits), STAGE (internship), WPL
    version: object  # ProcedureVersion of rec-test (fixtures/rec-test.yaml)
    deadline_version: object  # ProcedureVersion of rec-test-deadline
    employer: object  # accounts Organisation (employer) of the learner
    learner: User
    coach: User  # current coach link
    mentor: User  # current mentor link (at the employer)
    employer_hr: User  # HR of the learner's employer (employer link)
    assessor: User  # active assessor membership at the provider (assign them yourself)
    other_assessor: User  # assessor at the provider, never assigned
    jury_chair: User  # assessor at the provider; assign with AssessorRole.JURY_CHAIR
    provider_admin: User
    other_provider_admin: User  # admin of another provider
    other_learner: User  # a second learner of the provider, no links
    stranger: User  # a learner elsewhere with no relation to anyone here
    other_provider: object
    other_programme: object  # at other_provider, module O1 (competence C1 of the framework)
    extras: dict = field(default_factory=dict)

    @property
    def procedure(self):
        from trajectwijzer.recognition.procedures import procedure_for

        return procedure_for(self.version)


def build_recognition_world() -> RecognitionWorld:
    from trajectwijzer.catalogue.models import (
        Competence,
        CompetenceFramework,
        Indicator,
        Module,
        Provider,
    )
    from trajectwijzer.recognition.procedures import sync_procedures
    from trajectwijzer.testing import link, make_member, make_organisation, make_programme

    organisation = make_organisation(OrganisationKind.PROVIDER, name="Rec Test Academy")
    provider = Provider.objects.create(
        organisation=organisation, slug=PROVIDER_SLUG, name="Rec Test Academy", kind="cvo"
    )
    framework = CompetenceFramework.objects.create(code=FRAMEWORK_CODE, title="Test framework")
    competences = {}
    indicators = {}
    for position, (code, indicator_codes) in enumerate(
        [("C1", ["C1.1", "C1.2"]), ("C2", ["C2.1"]), ("C3", ["C3.1"]), ("C9", ["C9.1"])]
    ):
        competence = Competence.objects.create(
            framework=framework, code=code, title=f"Competence {code}", position=position
        )
        competences[code] = competence
        for indicator_position, indicator_code in enumerate(indicator_codes):
            indicators[indicator_code] = Indicator.objects.create(
                competence=competence,
                code=indicator_code,
                title=f"Indicator {indicator_code}",
                position=indicator_position,
            )
    programme = make_programme(
        organisation,
        external_id=PROGRAMME_ID,
        title="Test programme",
        framework=framework,
        kind="beroepsopleiding",
    )
    assert programme.provider_id == provider.pk
    modules = {}
    for position, (code, extra, covered) in enumerate(
        [
            ("M1", {"hours": 40}, ["C1"]),
            ("M2", {"hours": 30, "study_credits": 3}, ["C2", "C3"]),
            ("STAGE", {"study_credits": 6, "is_workplace_learning": True}, ["C1", "C2", "C3"]),
            ("WPL", {"hours": 60, "is_workplace_learning": True, "is_exemptable": False}, []),
        ]
    ):
        module = Module.objects.create(
            programme=programme, code=code, title=f"Module {code}", position=position, **extra
        )
        module.competences.set([competences[c] for c in covered])
        modules[code] = module

    other_organisation = make_organisation(OrganisationKind.PROVIDER, name="Other Academy")
    other_programme = make_programme(other_organisation, external_id="REC-OTHER-PROG")
    other_module = Module.objects.create(
        programme=other_programme, code="O1", title="Other", hours=20
    )
    other_module.competences.set([competences["C1"]])

    versions = {v.procedure: v for v in sync_procedures([TEST_PROCEDURE, DEADLINE_PROCEDURE])}

    employer = make_organisation(OrganisationKind.EMPLOYER, name="Test Employer")
    learner = make_member(Role.LEARNER, organisation, full_name="Lotte Learner")
    coach = make_member(Role.COACH, organisation, full_name="Cas Coach")
    mentor = make_member(Role.MENTOR, employer, full_name="Mia Mentor")
    employer_hr = make_member(Role.EMPLOYER_HR, employer, full_name="Hugo HR")
    link(learner, LinkKind.COACH, person=coach)
    link(learner, LinkKind.MENTOR, person=mentor, organisation=employer)
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    return RecognitionWorld(
        organisation=organisation,
        provider=provider,
        programme=programme,
        framework=framework,
        competences=competences,
        indicators=indicators,
        modules=modules,
        version=versions["rec-test"],
        deadline_version=versions["rec-test-deadline"],
        employer=employer,
        learner=learner,
        coach=coach,
        mentor=mentor,
        employer_hr=employer_hr,
        assessor=make_member(Role.ASSESSOR, organisation, full_name="Ada Assessor"),
        other_assessor=make_member(Role.ASSESSOR, organisation, full_name="Otto Assessor"),
        jury_chair=make_member(Role.ASSESSOR, organisation, full_name="Jules Chair"),
        provider_admin=make_member(
            Role.PROVIDER_ADMIN, organisation, is_admin=True, full_name="Paula Admin"
        ),
        other_provider_admin=make_member(
            Role.PROVIDER_ADMIN, other_organisation, is_admin=True, full_name="Olga Admin"
        ),
        other_learner=make_member(Role.LEARNER, organisation, full_name="Olivier Learner"),
        stranger=make_member(Role.LEARNER, full_name="Stijn Stranger"),
        other_provider=other_programme.provider,
        other_programme=other_programme,
    )


@pytest.fixture
def recognition_world(db) -> RecognitionWorld:
    return build_recognition_world()


@pytest.fixture
def shipped_procedures_world(db) -> dict:
    """The five shipped procedures synced (slug → ProcedureVersion) on the demo catalogue."""
    from trajectwijzer.recognition.demo_catalogue import load_procedure_catalogue
    from trajectwijzer.recognition.procedures import sync_procedures

    load_procedure_catalogue()
    return {version.procedure: version for version in sync_procedures()}
