"""On a phone: a learner records a low score with one tap; their coach sees the signal
first in the caseload and acknowledges it. And every barometer and caseload page is
structurally accessible and fits a 390 px screen."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from trajectwijzer.accounts.models import LinkKind, Role, User
from trajectwijzer.caseload.models import Question, Signal
from trajectwijzer.testing import PASSWORD, link, make_member
from trajectwijzer.trajectories.models import Group, academic_year_of
from trajectwijzer.web.tests.test_browser_accessibility import (
    check_page,
    check_phone_width,
    log_in,
)

from .builders import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_low_score_on_a_phone_reaches_the_coach_first_who_acknowledges_it(browser, live_server):
    world = build_world()
    other = make_member(Role.LEARNER, full_name="Aaron Alright")
    link(other, LinkKind.COACH, person=world.person("coach"))

    learner_context = browser.new_context(
        base_url=live_server.url, locale="nl-BE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = learner_context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, world.learner.email)
    # The start page offers the barometer as a task, never a pop-up.
    page.get_by_role("link", name="Mijn motivatie").click()
    # One tap records the score: no note, no confirmation step.
    page.get_by_test_id("score-1").tap()
    page.wait_for_selector(".message.success")
    assert "genoteerd" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("motivation-curve").is_visible()
    assert fits_phone(page)
    learner_context.close()

    coach_context = browser.new_context(
        base_url=live_server.url, locale="nl-BE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = coach_context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, world.person("coach").email)
    assert "1 open signaal" in page.get_by_test_id("home-notices").inner_text()
    page.get_by_role("link", name="Mijn caseload").first.click()
    first = page.get_by_test_id("caseload-row").first
    assert world.learner.full_name in first.inner_text()
    assert "1 op 5" in first.inner_text()
    assert fits_phone(page)
    first.get_by_role("link", name=world.learner.full_name).click()
    signal = Signal.objects.get(learner=world.learner)
    page.get_by_test_id(f"acknowledge-{signal.pk}").tap()
    page.wait_for_selector(".message.success")
    assert "Geen open signalen" in page.inner_text("main")
    assert fits_phone(page)
    coach_context.close()
    signal.refresh_from_db()
    assert signal.acknowledged_by == world.person("coach")


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_barometer_and_caseload_pages_are_accessible_and_fit_a_phone(page, demo):
    lotte = User.objects.get(email="leerling@demo.trajectwijzer.be")

    year = academic_year_of(timezone.localdate())
    group = Group.objects.get(name__startswith="HR-support", academic_year=year)
    last_year = Group.objects.exclude(pk=group.pk).get(name__startswith="HR-support")
    question = Question.objects.get(learner=lotte)
    plan = [
        ("leerling@demo.trajectwijzer.be", ["/barometer/", "/caseload/contact/",
                                            f"/caseload/questions/{question.pk}/"]),
        ("coach@demo.trajectwijzer.be", ["/", "/caseload/", f"/caseload/learners/{lotte.pk}/",
                                         f"/barometer/learners/{lotte.pk}/", "/barometer/groups/",
                                         f"/barometer/groups/{last_year.pk}/",
                                         "/caseload/questions/"]),
        ("aanbieder@demo.trajectwijzer.be", [f"/barometer/groups/{group.pk}/"]),
    ]  # fmt: skip
    problems = []
    for email, paths in plan:
        page.context.clear_cookies()
        log_in(page, email)
        for path in paths:
            problems += check_page(page, path)
            problems += check_phone_width(page, path)
    assert problems == []
