"""Reads of study plans, shared by pages, API and CLI; every read goes through
``accounts.access`` (checked, logged, 404 when not allowed)."""

from __future__ import annotations

from dataclasses import dataclass

from trajectwijzer.accounts.access import access_learner_record
from trajectwijzer.accounts.models import User

from . import rules
from .models import CalendarFeed, Enrolment, StudyPlan, StudyPlanVersion


@dataclass
class PlanView:
    enrolment: Enrolment
    plan: StudyPlan | None
    version: StudyPlanVersion | None


def enrolment_for_plan(
    viewer: User, enrolment_id: int, *, read: str | None = None, log: bool = True
) -> Enrolment:
    """The enrolment whose plan ``viewer`` may read (LearnerNotAccessible otherwise)."""
    enrolment = (
        Enrolment.objects.select_related("learner", "programme__provider")
        .filter(pk=enrolment_id)
        .first()
    )
    return access_learner_record(
        viewer,
        enrolment,
        rules.VIEW_STUDY_PLAN,
        learner=enrolment and enrolment.learner_id,
        read=read,
        log=log,
    )


def plan_of(
    viewer: User, enrolment_id: int, *, read: str | None = None, log: bool = True
) -> PlanView:
    """The enrolment's plan and its current version (None while no plan was made)."""
    enrolment = enrolment_for_plan(viewer, enrolment_id, read=read, log=log)
    plan = StudyPlan.objects.filter(enrolment=enrolment).first()
    version = (
        StudyPlanVersion.objects.select_related("created_by")
        .filter(plan=plan, number=plan.version)
        .first()
        if plan
        else None
    )
    return PlanView(enrolment, plan, version)


def versions_of(plan: StudyPlan) -> list[StudyPlanVersion]:
    return list(plan.versions.select_related("created_by").order_by("-number"))


def own_enrolments(learner: User) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(learner=learner).select_related("programme__provider", "group")
    )


@dataclass
class PersonaView:
    enrolment: Enrolment
    decisions: list  # every PersonaDecision, oldest first

    @property
    def current(self):
        return self.decisions[-1] if self.decisions else None


def persona_of(
    viewer: User, enrolment_id: int, *, read: str | None = None, log: bool = True
) -> PersonaView:
    """The enrolment's persona decisions (checked, logged; 404 when not allowed)."""
    from .models import PersonaDecision

    enrolment = (
        Enrolment.objects.select_related("learner", "programme__provider")
        .filter(pk=enrolment_id)
        .first()
    )
    enrolment = access_learner_record(
        viewer,
        enrolment,
        rules.VIEW_PERSONA,
        learner=enrolment and enrolment.learner_id,
        read=read,
        log=log,
    )
    decisions = list(
        PersonaDecision.objects.filter(enrolment=enrolment)
        .select_related("decided_by")
        .order_by("number")
    )
    return PersonaView(enrolment, decisions)


def persona_document(decision) -> dict:
    """One decision as the page, the API and the export show it."""
    from .persona import REDUCTION_ALLOWED, cell_for

    cell = cell_for(decision.work_related, decision.own_organisation)
    return {
        "number": decision.number,
        "change": decision.change,
        "persona": decision.persona,
        "persona_label": str(decision.get_persona_display()),
        "work_related": decision.work_related,
        "own_organisation": decision.own_organisation,
        "quicksheet_persona": str(cell.persona),
        "quicksheet_explanation": str(cell.explanation),
        "reason": decision.reason,
        "decided_by": decision.decided_by.full_name if decision.decided_by else None,
        "decided_at": decision.decided_at.isoformat(),
        "reduction_allowed": REDUCTION_ALLOWED[decision.persona],
    }


def own_calendar_feed(learner: User) -> CalendarFeed | None:
    """The learner's own feed record (when it was made; the token itself is not kept)."""
    return CalendarFeed.objects.filter(learner=learner).first()
