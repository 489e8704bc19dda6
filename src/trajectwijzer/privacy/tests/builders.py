"""A person with data in every app, a classmate with data of their own, and the people
around them — made through the shared builders and the apps' services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from trajectwijzer.accounts import services as accounts_services
from trajectwijzer.accounts.models import (
    AccessLogEntry,
    LinkKind,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.barometer import services as barometer_services
from trajectwijzer.caseload import services as caseload_services
from trajectwijzer.competences import services as competence_services
from trajectwijzer.competences.tests.builders import make_competence_programme
from trajectwijzer.development import services as development_services
from trajectwijzer.development.models import CompetenceMatrix, MatrixRow
from trajectwijzer.incentives.models import SavedSituation
from trajectwijzer.instruments.tests.builders import definition, full_answers, submitted
from trajectwijzer.privacy import services as privacy_services
from trajectwijzer.testing import enrol, link, make_group, make_member, make_organisation

# Plain ASCII, so a scan of JSON columns (which may escape other characters) finds it.
PERSON_NAME = "Xavier Quintelier"
PERSON_EMAIL = "xavier.quintelier@example.org"
CLASSMATE_NAME = "Kobe Klasgenoot"
CLASSMATE_EMAIL = "kobe.klasgenoot@example.org"


@dataclass
class World:
    person: User
    classmate: User
    coach: User
    teacher: User
    mentor: User
    hr: User
    admin: User
    evidence_path: str


def _learner_data(learner: User, world_people: dict, programme, group, employer, matrix, tag: str):
    coach, teacher, mentor = world_people["coach"], world_people["teacher"], world_people["mentor"]
    start = datetime.date.today() - datetime.timedelta(days=60)
    enrol(learner, programme, group=group, workplace=employer, started_on=start)
    link(learner, LinkKind.COACH, person=coach)
    link(learner, LinkKind.TEACHER, person=teacher)
    link(learner, LinkKind.MENTOR, person=mentor)
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    accounts_services.give_consent(
        learner, scope="assessments", recipient_user=teacher, purpose=f"Opvolging {tag}"
    )
    accounts_services.create_api_token(learner, name=f"token {tag}")
    # Written directly: how reads are logged is being reworked elsewhere in issue #9.
    AccessLogEntry.objects.create(actor=coach, learner=learner, action="caseload.view")

    caseload_services.raise_signal(
        learner, source="coach", code="coach.manual", details={"about": learner.full_name}
    )
    caseload_services.add_note(coach, learner, text=f"Gesprek met {learner.full_name} ({tag}).")
    caseload_services.plan_follow_up(
        coach, learner, due_on=datetime.date.today(), what=f"Bellen naar {learner.email}"
    )
    caseload_services.refer(coach, learner, service="Studentenvoorzieningen", reason=f"Geld {tag}")
    caseload_services.ask_question(
        learner, kind="content", subject=f"Vraag {tag}", body=f"Groeten, {learner.full_name}"
    )

    barometer_services.record_entry(learner, 4, f"Gaat goed, {learner.full_name}")

    indicator = programme.framework.competences.order_by("position")[0].indicators.order_by(
        "position"
    )[0]
    competence_services.record_assessments(
        learner, learner, "self", [competence_services.Entry(indicator.pk, 2, comment=tag)]
    )
    competence_services.record_assessments(
        teacher,
        learner,
        "teacher",
        [
            competence_services.Entry(
                indicator.pk,
                3,
                comment=f"{learner.full_name} toont vooruitgang",
                evidence_file=SimpleUploadedFile(f"bewijs-{tag}.pdf", b"%PDF-1.4 evidence"),
            )
        ],
    )

    row = MatrixRow.objects.create(matrix=matrix, employee=learner)
    competence = matrix.framework.competences.order_by("position")[0]
    development_services.create_plan(
        learner,
        row,
        {
            "title": f"Plan van {learner.full_name}",
            "note": f"Mail {learner.email}",
            "goals": [
                {
                    "competence": competence.pk,
                    "target_level": 3,
                    "description": f"Doel {tag}",
                    "actions": [{"kind": "buddy", "description": f"Buddy {tag}"}],
                }
            ],
        },
    )
    from trajectwijzer.development.models import LevelObservation

    LevelObservation.objects.create(
        row=row,
        competence=competence,
        level=2,
        observed_on=datetime.date.today(),
        observed_by=mentor,
        note=f"Observatie {tag}",
    )

    submitted(learner, "motivatiescan", full_answers(definition("motivatiescan"), 1))
    SavedSituation.objects.create(user=learner, answers={"person": {"status": "employee"}})

    login_failure = _login_failure_model()
    if login_failure is not None:
        login_failure.objects.create(email=learner.email, ip_address="192.0.2.10")


def _login_failure_model():
    try:
        return apps.get_model("accounts", "LoginFailure")
    except LookupError:
        return None


def make_world() -> World:
    provider = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Privacy")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Werkgever Privacy")
    programme = make_competence_programme(provider)
    teacher = make_member(Role.TEACHER, provider, full_name="Tine Teacher")
    group = make_group(programme, teachers=[teacher])
    coach = make_member(Role.COACH, provider, full_name="Cas Coach")
    mentor = make_member(Role.MENTOR, employer, full_name="Mona Mentor")
    hr = make_member(Role.EMPLOYER_HR, employer, full_name="Hanne HR")
    admin = make_member(Role.PLATFORM_ADMIN, full_name="Paula Platform")
    person = make_member(Role.LEARNER, provider, email=PERSON_EMAIL, full_name=PERSON_NAME)
    classmate = make_member(Role.LEARNER, provider, email=CLASSMATE_EMAIL, full_name=CLASSMATE_NAME)
    matrix = CompetenceMatrix.objects.create(
        organisation=employer, framework=programme.framework, title="Matrix Privacy"
    )
    people = {"coach": coach, "teacher": teacher, "mentor": mentor}
    _learner_data(person, people, programme, group, employer, matrix, "xq")
    _learner_data(classmate, people, programme, group, employer, matrix, "kk")
    privacy_services.request_erasure(person)
    # An administrator once changed the person's account in the admin: its history
    # line names the person.
    LogEntry.objects.log_actions(
        admin.pk, [person], CHANGE, change_message="Changed full name.", single_object=True
    )
    from trajectwijzer.competences.models import Assessment

    evidence = Assessment.objects.filter(learner=person).exclude(evidence_file="").get()
    return World(
        person=person,
        classmate=classmate,
        coach=coach,
        teacher=teacher,
        mentor=mentor,
        hr=hr,
        admin=admin,
        evidence_path=evidence.evidence_file.name,
    )
