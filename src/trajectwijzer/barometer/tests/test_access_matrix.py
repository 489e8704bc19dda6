"""Every role against every barometer page and API endpoint, allowed and denied.

Individual entries: the learner and their coach; a teacher, mentor, employer or
referrer only with the learner's consent for "instruments"; nobody else (404, as if
the learner did not exist). Group pages: the group's teachers, the coaches and offer
maintainers of its provider, platform admins (403 for others). Moments: the coaches
and offer maintainers of the provider and platform admins, not teachers.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import AccessLogEntry, ConsentScope
from trajectwijzer.barometer import urls
from trajectwijzer.barometer.models import Entry, Moment, MomentKind

from .builders import ANONYMOUS, build_world, check_pages, consent

pytestmark = pytest.mark.django_db

WHO = [
    ANONYMOUS,
    "learner",
    "coach",
    "group_teacher",
    "mentor",
    "employer_hr",
    "referrer",
    "other_learner",
    "other_coach",
    "other_teacher",
    "provider_admin",
    "other_provider_admin",
    "sector_admin",
    "platform_admin",
]
LEARNERS = {"learner", "other_learner"}
ENTRY_READERS = {"learner", "coach"}
GROUP_VIEWERS = {"group_teacher", "coach", "other_coach", "provider_admin", "platform_admin"}
MOMENT_MANAGERS = {"coach", "other_coach", "provider_admin", "platform_admin"}
GROUP_LISTERS = {
    "coach",
    "other_coach",
    "group_teacher",
    "other_teacher",
    "provider_admin",
    "other_provider_admin",
    "sector_admin",
    "platform_admin",
}


def moment_date(world) -> str:
    return f"{world.group.academic_year[:4]}-10-01"


def pages(world):
    """name → (method, url, data, allowed roles, allowed status, denied status)."""
    group, learner = world.group, world.learner
    moment = Moment.objects.create(
        group=group, kind=MomentKind.OTHER, date=timezone.localdate(), label="m"
    )
    return {
        "record": ("get", reverse("barometer:record"), None, LEARNERS, 200, 403),
        "record_post": ("post", reverse("barometer:record"), {"score": "4"}, LEARNERS, 302, 403),
        "learner": (
            "get",
            reverse("barometer:learner", args=[learner.pk]),
            None,
            ENTRY_READERS,
            200,
            404,
        ),
        "groups": ("get", reverse("barometer:groups"), None, GROUP_LISTERS, 200, 403),
        "group": (
            "get",
            reverse("barometer:group", args=[group.pk]),
            None,
            GROUP_VIEWERS,
            200,
            403,
        ),
        "add_moment": (
            "post",
            reverse("barometer:add_moment", args=[group.pk]),
            {"kind": "other", "date": moment_date(world), "label": "x"},
            MOMENT_MANAGERS,
            302,
            403,
        ),
        "add_default_moments": (
            "post",
            reverse("barometer:add_default_moments", args=[group.pk]),
            {},
            MOMENT_MANAGERS,
            302,
            403,
        ),
        "delete_moment": (
            "post",
            reverse("barometer:delete_moment", args=[moment.pk]),
            {},
            MOMENT_MANAGERS,
            302,
            403,
        ),
    }


def test_the_matrix_covers_every_barometer_url():
    world = build_world()
    names = {p.name for p in urls.urlpatterns}
    assert {n for n in pages(world) if n != "record_post"} == names


@pytest.mark.parametrize("who", WHO)
def test_pages(client, who):
    world = build_world()
    user = world.person(who)
    if user is not None:
        client.force_login(user)
    check_pages(client, who, pages(world))


@pytest.mark.parametrize("who", ["group_teacher", "mentor", "employer_hr", "referrer"])
def test_linked_people_read_entries_only_with_consent_and_the_read_is_logged(client, who):
    world = build_world()
    Entry.objects.create(learner=world.learner, score=3)
    viewer = world.person(who)
    client.force_login(viewer)
    url = reverse("barometer:learner", args=[world.learner.pk])
    assert client.get(url).status_code == 404
    if who == "employer_hr":
        from trajectwijzer.accounts.models import Consent

        organisation = world.learner.learner_links.get(kind="employer").organisation
        Consent.objects.create(
            learner=world.learner,
            recipient_organisation=organisation,
            scope=ConsentScope.INSTRUMENTS,
        )
    else:
        consent(world.learner, viewer, ConsentScope.ASSESSMENTS)  # another scope: no
        assert client.get(url).status_code == 404
        consent(world.learner, viewer)
    assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(actor=viewer, learner=world.learner).exists()


def test_the_coach_reads_without_consent_and_the_read_is_logged(client):
    world = build_world()
    client.force_login(world.person("coach"))
    assert client.get(reverse("barometer:learner", args=[world.learner.pk])).status_code == 200
    assert AccessLogEntry.objects.filter(actor=world.person("coach")).count() == 1


# API ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_api(client, who):
    world = build_world()
    user = world.person(who)
    headers = {}
    if user is not None:
        _token, key = account_services.create_api_token(user, name="matrix")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    group, learner = world.group, world.learner
    Entry.objects.create(learner=learner, score=4)

    def expect(response, allowed, ok, denied):
        if who == ANONYMOUS:
            return response.status_code == 401
        return response.status_code == (ok if who in allowed else denied)

    def post(url, body):
        return client.post(url, data=body, content_type="application/json", **headers)

    own = client.get("/api/v1/barometer/entries", **headers)
    assert own.status_code == (401 if who == ANONYMOUS else 200)
    if who == "learner":
        assert [e["score"] for e in own.json()] == [4]
    elif who != ANONYMOUS:
        assert own.json() == []  # everyone reads only their own entries here
    assert expect(post("/api/v1/barometer/entries", {"score": 3}), LEARNERS, 201, 403), who
    assert expect(
        client.get(f"/api/v1/barometer/learners/{learner.pk}/entries", **headers),
        ENTRY_READERS,
        200,
        404,
    ), who
    assert expect(
        client.get(f"/api/v1/barometer/groups/{group.pk}/pattern", **headers),
        GROUP_VIEWERS,
        200,
        403,
    ), who
    assert expect(
        client.get(f"/api/v1/barometer/groups/{group.pk}/moments", **headers),
        GROUP_VIEWERS,
        200,
        403,
    ), who
    assert expect(
        post(
            f"/api/v1/barometer/groups/{group.pk}/moments",
            {"kind": "other", "date": moment_date(world)},
        ),
        MOMENT_MANAGERS,
        201,
        403,
    ), who


def test_api_bad_input_names_the_field_and_saves_nothing(client):
    world = build_world()
    _token, key = account_services.create_api_token(world.learner, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def post(url, body):
        return client.post(url, data=body, content_type="application/json", **headers)

    for body, field in (
        ({"score": 6}, "score"),
        ({"score": 0}, "score"),
        ({"score": "veel"}, "score"),
        ({"score": 3, "note": "x" * 501}, "note"),
    ):
        response = post("/api/v1/barometer/entries", body)
        assert response.status_code == 400, body
        assert field in {e["field"] for e in response.json()["errors"]}, response.json()
    assert Entry.objects.count() == 0

    _token, coach_key = account_services.create_api_token(world.person("coach"), name="t")
    year_after = int(world.group.academic_year[:4]) + 1
    response = client.post(
        f"/api/v1/barometer/groups/{world.group.pk}/moments",
        data={"kind": "after_exams", "date": f"{year_after}-10-01"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {coach_key}",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "date"
    assert Moment.objects.count() == 0


def test_pages_bad_input_names_the_field_and_saves_nothing(client):
    world = build_world()
    client.force_login(world.learner)
    response = client.post(reverse("barometer:record"), {"score": "9", "note": "x"})
    assert response.status_code == 400
    assert "1" in response.content.decode() and Entry.objects.count() == 0
    response = client.post(reverse("barometer:record"), {"score": "2", "note": "x" * 501})
    assert response.status_code == 400 and Entry.objects.count() == 0
    client.force_login(world.person("provider_admin"))
    response = client.post(
        reverse("barometer:add_moment", args=[world.group.pk]),
        {
            "kind": "other",
            "date": (timezone.localdate() + datetime.timedelta(days=800)).isoformat(),
        },
    )
    assert response.status_code == 400 and Moment.objects.count() == 0
    assert world.group.academic_year in response.content.decode()
