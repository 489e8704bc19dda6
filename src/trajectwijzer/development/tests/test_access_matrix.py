"""Every role against every page and API endpoint of competence matrices and plans.

Actors: the employee whose row it is (Anna), a colleague in the same matrix (Bert),
the employer's HR, its team leader (mentor with organisation-admin rights), a plain
mentor of the employer, HR of another employer, a coach linked to Anna, a platform
admin, every other role, and a visitor. What someone may not see answers 404; what
they may see but not change, 403; a visitor is sent to the login page (401 in the API).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import LinkKind, OrganisationKind, Role
from trajectwijzer.testing import link, make_member, make_organisation

from .. import services, urls
from .builders import make_setup

pytestmark = pytest.mark.django_db

EMPLOYEE, COLLEAGUE, HR, TEAM_LEADER = "employee", "colleague", "hr", "team_leader"
PLAIN_MENTOR, OTHER_HR, COACH, ADMIN, ANONYMOUS = (
    "plain_mentor",
    "other_hr",
    "linked_coach",
    "platform_admin",
    "anonymous",
)
OTHER_ROLES = [Role.TEACHER, Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.REFERRER]
WHO = [EMPLOYEE, COLLEAGUE, HR, TEAM_LEADER, PLAIN_MENTOR, OTHER_HR, COACH, ADMIN, ANONYMOUS]
WHO += OTHER_ROLES


@pytest.fixture
def world():
    setup = make_setup()
    coach = make_member(Role.COACH)
    link(setup.anna, LinkKind.COACH, person=coach)
    people = {
        EMPLOYEE: setup.anna,
        COLLEAGUE: setup.bert,
        HR: setup.hr,
        TEAM_LEADER: setup.team_leader,
        PLAIN_MENTOR: make_member(Role.MENTOR, setup.employer),
        OTHER_HR: make_member(Role.EMPLOYER_HR, make_organisation(OrganisationKind.EMPLOYER)),
        COACH: coach,
        ADMIN: make_member(Role.PLATFORM_ADMIN),
        ANONYMOUS: None,
        **{role: make_member(role) for role in OTHER_ROLES},
    }
    plan = services.draft_from_gaps(setup.hr, setup.row_anna, title="POP")
    return setup, people, plan


MANAGERS = {HR, TEAM_LEADER}
ROW_READERS = MANAGERS | {EMPLOYEE}
PLAN_EDITORS = ROW_READERS  # a plan the employer drafted
PLAN_READERS = PLAN_EDITORS | {COACH}  # a linked coach reads plans (scope "plans")
LOGGED_IN = set(WHO) - {ANONYMOUS}
# (page or endpoint, reads the row, reads the plan) answering 403: seen, not changed.
SEE_BUT_NOT_CHANGE = {
    ("row_observation", True, True),
    ("observation", True, True),
    ("plan_post", False, True),
    ("plan_put", False, True),
}


def pages(setup, plan) -> dict[str, tuple[str, str, dict, set[str], int]]:
    """name: (method, url, data, who is allowed, status when allowed)."""
    row, matrix = setup.row_anna, setup.matrix
    competence = setup.competence("A").pk
    return {
        "index": ("get", reverse("development:index"), {}, LOGGED_IN, 200),
        "matrix": ("get", reverse("development:matrix", args=[matrix.pk]), {}, MANAGERS, 200),
        "matrix_post": (
            "post",
            reverse("development:matrix", args=[matrix.pk]),
            {"form": "team", "team-name": "Nachtploeg"},
            MANAGERS,
            302,
        ),
        "row": ("get", reverse("development:row", args=[row.pk]), {}, ROW_READERS, 200),
        "row_observation": (
            "post",
            reverse("development:row", args=[row.pk]),
            {
                "form": "observation",
                "competence": competence,
                "level": 3,
                "observed_on": "2026-02-01",
            },
            MANAGERS,
            302,
        ),
        "row_draft": (
            "post",
            reverse("development:row", args=[row.pk]),
            {"form": "draft"},
            ROW_READERS,
            302,
        ),
        "plan": ("get", reverse("development:plan", args=[plan.pk]), {}, PLAN_READERS, 200),
        "plan_post": (
            "post",
            reverse("development:plan", args=[plan.pk]),
            {"op": "header", "version": plan.version, "title": "POP 2", "status": "agreed"},
            PLAN_EDITORS,
            302,
        ),
        "plan_pdf": ("get", reverse("development:plan_pdf", args=[plan.pk]), {}, PLAN_READERS, 200),
        "reorientation": ("get", reverse("development:reorientation"), {}, LOGGED_IN, 200),
        "reorientation_row": (
            "get",
            reverse("development:reorientation") + f"?source=row&row={row.pk}",
            {},
            ROW_READERS,
            200,
        ),
    }


URL_NAME_OF_PAGE = {
    "index": "index",
    "matrix": "matrix",
    "matrix_post": "matrix",
    "row": "row",
    "row_observation": "row",
    "row_draft": "row",
    "plan": "plan",
    "plan_post": "plan",
    "plan_pdf": "plan_pdf",
    "reorientation": "reorientation",
    "reorientation_row": "reorientation",
}


def test_the_matrix_covers_every_url(world):
    setup, _people, plan = world
    assert set(pages(setup, plan)) == set(URL_NAME_OF_PAGE)
    assert {p.name for p in urls.urlpatterns} == set(URL_NAME_OF_PAGE.values())


API_CALL_NAMES = [
    "matrices",
    "matrix",
    "job_role_put",
    "row_post",
    "row",
    "observation",
    "plans",
    "plan_create",
    "plan",
    "plan_put",
    "reorientation",
]


def test_the_api_matrix_covers_every_endpoint(world):
    from ..api import router

    setup, _people, plan = world
    operations = sum(len(path_view.operations) for path_view in router.path_operations.values())
    assert operations == len(api_calls(setup, plan)) == len(API_CALL_NAMES)
    assert set(api_calls(setup, plan)) == set(API_CALL_NAMES)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", list(URL_NAME_OF_PAGE))
def test_pages(client, world, who, name):
    setup, people, plan = world
    method, url, data, allowed, ok_status = pages(setup, plan)[name]
    if people[who] is not None:
        client.force_login(people[who])
    response = getattr(client, method)(url, data)
    if who == ANONYMOUS:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif who in allowed:
        assert response.status_code == ok_status, response.content[:300]
    elif (name, who in ROW_READERS, who in PLAN_READERS) in SEE_BUT_NOT_CHANGE:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def api_calls(setup, plan) -> dict[str, tuple[str, str, dict | None, set[str], int]]:
    row = setup.row_anna
    document = services.plan_document(plan)
    return {
        "matrices": ("get", "/api/v1/development/matrices", None, LOGGED_IN, 200),
        "matrix": ("get", f"/api/v1/development/matrices/{setup.matrix.pk}", None, MANAGERS, 200),
        "job_role_put": (
            "put",
            f"/api/v1/development/matrices/{setup.matrix.pk}/job-roles/Magazijnier",
            {"levels": {"A": 2, "B": 3}},
            MANAGERS,
            200,
        ),
        "row_post": (
            "post",
            f"/api/v1/development/matrices/{setup.matrix.pk}/rows",
            {"employee_email": setup.bert.email, "team": "Ploeg 1"},
            MANAGERS,
            200,
        ),
        "row": ("get", f"/api/v1/development/rows/{row.pk}", None, ROW_READERS, 200),
        "observation": (
            "post",
            f"/api/v1/development/rows/{row.pk}/observations",
            {"competence": "C", "level": 2},
            MANAGERS,
            201,
        ),
        "plans": ("get", f"/api/v1/development/rows/{row.pk}/plans", None, ROW_READERS, 200),
        "plan_create": (
            "post",
            f"/api/v1/development/rows/{row.pk}/plans",
            {"title": "Nieuw plan", "goals": [{"competence": "A", "target_level": 3}]},
            ROW_READERS,
            201,
        ),
        "plan": ("get", f"/api/v1/development/plans/{plan.pk}", None, PLAN_READERS, 200),
        "plan_put": (
            "put",
            f"/api/v1/development/plans/{plan.pk}",
            {**document, "title": "Gewijzigd"},
            PLAN_EDITORS,
            200,
        ),
        "reorientation": (
            "get",
            f"/api/v1/development/rows/{row.pk}/reorientation",
            None,
            ROW_READERS,
            200,
        ),
    }


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", API_CALL_NAMES)
def test_api(client, world, who, name):
    setup, people, plan = world
    method, url, body, allowed, ok_status = api_calls(setup, plan)[name]
    if people[who] is not None:
        client.force_login(people[who])
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body else {}
    response = getattr(client, method)(url, **kwargs)
    if who == ANONYMOUS:
        assert response.status_code == 401
    elif who in allowed:
        assert response.status_code == ok_status, response.content[:300]
    elif (name, who in ROW_READERS, who in PLAN_READERS) in SEE_BUT_NOT_CHANGE:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_the_matrix_list_shows_only_managed_matrices(client, world):
    _setup, people, _plan = world
    client.force_login(people[HR])
    assert [m["title"] for m in client.get("/api/v1/development/matrices").json()] == ["Productie"]
    client.force_login(people[OTHER_HR])
    assert client.get("/api/v1/development/matrices").json() == []


def test_the_employee_sees_only_their_own_row_on_the_index(client, world):
    setup, people, _plan = world
    client.force_login(people[EMPLOYEE])
    page = client.get(reverse("development:index")).content.decode()
    assert reverse("development:row", args=[setup.row_anna.pk]) in page
    assert reverse("development:row", args=[setup.row_bert.pk]) not in page
    assert "Bert Buur" not in page
