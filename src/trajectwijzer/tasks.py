"""Background tasks: the one module that knows where Django's Tasks framework lives.

Django 6 ships ``django.tasks``; on Python 3.11 (Django 5.2) the ``django-tasks``
backport offers the same API as ``django_tasks``. Every app imports ``retried_task``
and ``enqueue_on_commit`` from here, never the framework itself.

The database backend (``django-tasks-db``, run by ``manage.py db_worker``) stores
each attempt's result but never retries on its own, so ``retried_task`` does: a
failing attempt is logged, re-enqueued with an exponential back-off (the attempt
number travels in the task's keyword arguments) and then re-raised, so the backend
records that attempt as failed. After ``MAX_ATTEMPTS`` the task gives up.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from importlib.util import find_spec
from typing import Any

from django.db import transaction
from django.utils import timezone

if find_spec("django.tasks") is not None:
    from django.tasks import Task, TaskResultStatus, task
    from django.tasks.backends.dummy import DummyBackend
    from django.tasks.backends.immediate import ImmediateBackend
else:  # Python 3.11 with Django 5.2 and the django-tasks backport (Task in .base there)
    from django_tasks import task
    from django_tasks.backends.dummy import DummyBackend
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks.base import Task, TaskResultStatus

__all__ = [
    "MAX_ATTEMPTS",
    "DummyBackend",
    "ImmediateBackend",
    "TaskResultStatus",
    "enqueue_on_commit",
    "retried_task",
    "retry_delay",
]

logger = logging.getLogger(__name__)

# Five attempts over about a quarter of an hour (1, 2, 4 and 8 minutes apart) ride out
# a mail server restart without hammering one that is down for good.
MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait before attempt ``attempt + 1`` after attempt ``attempt`` failed."""
    return FIRST_RETRY_DELAY * 2 ** (attempt - 1)


def _enqueue_retry(the_task: Task, args: tuple, kwargs: dict, attempt: int) -> None:
    backend = the_task.get_backend()
    if backend.supports_defer:
        the_task = the_task.using(run_after=timezone.now() + retry_delay(attempt - 1))
    # A backend that cannot defer (the immediate one of the tests) retries at once.
    the_task.enqueue(*args, attempt=attempt, **kwargs)


def retried_task(
    func: Callable | None = None,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    give_up: Callable[..., Any] | None = None,
) -> Any:
    """Declare a background task whose failures are retried up to ``max_attempts`` times.

    The task is called with the decorated function's arguments; ``attempt`` (1 for the
    first) is added by the retries and never passed by callers. Arguments must be
    JSON values (ids, strings, lists, dicts), since the database backend stores them.
    ``give_up(*args, **kwargs)`` runs once after the last attempt failed, e.g. to
    undo a "sent" mark so a later run tries again.
    """

    def declare(function: Callable) -> Task:
        @functools.wraps(function)
        def run(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception:
                logger.exception(
                    "Task %s failed (attempt %s of %s)",
                    declared.module_path,
                    attempt,
                    max_attempts,
                )
                if attempt < max_attempts:
                    _enqueue_retry(declared, args, kwargs, attempt + 1)
                elif give_up is not None:
                    give_up(*args, **kwargs)
                raise  # the backend records this attempt as failed

        declared = task(run)
        return declared

    return declare(func) if func is not None else declare


def enqueue_on_commit(the_task: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``the_task`` once the current transaction commits (at once outside one).

    Nothing is sent for data that was rolled back, and the request that saved the
    data never waits for (or fails because of) a mail server.
    """
    transaction.on_commit(functools.partial(the_task.enqueue, *args, **kwargs))
