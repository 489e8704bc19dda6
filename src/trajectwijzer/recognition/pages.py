"""Reads only the recognition pages need (what the views show besides ``queries.py``).

Each takes a request (or version) the view has already got through the policy
(``queries.request_detail``: checked and logged); none decides who may see what.
"""

from __future__ import annotations

from trajectwijzer.accounts.models import MembershipStatus, Role, User
from trajectwijzer.catalogue.models import Competence, Indicator, Module

from .models import (
    CompetenceCertificate,
    Decision,
    Evidence,
    EvidenceMapping,
    Judgement,
    ProcedureVersion,
    Request,
)


def current_versions() -> list[ProcedureVersion]:
    return list(
        ProcedureVersion.objects.filter(is_current=True)
        .select_related("provider")
        .order_by("procedure")
    )


def current_version(slug: str) -> ProcedureVersion | None:
    return (
        ProcedureVersion.objects.filter(procedure=slug, is_current=True)
        .select_related("provider")
        .first()
    )


def target_modules(version: ProcedureVersion, definition) -> list[Module]:
    """The modules of the procedure's target programme a request may name."""
    return list(
        Module.objects.filter(
            programme__provider=version.provider,
            programme__external_id=definition.target.programme,
            code__in=list(definition.target.modules),
        ).order_by("code")
    )


def target_competences(definition) -> list[Competence]:
    """The target's competences in order, each with ``indicator_list`` (two queries)."""
    target = definition.target
    competences = list(
        Competence.objects.filter(
            framework__code=target.framework, code__in=list(target.competences)
        ).order_by("position", "code")
    )
    indicators: dict[int, list[Indicator]] = {c.pk: [] for c in competences}
    for indicator in Indicator.objects.filter(competence__in=competences).order_by(
        "position", "code"
    ):
        indicators[indicator.competence_id].append(indicator)
    for competence in competences:
        competence.indicator_list = indicators[competence.pk]
    return competences


def judgements(req: Request) -> list[Judgement]:
    return list(Judgement.objects.filter(request=req).select_related("competence", "assessor"))


def evidence_and_mappings(req: Request) -> tuple[list[Evidence], list[EvidenceMapping]]:
    evidence = list(req.evidence.order_by("-dated_on", "pk"))
    mappings = list(
        EvidenceMapping.objects.filter(request=req).select_related("competence", "indicator")
    )
    return evidence, mappings


def assessor_candidates(req: Request, organisations: set[int]) -> list[User]:
    """People with an active assessor membership at one of ``organisations``."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.ASSESSOR,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__organisation_id__in=organisations,
        )
        .distinct()
        .order_by("full_name")
    )


def decisions(req: Request) -> list[Decision]:
    return list(
        req.decisions.select_related("module", "decided_by", "supersedes").order_by(
            "module__code", "decided_at"
        )
    )


def communicated_decisions(req: Request) -> list[Decision]:
    return list(
        Decision.objects.filter(request=req, communicated_at__isnull=False)
        .select_related("module", "decided_by", "supersedes", "provider")
        .order_by("module__code", "decided_at")
    )


def certificate_of(req: Request) -> CompetenceCertificate | None:
    return (
        CompetenceCertificate.objects.filter(request=req)
        .select_related("provider", "learner", "issued_by", "request__procedure_version")
        .first()
    )


def evidence_with_request(pk: int) -> Evidence | None:
    return (
        Evidence.objects.select_related("request", "request__learner", "request__provider")
        .filter(pk=pk)
        .first()
    )


def mapping_with_request(pk: int) -> EvidenceMapping | None:
    return (
        EvidenceMapping.objects.select_related("request", "request__learner", "request__provider")
        .filter(pk=pk)
        .first()
    )


def decision_with_request(pk: int) -> Decision | None:
    return Decision.objects.select_related("request").filter(pk=pk).first()
