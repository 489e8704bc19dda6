"""Any plan document, however malformed, is either stored whole or refused with field
errors: never a crash, never half a plan."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .. import services
from ..models import DevelopmentPlan, PlanAction, PlanGoal
from .builders import make_setup

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=12),
    st.sampled_from(["A", "B", "C", "draft", "done", "buddy", "module", "2026-02-30", "\x00"]),
)
actions = st.dictionaries(
    st.sampled_from(["kind", "module_id", "programme_id", "description", "target_date", "status"]),
    scalars,
    max_size=6,
)
goals = st.dictionaries(
    st.sampled_from(["competence", "target_level", "target_date", "status", "description"]),
    scalars,
    max_size=5,
).flatmap(
    lambda goal: st.one_of(scalars, st.lists(st.one_of(actions, scalars), max_size=3)).map(
        lambda acts: {**goal, "actions": acts}
    )
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "title": scalars,
        "status": scalars,
        "note": scalars,
        "goals": st.one_of(scalars, st.lists(st.one_of(goals, scalars), max_size=3)),
    },
)


@pytest.fixture
def setup():
    return make_setup()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=documents, version=scalars)
def test_a_plan_document_is_stored_whole_or_refused(setup, document, version):
    DevelopmentPlan.objects.all().delete()
    try:
        plan = services.create_plan(setup.hr, setup.row_anna, document)
    except services.InputError as error:
        assert error.errors and all(isinstance(message, str) for _f, message in error.errors)
        assert not DevelopmentPlan.objects.exists() and not PlanGoal.objects.exists()
    else:
        assert plan.goals.count() == len(document.get("goals") or [])
    plan = services.create_plan(setup.hr, setup.row_anna, {"title": "Basis"})
    goals_before = PlanGoal.objects.filter(plan=plan).count()
    try:
        services.save_plan(setup.hr, plan, document, version)
    except (services.InputError, services.PlanConflict):
        stored = DevelopmentPlan.objects.get(pk=plan.pk)
        assert stored.version == 1 and stored.title == "Basis"
        assert PlanGoal.objects.filter(plan=plan).count() == goals_before
    assert PlanAction.objects.filter(goal__plan=plan, goal__plan__version=1).count() == 0
