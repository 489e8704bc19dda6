"""Who may read and maintain the catalogue (registered with accounts.policy at start-up)."""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import Organisation, User
from trajectwijzer.accounts.policy import (
    is_platform_admin,
    offer_maintainer_organisations,
    register_rules,
)

VIEW_CATALOGUE = "catalogue.view"
CREATE_PROGRAMME = "catalogue.create_programme"  # obj: Provider
CHANGE_PROGRAMME = "catalogue.change_programme"  # obj: Programme
IMPORT_PROGRAMMES = "catalogue.import_programmes"  # obj: Provider or None (all providers)
MANAGE_PROGRAMMES = "catalogue.manage_programmes"  # obj: None (maintains some provider's offer)
EXPORT_PROGRAMMES = "catalogue.export_programmes"  # obj: Provider or None


def _maintains_offer_of(user: User, provider: Any) -> bool:
    if provider is None or provider.organisation_id is None:
        return False
    return provider.organisation_id in offer_maintainer_organisations(user)


def _rule_view_catalogue(user: User, obj: Any) -> bool:
    return True  # the catalogue is public


def _rule_create_programme(user: User, provider: Any) -> bool:
    return is_platform_admin(user) or _maintains_offer_of(user, provider)


def _rule_change_programme(user: User, programme: Any) -> bool:
    return is_platform_admin(user) or _maintains_offer_of(user, programme.provider)


def _rule_import_programmes(user: User, provider: Any) -> bool:
    if is_platform_admin(user):
        return True
    return provider is not None and _maintains_offer_of(user, provider)


def _rule_manage_programmes(user: User, obj: Any) -> bool:
    if is_platform_admin(user):
        return True
    organisations = offer_maintainer_organisations(user)
    return bool(organisations) and (
        Organisation.objects.filter(pk__in=organisations, provider__isnull=False).exists()
    )


register_rules(
    {
        VIEW_CATALOGUE: _rule_view_catalogue,
        CREATE_PROGRAMME: _rule_create_programme,
        CHANGE_PROGRAMME: _rule_change_programme,
        IMPORT_PROGRAMMES: _rule_import_programmes,
        MANAGE_PROGRAMMES: _rule_manage_programmes,
        EXPORT_PROGRAMMES: _rule_view_catalogue,
    }
)
