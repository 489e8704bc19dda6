"""Command functions of the request flow, called by ``cli.py`` ("matrix" owns it):
``trajectwijzer recognition signals [--date DATE] [--queue]``."""

from __future__ import annotations

import argparse
import datetime


def add_signals_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date",
        type=datetime.date.fromisoformat,
        help="act as if today were DATE (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--queue",
        action="store_true",
        help="leave the check to the task worker (manage.py db_worker) instead of waiting",
    )


def handle_signals(args: argparse.Namespace) -> int:
    """Raise a caseload signal for each step waiting on the learner past its due day."""
    return signals(queue=getattr(args, "queue", False), on=getattr(args, "date", None))


def signals(queue: bool = False, on: datetime.date | None = None) -> int:
    """The command's work; returns the exit code."""
    from django.utils import translation

    from . import services

    if queue:
        from .tasks import check_waiting_steps

        result = check_waiting_steps.enqueue(on.isoformat() if on else None)
        print(f"waiting-step check queued for the task worker (task {result.id})")
        return 0
    with translation.override(None):
        run = services.check_waiting_steps(on)
    print(f"steps waiting on the learner too long: {run.checked}; signals raised: {run.signals}")
    return 0
