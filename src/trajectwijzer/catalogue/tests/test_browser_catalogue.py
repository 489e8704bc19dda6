"""The catalogue as a person uses it, in Debian's Chromium driven by Playwright."""

import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


HOWEST_GRADUAAT = re.compile(r"^\s*Graduaat HR-support")


@pytest.fixture
def demo_catalogue():
    call_command("load_demo", verbosity=0)


def test_search_filter_open_programme_and_switch_to_french(page, demo_catalogue):
    page.goto("/catalogue/")
    page.get_by_role("searchbox").fill("HR")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=HR"))
    page.wait_for_function("() => window.htmx !== undefined")
    results = page.locator("ol.results")
    howest = results.get_by_role("link", name=HOWEST_GRADUAAT)
    howest.wait_for()

    page.locator("input[name=delivery][value=distance]").check()
    # htmx swaps the results in place and pushes the filtered URL.
    page.wait_for_function("() => location.search.includes('delivery=distance')")
    assert page.locator("input[name=delivery][value=distance]").is_checked()
    page.wait_for_load_state("networkidle")
    assert howest.count() == 1
    assert results.locator("li").count() == int(
        page.locator("input[name=delivery][value=distance] ~ .facet-count").inner_text().split()[0]
    )

    howest.click()
    page.wait_for_url(re.compile(r"/catalogue/programmes/\d+/"))
    assert HOWEST_GRADUAAT.match(page.get_by_role("heading", level=1).inner_text())
    module_list = page.locator("section[aria-labelledby=modules-heading]")
    internships = module_list.get_by_role(
        "heading", level=4, name=re.compile(r"Stage als HR-support \d")
    )
    assert internships.count() == 4, "the four internships are listed as modules"
    assert module_list.get_by_role("heading", name=re.compile("Organisatie en HR")).count() == 1
    page.screenshot(path="/tmp/programme-nl.png", full_page=True)

    page.select_option("[data-testid=language-select]", "fr")
    page.locator(".language-switcher button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Graduat en soutien RH")
