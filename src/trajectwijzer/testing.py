"""Builders for tests: realistic people and organisations made the way users make them.

Every app's tests import from here so that fixtures stay in one place.
"""

from __future__ import annotations

import itertools

from django.utils import timezone
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


def make_programme(provider_organisation: Organisation | None = None, **fields):
    """A published programme of a provider run by ``provider_organisation`` (made if None)."""
    from trajectwijzer.catalogue.models import Programme, Provider

    organisation = provider_organisation or make_organisation(OrganisationKind.PROVIDER)
    provider = Provider.objects.filter(organisation=organisation).first()
    if provider is None:
        provider = Provider.objects.create(
            organisation=organisation,
            slug=f"{organisation.slug}-provider",
            name=organisation.name,
            kind="hogeschool",
        )
    number = next(_counter)
    values = {
        "external_id": f"P-{number}",
        "provider": provider,
        "title": f"Programme {number}",
        "kind": "graduaat",
        "study_area": "Bedrijfsmanagement",
    }
    values.update(fields)
    return Programme.objects.create(**values)


def make_group(programme=None, *, teachers=(), academic_year: str | None = None, **fields):
    """A class group of ``programme`` (made if None) taught by ``teachers``.

    The academic year defaults to the one of today's date, which the suite's clock fixes
    (the ``fixed_clock`` fixture in the root conftest.py).
    """
    from trajectwijzer.trajectories.models import Group, academic_year_of

    academic_year = academic_year or academic_year_of(timezone.localdate())
    programme = programme or make_programme()
    group = Group.objects.create(
        programme=programme,
        name=fields.pop("name", f"Group {next(_counter)}"),
        academic_year=academic_year,
        **fields,
    )
    group.teachers.set(teachers)
    return group


def enrol(learner: User, programme=None, *, group=None, workplace=None, **fields):
    """Enrol ``learner`` (through the service, so its validation applies)."""
    from trajectwijzer.trajectories import services

    if programme is None:
        programme = group.programme if group is not None else make_programme()
    return services.enrol(learner, programme, group=group, workplace=workplace, **fields)
