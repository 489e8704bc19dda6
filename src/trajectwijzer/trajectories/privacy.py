"""Personal data of trajectories: the person's enrolments and the groups they teach."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trajectwijzer.privacy.registry import (
    Erasure,
    ErasureLine,
    Outcome,
    PersonalData,
    Provider,
    Section,
    register,
    rows,
)

from .models import Enrolment, Group


class TrajectoriesProvider(Provider):
    app_label = "trajectories"
    # After the apps whose records hang off an enrolment (competence assessments).
    erase_order = 80
    personal_data = (
        PersonalData(
            "trajectories.Enrolment",
            ("learner",),
            _("The programmes you follow or followed, in which group and at which workplace."),
        ),
        PersonalData(
            "trajectories.Group",
            ("teachers",),
            _("The class groups you teach."),
        ),
    )
    sections = {
        "enrolments": Section(_("Enrolments"), "trajectories.Enrolment"),
        "groups_taught": Section(_("Groups you teach"), "trajectories.Group"),
    }

    def export(self, person) -> dict:
        return {
            "enrolments": rows(
                Enrolment.objects.filter(learner=person),
                "programme__title",
                "group__name",
                "group__academic_year",
                "workplace__name",
                "started_on",
                "ended_on",
            ),
            "groups_taught": rows(
                Group.objects.filter(teachers=person), "name", "academic_year", "programme__title"
            ),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        erasure.delete(
            "trajectories.Enrolment",
            Enrolment.objects.filter(learner=person),
            _("The person's trajectories."),
        )
        taught = Group.teachers.through.objects.filter(user=person)
        erasure.run(
            "trajectories.Group.teachers",
            taught.count(),
            Outcome.DELETED,
            _("The person no longer teaches the groups; the groups stay."),
            lambda: person.taught_groups.clear(),
        )
        return erasure.lines


register(TrajectoriesProvider())
