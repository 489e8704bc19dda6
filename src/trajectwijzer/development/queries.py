"""Reads for matrices, gaps and plans, shared by pages, the API and the PDF.

A *gap* is how many steps of the framework's scale an employee's current level lies
below the level their job role asks for; a competence never observed counts as
level 0. With the employee's consent (assessments, to the employer) the MICOON scores
of their mentor and teacher on the matrix's framework count as observations, marked by
role (``competences.queries.shared_levels``). Gaps are ranked per employee (largest
total first) and per team (mean gap per member); team figures are shown only for teams
of at least ``MIN_TEAM_SIZE_FOR_FIGURES`` employees, like every group figure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User
from trajectwijzer.catalogue.models import Competence, MasteryLevel, Module, Programme
from trajectwijzer.competences import queries as competence_queries

from . import rules
from .models import (
    CompetenceMatrix,
    DevelopmentPlan,
    LevelObservation,
    MatrixRow,
    RequiredLevel,
)

MIN_TEAM_SIZE_FOR_FIGURES = 5
MAX_SUGGESTIONS = 6


@dataclass(frozen=True)
class Scale:
    levels: dict[int, str]  # rank -> title (localized)

    @property
    def max_rank(self) -> int:
        return max(self.levels, default=0)

    def label(self, rank: int | None) -> str:
        if not rank:
            return "–"
        return f"{rank}. {self.levels.get(rank, '')}".strip()


def scale_of(framework_id: int) -> Scale:
    levels = MasteryLevel.objects.filter(framework_id=framework_id).order_by("rank")
    return Scale({level.rank: level.localized("title") for level in levels})


def competences_of(framework_id: int) -> list[Competence]:
    return list(Competence.objects.filter(framework_id=framework_id).order_by("position", "code"))


@dataclass
class Cell:
    competence: Competence
    current: int  # 0 when never observed
    desired: int  # 0 when the job role asks nothing
    observation: LevelObservation | None
    # MICOON scores of the employee on the same framework, per assessor role, when the
    # viewer may read them (competences.queries.shared_levels): observations too.
    shared: list = field(default_factory=list)
    source: Any = None  # the SharedLevel that gives ``current``; None: the matrix's own

    @property
    def observed_on(self):
        if self.source is not None:
            return self.source.observed_on
        return self.observation.observed_on if self.observation else None

    @property
    def gap(self) -> int:
        return max(0, self.desired - self.current)


@dataclass
class RowView:
    row: MatrixRow
    cells: list[Cell]

    @property
    def total_gap(self) -> int:
        return sum(cell.gap for cell in self.cells)

    @property
    def gap_count(self) -> int:
        return sum(1 for cell in self.cells if cell.gap)

    def ranked_gaps(self) -> list[Cell]:
        """The competences with a gap, largest first (framework order on ties)."""
        order = {cell.competence.pk: i for i, cell in enumerate(self.cells)}
        return sorted(
            (cell for cell in self.cells if cell.gap),
            key=lambda cell: (-cell.gap, order[cell.competence.pk]),
        )


@dataclass
class TeamGap:
    competence: Competence
    mean_gap: float
    employees_with_gap: int


@dataclass
class TeamView:
    name: str
    size: int
    shows_figures: bool
    total_mean_gap: float = 0.0
    gaps: list[TeamGap] = field(default_factory=list)


def latest_observations(row_ids: list[int]) -> dict[int, dict[int, LevelObservation]]:
    """{row id: {competence id: latest observation}} in one query."""
    latest: dict[int, dict[int, LevelObservation]] = defaultdict(dict)
    observations = (
        LevelObservation.objects.filter(row_id__in=row_ids)
        .select_related("observed_by")
        .order_by("row_id", "competence_id", "-observed_on", "-recorded_at", "-pk")
    )
    for observation in observations:
        latest[observation.row_id].setdefault(observation.competence_id, observation)
    return latest


def desired_levels(matrix: CompetenceMatrix) -> dict[int, dict[int, int]]:
    """{job role id: {competence id: level}}."""
    desired: dict[int, dict[int, int]] = defaultdict(dict)
    for job_role_id, competence_id, level in RequiredLevel.objects.filter(
        job_role__matrix=matrix
    ).values_list("job_role_id", "competence_id", "level"):
        desired[job_role_id][competence_id] = level
    return desired


def row_views(
    matrix: CompetenceMatrix,
    rows: list[MatrixRow] | QuerySet | None = None,
    *,
    viewer: User | None = None,
) -> list[RowView]:
    """The matrix's rows with their current levels. With ``viewer``, the employees'
    MICOON scores on the matrix's framework that ``viewer`` may read (an employer's HR:
    with the employee's consent for assessments) count as observations too: the most
    recent observation, the matrix's own or a MICOON role's, gives the current level."""
    if rows is None:
        rows = matrix.rows.all()
    rows = list(
        rows.select_related("employee", "job_role", "team")
        if hasattr(rows, "select_related")
        else rows
    )
    competences = competences_of(matrix.framework_id)
    latest = latest_observations([row.pk for row in rows])
    desired = desired_levels(matrix)
    shared = (
        competence_queries.shared_levels(
            viewer, [row.employee for row in rows], matrix.framework_id
        )
        if viewer is not None
        else {}
    )
    views = []
    for row in rows:
        wanted = desired.get(row.job_role_id, {})
        observed = latest.get(row.pk, {})
        scores = shared.get(row.employee_id, {})
        cells = []
        for competence in competences:
            observation = observed.get(competence.pk)
            cell = Cell(
                competence=competence,
                current=observation.level if observation else 0,
                desired=wanted.get(competence.pk, 0),
                observation=observation,
                shared=scores.get(competence.pk, []),
            )
            for level in cell.shared:
                if cell.observed_on is None or level.observed_on > cell.observed_on:
                    cell.source, cell.current = level, level.rank
            cells.append(cell)
        views.append(RowView(row, cells))
    return views


def shared_learner_ids(views: list[RowView]) -> list[int]:
    """The employees whose MICOON scores the views show (for the access log)."""
    return [view.row.employee_id for view in views if any(c.shared for c in view.cells)]


def rank_employees(views: list[RowView]) -> list[RowView]:
    """Largest total gap first; then most competences with a gap; then by name."""
    return sorted(
        views, key=lambda view: (-view.total_gap, -view.gap_count, view.row.employee.full_name)
    )


def team_views(views: list[RowView]) -> list[TeamView]:
    """Per team: mean gap per competence, ranked; figures only for big enough teams."""
    by_team: dict[str, list[RowView]] = defaultdict(list)
    for view in views:
        if view.row.team_id:
            by_team[view.row.team.name].append(view)
    teams = []
    for name, members in sorted(by_team.items()):
        team = TeamView(name=name, size=len(members), shows_figures=False)
        if len(members) >= MIN_TEAM_SIZE_FOR_FIGURES:
            team.shows_figures = True
            for index, cell in enumerate(members[0].cells):
                gaps = [member.cells[index].gap for member in members]
                team.gaps.append(
                    TeamGap(
                        competence=cell.competence,
                        mean_gap=sum(gaps) / len(gaps),
                        employees_with_gap=sum(1 for gap in gaps if gap),
                    )
                )
            team.total_mean_gap = sum(gap.mean_gap for gap in team.gaps)
            team.gaps.sort(key=lambda gap: (-gap.mean_gap, -gap.employees_with_gap))
        teams.append(team)
    teams.sort(key=lambda team: (not team.shows_figures, -team.total_mean_gap, team.name))
    return teams


def managed_matrices(user: User) -> QuerySet[CompetenceMatrix]:
    return CompetenceMatrix.objects.filter(
        organisation_id__in=rules.matrix_manager_organisations(user)
    ).select_related("organisation", "framework")


def rows_of_employee(user: User) -> QuerySet[MatrixRow]:
    return MatrixRow.objects.filter(employee=user).select_related(
        "matrix__organisation", "matrix__framework", "job_role", "team"
    )


def visible_plans(user: User, row: MatrixRow) -> list[DevelopmentPlan]:
    plans = row.plans.select_related("row__matrix", "row__employee", "drafted_by")
    return [plan for plan in plans if policy.can(user, rules.VIEW_PLAN, plan)]


def plans_of_employee_visible_to(user: User, employee: User) -> list[DevelopmentPlan]:
    """Every development plan of ``employee``, in any matrix, that ``user`` may read
    (e.g. for the employee's coach, who reads plans because guiding is their task)."""
    plans = DevelopmentPlan.objects.filter(row__employee=employee).select_related(
        "row__matrix__organisation", "row__employee", "drafted_by"
    )
    return [
        plan for plan in plans.order_by("-updated_at") if policy.can(user, rules.VIEW_PLAN, plan)
    ]


def observation_history(row: MatrixRow) -> list[LevelObservation]:
    return list(
        row.observations.select_related("competence", "observed_by").order_by(
            "competence__position", "competence__code", "-observed_on", "-recorded_at"
        )
    )


def plan_detail(plan_id: int) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.select_related(
            "row__matrix__organisation", "row__matrix__framework", "row__employee", "drafted_by"
        )
        .prefetch_related(
            "goals__competence", "goals__actions__programme", "goals__actions__module__programme"
        )
        .filter(pk=plan_id)
        .first()
    )


@dataclass
class Suggestion:
    programme: Programme
    module: Module | None


def suggestions_for(competence: Competence, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """Catalogue offers that cover ``competence``: modules linked to it (or to a competence
    with the same ESCO URI in another framework), then programmes built on its framework."""
    same = Q(competences=competence)
    if competence.esco_uri:
        same |= Q(competences__esco_uri=competence.esco_uri)
    modules = (
        Module.objects.filter(same, programme__is_published=True)
        .select_related("programme__provider")
        .distinct()
        .order_by("programme__title", "position")[:limit]
    )
    suggestions = [Suggestion(module.programme, module) for module in modules]
    seen = {s.programme.pk for s in suggestions}
    if len(suggestions) < limit:
        programmes = (
            Programme.objects.filter(framework_id=competence.framework_id, is_published=True)
            .exclude(pk__in=seen)
            .select_related("provider")
            .order_by("title")[: limit - len(suggestions)]
        )
        suggestions += [Suggestion(programme, None) for programme in programmes]
    return suggestions
