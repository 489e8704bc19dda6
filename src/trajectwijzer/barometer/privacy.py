"""Personal data of the motivation barometer: a learner's scores and reminders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trajectwijzer.privacy.registry import (
    Erasure,
    ErasureLine,
    PersonalData,
    Provider,
    Section,
    register,
    rows,
)

from .models import Entry, Reminder


class BarometerProvider(Provider):
    app_label = "barometer"
    personal_data = (
        PersonalData(
            "barometer.Entry",
            ("learner", "score", "note"),
            _("Your motivation scores and the notes with them."),
        ),
        PersonalData(
            "barometer.Reminder", ("learner",), _("When you were reminded to record your score.")
        ),
    )
    sections = {
        "entries": Section(_("Motivation scores"), "barometer.Entry"),
        "reminders": Section(_("Reminders"), "barometer.Reminder"),
    }

    def export(self, person) -> dict:
        return {
            "entries": rows(Entry.objects.filter(learner=person), "recorded_at", "score", "note"),
            "reminders": rows(
                Reminder.objects.filter(learner=person), "sent_at", "moment__kind", "moment__date"
            ),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        erasure.delete(
            "barometer.Entry", Entry.objects.filter(learner=person), _("About the person.")
        )
        erasure.delete(
            "barometer.Reminder", Reminder.objects.filter(learner=person), _("About the person.")
        )
        return erasure.lines


register(BarometerProvider())
