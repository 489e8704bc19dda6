"""Who may see a class group and a learner's study plan (registered at start-up)."""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import ConsentScope, LinkKind, Role, User
from trajectwijzer.accounts.policy import (
    OFFER_MAINTAINER_ROLES,
    consented_scopes,
    is_platform_admin,
    is_signed_in,
    link_kinds_between,
    organisations_with_role,
    register_rules,
    taught_group_ids,
)

VIEW_GROUP = "trajectories.view_group"  # obj: Group (who is in it; group figures)
VIEW_STUDY_PLAN = "trajectories.view_study_plan"  # obj: Enrolment (its plan, what-if)
CHANGE_STUDY_PLAN = "trajectories.change_study_plan"  # obj: Enrolment (propose, adjust)
VIEW_PERSONA = "trajectories.view_persona"  # obj: Enrolment (its persona and why)
SET_PERSONA = "trajectories.set_persona"  # obj: Enrolment (decide at intake)
CORRECT_PERSONA = "trajectories.correct_persona"  # obj: Enrolment (coach, with a reason)
DOWNLOAD_CALENDAR = "trajectories.download_calendar"  # obj: learner (their .ics)
MANAGE_CALENDAR_FEED = "trajectories.manage_calendar_feed"  # obj: learner (the secret link)


def view_group(user: User, group: Any) -> bool:
    """Teachers of the group, and the coaches and offer maintainers of its provider."""
    if not is_signed_in(user):
        return False
    if is_platform_admin(user) or group.pk in taught_group_ids(user):
        return True
    provider_organisation = group.programme.provider.organisation_id
    if provider_organisation is None:
        return False
    return provider_organisation in organisations_with_role(
        user, Role.COACH, *OFFER_MAINTAINER_ROLES
    )


def _provider_staff(user: User, enrolment: Any, *roles: str) -> bool:
    organisation = enrolment.programme.provider.organisation_id
    return organisation is not None and organisation in organisations_with_role(user, *roles)


def view_study_plan(user: User, enrolment: Any) -> bool:
    """The learner, their linked coach, the offer maintainers of the programme's provider,
    and the employer's HR with the learner's consent for plans (issue #11). A coach of
    the provider who is not linked to the learner does not see it (as everywhere)."""
    if not is_signed_in(user) or not user.is_active:
        return False
    if user.pk == enrolment.learner_id:
        return True
    if _provider_staff(user, enrolment, *OFFER_MAINTAINER_ROLES):
        return True
    kinds = link_kinds_between(user, enrolment.learner)
    if LinkKind.COACH in kinds:
        return True
    return LinkKind.EMPLOYER in kinds and ConsentScope.PLANS in consented_scopes(
        enrolment.learner, user
    )


def change_study_plan(user: User, enrolment: Any) -> bool:
    """The learner with their coach: the learner or their linked coach."""
    if not is_signed_in(user) or not user.is_active:
        return False
    if user.pk == enrolment.learner_id:
        return True
    return LinkKind.COACH in link_kinds_between(user, enrolment.learner)


def view_persona(user: User, enrolment: Any) -> bool:
    """The learner, their linked coach and the offer maintainers of the provider."""
    if not is_signed_in(user) or not user.is_active:
        return False
    if user.pk == enrolment.learner_id:
        return True
    return set_persona(user, enrolment)


def set_persona(user: User, enrolment: Any) -> bool:
    """At intake: the learner's linked coach and the provider's staff (offer maintainers)."""
    if not is_signed_in(user) or not user.is_active:
        return False
    if _provider_staff(user, enrolment, *OFFER_MAINTAINER_ROLES):
        return True
    return LinkKind.COACH in link_kinds_between(user, enrolment.learner)


def correct_persona(user: User, enrolment: Any) -> bool:
    """Afterwards only the learner's linked coach corrects it (with a reason)."""
    if not is_signed_in(user) or not user.is_active:
        return False
    return LinkKind.COACH in link_kinds_between(user, enrolment.learner)


def download_calendar(user: User, learner: Any) -> bool:
    """The learner's calendar (.ics): the learner and their linked coach."""
    if not is_signed_in(user) or not user.is_active:
        return False
    if user.pk == learner.pk:
        return True
    return LinkKind.COACH in link_kinds_between(user, learner)


def manage_calendar_feed(user: User, learner: Any) -> bool:
    """The secret feed URL is the learner's own: only they make a new one."""
    return is_signed_in(user) and user.is_active and user.pk == learner.pk


register_rules(
    {
        VIEW_GROUP: view_group,
        VIEW_STUDY_PLAN: view_study_plan,
        CHANGE_STUDY_PLAN: change_study_plan,
        VIEW_PERSONA: view_persona,
        SET_PERSONA: set_persona,
        CORRECT_PERSONA: correct_persona,
        DOWNLOAD_CALENDAR: download_calendar,
        MANAGE_CALENDAR_FEED: manage_calendar_feed,
    }
)
