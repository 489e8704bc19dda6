"""The personal-data read matrix: every page, API read, PDF and download that shows a
learner's data, for every kind of viewer, allowed and denied.

One learner has data in every part of the platform, each piece carrying a marker text.
For each read the table below names who may read it. A test requests it as every viewer
and checks, through the response the client received (HTML, JSON, the text extracted
from the PDF bytes served, the file served):

* an allowed viewer gets it (200) and, for a staff viewer, one access-log entry is
  written for this read;
* a denied viewer gets a refusal (a visitor: login or 401; anyone else: 404 or 403),
  never the marker, and no access-log entry is written.

The ex-coach is linked to the learner but their membership at the provider has ended:
they must be refused everywhere (issue #9, finding 2).

A read added without a row here fails ``test_every_read_is_in_the_matrix``: every URL
pattern and every API GET operation is either a row or listed in ``NOT_PER_LEARNER``
with the reason it shows no other person's data.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from pypdf import PdfReader

from trajectwijzer.accounts.models import (
    AccessLogEntry,
    Consent,
    ConsentScope,
    LinkKind,
    Membership,
    MembershipStatus,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.testing import enrol, link, make_group, make_member, make_organisation
from trajectwijzer.trajectories.models import academic_year_of

pytestmark = pytest.mark.django_db

# Viewers ---------------------------------------------------------------------------
SELF = "self"
COACH = "coach"
EX_COACH = "ex_coach"  # linked, but the coach's membership at the provider ended
MENTOR = "mentor"
TEACHER = "teacher"  # teaches the learner's group; no consent
TEACHER_WITH_CONSENT = "teacher_with_consent"  # linked teacher with consent for every scope
HR = "hr"  # HR of the employer (whose matrix holds the learner); no consent
HR_WITH_CONSENT = "hr_with_consent"  # HR of a second employer the learner consented to
REFERRER = "referrer"  # linked referrer; no consent
CLASSMATE = "classmate"
OTHER_COACH = "other_coach"  # coach at the same provider, not linked
PLATFORM_ADMIN = "platform_admin"
VISITOR = "visitor"

VIEWERS = (
    SELF,
    COACH,
    EX_COACH,
    MENTOR,
    TEACHER,
    TEACHER_WITH_CONSENT,
    HR,
    HR_WITH_CONSENT,
    REFERRER,
    CLASSMATE,
    OTHER_COACH,
    PLATFORM_ADMIN,
    VISITOR,
)

LINKED = frozenset(
    {SELF, COACH, MENTOR, TEACHER, TEACHER_WITH_CONSENT, HR, HR_WITH_CONSENT, REFERRER}
)
# Personal data (accounts.policy): coach and mentor as guides; others with consent.
PERSONAL_DATA = frozenset({SELF, COACH, MENTOR, TEACHER_WITH_CONSENT, HR_WITH_CONSENT})
# Barometer entries: stricter, the mentor needs consent too.
BAROMETER = frozenset({SELF, COACH, TEACHER_WITH_CONSENT, HR_WITH_CONSENT})
# Recognition (issue #10): status and decisions for the coach and for those the learner
# consented to share recognition data with (the mentor needs consent too); evidence and
# judgements only with that consent, also for the coach.
RECOGNITION = frozenset({SELF, COACH, TEACHER_WITH_CONSENT, HR_WITH_CONSENT})
RECOGNITION_EVIDENCE = frozenset({SELF, TEACHER_WITH_CONSENT, HR_WITH_CONSENT})
# Assessments: a teacher without consent reads back only their own scores (none here),
# a mentor only workplace competences (the markers below are workplace competences).
ASSESSMENTS = frozenset({SELF, COACH, MENTOR, TEACHER, TEACHER_WITH_CONSENT, HR_WITH_CONSENT})
ASSESSMENTS_OF_OTHERS = ASSESSMENTS - {TEACHER}
# The caseload: the learner's current coach only.
COACHES = frozenset({COACH})
# The matrix row: the employee and the employer's matrix managers.
MATRIX_ROW = frozenset({SELF, HR})
# A plan the employer drafted: the row's readers and personal data of scope "plans".
PLAN = MATRIX_ROW | PERSONAL_DATA
# A study plan (issue #11): the learner, their coach, and an employer's HR with consent
# (the mentor sees workplace days and agreements, not the plan).
STUDY_PLAN = frozenset({SELF, COACH, HR_WITH_CONSENT})
# The persona at intake (issue #11, item 2): the learner, their coach (and the provider's
# staff, none among these viewers); not the employer, not the mentor.
PERSONA = frozenset({SELF, COACH})

MARK_BAROMETER = "MARKER-barometer-note"
MARK_COACH_NOTE = "MARKER-coach-note"
MARK_FOLLOW_UP = "MARKER-follow-up"
MARK_QUESTION = "MARKER-question-subject"
MARK_SELF_COMMENT = "MARKER-self-comment"
MARK_MENTOR_COMMENT = "MARKER-mentor-comment"
MARK_PLAN = "MARKER-plan-title"
MARK_STUDY_PLAN = "MARKER-study-plan-module"
MARK_PERSONA = "MARKER-persona-reason"
MARK_EVIDENCE = b"MARKER evidence file bytes"
MARK_REC_DECISION = "MARKER-rec-decision"
MARK_REC_EVIDENCE = "MARKER-rec-evidence"
MARK_REC_JUDGEMENT = "MARKER-rec-judgement"
MARK_REC_FILE = b"%PDF-1.4 MARKER recognition evidence bytes"
MARK_REC_PROCEDURE = "rec-test"  # the procedure's slug, shown in a learner's list
LEARNER_NAME = "Lien Leerling-Matrix"


@dataclass
class World:
    learner: User
    viewers: dict[str, User | None]
    ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def _build_world() -> World:
    from trajectwijzer.barometer import services as barometer
    from trajectwijzer.caseload import services as caseload
    from trajectwijzer.competences import services as competences
    from trajectwijzer.competences.tests.builders import make_competence_programme
    from trajectwijzer.development import services as development
    from trajectwijzer.development.models import CompetenceMatrix, JobRole, RequiredLevel
    from trajectwijzer.instruments.tests.builders import definition, full_answers, submitted

    today = timezone.localdate()
    provider = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Matrix")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Werkgever Matrix")
    second_employer = make_organisation(OrganisationKind.EMPLOYER, name="Tweede Werkgever")
    programme = make_competence_programme(provider)
    teacher = make_member(Role.TEACHER, provider, full_name="Tine Groepsleraar")
    group = make_group(programme, teachers=[teacher])
    learner = make_member(Role.LEARNER, provider, full_name=LEARNER_NAME)
    Membership.objects.create(
        user=learner, organisation=employer, role=Role.LEARNER, status=MembershipStatus.ACTIVE
    )
    classmate = make_member(Role.LEARNER, provider, full_name="Kobe Klasgenoot")
    started = today - datetime.timedelta(days=60)
    enrol(learner, programme, group=group, workplace=employer, started_on=started)
    enrol(classmate, programme, group=group, workplace=employer, started_on=started)

    viewers: dict[str, User | None] = {
        SELF: learner,
        COACH: make_member(Role.COACH, provider, full_name="Cas Coach"),
        EX_COACH: make_member(Role.COACH, provider, full_name="Ex Coach"),
        MENTOR: make_member(Role.MENTOR, employer, full_name="Mona Mentor"),
        TEACHER: teacher,
        TEACHER_WITH_CONSENT: make_member(Role.TEACHER, provider, full_name="Toon Leraar"),
        HR: make_member(Role.EMPLOYER_HR, employer, full_name="Hanne HR"),
        HR_WITH_CONSENT: make_member(Role.EMPLOYER_HR, second_employer, full_name="Hugo HR"),
        REFERRER: make_member(Role.REFERRER, full_name="Rik Referrer"),
        CLASSMATE: classmate,
        OTHER_COACH: make_member(Role.COACH, provider, full_name="Olga Andere Coach"),
        PLATFORM_ADMIN: make_member(Role.PLATFORM_ADMIN, full_name="Paul Platform"),
        VISITOR: None,
    }
    link(learner, LinkKind.COACH, person=viewers[COACH])
    link(learner, LinkKind.COACH, person=viewers[EX_COACH])
    link(learner, LinkKind.MENTOR, person=viewers[MENTOR])
    link(learner, LinkKind.TEACHER, person=viewers[TEACHER_WITH_CONSENT])
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    link(learner, LinkKind.EMPLOYER, organisation=second_employer)
    link(learner, LinkKind.REFERRER, person=viewers[REFERRER])
    for scope in ConsentScope.values:
        Consent.objects.create(
            learner=learner, scope=scope, recipient_user=viewers[TEACHER_WITH_CONSENT]
        )
        Consent.objects.create(learner=learner, scope=scope, recipient_organisation=second_employer)

    world = World(learner=learner, viewers=viewers)

    # Barometer: a score with a note.
    barometer.record_entry(learner, 4, MARK_BAROMETER)
    # Caseload: the coach's note and follow-up; a question to the coach.
    caseload.add_note(viewers[COACH], learner, text=MARK_COACH_NOTE)
    caseload.plan_follow_up(
        viewers[COACH], learner, due_on=today + datetime.timedelta(days=7), what=MARK_FOLLOW_UP
    )
    question = caseload.ask_question(
        learner, kind="trajectory", subject=MARK_QUESTION, body="Wanneer is de volgende stap?"
    )
    world.ids["question"] = question.pk
    world.ids["question_recipient"] = question.recipient_id
    # Competences: a self-assessment with evidence and a mentor's score, both on the
    # first competence (the one practised at the workplace).
    workplace_indicators = list(
        programme.framework.competences.order_by("position")[0].indicators.order_by("position")
    )
    evidence = SimpleUploadedFile("bewijs.txt", MARK_EVIDENCE, content_type="text/plain")
    [own] = competences.record_assessments(
        learner,
        learner,
        "self",
        [
            competences.Entry(
                workplace_indicators[0].pk, 2, comment=MARK_SELF_COMMENT, evidence_file=evidence
            )
        ],
    )
    world.ids["assessment"] = own.pk
    competences.record_assessments(
        viewers[MENTOR],
        learner,
        "mentor",
        [competences.Entry(workplace_indicators[1].pk, 3, comment=MARK_MENTOR_COMMENT)],
    )
    # Development: the learner's row in the employer's matrix and a plan HR drafted.
    matrix = CompetenceMatrix.objects.create(
        organisation=employer, framework=programme.framework, title="Productie"
    )
    job_role = JobRole.objects.create(matrix=matrix, title="Operator")
    for competence in programme.framework.competences.all():
        RequiredLevel.objects.create(job_role=job_role, competence=competence, level=3)
    row = development.add_row(viewers[HR], matrix, employee=learner, job_role=job_role)
    plan = development.draft_from_gaps(viewers[HR], row, title=MARK_PLAN)
    world.ids.update(row=row.pk, plan=plan.pk)
    # Instruments: the learner's submitted motivatiescan.
    scan = definition("motivatiescan")
    response = submitted(learner, "motivatiescan", full_answers(scan))
    world.ids["response"] = response.pk
    # Trajectories: a study plan for the enrolment, over the provider's two semesters.
    from trajectwijzer.catalogue.models import Module
    from trajectwijzer.trajectories import services as trajectories
    from trajectwijzer.trajectories.models import ProviderTerm

    first_year = int(academic_year_of(today)[:4])
    for number, (start, end) in enumerate(
        [
            (datetime.date(first_year, 9, 1), datetime.date(first_year + 1, 1, 31)),
            (datetime.date(first_year + 1, 2, 1), datetime.date(first_year + 1, 6, 30)),
        ],
        start=1,
    ):
        ProviderTerm.objects.create(
            provider=programme.provider,
            academic_year=academic_year_of(today),
            number=number,
            starts_on=start,
            ends_on=end,
        )
    Module.objects.create(programme=programme, code="PLAN", title=MARK_STUDY_PLAN, hours=30)
    enrolment = learner.enrolments.get()
    trajectories.propose_plan(viewers[COACH], enrolment, hours_per_week=10)
    trajectories.decide_persona(
        viewers[COACH], enrolment, work_related=False, own_organisation=True, reason=MARK_PERSONA
    )
    world.ids["enrolment"] = enrolment.pk

    world.ids.update(_recognition_data(learner, programme))

    # The ex-coach's membership ends; the link is left open on purpose, so the policy
    # itself must refuse them (ending a membership through the service also ends links).
    Membership.objects.filter(user=viewers[EX_COACH]).update(status=MembershipStatus.ENDED)

    for who, user in viewers.items():
        if user is not None:
            world.tokens[who] = create_api_token(user, name="matrix")[1]
    return world


def _recognition_data(learner: User, programme) -> dict:
    """A decided recognition request with an evidence file, a judgement, a communicated
    decision and a competence certificate (issue #10)."""
    from trajectwijzer.recognition.definition import parse_procedure
    from trajectwijzer.recognition.models import (
        CompetenceCertificate,
        Decision,
        Evidence,
        Judgement,
        ProcedureVersion,
        RecognisedCompetence,
        Request,
    )
    from trajectwijzer.recognition.tests.conftest import TEST_PROCEDURE

    procedure = parse_procedure(TEST_PROCEDURE.read_text(), str(TEST_PROCEDURE))
    provider = programme.provider
    version = ProcedureVersion.objects.create(
        procedure=procedure.slug,
        version=1,
        declared_version=1,
        checksum=procedure.checksum,
        definition=procedure.raw,
        provider=provider,
    )
    now = timezone.now()
    request = Request.objects.create(
        learner=learner,
        procedure_version=version,
        provider=provider,
        programme=programme,
        started_as="learner",
        started_by=learner,
        status="decided",
        grounds=["evc"],
    )
    module = programme.modules.order_by("position", "pk").first()
    request.modules.set([module])
    competence = programme.framework.competences.order_by("position").first()
    evidence = Evidence(
        request=request,
        kind="file",
        title=MARK_REC_EVIDENCE,
        dated_on=timezone.localdate(),
        original_name="portfolio.pdf",
        content_type="application/pdf",
        size=len(MARK_REC_FILE),
        uploaded_by=learner,
    )
    evidence.file.save("evidence", SimpleUploadedFile("portfolio.pdf", MARK_REC_FILE), save=False)
    evidence.save()
    Judgement.objects.create(
        request=request,
        step_key="portfolio",
        competence=competence,
        value="good",
        comment=MARK_REC_JUDGEMENT,
    )
    decision = Decision.objects.create(
        request=request,
        learner=learner,
        provider=provider,
        module=module,
        outcome="exempt",
        reasoning=MARK_REC_DECISION,
        valid_from=timezone.localdate(),
        communicated_at=now,
    )
    certificate = CompetenceCertificate.objects.create(
        number="CB-MATRIX-1",
        request=request,
        learner=learner,
        provider=provider,
        valid_from=timezone.localdate(),
    )
    RecognisedCompetence.objects.create(
        learner=learner,
        competence=competence,
        certificate=certificate,
        recognised_on=timezone.localdate(),
    )
    return {
        "rec_request": str(request.public_id),
        "rec_evidence": evidence.pk,
        "rec_decision": decision.pk,
        "rec_certificate": certificate.pk,
    }


# The reads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """One read of the learner's data: how to ask for it, who may, what it shows."""

    url: str  # a format string over the world's ids ({learner}, {row}, …)
    allowed: frozenset[str]
    marker: str | bytes | None = None  # shown to those allowed (None: presence not checked)
    api: bool = False
    kind: str = "html"  # html, json, pdf, ics or file
    logged: bool = True  # an allowed staff read writes an access-log entry
    # Viewers who get the page but not the marker (e.g. a teacher who sees only their
    # own scores, a mentor who sees only workplace competences).
    allowed_without_marker: frozenset[str] = frozenset()
    self_redirected: bool = False  # the learner is sent to their own page instead


API = "/api/v1"
READS: dict[str, Read] = {
    # pages
    "accounts:learner_detail": Read("/accounts/learners/{learner}/", LINKED, LEARNER_NAME),
    "barometer:learner": Read("/barometer/learners/{learner}/", BAROMETER, MARK_BAROMETER),
    "caseload:learner": Read("/caseload/learners/{learner}/", COACHES, MARK_COACH_NOTE),
    "caseload:question": Read(
        "/caseload/questions/{question}/", frozenset({SELF, "recipient"}), MARK_QUESTION
    ),
    "competences:learner": Read(
        "/competences/learners/{learner}/",
        ASSESSMENTS - {SELF},
        MARK_SELF_COMMENT,
        allowed_without_marker=frozenset({TEACHER}),
        self_redirected=True,  # to competences:mine
    ),
    "competences:report_pdf": Read(
        "/competences/learners/{learner}/report.pdf",
        ASSESSMENTS,
        LEARNER_NAME,
        kind="pdf",
    ),
    "competences:evidence": Read(
        "/competences/evidence/{assessment}/", ASSESSMENTS_OF_OTHERS, MARK_EVIDENCE, kind="file"
    ),
    "development:row": Read("/development/rows/{row}/", MATRIX_ROW, LEARNER_NAME),
    "development:plan": Read("/development/plans/{plan}/", PLAN, MARK_PLAN),
    "development:plan_pdf": Read("/development/plans/{plan}/plan.pdf", PLAN, MARK_PLAN, kind="pdf"),
    "instruments:result": Read("/instruments/responses/{response}/", PERSONAL_DATA),
    "instruments:result_pdf": Read(
        "/instruments/responses/{response}/report.pdf", PERSONAL_DATA, kind="pdf"
    ),
    "instruments:learner": Read("/instruments/learners/{learner}/", PERSONAL_DATA, LEARNER_NAME),
    "trajectories:plan": Read("/trajectories/plans/{enrolment}/", STUDY_PLAN, MARK_STUDY_PLAN),
    "trajectories:persona": Read(
        "/trajectories/enrolments/{enrolment}/persona/", PERSONA, MARK_PERSONA
    ),
    "trajectories:calendar_download": Read(
        "/trajectories/calendar/{learner}/calendar.ics",
        frozenset({SELF, COACH}),
        MARK_STUDY_PLAN,  # the planned module's title
        kind="ics",
    ),
    # API
    "GET /barometer/learners/{learner_id}/entries": Read(
        API + "/barometer/learners/{learner}/entries", BAROMETER, MARK_BAROMETER, api=True
    ),
    "GET /caseload/learners/{learner_id}/signals": Read(
        API + "/caseload/learners/{learner}/signals", COACHES, api=True
    ),
    "GET /caseload/learners/{learner_id}/notes": Read(
        API + "/caseload/learners/{learner}/notes", COACHES, MARK_COACH_NOTE, api=True
    ),
    "GET /caseload/learners/{learner_id}/follow-ups": Read(
        API + "/caseload/learners/{learner}/follow-ups", COACHES, MARK_FOLLOW_UP, api=True
    ),
    "GET /competences/learners/{learner_id}/assessments": Read(
        API + "/competences/learners/{learner}/assessments",
        ASSESSMENTS,
        MARK_SELF_COMMENT,
        api=True,
        allowed_without_marker=frozenset({TEACHER}),
    ),
    "GET /development/rows/{row_id}": Read(API + "/development/rows/{row}", MATRIX_ROW, api=True),
    "GET /development/rows/{row_id}/plans": Read(
        API + "/development/rows/{row}/plans", MATRIX_ROW, MARK_PLAN, api=True
    ),
    "GET /development/plans/{plan_id}": Read(
        API + "/development/plans/{plan}", PLAN, MARK_PLAN, api=True
    ),
    "GET /development/rows/{row_id}/reorientation": Read(
        API + "/development/rows/{row}/reorientation", MATRIX_ROW, api=True
    ),
    "GET /instruments/responses/{pk}": Read(
        API + "/instruments/responses/{response}", frozenset({SELF}), api=True
    ),
    "GET /instruments/results/{pk}": Read(
        API + "/instruments/results/{response}", PERSONAL_DATA, api=True
    ),
    "GET /instruments/learners/{learner_id}/results": Read(
        API + "/instruments/learners/{learner}/results", PERSONAL_DATA, api=True
    ),
    "GET /trajectories/enrolments/{enrolment_id}/plan": Read(
        API + "/trajectories/enrolments/{enrolment}/plan", STUDY_PLAN, MARK_STUDY_PLAN, api=True
    ),
    "GET /trajectories/enrolments/{enrolment_id}/persona": Read(
        API + "/trajectories/enrolments/{enrolment}/persona", PERSONA, MARK_PERSONA, api=True
    ),
    # Recognition API (issue #10; pages and PDFs below, from "web")
    "GET /recognition/requests/{public_id}": Read(
        API + "/recognition/requests/{rec_request}", RECOGNITION, MARK_REC_DECISION, api=True
    ),
    "GET /recognition/requests/{public_id}/evidence": Read(
        API + "/recognition/requests/{rec_request}/evidence",
        RECOGNITION_EVIDENCE,
        MARK_REC_EVIDENCE,
        api=True,
    ),
    "GET /recognition/requests/{public_id}/judgements": Read(
        API + "/recognition/requests/{rec_request}/judgements",
        RECOGNITION_EVIDENCE,
        MARK_REC_JUDGEMENT,
        api=True,
    ),
    # Only the procedure's deciding role (an assigned jury chair here): none of these.
    "GET /recognition/requests/{public_id}/proposed-outcomes": Read(
        API + "/recognition/requests/{rec_request}/proposed-outcomes", frozenset(), api=True
    ),
    "GET /recognition/exemptions/learners/{learner_id}/proposals": Read(
        API + "/recognition/exemptions/learners/{learner}/proposals",
        frozenset({SELF, COACH}),
        api=True,
    ),
    # Recognition pages and PDFs (issue #10, from "web")
    "recognition:request": Read(
        "/recognition/requests/{rec_request}/", RECOGNITION, MARK_REC_DECISION
    ),
    "recognition:decision_letter": Read(
        "/recognition/requests/{rec_request}/decision-letter.pdf",
        RECOGNITION,
        MARK_REC_DECISION,
        kind="pdf",
    ),
    "recognition:certificate_pdf": Read(
        "/recognition/requests/{rec_request}/certificate.pdf",
        RECOGNITION,
        LEARNER_NAME,
        kind="pdf",
    ),
    "recognition:evidence": Read(
        "/recognition/evidence/{rec_evidence}/", RECOGNITION_EVIDENCE, MARK_REC_FILE, kind="file"
    ),
    # Assigned assessors only (none among the viewers) and the deciding role only.
    "recognition:step": Read("/recognition/requests/{rec_request}/steps/portfolio/", frozenset()),
    "recognition:decide": Read("/recognition/requests/{rec_request}/decide/", frozenset()),
    "recognition:learner": Read(
        "/recognition/learners/{learner}/",
        LINKED,
        MARK_REC_PROCEDURE,
        allowed_without_marker=LINKED - RECOGNITION,
        self_redirected=True,
    ),
}

# Pages and API reads that show no other person's data, or only lists whose entries are
# each guarded by a row above (a list shows names and links to those rows).
NOT_PER_LEARNER = {
    # public or about the viewer themselves
    ":healthz": "health check",
    "web:favicon": "a redirect to the static icon",
    ":set_language": "language switch",
    ":javascript-catalog": "translations",
    "web:home": "the viewer's own tasks",
    "accounts:login": "form",
    "accounts:logout": "POST",
    "accounts:register": "form",
    "accounts:register_done": "static text",
    "accounts:pending": "registrations waiting for the viewer's decision (name and e-mail)",
    "accounts:decide": "POST",
    "accounts:profile": "the viewer's own profile",
    "accounts:create_token": "POST",
    "accounts:revoke_token": "POST",
    "accounts:password_change": "form",
    "accounts:password_reset": "form",
    "accounts:password_reset_done": "static text",
    "accounts:password_reset_complete": "static text",
    "accounts:password_reset_confirm": "form",
    "accounts:consents": "the viewer's own consents",
    "accounts:withdraw_consent": "POST",
    "accounts:my_learners": "list of linked learners: see test_lists_show_only_linked",
    "catalogue:search": "public catalogue",
    "catalogue:programme": "public catalogue",
    "catalogue:provider": "public catalogue",
    "catalogue:manage": "provider's offer",
    "catalogue:manage_create": "provider's offer",
    "catalogue:manage_edit": "provider's offer",
    "catalogue:manage_publish": "POST",
    "incentives:wizard": "the visitor's own answers (session)",
    "incentives:back": "the visitor's own answers (session)",
    "incentives:restart": "POST",
    "incentives:report_pdf": "the visitor's own answers (session)",
    "incentives:email": "POST",
    "barometer:record": "the learner's own entries",
    "barometer:groups": "groups (no learner data)",
    "barometer:group": "group figures (five or more; docs/privacy-group-figures.md)",
    "barometer:add_moment": "POST",
    "barometer:add_default_moments": "POST",
    "barometer:delete_moment": "POST",
    "caseload:caseload": "list of the coach's learners: see test_lists_show_only_linked",
    "caseload:add_note": "POST",
    "caseload:add_follow_up": "POST",
    "caseload:add_referral": "POST",
    "caseload:acknowledge": "POST",
    "caseload:complete_follow_up": "POST",
    "caseload:referral_status": "POST",
    "caseload:contact": "the learner's own questions form",
    "caseload:questions": "questions asked by or to the viewer, each a caseload:question row",
    "competences:overview": "list of followed learners: see test_lists_show_only_linked",
    "competences:mine": "the learner's own assessments",
    "competences:score": "form for scoring; its data is the competences:learner row",
    "competences:group": "a coach's group: each learner's row needs their own link",
    "competences:group_class": "group figures",
    "development:index": "the viewer's matrices and own rows",
    "development:matrix": "the employer's matrix (manager only): rows are development:row",
    "development:reorientation": "the viewer's own re-orientation",
    "instruments:index": "the viewer's own responses",
    "instruments:start": "POST",
    "instruments:answer": "the respondent's own answers",
    "instruments:request_workshop": "POST (lecturer's own self-scan)",
    "instruments:group": "group figures (five or more)",
    "instruments:group_csv": "group figures (five or more)",
    "instruments:group_pdf": "group figures (five or more)",
    "privacy:mine": "the viewer's own data",
    "privacy:export_json": "the viewer's own data (privacy/tests/test_pages.py)",
    "privacy:export_pdf": "the viewer's own data (privacy/tests/test_pages.py)",
    "privacy:request_erasure": "POST",
    "privacy:erasure_requests": "open erasure requests, platform administrators only",
    "privacy:erasure_request": "a request's dry run (counts per table), platform administrators",
    "trajectories:my_plans": "the learner's own enrolments (each plan is trajectories:plan)",
    "trajectories:change_plan": "POST",
    "trajectories:calendar_new_link": "POST (the viewer's own new feed link)",
    "trajectories:calendar_feed": "no session: the secret token is the key; tested with its "
    "renewal and another person's token in trajectories/tests/test_calendar.py",
    # API reads
    "GET /catalogue/programmes": "public catalogue",
    "GET /catalogue/programmes/{programme_id}": "public catalogue",
    "GET /catalogue/providers/{slug}": "public catalogue",
    "GET /barometer/entries": "the learner's own entries",
    "GET /barometer/groups/{group_id}/pattern": "group figures (five or more)",
    "GET /barometer/groups/{group_id}/moments": "a group's moments (dates)",
    "GET /caseload/learners": "list of the coach's learners: see test_lists_show_only_linked",
    "GET /caseload/questions": "questions asked by or to the viewer",
    "GET /competences/groups/{group_id}/coverage": "group figures",
    "GET /development/matrices": "the viewer's matrices",
    "GET /development/matrices/{matrix_id}": "the employer's matrix (managers only)",
    "GET /instruments/definitions": "questionnaire definitions",
    "GET /instruments/definitions/{instrument}": "questionnaire definitions",
    "GET /instruments/responses": "the viewer's own responses",
    "GET /instruments/groups/{kind}/{pk}/results": "group figures (five or more)",
    "GET /recognition/procedures": "procedure definitions",
    "GET /recognition/procedures/{slug}": "procedure definitions",
    "GET /recognition/requests": "requests the viewer may see, each a request row above",
    "GET /recognition/exemptions/proposals": "the learner's own proposals",
    "GET /recognition/exemptions/rules": "exemption rules of the viewer's providers",
    "recognition_overview:index": "the providers whose overview the viewer maintains",
    "recognition_overview:provider": "group figures (five or more requests)",
    "recognition_overview:matrix": "exemption rules of the viewer's providers (no learner data)",
    "recognition_overview:matrix_export_csv": "exemption rules (no learner data)",
    "recognition_overview:matrix_export_json": "exemption rules (no learner data)",
    "recognition:index": "the viewer's own requests; lists of recognition:request rows",
    "recognition:start": "procedures to choose (for a linked learner: START_REQUEST checked)",
    "recognition:start_procedure": "form (START_REQUEST checked)",
    "recognition:start_from_proposal": "POST",
    "recognition:submit": "POST",
    "recognition:withdraw": "POST",
    "recognition:add_evidence": "POST",
    "recognition:add_micoon": "POST",
    "recognition:admissibility": "POST",
    "recognition:assign": "POST",
    "recognition:complete_step": "POST",
    "recognition:hand_in_step": "POST",
    "recognition:communicate": "POST",
    "recognition:appeal": "POST",
    "recognition:map_evidence": "POST",
    "recognition:judge_mapping": "POST",
    "recognition:supersede": "POST",
}


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                inner = pattern.namespace or namespace
                if inner in ("admin", "api-1.0.0"):
                    continue  # the Django admin; the API is listed by its operations
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def _api_reads() -> set[str]:
    from trajectwijzer.api.urls import api

    schema = api.get_openapi_schema()
    return {
        f"GET {path.removeprefix(API)}"
        for path, operations in schema["paths"].items()
        if "get" in operations
    }


def test_every_read_is_in_the_matrix():
    """A page or API read added without a row here (or a reason it shows nobody's data)
    fails, so each new read is checked for every viewer."""
    known = set(READS) | set(NOT_PER_LEARNER)
    unlisted = (_url_names() | _api_reads()) - known
    assert not unlisted, f"reads without a row in the personal-data read matrix: {unlisted}"
    stale = known - (_url_names() | _api_reads())
    assert not stale, f"rows for reads that no longer exist: {stale}"


# Checking one read for every viewer -------------------------------------------------


def _body_text(response, kind: str) -> bytes | str:
    if kind == "file":
        return b"".join(response.streaming_content)
    if kind == "ics":
        assert response["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(response.content)
        return "\n".join(str(event["summary"]) for event in calendar.walk("VEVENT"))
    if kind == "pdf":
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    return response.content.decode()


def _request(world: World, who: str, read: Read, url: str):
    user = world.viewers[who]
    if read.api:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[who]}"} if user else {}
        return Client().get(url, **headers)
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _allowed(world: World, read: Read) -> set[str]:
    allowed = set(read.allowed)
    if "recipient" in allowed:
        allowed.discard("recipient")
        allowed |= {
            who
            for who, user in world.viewers.items()
            if user is not None and user.pk == world.ids["question_recipient"]
        }
    return allowed


def _check(world: World, name: str, read: Read) -> list[str]:
    url = read.url.format(learner=world.learner.pk, **world.ids)
    problems: list[str] = []
    allowed = _allowed(world, read)
    for who in VIEWERS:
        user = world.viewers[who]
        before = (
            AccessLogEntry.objects.filter(actor=user, learner=world.learner).count() if user else 0
        )
        response = _request(world, who, read, url)
        logged = (
            AccessLogEntry.objects.filter(actor=user, learner=world.learner).count() - before
            if user
            else 0
        )
        status = response.status_code
        if who == SELF and read.self_redirected:
            if status != 302:
                problems.append(f"{who}: expected a redirect to their own page, got {status}")
            continue
        if who in allowed:
            if status != 200:
                problems.append(f"{who}: expected 200, got {status}")
                continue
            body = _body_text(response, read.kind)
            shows = read.marker is None or read.marker in body
            if who in read.allowed_without_marker:
                if read.marker is not None and shows:
                    problems.append(f"{who}: sees {read.marker!r}, which they may not")
            elif not shows:
                problems.append(f"{who}: allowed but {read.marker!r} is not in what was served")
            if read.logged and who != SELF and logged < 1:
                problems.append(f"{who}: read without an access-log entry")
        else:
            expected = {401} if (read.api and user is None) else {302} if user is None else None
            refused = expected or {403, 404}
            if status not in refused:
                problems.append(f"{who}: expected a refusal {sorted(refused)}, got {status}")
            if status == 200:
                body = _body_text(response, read.kind)
                if read.marker is not None and read.marker in body:
                    problems.append(f"{who}: denied but {read.marker!r} was served")
            if logged:
                problems.append(f"{who}: refused but {logged} access-log entries were written")
    return problems


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "en"
    return _build_world()


@pytest.mark.parametrize("name", sorted(READS))
def test_read_for_every_viewer(world, name):
    problems = _check(world, name, READS[name])
    assert not problems, f"{name} ({READS[name].url}):\n  " + "\n  ".join(problems)


# Lists of learners: a learner's name appears only to those linked to them -------------

LISTS = {
    # a group's teacher is not linked: they find the learner through the group
    "accounts:my_learners": ("/accounts/learners/", LINKED - {SELF, TEACHER}, False),
    "caseload:caseload": ("/caseload/", COACHES, False),
    "competences:overview": (
        "/competences/",
        {COACH, MENTOR, TEACHER, TEACHER_WITH_CONSENT},
        False,
    ),
    "GET /caseload/learners": (API + "/caseload/learners", COACHES, True),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_show_only_linked(world, name):
    url, shown_to, api = LISTS[name]
    problems = []
    for who in VIEWERS:
        if who in (SELF, VISITOR):
            continue
        response = _request(world, who, Read(url, frozenset(), api=api), url)
        shows = response.status_code == 200 and LEARNER_NAME in response.content.decode()
        if shows != (who in shown_to):
            problems.append(f"{who}: {'shows' if shows else 'does not show'} the learner")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_a_question_to_a_coach_who_left_is_no_longer_theirs_to_read(world):
    """A question stays with the learner; its recipient reads it only while they still
    stand beside the learner (issue #9, finding 2)."""
    from trajectwijzer.caseload.models import Question

    question = Question.objects.create(
        learner=world.learner,
        kind="trajectory",
        recipient=world.viewers[EX_COACH],
        subject="MARKER-old-question",
        body="Asked before the coach left.",
    )
    page = _request(world, EX_COACH, Read("", frozenset()), f"/caseload/questions/{question.pk}/")
    assert page.status_code == 404
    listed = _request(world, EX_COACH, Read("", frozenset(), api=True), API + "/caseload/questions")
    assert "MARKER-old-question" not in listed.content.decode()
    own = _request(world, SELF, Read("", frozenset()), f"/caseload/questions/{question.pk}/")
    assert own.status_code == 200 and "MARKER-old-question" in own.content.decode()
