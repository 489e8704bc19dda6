"""Background tasks (trajectwijzer/tasks.py): the database backend in production,
bounded retries with back-off, and nothing enqueued for data that was rolled back."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.db import transaction

from trajectwijzer.barometer.tests.builders import build_world
from trajectwijzer.caseload import services
from trajectwijzer.caseload.models import Question, QuestionKind
from trajectwijzer.tasks import MAX_ATTEMPTS, retry_delay
from trajectwijzer.testing_tasks import database_tasks, task_log

from .test_configuration import PRODUCTION_ENV, run_django


def test_production_stores_tasks_in_the_database_for_db_worker():
    result = run_django(
        "shell",
        "-c",
        "from django.conf import settings;"
        "print('tasks:', settings.TASKS['default']['BACKEND'],"
        " 'django_tasks_db' in settings.INSTALLED_APPS)",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("tasks:")]
    assert line == "tasks: django_tasks_db.DatabaseBackend True"


def test_retries_back_off_exponentially_and_stop_after_five_attempts():
    waits = [retry_delay(attempt) for attempt in range(1, MAX_ATTEMPTS)]
    assert waits == [datetime.timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_enqueued_or_sent_for_a_question_that_was_rolled_back():
    world = build_world()
    with database_tasks(), pytest.raises(RuntimeError), transaction.atomic():
        services.ask_question(
            world.learner, kind=QuestionKind.TRAJECTORY, subject="Planning", body="Hulp?"
        )
        raise RuntimeError("something after the question failed")
    assert not Question.objects.exists()
    with database_tasks():
        assert task_log() == []
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_question_enqueues_exactly_one_mail_task():
    world = build_world()
    with database_tasks():
        services.ask_question(
            world.learner, kind=QuestionKind.TRAJECTORY, subject="Planning", body="Hulp?"
        )
        assert task_log() == [("deliver_question_asked", "READY", 1)]
    assert mail.outbox == []  # the worker has not run yet
