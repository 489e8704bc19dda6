"""A group with a learner and the people around them, for the barometer and caseload tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from trajectwijzer.accounts.models import (
    Consent,
    ConsentScope,
    LinkKind,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.testing import (
    enrol,
    link,
    make_group,
    make_member,
    make_organisation,
    make_programme,
)
from trajectwijzer.trajectories.models import Group, academic_year_of

ANONYMOUS = "anonymous"


@dataclass
class World:
    group: Group
    learner: User
    people: dict[str, User | None]

    def person(self, who: str) -> User | None:
        return self.people[who]


def build_world(*, classmates: int = 0) -> World:
    """A learner in a group of a provider, with a coach, a teacher of the group, a
    workplace mentor, an employer HR member, a referrer (all linked), and people of
    the same roles who are not linked to the learner."""
    provider = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Test")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Zorg Test")
    programme = make_programme(provider)
    teacher = make_member(Role.TEACHER, provider, full_name="Tine Teacher")
    group = make_group(
        programme, teachers=[teacher], academic_year=academic_year_of(timezone.localdate())
    )
    learner = make_member(Role.LEARNER, provider, full_name="Lara Learner")
    enrol(learner, programme, group=group, started_on=timezone.localdate().replace(day=1))
    coach = make_member(Role.COACH, provider, full_name="Cas Coach")
    mentor = make_member(Role.MENTOR, employer, full_name="Mona Mentor")
    hr = make_member(Role.EMPLOYER_HR, employer, full_name="Hans HR")
    referrer = make_member(Role.REFERRER, full_name="Rita Referrer")
    link(learner, LinkKind.COACH, person=coach)
    link(learner, LinkKind.MENTOR, person=mentor)
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    link(learner, LinkKind.REFERRER, person=referrer)
    people = {
        ANONYMOUS: None,
        "learner": learner,
        "coach": coach,
        "group_teacher": teacher,
        "mentor": mentor,
        "employer_hr": hr,
        "referrer": referrer,
        "other_learner": make_member(Role.LEARNER, provider),
        "other_coach": make_member(Role.COACH, provider),
        "other_teacher": make_member(Role.TEACHER, provider),
        "provider_admin": make_member(Role.PROVIDER_ADMIN, provider),
        "other_provider_admin": make_member(Role.PROVIDER_ADMIN),
        "sector_admin": make_member(Role.SECTOR_ADMIN),
        "platform_admin": make_member(Role.PLATFORM_ADMIN),
    }
    for _ in range(classmates):
        mate = make_member(Role.LEARNER, provider)
        enrol(mate, programme, group=group, started_on=timezone.localdate().replace(day=1))
    return World(group, learner, people)


def consent(learner: User, recipient: User, scope: str = ConsentScope.INSTRUMENTS) -> Consent:
    return Consent.objects.create(
        learner=learner, recipient_user=recipient, scope=scope, purpose="Test"
    )


def check_pages(client, who: str, pages: dict) -> None:
    """Request every page of a role × page matrix as ``who`` (already logged in):
    ``name → (method, url, data or None, allowed roles, status if allowed, if denied)``;
    visitors are sent to the login page."""
    from django.urls import reverse

    for name, (method, url, data, allowed, ok, denied) in pages.items():
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        if who == ANONYMOUS:
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("accounts:login")), name
        else:
            expected = ok if who in allowed else denied
            assert response.status_code == expected, (name, who, response.status_code)
