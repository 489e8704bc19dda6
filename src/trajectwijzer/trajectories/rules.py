"""Who may see a class group (registered with accounts.policy at start-up)."""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import Role, User
from trajectwijzer.accounts.policy import (
    OFFER_MAINTAINER_ROLES,
    is_platform_admin,
    is_signed_in,
    organisations_with_role,
    register_rules,
    taught_group_ids,
)

VIEW_GROUP = "trajectories.view_group"  # obj: Group (who is in it; group figures)


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


register_rules({VIEW_GROUP: view_group})
