"""What each viewer sees, the profile for re-orientation, group figures and query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trajectwijzer.accounts.models import LinkKind, Role
from trajectwijzer.competences import queries
from trajectwijzer.competences import rules as competences_rules
from trajectwijzer.testing import enrol, link, make_member

from .builders import add_assessment, make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def _overview(viewer, learner):
    return queries.learner_overview(
        viewer, learner, competences_rules.assessment_visibility(viewer, learner)
    )


def test_a_mentor_sees_only_workplace_competences_by_every_role(cast):
    workplace, classroom = cast.indicators(0)[0], cast.indicators(1)[0]
    add_assessment(cast, workplace, "self", 2, assessor=cast.learner)
    add_assessment(cast, classroom, "teacher", 3, assessor=cast.teacher)
    overview = _overview(cast.mentor, cast.learner)
    assert [b.competence.code for b in overview.blocks] == ["C1"]
    assert overview.assessments_count == 1
    assert overview.blocks[0].rows[0].latest["self"].step == 2


def test_a_teacher_without_consent_reads_back_only_their_own_scores(cast):
    indicator = cast.indicators(0)[0]
    add_assessment(cast, indicator, "self", 4, assessor=cast.learner)
    add_assessment(cast, indicator, "teacher", 2, assessor=cast.teacher)
    overview = _overview(cast.teacher, cast.learner)
    row = overview.blocks[0].rows[0]
    assert set(row.latest) == {"teacher"}
    assert overview.visibility.own_only


def test_a_teacher_with_consent_sees_every_role(cast):
    from trajectwijzer.accounts.models import Consent

    Consent.objects.create(learner=cast.learner, scope="assessments", recipient_user=cast.teacher)
    indicator = cast.indicators(0)[0]
    add_assessment(cast, indicator, "self", 4, assessor=cast.learner)
    add_assessment(cast, indicator, "teacher", 2, assessor=cast.teacher)
    row = _overview(cast.teacher, cast.learner).blocks[0].rows[0]
    assert set(row.latest) == {"self", "teacher"}
    assert row.disagreement


def test_the_learner_sees_start_now_and_what_is_left(client, cast):
    first, second = cast.indicators(0)
    add_assessment(cast, first, "self", 1, assessor=cast.learner, days_ago=50)
    add_assessment(cast, first, "self", 3, assessor=cast.learner, days_ago=5)
    add_assessment(cast, first, "mentor", 3, assessor=cast.mentor, days_ago=4)
    overview = _overview(cast.learner, cast.learner)
    row = overview.blocks[0].rows[0]
    assert (row.start["self"].step, row.latest["self"].step) == (1, 3)
    assert row.acquired
    assert second.pk in [r.indicator.pk for r in overview.blocks[0].left]
    assert overview.coverage.observed == 1 and overview.coverage.total == 4
    client.force_login(cast.learner)
    text = client.get(reverse("competences:mine")).content.decode()
    assert "<svg" in text and "Observable action 1.1" in text


def test_latest_is_by_date_observed_then_by_order_recorded(cast):
    indicator = cast.indicators(0)[0]
    add_assessment(cast, indicator, "mentor", 2, assessor=cast.mentor, days_ago=1)
    add_assessment(cast, indicator, "mentor", 4, assessor=cast.mentor, days_ago=10)  # backdated
    add_assessment(cast, indicator, "mentor", 3, assessor=cast.mentor, days_ago=1)
    structure = queries.programme_structure(cast.programme)
    latest = queries.latest_steps(structure, [cast.learner.pk])
    assert latest[cast.learner.pk][indicator.pk] == {"mentor": 3}


def test_current_profile_combines_roles_per_competence(cast):
    first, second = cast.indicators(0)
    classroom = cast.indicators(1)[0]
    add_assessment(cast, first, "self", 4, assessor=cast.learner)
    add_assessment(cast, first, "teacher", 2, assessor=cast.teacher)
    add_assessment(cast, second, "mentor", 4, assessor=cast.mentor)
    add_assessment(cast, classroom, "self", 2, assessor=cast.learner)
    profile = queries.current_profile(cast.learner, cast.learner.pk)
    competences = {c.code: c.pk for c in cast.programme.framework.competences.all()}
    # C1: teacher's 2 (not the self 4) and mentor's 4 → (0.5 + 1.0) / 2
    assert profile[competences["C1"]] == pytest.approx(0.75)
    # C2: only the self-assessment of one of two indicators → (0.5 + 0) / 2
    assert profile[competences["C2"]] == pytest.approx(0.25)
    assert queries.current_profile(cast.classmate, cast.classmate.pk) == {}


def test_group_figures_need_at_least_five_learners(client, cast):
    assert queries.GROUP_FIGURES_MIN_LEARNERS == 5
    client.force_login(cast.teacher)
    url = reverse("competences:group_class", args=[cast.group.pk])
    response = client.get(url)
    assert response.context["overview"].too_small
    assert 'data-testid="too-small"' in response.content.decode()
    for _ in range(3):  # 2 + 3 = 5 learners
        learner = make_member(Role.LEARNER, cast.provider)
        enrol(learner, cast.programme, group=cast.group)
    response = client.get(url)
    assert not response.context["overview"].too_small
    assert 'data-testid="class-figures"' in response.content.decode()


def test_rarely_practised_and_not_acquired_reach_the_teacher(cast):
    for _ in range(3):
        learner = make_member(Role.LEARNER, cast.provider)
        enrol(learner, cast.programme, group=cast.group)
        link(learner, LinkKind.MENTOR, person=cast.mentor)
    first, second = cast.indicators(0)
    for indicator in (first, second):
        add_assessment(cast, indicator, "mentor", 4, assessor=cast.mentor)
    overview = queries.class_overview(cast.group)
    workplace = next(f for f in overview.figures if f.competence.code == "C1")
    assert (workplace.with_mentor, workplace.mentor_observed, workplace.acquired) == (5, 1, 1)
    assert workplace.rarely_practised
    assert workplace in overview.to_act_on


def _group_of(size: int):
    cast = make_cast()
    indicators = [i for p in (0, 1) for i in cast.indicators(p)]
    for _ in range(size - 2):
        learner = make_member(Role.LEARNER, cast.provider)
        enrol(
            learner,
            cast.programme,
            group=cast.group,
            started_on=datetime.date.today() - datetime.timedelta(days=30),
        )
        link(learner, LinkKind.COACH, person=cast.coach)
        link(learner, LinkKind.MENTOR, person=cast.mentor)
    from trajectwijzer.trajectories.models import Enrolment

    for enrolment in Enrolment.objects.filter(group=cast.group).select_related("learner"):
        for n, indicator in enumerate(indicators):
            add_assessment(
                None, indicator, "self", 1 + n % 4, learner=enrolment.learner, days_ago=3
            )
            add_assessment(
                None, indicator, "teacher", 1, learner=enrolment.learner, assessor=cast.teacher
            )
    return cast


def _queries_for(client, viewer, url) -> int:
    client.force_login(viewer)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["group", "group_class"])
def test_group_pages_ask_a_constant_number_of_queries(client, page):
    counts = []
    for size in (5, 20):
        cast = _group_of(size)
        viewer = cast.coach
        counts.append(
            _queries_for(client, viewer, reverse(f"competences:{page}", args=[cast.group.pk]))
        )
    assert counts[0] == counts[1], counts


def test_the_group_page_shows_disagreement_and_coverage(client):
    cast = _group_of(5)
    client.force_login(cast.coach)
    response = client.get(reverse("competences:group", args=[cast.group.pk]))
    overview = response.context["overview"]
    assert len(overview.learners) == 5 and overview.hidden_learners == 0
    # Self 3 and 4 against teacher 1 on C2.1 and C2.2; self 1 and 2 are close enough.
    assert all(sorted(s.disagreement_codes) == ["C2.1", "C2.2"] for s in overview.learners)
    assert all(s.observed == s.total and not s.unobserved_competences for s in overview.learners)
