"""In a real browser: Lotte changes the hours she frees a week and sees her completion
date move at once (the what-if form, swapped in by htmx), on an accessible page."""

from __future__ import annotations

import pytest

from trajectwijzer.web.tests.test_browser_accessibility import check_page, check_phone_width

from .. import demo, services
from ..models import StudyPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "Demo-Traject-2026"


@pytest.fixture
def demo_data(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def test_the_learner_changes_her_hours_and_the_completion_date_moves(page, demo_data):
    plan = StudyPlan.objects.get(enrolment__learner__email=demo.LEARNER)
    saved = plan.current.completion_date.isoformat()
    faster = services.what_if(plan.enrolment.learner, plan.enrolment, hours_per_week=60)
    assert faster["completion_date"] != saved
    page.goto("/accounts/login/")
    page.fill("input[name=username]", demo.LEARNER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    path = f"/trajectories/plans/{plan.enrolment_id}/"
    assert check_page(page, path) + check_phone_width(page, path) == []

    page.goto(path)
    assert page.locator("#completion-date").inner_text() == saved
    page.fill("#what-if-hours", "60")
    page.locator("#what-if-hours").dispatch_event("change")
    page.locator("#what-if-result .what-if-date").wait_for()
    page.wait_for_function(
        "expected => document.querySelector('#what-if-result .what-if-date')"
        "?.textContent.trim() === expected",
        arg=faster["completion_date"],
    )
    assert page.url.endswith(path)  # swapped in place, no page load
    # 0 hours: the browser's own check (min 1) holds the form back; the server's refusal
    # of the same input is tested in test_plans.py.
    page.fill("#what-if-hours", "0")
    assert page.eval_on_selector("#what-if-hours", "input => input.validity.valid") is False
