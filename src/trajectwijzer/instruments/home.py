"""Home-page tasks of the instruments: (title, description, url name), used by
web/queries.py. The texts live here so they are translated in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FILL_IN = (
    _("Questionnaires and scans"),
    _("Fill in the motivatiescan or another scan at your own pace and read your report."),
    "instruments:index",
)
FOLLOW_UP = (
    _("Questionnaire results"),
    _("Your learners' scan results and signals, and group results of five or more."),
    "instruments:index",
)
STAFF_SCAN = (
    _("Self-scan and group results"),
    _("Check how well your teaching fits working students and see group results."),
    "instruments:index",
)
WORKPLACE_SCAN = (
    _("Leerscan and inclusiveness quickscan"),
    _("How much can working students learn at your workplace?"),
    "instruments:index",
)
