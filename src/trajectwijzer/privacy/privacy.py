"""Personal data of the privacy app itself: the person's erasure requests; and the
background tasks' stored arguments, which no app owns (an e-mail waiting to be sent to
the person holds their address and what the e-mail carries)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import TextField
from django.db.models.functions import Cast
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

    @staticmethod
    def _tasks_naming(person):
        """Background tasks whose stored arguments hold the person's e-mail address (the
        incentives report e-mail names its recipient; other tasks pass only ids)."""
        if not apps.is_installed("django_tasks_db"):
            return None
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.annotate(arguments=Cast("args_kwargs", TextField())).filter(
            arguments__icontains=person.email
        )

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
        tasks = self._tasks_naming(person)
        if tasks is not None:
            erasure.delete(
                "django_tasks_database.DBTaskResult",
                tasks,
                _("E-mails queued or sent to the person, with what they carried."),
            )
        return erasure.lines


register(PrivacyProvider())
