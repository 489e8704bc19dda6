"""Re-orientation matching (seed 001 lines 1108–1153, re-orienting airline pilots).

A *profile* is ``dict[competence id, float 0..1]``: how far a person masters each
competence (1 = the top of the framework's scale). Sources: a row of a competence
matrix (current level / top rank), a self-assessment form, and — when the
``competences`` app (MICOON assessments) is installed — its
``competences.queries.current_profile(viewer, learner_id)``, which returns the same shape.

A target (qualification or programme) *needs* the competences of its framework(s)
(a programme without a framework: the competences its modules cover);
its *coverage* is the mean of the profile over those competences. A competence of
another framework with the same ESCO skill URI counts as the same competence, so a
pilot's profile on one framework can cover the competences of another. Per
programme, an exemptable module whose competences are all covered at least
``EXEMPTION_THRESHOLD`` is a *proposed* exemption: the recognition procedure decides.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q

from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Module,
    Programme,
    Qualification,
)

from .models import MatrixRow

# Covered "enough" to propose an exemption: level 3 of 4 ("Zelfstandig") or higher.
EXEMPTION_THRESHOLD = 0.75
MAX_RESULTS = 20


def profile_from_row(row: MatrixRow) -> dict[int, float]:
    """A matrix row's current levels as a profile (level / the scale's top rank)."""
    from . import queries

    scale = queries.scale_of(row.matrix.framework_id)
    if not scale.max_rank:
        return {}
    latest = queries.latest_observations([row.pk]).get(row.pk, {})
    return {cid: obs.level / scale.max_rank for cid, obs in latest.items()}


def profile_from_levels(framework_id: int, levels: dict[int, int]) -> dict[int, float]:
    """A self-assessment (competence id -> rank chosen, 0 = not at all) as a profile."""
    from . import queries

    top = queries.scale_of(framework_id).max_rank or 1
    return {cid: min(max(rank, 0), top) / top for cid, rank in levels.items()}


def profile_from_assessments(viewer, learner) -> dict[int, float]:
    """The learner's profile from their MICOON assessments (the competences app), as
    ``viewer`` may read it."""
    from trajectwijzer.competences import queries as assessment_queries

    return dict(assessment_queries.current_profile(viewer, learner.pk))


def expand_by_esco(profile: dict[int, float]) -> dict[int, float]:
    """The profile plus every competence sharing an ESCO URI with a profiled one."""
    if not profile:
        return {}
    uris: dict[str, float] = {}
    for cid, uri in (
        Competence.objects.filter(pk__in=list(profile))
        .exclude(esco_uri="")
        .values_list("pk", "esco_uri")
    ):
        uris[uri] = max(uris.get(uri, 0.0), profile[cid])
    expanded = dict(profile)
    if uris:
        for cid, uri in Competence.objects.filter(esco_uri__in=list(uris)).values_list(
            "pk", "esco_uri"
        ):
            expanded[cid] = max(expanded.get(cid, 0.0), uris[uri])
    return expanded


def coverage_scores(profile: dict[int, float], needs: list[list[int]]) -> np.ndarray:
    """Mean profile value over each target's competences (0 for a target without any).

    Vectorised: one incidence matrix targets × competences times the profile vector.
    """
    columns = sorted({cid for need in needs for cid in need})
    if not columns:
        return np.zeros(len(needs))
    index = {cid: i for i, cid in enumerate(columns)}
    incidence = np.zeros((len(needs), len(columns)))
    for row, need in enumerate(needs):
        for cid in set(need):
            incidence[row, index[cid]] = 1.0
    vector = np.array([min(max(profile.get(cid, 0.0), 0.0), 1.0) for cid in columns])
    counts = incidence.sum(axis=1)
    sums = incidence @ vector
    return np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)


@dataclass
class ProposedExemption:
    module: Module
    coverage: float


@dataclass
class Match:
    kind: str  # "qualification" or "programme"
    target: Qualification | Programme
    coverage: float
    covered: list[Competence] = field(default_factory=list)
    missing: list[Competence] = field(default_factory=list)
    shortage_occupation: bool = False
    exemptions: list[ProposedExemption] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.coverage * 100)


def _framework_competences(framework_ids: set[int]) -> dict[int, list[Competence]]:
    by_framework: dict[int, list[Competence]] = defaultdict(list)
    competences = Competence.objects.filter(framework_id__in=list(framework_ids))
    for competence in competences.order_by("framework_id", "position", "code"):
        by_framework[competence.framework_id].append(competence)
    return by_framework


def match(profile: dict[int, float], limit: int = MAX_RESULTS) -> dict[str, list[Match]]:
    """Qualifications and programmes ranked by coverage (shortage occupations first on ties).

    Only targets sharing a competence the profile covers (value > 0) can score above 0,
    so only those are read from the database: the work follows the profile, not the
    size of the catalogue.
    """
    profile = expand_by_esco(profile)
    positive = [cid for cid, value in profile.items() if value > 0]
    touched = set(Competence.objects.filter(pk__in=positive).values_list("framework_id", flat=True))

    frameworks_by_qualification: dict[int, list[int]] = defaultdict(list)
    qualification_ids = CompetenceFramework.objects.filter(pk__in=list(touched)).exclude(
        qualification=None
    )
    for framework_id, qualification_id in CompetenceFramework.objects.filter(
        qualification__in=qualification_ids.values("qualification_id")
    ).values_list("pk", "qualification_id"):
        frameworks_by_qualification[qualification_id].append(framework_id)
    qualifications = list(Qualification.objects.filter(pk__in=list(frameworks_by_qualification)))

    programmes = list(
        Programme.objects.filter(is_published=True)
        .filter(
            Q(framework_id__in=list(touched))
            | Q(framework__isnull=True, modules__competences__in=positive)
        )
        .distinct()
        .select_related("provider", "qualification")
        .prefetch_related("modules__competences")
    )
    needed = {f for fs in frameworks_by_qualification.values() for f in fs}
    needed |= {p.framework_id for p in programmes if p.framework_id}
    competences = _framework_competences(needed)
    qualification_needs = [
        [c for f in frameworks_by_qualification[q.pk] for c in competences[f]]
        for q in qualifications
    ]
    programme_needs = [programme_competences(p, competences) for p in programmes]

    results: dict[str, list[Match]] = {}
    for kind, targets, needs in (
        ("qualification", qualifications, qualification_needs),
        ("programme", programmes, programme_needs),
    ):
        scores = coverage_scores(profile, [[c.pk for c in need] for need in needs])
        matches = []
        for target, need, score in zip(targets, needs, scores, strict=True):
            if not need:
                continue
            shortage = (
                target.shortage_occupation
                if kind == "qualification"
                else bool(target.qualification and target.qualification.shortage_occupation)
            )
            item = Match(
                kind=kind,
                target=target,
                coverage=float(score),
                covered=[c for c in need if profile.get(c.pk, 0) >= EXEMPTION_THRESHOLD],
                missing=[c for c in need if profile.get(c.pk, 0) < EXEMPTION_THRESHOLD],
                shortage_occupation=shortage,
            )
            if kind == "programme":
                item.exemptions = proposed_exemptions(target, profile)
            matches.append(item)
        matches.sort(key=lambda m: (-m.coverage, not m.shortage_occupation, str(m.target)))
        results[kind] = [m for m in matches if m.coverage > 0][:limit]
    return results


def programme_competences(
    programme: Programme, by_framework: dict[int, list[Competence]]
) -> list[Competence]:
    """The competences a programme teaches: its framework's, else those its modules cover."""
    if programme.framework_id:
        return by_framework[programme.framework_id]
    seen: dict[int, Competence] = {}
    for module in programme.modules.all():
        for competence in module.competences.all():
            seen.setdefault(competence.pk, competence)
    return sorted(seen.values(), key=lambda c: (c.framework_id, c.position, c.code))


def proposed_exemptions(programme: Programme, profile: dict[int, float]) -> list[ProposedExemption]:
    """Exemptable modules whose every competence is covered at the threshold or above."""
    proposals = []
    for module in programme.modules.all():
        linked = list(module.competences.all())
        if not module.is_exemptable or not linked:
            continue
        values = [profile.get(c.pk, 0.0) for c in linked]
        if min(values) >= EXEMPTION_THRESHOLD:
            proposals.append(ProposedExemption(module, sum(values) / len(values)))
    return proposals
