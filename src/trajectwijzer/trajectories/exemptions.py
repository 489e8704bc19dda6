"""The one place the plan reads a learner's exemptions from recognition decisions.

Until recognition publishes ``recognition.queries.exemptions_for``, this adapter reads
the decisions in force itself (``Decision.objects.in_force(on)``) for the modules of
the enrolment's programme. Nothing else in trajectories reads ``Decision``: swapping
this function's body is all it takes to follow recognition's query later.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Enrolment
from .planning import Exemption


def exemptions_for_enrolment(enrolment: Enrolment, on: dt.date | None = None) -> list[Exemption]:
    """Whole and partial exemptions in force on ``on`` for the enrolment's modules."""
    from trajectwijzer.recognition.models import Decision, DecisionOutcome

    on = on or timezone.localdate()
    decisions = (
        Decision.objects.in_force(on)
        .filter(
            learner_id=enrolment.learner_id,
            module__programme_id=enrolment.programme_id,
            outcome__in=[DecisionOutcome.EXEMPT, DecisionOutcome.PARTLY_EXEMPT],
        )
        .order_by("module__code", "-decided_at")
        .values_list("module__code", "outcome", "hours_exempted", "credits_exempted")
    )
    exemptions: dict[str, Exemption] = {}
    for code, outcome, hours, credits in decisions:
        if code in exemptions:  # the latest decision per module counts
            continue
        exemptions[code] = Exemption(
            code=code,
            whole=outcome == DecisionOutcome.EXEMPT,
            hours=hours,
            credits=credits,
        )
    return list(exemptions.values())
