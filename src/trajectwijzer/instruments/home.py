"""Home-page tasks for the instruments, per role (listed by web/queries.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts.models import Role
from trajectwijzer.web.queries import Task

FILL_IN = Task(
    _("Questionnaires and scans"),
    _("Fill in the motivatiescan or another scan at your own pace and read your report."),
    "instruments:index",
)
FOLLOW_UP = Task(
    _("Questionnaire results"),
    _("Your learners' scan results and signals, and group results of five or more."),
    "instruments:index",
)
STAFF_SCAN = Task(
    _("Self-scan and group results"),
    _("Check how well your teaching fits working students and see group results."),
    "instruments:index",
)
WORKPLACE_SCAN = Task(
    _("Leerscan and inclusiveness quickscan"),
    _("How much can working students learn at your workplace?"),
    "instruments:index",
)

TASKS = {
    Role.LEARNER: FILL_IN,
    Role.COACH: FOLLOW_UP,
    Role.TEACHER: STAFF_SCAN,
    Role.MENTOR: WORKPLACE_SCAN,
    Role.EMPLOYER_HR: WORKPLACE_SCAN,
    Role.PROVIDER_ADMIN: FOLLOW_UP,
}
