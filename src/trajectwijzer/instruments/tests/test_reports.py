"""The PDF reports (one respondent, one group) hold what the pages show."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from trajectwijzer.instruments import queries, reports, services
from trajectwijzer.instruments.queries import result_group

from .builders import definition, full_answers, group_with_learners, learner_in_group, submitted

pytestmark = pytest.mark.django_db


def document_text(document) -> str:
    texts = []

    def walk(box):
        if hasattr(box, "text"):
            texts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(texts).split())


def test_motivatiescan_report_pdf_holds_scores_feedback_and_version(client):
    learner = learner_in_group(full_name="Lotte Peeters")
    answers = full_answers(
        definition("motivatiescan"), 4, stop="yes", rel1=1, rel2=1, rel3=5, rel4=1, rel5=1
    )
    response = submitted(learner, "motivatiescan", answers)
    client.force_login(learner)
    reply = client.get(reverse("instruments:result_pdf", args=[response.pk]))
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    assert reply.content.startswith(b"%PDF")
    with translation.override("en"):
        text = document_text(
            reports.report_document(
                "instruments/report_pdf.html", {"report": queries.report(response)}
            )
        )
    assert "Report: Motivation scan" in text
    assert "questionnaire version 1" in text
    assert "Lotte Peeters" in text
    # relatedness: 1, 1, rel3=5 reversed → 1, 1, 1 → 1.0; the other reversed items 4 → 2
    assert "Relatedness 1 (1–5) Point of attention" in text
    assert "Autonomy 3.6 (1–5) Strong" in text  # (4 + 4 + 2 + 4 + 4) / 5
    assert "You thought about stopping." in text
    assert "your coach is notified" in text
    assert "What would help you carry on?" in text  # the follow-up question was asked


def test_group_report_pdf_and_csv(client):
    group, learners = group_with_learners(5)
    d = definition("survey_working_students")
    for n, learner in enumerate(learners, start=1):
        submitted(learner, "survey_working_students", full_answers(d, n))  # all items n: 1..5
    rg = result_group(services.current_version("survey_working_students"), group=group)
    with translation.override("en"):
        results = queries.group_results(rg)
        text = document_text(
            reports.report_document("instruments/group_pdf.html", {"results": results})
        )
    assert f"Survey for working students: results of {group.name}" in text
    assert "5 respondents" in text
    # means 3, sample standard deviation of 1..5 = 1.58
    assert "Self-regulation 5 3 1.58 3" in text
    teacher = group.teachers.first()
    assert teacher is None  # the builder made a group without teachers: use the provider admin
    from trajectwijzer.accounts.models import Role
    from trajectwijzer.testing import make_member

    admin = make_member(Role.PROVIDER_ADMIN, group.programme.provider.organisation)
    client.force_login(admin)
    csv = client.get(
        reverse("instruments:group_csv", args=["survey_working_students", "group", group.pk])
    )
    assert csv.status_code == 200
    lines = csv.content.decode().splitlines()
    assert lines[0] == "group,instrument,version,dimension,n,mean,sd,min,median,max"
    label = f"{group.name} ({group.academic_year})"
    row = f"{label},survey_working_students,1,self_regulation,5,3.0000,1.5811,1.0000,3.0000,5.0000"
    assert row in lines
    page = client.get(
        reverse("instruments:group", args=["survey_working_students", "group", group.pk])
    )
    assert page.status_code == 200 and "<svg" in page.content.decode()
