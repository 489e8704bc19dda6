"""E-mails about questions, each in its recipient's preferred language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def _send(recipient, template_prefix: str, context: dict) -> int:
    with translation.override(recipient.preferred_language):
        context = {**context, "recipient": recipient}
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Content-Language": recipient.preferred_language},
    ).send()


def send_question_asked(question, *, site_url: str = "") -> int:
    """Tell the teacher or coach that a learner asked them a question."""
    url = site_url.rstrip("/") + reverse("caseload:question", args=[question.pk])
    return _send(
        question.recipient, "caseload/emails/question_asked", {"question": question, "url": url}
    )


def send_question_answered(question, *, site_url: str = "") -> int:
    """Tell the learner their question has an answer (the answer itself stays on the platform)."""
    url = site_url.rstrip("/") + reverse("caseload:question", args=[question.pk])
    return _send(
        question.learner, "caseload/emails/question_answered", {"question": question, "url": url}
    )
