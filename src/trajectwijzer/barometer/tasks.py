"""The barometer's bulk recalculation as a background task: checking every group's
closed moments for learners who recorded nothing, and raising their signals.
``trajectwijzer barometer signals --queue`` enqueues it (a daily timer can, too)."""

from __future__ import annotations

import datetime

from trajectwijzer.tasks import retried_task


@retried_task
def check_missed_moments(on: str | None = None) -> int:
    """``on``: an ISO date (task arguments are stored as JSON), default today."""
    from django.utils import translation

    from . import services

    with translation.override(None):
        result = services.check_missed_moments(datetime.date.fromisoformat(on) if on else None)
    return result.signals
