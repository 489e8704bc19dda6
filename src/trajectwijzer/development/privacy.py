"""Personal data of development: the person's rows in employers' competence matrices
with their observed levels and development plans, and what they recorded about others."""

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

from .models import DevelopmentPlan, LevelObservation, MatrixRow, PlanAction, PlanGoal

KEPT_FOR_OTHERS = _(
    "Recorded by the person about another employee, who relies on it; the author is anonymised."
)


class DevelopmentProvider(Provider):
    app_label = "development"
    personal_data = (
        PersonalData(
            "development.MatrixRow",
            ("employee",),
            _("Your place in your employer's competence matrix: job role and team."),
        ),
        PersonalData(
            "development.LevelObservation",
            ("observed_by", "note"),
            _("Observed levels of your competences, and the observations you made."),
        ),
        PersonalData(
            "development.DevelopmentPlan",
            ("drafted_by", "updated_by", "note"),
            _("Your development plans, and the plans you drafted or changed."),
        ),
        PersonalData(
            "development.PlanGoal", ("description",), _("The goals in your development plans.")
        ),
        PersonalData(
            "development.PlanAction",
            ("description",),
            _("The actions planned for those goals."),
        ),
    )
    sections = {
        "matrix_rows": Section(_("Competence matrices"), "development.MatrixRow"),
        "observations": Section(_("Observed levels"), "development.LevelObservation"),
        "plans": Section(_("Development plans"), "development.DevelopmentPlan"),
        "goals": Section(_("Goals"), "development.PlanGoal"),
        "actions": Section(_("Actions"), "development.PlanAction"),
        "observations_by_you": Section(
            _("Observations you recorded"), "development.LevelObservation"
        ),
    }

    def export(self, person) -> dict:
        own_rows = MatrixRow.objects.filter(employee=person)
        return {
            "matrix_rows": rows(
                own_rows,
                "matrix__title",
                "matrix__organisation__name",
                "job_role__title",
                "team__name",
                "added_at",
            ),
            "observations": rows(
                LevelObservation.objects.filter(row__in=own_rows),
                "row__matrix__title",
                "competence__code",
                "level",
                "observed_on",
                "observed_by__full_name",
                "note",
            ),
            "plans": rows(
                DevelopmentPlan.objects.filter(row__in=own_rows),
                "title",
                "status",
                "note",
                "created_at",
                "updated_at",
            ),
            "goals": rows(
                PlanGoal.objects.filter(plan__row__in=own_rows),
                "plan__title",
                "competence__code",
                "target_level",
                "target_date",
                "status",
                "description",
            ),
            "actions": rows(
                PlanAction.objects.filter(goal__plan__row__in=own_rows),
                "goal__plan__title",
                "kind",
                "programme__title",
                "module__title",
                "description",
                "target_date",
                "status",
            ),
            "observations_by_you": rows(
                LevelObservation.objects.filter(observed_by=person).exclude(row__in=own_rows),
                "competence__code",
                "level",
                "observed_on",
                "note",
            ),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        own_rows = MatrixRow.objects.filter(employee=person)
        about = _("About the person.")
        # Children first, so each model's count is its own.
        erasure.delete(
            "development.PlanAction",
            PlanAction.objects.filter(goal__plan__row__in=own_rows),
            about,
        )
        erasure.delete(
            "development.PlanGoal", PlanGoal.objects.filter(plan__row__in=own_rows), about
        )
        erasure.delete(
            "development.DevelopmentPlan", DevelopmentPlan.objects.filter(row__in=own_rows), about
        )
        erasure.delete(
            "development.LevelObservation",
            LevelObservation.objects.filter(row__in=own_rows),
            about,
        )
        erasure.delete("development.MatrixRow", own_rows, about)
        erasure.keep(
            "development.LevelObservation",
            LevelObservation.objects.filter(observed_by=person).exclude(row__employee=person),
            KEPT_FOR_OTHERS,
        )
        erasure.keep(
            "development.DevelopmentPlan",
            DevelopmentPlan.objects.filter(Q(drafted_by=person) | Q(updated_by=person)).exclude(
                row__employee=person
            ),
            KEPT_FOR_OTHERS,
        )
        return erasure.lines


register(DevelopmentProvider())
