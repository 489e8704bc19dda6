"""A small world around one learner, built as the platform builds it: organisations,
validated members of every role, and the links a learner has in practice."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import translation

from trajectwijzer.accounts.models import LinkKind, Organisation, OrganisationKind, Role, User
from trajectwijzer.testing import link, make_member, make_organisation


@pytest.fixture(autouse=True)
def english_interface(settings, client):
    """These tests read messages in English, the source language; that Dutch is the
    default and every message is translated is proven elsewhere (web tests, catalogues)."""
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@dataclass
class World:
    provider: Organisation
    employer: Organisation
    learner: User
    users_by_role: dict[str, User]

    def user(self, role: str) -> User:
        return self.users_by_role[role]


@pytest.fixture
def world(db) -> World:
    provider = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Oost")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Houtbouw Peeters")
    learner = make_member(Role.LEARNER, provider, full_name="Lien Learner")
    users_by_role = {
        Role.LEARNER: learner,
        Role.EMPLOYER_HR: make_member(Role.EMPLOYER_HR, employer, full_name="Hilde HR"),
        Role.MENTOR: make_member(Role.MENTOR, employer, full_name="Marc Mentor"),
        Role.COACH: make_member(Role.COACH, provider, full_name="Carla Coach"),
        Role.TEACHER: make_member(Role.TEACHER, provider, full_name="Tom Teacher"),
        Role.ASSESSOR: make_member(Role.ASSESSOR, provider, full_name="Ann Assessor"),
        Role.PROVIDER_ADMIN: make_member(Role.PROVIDER_ADMIN, provider, full_name="Pia Admin"),
        Role.SECTOR_ADMIN: make_member(Role.SECTOR_ADMIN, full_name="Sven Sector"),
        Role.REFERRER: make_member(Role.REFERRER, full_name="Rita Referrer"),
        Role.PLATFORM_ADMIN: make_member(Role.PLATFORM_ADMIN, full_name="Paul Platform"),
    }
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    link(learner, LinkKind.MENTOR, person=users_by_role[Role.MENTOR])
    link(learner, LinkKind.COACH, person=users_by_role[Role.COACH])
    link(learner, LinkKind.TEACHER, person=users_by_role[Role.TEACHER])
    link(learner, LinkKind.REFERRER, person=users_by_role[Role.REFERRER])
    return World(provider, employer, learner, users_by_role)
