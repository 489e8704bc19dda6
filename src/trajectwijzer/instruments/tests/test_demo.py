"""Demo: seven of Lotte's classmates answered, so group results show; Lotte did not."""

from __future__ import annotations

import pytest

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User
from trajectwijzer.instruments import queries
from trajectwijzer.instruments import rules as instruments_rules
from trajectwijzer.instruments.models import Response

pytestmark = pytest.mark.django_db


def test_demo_has_group_results_for_the_teacher_and_signals_for_the_coach():
    from trajectwijzer.demo.loader import load_demo

    load_demo()
    count = Response.objects.count()
    load_demo()  # idempotent
    assert Response.objects.count() == count == 21
    teacher = User.objects.get(email="docent@demo.trajectwijzer.be")
    groups = queries.visible_result_groups(teacher, "motivatiescan")
    assert len(groups) == 1 and groups[0].respondents == 7 >= instruments_rules.MIN_GROUP_SIZE
    lotte = User.objects.get(email="leerling@demo.trajectwijzer.be")
    assert not Response.objects.filter(respondent=lotte).exists()
    coach = User.objects.get(email="coach@demo.trajectwijzer.be")
    classmate = User.objects.get(email="jonas.desmet@demo.trajectwijzer.be")
    assert policy.can(
        coach,
        instruments_rules.VIEW_INSTRUMENT_RESPONSE,
        Response.objects.filter(subject=classmate).first(),
    )
