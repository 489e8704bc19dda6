"""The PDF progress report of a learner: a download, and its content checked as text."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from trajectwijzer.competences import queries, reports, views
from trajectwijzer.competences import rules as competences_rules

from .builders import add_assessment, make_cast

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


@pytest.fixture
def scored():
    cast = make_cast()
    first, second = cast.indicators(0)
    add_assessment(cast, first, "self", 1, assessor=cast.learner, days_ago=40)
    add_assessment(cast, first, "self", 4, assessor=cast.learner, days_ago=2)
    add_assessment(cast, first, "mentor", 2, assessor=cast.mentor, days_ago=3)
    add_assessment(cast, second, "teacher", 3, assessor=cast.teacher, days_ago=10)
    return cast


def test_the_report_holds_the_learner_competences_levels_and_disagreement(scored):
    with translation.override("en"):
        learner = scored.learner
        overview = queries.learner_overview(
            learner, learner, competences_rules.assessment_visibility(learner, learner)
        )
        document = reports.report_document(views.chart_context(overview))
        text = document_text(document)
    assert "Competence progress report" in text
    assert "Lien Learner" in text
    assert scored.programme.title in text
    assert "C1 Competence 1" in text and "C2 Competence 2" in text
    assert "Observable action 1.1" in text
    assert "1 → 4 Autonoom" in text  # self: where it started, where it is now
    assert "Roles disagree" in text  # self 4 against mentor 2
    assert "2 of 4 indicators observed" in text
    assert "Still to acquire:" in text
    assert "Learner (self-assessment)" in text and "Workplace mentor" in text


def test_the_report_draws_both_charts_as_inline_svg(scored):
    with translation.override("en"):
        learner = scored.learner
        overview = queries.learner_overview(
            learner, learner, competences_rules.assessment_visibility(learner, learner)
        )
        context = views.chart_context(overview)
        html = reports.render_to_string("competences/report_pdf.html", context)
        pdf = reports.render_pdf(context)
    assert html.count("<svg") == 1 + len(overview.blocks)  # heatmap + one progress per competence
    assert "Latest level per role and competence" in html
    assert pdf.startswith(b"%PDF")


def test_the_report_downloads_as_a_pdf_and_a_mentor_gets_only_workplace_competences(client, scored):
    client.force_login(scored.mentor)
    response = client.get(reverse("competences:report_pdf", args=[scored.learner.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with translation.override("en"):
        overview = queries.learner_overview(
            scored.mentor,
            scored.learner,
            competences_rules.assessment_visibility(scored.mentor, scored.learner),
        )
        text = document_text(reports.report_document(views.chart_context(overview)))
    assert "C1 Competence 1" in text and "C2 Competence 2" not in text


def test_the_report_loads_nothing_from_the_network():
    with pytest.raises(ValueError):
        reports._no_network("https://example.org/font.woff2")
