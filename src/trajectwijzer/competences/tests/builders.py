"""Builders for competence tests: a programme with a framework, a group and the people
around one learner."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from trajectwijzer.accounts.models import Consent, LinkKind, OrganisationKind, Role, User
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Indicator,
    MasteryLevel,
    Module,
    Programme,
)
from trajectwijzer.competences.models import Assessment
from trajectwijzer.testing import (
    enrol,
    link,
    make_group,
    make_member,
    make_organisation,
    make_programme,
)
from trajectwijzer.trajectories.models import Group

LEVELS = ["Oriënterend", "Begeleid", "Zelfstandig", "Autonoom"]


def make_framework(code: str = "fw", competences: int = 2, indicators: int = 2):
    framework = CompetenceFramework.objects.create(code=code, title=f"Framework {code}")
    for rank, title in enumerate(LEVELS, 1):
        MasteryLevel.objects.create(framework=framework, rank=rank, title=title)
    for c in range(competences):
        competence = Competence.objects.create(
            framework=framework, code=f"C{c + 1}", title=f"Competence {c + 1}", position=c
        )
        for i in range(indicators):
            Indicator.objects.create(
                competence=competence,
                code=f"C{c + 1}.{i + 1}",
                title=f"Observable action {c + 1}.{i + 1}",
                position=i,
            )
    return framework


def make_competence_programme(provider_org=None, *, competences=2, indicators=2, code=None):
    """A programme whose first competence is covered by a workplace-learning module and
    the others by classroom modules only."""
    code = code or f"fw-{Programme.objects.count() + 1}-{competences}-{indicators}"
    framework = make_framework(code, competences, indicators)
    programme = make_programme(provider_org, framework=framework)
    all_competences = list(framework.competences.order_by("position"))
    stage = Module.objects.create(
        programme=programme, code="STAGE", title="Stage", is_workplace_learning=True
    )
    stage.competences.add(all_competences[0])
    lessons = Module.objects.create(programme=programme, code="LES", title="Lessen")
    lessons.competences.add(*all_competences)
    return programme


@dataclass
class Cast:
    provider: object
    employer: object
    programme: Programme
    group: Group
    learner: User
    classmate: User
    coach: User
    mentor: User
    teacher: User
    hr: User
    referrer: User

    def indicators(self, competence_position: int = 0):
        return list(
            Indicator.objects.filter(
                competence__framework=self.programme.framework,
                competence__position=competence_position,
            ).order_by("position")
        )

    def level(self, rank: int):
        return MasteryLevel.objects.get(framework=self.programme.framework, rank=rank)


def make_cast(*, consent_to_teacher=False, consent_to_hr=False, consent_to_referrer=False) -> Cast:
    provider = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Test")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Werkgever Test")
    programme = make_competence_programme(provider)
    teacher = make_member(Role.TEACHER, provider, full_name="Tine Teacher")
    group = make_group(programme, teachers=[teacher])
    learner = make_member(Role.LEARNER, provider, full_name="Lien Learner")
    classmate = make_member(Role.LEARNER, provider, full_name="Kobe Classmate")
    coach = make_member(Role.COACH, provider, full_name="Cas Coach")
    mentor = make_member(Role.MENTOR, employer, full_name="Mona Mentor")
    hr = make_member(Role.EMPLOYER_HR, employer, full_name="Hanne HR")
    referrer = make_member(Role.REFERRER, full_name="Rik Referrer")
    start = datetime.date.today() - datetime.timedelta(days=60)
    for person in (learner, classmate):
        enrol(person, programme, group=group, workplace=employer, started_on=start)
        link(person, LinkKind.COACH, person=coach)
        link(person, LinkKind.MENTOR, person=mentor)
        link(person, LinkKind.EMPLOYER, organisation=employer)
    link(learner, LinkKind.REFERRER, person=referrer)
    if consent_to_teacher:
        Consent.objects.create(learner=learner, scope="assessments", recipient_user=teacher)
    if consent_to_hr:
        Consent.objects.create(
            learner=learner, scope="assessments", recipient_organisation=employer
        )
    if consent_to_referrer:
        Consent.objects.create(learner=learner, scope="assessments", recipient_user=referrer)
    return Cast(
        provider,
        employer,
        programme,
        group,
        learner,
        classmate,
        coach,
        mentor,
        teacher,
        hr,
        referrer,
    )


def add_assessment(
    cast_or_learner, indicator, role, rank, *, assessor=None, days_ago=0, learner=None
):
    """Store an assessment directly (bypassing the policy check of the service, keeping
    the latest index current), for read-side tests."""
    from trajectwijzer.trajectories.models import Enrolment

    learner = learner or cast_or_learner.learner
    enrolment = Enrolment.objects.filter(learner=learner).first()
    level = MasteryLevel.objects.get(framework=indicator.competence.framework, rank=rank)
    from trajectwijzer.competences.services import _advance_latest

    assessment = Assessment.objects.create(
        learner=learner,
        enrolment=enrolment,
        indicator=indicator,
        role=role,
        assessor=assessor,
        level=level,
        observed_on=datetime.date.today() - datetime.timedelta(days=days_ago),
    )
    _advance_latest(learner, role, [assessment])
    return assessment
