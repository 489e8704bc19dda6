"""The sentences a coach reads for the barometer's signals (see caseload.services)."""

from django.utils.translation import gettext_lazy as _

from trajectwijzer.caseload.services import register_signal_text

LOW_SCORE = "barometer.low_score"
DROP = "barometer.drop"
MISSED_MOMENT = "barometer.missed_moment"

register_signal_text(LOW_SCORE, _("Recorded a low motivation: {score} out of 5 on {date}."))
register_signal_text(DROP, _("Motivation dropped from {previous} to {score} out of 5 on {date}."))
register_signal_text(
    MISSED_MOMENT,
    _("No motivation recorded within {days} days after the moment '{moment}' of {date}."),
)
