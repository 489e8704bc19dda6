"""In a real browser: the demo employer's pages are accessible and fit a phone; the
team leader adds a buddy to a plan on a phone and the employee then sees it."""

from __future__ import annotations

import pytest

from trajectwijzer.web.tests.test_browser_accessibility import check_page, check_phone_width

from .. import demo
from ..models import CompetenceMatrix, DevelopmentPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "Demo-Traject-2026"


@pytest.fixture
def demo_data(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def log_out(page) -> None:
    page.locator("header button.link-button").click()
    page.wait_for_url("**/")


def test_matrix_plan_and_reorientation_pages_on_a_phone(page, demo_data):
    matrix = CompetenceMatrix.objects.get(title=demo.MATRIX_TITLE)
    plan = DevelopmentPlan.objects.get(title=demo.PLAN_TITLE)
    log_in(page, demo.TEAM_LEADER_EMAIL)
    paths = [
        "/development/",
        f"/development/matrices/{matrix.pk}/",
        f"/development/rows/{plan.row_id}/",
        f"/development/plans/{plan.pk}/",
        f"/development/reorientation/?source=self&framework={matrix.framework_id}&assessed=1",
    ]
    problems = []
    for path in paths:
        problems += check_page(page, path)
        problems += check_phone_width(page, path)
    assert problems == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/development/plans/{plan.pk}/")
    second_goal = page.locator("details").nth(1)  # the safety goal
    second_goal.locator("summary").click()
    page.select_option("#ak-2", "buddy")
    page.fill("#ad-2", "Ewa toont de veiligheidsronde")
    second_goal.locator("button[type=submit]").click()
    assert "Plan bewaard." in page.locator(".messages").inner_text()
    log_out(page)

    log_in(page, demo.email_of(demo.PLAN_EMPLOYEE))
    page.goto(f"/development/plans/{plan.pk}/")
    assert "Ewa toont de veiligheidsronde" in page.locator("main").inner_text()
