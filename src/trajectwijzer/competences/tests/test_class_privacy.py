"""The teacher's class figures cannot be subtracted (issue #9, finding 1;
docs/privacy-group-figures.md): one learner's new assessment leaves the page as it
was, and the mentors' figures are not shown for fewer than five learners with a
mentor. Read through the page the teacher gets; both tests fail on the code before
the fix, which recomputed the figures on every read and showed the mentors' figures
for any number of mentored learners."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import Role
from trajectwijzer.testing import enrol, make_member

from .builders import LEVELS, add_assessment, make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    """A class of seven: the cast's learner and classmate (both with a mentor) and five more."""
    cast = make_cast()
    for _ in range(5):
        enrol(make_member(Role.LEARNER, cast.provider), cast.programme, group=cast.group)
    return cast


def _class_page(client, cast):
    client.force_login(cast.teacher)
    page = client.get(reverse("competences:group_class", args=[cast.group.pk]))
    assert page.status_code == 200
    return page


def _numbers(page) -> list[tuple]:
    overview = page.context["overview"]
    return [
        (f.competence.code, f.acquired, f.not_acquired, round(f.mean_fraction, 6))
        for f in overview.figures
    ] + [overview.learner_count]


def _acquire_c1(cast, learner):
    for indicator in cast.indicators(0):
        add_assessment(
            None, indicator, "teacher", len(LEVELS), learner=learner, assessor=cast.teacher
        )


def test_one_learners_new_assessment_leaves_the_class_figures_as_they_were(client, cast):
    from trajectwijzer.trajectories.models import Enrolment

    learners = [e.learner for e in Enrolment.objects.filter(group=cast.group).order_by("pk")]
    before = _class_page(client, cast)
    assert not before.context["overview"].too_small
    _acquire_c1(cast, learners[0])
    after = _class_page(client, cast)
    assert _numbers(after) == _numbers(before)
    assert after.content.decode().count("0 / 7") == before.content.decode().count("0 / 7")

    for learner in learners[1:5]:  # five learners changed since the figures were published
        _acquire_c1(cast, learner)
    changed = _class_page(client, cast).context["overview"]
    c1 = next(f for f in changed.figures if f.competence.code == "C1")
    assert c1.acquired == 5


def test_the_mentors_figures_are_not_shown_for_fewer_than_five_mentored_learners(client, cast):
    """Two of seven have a mentor: "observed by the mentor: 1 / 2" told the teacher
    what happened at one of two workplaces."""
    add_assessment(cast, cast.indicators(0)[0], "mentor", 2, assessor=cast.mentor)
    page = _class_page(client, cast)
    c1 = next(f for f in page.context["overview"].figures if f.competence.code == "C1")
    assert c1.with_mentor == 2
    assert c1.mentor_observed is None and c1.mentor_observations is None
    assert not c1.rarely_practised
    html = page.content.decode()
    assert "1 / 2" not in html and "0 / 2" not in html
    assert 'data-testid="release-rule"' in html
