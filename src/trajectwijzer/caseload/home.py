"""What the caseload adds to the start page: tasks, and notices of open signals and
questions waiting for an answer.

The texts live here (and so in this app's translation catalogue); ``web.queries``
turns the tasks into its ``Task`` objects and calls ``notices`` for the start page,
which renders them with ``caseload/includes/home_notices.html``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from trajectwijzer.accounts import policy

from . import rules

MY_CONTACT_POINTS = {
    "title": _("My coach and teachers"),
    "description": _("See who your coach and teachers are, and ask them a question."),
    "url_name": "caseload:contact",
    "requires": rules.ASK_QUESTION,
}
MY_CASELOAD = {
    "title": _("My caseload"),
    "description": _("Your learners with open signals first: acknowledge, note, follow up, refer."),
    "url_name": "caseload:caseload",
    "requires": rules.VIEW_CASELOAD,
}
QUESTIONS_TO_ME = {
    "title": _("Questions asked to you"),
    "description": _("Questions of learners routed to you, to answer."),
    "url_name": "caseload:questions",
    "requires": rules.LIST_RECEIVED_QUESTIONS,
}


def notices(user) -> list:
    from trajectwijzer.web.queries import Notice

    from .models import Question
    from .queries import open_signal_count

    result = []
    if policy.can(user, rules.VIEW_CASELOAD):
        count = open_signal_count(user)
        if count:
            result.append(
                Notice(
                    ngettext(
                        "%(n)d open signal in your caseload.",
                        "%(n)d open signals in your caseload.",
                        count,
                    )
                    % {"n": count},
                    reverse("caseload:caseload"),
                    ngettext("See it", "See them", count),
                )
            )
    if policy.can(user, rules.LIST_RECEIVED_QUESTIONS):
        waiting = Question.objects.filter(recipient=user, answered_at__isnull=True).count()
        if waiting:
            result.append(
                Notice(
                    ngettext(
                        "%(n)d question waits for your answer.",
                        "%(n)d questions wait for your answer.",
                        waiting,
                    )
                    % {"n": waiting},
                    reverse("caseload:questions"),
                    ngettext("Answer it", "Answer them", waiting),
                )
            )
    return result
