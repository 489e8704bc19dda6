"""E-mails about questions, each in its recipient's preferred language.

Sent by a background task enqueued when the question (or answer) is committed, so a
mail server that is down neither fails the request nor loses the e-mail (the task
is retried; trajectwijzer/tasks.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from trajectwijzer.tasks import enqueue_on_commit, retried_task

from .models import Question


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


def send_question_asked(question: Question, *, site_url: str = "") -> None:
    """Tell the teacher or coach that a learner asked them a question."""
    enqueue_on_commit(deliver_question_asked, question.pk, site_url=site_url)


def send_question_answered(question: Question, *, site_url: str = "") -> None:
    """Tell the learner their question has an answer (the answer itself stays on the platform)."""
    enqueue_on_commit(deliver_question_answered, question.pk, site_url=site_url)


def _question(question_id: int) -> Question | None:
    return Question.objects.select_related("learner", "recipient").filter(pk=question_id).first()


@retried_task
def deliver_question_asked(question_id: int, site_url: str) -> int:
    question = _question(question_id)
    if question is None:  # erased before the worker got to it
        return 0
    url = site_url.rstrip("/") + reverse("caseload:question", args=[question.pk])
    return _send(
        question.recipient, "caseload/emails/question_asked", {"question": question, "url": url}
    )


@retried_task
def deliver_question_answered(question_id: int, site_url: str) -> int:
    question = _question(question_id)
    if question is None:
        return 0
    url = site_url.rstrip("/") + reverse("caseload:question", args=[question.pk])
    return _send(
        question.learner, "caseload/emails/question_answered", {"question": question, "url": url}
    )
