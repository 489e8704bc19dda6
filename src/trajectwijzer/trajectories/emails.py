"""The e-mail telling a learner their plan was recalculated and what moved.

Enqueued when the recalculated version is committed (``services.recalculate_plan``);
sent by a retried background task in the learner's preferred language.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from trajectwijzer.tasks import retried_task


@retried_task
def deliver_plan_moved(version_id: int, site_url: str = "") -> int:
    from . import services
    from .models import StudyPlanVersion

    version = (
        StudyPlanVersion.objects.select_related(
            "plan__enrolment__learner", "plan__enrolment__programme"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None:  # erased before the worker got to it
        return 0
    previous = version.plan.versions.filter(number__lt=version.number).order_by("-number").first()
    learner = version.plan.enrolment.learner
    changes = services.changes_between(previous, version) if previous else None
    url = site_url.rstrip("/") + reverse("trajectories:plan", args=[version.plan.enrolment_id])
    with translation.override(learner.preferred_language):
        context = {
            "recipient": learner,
            "programme": version.plan.enrolment.programme.title,
            "moves": changes.moves if changes else (),
            "changes": changes,
            "url": url,
        }
        subject = render_to_string("trajectories/emails/plan_moved_subject.txt", context)
        body = render_to_string("trajectories/emails/plan_moved_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[learner.email],
        headers={"Content-Language": learner.preferred_language},
    ).send()
