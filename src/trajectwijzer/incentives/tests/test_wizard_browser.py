"""A worker employed in Brussels answers the wizard in a real browser (Dutch, the
default language), gets the Brussels paid educational leave explained, downloads the
PDF report, and then finds the incentives on the Howest distance programme in the
catalogue, judged with the programme's own details."""

from __future__ import annotations

import pytest

from trajectwijzer.demo.loader import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWERS = {
    "person.residence": "brussels",
    "person.status": "employee",
    "person.contract": "employment",
    "person.sector": "private",
    "person.workplace_region": "brussels",
    "person.employment_fraction": "1",
    "person.schedule": "fixed",
    "training.recognised_regions": "brussels",
    "training.contact_hours": "120",
    "training.physical_contact_hours": "120",
    "training.distance": "none",
    "training.abroad": "false",
    "training.total_hours": "120",
}


def test_a_brussels_worker_gets_the_brussels_leave_explained_and_the_pdf(page, tmp_path):
    load_demo()
    # A phone: the results must fit 390 px without scrolling sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/incentives/")
    for _ in range(30):
        field = page.locator('input[name="field"]')
        if field.count() == 0:
            break
        path = field.get_attribute("value")
        value = ANSWERS.get(path)
        if value is None:
            page.click('button[name="dont_know"]')
            continue
        number = page.locator('input[type="number"][name="answer"]')
        if number.count():
            number.fill(value)
        else:
            page.check(f'input[name="answer"][value="{value}"]')
        page.click('button[name="save"]')
    else:
        pytest.fail("the wizard kept asking questions")

    # The result page opens with a summary in three states, told apart by words and icons.
    summary = page.locator('[data-testid="summary"]')
    assert summary.is_visible()
    can_get = summary.locator('[data-state="yes"]')
    assert "✓" in can_get.inner_text() and "Wat je kunt krijgen" in can_get.inner_text()
    assert "Betaald educatief verlof" in can_get.inner_text()
    assert "Wat misschien geldt" in summary.locator('[data-state="unknown"]').inner_text()
    assert "✗" in summary.locator('[data-state="no"]').inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    brussels = page.locator("#incentive-betaald_educatief_verlof_brussel")
    # The details fold out.
    details = brussels.locator("details")
    assert details.get_attribute("open") is None
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    # Every incentive's details open at once still fit the phone.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    references = brussels.locator(".references a")
    assert references.count() >= 1
    assert not references.first.inner_text().startswith("http")
    assert "Je komt in aanmerking" in brussels.inner_text()
    assert "U werkt in een vestiging in het Brussels Hoofdstedelijk Gewest." in (
        brussels.inner_text()
    )
    assert "MyBEE" in brussels.inner_text()

    with page.expect_download() as download_info:
        page.click('[data-testid="report-pdf"]')
    target = tmp_path / "report.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # The catalogue now shows the incentives on every card, the Howest distance
    # programme included: it is recognised for Flemish leave only, so the Brussels leave
    # that applied to the training described in the wizard does not apply to it.
    page.goto("/catalogue/?q=HR-support")
    card = page.locator("article", has_text="Graduaat HR-support (afstandsonderwijs)").first
    badges = card.locator(".incentive-badges")
    assert badges.count() == 1
    assert card.locator('[data-incentive="betaald_educatief_verlof_brussel"]').count() == 0
    assert card.locator('.badge[data-incentive="opleidingscheques"]').count() == 1

    card.get_by_role("link", name="Graduaat HR-support (afstandsonderwijs)").click()
    page.wait_for_selector("#incentives-heading")
    brussels_here = page.locator(
        'details.incentive-no[data-incentive="betaald_educatief_verlof_brussel"]'
    )
    assert brussels_here.count() == 1
    brussels_here.locator("summary").click()  # the reasons are folded for "not for you"
    assert "✗" in brussels_here.locator(".conditions").inner_text()
    cheques = page.locator('details[data-incentive="opleidingscheques"]')
    assert cheques.count() == 1 and "incentive-no" not in (cheques.get_attribute("class") or "")
