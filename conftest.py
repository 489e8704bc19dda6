"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
import shutil

import pytest
from django.utils import translation


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
