"""What the barometer adds to the start page: a task and a notice per due moment.

The texts live here (and so in this app's translation catalogue); ``web.queries``
turns the task into its ``Task`` and calls ``notices`` for the start page.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts import policy

from . import rules

MY_MOTIVATION = {
    "title": _("My motivation"),
    "description": _("Record how motivated you are in a few seconds, and see your curve."),
    "url_name": "barometer:record",
    "requires": rules.RECORD_MOTIVATION,
}
GROUP_BAROMETER = {
    "title": _("Motivation of groups"),
    "description": _("Anonymous motivation patterns of your groups, and their barometer moments."),
    "url_name": "barometer:groups",
    "requires": rules.LIST_BAROMETER_GROUPS,
}


def notices(user) -> list:
    """A notice on the learner's start page for each barometer moment due (no pop-up)."""
    from trajectwijzer.web.queries import Notice

    from .services import due_moments

    if not policy.can(user, rules.RECORD_MOTIVATION):
        return []
    return [
        Notice(
            gettext('Your programme asks how you are doing: "%(moment)s" (%(date)s).')
            % {"moment": moment.title, "date": moment.date.strftime("%d-%m-%Y")},
            reverse("barometer:record"),
            gettext("Record your motivation"),
        )
        for moment in due_moments(user)
    ]
