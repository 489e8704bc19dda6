"""The trajectories demo: Lotte's plan finishes one semester after the model path."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from trajectwijzer.accounts.models import User
from trajectwijzer.cli import main
from trajectwijzer.demo import loader

from .. import demo
from ..models import StudyPlan

pytestmark = pytest.mark.django_db


def test_lotte_has_two_exemptions_and_finishes_a_semester_after_the_model_path(capsys):
    loader.load_demo()
    coach = User.objects.get(email=demo.COACH)
    demo.load_plan(StudyPlan.objects.get().enrolment, decided_by=coach)  # rerunnable
    plan = StudyPlan.objects.get(enrolment__learner__email=demo.LEARNER)
    assert plan.versions.count() == 1
    current = plan.current
    assert current.hours_per_week == demo.LOTTE_HOURS_PER_WEEK
    assert current.result["exempted"] == sorted(demo.LOTTE_EXEMPT)
    model_end = dt.date.fromisoformat(current.result["model"]["completion_date"])
    # One semester later: the model path ends in June, Lotte's plan the January after.
    assert current.completion_date == dt.date(model_end.year + 1, 1, 31)
    assert current.result["warnings"] == []
    assert main(["trajectories", "plan", demo.LEARNER]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["completion_date"] == current.completion_date.isoformat()
