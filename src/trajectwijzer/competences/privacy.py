"""Personal data of competences: assessments about the person (by anyone, with their
evidence files) and the assessments the person recorded about others."""

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

from .models import Assessment, LatestAssessment


class CompetencesProvider(Provider):
    app_label = "competences"
    # Before trajectories: an assessment hangs off the learner's enrolment.
    erase_order = 40
    personal_data = (
        PersonalData(
            "competences.Assessment",
            ("learner", "assessor", "comment", "evidence_file", "evidence_url"),
            _(
                "Competence assessments about you (yours, your teacher's, your mentor's) with "
                "their evidence, and the assessments you recorded about others."
            ),
        ),
        PersonalData(
            "competences.LatestAssessment",
            ("learner",),
            _("An index of your latest assessment per indicator and role."),
        ),
    )
    sections = {
        "assessments_about_you": Section(_("Assessments about you"), "competences.Assessment"),
        "assessments_by_you": Section(_("Assessments you recorded"), "competences.Assessment"),
    }

    def export(self, person) -> dict:
        return {
            "assessments_about_you": rows(
                Assessment.objects.filter(learner=person).order_by("observed_on", "pk"),
                "observed_on",
                "indicator__code",
                "indicator__title",
                "role",
                "assessor__full_name",
                "level__rank",
                "level__title",
                "comment",
                "evidence_file",
                "evidence_url",
                "recorded_at",
            ),
            # Who was assessed is the other learner's data; the person's own act is exported.
            "assessments_by_you": rows(
                Assessment.objects.filter(assessor=person).exclude(learner=person),
                "observed_on",
                "indicator__code",
                "role",
                "level__rank",
                "comment",
                "recorded_at",
            ),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        erasure.delete(
            "competences.LatestAssessment",
            LatestAssessment.objects.filter(learner=person),
            _("Derived from the assessments about the person."),
        )
        erasure.delete(
            "competences.Assessment",
            Assessment.objects.filter(learner=person),
            _("About the person, by anyone; their evidence files too."),
        )
        erasure.keep(
            "competences.Assessment",
            Assessment.objects.filter(assessor=person).exclude(learner=person),
            _(
                "Recorded by the person about other learners, who rely on them; the assessor "
                "is anonymised."
            ),
        )
        return erasure.lines

    def files(self, person) -> list[str]:
        return list(
            Assessment.objects.filter(learner=person)
            .exclude(evidence_file="")
            .values_list("evidence_file", flat=True)
        )


register(CompetencesProvider())
