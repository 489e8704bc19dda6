"""Every role (and a visitor) against every competence page and API endpoint.

Reading follows the personal-data rule of the "assessments" scope: the learner, a
linked coach and mentor (workplace competences only) without consent; a teacher reads
back their own scores without consent and everything with it; employer HR and
referrers only with consent. Recording: the learner (self), a linked mentor and a
teacher of the learner (no consent needed). A learner one may not see answers 404.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import AccessLogEntry, Consent, LinkKind, Role
from trajectwijzer.testing import link, make_member

from .builders import make_cast

pytestmark = pytest.mark.django_db

WHO = [
    "anonymous",
    "self",
    "classmate",
    "coach",
    "other_coach",
    "mentor",
    "other_mentor",
    "teacher",
    "teacher_with_consent",
    "hr",
    "hr_with_consent",
    "referrer",
    "referrer_with_consent",
    "provider_admin",
    "platform_admin",
]

READERS = {
    "self",
    "coach",
    "mentor",
    "teacher",
    "teacher_with_consent",
    "hr_with_consent",
    "referrer_with_consent",
}
ASSESSORS = {
    "self": "self",
    "mentor": "mentor",
    "teacher": "teacher",
    "teacher_with_consent": "teacher",
}
FOLLOWERS = {"coach", "other_coach", "mentor", "other_mentor", "teacher", "teacher_with_consent"}
GROUP_COACHES = {"coach", "other_coach"}  # coaches of the group's provider
CLASS_VIEWERS = {"coach", "other_coach", "teacher"}


@pytest.fixture
def cast():
    return make_cast()


def person(who: str, cast):
    if who == "anonymous":
        return None
    return {
        "self": lambda: cast.learner,
        "classmate": lambda: cast.classmate,
        "coach": lambda: cast.coach,
        "other_coach": lambda: make_member(Role.COACH, cast.provider),
        "mentor": lambda: cast.mentor,
        "other_mentor": lambda: make_member(Role.MENTOR, cast.employer),
        "teacher": lambda: cast.teacher,
        "teacher_with_consent": lambda: _linked_teacher_with_consent(cast),
        "hr": lambda: cast.hr,
        "hr_with_consent": lambda: _hr_with_consent(cast),
        "referrer": lambda: cast.referrer,
        "referrer_with_consent": lambda: _referrer_with_consent(cast),
        "provider_admin": lambda: make_member(Role.PROVIDER_ADMIN, cast.provider),
        "platform_admin": lambda: make_member(Role.PLATFORM_ADMIN),
    }[who]()


def _linked_teacher_with_consent(cast):
    teacher = make_member(Role.TEACHER, cast.provider)
    link(cast.learner, LinkKind.TEACHER, person=teacher)
    Consent.objects.create(learner=cast.learner, scope="assessments", recipient_user=teacher)
    return teacher


def _hr_with_consent(cast):
    Consent.objects.create(
        learner=cast.learner, scope="assessments", recipient_organisation=cast.employer
    )
    return cast.hr


def _referrer_with_consent(cast):
    Consent.objects.create(learner=cast.learner, scope="assessments", recipient_user=cast.referrer)
    return cast.referrer


def pages(cast) -> dict[str, str]:
    learner = cast.learner.pk
    return {
        "overview": reverse("competences:overview"),
        "mine": reverse("competences:mine"),
        "learner": reverse("competences:learner", args=[learner]),
        "score": reverse("competences:score", args=[learner]),
        "report_pdf": reverse("competences:report_pdf", args=[learner]),
        "group": reverse("competences:group", args=[cast.group.pk]),
        "group_class": reverse("competences:group_class", args=[cast.group.pk]),
    }


def expected_page_status(name: str, who: str) -> int:
    if who == "anonymous":
        return 302
    if name == "overview":
        return 200 if who in FOLLOWERS else 403
    if name == "mine":
        return 200
    if name == "learner":
        return 302 if who == "self" else 200 if who in READERS else 404
    if name == "report_pdf":
        return 200 if who in READERS else 404
    if name == "score":
        return 200 if who in ASSESSORS else 403 if who in READERS else 404
    if name == "group":
        return 200 if who in GROUP_COACHES else 403
    if name == "group_class":
        return 200 if who in CLASS_VIEWERS else 403
    raise AssertionError(name)


def test_the_matrix_covers_every_competence_page(cast):
    from trajectwijzer.competences import urls

    names = {p.name for p in urls.urlpatterns}
    assert names - {"evidence"} == set(pages(cast))  # evidence: test_evidence.py


@pytest.mark.parametrize("who", WHO)
def test_pages(client, cast, who):
    user = person(who, cast)
    if user is not None:
        client.force_login(user)
    for name, url in pages(cast).items():
        response = client.get(url)
        expected = expected_page_status(name, who)
        assert response.status_code == expected, (name, who, response.status_code)
        if who == "anonymous":
            assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", WHO)
def test_reads_of_another_persons_assessments_are_logged(client, cast, who):
    user = person(who, cast)
    if user is None or who not in READERS or who == "self":
        return
    client.force_login(user)
    client.get(reverse("competences:learner", args=[cast.learner.pk]))
    assert AccessLogEntry.objects.filter(actor=user, learner=cast.learner).exists()


def _entries_for(role: str, cast) -> list[dict]:
    # The first competence is workplace learning, so every assessing role may score it.
    indicator = cast.indicators(0)[0]
    return [{"indicator_id": indicator.pk, "level": 2}]


@pytest.mark.parametrize("who", WHO)
def test_api(client, cast, who):
    user = person(who, cast)
    headers = {}
    if user is not None:
        _token, key = account_services.create_api_token(user, name="matrix")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    base = f"/api/v1/competences/learners/{cast.learner.pk}/assessments"

    read = client.get(base, **headers)
    if who == "anonymous":
        assert read.status_code == 401
    else:
        assert read.status_code == (200 if who in READERS else 404), (who, read.status_code)

    role = ASSESSORS.get(who, "teacher")
    payload = {"role": role, "entries": _entries_for(role, cast)}
    write = client.post(base, data=payload, content_type="application/json", **headers)
    if who == "anonymous":
        expected = 401
    elif who in ASSESSORS:
        expected = 201
    elif who in READERS:
        expected = 403
    else:
        expected = 404
    assert write.status_code == expected, (who, write.status_code, write.content)

    coverage = client.get(f"/api/v1/competences/groups/{cast.group.pk}/coverage", **headers)
    expected = 401 if who == "anonymous" else 200 if who in GROUP_COACHES else 403
    assert coverage.status_code == expected, (who, coverage.status_code)


def test_the_api_accepts_the_browser_session(client, cast):
    client.force_login(cast.coach)
    response = client.get(f"/api/v1/competences/learners/{cast.learner.pk}/assessments")
    assert response.status_code == 200
