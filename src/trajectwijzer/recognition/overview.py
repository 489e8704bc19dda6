"""The provider's overview of recognition: what it does and what it costs.

Per provider and procedure: requests by status, the time from request to decision
(median and 90th percentile, in days), the outcomes of the decisions (exempt, partly
exempt, not exempt), the hours, credits and internship weeks exempted, and the
assessors' time (the minutes recorded on each step). The seeds stress that EVC is
costly and hardly funded, so the provider must see what it costs.

Group figures only: nothing per learner, and a procedure with fewer than five requests
shows only that (``MIN_GROUP``); the time and outcome figures need five decided
requests as well. A constant number of queries whatever the number of requests
(five, counted in ``tests/test_overview.py``; timed in ``bench/recognition.py``).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Sum,
    When,
)
from django.db.models.functions import Coalesce

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User
from trajectwijzer.catalogue.models import Provider

from . import rules
from .models import (
    Decision,
    DecisionOutcome,
    ProcedureVersion,
    Request,
    RequestStatus,
    StepRecord,
)

MIN_GROUP = 5
SECONDS_PER_DAY = 86_400


@dataclass
class ProcedureFigures:
    procedure: str  # slug
    title: str
    requests: int
    by_status: dict[str, int] = field(default_factory=dict)
    decided: int = 0  # requests with a decision date
    days_median: float | None = None
    days_p90: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    hours_exempted: int = 0
    credits_exempted: Decimal = Decimal(0)
    internship_weeks: int = 0
    assessor_minutes: int = 0

    @property
    def shown(self) -> bool:
        """Whether the group is large enough to show any figure."""
        return self.requests >= MIN_GROUP

    @property
    def decisions_shown(self) -> bool:
        return self.shown and self.decided >= MIN_GROUP

    @property
    def assessor_hours(self) -> float:
        return round(self.assessor_minutes / 60, 1)

    def status_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for every status, in the flow's order."""
        return [(s.value, s.label, self.by_status.get(s.value, 0)) for s in RequestStatus]

    def outcome_rows(self) -> list[tuple[str, str, int]]:
        return [(o.value, o.label, self.outcomes.get(o.value, 0)) for o in DecisionOutcome]

    def as_json(self) -> dict:
        data: dict = {"procedure": self.procedure, "title": self.title}
        if not self.shown:
            data["fewer_than"] = MIN_GROUP
            return data
        data.update(requests=self.requests, by_status=dict(self.by_status), decided=self.decided)
        data["assessor_minutes"] = self.assessor_minutes
        if self.decisions_shown:
            data.update(
                days_to_decision={"median": self.days_median, "p90": self.days_p90},
                outcomes=dict(self.outcomes),
                hours_exempted=self.hours_exempted,
                credits_exempted=float(self.credits_exempted),
                internship_weeks=self.internship_weeks,
            )
        return data


@dataclass
class ProviderOverview:
    provider: Provider
    procedures: list[ProcedureFigures]


def overview_providers(viewer: User) -> list[Provider]:
    """The providers whose overview ``viewer`` may see (their offer's maintainers)."""
    organisations = policy.offer_maintainer_organisations(viewer)
    if not organisations:
        return []
    providers = Provider.objects.filter(organisation_id__in=organisations).order_by("name")
    return [p for p in providers if policy.can(viewer, rules.VIEW_OVERVIEW, p)]


def _percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, "inclusive")."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def provider_overview(provider: Provider) -> ProviderOverview:
    """The figures of every procedure of ``provider`` (five queries)."""
    from .queries import procedure_of

    figures: dict[str, ProcedureFigures] = {}

    def of(slug: str) -> ProcedureFigures:
        if slug not in figures:
            figures[slug] = ProcedureFigures(procedure=slug, title=slug, requests=0)
        return figures[slug]

    for version in ProcedureVersion.objects.filter(provider=provider, is_current=True):
        of(version.procedure).title = str(procedure_of(version).title)

    requests = Request.objects.filter(provider=provider)
    for slug, status, count in (
        requests.values_list("procedure_version__procedure", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        item = of(slug)
        item.by_status[status] = count
        item.requests += count

    durations: dict[str, list[float]] = {}
    for slug, duration in (
        requests.filter(decided_at__isnull=False)
        .annotate(
            taken=ExpressionWrapper(
                F("decided_at") - Coalesce("submitted_at", "created_at"),
                output_field=DurationField(),
            )
        )
        .values_list("procedure_version__procedure", "taken")
    ):
        durations.setdefault(slug, []).append(max(duration.total_seconds(), 0) / SECONDS_PER_DAY)
    for slug, days in durations.items():
        item = of(slug)
        item.decided = len(days)
        item.days_median = round(statistics.median(days), 1)
        item.days_p90 = round(_percentile(days, 0.9), 1)

    exempt = DecisionOutcome.EXEMPT
    decisions = (
        Decision.objects.filter(
            request__provider=provider,
            communicated_at__isnull=False,
            superseded_by__isnull=True,
        )
        .values_list("request__procedure_version__procedure", "outcome")
        .annotate(
            n=Count("pk"),
            hours=Sum(
                Case(
                    When(outcome=exempt, then=F("module__hours")),
                    default=F("hours_exempted"),
                    output_field=IntegerField(),
                )
            ),
            credits=Sum(
                Case(
                    When(outcome=exempt, then=F("module__study_credits")),
                    default=F("credits_exempted"),
                    output_field=DecimalField(max_digits=9, decimal_places=1),
                )
            ),
            weeks=Sum("internship_weeks_reduced"),
        )
        .order_by()
    )
    for slug, outcome, count, hours, credits, weeks in decisions:
        item = of(slug)
        item.outcomes[outcome] = count
        if outcome != DecisionOutcome.NOT_EXEMPT:
            item.hours_exempted += hours or 0
            item.credits_exempted += Decimal(credits or 0)
            item.internship_weeks += weeks or 0

    for slug, minutes in (
        StepRecord.objects.filter(request__provider=provider)
        .values_list("request__procedure_version__procedure")
        .annotate(minutes=Sum("minutes_spent"))
        .order_by()
    ):
        of(slug).assessor_minutes = minutes or 0

    return ProviderOverview(
        provider=provider, procedures=sorted(figures.values(), key=lambda f: f.title.lower())
    )
