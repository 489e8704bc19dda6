"""Use cases of recognition: a request from start to decision, evidence, judgements.

Views, the API, the command line and the demo loader call these; none of them write
recognition records themselves. Every use case checks the policy (``rules.py``;
``PermissionDenied`` otherwise), validates all its input before writing (a
``ValidationError`` whose ``message_dict`` names each field and what is allowed, in
the reader's language), runs in one transaction and writes its ``RequestEvent``.

What the procedure says is read from its definition (``definition.Procedure``): the
steps and their pass rules, when a step is needed, the outcomes per module, the
deciding role, the deadline, appeal and validity. Two rules from the seeds hold for
every procedure: a workplace-learning module is never exempted (Syntra) — only an
internship can be shortened in weeks where the definition says so (Howest's
stageportfolio) — and a communicated decision never changes: a correction supersedes it.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import (
    Membership,
    MembershipStatus,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.catalogue.models import Competence, Indicator, Module, Programme, Qualification
from trajectwijzer.tasks import enqueue_on_commit
from trajectwijzer.web.forms import unstorable_text_error

from . import rules
from .definition import Procedure, Step
from .models import (
    DONE_STEP_STATUSES,
    AssessorAssignment,
    AssessorRole,
    CompetenceCertificate,
    Decision,
    DecisionOutcome,
    DecisionSource,
    Evidence,
    EvidenceKind,
    EvidenceMapping,
    ExemptionRule,
    Grounds,
    Judgement,
    MappingJudgement,
    PriorQualification,
    PriorQualificationKind,
    ProcedureVersion,
    RecognisedCompetence,
    Request,
    RequestEvent,
    RequestStatus,
    StartedAs,
    StepRecord,
    StepStatus,
)
from .queries import procedure_of
from .signals import STEP_WAITS_ON_LEARNER as SIGNAL_CODE

DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT_LENGTH = 5000
OPEN_STEP_STATUSES = (StepStatus.WAITING_ON_LEARNER, StepStatus.WAITING_ON_ASSESSOR)
# Requests still being worked on: evidence may be added, the learner may withdraw.
WORKING_STATUSES = (
    RequestStatus.DRAFT,
    RequestStatus.SUBMITTED,
    RequestStatus.IN_ASSESSMENT,
    RequestStatus.IN_APPEAL,
)

# The evidence types accepted, recognised by their content (never the name or the
# type the browser claims): label → content type.
EVIDENCE_TYPES = {
    "PDF": "application/pdf",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "ODT": "application/vnd.oasis.opendocument.text",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def evidence_max_bytes() -> int:
    return int(getattr(settings, "RECOGNITION_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


# Helpers -------------------------------------------------------------------------------


class Errors:
    """Collects field errors; ``raise_if_any`` raises them as one ValidationError."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _fail(field: str, message: str):
    raise ValidationError({field: [str(message)]})


def _require(actor: User, action: str, obj: Any) -> None:
    if not policy.can(actor, action, obj):
        raise PermissionDenied(action)


def _text(errors: Errors, field: str, value: Any, *, required=False, max_length=MAX_TEXT_LENGTH):
    text = "" if value is None else str(value).strip()
    problem = unstorable_text_error(text)
    if problem:
        errors.add(field, problem)
        return ""
    if required and not text:
        errors.add(field, _("This field is required."))
    elif len(text) > max_length:
        errors.add(
            field,
            _("At most %(max)d characters are allowed (this has %(length)d).")
            % {"max": max_length, "length": len(text)},
        )
    return text


def _event(request: Request, actor, action: str, *, before: str = "", step_key="", note=""):
    return RequestEvent.objects.create(
        request=request,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=before,
        to_status=request.status if before else "",
        step_key=step_key,
        note=note[:2000],
    )


def _set_status(request: Request, status: str, **fields) -> str:
    before = request.status
    request.status = status
    for name, value in fields.items():
        setattr(request, name, value)
    request.save(update_fields=["status", *fields])
    return before


def _locked(request: Request) -> Request:
    """The request row locked for this transaction, with its state as stored."""
    fresh = Request.objects.select_for_update().get(pk=request.pk)
    for name in ("status", "submitted_at", "decided_at", "closed_at"):
        setattr(request, name, getattr(fresh, name))
    return request


def _status_must_be(request: Request, *allowed: str) -> None:
    if request.status not in allowed:
        labels = ", ".join(str(RequestStatus(s).label) for s in allowed)
        _fail(
            "status",
            _("The request is %(status)s; this is possible only when it is: %(allowed)s.")
            % {"status": RequestStatus(request.status).label, "allowed": labels},
        )


def procedure(request: Request) -> Procedure:
    return procedure_of(request.procedure_version)


def _current_version(slug: str) -> ProcedureVersion | None:
    from .procedures import current_version

    return current_version(slug)


def target_programme(proc: Procedure) -> Programme | None:
    if not proc.target.programme:
        return None
    return Programme.objects.filter(
        external_id=proc.target.programme, provider__slug=proc.provider
    ).first()


def target_competences(proc: Procedure) -> dict[str, Competence]:
    """Code → competence of the target's framework in scope of the procedure."""
    found = Competence.objects.filter(framework__code=proc.target.framework)
    if proc.target.competences:
        found = found.filter(code__in=proc.target.competences)
    return {c.code: c for c in found}


def _passed_and_failed(request: Request) -> tuple[set[str], set[str]]:
    passed, failed = set(), set()
    for key, status in request.steps.values_list("step_key", "status"):
        if status == StepStatus.PASSED:
            passed.add(key)
        elif status == StepStatus.NOT_PASSED:
            failed.add(key)
    return passed, failed


def _years_later(day: datetime.date, years: int | None) -> datetime.date | None:
    if not years:
        return None
    try:
        return day.replace(year=day.year + years) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28) - datetime.timedelta(days=1)


def _plain_int(errors: Errors, field: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
        if number != Decimal(str(value)) or number < 0:
            raise ValueError
    except (TypeError, ValueError, InvalidOperation):
        errors.add(field, _("Enter a whole number of 0 or more."))
        return None
    return number


def _plain_decimal(errors: Errors, field: str, value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.1"))
        if number < 0 or number >= 10000:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number of 0 or more with at most one decimal."))
        return None
    return number


def _as_date(errors: Errors, field: str, value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors.add(field, _("Enter a date as YYYY-MM-DD."))
        return None


# Starting and submitting -------------------------------------------------------------------


def _started_as(actor: User, learner: User, started_as: str | None, errors: Errors) -> str:
    if actor.pk == learner.pk:
        if started_as not in (None, StartedAs.LEARNER):
            errors.add("started_as", _("You start your own request as the learner."))
        return StartedAs.LEARNER
    kinds = policy.link_kinds_between(actor, learner)
    possible = [as_ for kind, as_ in rules.STARTER_LINKS.items() if kind in kinds]
    if started_as is None:
        return possible[0] if possible else ""
    if started_as not in possible:
        errors.add(
            "started_as",
            _("You stand beside this learner as: %(allowed)s.")
            % {"allowed": ", ".join(possible) or "-"},
        )
    return started_as


def _course_year_deadline(
    proc: Procedure, learner: User, programme: Programme | None, on: datetime.date
) -> datetime.date | None:
    """The day by which a request must have been submitted (before it: the definition's
    month and day in the year the course year starts, 1 September), for the course year of
    the learner's enrolment in the target programme (the latest that has not ended);
    without an enrolment the request is for a course year yet to come: no deadline yet."""
    if proc.deadline is None or programme is None:
        return None
    from trajectwijzer.trajectories.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(learner=learner, programme=programme)
        .filter(ended_on__isnull=True)
        .select_related("group")
        .order_by("-started_on")
        .first()
    )
    if enrolment is None:
        return None
    from trajectwijzer.trajectories.models import academic_year_of

    year = (enrolment.group.academic_year if enrolment.group else "") or academic_year_of(
        enrolment.started_on
    )
    return datetime.date(int(year[:4]), proc.deadline.month, proc.deadline.day)


@transaction.atomic
def start_request(
    actor: User,
    learner: User,
    *,
    procedure: str,
    modules: list[int],
    grounds: list[str],
    motivation: str = "",
    started_as: str | None = None,
    employer=None,
    from_rule: ExemptionRule | None = None,
    submit: bool = False,
    on: datetime.date | None = None,
) -> Request:
    """A new request of ``learner`` under the current version of ``procedure``."""
    _require(actor, rules.START_REQUEST, learner)
    errors = Errors()
    version = _current_version(procedure) if isinstance(procedure, str) else None
    if version is None:
        slugs = ", ".join(
            ProcedureVersion.objects.filter(is_current=True).values_list("procedure", flat=True)
        )
        _fail("procedure", _("Unknown procedure; allowed: %(allowed)s.") % {"allowed": slugs})
    proc = procedure_of(version)
    as_ = _started_as(actor, learner, started_as, errors)
    organisation = None
    if as_ == StartedAs.EMPLOYER:
        allowed_orgs = policy.consent_organisations(actor, learner)
        if employer is None and len(allowed_orgs) == 1:
            organisation_id = next(iter(allowed_orgs))
        else:
            organisation_id = getattr(employer, "pk", employer)
        if organisation_id not in allowed_orgs:
            errors.add("employer", _("Name the employer the learner works for and you are HR of."))
        else:
            from trajectwijzer.accounts.models import Organisation

            organisation = Organisation.objects.get(pk=organisation_id)
    allowed_grounds = [g for g in proc.grounds if g in Grounds.values] or list(Grounds.values)
    grounds = list(dict.fromkeys(grounds or []))
    if not grounds:
        errors.add(
            "grounds",
            _("Name at least one ground; allowed: %(allowed)s.")
            % {"allowed": ", ".join(allowed_grounds)},
        )
    for ground in grounds:
        if ground not in allowed_grounds:
            errors.add(
                "grounds",
                _("%(value)s is not a ground of this procedure; allowed: %(allowed)s.")
                % {"value": ground, "allowed": ", ".join(allowed_grounds)},
            )
    programme = target_programme(proc)
    chosen = _target_modules(proc, programme, modules, errors)
    motivation = _text(errors, "motivation", motivation)
    errors.raise_if_any()
    request = Request.objects.create(
        learner=learner,
        procedure_version=version,
        provider=version.provider,
        programme=programme,
        grounds=grounds,
        motivation=motivation,
        started_by=actor,
        started_as=as_,
        employer=organisation,
        from_rule=from_rule,
    )
    request.modules.set(chosen)
    StepRecord.objects.bulk_create(
        StepRecord(request=request, step_key=step.key, position=position)
        for position, step in enumerate(proc.steps, 1)
    )
    _event(request, actor, "created", note=as_)
    if submit:
        submit_request(actor, request, on=on)
    return request


def _target_modules(
    proc: Procedure, programme: Programme | None, modules: list[int], errors: Errors
) -> list[Module]:
    codes = list(proc.target.modules)
    available = (
        {m.pk: m for m in programme.modules.filter(code__in=codes)}
        if programme is not None and codes
        else {}
    )
    allowed = ", ".join(f"{m.pk} ({m.code})" for m in available.values()) or "-"
    chosen: list[Module] = []
    for value in list(dict.fromkeys(modules or [])):
        module = available.get(value if isinstance(value, int) else _int_or_none(value))
        if module is None:
            errors.add(
                "modules",
                _("Module %(value)s is not a target of this procedure; allowed: %(allowed)s.")
                % {"value": value, "allowed": allowed},
            )
            continue
        chosen.append(module)
    if available and not chosen and "modules" not in errors.errors:
        errors.add(
            "modules", _("Choose at least one module; allowed: %(allowed)s.") % {"allowed": allowed}
        )
    return chosen


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def submit_request(actor: User, request: Request, *, on: datetime.date | None = None) -> Request:
    """A draft is submitted to the provider; refused after the procedure's deadline."""
    _require(actor, rules.EDIT_REQUEST, request)
    _locked(request)
    _status_must_be(request, RequestStatus.DRAFT)
    on = on or timezone.localdate()
    proc = procedure(request)
    deadline = _course_year_deadline(proc, request.learner, request.programme, on)
    if deadline is not None and on >= deadline:
        _fail(
            "submitted_on",
            _(
                "Requests for this course year had to be submitted before %(deadline)s; "
                "it is %(on)s."
            )
            % {"deadline": deadline.isoformat(), "on": on.isoformat()},
        )
    before = _set_status(request, RequestStatus.SUBMITTED, submitted_at=timezone.now())
    _event(request, actor, "submitted", before=before)
    return request


@transaction.atomic
def decide_admissibility(
    actor: User,
    request: Request,
    *,
    admissible: bool,
    reason: str = "",
    on: datetime.date | None = None,
) -> Request:
    """The provider accepts the request for assessment, or refuses it with a reason."""
    _require(actor, rules.MANAGE_REQUEST, request)
    _locked(request)
    _status_must_be(request, RequestStatus.SUBMITTED)
    errors = Errors()
    reason = _text(errors, "reason", reason, required=not admissible)
    errors.raise_if_any()
    now = timezone.now()
    if not admissible:
        before = _set_status(
            request,
            RequestStatus.NOT_ADMISSIBLE,
            admissibility_decided_at=now,
            not_admissible_reason=reason,
        )
        _event(request, actor, "not_admissible", before=before, note=reason)
        return request
    before = _set_status(request, RequestStatus.IN_ASSESSMENT, admissibility_decided_at=now)
    _event(request, actor, "admissible", before=before, note=reason)
    _advance(actor, request, on=on or timezone.localdate())
    return request


# Assessors ------------------------------------------------------------------------------------


def may_assess_for(assessor: User, request: Request) -> bool:
    """An active assessor membership at the request's provider or at a sector organisation."""
    return (
        Membership.objects.filter(user=assessor, role=Role.ASSESSOR, status=MembershipStatus.ACTIVE)
        .filter(
            Q(organisation_id=request.provider.organisation_id)
            | Q(organisation__kind=OrganisationKind.SECTOR)
        )
        .exists()
    )


@transaction.atomic
def assign_assessor(
    actor: User, request: Request, assessor: User, *, role: str = AssessorRole.ASSESSOR
) -> AssessorAssignment:
    _require(actor, rules.MANAGE_REQUEST, request)
    _locked(request)
    _status_must_be(
        request,
        RequestStatus.SUBMITTED,
        RequestStatus.IN_ASSESSMENT,
        RequestStatus.DECIDED,
        RequestStatus.IN_APPEAL,
    )
    errors = Errors()
    if role not in AssessorRole.values:
        errors.add(
            "role",
            _("Unknown role; allowed: %(allowed)s.") % {"allowed": ", ".join(AssessorRole.values)},
        )
    if assessor is None or assessor.pk == request.learner_id or not assessor.is_active:
        errors.add("assessor", _("Choose an assessor other than the learner."))
    elif not may_assess_for(assessor, request):
        errors.add(
            "assessor",
            _(
                "This person holds no active assessor membership at the provider or a "
                "sector organisation."
            ),
        )
    elif request.assignments.filter(assessor=assessor, ended_at__isnull=True).exists():
        errors.add("assessor", _("This assessor is already assigned to the request."))
    errors.raise_if_any()
    assignment = AssessorAssignment.objects.create(
        request=request, assessor=assessor, role=role, assigned_by=actor
    )
    _event(request, actor, "assessor_assigned", note=f"{assessor.pk}:{role}")
    return assignment


@transaction.atomic
def end_assignment(actor: User, assignment: AssessorAssignment) -> AssessorAssignment:
    _require(actor, rules.MANAGE_REQUEST, assignment.request)
    if assignment.ended_at is None:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
        _event(assignment.request, actor, "assessor_unassigned", note=str(assignment.assessor_id))
    return assignment


# Evidence ---------------------------------------------------------------------------------------


def sniff_type(head: bytes, upload) -> str | None:
    """The label of ``EVIDENCE_TYPES`` the content is, or None (never trusts the name)."""
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype == EVIDENCE_TYPES["ODT"]:
                        return "ODT"
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    return "DOCX"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return None
        finally:
            upload.seek(0)
    return None


def _check_upload(errors: Errors, upload) -> tuple[str, str, int, str]:
    """(content type, original name, size, sha256) of an accepted upload."""
    allowed = ", ".join(EVIDENCE_TYPES)
    limit = evidence_max_bytes()
    size = getattr(upload, "size", None) or 0
    if size > limit:
        errors.add(
            "upload",
            _("The file is %(size)s bytes; at most %(max)s bytes (%(mb)s MB) are allowed.")
            % {"size": size, "max": limit, "mb": round(limit / (1024 * 1024), 1)},
        )
        return "", "", 0, ""
    if size == 0:
        errors.add(
            "upload", _("The file is empty; allowed types: %(allowed)s.") % {"allowed": allowed}
        )
        return "", "", 0, ""
    upload.seek(0)
    head = upload.read(16)
    label = sniff_type(head, upload)
    if label is None:
        errors.add(
            "upload",
            _("This kind of file is not accepted; allowed: %(allowed)s.") % {"allowed": allowed},
        )
        return "", "", 0, ""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(str(getattr(upload, "name", "") or "evidence")).name[:200]
    if unstorable_text_error(name):
        name = "evidence"
    return EVIDENCE_TYPES[label], name, size, digest.hexdigest()


@transaction.atomic
def add_evidence(
    actor: User,
    request: Request,
    *,
    kind: str,
    title: str,
    dated_on,
    description: str = "",
    upload: UploadedFile | None = None,
    url: str = "",
    on: datetime.date | None = None,
) -> Evidence:
    """A file (PDF, JPEG, PNG, ODT, DOCX; content checked) or a link in the portfolio."""
    _require(actor, rules.ADD_EVIDENCE, request)
    _locked(request)
    _status_must_be(request, *WORKING_STATUSES)
    on = on or timezone.localdate()
    errors = Errors()
    if kind not in (EvidenceKind.FILE, EvidenceKind.LINK):
        errors.add(
            "kind",
            _("Unknown kind; allowed: %(allowed)s.")
            % {"allowed": f"{EvidenceKind.FILE}, {EvidenceKind.LINK}"},
        )
    title = _text(errors, "title", title, required=True, max_length=200)
    description = _text(errors, "description", description)
    day = None
    if dated_on in (None, ""):
        errors.add("dated_on", _("This field is required."))
    else:
        day = _as_date(errors, "dated_on", dated_on)
        if day is not None and day > on:
            errors.add(
                "dated_on", _("The date cannot be later than today (%(today)s).") % {"today": on}
            )
    content_type = original_name = sha = ""
    size = 0
    link = ""
    if kind == EvidenceKind.FILE:
        if upload is None:
            errors.add("upload", _("Choose a file."))
        else:
            content_type, original_name, size, sha = _check_upload(errors, upload)
        if url:
            errors.add("url", _("A file needs no link; choose the kind 'link' for a link."))
    elif kind == EvidenceKind.LINK:
        link = _text(errors, "url", url, required=True, max_length=500)
        if link:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                errors.add("url", _("Enter a web address starting with https:// or http://."))
        if upload is not None:
            errors.add("upload", _("A link needs no file; choose the kind 'file' for a file."))
    errors.raise_if_any()
    evidence = Evidence(
        request=request,
        kind=kind,
        title=title,
        description=description,
        dated_on=day,
        url=link,
        original_name=original_name,
        content_type=content_type,
        size=size,
        sha256=sha,
        uploaded_by=actor,
    )
    if kind == EvidenceKind.FILE:
        evidence.file.save("evidence", upload, save=False)  # through the storage API
    evidence.save()
    _event(request, actor, "evidence_added", note=str(evidence.pk))
    return evidence


@transaction.atomic
def add_record_evidence(
    actor: User,
    request: Request,
    *,
    title: str,
    dated_on,
    snapshot: dict,
    description: str = "",
) -> Evidence:
    """Evidence that is a record on the platform (an earlier qualification, a decision, a
    competentiebewijs): no file or link, the record's facts in ``snapshot``."""
    _require(actor, rules.ADD_EVIDENCE, request)
    _locked(request)
    _status_must_be(request, *WORKING_STATUSES)
    errors = Errors()
    title = _text(errors, "title", title, required=True, max_length=200)
    description = _text(errors, "description", description)
    day = _as_date(errors, "dated_on", dated_on)
    if not isinstance(snapshot, dict) or not snapshot:
        errors.add("snapshot", _("Describe the record the evidence is."))
    errors.raise_if_any()
    evidence = Evidence.objects.create(
        request=request,
        kind=EvidenceKind.RECORD,
        title=title,
        description=description,
        dated_on=day,
        snapshot=snapshot,
        uploaded_by=actor,
    )
    _event(request, actor, "evidence_added", note=f"{evidence.pk}:record")
    return evidence


@transaction.atomic
def add_micoon_evidence(
    actor: User, request: Request, *, on: datetime.date | None = None
) -> Evidence:
    """The learner's current MICOON scores for the target competences, as evidence."""
    from trajectwijzer.competences.queries import current_profile

    _require(actor, rules.ADD_EVIDENCE, request)
    _locked(request)
    _status_must_be(request, *WORKING_STATUSES)
    on = on or timezone.localdate()
    proc = procedure(request)
    competences = target_competences(proc)
    profile = current_profile(actor, request.learner_id, request.programme)
    scores = [
        {
            "competence_id": c.pk,
            "competence": c.code,
            "title": c.title,
            "level": round(profile[c.pk], 3),
        }
        for c in competences.values()
        if c.pk in profile
    ]
    if not scores:
        _fail(
            "micoon",
            _("There are no MICOON scores yet for the competences of this procedure."),
        )
    evidence = Evidence.objects.create(
        request=request,
        kind=EvidenceKind.MICOON,
        title=_("MICOON scores on %(date)s") % {"date": on.isoformat()},
        dated_on=on,
        snapshot={"framework": proc.target.framework, "on": on.isoformat(), "scores": scores},
        uploaded_by=actor,
    )
    _event(request, actor, "evidence_added", note=f"{evidence.pk}:micoon")
    return evidence


@transaction.atomic
def map_evidence(
    actor: User, evidence: Evidence, *, outcomes: list[tuple[int, int | None]]
) -> list[EvidenceMapping]:
    """Map evidence to learning outcomes of the target (a competence or an indicator of it)."""
    request = evidence.request
    _require(actor, rules.ADD_EVIDENCE, request)
    _locked(request)
    _status_must_be(request, *WORKING_STATUSES)
    competences = {c.pk: c for c in target_competences(procedure(request)).values()}
    allowed = ", ".join(f"{c.pk} ({c.code})" for c in competences.values())
    errors = Errors()
    wanted: list[tuple[Competence, Indicator | None]] = []
    if not outcomes:
        errors.add("outcomes", _("Choose at least one learning outcome."))
    indicators = {i.pk: i for i in Indicator.objects.filter(competence_id__in=list(competences))}
    for index, item in enumerate(outcomes or []):
        try:
            competence_id, indicator_id = item
        except (TypeError, ValueError):
            errors.add(f"outcomes.{index}", _("Give a competence and an indicator (or none)."))
            continue
        competence = competences.get(_int_or_none(competence_id))
        if competence is None:
            errors.add(
                f"outcomes.{index}.competence",
                _("%(value)s is not a learning outcome of this procedure; allowed: %(allowed)s.")
                % {"value": competence_id, "allowed": allowed},
            )
            continue
        indicator = None
        if indicator_id not in (None, ""):
            indicator = indicators.get(_int_or_none(indicator_id))
            if indicator is None or indicator.competence_id != competence.pk:
                own = ", ".join(
                    f"{i.pk} ({i.code})"
                    for i in indicators.values()
                    if i.competence_id == competence.pk
                )
                errors.add(
                    f"outcomes.{index}.indicator",
                    _("%(value)s is not an indicator of competence %(code)s; allowed: %(allowed)s.")
                    % {"value": indicator_id, "code": competence.code, "allowed": own or "-"},
                )
                continue
        wanted.append((competence, indicator))
    errors.raise_if_any()
    created = []
    for competence, indicator in dict.fromkeys(wanted):
        existing = evidence.mappings.filter(competence=competence, indicator=indicator).first()
        if existing is not None:
            created.append(existing)
            continue
        created.append(
            EvidenceMapping.objects.create(
                evidence=evidence, request=request, competence=competence, indicator=indicator
            )
        )
    _event(request, actor, "evidence_mapped", note=str(evidence.pk))
    return created


@transaction.atomic
def judge_mapping(
    actor: User, mapping: EvidenceMapping, *, judgement: str, comment: str = ""
) -> EvidenceMapping:
    request = mapping.request
    _require(actor, rules.ASSESS_REQUEST, request)
    _locked(request)
    _status_must_be(request, RequestStatus.IN_ASSESSMENT, RequestStatus.IN_APPEAL)
    errors = Errors()
    allowed = [v for v in MappingJudgement.values if v != MappingJudgement.PENDING]
    if judgement not in allowed:
        errors.add(
            "judgement",
            _("Unknown judgement; allowed: %(allowed)s.") % {"allowed": ", ".join(allowed)},
        )
    comment = _text(errors, "comment", comment, required=judgement != MappingJudgement.SUFFICIENT)
    errors.raise_if_any()
    mapping.judgement = judgement
    mapping.comment = comment
    mapping.judged_by = actor
    mapping.judged_at = timezone.now()
    mapping.save(update_fields=["judgement", "comment", "judged_by", "judged_at"])
    _event(request, actor, "mapping_judged", note=f"{mapping.pk}:{judgement}")
    return mapping


# Steps and judgements ---------------------------------------------------------------------


def _step_of(proc: Procedure, step_key: str) -> Step:
    step = next((s for s in proc.steps if s.key == step_key), None)
    if step is None:
        _fail(
            "step",
            _("Unknown step; allowed: %(allowed)s.")
            % {"allowed": ", ".join(s.key for s in proc.steps)},
        )
    return step


def _may_judge_step(actor: User, request: Request, step: Step) -> bool:
    roles = rules.assignment_roles(actor, request)
    if step.assessor_role in (AssessorRole.JURY_CHAIR, AssessorRole.SECTOR_ASSESSOR):
        return step.assessor_role in roles or AssessorRole.JURY_CHAIR in roles
    return bool(roles)


def _open_record(request: Request, step_key: str) -> StepRecord:
    record = request.steps.select_for_update().filter(step_key=step_key).first()
    if record is None or record.status not in OPEN_STEP_STATUSES:
        _fail("step", _("This step is not open (it has not started or is finished)."))
    return record


@transaction.atomic
def record_judgements(
    actor: User,
    request: Request,
    step_key: str,
    *,
    judgements: list[dict],
    minutes_spent: int = 0,
) -> list[Judgement]:
    """Judge competences in one step with the step's criteria and scale.

    Each item: ``competence`` (id or code), ``value`` (a scale value), optional
    ``criteria`` {criterion key: scale value} and ``comment``. The latest counts.
    """
    _require(actor, rules.ASSESS_REQUEST, request)
    _locked(request)
    _status_must_be(request, RequestStatus.IN_ASSESSMENT, RequestStatus.IN_APPEAL)
    proc = procedure(request)
    step = _step_of(proc, step_key)
    if not _may_judge_step(actor, request, step):
        raise PermissionDenied(rules.ASSESS_REQUEST)
    record = _open_record(request, step_key)
    competences = target_competences(proc)
    assessed = {code: competences[code] for code in step.assesses if code in competences}
    by_id = {c.pk: c for c in assessed.values()}
    scale = [v.value for v in step.framework.scale]
    criteria_keys = [c.key for c in step.framework.criteria]
    errors = Errors()
    minutes = _plain_int(errors, "minutes_spent", minutes_spent) or 0
    if not judgements:
        errors.add("judgements", _("Judge at least one competence."))
    rows = []
    for index, item in enumerate(judgements or []):
        prefix = f"judgements.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Give a competence and a value."))
            continue
        raw = item.get("competence")
        competence = assessed.get(raw) if isinstance(raw, str) else None
        competence = competence or by_id.get(_int_or_none(raw))
        if competence is None:
            errors.add(
                f"{prefix}.competence",
                _("This step does not assess %(value)s; allowed: %(allowed)s.")
                % {"value": raw, "allowed": ", ".join(assessed) or "-"},
            )
            continue
        value = item.get("value")
        if value not in scale:
            errors.add(
                f"{prefix}.value",
                _("Not a value of this step's scale; allowed: %(allowed)s.")
                % {"allowed": ", ".join(scale)},
            )
        criteria = item.get("criteria") or {}
        if not isinstance(criteria, dict):
            errors.add(f"{prefix}.criteria", _("Give a value per criterion."))
            criteria = {}
        for key, criterion_value in criteria.items():
            if key not in criteria_keys:
                errors.add(
                    f"{prefix}.criteria",
                    _("Unknown criterion %(value)s; allowed: %(allowed)s.")
                    % {"value": key, "allowed": ", ".join(criteria_keys) or "-"},
                )
            elif criterion_value not in scale:
                errors.add(
                    f"{prefix}.criteria.{key}",
                    _("Not a value of this step's scale; allowed: %(allowed)s.")
                    % {"allowed": ", ".join(scale)},
                )
        comment = _text(errors, f"{prefix}.comment", item.get("comment", ""))
        rows.append(
            Judgement(
                request=request,
                step_key=step.key,
                competence=competence,
                assessor=actor,
                value=value or "",
                criteria={str(k): v for k, v in criteria.items()},
                comment=comment,
            )
        )
    errors.raise_if_any()
    if rows:
        rows[0].minutes_spent = minutes
    created = Judgement.objects.bulk_create(rows)
    if minutes:
        record.minutes_spent += minutes
        record.save(update_fields=["minutes_spent"])
    _event(request, actor, "judged", step_key=step.key, note=str(len(created)))
    return created


def step_result(
    request: Request, step: Step, passed_as_a_whole: bool | None = None
) -> tuple[bool, list[str]]:
    """(passed, what is missing) by the step's pass rule (docs/recognition.md):
    ``all_competences``: every assessed competence's latest judgement passes (each must be
    judged); ``no_insufficient``: no latest judgement fails (unjudged ones do not block);
    ``judged``: the assessor passes or fails the step as a whole (``passed_as_a_whole``)."""
    latest: dict[str, str] = {}
    for code, value in (
        request.judgements.filter(step_key=step.key)
        .order_by("recorded_at", "pk")
        .values_list("competence__code", "value")
    ):
        latest[code] = value
    missing = [code for code in step.assesses if code not in latest]
    passing = {v.value for v in step.framework.scale if v.passes}
    values = [latest[code] for code in step.assesses if code in latest]
    if step.pass_rule == "judged":
        return bool(passed_as_a_whole), ([] if passed_as_a_whole is not None else ["passed"])
    if step.pass_rule == "no_insufficient":
        return all(v in passing for v in values), []
    return not missing and all(v in passing for v in values), missing


@transaction.atomic
def hand_in_step(actor: User, request: Request, step_key: str) -> StepRecord:
    """The learner says their part of a step is done (e.g. the portfolio is complete)."""
    _require(actor, rules.ADD_EVIDENCE, request)
    _locked(request)
    _status_must_be(request, RequestStatus.IN_ASSESSMENT)
    record = _open_record(request, step_key)
    if record.status != StepStatus.WAITING_ON_LEARNER:
        _fail("step", _("This step is waiting on the assessors, not on you."))
    record.status = StepStatus.WAITING_ON_ASSESSOR
    record.save(update_fields=["status"])
    _event(request, actor, "step_handed_in", step_key=step_key)
    return record


@transaction.atomic
def complete_step(
    actor: User,
    request: Request,
    step_key: str,
    *,
    passed: bool | None = None,
    minutes_spent: int = 0,
    note: str = "",
    on: datetime.date | None = None,
) -> StepRecord:
    """Close an open step by its pass rule and start the next step that is needed.

    ``passed`` is the assessor's verdict on a step judged as a whole (pass rule
    ``judged``: intake, jury deliberation); other steps pass by their judgements."""
    _require(actor, rules.ASSESS_REQUEST, request)
    _locked(request)
    _status_must_be(request, RequestStatus.IN_ASSESSMENT, RequestStatus.IN_APPEAL)
    proc = procedure(request)
    step = _step_of(proc, step_key)
    if not _may_judge_step(actor, request, step):
        raise PermissionDenied(rules.ASSESS_REQUEST)
    record = _open_record(request, step_key)
    errors = Errors()
    minutes = _plain_int(errors, "minutes_spent", minutes_spent) or 0
    note = _text(errors, "note", note)
    if step.pass_rule != "judged" and passed is not None:
        errors.add(
            "passed", _("This step passes by its judgements per competence; leave this empty.")
        )
    verdict, missing = step_result(request, step, passed)
    if missing == ["passed"]:
        errors.add("passed", _("Say whether the step is passed (true or false)."))
    elif missing:
        errors.add(
            "judgements",
            _("Judge every competence of this step first; not judged yet: %(codes)s.")
            % {"codes": ", ".join(missing)},
        )
    errors.raise_if_any()
    passed = verdict
    record.status = StepStatus.PASSED if passed else StepStatus.NOT_PASSED
    record.completed_at = timezone.now()
    record.minutes_spent += minutes
    record.note = note
    record.save(update_fields=["status", "completed_at", "minutes_spent", "note"])
    _event(
        request, actor, "step_passed" if passed else "step_not_passed", step_key=step.key, note=note
    )
    _advance(actor, request, on=on or timezone.localdate())
    return record


def _advance(actor, request: Request, *, on: datetime.date) -> StepRecord | None:
    """Start the next step that is needed (its ``needed_when`` holds); skip the others."""
    proc = procedure(request)
    records = {r.step_key: r for r in request.steps.select_for_update()}
    if any(r.status in OPEN_STEP_STATUSES for r in records.values()):
        return None
    passed, failed = _passed_and_failed(request)
    targeted = set(request.modules.values_list("code", flat=True))
    for step in proc.steps:
        record = records.get(step.key)
        if record is None or record.status in DONE_STEP_STATUSES:
            continue
        for_other_modules = bool(step.for_modules) and not targeted & set(step.for_modules)
        if for_other_modules or not step.needed_when.holds(passed, failed):
            record.status = StepStatus.SKIPPED
            record.completed_at = timezone.now()
            record.save(update_fields=["status", "completed_at"])
            _event(request, actor, "step_skipped", step_key=step.key)
            continue
        record.status = (
            StepStatus.WAITING_ON_LEARNER
            if step.waits_on == "learner"
            else StepStatus.WAITING_ON_ASSESSOR
        )
        record.started_at = timezone.now()
        record.due_on = on + datetime.timedelta(days=step.max_duration_days)
        record.save(update_fields=["status", "started_at", "due_on"])
        _event(request, actor, "step_started", step_key=step.key)
        return record
    _event(request, actor, "assessment_finished")
    return None


# Decisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedOutcome:
    """What the decider sees pre-filled for one module of the request."""

    module: Module
    outcome: str
    hours_exempted: int | None = None
    credits_exempted: Decimal | None = None
    internship_weeks_reduced: int | None = None
    reason: str = ""  # which steps made it so


def proposed_outcomes(request: Request) -> list[ProposedOutcome]:
    """Per module of the request, the outcome its definition gives for the step results."""
    proc = procedure(request)
    passed, failed = _passed_and_failed(request)
    proposals = []
    for module in request.modules.order_by("position", "code"):
        rule = proc.outcome_for(module.code)
        if rule is None:
            proposals.append(ProposedOutcome(module, DecisionOutcome.NOT_EXEMPT))
            continue
        exempt_steps = rule.exempt_when.step_keys()
        whole_allowed = module.is_exemptable and (
            not module.is_workplace_learning or proc.exempts_workplace_learning
        )
        if rule.whole and whole_allowed and rule.exempt_when.holds(passed, failed):
            proposals.append(
                ProposedOutcome(
                    module,
                    DecisionOutcome.EXEMPT,
                    reason=", ".join(k for k in exempt_steps if k in passed),
                )
            )
            continue
        if rule.partly_when is not None and rule.partly_when.holds(passed, failed):
            counted = [k for k in rule.partly_when.step_keys() if k in passed] or sorted(passed)
            weeks = None
            if rule.internship_weeks_per_step:
                weeks = rule.internship_weeks_per_step * len(counted)
                if rule.internship_weeks_max is not None:
                    weeks = min(weeks, rule.internship_weeks_max)
            hours = rule.partly_hours
            if hours is not None and module.hours is not None:
                hours = min(hours, module.hours)
            credits = Decimal(str(rule.partly_credits)) if rule.partly_credits is not None else None
            if hours or credits or weeks:
                proposals.append(
                    ProposedOutcome(
                        module,
                        DecisionOutcome.PARTLY_EXEMPT,
                        hours_exempted=hours,
                        credits_exempted=credits,
                        internship_weeks_reduced=weeks,
                        reason=", ".join(counted),
                    )
                )
                continue
        proposals.append(ProposedOutcome(module, DecisionOutcome.NOT_EXEMPT))
    return proposals


def _clean_decision(
    errors: Errors,
    prefix: str,
    proc: Procedure,
    module: Module,
    item: dict,
) -> dict:
    """The validated fields of one decision on ``module`` (errors named ``prefix.field``)."""
    outcome = item.get("outcome")
    if outcome not in DecisionOutcome.values:
        errors.add(
            f"{prefix}.outcome",
            _("Unknown outcome; allowed: %(allowed)s.")
            % {"allowed": ", ".join(DecisionOutcome.values)},
        )
        return {}
    hours = _plain_int(errors, f"{prefix}.hours_exempted", item.get("hours_exempted"))
    credits = _plain_decimal(errors, f"{prefix}.credits_exempted", item.get("credits_exempted"))
    weeks = _plain_int(
        errors, f"{prefix}.internship_weeks_reduced", item.get("internship_weeks_reduced")
    )
    remaining = _text(errors, f"{prefix}.remaining_part", item.get("remaining_part", ""))
    reasoning = _text(errors, f"{prefix}.reasoning", item.get("reasoning", ""), required=True)
    rule = proc.outcome_for(module.code)
    internship = rule is not None and bool(rule.internship_weeks_per_step)
    # Workplace learning is never exempted (Syntra), unless the procedure's own source
    # says its workplace-based modules are (Woodwize's EVC standard); an internship is
    # only shortened in weeks where the definition says so (Howest's stageportfolio).
    workplace = module.is_workplace_learning and not proc.exempts_workplace_learning
    if outcome == DecisionOutcome.EXEMPT:
        if workplace:
            errors.add(
                f"{prefix}.outcome",
                _(
                    "%(module)s is workplace learning, which is never exempted; allowed: "
                    "not exempt%(weeks)s."
                )
                % {
                    "module": module.code,
                    "weeks": _(", or partly exempt in internship weeks") if internship else "",
                },
            )
        elif not module.is_exemptable:
            errors.add(
                f"{prefix}.outcome",
                _("%(module)s cannot be exempted (the programme says so); allowed: not exempt.")
                % {"module": module.code},
            )
        for name, value in (
            ("hours_exempted", hours),
            ("credits_exempted", credits),
            ("internship_weeks_reduced", weeks),
        ):
            if value is not None:
                errors.add(
                    f"{prefix}.{name}",
                    _("A whole exemption names no amount; leave this empty."),
                )
    elif outcome == DecisionOutcome.PARTLY_EXEMPT:
        if workplace or (internship and module.is_workplace_learning):
            if not internship:
                errors.add(
                    f"{prefix}.outcome",
                    _(
                        "%(module)s is workplace learning, which is never exempted; allowed: "
                        "not exempt."
                    )
                    % {"module": module.code},
                )
            if hours is not None or credits is not None:
                errors.add(
                    f"{prefix}.hours_exempted"
                    if hours is not None
                    else f"{prefix}.credits_exempted",
                    _(
                        "Workplace learning is never reduced in hours or credits; an internship "
                        "is shortened in weeks (internship_weeks_reduced)."
                    ),
                )
            if weeks is None and internship:
                errors.add(
                    f"{prefix}.internship_weeks_reduced",
                    _("Say by how many weeks the internship is shortened."),
                )
        else:
            if not module.is_exemptable:
                errors.add(
                    f"{prefix}.outcome",
                    _("%(module)s cannot be exempted (the programme says so); allowed: not exempt.")
                    % {"module": module.code},
                )
            if weeks is not None and not internship:
                errors.add(
                    f"{prefix}.internship_weeks_reduced",
                    _("This module is no internship; reduce its hours or credits instead."),
                )
            if hours is None and credits is None:
                errors.add(
                    f"{prefix}.hours_exempted",
                    _("A partial exemption names the hours or the credits exempted."),
                )
        too_many_weeks = (
            weeks is not None
            and internship
            and rule.internship_weeks_max is not None
            and weeks > rule.internship_weeks_max
        )
        if too_many_weeks:
            errors.add(
                f"{prefix}.internship_weeks_reduced",
                _("At most %(max)d weeks for this internship.")
                % {"max": rule.internship_weeks_max},
            )
        if weeks == 0:
            errors.add(f"{prefix}.internship_weeks_reduced", _("Enter at least 1 week."))
        if hours is not None and (
            hours == 0 or (module.hours is not None and hours >= module.hours)
        ):
            errors.add(
                f"{prefix}.hours_exempted",
                _(
                    "Between 1 and %(max)s hours (the module has %(hours)s; all of them "
                    "would be a whole exemption)."
                )
                % {
                    "max": (module.hours - 1) if module.hours else "?",
                    "hours": module.hours if module.hours is not None else "?",
                },
            )
        if credits is not None and (
            credits == 0 or (module.study_credits is not None and credits >= module.study_credits)
        ):
            errors.add(
                f"{prefix}.credits_exempted",
                _("More than 0 and fewer than the module's %(credits)s credits.")
                % {"credits": module.study_credits if module.study_credits is not None else "?"},
            )
        if not remaining:
            errors.add(
                f"{prefix}.remaining_part",
                _("Name the part of the module the learner still follows."),
            )
    else:
        for name, value in (
            ("hours_exempted", hours),
            ("credits_exempted", credits),
            ("internship_weeks_reduced", weeks),
        ):
            if value is not None:
                errors.add(f"{prefix}.{name}", _("No exemption names no amount; leave this empty."))
    return {
        "outcome": outcome,
        "hours_exempted": hours,
        "credits_exempted": credits,
        "internship_weeks_reduced": weeks,
        "remaining_part": remaining if outcome == DecisionOutcome.PARTLY_EXEMPT else "",
        "reasoning": reasoning,
    }


@transaction.atomic
def decide(
    actor: User,
    request: Request,
    *,
    decisions: list[dict],
    valid_from: datetime.date | None = None,
) -> list[Decision]:
    """Record the decision per module (not yet communicated: it may still be redone).

    Each item: ``module`` (id), ``outcome``, ``reasoning``; a partial exemption also
    ``hours_exempted``/``credits_exempted`` (or ``internship_weeks_reduced`` for an
    internship the definition lets shorten) and ``remaining_part``.
    """
    _require(actor, rules.DECIDE_REQUEST, request)
    _locked(request)
    _status_must_be(
        request, RequestStatus.IN_ASSESSMENT, RequestStatus.DECIDED, RequestStatus.IN_APPEAL
    )
    proc = procedure(request)
    open_steps = list(
        request.steps.filter(status__in=[*OPEN_STEP_STATUSES, StepStatus.PENDING]).values_list(
            "step_key", flat=True
        )
    )
    errors = Errors()
    if open_steps and request.status == RequestStatus.IN_ASSESSMENT:
        errors.add(
            "steps",
            _("The assessment is not finished; open steps: %(steps)s.")
            % {"steps": ", ".join(open_steps)},
        )
    modules = {m.pk: m for m in request.modules.all()}
    allowed = ", ".join(f"{m.pk} ({m.code})" for m in modules.values()) or "-"
    communicated = set(
        request.decisions.filter(
            communicated_at__isnull=False, superseded_by__isnull=True
        ).values_list("module_id", flat=True)
    )
    day = valid_from or timezone.localdate()
    if not decisions:
        errors.add("decisions", _("Decide on at least one module."))
    cleaned: list[tuple[Module, dict]] = []
    seen: set[int] = set()
    for index, item in enumerate(decisions or []):
        prefix = f"decisions.{index}"
        if not isinstance(item, dict):
            errors.add(prefix, _("Give a module, an outcome and the reasoning."))
            continue
        module = modules.get(_int_or_none(item.get("module")))
        if module is None:
            errors.add(
                f"{prefix}.module",
                _("%(value)s is not a module of this request; allowed: %(allowed)s.")
                % {"value": item.get("module"), "allowed": allowed},
            )
            continue
        if module.pk in seen:
            errors.add(f"{prefix}.module", _("This module is decided twice."))
            continue
        seen.add(module.pk)
        if module.pk in communicated:
            errors.add(
                f"{prefix}.module",
                _(
                    "The decision on %(module)s was communicated; correct it with a new "
                    "decision that supersedes it."
                )
                % {"module": module.code},
            )
            continue
        fields = _clean_decision(errors, prefix, proc, module, item)
        cleaned.append((module, fields))
    cap = getattr(proc, "internship_weeks_max_total", None)
    if cap is not None and not errors:
        kept = (
            request.decisions.filter(superseded_by__isnull=True)
            .exclude(module_id__in=[m.pk for m, _f in cleaned])
            .exclude(communicated_at__isnull=True)
            .values_list("internship_weeks_reduced", flat=True)
        )
        total = sum(w or 0 for w in kept) + sum(
            f.get("internship_weeks_reduced") or 0 for _m, f in cleaned
        )
        if total > cap:
            errors.add(
                "decisions",
                _(
                    "Together the decisions shorten the internship by %(total)d weeks; at most "
                    "%(max)d weeks are allowed for this programme."
                )
                % {"total": total, "max": cap},
            )
    errors.raise_if_any()
    request.decisions.filter(
        communicated_at__isnull=True, module_id__in=[m.pk for m, _f in cleaned]
    ).delete()
    created = [
        Decision.objects.create(
            request=request,
            learner=request.learner,
            provider=request.provider,
            module=module,
            decided_by=actor,
            decided_as=proc.deciding_role,
            valid_from=day,
            valid_until=_years_later(day, proc.decision_valid_years),
            source=DecisionSource.PROCEDURE,
            **fields,
        )
        for module, fields in cleaned
    ]
    before = _set_status(request, RequestStatus.DECIDED, decided_at=timezone.now())
    _event(request, actor, "decided", before=before, note=str(len(created)))
    return created


def _recognise_from_decision(decision: Decision, on: datetime.date) -> None:
    """A whole exemption recognises the module's competences (MICOON shows them)."""
    if decision.outcome != DecisionOutcome.EXEMPT:
        return
    RecognisedCompetence.objects.bulk_create(
        RecognisedCompetence(
            learner_id=decision.learner_id,
            competence=competence,
            decision=decision,
            recognised_on=on,
        )
        for competence in decision.module.competences.all()
    )


@transaction.atomic
def communicate(actor: User, request: Request, *, on: datetime.date | None = None) -> Request:
    """The decisions go to the learner and become immutable; the certificate is issued
    when the procedure's condition holds; the learner gets an e-mail."""
    _require(actor, rules.DECIDE_REQUEST, request)
    _locked(request)
    _status_must_be(request, RequestStatus.DECIDED)
    on = on or timezone.localdate()
    proc = procedure(request)
    drafts = list(request.decisions.filter(communicated_at__isnull=True).select_related("module"))
    decided = set(
        request.decisions.filter(superseded_by__isnull=True).values_list("module_id", flat=True)
    )
    undecided = [m.code for m in request.modules.all() if m.pk not in decided]
    if not drafts:
        _fail("decisions", _("There is no decision to communicate."))
    if undecided:
        _fail(
            "decisions",
            _("Decide on every module of the request first; not decided: %(modules)s.")
            % {"modules": ", ".join(undecided)},
        )
    now = timezone.now()
    Decision.objects.filter(pk__in=[d.pk for d in drafts]).update(communicated_at=now)
    for decision in drafts:
        decision.communicated_at = now
        _recognise_from_decision(decision, on)
    certificate = _issue_certificate(actor, request, proc, on)
    if proc.appeal_allowed:
        before = request.status
        _event(request, actor, "communicated", before=before)
    else:
        before = _set_status(request, RequestStatus.CLOSED, closed_at=now)
        _event(request, actor, "communicated", before=before, note="no appeal: closed")
    from . import tasks

    enqueue_on_commit(tasks.send_decision_email, request.pk)
    if certificate is not None:
        request.certificate = certificate
    _decisions_changed(request.learner, drafts, on)
    return request


def _decisions_changed(learner: User, decisions: list[Decision], on: datetime.date) -> None:
    """What follows a communicated decision: matrix rules marked ``automatic`` grant the
    exemptions they now match (a competentiebewijs here exempts at another provider),
    and the learner's study plans in the programmes concerned are recalculated (their
    learner and coach are told what moved)."""
    from trajectwijzer.trajectories.services import recalculate_after_decision

    from .proposals import grant_automatic

    granted = grant_automatic(learner, on=on)
    programmes = {d.module.programme_id for d in [*decisions, *granted]}
    for programme_id in sorted(programmes):
        recalculate_after_decision(learner.pk, programme_id)


def _issue_certificate(
    actor, request: Request, proc: Procedure, on
) -> CompetenceCertificate | None:
    if proc.certificate is None or CompetenceCertificate.objects.filter(request=request).exists():
        return None
    passed, failed = _passed_and_failed(request)
    if not proc.certificate.when.holds(passed, failed):
        return None
    competences = target_competences(proc)
    codes = proc.certificate.competences or tuple(competences)
    certificate = CompetenceCertificate.objects.create(
        number=f"CB-{on:%Y}-{request.public_id.hex[:10].upper()}",
        request=request,
        learner=request.learner,
        provider=request.provider,
        issued_by=actor,
        valid_from=on,
        valid_until=_years_later(on, proc.certificate.valid_years),
    )
    RecognisedCompetence.objects.bulk_create(
        RecognisedCompetence(
            learner=request.learner,
            competence=competences[code],
            certificate=certificate,
            recognised_on=on,
        )
        for code in codes
        if code in competences
    )
    _event(request, actor, "certificate_issued", note=certificate.number)
    return certificate


@transaction.atomic
def supersede(
    actor: User,
    decision: Decision,
    *,
    outcome: str,
    reasoning: str,
    hours_exempted: int | None = None,
    credits_exempted=None,
    internship_weeks_reduced: int | None = None,
    remaining_part: str = "",
    valid_from: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Decision:
    """Correct a communicated decision: a new decision, communicated at once, replaces it."""
    request = decision.request
    if request is not None:
        _require(actor, rules.DECIDE_REQUEST, request)
        _locked(request)
    else:
        _require(actor, rules.MANAGE_EXEMPTION_RULES, decision.provider)
    old = Decision.objects.select_for_update().get(pk=decision.pk)
    if old.communicated_at is None:
        _fail("decision", _("This decision is not communicated yet; decide again instead."))
    if Decision.objects.filter(supersedes=old).exists():
        _fail("decision", _("This decision was superseded already; correct the newer one."))
    on = on or timezone.localdate()
    errors = Errors()
    proc = procedure(request) if request is not None else None
    item = {
        "outcome": outcome,
        "reasoning": reasoning,
        "hours_exempted": hours_exempted,
        "credits_exempted": credits_exempted,
        "internship_weeks_reduced": internship_weeks_reduced,
        "remaining_part": remaining_part,
    }
    if proc is not None:
        fields = _clean_decision(errors, "decision", proc, old.module, item)
    else:
        fields = _clean_rule_decision(errors, old.module, item)
    errors.raise_if_any()
    day = valid_from or on
    new = Decision.objects.create(
        request=request,
        learner_id=old.learner_id,
        provider_id=old.provider_id,
        module=old.module,
        decided_by=actor,
        decided_as=proc.deciding_role if proc else old.decided_as,
        valid_from=day,
        valid_until=(
            _years_later(day, proc.decision_valid_years) if proc is not None else old.valid_until
        ),
        source=old.source,
        matrix_rule=old.matrix_rule,
        supersedes=old,
        communicated_at=timezone.now(),
        **fields,
    )
    _recognise_from_decision(new, on)
    if request is not None:
        if request.status == RequestStatus.IN_APPEAL:
            before = _set_status(request, RequestStatus.CLOSED, closed_at=timezone.now())
        else:
            before = ""
        _event(request, actor, "superseded", before=before, note=f"{old.pk}->{new.pk}")
        from . import tasks

        enqueue_on_commit(tasks.send_decision_email, request.pk)
    _decisions_changed(new.learner, [new], on)
    return new


def _clean_rule_decision(errors: Errors, module: Module, item: dict) -> dict:
    """A decision granted by a matrix rule has no procedure: the same checks, no internship."""
    from .definition import Condition, ModuleOutcome

    class _NoProcedure:
        deciding_role = ""
        exempts_workplace_learning = False

        def outcome_for(self, code):
            return ModuleOutcome(module=code, exempt_when=Condition())

    return _clean_decision(errors, "decision", _NoProcedure(), module, item)


# Appeal, closing, withdrawing ------------------------------------------------------------------


@transaction.atomic
def appeal(
    actor: User, request: Request, *, reason: str, on: datetime.date | None = None
) -> Request:
    """The learner appeals the communicated decisions, if and while the procedure allows."""
    _require(actor, rules.APPEAL_REQUEST, request)
    _locked(request)
    proc = procedure(request)
    if not proc.appeal_allowed:
        _fail(
            "request",
            _("This procedure has no appeal (%(procedure)s).") % {"procedure": proc.title},
        )
    _status_must_be(request, RequestStatus.DECIDED)
    communicated = (
        request.decisions.filter(communicated_at__isnull=False)
        .order_by("-communicated_at")
        .values_list("communicated_at", flat=True)
        .first()
    )
    if communicated is None:
        _fail("request", _("The decisions are not communicated yet."))
    on = on or timezone.localdate()
    if proc.appeal_within_days is not None:
        last_day = timezone.localtime(communicated).date() + datetime.timedelta(
            days=proc.appeal_within_days
        )
        if on > last_day:
            _fail(
                "request",
                _("An appeal was possible until %(date)s (%(days)d days after the decision).")
                % {"date": last_day.isoformat(), "days": proc.appeal_within_days},
            )
    errors = Errors()
    reason = _text(errors, "reason", reason, required=True)
    errors.raise_if_any()
    before = _set_status(request, RequestStatus.IN_APPEAL)
    _event(request, actor, "appealed", before=before, note=reason)
    return request


@transaction.atomic
def close_request(actor: User, request: Request, *, reason: str = "") -> Request:
    _require(actor, rules.MANAGE_REQUEST, request)
    _locked(request)
    _status_must_be(
        request, RequestStatus.DECIDED, RequestStatus.IN_APPEAL, RequestStatus.NOT_ADMISSIBLE
    )
    if request.decisions.filter(communicated_at__isnull=True).exists():
        _fail("decisions", _("Communicate the decisions before closing the request."))
    errors = Errors()
    reason = _text(errors, "reason", reason)
    errors.raise_if_any()
    before = _set_status(request, RequestStatus.CLOSED, closed_at=timezone.now())
    _event(request, actor, "closed", before=before, note=reason)
    return request


@transaction.atomic
def withdraw_request(actor: User, request: Request, *, reason: str = "") -> Request:
    """The learner withdraws a request that is not decided yet; assignments end."""
    _require(actor, rules.EDIT_REQUEST, request)
    if actor.pk != request.learner_id:
        raise PermissionDenied(rules.EDIT_REQUEST)
    _locked(request)
    _status_must_be(
        request, RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.IN_ASSESSMENT
    )
    errors = Errors()
    reason = _text(errors, "reason", reason)
    errors.raise_if_any()
    now = timezone.now()
    request.decisions.filter(communicated_at__isnull=True).delete()
    request.assignments.filter(ended_at__isnull=True).update(ended_at=now)
    before = _set_status(request, RequestStatus.WITHDRAWN, closed_at=now)
    _event(request, actor, "withdrawn", before=before, note=reason)
    return request


# Earlier qualifications (EVK) -----------------------------------------------------------------


@transaction.atomic
def record_prior_qualification(actor: User, learner: User, **fields) -> PriorQualification:
    """Record an earlier qualification: ``kind``, ``title``, ``obtained_on`` and, as fits
    the kind, ``issuer``, ``qualification`` (code or id), ``module`` (id),
    ``credential_type``, ``credits``."""
    _require(actor, rules.RECORD_PRIOR_QUALIFICATION, learner)
    allowed = {
        "kind",
        "title",
        "issuer",
        "obtained_on",
        "qualification",
        "module",
        "credential_type",
        "credits",
    }
    errors = Errors()
    for name in set(fields) - allowed:
        errors.add(
            name,
            _("Unknown field; allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(allowed))},
        )
    kind = fields.get("kind")
    if kind not in PriorQualificationKind.values:
        errors.add(
            "kind",
            _("Unknown kind; allowed: %(allowed)s.")
            % {"allowed": ", ".join(PriorQualificationKind.values)},
        )
    title = _text(errors, "title", fields.get("title"), required=True, max_length=255)
    issuer = _text(errors, "issuer", fields.get("issuer", ""), max_length=200)
    credential_type = _text(
        errors, "credential_type", fields.get("credential_type", ""), max_length=100
    )
    obtained_on = None
    if fields.get("obtained_on") in (None, ""):
        errors.add("obtained_on", _("This field is required."))
    else:
        obtained_on = _as_date(errors, "obtained_on", fields["obtained_on"])
        if obtained_on and obtained_on > timezone.localdate():
            errors.add("obtained_on", _("The date cannot be in the future."))
    qualification = None
    raw_q = fields.get("qualification")
    if isinstance(raw_q, Qualification):
        qualification = raw_q
    elif raw_q not in (None, ""):
        qualification = (
            Qualification.objects.filter(code=str(raw_q)).first()
            or Qualification.objects.filter(pk=_int_or_none(raw_q) or 0).first()
        )
        if qualification is None:
            errors.add("qualification", _("No qualification with this code."))
    module = None
    raw_m = fields.get("module")
    if isinstance(raw_m, Module):
        module = raw_m
    elif raw_m not in (None, ""):
        module = Module.objects.filter(pk=_int_or_none(raw_m) or 0).first()
        if module is None:
            errors.add("module", _("No module with this id."))
    credits = _plain_decimal(errors, "credits", fields.get("credits"))
    if kind == PriorQualificationKind.MODULE and module is None and "module" not in errors.errors:
        errors.add("module", _("Name the module completed."))
    if (
        kind == PriorQualificationKind.CREDITS
        and credits is None
        and "credits" not in errors.errors
    ):
        errors.add("credits", _("Name the credits earned."))
    errors.raise_if_any()
    qualification_record = PriorQualification.objects.create(
        learner=learner,
        kind=kind,
        title=title,
        issuer=issuer,
        obtained_on=obtained_on,
        qualification=qualification,
        module=module,
        credential_type=credential_type,
        credits=credits,
        recorded_by=actor,
    )
    # Matrix rules that say ``automatic`` grant their exemption at once.
    _decisions_changed(learner, [], timezone.localdate())
    return qualification_record


# Signals for the coach ------------------------------------------------------------------------


@dataclass
class SignalRun:
    checked: int = 0
    signals: int = 0


def check_waiting_steps(on: datetime.date | None = None) -> SignalRun:
    """Raise a signal for the coach for each step that waits on the learner past its due day
    (the procedure's ``max_duration_days``); idempotent while the signal is open."""
    from trajectwijzer.caseload.models import Signal, SignalSource
    from trajectwijzer.caseload.services import raise_signal

    on = on or timezone.localdate()
    run = SignalRun()
    overdue = StepRecord.objects.filter(
        status=StepStatus.WAITING_ON_LEARNER,
        due_on__lt=on,
        request__status=RequestStatus.IN_ASSESSMENT,
    ).select_related("request", "request__learner", "request__procedure_version")
    for record in overdue:
        run.checked += 1
        key = f"request-{record.request_id}-{record.step_key}"
        already = Signal.objects.filter(
            learner_id=record.request.learner_id,
            code=SIGNAL_CODE,
            key=key,
            acknowledged_at__isnull=True,
        ).exists()
        raise_signal(
            record.request.learner,
            source=SignalSource.RECOGNITION,
            code=SIGNAL_CODE,
            key=key,
            details={
                "request": str(record.request.public_id),
                "procedure": record.request.procedure_version.procedure,
                "step": record.step_key,
                "due_on": record.due_on.isoformat(),
            },
        )
        run.signals += not already
    return run
