"""Exemption proposals: the seeds' "same exemptions across institutions".

From what the platform knows a learner holds — earlier qualifications
(:class:`~.models.PriorQualification`: a diploma or certificate of a qualification, a
module completed, a credential type), competences recognised in a competentiebewijs
or by a decision, and modules exempted by a decision in force — the rules of every
provider's exemption matrix (:class:`~.models.ExemptionRule`) in force are matched, and
each match is a :class:`Proposal`: "this rule of provider B would exempt you from that
module". A competentiebewijs obtained at provider A so proposes exemptions at B.

``proposals_for`` runs a constant number of queries whatever the number of rules or
sources (no query per rule; ``bench/recognition.py`` measures it beside the naive way).
Modules the learner already has a decision in force on are left out. A proposal turns
into a request in one step (``request_from_proposal``: EVK grounds, the source attached
as evidence); rules marked ``automatic`` are granted without a procedure
(``grant_automatic``: a communicated decision whose source is the rule).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import In
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User

from . import rules
from .models import (
    OPEN_STATUSES,
    Decision,
    DecisionOutcome,
    DecisionSource,
    Evidence,
    ExemptionRule,
    Grounds,
    PriorQualification,
    PriorQualificationKind,
    ProcedureVersion,
    Request,
    RequestEvent,
    RuleGrant,
    RuleSource,
)

AUTOMATIC_DECIDED_AS = "matrix_rule"


@dataclass(frozen=True)
class Source:
    """What of the learner's a rule matched: a recorded qualification, a decision, a
    competentiebewijs (or competences recognised by decisions)."""

    kind: str  # "prior_qualification" | "decision" | "certificate" | "recognised_competences"
    label: str  # for people, in the active language
    dated_on: datetime.date
    ids: tuple[int, ...]  # the PriorQualification / Decision / CompetenceCertificate ids

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "dated_on": self.dated_on.isoformat(),
            "ids": list(self.ids),
        }


@dataclass(frozen=True)
class Proposal:
    rule_id: int
    rule_code: str
    rule_kind: str  # RuleSource value
    grant: str  # "whole" | "hours"
    hours: int | None  # for grant "hours"
    automatic: bool
    valid_until: datetime.date | None  # the rule's end
    provider_id: int
    provider_slug: str
    provider_name: str
    programme_id: int
    programme_external_id: str
    programme_title: str
    target_module_id: int
    target_module_code: str
    target_module_title: str
    target_module_hours: int | None
    source: Source
    open_request: str | None = None  # public id of an open request for this module
    note: str = ""

    @property
    def source_label(self) -> str:
        return self.source.label

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule_code,
            "rule_kind": self.rule_kind,
            "grant": self.grant,
            "hours": self.hours,
            "automatic": self.automatic,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "provider": self.provider_slug,
            "provider_name": self.provider_name,
            "programme": self.programme_external_id,
            "programme_title": self.programme_title,
            "module": self.target_module_code,
            "module_title": self.target_module_title,
            "module_hours": self.target_module_hours,
            "source": self.source.as_json(),
            "open_request": self.open_request,
            "note": self.note,
        }


@dataclass
class _Holdings:
    """The learner's sources, fetched once."""

    qualifications: dict[int, list[PriorQualification]] = field(default_factory=dict)
    credentials: dict[str, list[PriorQualification]] = field(default_factory=dict)
    module_qualifications: dict[int, list[PriorQualification]] = field(default_factory=dict)
    exempt_decisions: dict[int, list[Decision]] = field(default_factory=dict)
    decided_modules: set[int] = field(default_factory=set)
    recognised: dict[int, Any] = field(default_factory=dict)  # competence id → RecognisedCompetence


def _holdings(learner_id: int, on: datetime.date) -> _Holdings:
    from .queries import recognised_competences

    holdings = _Holdings()
    for prior in PriorQualification.objects.filter(
        learner_id=learner_id, obtained_on__lte=on
    ).order_by():
        if prior.qualification_id:
            holdings.qualifications.setdefault(prior.qualification_id, []).append(prior)
        if prior.module_id and prior.kind == PriorQualificationKind.MODULE:
            holdings.module_qualifications.setdefault(prior.module_id, []).append(prior)
        if prior.credential_type.strip():
            key = prior.credential_type.strip().lower()
            holdings.credentials.setdefault(key, []).append(prior)
    decisions = (
        Decision.objects.in_force(on)
        .filter(learner_id=learner_id)
        .select_related("module", "provider")
        .order_by("-decided_at", "pk")
    )
    for decision in decisions:
        holdings.decided_modules.add(decision.module_id)
        if decision.outcome == DecisionOutcome.EXEMPT:
            holdings.exempt_decisions.setdefault(decision.module_id, []).append(decision)
    holdings.recognised = recognised_competences(learner_id, on=on)
    return holdings


def _rule_queryset(on: datetime.date):
    # No ordering: proposals are sorted in Python (ordering costs SQL compilation time).
    return (
        ExemptionRule.objects.in_force(on)
        .select_related("target_module__programme__provider", "maintained_by")
        .order_by()
    )


def _matching_rules(holdings: _Holdings, on: datetime.date) -> list[ExemptionRule]:
    """Every rule in force whose source the learner holds (two queries, three with
    competences)."""
    condition = Q(pk__in=[])
    if holdings.qualifications:
        condition |= Q(
            source_kind=RuleSource.QUALIFICATION,
            source_qualification_id__in=list(holdings.qualifications),
        )
    modules = set(holdings.module_qualifications) | set(holdings.exempt_decisions)
    if modules:
        condition |= Q(source_kind=RuleSource.MODULE, source_module_id__in=sorted(modules))
    if holdings.credentials:
        condition |= Q(source_kind=RuleSource.CREDENTIAL_TYPE) & Q(
            In(Lower("source_credential_type"), sorted(holdings.credentials))
        )
    found: list[ExemptionRule] = []
    if holdings.qualifications or modules or holdings.credentials:
        found.extend(_rule_queryset(on).filter(condition))
    if holdings.recognised:
        # A competence rule matches when the learner holds every one of its competences:
        # the links of the rules sharing at least one (by the index on competence), then
        # the complete ones by id. Two queries; asking the database to count per rule let
        # PostgreSQL's planner join every competence rule first (bench/recognition.py).
        through = ExemptionRule.source_competences.through
        held = set(holdings.recognised)
        sharing = through.objects.filter(competence_id__in=sorted(held)).values("exemptionrule_id")
        competences_of: dict[int, set[int]] = {}
        for rule_id, competence_id in through.objects.filter(
            exemptionrule_id__in=sharing
        ).values_list("exemptionrule_id", "competence_id"):
            competences_of.setdefault(rule_id, set()).add(competence_id)
        complete = sorted(rule_id for rule_id, ids in competences_of.items() if ids <= held)
        if complete:
            for rule in _rule_queryset(on).filter(
                source_kind=RuleSource.COMPETENCES, pk__in=complete
            ):
                rule.competence_ids = competences_of[rule.pk]
                found.append(rule)
    return found


def _source_of(rule: ExemptionRule, holdings: _Holdings) -> Source | None:
    if rule.source_kind == RuleSource.QUALIFICATION:
        priors = holdings.qualifications.get(rule.source_qualification_id)
        return _prior_source(priors) if priors else None
    if rule.source_kind == RuleSource.CREDENTIAL_TYPE:
        priors = holdings.credentials.get(rule.source_credential_type.strip().lower())
        return _prior_source(priors) if priors else None
    if rule.source_kind == RuleSource.MODULE:
        decisions = holdings.exempt_decisions.get(rule.source_module_id)
        if decisions:
            decision = decisions[0]
            return Source(
                kind="decision",
                label=_("Exemption from %(module)s at %(provider)s (decision of %(date)s)")
                % {
                    "module": decision.module.localized("title"),
                    "provider": decision.provider.name,
                    "date": decision.valid_from.isoformat(),
                },
                dated_on=decision.valid_from,
                ids=(decision.pk,),
            )
        priors = holdings.module_qualifications.get(rule.source_module_id)
        return _prior_source(priors) if priors else None
    if rule.source_kind == RuleSource.COMPETENCES:
        competence_ids = sorted(getattr(rule, "competence_ids", ()))
        held = [holdings.recognised[pk] for pk in competence_ids if pk in holdings.recognised]
        if not competence_ids or len(held) != len(competence_ids):
            return None
        certificates = {r.certificate.pk: r.certificate for r in held if r.certificate_id}
        dated_on = max(r.recognised_on for r in held)
        if certificates:
            numbers = ", ".join(sorted(c.number for c in certificates.values()))
            return Source(
                kind="certificate",
                label=_("Competentiebewijs %(numbers)s") % {"numbers": numbers},
                dated_on=dated_on,
                ids=tuple(sorted(certificates)),
            )
        return Source(
            kind="recognised_competences",
            label=_("Competences recognised by decision"),
            dated_on=dated_on,
            ids=tuple(sorted({r.decision_id for r in held if r.decision_id})),
        )
    return None


def _prior_source(priors: list[PriorQualification]) -> Source:
    prior = max(priors, key=lambda p: (p.obtained_on, p.pk))
    label = prior.title if not prior.issuer else f"{prior.title} ({prior.issuer})"
    return Source(
        kind="prior_qualification", label=label, dated_on=prior.obtained_on, ids=(prior.pk,)
    )


def _better(rule: ExemptionRule, than: ExemptionRule) -> bool:
    """Whole before hours, more hours before fewer, then by code."""

    def key(r: ExemptionRule):
        return (r.grant != RuleGrant.WHOLE, -(r.hours or 0), r.code)

    return key(rule) < key(than)


def _matches(learner_id: int, on: datetime.date) -> list[tuple[ExemptionRule, Source]]:
    holdings = _holdings(learner_id, on)
    matches = []
    for rule in _matching_rules(holdings, on):
        module = rule.target_module
        if module.pk in holdings.decided_modules or module.pk == rule.source_module_id:
            continue
        if module.is_workplace_learning or not module.is_exemptable:
            continue  # the import refuses these; a catalogue change may come later
        source = _source_of(rule, holdings)
        if source is not None:
            matches.append((rule, source))
    return matches


def _best_per_module(
    matches: Iterable[tuple[ExemptionRule, Source]],
) -> dict[int, tuple[ExemptionRule, Source]]:
    best: dict[int, tuple[ExemptionRule, Source]] = {}
    for rule, source in matches:
        current = best.get(rule.target_module_id)
        if current is None or _better(rule, current[0]):
            best[rule.target_module_id] = (rule, source)
    return best


def _proposal(rule: ExemptionRule, source: Source, open_request: str | None) -> Proposal:
    module = rule.target_module
    programme = module.programme
    provider = programme.provider
    return Proposal(
        rule_id=rule.pk,
        rule_code=rule.code,
        rule_kind=rule.source_kind,
        grant=rule.grant,
        hours=rule.hours if rule.grant == RuleGrant.HOURS else None,
        automatic=rule.automatic,
        valid_until=rule.valid_until,
        provider_id=provider.pk,
        provider_slug=provider.slug,
        provider_name=provider.localized("name"),
        programme_id=programme.pk,
        programme_external_id=programme.external_id,
        programme_title=programme.localized("title"),
        target_module_id=module.pk,
        target_module_code=module.code,
        target_module_title=module.localized("title"),
        target_module_hours=module.hours,
        source=source,
        open_request=open_request,
        note=rule.note,
    )


def proposals_for(learner: User | int, *, on: datetime.date | None = None) -> list[Proposal]:
    """The exemptions every provider's matrix would grant the learner on ``on``.

    One proposal per target module (the best rule: whole before hours), leaving out
    modules with a decision in force. A constant number of queries. The caller checks
    who may read them (``rules.VIEW_PROPOSALS`` through ``accounts.access``).
    """
    on = on or timezone.localdate()
    learner_id = learner if isinstance(learner, int) else learner.pk
    matches = _matches(learner_id, on)
    best = _best_per_module(matches)
    open_requests: dict[int, str] = {}
    if best:
        through = Request.modules.through
        for module_id, public_id in through.objects.filter(
            request__learner_id=learner_id,
            request__status__in=OPEN_STATUSES,
            module_id__in=sorted(best),
        ).values_list("module_id", "request__public_id"):
            open_requests.setdefault(module_id, str(public_id))
    proposals = [
        _proposal(rule, source, open_requests.get(module_id))
        for module_id, (rule, source) in best.items()
    ]
    return sorted(
        proposals,
        key=lambda p: (p.provider_name, p.programme_title, p.target_module_code, p.rule_code),
    )


# Granting automatically ----------------------------------------------------------------


def _remaining_part(rule: ExemptionRule) -> str:
    module = rule.target_module
    if rule.grant != RuleGrant.HOURS:
        return ""
    remaining = max((module.hours or 0) - (rule.hours or 0), 0)
    return _("%(remaining)s of the %(total)s hours of %(module)s") % {
        "remaining": remaining,
        "total": module.hours,
        "module": module.localized("title"),
    }


@transaction.atomic
def grant_automatic(learner: User, *, on: datetime.date | None = None) -> list[Decision]:
    """Communicated decisions for the rules marked ``automatic`` that match the learner.

    Idempotent: a module with a decision in force is skipped, and so is one with an open
    request (its procedure decides). The decision's source is the rule; it is valid
    from ``on`` until the rule ends. Called after an earlier qualification or a decision
    is recorded.
    """
    on = on or timezone.localdate()
    # One grant at a time per learner, so two calls cannot both grant the same module.
    User.objects.select_for_update().filter(pk=learner.pk).first()
    matches = _matches(learner.pk, on)
    best = _best_per_module((rule, source) for rule, source in matches if rule.automatic)
    if not best:
        return []
    busy = set(
        Request.modules.through.objects.filter(
            request__learner_id=learner.pk,
            request__status__in=OPEN_STATUSES,
            module_id__in=sorted(best),
        ).values_list("module_id", flat=True)
    )
    now = timezone.now()
    decisions = []
    with translation.override(learner.preferred_language or "nl"):
        for module_id, (rule, source) in sorted(best.items()):
            if module_id in busy:
                continue
            whole = rule.grant == RuleGrant.WHOLE
            decision = Decision.objects.create(
                request=None,
                learner=learner,
                provider=rule.target_module.programme.provider,
                module=rule.target_module,
                outcome=DecisionOutcome.EXEMPT if whole else DecisionOutcome.PARTLY_EXEMPT,
                hours_exempted=None if whole else rule.hours,
                remaining_part=_remaining_part(rule),
                reasoning=_(
                    "Granted automatically by exemption rule %(code)s of %(organisation)s on "
                    "the grounds of: %(source)s."
                )
                % {
                    "code": rule.code,
                    "organisation": rule.maintained_by.name,
                    "source": source.label,
                },
                source=DecisionSource.MATRIX_RULE,
                matrix_rule=rule,
                decided_by=None,
                decided_as=AUTOMATIC_DECIDED_AS,
                decided_at=now,
                communicated_at=now,
                valid_from=on,
                valid_until=rule.valid_until,
            )
            decisions.append(decision)
    return decisions


# From a proposal to a request -------------------------------------------------------------


def _procedure_for_module(rule: ExemptionRule) -> str | None:
    """The current procedure of the target's provider that takes EVK requests for it."""
    from .queries import procedure_of

    module = rule.target_module
    programme = module.programme
    versions = ProcedureVersion.objects.filter(
        provider_id=programme.provider_id, is_current=True
    ).order_by("procedure")
    for version in versions:
        procedure = procedure_of(version)
        target = procedure.target
        if (
            target.programme == programme.external_id
            and module.code in target.modules
            and (not procedure.grounds or Grounds.EVK in procedure.grounds)
        ):
            return version.procedure
    return None


@transaction.atomic
def request_from_proposal(
    actor: User,
    learner: User,
    rule_code: str,
    *,
    submit: bool = False,
    on: datetime.date | None = None,
) -> Request:
    """Turn the proposal of rule ``rule_code`` into a request: EVK grounds, the target
    module, the rule named, and the learner's source attached as evidence."""
    from . import services

    policy.require(actor, rules.START_REQUEST, learner)
    on = on or timezone.localdate()
    proposal = next((p for p in proposals_for(learner, on=on) if p.rule_code == rule_code), None)
    if proposal is None:
        raise ValidationError(
            {
                "rule": _(
                    "No exemption proposal for rule %(code)s; choose one of the learner's "
                    "proposals."
                )
                % {"code": rule_code}
            }
        )
    if proposal.open_request:
        raise ValidationError(
            {
                "rule": _("There is already an open request for %(module)s; follow that one.")
                % {"module": proposal.target_module_title}
            }
        )
    rule = ExemptionRule.objects.select_related(
        "target_module__programme__provider", "maintained_by"
    ).get(pk=proposal.rule_id)
    procedure = _procedure_for_module(rule)
    if procedure is None:
        raise ValidationError(
            {
                "procedure": _(
                    "%(provider)s has no recognition procedure that takes EVK requests for "
                    "%(module)s; ask the provider."
                )
                % {"provider": proposal.provider_name, "module": proposal.target_module_title}
            }
        )
    with translation.override(learner.preferred_language or "nl"):
        motivation = _("Proposed by exemption rule %(code)s on the grounds of: %(source)s.") % {
            "code": rule.code,
            "source": proposal.source_label,
        }
        request = services.start_request(
            actor,
            learner,
            procedure=procedure,
            modules=[proposal.target_module_id],
            grounds=[Grounds.EVK],
            motivation=motivation,
            from_rule=rule,
            on=on,
        )
        _attach_source(actor, request, proposal)
    if submit:
        services.submit_request(actor, request, on=on)
    return request


def _attach_source(actor: User, request: Request, proposal: Proposal) -> Evidence:
    """The matched source as evidence: a record on the platform (kind ``record``, no file).

    Through flow's ``add_record_evidence`` when the actor may add evidence (the learner);
    a mentor, employer or coach who starts the request from the proposal may not add
    evidence themselves, but the source the proposal matched is part of starting it.
    """
    from . import services
    from .models import EvidenceKind

    source = proposal.source
    title = source.label[:200]
    description = _("Recorded on the platform; it matches exemption rule %(code)s.") % {
        "code": proposal.rule_code
    }
    snapshot = {"rule": proposal.rule_code, **source.as_json()}
    if policy.can(actor, rules.ADD_EVIDENCE, request):
        return services.add_record_evidence(
            actor,
            request,
            title=title,
            dated_on=source.dated_on,
            snapshot=snapshot,
            description=description,
        )
    evidence = Evidence.objects.create(
        request=request,
        kind=EvidenceKind.RECORD,
        title=title,
        description=description,
        dated_on=source.dated_on,
        snapshot=snapshot,
        uploaded_by=actor,
    )
    RequestEvent.objects.create(
        request=request,
        actor=actor,
        action="evidence_added",
        from_status=request.status,
        to_status=request.status,
        note=f"{evidence.pk}:record",
    )
    return evidence
