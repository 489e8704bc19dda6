"""Builders for tests: realistic people and organisations made the way users make them.

Every app's tests import from here so that fixtures stay in one place.
"""

from __future__ import annotations

import itertools

from django.utils.text import slugify

from trajectwijzer.accounts.models import (
    LearnerLink,
    LinkKind,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)

_counter = itertools.count(1)

PASSWORD = "Correct-Horse-Battery-9"


def make_organisation(
    kind: str = OrganisationKind.PROVIDER, name: str | None = None, **extra
) -> Organisation:
    name = name or f"{kind.title()} {next(_counter)}"
    return Organisation.objects.create(
        name=name, slug=f"{slugify(name)}-{next(_counter)}", kind=kind, **extra
    )


def make_user(
    email: str | None = None, *, full_name: str = "Test Person", password: str = PASSWORD, **extra
) -> User:
    email = email or f"person{next(_counter)}@example.org"
    return User.objects.create_user(email=email, password=password, full_name=full_name, **extra)


def make_member(
    role: str,
    organisation: Organisation | None = None,
    *,
    is_admin: bool = False,
    email: str | None = None,
    **user_extra,
) -> User:
    """A person with an active membership of ``role`` at ``organisation``."""
    if organisation is None:
        kind = next(
            (k for k, roles in _ROLE_HOME.items() if role in roles), OrganisationKind.PROVIDER
        )
        organisation = make_organisation(kind)
    user = make_user(email, **user_extra)
    Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        is_admin=is_admin,
        status=MembershipStatus.ACTIVE,
    )
    return user


_ROLE_HOME = {
    OrganisationKind.EMPLOYER: {Role.EMPLOYER_HR, Role.MENTOR},
    OrganisationKind.SECTOR: {Role.SECTOR_ADMIN},
    OrganisationKind.REFERRER: {Role.REFERRER},
    OrganisationKind.PLATFORM: {Role.PLATFORM_ADMIN},
    OrganisationKind.PROVIDER: {Role.LEARNER, Role.COACH, Role.TEACHER, Role.PROVIDER_ADMIN},
}


def link(
    learner: User,
    kind: str,
    *,
    person: User | None = None,
    organisation: Organisation | None = None,
) -> LearnerLink:
    if kind == LinkKind.EMPLOYER and organisation is None:
        raise ValueError("An employer link names the employing organisation.")
    return LearnerLink.objects.create(
        learner=learner, kind=kind, person=person, organisation=organisation
    )
