"""The privacy pages in a real browser: structure, keyboard, phone width; the learner
asks for erasure and the platform administrator carries it out."""

from __future__ import annotations

import pytest

from trajectwijzer.accounts.models import User
from trajectwijzer.web.tests.test_browser_accessibility import (
    check_page,
    check_phone_width,
    demo,  # noqa: F401  (fixture)
    log_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEARNER = "leerling@demo.trajectwijzer.be"
PLATFORM_ADMIN = "beheer@demo.trajectwijzer.be"


def test_a_learner_asks_and_the_platform_administrator_erases(page, demo, live_server):  # noqa: F811
    log_in(page, LEARNER)
    problems = check_page(page, "/privacy/") + check_phone_width(page, "/privacy/")
    page.goto("/privacy/")
    page.locator("form[action='/privacy/erasure/request/'] button").click()
    page.wait_for_url("**/privacy/")
    page.context.clear_cookies()

    log_in(page, PLATFORM_ADMIN)
    problems += check_page(page, "/privacy/erasure/") + check_phone_width(page, "/privacy/erasure/")
    page.goto("/privacy/erasure/")
    page.locator("main table a").first.click()
    detail = page.url.removeprefix(live_server.url)
    problems += check_page(page, detail) + check_phone_width(page, detail)
    page.goto(detail)
    page.check("input[name=confirm]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("text=De wissing werd uitgevoerd.")
    assert problems == []
    assert not User.objects.filter(email=LEARNER).exists()
