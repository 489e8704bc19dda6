"""Motivation barometer (issue #5); registered with accounts.policy at start-up.

Individual barometer entries are personal data of scope "instruments". Stricter than
VIEW_PERSONAL_DATA: only the learner and their trajectory coach read them without
consent; every other linked person (teacher, workplace mentor, employer, referrer)
needs the learner's active consent for that scope. Cohort patterns follow VIEW_GROUP
and are shown only for groups of at least barometer.queries.MIN_GROUP_SIZE learners.
"""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import ConsentScope, LinkKind, Role, User
from trajectwijzer.accounts.policy import (
    OFFER_MAINTAINER_ROLES,
    consented_scopes,
    has_role,
    is_platform_admin,
    is_signed_in,
    link_kinds_between,
    organisations_with_role,
    register_rules,
)
from trajectwijzer.trajectories.rules import view_group

RECORD_MOTIVATION = "barometer.record"  # obj: None (the acting learner records their own)
VIEW_BAROMETER_ENTRIES = "barometer.view_entries"  # obj: learner User
VIEW_BAROMETER_COHORT = "barometer.view_cohort"  # obj: Group
MANAGE_BAROMETER_MOMENTS = "barometer.manage_moments"  # obj: Group
LIST_BAROMETER_GROUPS = "barometer.list_groups"  # obj: None


def _rule_record_motivation(user: User, obj: Any) -> bool:
    return has_role(user, Role.LEARNER)


def _rule_view_barometer_entries(user: User, learner: User) -> bool:
    if not is_signed_in(user):
        return False
    if user.pk == learner.pk:
        return True
    kinds = link_kinds_between(user, learner)
    if LinkKind.COACH in kinds:
        return True
    return bool(kinds) and ConsentScope.INSTRUMENTS in consented_scopes(learner, user)


def _rule_manage_barometer_moments(user: User, group: Any) -> bool:
    """Coaches and offer maintainers of the group's provider (not its teachers)."""
    if not is_signed_in(user):
        return False
    if is_platform_admin(user):
        return True
    provider_organisation = group.programme.provider.organisation_id
    return provider_organisation is not None and provider_organisation in (
        organisations_with_role(user, Role.COACH, *OFFER_MAINTAINER_ROLES)
    )


def _rule_list_barometer_groups(user: User, obj: Any) -> bool:
    return is_platform_admin(user) or has_role(
        user, Role.COACH, Role.TEACHER, *OFFER_MAINTAINER_ROLES
    )


register_rules(
    {
        RECORD_MOTIVATION: _rule_record_motivation,
        VIEW_BAROMETER_ENTRIES: _rule_view_barometer_entries,
        VIEW_BAROMETER_COHORT: view_group,
        MANAGE_BAROMETER_MOMENTS: _rule_manage_barometer_moments,
        LIST_BAROMETER_GROUPS: _rule_list_barometer_groups,
    }
)
