"""Erasure requests and the audit record of each erasure carried out.

An :class:`ErasureRecord` proves that an erasure happened without saying of whom:
dates, who carried it out, how it was asked, and how many rows of each model were
deleted, anonymised or kept. The request it answers points to the person's account,
which the erasure itself anonymised.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an administrator")
    CARRIED_OUT = "carried_out", _("Carried out")


class ErasureRequest(models.Model):
    """A person asks that their personal data be erased (GDPR art. 17)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked on"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    carried_out_at = models.DateTimeField(_("carried out on"), null=True, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by"],
                condition=Q(status="open"),
                name="erasurerequest_one_open_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class ErasureChannel(models.TextChoices):
    PAGE = "page", _("Administrator's page")
    COMMAND_LINE = "cli", _("Command line")


class ErasureRecord(models.Model):
    """That an erasure happened: no name, no e-mail address, only what and how many."""

    request = models.OneToOneField(
        ErasureRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="record",
        verbose_name=_("request"),
    )
    carried_out_at = models.DateTimeField(_("carried out on"), default=timezone.now)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
    )
    channel = models.CharField(_("through"), max_length=10, choices=ErasureChannel.choices)
    counts = models.JSONField(
        _("rows per model"),
        default=list,
        help_text=_("Per model: how many rows, and whether they were deleted, anonymised or kept."),
    )
    files_deleted = models.PositiveIntegerField(_("files deleted"), default=0)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-carried_out_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.carried_out_at:%Y-%m-%d %H:%M} ({self.get_channel_display()})"
