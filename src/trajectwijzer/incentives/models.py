"""A person's answers to the incentives questions, kept so they need not answer twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSituation(models.Model):
    """The situation (input contract of docs/incentives.md) a logged-in person saved.

    Personal data: only the person themselves reads it; the product gives nobody else
    access to it (no consent scope covers it).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="incentive_situation"
    )
    answers = models.JSONField(_("answers"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("saved incentives situation")
        verbose_name_plural = _("saved incentives situations")

    def __str__(self) -> str:
        return f"{self.user}: {len(self.answers)} answered groups"
