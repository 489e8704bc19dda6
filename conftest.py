"""Fixtures shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zoneinfo

import pytest
import time_machine
from django.utils import translation

# The suite's clock -----------------------------------------------------------------
# Academic years, current enrolments, barometer moments, follow-up due dates and
# "observed on" checks all depend on today's date; an unfixed clock would make the suite
# change behaviour as the calendar moves (issue #9 finding 12). Every test starts at one
# fixed instant and time ticks on from there (so timestamps still order and timeouts
# still expire). TRAJECTWIJZER_TEST_CLOCK=2030-05-20 (or 2030-05-20T16:30) runs the suite
# at another instant, to prove it does not depend on the one chosen.

TEST_CLOCK_ENV = "TRAJECTWIJZER_TEST_CLOCK"
TEST_TIME_ZONE = zoneinfo.ZoneInfo("Europe/Brussels")
DEFAULT_TEST_INSTANT = dt.datetime(2026, 10, 14, 10, 0, tzinfo=TEST_TIME_ZONE)


def suite_instant() -> dt.datetime:
    """The instant every test starts at: the default or TRAJECTWIJZER_TEST_CLOCK."""
    value = os.environ.get(TEST_CLOCK_ENV, "").strip()
    if not value:
        return DEFAULT_TEST_INSTANT
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError:
        raise pytest.UsageError(
            f"{TEST_CLOCK_ENV}={value!r}: give a date or date and time, e.g. 2030-05-20 "
            "or 2030-05-20T16:30"
        ) from None
    if len(value) == 10:  # a date alone: mid-morning, as the default
        instant = instant.replace(hour=10)
    return instant if instant.tzinfo else instant.replace(tzinfo=TEST_TIME_ZONE)


def pytest_report_header(config) -> str:
    return f"test clock: every test starts at {suite_instant().isoformat()} (ticking)"


@pytest.fixture
def test_clock_instant() -> dt.datetime:
    """The instant the current test started at (see ``fixed_clock``)."""
    return suite_instant()


@pytest.fixture(autouse=True)
def fixed_clock():
    """Freeze the clock at the test instant, ticking; a test may move it with .shift()."""
    with time_machine.travel(suite_instant(), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Start every test in the default language.

    A request activates its language in the thread that runs it and nothing switches
    back afterwards, so a test asking for English pages would otherwise leave English
    active for the tests after it.
    """
    yield
    translation.deactivate()


@pytest.fixture
def real_password_hashing(settings):
    """Hash passwords as production does (Argon2 first) instead of the fast test hasher."""
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS


# Browser tests ------------------------------------------------------------------
# Playwright for Python drives Debian's Chromium through executable_path; it never
# downloads a browser. Locally the tests skip when Chromium is missing; in CI
# (REQUIRE_BROWSER_TESTS=1) a missing browser is an error, so none are skipped there.

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    candidate = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if os.path.exists(candidate) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail("Chromium is required (REQUIRE_BROWSER_TESTS=1) but was not found.")
        pytest.skip("Chromium not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the browser
    # lives; the ORM calls of tests (and their database teardown) stay synchronous, so
    # allow them for as long as the browser runs, and restore the environment after.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=path, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
