"""The sentences a coach reads for the barometer's signals (see caseload.services)."""

from django.utils.translation import gettext_lazy as _

from trajectwijzer.caseload.services import register_activity_source, register_signal_text

LOW_SCORE = "barometer.low_score"
DROP = "barometer.drop"
MISSED_MOMENT = "barometer.missed_moment"

register_signal_text(LOW_SCORE, _("Recorded a low motivation: {score} out of 5 on {date}."))
register_signal_text(DROP, _("Motivation dropped from {previous} to {score} out of 5 on {date}."))


def _missed_moment_values(details: dict) -> dict:
    """The moment's kind in the reader's language (stored as its code)."""
    from .models import MomentKind

    kind = details.get("kind")
    if kind in MomentKind.values:
        name = str(MomentKind(kind).label)
        label = details.get("label")
        return {**details, "moment": f"{name} — {label}" if label else name}
    return details


register_signal_text(
    MISSED_MOMENT,
    _("No motivation recorded within {days} days after the moment '{moment}' of {date}."),
    values=_missed_moment_values,
)


def latest_entries(learner_ids) -> dict:
    """Each learner's latest barometer entry, as activity for the coach's caseload."""
    from django.db.models import Max

    from .models import Entry

    return {
        row["learner_id"]: row["last"]
        for row in Entry.objects.filter(learner_id__in=learner_ids)
        .values("learner_id")
        .annotate(last=Max("recorded_at"))
    }


register_activity_source(latest_entries)
