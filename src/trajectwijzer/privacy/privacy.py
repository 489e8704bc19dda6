"""Personal data of the privacy app itself: the person's erasure requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .models import ErasureRecord, ErasureRequest
from .registry import Erasure, ErasureLine, PersonalData, Provider, Section, register, rows


class PrivacyProvider(Provider):
    app_label = "privacy"
    erase_order = 90
    personal_data = (
        PersonalData(
            "privacy.ErasureRequest",
            ("requested_by", "carried_out_by"),
            _("Your requests to erase your data, and those you carried out as administrator."),
        ),
        PersonalData(
            "privacy.ErasureRecord",
            ("carried_out_by",),
            _("Erasures you carried out as administrator (they name nobody erased)."),
        ),
    )
    sections = {"erasure_requests": Section(_("Erasure requests"), "privacy.ErasureRequest")}

    def export(self, person) -> dict:
        return {
            "erasure_requests": rows(
                ErasureRequest.objects.filter(requested_by=person),
                "requested_at",
                "status",
                "carried_out_at",
            )
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        erasure.keep(
            "privacy.ErasureRequest",
            ErasureRequest.objects.filter(requested_by=person),
            _(
                "Proves the erasure was asked and carried out (GDPR art. 5(2)); it points to "
                "the anonymised account."
            ),
        )
        erasure.keep(
            "privacy.ErasureRecord",
            ErasureRecord.objects.filter(carried_out_by=person),
            _("Erasures the person carried out as administrator stay audited."),
        )
        return erasure.lines


register(PrivacyProvider())
