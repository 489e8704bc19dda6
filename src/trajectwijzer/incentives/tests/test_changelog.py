"""The rule changelog and the per-incentive review dates (docs/incentives-changelog.md)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import translation

from trajectwijzer.cli import main
from trajectwijzer.incentives import changelog, reports
from trajectwijzer.incentives.services import incentive_definitions
from trajectwijzer.incentives.tests.test_report import document_text


def test_every_rule_file_change_has_a_changelog_entry():
    problems = changelog.problems()
    assert not problems, "\n".join(problems)


def test_a_changed_rule_file_without_an_entry_is_reported(monkeypatch):
    # The app's rule files with one parameter's digest changed, checked against the
    # real manifest: the edit must be named, with what to do.
    real = changelog.rule_files()
    path = "parameters/vlaams_opleidingsverlof/max_hours_per_school_year.yaml"
    monkeypatch.setattr(changelog, "rule_files", lambda: {**real, path: "0" * 64})
    problems = changelog.problems()
    assert len(problems) == 1
    assert path in problems[0] and "record-change" in problems[0]


def test_an_entry_without_source_or_existing_cases_is_reported():
    text = (
        "### 2027-01-01-x\n- **Date**: 2027-01-01\n- **Incentive**: opleidingscheques\n"
        "- **Changed**: something\n- **Source**: a book\n- **Cases**: `no_such_case`\n"
    )
    entry = changelog.entries(text)["2027-01-01-x"]
    problems = changelog.entry_problems("2027-01-01-x", entry, changelog.known_case_names())
    assert any("https://" in problem for problem in problems)
    assert any("no_such_case" in problem for problem in problems)


@pytest.mark.django_db
def test_every_incentive_has_review_dates_and_the_api_says_when_a_date_is_past_them(client):
    for incentive in incentive_definitions():
        assert isinstance(incentive["checked_on"], dt.date), incentive["id"]
        assert isinstance(incentive["review_by"], dt.date), incentive["id"]
    before = client.post(
        "/api/v1/incentives/evaluate?lang=en",
        data=json.dumps({"date": "2026-08-31"}),
        content_type="application/json",
    ).json()
    after = client.post(
        "/api/v1/incentives/evaluate?lang=en",
        data=json.dumps({"date": "2026-09-01"}),
        content_type="application/json",
    ).json()
    review_by = {i["id"]: i["review_by"] for i in incentive_definitions()}
    assert before["warnings"] == []
    assert not any(result["review"]["past_review_by"] for result in before["results"])
    past = {r["id"] for r in after["results"] if r["review"]["past_review_by"]}
    assert past == {i for i, day in review_by.items() if day < dt.date(2026, 9, 1)}
    assert "vlaams_opleidingsverlof" in past and "kmo_portefeuille" not in past
    assert len(after["warnings"]) == 1 and "2026-08-31" in after["warnings"][0]
    assert f"{len(past)} of the {len(review_by)} incentives" in after["warnings"][0]


@pytest.mark.django_db
def test_the_wizard_and_the_pdf_say_which_incentives_are_not_reviewed_for_today(client):
    # The test clock is 2026-10-14, after the review_by of all but kmo_portefeuille.
    page = client.get(reverse("incentives:wizard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    total = len(incentive_definitions())
    stale = [i for i in incentive_definitions() if i["review_by"] < dt.date(2026, 10, 14)]
    assert 0 < len(stale) < total
    assert page.count("Not reviewed for this date") == len(stale)
    assert f"{len(stale)} of the {total} incentives have not been reviewed" in page
    with translation.override("en"):
        report = reports.situation_report({}, [], "en")
        words = " ".join(document_text(reports.report_document(report)).split())
    assert "Not reviewed for this date: sources checked on" in words
    assert "covering dates up to 31 August 2026" in words


@pytest.mark.django_db
def test_stale_lists_the_incentives_past_review_by_for_the_maintainer(capsys):
    assert main(["incentives", "stale", "--on", "2026-08-31"]) == 0
    assert capsys.readouterr().out == "every incentive is reviewed for this date\n"
    assert main(["incentives", "stale", "--on", "2026-10-14", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    on = dt.date(2026, 10, 14)
    assert {item["id"] for item in listed} == {
        i["id"] for i in incentive_definitions() if i["review_by"] < on
    }
    assert "kmo_portefeuille" not in {item["id"] for item in listed}
    assert all(item["days_overdue"] == 44 for item in listed)
    assert main(["incentives", "stale"]) == 0  # today by the test clock
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("vlaams_opleidingsverlof: review by 2026-08-31 (44 days overdue)")
