"""Lotte fills the motivatiescan on a phone (390 × 844), stops halfway, resumes later,
reads her report; her coach then sees the signal her answers raised."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from trajectwijzer.web.tests.test_browser_accessibility import STRUCTURE_PROBLEMS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEARNER = "leerling@demo.trajectwijzer.be"
COACH = "coach@demo.trajectwijzer.be"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def answer_page(page, likert: str = "4", choices: dict | None = None) -> None:
    """Answer every question on the current page, then go on."""
    choices = choices or {}
    names = page.evaluate(
        "() => [...new Set([...document.querySelectorAll('main input[type=radio]')]"
        ".map(i => i.name))]"
    )
    for name in names:
        value = choices.get(name, likert)
        page.check(f'input[name="{name}"][value="{value}"]')
    for field in page.locator("main input[inputmode=decimal]").all():
        field.fill("8")
    for area in page.locator("main textarea").all():
        area.fill("Een vaste studieavond per week.")


def log_out(page) -> None:
    page.locator("header form button.link-button").click()
    page.wait_for_url("**/")


def test_learner_fills_motivatiescan_on_a_phone_resumes_and_coach_sees_the_signal(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, LEARNER)
    page.goto("/instruments/")
    card = page.locator('[data-instrument="motivatiescan"]')
    card.locator("button[type=submit]").click()
    # three pages, then stop
    for number in (1, 2, 3):
        assert f"{number}" in page.locator("#progress-label").inner_text()
        assert page.locator("main fieldset legend").count() >= 5
        assert page.evaluate(STRUCTURE_PROBLEMS) == []
        assert fits_the_phone(page)
        answer_page(page, likert="2" if number == 2 else "4")
        page.click('button[value="next"]')
    assert "/section/4/" in page.url
    page.click('button[value="stop"]')
    page.wait_for_url("**/instruments/")
    log_out(page)

    # later: log in again and continue on page 4
    log_in(page, LEARNER)
    page.goto("/instruments/")
    page.locator('[data-instrument="motivatiescan"] button[type=submit]').click()
    assert "/section/4/" in page.url
    # a required question left open keeps the page, naming what is missing
    page.click('button[value="next"]')
    assert page.locator("#error-summary").is_visible()
    assert "/section/4/" in page.url
    answer_page(page, choices={"stop": "yes"})
    page.click('button[value="next"]')
    for _ in range(3):  # leadership, growth, organising
        answer_page(page)
        page.click('button[value="next"]')
    # last page: the follow-up question appears because she thought of stopping
    assert page.locator("#field-stop_help").is_visible()
    answer_page(page)
    page.click('button[value="next"]')
    page.wait_for_url("**/instruments/responses/*/")

    # the report: scores (chart and table), feedback, PDF link, on the phone
    assert page.locator("main svg[role=img]").count() == 1
    assert page.locator('tr[data-dimension="relatedness"]').count() == 1
    assert page.locator('[data-rule="thinking_of_stopping"]').is_visible()
    assert page.locator('[data-rule="relatedness_low"]').is_visible()  # page 2 all 2s
    assert page.locator('[data-testid="report-pdf"]').is_visible()
    assert page.evaluate(STRUCTURE_PROBLEMS) == []
    assert fits_the_phone(page)
    log_out(page)

    # the coach sees the signal on Lotte's questionnaire page
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, COACH)
    page.goto("/instruments/")
    page.locator('[data-testid="learners"] a', has_text="Lotte").click()
    signals = page.locator('[data-testid="instrument-signals"]').inner_text()
    assert "Je dacht eraan om te stoppen" in signals
    assert "Motivatiescan" in signals

    # ... and in the caseload, where Lotte's open signals put her among the first
    page.goto("/caseload/")
    lotte = page.locator("li", has_text="Lotte Vermeulen").first
    assert "Je dacht eraan om te stoppen" in lotte.inner_text()


@pytest.mark.parametrize(
    ("email", "paths"),
    [
        ("docent@demo.trajectwijzer.be", ["/instruments/", "group:motivatiescan", "group:intake"]),
        (
            "coach@demo.trajectwijzer.be",
            ["/instruments/", "learner:jonas.desmet@demo.trajectwijzer.be"],
        ),
    ],
)
def test_results_pages_are_structurally_accessible_on_a_phone(page, demo, email, paths):
    from trajectwijzer.accounts.models import User
    from trajectwijzer.trajectories.models import Group

    group = Group.objects.get(name="HR-support afstandsleren")
    log_in(page, email)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in paths:
        kind, _sep, value = path.partition(":")
        if kind == "group":
            path = f"/instruments/{value}/results/group/{group.pk}/"
        elif kind == "learner":
            path = f"/instruments/learners/{User.objects.get(email=value).pk}/"
        reply = page.goto(path)
        assert reply is not None and reply.status == 200, path
        assert page.evaluate(STRUCTURE_PROBLEMS) == [], path
        assert fits_the_phone(page), path
        if kind == "group":
            assert page.locator("main svg[role=img]").count() >= 2  # means and distributions
