"""The results a person can scan: a summary in three states on the page and on the
PDF's first page, details that fold out, and official links by name, not raw URL."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from trajectwijzer.incentives.reports import link_name

pytestmark = pytest.mark.django_db

WIZARD = reverse("incentives:wizard")
# A Brussels worker in a recognised 120-hour classroom training: the Brussels leave
# applies, the Flemish-only schemes do not, and several still depend on the employer.
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


@pytest.fixture(autouse=True)
def english_interface(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def answered(client):
    for field, value in ANSWERS.items():
        assert client.post(WIZARD, {"field": field, "answer": value}).status_code == 302
    return client


def groups(html: str) -> dict[str, str]:
    """Each summary group's HTML by its state."""
    found = re.findall(
        r'<div class="summary-group state-(\w+)" data-state="\w+">(.*?)</div>', html, re.S
    )
    return dict(found)


def test_the_page_shows_a_summary_in_three_states_with_icons_words_and_the_question(answered):
    response = answered.get(WIZARD)
    html = response.content.decode()
    report = response.context["report"]
    summary = groups(html)
    assert list(summary) == ["yes", "unknown", "no"]
    # Words and an icon for each state, not colour alone.
    assert "✓" in summary["yes"] and "What you can get" in summary["yes"]
    assert "?" in summary["unknown"] and "What might apply" in summary["unknown"]
    assert "✗" in summary["no"] and "What does not apply" in summary["no"]
    # Every incentive sits in the group of its result.
    for result in report["results"]:
        assert result["title"] in summary[result["eligible"]], result["id"]
    assert {r["eligible"] for r in report["results"]} == {"yes", "unknown", "no"}
    # What might apply names the one question that would settle most of it.
    question = report["next_question"]["question"]
    assert "The question that would settle most of these:" in summary["unknown"]
    assert question in summary["unknown"]
    # Details per incentive fold out; the official links carry names.
    assert html.count("<details>") == len(report["results"])
    assert 'href="https://economie-emploi.brussels/conge-education-paye-reforme"' in html
    assert ">https://" not in html


def test_an_amount_is_in_the_summary_when_the_incentive_applies(answered):
    response = answered.get(WIZARD)
    brussels = next(
        r
        for r in response.context["report"]["results"]
        if r["id"] == "betaald_educatief_verlof_brussel"
    )
    assert brussels["eligible"] == "yes" and brussels["amounts"]
    yes = groups(response.content.decode())["yes"]
    assert f"{brussels['amounts'][0]['label']} {brussels['amounts'][0]['value']}" in yes


def test_the_pdf_opens_with_the_same_summary(answered):
    response = answered.get(WIZARD)
    report = response.context["report"]
    pdf = answered.get(reverse("incentives:report_pdf"))
    reader = PdfReader(io.BytesIO(pdf.content))
    first = " ".join(reader.pages[0].extract_text().split())
    for heading in ("What you can get", "What might apply", "What does not apply"):
        assert heading in first
    assert "The question that would settle most of these:" in first
    assert " ".join(report["next_question"]["question"].split()) in first
    for result in report["results"]:
        assert " ".join(result["title"].split()) in first, result["id"]
    # The answers come after the summary, on a later page.
    assert "Your answers" not in first
    rest = " ".join(" ".join(p.extract_text().split()) for p in reader.pages[1:])
    assert "Your answers" in rest


def test_the_summary_is_translated(answered):
    html = answered.get(WIZARD, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wat je kunt krijgen" in html and "Wat niet geldt" in html


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (
            "https://www.vlaanderen.be/vlaams-opleidingsverlof",
            "Vlaams opleidingsverlof (vlaanderen.be)",
        ),
        ("https://economy-employment.brussels/", "economy-employment.brussels"),
        ("https://www.rva.be/nl/documentatie/infoblad/t1", "T1 (rva.be)"),
    ],
)
def test_an_official_link_is_named_after_its_page_and_host(url, name):
    assert link_name(url) == name
