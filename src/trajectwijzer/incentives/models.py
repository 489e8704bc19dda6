"""A person's answers to the incentives questions, kept so they need not answer twice;
and the report e-mails sent, counted to limit them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
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


class ReportMail(models.Model):
    """One incentives report e-mailed from the wizard, kept only to limit sending.

    Counted in the database so that every web process sees the same counts. The
    recipient's and the client's addresses are stored as keyed hashes (HMAC with the
    SECRET_KEY): the table can count sends per address without holding the
    addresses of anonymous visitors. Rows older than a day are pruned on each send.
    """

    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    recipient_key = models.CharField(max_length=64, db_index=True)
    client_key = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("incentives report e-mail")
        verbose_name_plural = _("incentives report e-mails")

    def __str__(self) -> str:
        return f"report e-mail at {self.sent_at:%Y-%m-%d %H:%M}"
