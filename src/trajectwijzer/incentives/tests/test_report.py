"""The incentives report: as a PDF download and sent by e-mail as an attachment."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from trajectwijzer.accounts.models import Role
from trajectwijzer.incentives import reports
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db

WIZARD = reverse("incentives:wizard")
EMAIL = reverse("incentives:email")
BRUSSELS_ANSWERS = {
    "person.status": "employee",
    "person.sector": "private",
    "person.workplace_region": "brussels",
}


@pytest.fixture(autouse=True)
def english_interface(settings, client):
    settings.LANGUAGE_CODE = "en"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def answered(client):
    for field, value in BRUSSELS_ANSWERS.items():
        assert client.post(WIZARD, {"field": field, "answer": value}).status_code == 302
    return client


def document_text(document) -> str:
    """The text WeasyPrint laid out on the pages (no PDF text extractor is installed)."""
    texts = []

    def walk(box):
        if hasattr(box, "text"):
            texts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(texts)


def test_the_report_is_a_pdf_download(answered):
    response = answered.get(reverse("incentives:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")


def test_the_report_holds_answers_results_conditions_and_the_disclaimer():
    with translation.override("en"):
        answers = {"person": {"status": "employee", "workplace_region": "brussels"}}
        text = document_text(reports.report_document(reports.situation_report(answers, [], "en")))
    words = " ".join(text.split())
    assert "Paid educational leave (Brussels)" in words
    assert "You work at an establishment in the Brussels-Capital Region." in words
    assert "Where do you work?" in words or "Brussels-Capital Region" in words
    assert "This is information, not a decision" in words
    assert "Rules in force on" in words
    assert "economie-emploi.brussels" in words


def test_the_report_loads_nothing_from_the_network():
    with pytest.raises(ValueError):
        reports._no_network("https://fonts.example.org/font.woff2")


def test_the_report_is_sent_by_email_as_a_pdf_attachment(
    answered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = answered.post(EMAIL, {"email": "lien@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lien@example.org"]
    assert "information, not a decision" in message.body
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf")
    assert content.startswith(b"%PDF")
    assert "The report is on its way to lien@example.org." in answered.get(WIZARD).content.decode()


def test_the_email_is_in_the_persons_language(answered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answered.post(EMAIL, {"email": "lien@example.org"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert mail.outbox[0].subject == "Je Trajectwijzer-rapport over opleidingsincentives"


def test_the_address_defaults_to_the_logged_in_persons(client):
    learner = make_member(Role.LEARNER, email="lien@example.org")
    client.force_login(learner)
    assert client.get(EMAIL).context["form"].initial["email"] == "lien@example.org"
    assert 'value="lien@example.org"' in client.get(WIZARD).content.decode()


def test_an_invalid_address_is_refused(answered):
    response = answered.post(EMAIL, {"email": "not an address"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_at_most_five_reports_per_hour_per_session(answered, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):  # different recipients: only the session limit applies
            response = answered.post(EMAIL, {"email": f"lien{number}@example.org"})
            assert response.status_code == 302
        response = answered.post(EMAIL, {"email": "lien9@example.org"})
    assert response.status_code == 429
    assert "You have sent 5 reports in the last hour" in response.content.decode()
    assert len(mail.outbox) == 5


def test_the_report_shows_training_days_and_employer_figures_in_their_units():
    """Individual training right (werk.belgie.be FAQ: 5 days from 2024 at ≥ 20 workers) and
    the withholding-tax exemption (11.75 %, Circular 2022/C/69) as the PDF lays them out."""
    answers = {
        "person": {"status": "employee", "sector": "private", "employment_fraction": 1},
        "employer": {"headcount": 25},
    }
    with translation.override("nl"):
        text = document_text(reports.report_document(reports.situation_report(answers, [], "nl")))
    words = " ".join(text.split())
    assert "Individueel opleidingsrecht" in words
    assert "Opleidingsdagen dit kalenderjaar" in words and "5 dagen" in words
    assert "11.75 %" in words
