"""Group results: mean and spread per dimension, distribution, comparisons."""

from __future__ import annotations

import numpy as np
import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import Role
from trajectwijzer.instruments import queries, services
from trajectwijzer.testing import make_group, make_member

from .builders import definition, full_answers, learner_in_group, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohorts():
    first = make_group(academic_year="2025-2026", name="HR 1")
    second = make_group(first.programme, academic_year="2026-2027", name="HR 1")
    teacher = make_member(Role.TEACHER, first.programme.provider.organisation)
    first.teachers.add(teacher)
    second.teachers.add(teacher)
    d = definition("intake")
    for group, value in ((first, 2), (second, 4)):
        for _ in range(5):
            learner = learner_in_group(group)
            submitted(learner, "intake", full_answers(d, value, computer="yes"), moment="start")
    return first, second, teacher


def test_summary_per_dimension():
    d = definition("survey_working_students")
    matrix = np.array(
        [[1, 2, 3, 4], [2, 2, 3, 4], [3, 2, 3, np.nan], [4, 2, 3, 4], [5, 2, 3, 4]], dtype=float
    )
    summary = {row["id"]: row for row in queries.summarise(d, matrix)}
    assert summary["self_regulation"]["mean"] == 3.0
    assert summary["self_regulation"]["sd"] == pytest.approx(1.5811, abs=1e-4)
    assert summary["materials"]["sd"] == 0.0
    assert summary["environment"]["n"] == 4  # one respondent without a score
    # no bands: five equal bins over 1–5
    assert [b["count"] for b in summary["self_regulation"]["distribution"]] == [1, 1, 1, 1, 1]


def test_compare_two_cohorts_of_a_programme(client, cohorts):
    first, second, teacher = cohorts
    client.force_login(teacher)
    url = reverse("instruments:group", args=["intake", "group", first.pk])
    page = client.get(url, {"compare": f"group:{second.pk}"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "HR 1 (2025-2026)" in html and "HR 1 (2026-2027)" in html
    results = page.context["results"]
    assert [s["label"] for s in results["series"]] == ["HR 1 (2025-2026)", "HR 1 (2026-2027)"]
    planning = [
        next(d for d in s["dimensions"] if d["id"] == "planning") for s in results["series"]
    ]
    # all answers 2: 2, pla2=2 reversed → 3, 2 → 7/3; all 4: 4, 1, 4 → 3
    assert planning[0]["mean"] == pytest.approx(7 / 3, abs=1e-3)
    assert planning[1]["mean"] == pytest.approx(3.0)


def test_compare_moments(client, cohorts):
    first, _second, teacher = cohorts
    d = definition("intake")
    version = services.current_version("intake")
    # the same five learners answer again after the exams
    for response in list(version.responses.filter(group=first)):
        submitted(
            response.respondent, "intake", full_answers(d, 1, computer="yes"), moment="after exams"
        )
    client.force_login(teacher)
    url = reverse("instruments:group", args=["intake", "group", first.pk])
    page = client.get(url, {"moment": "start", "compare": "moment:after exams"})
    assert page.status_code == 200
    series = page.context["results"]["series"]
    assert series[0]["dimensions"][0]["n"] == 5 and series[1]["dimensions"][0]["n"] == 5
    assert "after exams" in series[1]["label"]


def test_a_group_one_may_not_see_is_not_offered_for_comparison(client, cohorts):
    first, _second, _teacher = cohorts
    other = make_group(academic_year="2026-2027")
    # A teacher at the other group's school (a group's teacher counts only there).
    outsider = make_member(Role.TEACHER, other.programme.provider.organisation)
    other.teachers.add(outsider)
    for _ in range(5):
        submitted(learner_in_group(other), "intake", full_answers(definition("intake"), 3))
    client.force_login(outsider)
    url = reverse("instruments:group", args=["intake", "group", other.pk])
    page = client.get(url, {"compare": f"group:{first.pk}"})
    assert page.status_code == 200
    assert len(page.context["results"]["series"]) == 1


def test_head_of_programme_sees_lecturers_self_scan_only_as_a_group_of_five(client):
    from trajectwijzer.accounts.models import OrganisationKind
    from trajectwijzer.testing import make_organisation

    school = make_organisation(OrganisationKind.PROVIDER)
    head = make_member(Role.PROVIDER_ADMIN, school, is_admin=True)
    lecturers = [make_member(Role.TEACHER, school) for _ in range(5)]
    d = definition("selfscan_lecturers")
    for lecturer in lecturers[:4]:
        submitted(lecturer, "selfscan_lecturers", full_answers(d, 3))
    url = reverse("instruments:group", args=["selfscan_lecturers", "organisation", school.pk])
    client.force_login(head)
    assert client.get(url).status_code == 404  # four lecturers: no figures
    submitted(lecturers[4], "selfscan_lecturers", full_answers(d, 3))
    assert client.get(url).status_code == 200
    assert (
        reverse("instruments:index")
        and url in client.get(reverse("instruments:index")).content.decode()
    )
    client.force_login(lecturers[0])  # a lecturer is not the head of programme
    assert client.get(url).status_code == 404


def test_points_of_attention_count_respondents_per_feedback_rule(client, cohorts):
    first, _second, teacher = cohorts
    client.force_login(teacher)
    page = client.get(reverse("instruments:group", args=["intake", "group", first.pk]))
    points = {p["id"]: (p["count"], p["percent"]) for p in page.context["results"]["points"]}
    # all answers 2: ICT (2+2+2+2)/4 = 2 → band low; feasibility (2·2 + 2·2 + 2 + 1) / 6 = 1.83;
    # study hours 0 (< 4)
    assert points == {"ict_low": (5, 100), "feasibility_low": (5, 100), "little_time": (5, 100)}
    assert 'data-testid="points"' in page.content.decode()
