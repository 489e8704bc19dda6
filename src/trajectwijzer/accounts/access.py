"""One way to read a learner's data, after Zulip's ``access_user_by_id``.

Every page, API endpoint, PDF and CSV that shows a learner's personal data gets the
learner (or the record about them) through this module: it fetches, asks the policy,
writes the access-log entry and raises one error, :class:`LearnerNotAccessible`, that
pages show as 404 (it is an ``Http404``) and the API answers with the same 404 body
(``api.schemas.NOT_FOUND``, see the handler in ``api/urls.py``). The same answer whether
the learner does not exist or may not be read, so a refusal reveals nothing.

Logging lives here only: one entry per read, and none when a person reads their own
data. The logged action names what was read (the policy action, or ``read=`` when one
action guards several reads, e.g. a plan's page and its PDF). Pages that read many
learners at once log them in one insert with :func:`log_access`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from . import policy
from .models import AccessLogEntry, User


class LearnerNotAccessible(Http404):
    """The learner (or the record about them) does not exist or the viewer may not read it."""


def _pk(person: User | int) -> int:
    return person if isinstance(person, int) else person.pk


def log_access(viewer: User, learners: Iterable[User | int], action: str) -> None:
    """Log that ``viewer`` read each of ``learners``' data (one insert; own data skipped)."""
    learner_ids = list(dict.fromkeys(_pk(learner) for learner in learners))
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(actor=viewer, learner_id=pk, action=action)
        for pk in learner_ids
        if pk != viewer.pk
    )


def access_learner(
    viewer: User,
    learner_id: int,
    action: str,
    *,
    scope: str | None = None,
    read: str | None = None,
    log: bool = True,
) -> User:
    """The active learner ``learner_id`` if ``viewer`` may do ``action`` about them.

    ``action`` is a policy action taking the learner; with ``scope`` it is asked about
    ``PersonalData(learner, scope)`` instead (``policy.VIEW_PERSONAL_DATA``). The read is
    logged as ``read`` (default: the action) unless ``log`` is off — only for a write
    whose page is rendered again after (the read of that page logs itself) or a check
    before a read that logs separately.
    """
    learner = User.objects.filter(pk=learner_id, is_active=True).first()
    if learner is None:
        raise LearnerNotAccessible
    obj: Any = learner if scope is None else policy.PersonalData(learner, scope)
    if not policy.can(viewer, action, obj):
        raise LearnerNotAccessible
    if log:
        log_access(viewer, [learner], read or action)
    return learner


def access_learner_record(
    viewer: User,
    record: Any,
    action: str,
    *,
    learner: User | int | None,
    read: str | None = None,
    log: bool = True,
) -> Any:
    """``record`` (a plan, a scan response, an assessment's evidence…) about ``learner``
    if ``viewer`` may do ``action`` on it; the read is logged like ``access_learner``'s.

    ``record`` may be None (not found): the same error as a refusal. ``learner`` None
    means the record is about nobody's personal data (a lecturer's own self-scan).
    """
    if record is None or not policy.can(viewer, action, record):
        raise LearnerNotAccessible
    if log and learner is not None:
        log_access(viewer, [learner], read or action)
    return record
