"""Reads of recognition shared by pages, the API, the CLI and other apps.

``exemptions_for`` is what the trajectory plan reads: one :class:`Exemption` per
module with a decision in force (keep its shape stable). Reads of a request's
evidence and judgements by staff go through ``accounts.access`` (checked and logged);
``requests_for`` lists what a viewer may see in a constant number of queries.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import LearnerNotAccessible, access_learner_record
from trajectwijzer.accounts.models import ConsentScope, LearnerLink, LinkKind, Role, User

from . import rules
from .definition import Procedure, procedure_from_raw
from .models import (
    DONE_STEP_STATUSES,
    AssessorAssignment,
    Decision,
    DecisionOutcome,
    DecisionSource,
    Evidence,
    ProcedureVersion,
    RecognisedCompetence,
    Request,
    StepRecord,
    StepStatus,
)

_PARSED: dict[str, Procedure] = {}


def procedure_of(version: ProcedureVersion) -> Procedure:
    """The stored version's definition as objects (parsed once per checksum)."""
    try:
        from .procedures import procedure_for
    except ImportError:  # pragma: no cover - while procedures.py is being written
        procedure_for = None
    if procedure_for is not None:
        return procedure_for(version)
    key = version.checksum or f"{version.procedure}-{version.version}"
    cached = _PARSED.get(key)
    if cached is None:
        cached = procedure_from_raw(version.definition, f"{version} (stored)")
        _PARSED[key] = cached
    return cached


# What the trajectory plan reads ------------------------------------------------------


@dataclass(frozen=True)
class Exemption:
    """A module (or part of it) the learner need not follow, from a decision in force."""

    module_id: int
    module_code: str
    kind: str  # "whole" | "partial"
    hours: int | None  # whole: the module's hours; partial: the hours exempted
    credits: Decimal | None  # whole: the module's credits; partial: the credits exempted
    internship_weeks: int | None  # partial: weeks the internship is shortened by
    valid_from: datetime.date
    valid_until: datetime.date | None
    decision_id: int
    provider_id: int
    portable_via_rule: str  # the exemption matrix rule's code, "" for a procedure's decision


def exemptions_for(
    learner: User | int, *, programme=None, on: datetime.date | None = None
) -> list[Exemption]:
    """The learner's exemptions in force on ``on`` (default today), per module.

    With ``programme``: only modules of that programme (an exemption counts within the
    deciding provider; a matrix rule makes one portable by granting its own decision at
    the other provider). One query.
    """
    on = on or timezone.localdate()
    learner_id = learner if isinstance(learner, int) else learner.pk
    decisions = (
        Decision.objects.in_force(on)
        .filter(
            learner_id=learner_id,
            outcome__in=[DecisionOutcome.EXEMPT, DecisionOutcome.PARTLY_EXEMPT],
        )
        .select_related("module", "matrix_rule")
        .order_by("module__programme_id", "module__position", "module_id", "-decided_at")
    )
    if programme is not None:
        decisions = decisions.filter(module__programme=programme)
    found: list[Exemption] = []
    seen: set[int] = set()
    for decision in decisions:
        if decision.module_id in seen:
            continue  # the latest decision in force per module counts
        seen.add(decision.module_id)
        whole = decision.outcome == DecisionOutcome.EXEMPT
        found.append(
            Exemption(
                module_id=decision.module_id,
                module_code=decision.module.code,
                kind="whole" if whole else "partial",
                hours=decision.module.hours if whole else decision.hours_exempted,
                credits=decision.module.study_credits if whole else decision.credits_exempted,
                internship_weeks=None if whole else decision.internship_weeks_reduced,
                valid_from=decision.valid_from,
                valid_until=decision.valid_until,
                decision_id=decision.pk,
                provider_id=decision.provider_id,
                portable_via_rule=(
                    decision.matrix_rule.code
                    if decision.source == DecisionSource.MATRIX_RULE and decision.matrix_rule
                    else ""
                ),
            )
        )
    return found


def recognised_competences(
    learner: User | int, *, on: datetime.date | None = None
) -> dict[int, RecognisedCompetence]:
    """Competence id → how it was recognised (certificate or decision) and still counts:
    the certificate is valid on ``on``, or the decision is in force. The latest wins."""
    on = on or timezone.localdate()
    learner_id = learner if isinstance(learner, int) else learner.pk
    in_force = Decision.objects.in_force(on).values("pk")
    rows = (
        RecognisedCompetence.objects.filter(learner_id=learner_id)
        .filter(
            Q(
                certificate__isnull=False,
                certificate__valid_from__lte=on,
            )
            & (Q(certificate__valid_until__isnull=True) | Q(certificate__valid_until__gte=on))
            | Q(decision__in=in_force)
        )
        .select_related("competence", "certificate", "decision")
        .order_by("recognised_on", "pk")
    )
    return {row.competence_id: row for row in rows}


# Requests a viewer may see -------------------------------------------------------------


def _with_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "learner", "procedure_version", "provider", "programme", "employer", "started_by"
    )


def requests_for(viewer: User) -> list[Request]:
    """Every request ``viewer`` may see (``rules.VIEW_REQUEST``), newest first, in a
    constant number of queries: their own, assigned ones (while an assessor), their
    provider's, their coachees', ones they started for a learner they still stand
    beside, and ones a learner consented to share with them."""
    if not policy.is_signed_in(viewer):
        return []
    hr_orgs = policy.organisations_with_role(viewer, Role.EMPLOYER_HR)
    links = list(
        LearnerLink.objects.current()
        .filter(Q(person=viewer) | Q(kind=LinkKind.EMPLOYER, organisation_id__in=hr_orgs))
        .values("learner_id", "kind", "person_id", "organisation_id")
    )
    coachees = {row["learner_id"] for row in links if row["kind"] == LinkKind.COACH}
    mentees = {row["learner_id"] for row in links if row["kind"] == LinkKind.MENTOR}
    employer_pairs = {
        (row["learner_id"], row["organisation_id"])
        for row in links
        if row["kind"] == LinkKind.EMPLOYER and row["person_id"] != viewer.pk
    }
    linked = {row["learner_id"] for row in links} - {viewer.pk}
    consenting = {
        row["learner_id"]
        for row in policy.consents_to(viewer, hr_orgs)
        .filter(scope=ConsentScope.RECOGNITION, learner_id__in=linked)
        .values("learner_id", "recipient_user_id", "recipient_organisation_id")
        if row["recipient_user_id"] == viewer.pk
        or (row["learner_id"], row["recipient_organisation_id"]) in employer_pairs
    }
    assigned: set[int] = set()
    if policy.has_role(viewer, Role.ASSESSOR):
        assigned = set(
            AssessorAssignment.objects.filter(assessor=viewer, ended_at__isnull=True).values_list(
                "request_id", flat=True
            )
        )
    maintained = policy.offer_maintainer_organisations(viewer)
    condition = (
        Q(learner=viewer)
        | Q(learner_id__in=coachees | consenting)
        | Q(pk__in=assigned)
        | Q(started_as="mentor", started_by=viewer, learner_id__in=mentees)
        | Q(provider__organisation_id__in=maintained)
    )
    if employer_pairs:
        condition |= Q(
            started_as="employer",
            employer_id__in={org for _learner, org in employer_pairs},
            learner_id__in={learner for learner, _org in employer_pairs},
        )
    found = _with_related(Request.objects.filter(condition)).order_by("-created_at")
    return [
        request
        for request in found
        if request.started_as != "employer"
        or request.learner_id in coachees | consenting | {viewer.pk}
        or request.pk in assigned
        or request.provider.organisation_id in maintained
        or (request.learner_id, request.employer_id) in employer_pairs
    ]


def assigned_requests(assessor: User) -> list[Request]:
    """Requests with a current assignment for ``assessor`` (none while not an assessor)."""
    if not policy.has_role(assessor, Role.ASSESSOR):
        return []
    return list(
        _with_related(
            Request.objects.filter(
                assignments__assessor=assessor, assignments__ended_at__isnull=True
            ).distinct()
        ).order_by("-created_at")
    )


def provider_requests(admin: User) -> list[Request]:
    """Requests of the providers whose offer ``admin`` maintains."""
    maintained = policy.offer_maintainer_organisations(admin)
    if not maintained:
        return []
    return list(
        _with_related(Request.objects.filter(provider__organisation_id__in=maintained)).order_by(
            "-created_at"
        )
    )


def learner_requests(viewer: User, learner: User) -> list[Request]:
    """Requests of ``learner`` that ``viewer`` may see (the coach's caseload page)."""
    return [r for r in requests_for(viewer) if r.learner_id == learner.pk]


# One request ----------------------------------------------------------------------------


def find_request(public_id) -> Request | None:
    try:
        key = public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except (ValueError, TypeError):
        return None
    return _with_related(Request.objects.filter(public_id=key)).first()


def request_detail(
    viewer: User,
    public_id,
    *,
    action: str = rules.VIEW_REQUEST,
    read: str | None = None,
    log: bool = True,
) -> Request:
    """The request if ``viewer`` may do ``action`` on it (logged), else
    ``LearnerNotAccessible`` (404) — the same whether it does not exist or is refused."""
    request = find_request(public_id)
    return access_learner_record(
        viewer,
        request,
        action,
        learner=request.learner_id if request else None,
        read=read or action,
        log=log,
    )


def may(viewer: User, action: str, request: Request) -> bool:
    return policy.can(viewer, action, request)


def evidence_of(viewer: User, request: Request, *, log: bool = True) -> list[Evidence]:
    """The request's evidence with its mappings, if ``viewer`` may read it (logged)."""
    access_learner_record(viewer, request, rules.VIEW_EVIDENCE, learner=request.learner_id, log=log)
    return list(
        request.evidence.prefetch_related("mappings__competence", "mappings__indicator").order_by(
            "-dated_on", "pk"
        )
    )


def evidence_for_download(viewer: User, evidence_id: int) -> Evidence:
    """One evidence file for ``viewer`` to download (checked and logged), else 404."""
    evidence = (
        Evidence.objects.select_related("request", "request__learner", "request__provider")
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None:
        raise LearnerNotAccessible
    access_learner_record(
        viewer,
        evidence.request,
        rules.VIEW_EVIDENCE,
        learner=evidence.request.learner_id,
        read="recognition.download_evidence",
    )
    return evidence


def judgements_of(viewer: User, request: Request, *, log: bool = True) -> list:
    access_learner_record(viewer, request, rules.VIEW_EVIDENCE, learner=request.learner_id, log=log)
    return list(request.judgements.select_related("competence", "assessor"))


def decisions_of(request: Request) -> list[Decision]:
    """The request's decisions, newest first (the caller has checked VIEW_REQUEST)."""
    return list(
        request.decisions.select_related("module", "decided_by", "supersedes").order_by(
            "module__position", "-decided_at"
        )
    )


@dataclass(frozen=True)
class StepView:
    record: StepRecord
    title: str
    type: str
    waits_on: str
    max_duration_days: int
    overdue: bool


def steps_of(request: Request, *, on: datetime.date | None = None) -> list[StepView]:
    """The request's steps in order with the definition's titles (what is next)."""
    on = on or timezone.localdate()
    procedure = procedure_of(request.procedure_version)
    by_key = {step.key: step for step in procedure.steps}
    views = []
    for record in request.steps.order_by("position"):
        step = by_key.get(record.step_key)
        open_ = record.status in (StepStatus.WAITING_ON_LEARNER, StepStatus.WAITING_ON_ASSESSOR)
        views.append(
            StepView(
                record=record,
                title=str(step.title) if step else record.step_key,
                type=step.type if step else "",
                waits_on=step.waits_on if step else "",
                max_duration_days=step.max_duration_days if step else 0,
                overdue=bool(open_ and record.due_on and record.due_on < on),
            )
        )
    return views


def current_step(request: Request) -> StepRecord | None:
    return (
        request.steps.exclude(status__in=[*DONE_STEP_STATUSES, StepStatus.PENDING])
        .order_by("position")
        .first()
    )
