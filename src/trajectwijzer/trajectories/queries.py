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


def own_calendar_feed(learner: User) -> CalendarFeed | None:
    """The learner's own feed record (when it was made; the token itself is not kept)."""
    return CalendarFeed.objects.filter(learner=learner).first()
