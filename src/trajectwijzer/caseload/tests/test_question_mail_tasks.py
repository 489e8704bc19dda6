"""Finding 5 of issue #9: a mail server that is down must not fail the request that
saved the data (before, the e-mail was sent inside it: a 500 after the save, and the
learner's retry saved the question twice). The e-mail goes out in a background task
that records the failure and is retried."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from trajectwijzer.barometer.tests.builders import build_world
from trajectwijzer.caseload.models import Question, QuestionKind
from trajectwijzer.tasks import retry_delay
from trajectwijzer.testing_tasks import (
    REFUSING_EMAIL_BACKEND,
    database_tasks,
    make_retries_due,
    run_worker_once,
    task_log,
)

# The request commits as in production, so on_commit callbacks run inside it.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_question_asked_while_the_mail_server_is_down_is_saved_once_and_mailed_later(
    client, settings
):
    world = build_world()
    settings.EMAIL_BACKEND = REFUSING_EMAIL_BACKEND
    client.force_login(world.learner)
    with database_tasks():
        response = client.post(
            reverse("caseload:contact"),
            {"kind": QuestionKind.TRAJECTORY, "subject": "Planning", "body": "Hulp?"},
        )
        assert response.status_code == 302
        assert Question.objects.filter(learner=world.learner).count() == 1
        assert task_log() == [("deliver_question_asked", "READY", 1)]

        assert run_worker_once() == 1  # the mail server refuses
        assert task_log() == [
            ("deliver_question_asked", "FAILED", 1),
            ("deliver_question_asked", "READY", 2),
        ]
        wait = make_retries_due()
        assert retry_delay(1) - datetime.timedelta(seconds=5) < wait <= retry_delay(1)

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert run_worker_once() == 1
        assert task_log()[-1] == ("deliver_question_asked", "SUCCESSFUL", 2)
    assert [message.to for message in mail.outbox] == [[world.person("coach").email]]
    assert Question.objects.filter(learner=world.learner).count() == 1


def test_the_mail_task_gives_up_after_the_last_attempt(client, settings):
    world = build_world()
    settings.EMAIL_BACKEND = REFUSING_EMAIL_BACKEND
    client.force_login(world.learner)
    with database_tasks():
        client.post(
            reverse("caseload:contact"),
            {"kind": QuestionKind.TRAJECTORY, "subject": "Planning", "body": "Hulp?"},
        )
        for _ in range(10):
            make_retries_due()
            run_worker_once()
        statuses = [status for _name, status, _attempt in task_log()]
    assert statuses == ["FAILED"] * 5
    assert mail.outbox == []
