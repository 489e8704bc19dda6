"""A mentor scores a learner on a phone (390 × 844) in a real browser; the coach then
sees the change in the group's coverage and in the learner's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.testing import PASSWORD

from .builders import add_assessment, make_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRUCTURE_PROBLEMS = """() => {
  const problems = [];
  if (document.querySelectorAll('h1').length !== 1) problems.push('expected one h1');
  for (const field of document.querySelectorAll(
      'input:not([type=hidden]), select, textarea')) {
    const labelled = (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`))
      || field.closest('label') || field.getAttribute('aria-label');
    if (!labelled) problems.push(`unlabelled ${field.name}`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('too wide');
  return problems;
}"""


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def test_a_mentor_scores_on_a_phone_and_the_coach_sees_it(page):
    cast = make_cast()
    first, second = cast.indicators(0)
    # The learner thinks she masters the first indicator; nobody else scored yet.
    add_assessment(cast, first, "self", 4, assessor=cast.learner)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, cast.mentor.email)
    page.goto(reverse("competences:overview"))
    page.click(f'[data-testid="score-{cast.learner.pk}"]')
    page.wait_for_selector('[data-testid="score-form"]')
    assert page.evaluate(STRUCTURE_PROBLEMS) == []
    # Only the workplace competence is offered to the mentor.
    assert page.locator("fieldset.score-indicator").count() == 2
    # Keyboard: focus the first option of the first indicator, arrow to level 2.
    page.locator(f'input[name="level-{first.pk}"][value="1"]').focus()
    page.keyboard.press("ArrowRight")
    assert page.locator(f'input[name="level-{first.pk}"][value="2"]').is_checked()
    page.locator(f'input[name="level-{second.pk}"][value="3"]').check()
    page.click('[data-testid="save-scores"]')
    page.wait_for_url(f"**/competences/learners/{cast.learner.pk}/")
    assert page.evaluate(STRUCTURE_PROBLEMS) == []

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, cast.coach.email)
    page.goto(reverse("competences:group", args=[cast.group.pk]))
    row = page.locator('[data-testid="group-learners"] tr', has_text=cast.learner.full_name)
    # Self 4 against the mentor's 2 on the first indicator: a disagreement, now visible.
    assert "C1.1" in row.inner_text()
    assert "2 / 4" in row.inner_text()  # two of four indicators observed
    page.goto(reverse("competences:learner", args=[cast.learner.pk]))
    assert page.locator(".disagree").count() == 1


def test_every_competence_page_fits_a_phone_and_is_labelled(page):
    cast = make_cast()
    for indicator in cast.indicators(0) + cast.indicators(1):
        add_assessment(cast, indicator, "self", 2, assessor=cast.learner, days_ago=20)
        add_assessment(cast, indicator, "teacher", 3, assessor=cast.teacher, days_ago=5)
    page.set_viewport_size({"width": 390, "height": 844})
    visits = {
        cast.learner: [
            reverse("competences:mine"),
            reverse("competences:score", args=[cast.learner.pk]),
        ],
        cast.coach: [
            reverse("competences:overview"),
            reverse("competences:group", args=[cast.group.pk]),
            reverse("competences:group_class", args=[cast.group.pk]),
            reverse("competences:learner", args=[cast.learner.pk]),
        ],
        cast.teacher: [reverse("competences:score", args=[cast.learner.pk])],
    }
    problems = []
    for person, paths in visits.items():
        page.context.clear_cookies()
        log_in(page, person.email)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            problems += [f"{path}: {p}" for p in page.evaluate(STRUCTURE_PROBLEMS)]
    assert problems == []
