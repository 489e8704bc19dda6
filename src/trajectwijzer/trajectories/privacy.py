"""Personal data of trajectories: the person's enrolments, their study plans (every
version), the plan versions they made for others, and the groups they teach."""

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

from .models import CalendarFeed, Enrolment, Group, PersonaDecision, StudyPlanVersion


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
        PersonalData(
            "trajectories.StudyPlanVersion",
            ("created_by",),
            _(
                "Your study plans (every version: hours a week, start moment, modules per "
                "term, completion date) and the plan versions you made as a coach."
            ),
        ),
        PersonalData(
            "trajectories.PersonaDecision",
            ("decided_by",),
            _(
                "Your persona per enrolment (the two intake answers, every correction with "
                "its reason) and the persona decisions you made as a coach or staff member."
            ),
        ),
        PersonalData(
            "trajectories.CalendarFeed",
            ("learner",),
            _("When you made your secret calendar link (the link itself is not kept)."),
        ),
    )
    sections = {
        "enrolments": Section(_("Enrolments"), "trajectories.Enrolment"),
        "groups_taught": Section(_("Groups you teach"), "trajectories.Group"),
        "study_plans": Section(_("Study plans"), "trajectories.StudyPlanVersion"),
        "calendar_feed": Section(_("Calendar link"), "trajectories.CalendarFeed"),
        "plan_versions_made": Section(
            _("Plan versions you made for others"), "trajectories.StudyPlanVersion"
        ),
        "personas": Section(_("Personas"), "trajectories.PersonaDecision"),
        "persona_decisions_made": Section(
            _("Persona decisions you made for others"), "trajectories.PersonaDecision"
        ),
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
            "study_plans": rows(
                StudyPlanVersion.objects.filter(plan__enrolment__learner=person).order_by(
                    "plan", "number"
                ),
                "plan__enrolment__programme__title",
                "number",
                "change",
                "created_at",
                "hours_per_week",
                "start",
                "placements",
                "completion_date",
                "result",
            ),
            "calendar_feed": rows(CalendarFeed.objects.filter(learner=person), "created_at"),
            "plan_versions_made": rows(
                StudyPlanVersion.objects.filter(created_by=person)
                .exclude(plan__enrolment__learner=person)
                .order_by("created_at"),
                "plan__enrolment__programme__title",
                "number",
                "change",
                "created_at",
            ),
            "personas": rows(
                PersonaDecision.objects.filter(enrolment__learner=person).order_by(
                    "enrolment", "number"
                ),
                "enrolment__programme__title",
                "number",
                "change",
                "work_related",
                "own_organisation",
                "persona",
                "reason",
                "decided_at",
            ),
            "persona_decisions_made": rows(
                PersonaDecision.objects.filter(decided_by=person)
                .exclude(enrolment__learner=person)
                .order_by("decided_at"),
                "enrolment__programme__title",
                "number",
                "change",
                "persona",
                "decided_at",
            ),
        }

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        erasure.delete(
            "trajectories.CalendarFeed",
            CalendarFeed.objects.filter(learner=person),
            _("The person's calendar link stops working."),
        )
        erasure.delete(
            "trajectories.StudyPlanVersion",
            StudyPlanVersion.objects.filter(plan__enrolment__learner=person),
            _("The person's study plans, every version."),
        )
        erasure.update(
            "trajectories.StudyPlanVersion.created_by",
            StudyPlanVersion.objects.filter(created_by=person).exclude(
                plan__enrolment__learner=person
            ),
            {"created_by": None},
            Outcome.ANONYMISED,
            _("Plan versions the person made for others stay, without their name."),
        )
        erasure.delete(
            "trajectories.PersonaDecision",
            PersonaDecision.objects.filter(enrolment__learner=person),
            _("The person's personas, every decision."),
        )
        erasure.update(
            "trajectories.PersonaDecision.decided_by",
            PersonaDecision.objects.filter(decided_by=person).exclude(enrolment__learner=person),
            {"decided_by": None},
            Outcome.ANONYMISED,
            _("Persona decisions the person made for others stay, without their name."),
        )
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
