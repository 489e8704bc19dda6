"""Personal data of instruments: responses the person gave or that are about them,
with their answers and scores, and workshop requests."""

from __future__ import annotations

from django.db.models import Q
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

from .models import Response, WorkshopRequest


class InstrumentsProvider(Provider):
    app_label = "instruments"
    personal_data = (
        PersonalData(
            "instruments.Response",
            ("respondent", "subject", "answers", "scores"),
            _("Your answers to scans and questionnaires, with their scores and feedback."),
        ),
        PersonalData(
            "instruments.WorkshopRequest",
            ("requested_by", "topic", "message"),
            _("Workshops you asked for after a self-scan."),
        ),
    )
    sections = {
        "responses": Section(_("Scans and questionnaires"), "instruments.Response"),
        "workshop_requests": Section(_("Workshop requests"), "instruments.WorkshopRequest"),
    }

    @staticmethod
    def _responses(person):
        return Response.objects.filter(Q(respondent=person) | Q(subject=person))

    def export(self, person) -> dict:
        return {
            "responses": rows(
                self._responses(person).order_by("started_at", "pk"),
                "version__instrument",
                "version__version",
                "moment",
                "status",
                "answers",
                "scores",
                "feedback",
                "started_at",
                "submitted_at",
            ),
            "workshop_requests": rows(
                WorkshopRequest.objects.filter(requested_by=person),
                "topic",
                "message",
                "organisation__name",
                "requested_at",
            ),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        responses = self._responses(person)
        erasure.delete(
            "instruments.WorkshopRequest",
            WorkshopRequest.objects.filter(Q(requested_by=person) | Q(response__in=responses)),
            _("Asked by the person, or following their answers."),
        )
        erasure.delete(
            "instruments.Response",
            responses,
            _("The person's answers; group figures are recomputed without them."),
        )
        return erasure.lines


register(InstrumentsProvider())
