"""Recognition's background work: the decision e-mail and the check for waiting steps.

E-mails are sent by a task enqueued when the decision is committed
(``trajectwijzer.tasks.enqueue_on_commit``), in the learner's preferred language; the
e-mail says a decision is there and where to read it, never the decision itself.
``trajectwijzer recognition signals --queue`` enqueues the check (a daily timer can, too).
"""

from __future__ import annotations

import datetime

from trajectwijzer.tasks import retried_task


def decision_email(request):
    """The e-mail telling the learner that decisions on ``request`` were communicated."""
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.utils import translation
    from django.utils.translation import gettext as _

    from .queries import procedure_of

    learner = request.learner
    with translation.override(learner.preferred_language):
        title = procedure_of(request.procedure_version).title.get(learner.preferred_language)
        subject = _("A decision on your recognition request: %(procedure)s") % {"procedure": title}
        body = _(
            "Dear %(name)s,\n\n"
            "The decision on your recognition request (%(procedure)s, %(provider)s) has been "
            "communicated. Sign in to the platform to read it and download the decision "
            "letter.\n"
        ) % {"name": learner.full_name, "procedure": title, "provider": request.provider.name}
    return EmailMessage(
        subject=" ".join(str(subject).split()),
        body=str(body),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[learner.email],
        headers={"Content-Language": learner.preferred_language},
    )


@retried_task
def send_decision_email(request_id: int) -> int:
    from .models import Request

    request = (
        Request.objects.select_related("learner", "provider", "procedure_version")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not request.learner.is_active:  # erased before the worker ran
        return 0
    return decision_email(request).send()


@retried_task
def check_waiting_steps(on: str | None = None) -> int:
    """``on``: an ISO date (task arguments are stored as JSON), default today."""
    from django.utils import translation

    from . import services

    with translation.override(None):
        run = services.check_waiting_steps(datetime.date.fromisoformat(on) if on else None)
    return run.signals
