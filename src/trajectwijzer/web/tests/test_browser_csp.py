"""Under the strict Content-Security-Policy the pages still work and nothing is refused.

Chromium reports each refusal twice: as a ``securitypolicyviolation`` event in the
page and as a console error; both are collected over every navigation of a test.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from trajectwijzer.testing import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.violatedDirective} refused ${event.blockedURI || "inline code"}`
    + ` in ${event.documentURI}`
  );
});
"""


@pytest.fixture
def violations(page):
    found: list[str] = []
    page.expose_binding("reportCspViolation", lambda _source, text: found.append(text))
    page.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", on_console)
    return found


HTMX_READY = "() => window.htmx !== undefined && document.readyState === 'complete'"
HTMX_IDLE = (
    "() => document.readyState === 'complete'"
    " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
)


@pytest.fixture
def demo_catalogue():
    call_command("load_demo", verbosity=0)


def test_home_page_and_catalogue_search_with_htmx_run_without_a_refusal(
    page, violations, demo_catalogue
):
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.htmx !== undefined")
    # htmx read its configuration from the meta element: it adds no <style> of its own.
    assert page.evaluate("() => htmx.config.includeIndicatorStyles") is False
    assert page.locator("head style").count() == 0

    page.goto("/catalogue/")
    # htmx processes the page on DOMContentLoaded: only then does the form listen.
    page.wait_for_function(HTMX_READY)
    page.get_by_role("searchbox").fill("HR")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=HR"))
    # The URL is pushed when the response arrives; wait until the swap has settled, or
    # the filter below would be ticked in the results that are about to be replaced.
    page.wait_for_function(HTMX_IDLE)
    page.locator("ol.results li").first.wait_for()
    page.locator("input[name=delivery][value=distance]").check()
    # htmx swapped the results in place and pushed the filtered URL.
    page.wait_for_function("() => location.search.includes('delivery=distance')")
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=delivery][value=distance]").is_checked()
    assert page.locator("ol.results li").count() >= 1
    assert violations == []


def test_the_api_docs_page_renders_swagger_ui_without_a_refusal(page, violations):
    response = page.goto("/api/v1/docs")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI ran (static init script), fetched the schema and listed the operations.
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 10
    assert page.get_by_text("Trajectwijzer API").first.is_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_django_admin_works_without_a_refusal(page, violations):
    make_user("admin@example.org", is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto("/admin/accounts/user/")
    page.locator("#result_list").wait_for()
    page.goto("/admin/accounts/user/add/")
    page.locator("form").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert violations == []
