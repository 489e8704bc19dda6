import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_dutch_and_switches_to_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.select_option("[data-testid=language-select]", "en")
    page.get_by_role("button", name="Change language").or_(
        page.get_by_role("button", name="Taal wijzigen")
    ).first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
