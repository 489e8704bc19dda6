"""Every role (and a visitor) against every instrument page and API endpoint.

Individual results: the learner, their linked coach and mentor; a teacher, employer
HR or referrer only with the learner's consent for "instruments"; nobody else (not
even a platform administrator). Group results: only groups with at least five
respondents, for those who may view the group. Denied objects are 404 (as if they
did not exist); a role that does not answer an instrument gets 403 when it tries.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import Consent, ConsentScope, LinkKind, OrganisationKind, Role
from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.instruments import rules as instruments_rules
from trajectwijzer.instruments import services
from trajectwijzer.testing import (
    enrol,
    link,
    make_group,
    make_member,
    make_organisation,
    make_programme,
)

from .builders import definition, full_answers, submitted

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
WHO = [
    ANONYMOUS, "learner", "other_learner", "coach", "other_coach", "mentor", "teacher",
    "teacher_with_consent", "employer_hr", "employer_hr_with_consent", "referrer",
    "provider_admin", "sector_admin", "platform_admin", "lecturer",
]  # fmt: skip


@pytest.fixture
def world():
    provider = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Matrix")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Zorg Matrix")
    programme = make_programme(provider)
    people = {}
    people["teacher"] = make_member(Role.TEACHER, provider)
    people["teacher_with_consent"] = make_member(Role.TEACHER, provider)
    group = make_group(programme, teachers=[people["teacher"], people["teacher_with_consent"]])
    learner = make_member(Role.LEARNER, provider, full_name="Lotte Matrix")
    enrol(learner, group=group, workplace=employer)
    people["learner"] = learner
    classmates = [make_member(Role.LEARNER, provider) for _ in range(4)]
    for classmate in classmates:
        enrol(classmate, group=group)
    people["other_learner"] = classmates[0]
    people["coach"] = make_member(Role.COACH, provider)
    link(learner, LinkKind.COACH, person=people["coach"])
    people["other_coach"] = make_member(Role.COACH)
    people["mentor"] = make_member(Role.MENTOR, employer)
    link(learner, LinkKind.MENTOR, person=people["mentor"])
    people["employer_hr"] = make_member(Role.EMPLOYER_HR, employer)
    link(learner, LinkKind.EMPLOYER, organisation=employer)
    other_employer = make_organisation(OrganisationKind.EMPLOYER)
    people["employer_hr_with_consent"] = make_member(Role.EMPLOYER_HR, other_employer)
    link(learner, LinkKind.EMPLOYER, organisation=other_employer)
    people["referrer"] = make_member(Role.REFERRER)
    link(learner, LinkKind.REFERRER, person=people["referrer"])
    people["provider_admin"] = make_member(Role.PROVIDER_ADMIN, provider, is_admin=True)
    people["sector_admin"] = make_member(Role.SECTOR_ADMIN)
    people["platform_admin"] = make_member(Role.PLATFORM_ADMIN)
    people["lecturer"] = make_member(Role.TEACHER, provider)
    Consent.objects.create(
        learner=learner,
        scope=ConsentScope.INSTRUMENTS,
        recipient_user=people["teacher_with_consent"],
    )
    Consent.objects.create(
        learner=learner, scope=ConsentScope.INSTRUMENTS, recipient_organisation=other_employer
    )
    d = definition("intake")
    result = submitted(learner, "intake", full_answers(d, 3))
    for classmate in classmates:
        submitted(classmate, "intake", full_answers(d, 2))
    # the learner's unfinished motivatiescan
    in_progress = services.start_response(learner, "motivatiescan")
    # a lecturer's self-scan
    selfscan = submitted(
        people["lecturer"], "selfscan_lecturers", full_answers(definition("selfscan_lecturers"), 2)
    )
    return {"people": people, "group": group, "result": result, "in_progress": in_progress,
            "selfscan": selfscan, "classmates": classmates, "provider": provider}  # fmt: skip


def login(client, world, who):
    if who != ANONYMOUS:
        client.force_login(world["people"][who])


RESULT_READERS = {"learner", "coach", "mentor", "teacher_with_consent", "employer_hr_with_consent"}
GROUP_READERS = {"teacher", "teacher_with_consent", "coach", "provider_admin", "platform_admin"}


def _expected_status(page: str, who: str) -> int:
    if who == ANONYMOUS:
        return 302  # to the login page
    if page == "index":
        return 200
    if page == "start_intake":
        return 302 if who in {"learner", "other_learner"} else 403
    if page == "answer_in_progress":
        return 200 if who == "learner" else 404
    if page in ("result", "result_pdf", "learner_page"):
        return 200 if who in RESULT_READERS else 404
    if page in ("group", "group_csv", "group_pdf"):
        return 200 if who in GROUP_READERS else 404
    if page == "small_group":
        return 404
    if page == "selfscan_result":
        return 200 if who == "lecturer" else 404
    raise AssertionError(page)


PAGES = ["index", "start_intake", "answer_in_progress", "result", "result_pdf", "learner_page",
         "group", "group_csv", "group_pdf", "small_group", "selfscan_result"]  # fmt: skip


def _url(page: str, world) -> tuple[str, str]:
    result, group = world["result"], world["group"]
    return {
        "index": ("get", reverse("instruments:index")),
        "start_intake": ("post", reverse("instruments:start", args=["intake"])),
        "answer_in_progress": (
            "get",
            reverse("instruments:answer", args=[world["in_progress"].pk, 1]),
        ),
        "result": ("get", reverse("instruments:result", args=[result.pk])),
        "result_pdf": ("get", reverse("instruments:result_pdf", args=[result.pk])),
        "learner_page": (
            "get",
            reverse("instruments:learner", args=[world["people"]["learner"].pk]),
        ),
        "group": ("get", reverse("instruments:group", args=["intake", "group", group.pk])),
        "group_csv": ("get", reverse("instruments:group_csv", args=["intake", "group", group.pk])),
        "group_pdf": ("get", reverse("instruments:group_pdf", args=["intake", "group", group.pk])),
        # only four classmates answered the motivatiescan: no group figures for anyone
        "small_group": (
            "get",
            reverse("instruments:group", args=["survey_working_students", "group", group.pk]),
        ),
        "selfscan_result": ("get", reverse("instruments:result", args=[world["selfscan"].pk])),
    }[page]


@pytest.mark.parametrize("who", WHO)
def test_pages(client, world, who):
    d = definition("survey_working_students")
    for classmate in world["classmates"]:
        submitted(classmate, "survey_working_students", full_answers(d, 3))
    login(client, world, who)
    for page in PAGES:
        if (
            page in ("result_pdf", "group_pdf")
            and _expected_status(page, who) == 200
            and who not in ("learner", "coach")
        ):
            continue  # PDFs are slow; the learner and the coach stand for the allowed roles
        method, url = _url(page, world)
        reply = getattr(client, method)(url)
        assert reply.status_code == _expected_status(page, who), (page, who, reply.status_code)
        if who == ANONYMOUS:
            assert reply.url.startswith(reverse("accounts:login"))


def test_group_of_four_is_never_shown_and_five_is(world):
    from trajectwijzer.instruments.queries import result_group

    version = services.current_version("survey_working_students")
    d = definition("survey_working_students")
    teacher = world["people"]["teacher"]
    for classmate in world["classmates"]:
        submitted(classmate, "survey_working_students", full_answers(d, 3))
    rg = result_group(version, group=world["group"])
    assert rg.respondents == 0  # four respondents: their figure is not published at all
    assert not policy.can(teacher, instruments_rules.VIEW_INSTRUMENT_GROUP_RESULTS, rg)
    submitted(world["people"]["learner"], "survey_working_students", full_answers(d, 3))
    rg = result_group(version, group=world["group"])
    assert rg.respondents == 5
    assert policy.can(teacher, instruments_rules.VIEW_INSTRUMENT_GROUP_RESULTS, rg)


def test_withdrawn_consent_closes_the_result_again(client, world):
    teacher = world["people"]["teacher_with_consent"]
    client.force_login(teacher)
    url = reverse("instruments:result", args=[world["result"].pk])
    assert client.get(url).status_code == 200
    from django.utils import timezone

    Consent.objects.filter(recipient_user=teacher).update(withdrawn_at=timezone.now())
    assert client.get(url).status_code == 404


def test_staff_reads_are_logged(client, world):
    from trajectwijzer.accounts.models import AccessLogEntry

    coach = world["people"]["coach"]
    client.force_login(coach)
    client.get(reverse("instruments:result", args=[world["result"].pk]))
    assert AccessLogEntry.objects.filter(actor=coach, learner=world["people"]["learner"]).exists()
    client.force_login(world["people"]["learner"])
    before = AccessLogEntry.objects.count()
    client.get(reverse("instruments:result", args=[world["result"].pk]))
    assert AccessLogEntry.objects.count() == before  # reading your own is not logged


def test_workshop_request_only_by_the_lecturer(client, world):
    url = reverse("instruments:request_workshop", args=[world["selfscan"].pk])
    for who in WHO:
        if who in (ANONYMOUS, "lecturer"):
            continue
        client.force_login(world["people"][who])
        assert client.post(url, {"topic": "Evaluatie"}).status_code == 404, who
    client.force_login(world["people"]["lecturer"])
    assert client.post(url, {"topic": ""}).status_code == 400
    assert client.post(url, {"topic": "Spreiding van evaluaties"}).status_code == 302
    assert world["selfscan"].workshops.get().topic == "Spreiding van evaluaties"
    # the head of programme (the provider's administrator) sees the request; others do not
    for who in WHO:
        if who == ANONYMOUS:
            continue
        client.force_login(world["people"][who])
        page = client.get(reverse("instruments:index")).content.decode()
        assert ("Spreiding van evaluaties" in page) == (who == "provider_admin"), who


# API ------------------------------------------------------------------------------


def _api(client, world, who, method, url, **kwargs):
    headers = {}
    if who != ANONYMOUS:
        token = create_api_token(world["people"][who], name="tests")[1]
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return getattr(client, method)(url, content_type="application/json", **headers, **kwargs)


def _expected_api(endpoint: str, who: str) -> int:
    if endpoint in ("definitions", "definition"):
        return 200
    if who == ANONYMOUS:
        return 401
    if endpoint == "start":
        return 201 if who in {"learner", "other_learner"} else 403
    if endpoint == "my_responses":
        return 200
    if endpoint in ("get_response", "patch_response"):
        return 200 if who == "learner" else 404
    if endpoint in ("result", "learner_results"):
        return 200 if who in RESULT_READERS else 404
    if endpoint == "group":
        return 200 if who in GROUP_READERS else 404
    raise AssertionError(endpoint)


@pytest.mark.parametrize("who", WHO)
def test_api(client, world, who):
    in_progress, result, group = world["in_progress"], world["result"], world["group"]
    base = "/api/v1/instruments"
    calls = {
        "definitions": ("get", f"{base}/definitions", None),
        "definition": ("get", f"{base}/definitions/motivatiescan", None),
        "start": ("post", f"{base}/responses", {"instrument": "intake"}),
        "my_responses": ("get", f"{base}/responses", None),
        "get_response": ("get", f"{base}/responses/{in_progress.pk}", None),
        "patch_response": ("patch", f"{base}/responses/{in_progress.pk}", {"answers": {"aut1": 4}}),
        "result": ("get", f"{base}/results/{result.pk}", None),
        "learner_results": (
            "get",
            f"{base}/learners/{world['people']['learner'].pk}/results",
            None,
        ),
        "group": ("get", f"{base}/groups/group/{group.pk}/results?instrument=intake", None),
    }
    for endpoint, (method, url, body) in calls.items():
        kwargs = {"data": body} if body is not None else {}
        reply = _api(client, world, who, method, url, **kwargs)
        assert reply.status_code == _expected_api(endpoint, who), (
            endpoint,
            who,
            reply.content[:300],
        )
