"""Helpers for tests of background tasks (trajectwijzer/tasks.py).

``RefusingEmailBackend`` fails like an SMTP server that is down; ``database_tasks``
switches the tests from the immediate backend to the database one, and
``run_worker_once`` runs what is ready the way ``manage.py db_worker --batch`` does.
"""

from __future__ import annotations

import contextlib
import datetime
import smtplib
from collections.abc import Iterator

from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

REFUSING_EMAIL_BACKEND = "trajectwijzer.testing_tasks.RefusingEmailBackend"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Stores what is enqueued and runs nothing: for tests about limits, not delivery.
DUMMY_TASKS = {"default": {"BACKEND": "trajectwijzer.tasks.DummyBackend"}}


class RefusingEmailBackend(BaseEmailBackend):
    """Every send fails as if the mail server refused the connection."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "mail server down (test)")


@contextlib.contextmanager
def database_tasks() -> Iterator[None]:
    with override_settings(TASKS=DATABASE_TASKS):
        yield


def run_worker_once() -> int:
    """Run every task that is ready now, in this process; returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def task_log() -> list[tuple[str, str, int]]:
    """(task name, status, attempt) of every task the database backend stored, oldest first."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.order_by("enqueued_at", "run_after")
    return [
        (
            row.task_path.rsplit(".", 1)[-1],
            row.status,
            row.args_kwargs["kwargs"].get("attempt", 1),
        )
        for row in rows
    ]


def make_retries_due() -> datetime.timedelta:
    """Let the waiting retries run now; returns the longest wait that was skipped."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.filter(status="READY")
    longest = max((row.run_after - now for row in waiting), default=datetime.timedelta(0))
    waiting.update(run_after=now)
    return longest
