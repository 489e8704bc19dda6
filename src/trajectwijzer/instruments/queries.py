"""Reads: what a person may answer, their responses, a report, group figures.

Group figures are computed from the scores stored at submission, as one matrix
(respondents × dimensions) per version: mean, spread, quartiles and the
distribution over each dimension's bands. A figure is made of published cells
(``Cell``: organisation × class group × moment) of at least
``rules.MIN_GROUP_SIZE`` respondents each, taken from their release
(``releases``), so figures can neither be subtracted from each other nor read
before and after one response to learn it (docs/privacy-group-figures.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner
from trajectwijzer.accounts.models import ConsentScope, Organisation, User

from . import charts, rules, scoring
from .definition import Definition, shipped_definitions
from .models import InstrumentVersion, Response, ResponseStatus
from .services import current_version, definition_of

MIN_GROUP_SIZE = rules.MIN_GROUP_SIZE

# What a feedback rule's ``sharing`` target means for the reader of the report.
SHARING_TEXTS = {
    "programme": _(
        "The programme sees this point only in group results of five or more, never your answers."
    ),
    "head_of_programme": _(
        "Your head of programme sees this point only in group results of five or more lecturers."
    ),
}


def answerable(user: User) -> list[Definition]:
    return [
        d for d in shipped_definitions().values() if policy.can(user, rules.ANSWER_INSTRUMENT, d)
    ]


def responses_of(user: User):
    return (
        Response.objects.filter(respondent=user).select_related("version").order_by("-started_at")
    )


def learners_with_results(viewer: User) -> list[dict[str, Any]]:
    """Linked learners whose instrument results ``viewer`` may read, with how many
    submitted results and open instrument signals each has (the coach's overview)."""
    from trajectwijzer.accounts.models import ConsentScope
    from trajectwijzer.accounts.services import linked_learners_for
    from trajectwijzer.caseload.models import Signal

    if not policy.can(viewer, policy.LIST_LINKED_LEARNERS):
        return []
    linked = [
        entry.learner
        for entry in linked_learners_for(viewer)
        if ConsentScope.INSTRUMENTS in entry.visible_scopes
    ]
    ids = [learner.pk for learner in linked]
    results = dict(
        Response.objects.filter(subject_id__in=ids, status=ResponseStatus.SUBMITTED)
        .values("subject")
        .annotate(n=Count("pk"))
        .values_list("subject", "n")
    )
    signals = dict(
        Signal.objects.filter(
            learner_id__in=ids, code__startswith="instruments.", acknowledged_at=None
        )
        .values("learner")
        .annotate(n=Count("pk"))
        .values_list("learner", "n")
    )
    rows = [
        {
            "learner": learner,
            "results": results.get(learner.pk, 0),
            "signals": signals.get(learner.pk, 0),
        }
        for learner in linked
    ]
    rows.sort(key=lambda row: (-row["signals"], row["learner"].full_name))
    return rows


def workshop_requests_for(viewer: User):
    """Workshop requests from lecturers of the organisations ``viewer`` heads (its
    administrators and provider administrators: the head of programme)."""
    from trajectwijzer.accounts.models import Role

    from .models import WorkshopRequest

    organisations = policy.administered_organisations(viewer) | policy.organisations_with_role(
        viewer, Role.PROVIDER_ADMIN
    )
    if not organisations:
        return WorkshopRequest.objects.none()
    return WorkshopRequest.objects.filter(organisation_id__in=organisations).select_related(
        "requested_by", "organisation"
    )


def results_about(viewer: User, learner_id: int, *, read: str):
    """The learner and their submitted results, newest first, as ``viewer`` reads them:
    accounts.access refuses (404) unless the policy lets ``viewer`` read the learner's
    "instruments" data, and logs the read as ``read``."""
    learner = access_learner(
        viewer, learner_id, policy.VIEW_PERSONAL_DATA, scope=ConsentScope.INSTRUMENTS, read=read
    )
    results = (
        Response.objects.filter(subject=learner, status=ResponseStatus.SUBMITTED)
        .select_related("version")
        .order_by("-submitted_at")
    )
    return learner, results


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def scale_of(definition: Definition, dimension) -> tuple[float, float]:
    """The range a dimension's score can take (for charts)."""
    if dimension.method == "percent":
        return (0.0, 100.0)
    lows, highs = [], []
    for member in dimension.items:
        low, high = definition.items[member.item].score_range()
        lows.append(low)
        highs.append(high)
    if dimension.method == "sum":
        return (float(sum(lows)), float(sum(highs)))
    return (float(min(lows)), float(max(highs)))


def report(response: Response) -> dict[str, Any]:
    """What one respondent sees: scores with bands, feedback texts, chart, answers."""
    definition = definition_of(response.version)
    scores = response.scores or {}
    dimensions = []
    for dim in definition.dimensions:
        score = scores.get(dim.id)
        band = dim.band(score)
        low, high = scale_of(definition, dim)
        dimensions.append(
            {
                "id": dim.id,
                "label": dim.label.get(),
                "description": dim.description.get() if dim.description else "",
                "score": score,
                "score_text": _fmt(score),
                "band": band.label.get() if band else "",
                "band_text": band.text.get() if band and band.text else "",
                "low": low,
                "high": high,
                "method": dim.method,
            }
        )
    applied = set(response.feedback or [])
    feedback = [
        {
            "id": r.id,
            "text": r.text.get(),
            "signal": r.signal,
            "sharing": SHARING_TEXTS.get(r.sharing, ""),
            "action": r.action,
            "topic": definition.dimension(r.dimension).label.get() if r.dimension else "",
        }
        for r in definition.rules
        if r.id in applied
    ]
    answers = []
    for section in definition.sections:
        for item_id in section.items:
            if item_id not in response.answers:
                continue
            item = definition.items[item_id]
            value = response.answers[item_id]
            if item.type in ("likert", "single"):
                option = item.option(value)
                shown = f"{option.label.get()}" if option else str(value)
                if item.type == "likert":
                    shown = (
                        f"{value} – {shown}"
                        if option and option.label.get() != str(value)
                        else str(value)
                    )
            elif item.type == "multiple":
                shown = ", ".join(item.option(v).label.get() for v in value if item.option(v))
            elif item.type == "number":
                shown = _fmt(float(value))
            else:
                shown = value
            answers.append({"id": item_id, "question": item.text.get(), "answer": shown})
    chart = charts.for_dimensions(definition, dimensions)
    return {
        "definition": definition,
        "response": response,
        "title": definition.title.get(),
        "version": response.version.version,
        "dimensions": dimensions,
        "feedback": feedback,
        "answers": answers,
        "chart": chart,
        "submitted_at": response.submitted_at,
    }


# Groups ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """The smallest part a group figure is made of: the responses to one version
    from one organisation, one class group (or none) and one moment (or none).

    Every figure that can be published — a class group, an organisation, either of
    them at one moment — is a union of cells, and only cells that reach
    MIN_GROUP_SIZE people in their release are part of any figure. So subtracting
    published figures from one another leaves whole cells of five or more, never a
    smaller group (docs/privacy-group-figures.md).
    """

    organisation_id: int | None
    group_id: int | None
    moment: str

    def key(self, version: InstrumentVersion) -> str:
        return f"instruments:{version.pk}:{self.organisation_id}:{self.group_id}:{self.moment}"


def published_cells(version: InstrumentVersion) -> dict[Cell, dict[int, int]]:
    """Each cell of ``version`` that may be published, with its release: respondent id
    → the response id included (each respondent's latest submission in the cell).

    A cell is published when its release holds at least MIN_GROUP_SIZE respondents
    and every response in it still exists; a release advances only when at least
    five respondents changed (``releases.settle_many``), so one more or one changed
    response leaves every figure as it was.
    """
    from .releases import members_of, settle_many

    rows = (
        Response.objects.filter(version=version, status=ResponseStatus.SUBMITTED)
        .order_by("submitted_at", "pk")
        .values_list("pk", "respondent_id", "organisation_id", "group_id", "moment")
    )
    current: dict[Cell, dict[int, int]] = {}
    existing: set[int] = set()
    for pk, respondent_id, organisation_id, group_id, moment in rows:
        existing.add(pk)
        current.setdefault(Cell(organisation_id, group_id, moment), {})[respondent_id] = pk
    from .models import GroupFigureRelease

    prefix = f"instruments:{version.pk}:"
    cells = dict(current)
    for key in GroupFigureRelease.objects.filter(key__startswith=prefix).values_list(
        "key", flat=True
    ):  # released cells whose responses are all gone still need settling
        organisation, group, moment = key.removeprefix(prefix).split(":", 2)
        cell = Cell(_id_or_none(organisation), _id_or_none(group), moment)
        cells.setdefault(cell, {})
    releases = settle_many({cell.key(version): members for cell, members in cells.items()})
    published = {}
    for cell in cells:
        members = members_of(releases[cell.key(version)])
        if len(members) >= MIN_GROUP_SIZE and existing.issuperset(members.values()):
            published[cell] = members
    return published


def _id_or_none(text: str) -> int | None:
    return None if text == "None" else int(text)


@dataclass
class ResultGroup:
    """Respondents whose results are shown together: a class group, or the staff or
    workplaces of one organisation, for one instrument version, optionally at one
    moment. Its figures come from the published cells it covers (``members``)."""

    version: InstrumentVersion
    group: Any = None
    organisation: Organisation | None = None
    respondents: int = 0
    moment: str = ""
    extra: dict = field(default_factory=dict)
    response_ids: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.group is not None:
            return f"{self.group.name} ({self.group.academic_year})"
        if self.organisation is not None:
            return self.organisation.name
        return ""

    def covers(self, cell: Cell) -> bool:
        if self.moment and cell.moment != self.moment:
            return False
        if self.group is not None:
            return cell.group_id == self.group.pk
        if self.organisation is not None:
            return cell.organisation_id == self.organisation.pk
        return False

    def responses(self):
        return Response.objects.filter(pk__in=self.response_ids).order_by("pk")

    def included(self) -> list[tuple[dict, list]]:
        """(scores, feedback) of the included responses, in id order. One query over
        the version's submitted responses, filtered here: for thousands of responses
        that is quicker than an IN list of their ids (and has no parameter limit)."""
        ids = set(self.response_ids)
        if not ids:
            return []
        rows = (
            Response.objects.filter(
                version=self.version,
                status=ResponseStatus.SUBMITTED,
                pk__gte=min(ids),
                pk__lte=max(ids),
            )
            .order_by("pk")
            .values_list("pk", "scores", "feedback")
        )
        return [(scores, feedback) for pk, scores, feedback in rows if pk in ids]


def _fill(rg: ResultGroup, cells: dict[Cell, dict[int, int]]) -> ResultGroup:
    respondents: set[int] = set()
    ids: list[int] = []
    for cell, members in cells.items():
        if rg.covers(cell):
            respondents.update(members)
            ids.extend(members.values())
    rg.respondents = len(respondents)
    rg.response_ids = sorted(ids)
    return rg


def result_group(
    version: InstrumentVersion, *, group=None, organisation=None, moment="", cells=None
) -> ResultGroup:
    """The figure of a class group or an organisation (at one moment, or all), made of
    its published cells only; ``respondents`` counts the people in it."""
    rg = ResultGroup(version=version, group=group, organisation=organisation, moment=moment)
    return _fill(rg, published_cells(version) if cells is None else cells)


def visible_result_groups(user: User, instrument_id: str) -> list[ResultGroup]:
    """Groups (≥ MIN_GROUP_SIZE respondents) of the current version ``user`` may see."""
    version = current_version(instrument_id)
    if version is None:
        return []
    from trajectwijzer.trajectories.models import Group

    cells = published_cells(version)
    result = []
    if version.audience == "learner":
        ids = {cell.group_id for cell in cells if cell.group_id is not None}
        groups = Group.objects.filter(pk__in=ids).select_related("programme__provider")
        candidates = [ResultGroup(version=version, group=group) for group in groups]
    else:
        ids = {cell.organisation_id for cell in cells if cell.organisation_id is not None}
        candidates = [
            ResultGroup(version=version, organisation=organisation)
            for organisation in Organisation.objects.filter(pk__in=ids)
        ]
    for rg in candidates:
        _fill(rg, cells)
        if policy.can(user, rules.VIEW_INSTRUMENT_GROUP_RESULTS, rg):
            result.append(rg)
    return result


def score_matrix_of(definition: Definition, responses) -> np.ndarray:
    """Respondents × dimensions from the stored scores (NaN = no score); ``responses``
    is a queryset or a list of stored score dicts."""
    ids = [d.id for d in definition.dimensions]
    if hasattr(responses, "values_list"):
        rows = list(responses.values_list("scores", flat=True))
    else:
        rows = list(responses)
    matrix = np.full((len(rows), len(ids)), np.nan)
    for i, scores in enumerate(rows):
        for j, dim_id in enumerate(ids):
            value = scores.get(dim_id)
            if value is not None:
                matrix[i, j] = value
    return matrix


def summarise(definition: Definition, matrix: np.ndarray) -> list[dict[str, Any]]:
    """Per dimension: n, mean, sd, quartiles and the distribution over its bands (or
    over five equal bins of its range when it has no bands)."""
    stats = scoring.describe_matrix(matrix)
    result = []
    for j, dim in enumerate(definition.dimensions):
        column = matrix[:, j]
        values = column[~np.isnan(column)]
        low, high = scale_of(definition, dim)
        if dim.bands:
            edges = [-math.inf] + [b.upto for b in dim.bands]
            counts = [
                int(((values > edges[k]) & (values <= edges[k + 1])).sum())
                for k in range(len(dim.bands))
            ]
            counts[-1] += int((values > dim.bands[-1].upto).sum())
            labels = [b.label.get() for b in dim.bands]
        else:
            counts_arr, bin_edges = np.histogram(values, bins=5, range=(low, high))
            counts = [int(c) for c in counts_arr]
            labels = [f"{_fmt(bin_edges[k], 1)}–{_fmt(bin_edges[k + 1], 1)}" for k in range(5)]
        s = stats[j]
        result.append(
            {
                "id": dim.id,
                "label": dim.label.get(),
                "low": low,
                "high": high,
                **s,
                "mean_text": _fmt(s["mean"]),
                "sd_text": _fmt(s["sd"]),
                "median_text": _fmt(s["median"]),
                "min_text": _fmt(s["min"]),
                "max_text": _fmt(s["max"]),
                "distribution": [
                    {
                        "label": label,
                        "count": count,
                        "percent": round(100 * count / values.size) if values.size else 0,
                    }
                    for label, count in zip(labels, counts, strict=True)
                ],
            }
        )
    return result


def group_results(rg: ResultGroup, compare: list[ResultGroup] | None = None) -> dict[str, Any]:
    definition = definition_of(rg.version)
    included = rg.included()
    matrix = score_matrix_of(definition, [scores for scores, _feedback in included])
    dimensions = summarise(definition, matrix)
    series = [{"label": rg.label, "dimensions": dimensions}]
    for other in compare or []:
        other_matrix = score_matrix_of(definition, [scores for scores, _f in other.included()])
        series.append(
            {
                "label": other.label + (f" · {other.moment}" if other.moment else ""),
                "dimensions": summarise(definition, other_matrix),
            }
        )
    return {
        "definition": definition,
        "title": definition.title.get(),
        "group": rg,
        "points": points_of_attention(definition, [feedback for _s, feedback in included]),
        "respondents": int(matrix.shape[0]),
        "dimensions": dimensions,
        "series": series,
        "chart": charts.for_groups(definition, series),
        "distribution_charts": [charts.distribution(d) for d in dimensions],
    }


def points_of_attention(definition: Definition, responses) -> list[dict[str, Any]]:
    """How many respondents each feedback rule applied to (the group's advisory points),
    most frequent first; ``responses`` is a queryset or a list of stored feedback lists."""
    counts: dict[str, int] = {}
    total = 0
    if hasattr(responses, "values_list"):
        responses = responses.values_list("feedback", flat=True)
    for applied in responses:
        total += 1
        for rule_id in set(applied or []):
            counts[rule_id] = counts.get(rule_id, 0) + 1
    points = [
        {
            "id": rule.id,
            "text": rule.text.get(),
            "count": counts[rule.id],
            "percent": round(100 * counts[rule.id] / total) if total else 0,
        }
        for rule in definition.rules
        if counts.get(rule.id)
    ]
    return sorted(points, key=lambda p: -p["count"])


def moments_of(rg: ResultGroup, cells=None) -> list[str]:
    """The moments ``rg`` can be narrowed to: those of its published cells."""
    cells = published_cells(rg.version) if cells is None else cells
    whole = ResultGroup(version=rg.version, group=rg.group, organisation=rg.organisation)
    return sorted({cell.moment for cell in cells if cell.moment and whole.covers(cell)})
