"""Every page a person reaches: landmarks, labels, headings, keyboard and phone width.

A structural check in a real browser, not a full audit: it catches the mistakes that
lock people out (an unlabelled field, no main landmark, a page wider than a phone).
"""

import pytest
from django.core.management import call_command

from trajectwijzer.catalogue.models import Programme, Provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "Demo-Traject-2026"

# Runs in the page; returns a list of problems (empty when the page passes).
STRUCTURE_PROBLEMS = """() => {
  const problems = [];
  const lang = document.documentElement.getAttribute('lang');
  if (!lang) problems.push('html has no lang');
  const h1s = document.querySelectorAll('h1');
  if (h1s.length !== 1) problems.push(`expected one h1, found ${h1s.length}`);
  if (document.querySelectorAll('main, [role=main]').length !== 1)
    problems.push('expected one main landmark');
  if (!document.querySelector('header, [role=banner]')) problems.push('no banner landmark');
  if (!document.querySelector('nav, [role=navigation]')) problems.push('no navigation landmark');
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`duplicate id ${id}`);
  const fields = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea');
  for (const field of fields) {
    const labelled = (field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`))
      || field.closest('label') || field.getAttribute('aria-label')
      || field.getAttribute('aria-labelledby');
    if (!labelled) problems.push(`unlabelled field ${field.name || field.outerHTML.slice(0, 60)}`);
  }
  for (const button of document.querySelectorAll('button, a[href]')) {
    if (!button.textContent.trim() && !button.getAttribute('aria-label'))
      problems.push(`control without text: ${button.outerHTML.slice(0, 80)}`);
  }
  for (const img of document.querySelectorAll('img:not([alt])')) problems.push('img without alt');
  return problems;
}"""


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def check_page(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    problems = [f"{path}: {p}" for p in page.evaluate(STRUCTURE_PROBLEMS)]
    # Keyboard: the first Tab reaches the skip link, which leads to the main content
    # (unless the page deliberately focuses its one field, as the login page does).
    if page.evaluate("document.activeElement === document.body"):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") != "skip-link":
            problems.append(f"{path}: first Tab does not reach the skip link")
    return problems


def check_phone_width(page, path: str) -> list[str]:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    too_wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})
    return [f"{path}: wider than a 390 px phone screen"] if too_wide else []


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def test_public_pages_are_structurally_accessible_and_fit_a_phone(page, demo):
    programme = Programme.objects.get(title__startswith="Graduaat HR-support")
    provider = Provider.objects.get(pk=programme.provider_id)
    paths = [
        "/",
        "/catalogue/",
        "/catalogue/?q=HR&delivery=distance",
        programme.get_absolute_url(),
        provider.get_absolute_url(),
        "/accounts/login/",
        "/accounts/register/",
        "/accounts/password-reset/",
    ]
    problems = []
    for path in paths:
        problems += check_page(page, path)
        problems += check_phone_width(page, path)
    assert problems == []


@pytest.mark.parametrize(
    ("email", "paths"),
    [
        ("leerling@demo.trajectwijzer.be", ["/", "/accounts/profile/", "/accounts/consents/"]),
        ("coach@demo.trajectwijzer.be", ["/", "/accounts/learners/"]),
        ("aanbieder@demo.trajectwijzer.be", ["/", "/accounts/pending/", "/catalogue/manage/"]),
    ],
)
def test_pages_behind_login_are_structurally_accessible(page, demo, email, paths):
    log_in(page, email)
    problems = []
    for path in paths:
        problems += check_page(page, path)
        problems += check_phone_width(page, path)
    assert problems == []
