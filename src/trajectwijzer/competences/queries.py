"""Reads of competence assessments shared by pages, the API and the PDF report.

Every function that lists many learners asks a constant number of queries: the
latest assessment per (learner, indicator, role) comes from ONE query over
``LatestAssessment`` (one row per series, maintained on every write; rebuilt from the
history with PostgreSQL ``DISTINCT ON`` or a ``ROW_NUMBER()`` window elsewhere), and
coverage and disagreement are computed in Python (``analysis.py``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Max, Q, Value, When, Window
from django.db.models.functions import RowNumber

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner
from trajectwijzer.accounts.models import LearnerLink, LinkKind, User
from trajectwijzer.catalogue.models import Competence, Indicator, MasteryLevel, Module, Programme
from trajectwijzer.trajectories.models import Enrolment, Group

from . import analysis, rules
from .models import Assessment, AssessorRole, LatestAssessment

# Group figures (the teacher's class view) are shown only for groups this large, so no
# figure points at one learner.
GROUP_FIGURES_MIN_LEARNERS = 5

ROLE_ORDER = [AssessorRole.SELF, AssessorRole.TEACHER, AssessorRole.MENTOR]


# Programme structure ----------------------------------------------------------------


@dataclass
class Structure:
    """The competences, indicators and scale of a programme's framework."""

    programme: Programme
    levels: list[MasteryLevel]
    competences: list[Competence]
    workplace_competence_ids: set[int]

    def __post_init__(self) -> None:
        self.step_by_level_id = {level.pk: step for step, level in enumerate(self.levels, 1)}
        self.level_by_step = dict(enumerate(self.levels, 1))
        self.indicators: dict[int, Indicator] = {
            i.pk: i for c in self.competences for i in c.indicator_list
        }
        self.indicators_by_competence = {
            c.pk: [i.pk for i in c.indicator_list] for c in self.competences
        }
        self.competence_by_indicator = {i.pk: c for c in self.competences for i in c.indicator_list}

    @property
    def scale_size(self) -> int:
        return len(self.levels)

    def level_for_rank(self, rank: int) -> MasteryLevel | None:
        return next((level for level in self.levels if level.rank == rank), None)

    def restricted(self, workplace_only: bool) -> Structure:
        if not workplace_only:
            return self
        return Structure(
            self.programme,
            self.levels,
            [c for c in self.competences if c.pk in self.workplace_competence_ids],
            self.workplace_competence_ids,
        )


def programme_structure(programme: Programme) -> Structure | None:
    """The programme's framework as a :class:`Structure` (None without a framework)."""
    if programme.framework_id is None:
        return None
    levels = list(MasteryLevel.objects.filter(framework_id=programme.framework_id).order_by("rank"))
    competences = list(
        Competence.objects.filter(framework_id=programme.framework_id).order_by("position", "code")
    )
    indicators = defaultdict(list)
    for indicator in Indicator.objects.filter(
        competence__framework_id=programme.framework_id
    ).order_by("position", "code"):
        indicators[indicator.competence_id].append(indicator)
    for competence in competences:
        competence.indicator_list = indicators[competence.pk]
    workplace = set(
        Module.competences.through.objects.filter(
            module__programme=programme, module__is_workplace_learning=True
        ).values_list("competence_id", flat=True)
    )
    return Structure(programme, levels, competences, workplace)


def current_enrolment(learner: User, programme: Programme | None = None) -> Enrolment | None:
    """The learner's current enrolment in a programme with a competence framework."""
    enrolments = (
        Enrolment.objects.current()
        .filter(learner=learner, programme__framework__isnull=False)
        .select_related("programme", "programme__provider", "group")
        .order_by("-started_on", "-pk")
    )
    if programme is not None:
        enrolments = enrolments.filter(programme=programme)
    return enrolments.first()


# Latest assessments -------------------------------------------------------------------


def latest_rows_from_history(learner_ids: Iterable[int] | None = None):
    """(id, learner_id, indicator_id, role, level_id, observed_on) of the latest assessment
    per (learner, indicator, role), computed from the history in one query. "Latest" is
    by date observed, then by the order recorded. Used to (re)build ``LatestAssessment``
    and to check it."""
    rows = Assessment.objects.all()
    if learner_ids is not None:
        rows = rows.filter(learner_id__in=list(learner_ids))
    fields = ("id", "learner_id", "indicator_id", "role", "level_id", "observed_on")
    if connection.vendor == "postgresql":
        return list(
            rows.order_by("learner_id", "indicator_id", "role", "-observed_on", "-id")
            .distinct("learner_id", "indicator_id", "role")
            .values_list(*fields)
        )
    window = Window(
        RowNumber(),
        partition_by=[F("learner_id"), F("indicator_id"), F("role")],
        order_by=[F("observed_on").desc(), F("id").desc()],
    )
    return list(rows.annotate(row=window).filter(row=1).values_list(*fields))


def latest_steps(
    structure: Structure, learner_ids: Iterable[int]
) -> dict[int, dict[int, dict[str, int]]]:
    """learner id → indicator id → role → step of the latest assessment, in one query
    (from ``LatestAssessment``, one row per series, kept current on every write)."""
    result: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    steps = structure.step_by_level_id
    rows = LatestAssessment.objects.filter(
        learner_id__in=list(learner_ids), indicator_id__in=list(structure.indicators)
    ).values_list("learner_id", "indicator_id", "role", "level_id")
    for learner_id, indicator_id, role, level_id in rows:
        if level_id in steps:
            result[learner_id][indicator_id][role] = steps[level_id]
    return result


def latest_step_array(structure: Structure, learner_ids: list[int]):
    """The latest steps of ``learner_ids`` as an L×I×R int8 array (0: never scored):
    rows in ``learner_ids`` order, columns in ``structure.indicators`` order, roles in
    ``analysis.ROLES`` order. One query, grouped per (learner, indicator) with the
    level → step mapping in SQL (CASE), so rows arrive as plain integers."""
    indicator_ids = list(structure.indicators)
    steps = np.zeros((len(learner_ids), len(indicator_ids), len(analysis.ROLES)), dtype=np.int8)
    if not learner_ids or not indicator_ids or not structure.step_by_level_id:
        return steps

    def step_of(role: str):
        return Max(
            Case(
                *[
                    When(role=role, level_id=pk, then=Value(step))
                    for pk, step in structure.step_by_level_id.items()
                ],
                default=Value(0),
                output_field=IntegerField(),
            )
        )

    # One row per (learner, indicator) with the three roles' steps side by side.
    rows = (
        LatestAssessment.objects.filter(learner_id__in=learner_ids, indicator_id__in=indicator_ids)
        .values("learner_id", "indicator_id")
        .annotate(**{f"step_{role}": step_of(role) for role in analysis.ROLES})
        .values_list("learner_id", "indicator_id", *[f"step_{role}" for role in analysis.ROLES])
        .order_by()
    )
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 2 + len(analysis.ROLES))
    if not len(data):
        return steps
    learner_order = np.array(learner_ids, dtype=np.int64)
    learner_sort = np.argsort(learner_order)
    rows_l = learner_sort[np.searchsorted(learner_order, data[:, 0], sorter=learner_sort)]
    indicator_order = np.array(indicator_ids, dtype=np.int64)
    indicator_sort = np.argsort(indicator_order)
    rows_i = indicator_sort[np.searchsorted(indicator_order, data[:, 1], sorter=indicator_sort)]
    steps[rows_l, rows_i, :] = data[:, 2:]
    return steps


def current_profile(
    viewer: User, learner_id: int, programme: Programme | None = None
) -> dict[int, float]:
    """Competence id → the learner's current level as a fraction 0..1 of the scale, as
    ``viewer`` may read it (accounts.access: 404 unless ``rules.VIEW_ASSESSMENTS``; a
    read of someone else's profile is logged).

    Per indicator the latest step of each role counts; roles are combined as
    ``analysis.combined_step`` says: the higher of the teacher's and the mentor's
    latest step, else the self-assessment. A competence's value is the mean over all
    its indicators (unscored indicators count 0); competences with no scored
    indicator are absent. Without ``programme``: the learner's current enrolment in a
    programme with a framework (the latest started). A step is its position on the
    scale divided by the number of steps (step 3 of 4 → 0.75).
    """
    learner = access_learner(viewer, learner_id, rules.VIEW_ASSESSMENTS)
    return _profile_of(learner, programme)


def _profile_of(learner: User, programme: Programme | None) -> dict[int, float]:
    if programme is None:
        enrolment = current_enrolment(learner)
        if enrolment is None:
            return {}
        programme = enrolment.programme
    structure = programme_structure(programme)
    if structure is None:
        return {}
    latest = latest_steps(structure, [learner.pk]).get(learner.pk, {})
    return analysis.competence_fractions(
        structure.indicators_by_competence, latest, structure.scale_size
    )


# One learner -------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    start: dict[str, Assessment] = field(default_factory=dict)
    latest: dict[str, Assessment] = field(default_factory=dict)
    history: list[Assessment] = field(default_factory=list)
    combined: int | None = None
    acquired: bool = False
    disagreement: bool = False

    def cells(self):
        """(role, start, latest) in the fixed role order, for tables."""
        return [(role, self.start.get(role), self.latest.get(role)) for role in ROLE_ORDER]


@dataclass
class CompetenceBlock:
    competence: Competence
    is_workplace: bool
    rows: list[IndicatorRow]
    # role → [(date, mean step over the indicators this role has scored by then)]
    series: dict[str, list[tuple[datetime.date, float]]]
    mean_by_role: dict[str, float]

    @property
    def role_means(self) -> list[tuple[str, float | None]]:
        return [(role, self.mean_by_role.get(role)) for role in ROLE_ORDER]

    @property
    def left(self) -> list[IndicatorRow]:
        return [row for row in self.rows if not row.acquired]


@dataclass
class LearnerOverview:
    learner: User
    enrolment: Enrolment
    structure: Structure
    visibility: rules.AssessmentVisibility
    blocks: list[CompetenceBlock]
    coverage: analysis.Coverage
    disagreements: list[analysis.Disagreement]
    assessments_count: int

    @property
    def left_count(self) -> int:
        return sum(len(block.left) for block in self.blocks)


def learner_history(
    learner: User, structure: Structure, *, assessor_id: int | None = None
) -> list[Assessment]:
    rows = Assessment.objects.filter(
        learner=learner, indicator_id__in=list(structure.indicators)
    ).select_related("assessor")
    if assessor_id is not None:
        rows = rows.filter(assessor_id=assessor_id)
    return list(rows.order_by("observed_on", "id"))


def learner_overview(
    viewer: User,
    learner: User,
    visibility: rules.AssessmentVisibility,
    programme: Programme | None = None,
) -> LearnerOverview | None:
    """Everything the learner page, the scoring form and the PDF show, as ``viewer`` may
    see it (mentors: workplace competences; teachers without consent: their own)."""
    enrolment = current_enrolment(learner, programme)
    if enrolment is None:
        return None
    full = programme_structure(enrolment.programme)
    structure = full.restricted(visibility.workplace_only)
    assessor_id = viewer.pk if visibility.own_only else None
    history = learner_history(learner, structure, assessor_id=assessor_id)
    steps = structure.step_by_level_id
    rows = {pk: IndicatorRow(indicator) for pk, indicator in structure.indicators.items()}
    for assessment in history:
        assessment.step = steps.get(assessment.level_id)
        assessment.level_obj = structure.level_by_step.get(assessment.step)
        row = rows[assessment.indicator_id]
        row.history.append(assessment)
        row.start.setdefault(assessment.role, assessment)
        row.latest[assessment.role] = assessment
    latest = {
        pk: {role: a.step for role, a in row.latest.items() if a.step} for pk, row in rows.items()
    }
    found = analysis.disagreements(latest)
    disagreeing = {d.indicator_id for d in found}
    for pk, row in rows.items():
        row.combined = analysis.combined_step(latest[pk])
        row.acquired = analysis.is_acquired(row.combined, structure.scale_size)
        row.disagreement = pk in disagreeing
    blocks = []
    for competence in structure.competences:
        indicator_ids = structure.indicators_by_competence[competence.pk]
        competence_rows = [rows[pk] for pk in indicator_ids]
        blocks.append(
            CompetenceBlock(
                competence=competence,
                is_workplace=competence.pk in structure.workplace_competence_ids,
                rows=competence_rows,
                series=_series(history, set(indicator_ids)),
                mean_by_role=_mean_by_role(competence_rows),
            )
        )
    return LearnerOverview(
        learner=learner,
        enrolment=enrolment,
        structure=structure,
        visibility=visibility,
        blocks=blocks,
        coverage=analysis.coverage(structure.indicators_by_competence, latest),
        disagreements=found,
        assessments_count=len(history),
    )


def _series(history: list[Assessment], indicator_ids: set[int]):
    """Per role, the mean step over the indicators scored so far, after each date."""
    current: dict[str, dict[int, int]] = defaultdict(dict)
    series: dict[str, list[tuple[datetime.date, float]]] = defaultdict(list)
    for assessment in history:
        if assessment.indicator_id not in indicator_ids or not assessment.step:
            continue
        by_indicator = current[assessment.role]
        by_indicator[assessment.indicator_id] = assessment.step
        mean = sum(by_indicator.values()) / len(by_indicator)
        points = series[assessment.role]
        if points and points[-1][0] == assessment.observed_on:
            points[-1] = (assessment.observed_on, mean)
        else:
            points.append((assessment.observed_on, mean))
    return dict(series)


def _mean_by_role(rows: list[IndicatorRow]) -> dict[str, float]:
    means = {}
    for role in ROLE_ORDER:
        steps = [row.latest[role].step for row in rows if role in row.latest]
        steps = [s for s in steps if s]
        if steps:
            means[role] = sum(steps) / len(steps)
    return means


# A group, for its coach ------------------------------------------------------------------


@dataclass(frozen=True)
class GroupMember:
    """A learner of a group, as group pages need them (no full model instance)."""

    pk: int
    full_name: str
    email: str

    def __str__(self) -> str:
        return self.full_name or self.email


@dataclass
class LearnerSummary:
    learner: GroupMember
    observed: int
    total: int
    unobserved_competences: int
    disagreement_codes: list[str]
    scored_by_role: dict[str, int]


@dataclass
class GroupOverview:
    group: Group
    structure: Structure | None
    learners: list[LearnerSummary]
    hidden_learners: int
    # competence id → number of shown learners for whom nobody observed it
    unobserved_by_competence: dict[int, int] = field(default_factory=dict)
    # indicator id → number of shown learners for whom nobody observed it
    unobserved_by_indicator: dict[int, int] = field(default_factory=dict)

    @property
    def disagreement_count(self) -> int:
        return sum(len(s.disagreement_codes) for s in self.learners)

    def competence_rows(self):
        if self.structure is None:
            return []
        return [
            (
                c,
                self.unobserved_by_competence.get(c.pk, 0),
                [(i, self.unobserved_by_indicator.get(i.pk, 0)) for i in c.indicator_list],
            )
            for c in self.structure.competences
        ]


def group_enrolments(group: Group) -> list[Enrolment]:
    return list(
        Enrolment.objects.current()
        .filter(group=group, learner__is_active=True)
        .select_related("learner")
        .order_by("learner__full_name", "learner__email")
    )


def group_members(group: Group) -> list[GroupMember]:
    """The active learners currently enrolled in ``group``, by name; one query."""
    rows = (
        Enrolment.objects.current()
        .filter(group=group, learner__is_active=True)
        .order_by("learner__full_name", "learner__email", "learner_id")
        .values_list("learner_id", "learner__full_name", "learner__email")
        .distinct()
    )
    return [GroupMember(*row) for row in rows]


def group_overview(viewer: User, group: Group) -> GroupOverview:
    """Coverage and disagreement per learner of ``group`` whose assessments ``viewer``
    reads in full; a constant number of queries whatever the group's size. The rules
    are ``analysis.coverage`` and ``analysis.disagreements``, applied to the whole
    group at once (``analysis.group_arrays``)."""
    structure = programme_structure(group.programme)
    members = group_members(group)
    visibilities = rules.assessment_visibilities(viewer, members)
    shown = [
        m
        for m in members
        if (v := visibilities[m.pk]) is not None and not v.workplace_only and not v.own_only
    ]
    overview = GroupOverview(group, structure, [], len(members) - len(shown))
    if structure is None:
        return overview
    indicator_ids = list(structure.indicators)
    column = {pk: index for index, pk in enumerate(indicator_ids)}
    competence_columns = [
        np.array([column[pk] for pk in structure.indicators_by_competence[c.pk]], dtype=np.int64)
        for c in structure.competences
    ]
    steps = latest_step_array(structure, [m.pk for m in shown])
    arrays = analysis.group_arrays(steps, competence_columns)
    codes = [structure.indicators[pk].code for pk in indicator_ids]
    observed_counts = arrays.observed.sum(axis=1).tolist()
    unobserved_counts = arrays.unobserved_competences.sum(axis=1).tolist()
    scored = arrays.scored_by_role.tolist()
    for row, member in enumerate(shown):
        overview.learners.append(
            LearnerSummary(
                member,
                observed_counts[row],
                len(indicator_ids),
                unobserved_counts[row],
                [codes[i] for i in np.flatnonzero(arrays.disagreement[row]).tolist()],
                dict(zip(analysis.ROLES, scored[row], strict=True)),
            )
        )
    missing_c = (~arrays.observed).sum(axis=0) if shown else np.zeros(len(indicator_ids), int)
    overview.unobserved_by_indicator = dict(zip(indicator_ids, missing_c.tolist(), strict=True))
    per_competence = arrays.unobserved_competences.sum(axis=0).tolist() if shown else []
    overview.unobserved_by_competence = {
        c.pk: n for c, n in zip(structure.competences, per_competence, strict=False)
    }
    return overview


# A group, for its teachers (group figures) ------------------------------------------------


@dataclass
class CompetenceFigure:
    competence: Competence
    is_workplace: bool
    acquired: int  # learners who acquired every indicator
    not_acquired: int
    mean_fraction: float
    with_mentor: int  # learners with a workplace mentor
    # Of those, learners whose mentor observed it at least once, and the mentor
    # assessments of its indicators: None while fewer than five learners have a mentor
    # (the mentored learners are a subgroup the figures would otherwise narrow to).
    mentor_observed: int | None
    mentor_observations: int | None

    @property
    def mentor_figures_shown(self) -> bool:
        return self.mentor_observed is not None

    @property
    def rarely_practised(self) -> bool:
        return (
            self.is_workplace
            and self.mentor_observed is not None
            and self.mentor_observed < analysis.RARELY_PRACTISED_SHARE * self.with_mentor
        )


@dataclass
class ClassOverview:
    group: Group
    learner_count: int
    too_small: bool
    figures: list[CompetenceFigure]
    released_at: datetime.datetime | None = None

    @property
    def to_act_on(self) -> list[CompetenceFigure]:
        """Not yet acquired by most, or rarely practised at the workplaces: most first."""
        return sorted(
            (
                f
                for f in self.figures
                if f.not_acquired * 2 > self.learner_count or f.rarely_practised
            ),
            key=lambda f: (-f.not_acquired, f.mentor_observed or 0),
        )


def _class_data(structure: Structure, ids: list[int]) -> dict[int, dict]:
    """Per learner what the class figures are made of: the latest step per indicator
    and role, whether they have a current mentor, and the mentor assessments per
    competence."""
    latest = latest_steps(structure, ids)
    mentored = set(
        LearnerLink.objects.current()
        .filter(learner_id__in=ids, kind=LinkKind.MENTOR)
        .values_list("learner_id", flat=True)
    )
    observed = defaultdict(lambda: defaultdict(int))  # learner → competence → count
    for learner_id, competence_id, n in (
        Assessment.objects.filter(
            learner_id__in=ids,
            role=AssessorRole.MENTOR,
            indicator_id__in=list(structure.indicators),
        )
        .values_list("learner_id", "indicator__competence_id")
        .annotate(n=Count("id"))
    ):
        observed[learner_id][competence_id] += n
    return {
        learner_id: {
            "steps": {
                i: dict(sorted(r.items())) for i, r in sorted(latest.get(learner_id, {}).items())
            },
            "mentored": learner_id in mentored,
            "observed": dict(sorted(observed.get(learner_id, {}).items())),
        }
        for learner_id in ids
    }


def _fingerprint(data: dict) -> str:
    """A short digest of one learner's part of the figures: it changes when their part does."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


def _class_figures(structure: Structure, data: dict[int, dict]) -> dict:
    """The class figures as plain numbers (kept with their release)."""
    ids = list(data)
    mentored = [pk for pk in ids if data[pk]["mentored"]]
    mentor_figures = len(mentored) >= GROUP_FIGURES_MIN_LEARNERS
    figures = []
    for competence in structure.competences:
        indicator_ids = structure.indicators_by_competence[competence.pk]
        acquired, fractions = 0, []
        for learner_id in ids:
            by_indicator = data[learner_id]["steps"]
            combined = [analysis.combined_step(by_indicator.get(i, {})) for i in indicator_ids]
            if indicator_ids and all(
                analysis.is_acquired(step, structure.scale_size) for step in combined
            ):
                acquired += 1
            if indicator_ids:
                fractions.append(
                    sum(analysis.fraction(s or 0, structure.scale_size) for s in combined)
                    / len(indicator_ids)
                )
        seen = [data[pk]["observed"].get(competence.pk, 0) for pk in mentored]
        figures.append(
            {
                "competence": competence.pk,
                "acquired": acquired,
                "not_acquired": len(ids) - acquired,
                "mean_fraction": sum(fractions) / len(fractions) if fractions else 0.0,
                "with_mentor": len(mentored),
                "mentor_observed": sum(1 for n in seen if n) if mentor_figures else None,
                "mentor_observations": sum(seen) if mentor_figures else None,
            }
        )
    return {"learners": len(ids), "figures": figures}


def class_overview(group: Group) -> ClassOverview:
    """Group figures for teachers; empty below ``GROUP_FIGURES_MIN_LEARNERS`` learners.

    The figures shown are those of their release (instruments.releases): they move
    only once at least five learners' assessments, mentors or enrolments changed, so
    reading them before and after one learner's new assessment tells nothing about
    that learner (docs/privacy-group-figures.md).
    """
    from trajectwijzer.instruments.releases import settle

    enrolments = group_enrolments(group)
    count = len(enrolments)
    if count < GROUP_FIGURES_MIN_LEARNERS:
        return ClassOverview(group, count, True, [])
    structure = programme_structure(group.programme)
    if structure is None:
        return ClassOverview(group, count, False, [])
    data = _class_data(structure, [e.learner_id for e in enrolments])
    # Steps and counts keyed by ids: JSON keys are strings, so fingerprint the same way.
    fingerprints = {
        pk: _fingerprint({"structure": list(structure.indicators), **data[pk]}) for pk in data
    }
    release = settle(
        f"competences:class:{group.pk}", fingerprints, lambda: _class_figures(structure, data)
    )
    published = release.figures or {}
    if published.get("learners", 0) < GROUP_FIGURES_MIN_LEARNERS:
        return ClassOverview(group, count, True, [])
    competences = {c.pk: c for c in structure.competences}
    figures = [
        CompetenceFigure(
            competence=competences[f["competence"]],
            is_workplace=f["competence"] in structure.workplace_competence_ids,
            acquired=f["acquired"],
            not_acquired=f["not_acquired"],
            mean_fraction=f["mean_fraction"],
            with_mentor=f["with_mentor"],
            mentor_observed=f["mentor_observed"],
            mentor_observations=f["mentor_observations"],
        )
        for f in published["figures"]
        if f["competence"] in competences
    ]
    return ClassOverview(group, published["learners"], False, figures, release.released_at)


# Lists for the overview page --------------------------------------------------------------


def followed_learners(viewer: User) -> list[tuple[User, rules.AssessmentVisibility]]:
    """Learners whose assessments ``viewer`` reads or records, through a link or a group."""
    today_links = (
        LearnerLink.objects.current().filter(person=viewer).values_list("learner_id", flat=True)
    )
    groups = policy.taught_group_ids(viewer)
    ids = set(today_links)
    if groups:
        ids |= set(
            Enrolment.objects.current()
            .filter(group_id__in=groups)
            .values_list("learner_id", flat=True)
        )
    learners = list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "email"))
    visibilities = rules.assessment_visibilities(viewer, learners)
    return [(learner, visibilities[learner.pk]) for learner in learners if visibilities[learner.pk]]


def followed_groups(viewer: User) -> list[Group]:
    """Groups whose competence views ``viewer`` opens: taught groups, and the current
    groups of the providers where ``viewer`` is a coach."""
    from trajectwijzer.accounts.models import Role

    coach_orgs = policy.organisations_with_role(viewer, Role.COACH)
    condition = Q(pk__in=policy.taught_group_ids(viewer))
    if coach_orgs:
        condition |= Q(programme__provider__organisation_id__in=coach_orgs)
    return list(
        Group.objects.filter(condition, programme__framework__isnull=False)
        .select_related("programme", "programme__provider")
        .order_by("-academic_year", "name")
    )


# Shared with a competence matrix (development app) -----------------------------------


@dataclass(frozen=True)
class SharedLevel:
    """What one assessor role scored a learner on one competence in MICOON."""

    role: str  # AssessorRole: teacher or mentor (self-assessments are no observation)
    rank: int  # the lowest of the role's latest levels on the competence's indicators
    observed_on: datetime.date  # the most recent of those scores

    @property
    def role_label(self) -> str:
        return AssessorRole(self.role).label


SHARED_ROLES = (AssessorRole.TEACHER, AssessorRole.MENTOR)


def shared_levels(
    viewer: User, learners: Iterable[User], framework_id: int
) -> dict[int, dict[int, list[SharedLevel]]]:
    """{learner id: {competence id: [SharedLevel per role]}} of the MICOON scores on
    ``framework_id`` that ``viewer`` may read in full (``rules.assessment_visibilities``:
    an employer's HR only with the learner's consent for assessments), for an
    employer's competence matrix on the same framework. Per role and competence the
    level is the lowest of the latest scores per indicator (a competence is at a level
    when every scored indicator is), dated by the most recent of them. Constant number
    of queries; the caller logs the read."""
    visibilities = rules.assessment_visibilities(viewer, learners)
    ids = [
        pk
        for pk, visibility in visibilities.items()
        if visibility is not None and not visibility.own_only and not visibility.workplace_only
    ]
    result: dict[int, dict[int, list[SharedLevel]]] = {}
    if not ids:
        return result
    rows = LatestAssessment.objects.filter(
        learner_id__in=ids,
        role__in=SHARED_ROLES,
        indicator__competence__framework_id=framework_id,
        level__framework_id=framework_id,
    ).values_list("learner_id", "indicator__competence_id", "role", "level__rank", "observed_on")
    series: dict[tuple[int, int, str], tuple[int, datetime.date]] = {}
    for learner_id, competence_id, role, rank, observed_on in rows:
        key = (learner_id, competence_id, role)
        if key in series:
            low, last = series[key]
            series[key] = (min(low, rank), max(last, observed_on))
        else:
            series[key] = (rank, observed_on)
    order = {role: i for i, role in enumerate(SHARED_ROLES)}
    for (learner_id, competence_id, role), (rank, observed_on) in sorted(
        series.items(), key=lambda item: order[item[0][2]]
    ):
        result.setdefault(learner_id, {}).setdefault(competence_id, []).append(
            SharedLevel(role=role, rank=rank, observed_on=observed_on)
        )
    return result
