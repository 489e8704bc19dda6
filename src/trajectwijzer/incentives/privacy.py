"""Personal data of incentives: the situation a person saved.

The report e-mail limits live in the person's session, which accounts erases.
"""

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

from .models import SavedSituation


class IncentivesProvider(Provider):
    app_label = "incentives"
    personal_data = (
        PersonalData(
            "incentives.SavedSituation",
            ("user", "answers"),
            _("Your answers to the incentives questions (work, education, situation)."),
        ),
    )
    sections = {"saved_situation": Section(_("Saved situation"), "incentives.SavedSituation")}

    def export(self, person) -> dict:
        return {
            "saved_situation": rows(
                SavedSituation.objects.filter(user=person), "answers", "updated_at"
            )
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        erasure.delete(
            "incentives.SavedSituation",
            SavedSituation.objects.filter(user=person),
            _("The person's answers."),
        )
        return erasure.lines


register(IncentivesProvider())
