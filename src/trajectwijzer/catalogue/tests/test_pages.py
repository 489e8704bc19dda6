"""Public catalogue pages: search with facets, programme and provider pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module
from trajectwijzer.catalogue.search import reindex_programmes

from .test_search_builders import make_programme, make_programmes, make_provider, make_qualification

pytestmark = pytest.mark.django_db


def test_search_page_shows_results_with_facets_as_labelled_checkboxes(client):
    make_programme(
        "Graduaat HR-support",
        delivery_modes=["day", "evening"],
        leave_recognised_regions=["flanders"],
        start_months=[2],
    )

    response = client.get("/catalogue/", {"q": "HR"})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'role="search"' in html
    assert '<label for="search-q">' in html
    assert "Graduaat HR-support" in html
    assert "<legend>" in html
    assert 'name="delivery" value="evening"' in html
    assert "februari" in html  # months named in the reader's language (Dutch by default)
    assert "Erkend voor opleidingsverlof" in html  # the leave badge, in Dutch by default


def test_search_page_in_english_names_months_in_english(client):
    make_programme("Graduaat HR-support", start_months=[2])

    response = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en")

    assert "February" in response.content.decode()


def test_htmx_request_gets_only_the_results_region(client):
    make_programme("Graduaat HR-support")

    response = client.get("/catalogue/", {"q": "hr"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in html
    assert "Graduaat HR-support" in html
    assert "HX-Request" in response["Vary"]


def test_invalid_parameter_answers_400_in_the_normal_layout_naming_the_field(client):
    response = client.get("/catalogue/", {"vks": "9"})
    html = response.content.decode()

    assert response.status_code == 400
    assert "<html" in html and 'id="main"' in html
    assert "vks" in html
    assert "1, 2, 3, 4, 5, 6, 7, 8" in html


def test_invalid_parameter_in_an_htmx_request_targets_the_error_box(client):
    response = client.get(
        "/catalogue/", {"credits_min": "30", "credits_max": "10"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert response["HX-Retarget"] == "#search-errors"
    assert "credits_max" in response.content.decode()


def count_search_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/catalogue/", {"q": "informatica", "per_page": 50})
    assert response.status_code == 200
    return len(queries)


def test_search_page_queries_do_not_grow_with_the_number_of_results(client):
    make_programmes(3, qualification=make_qualification())
    few = count_search_queries(client)
    make_programmes(27, qualification=make_qualification())
    many = count_search_queries(client)

    assert few == many


def test_programme_page_shows_facts_qualification_modules_and_competences(client):
    qualification = make_qualification(
        "HR-medewerker", code="BK-HR-5", vks_level=5, shortage_occupation=True
    )
    framework = CompetenceFramework.objects.create(code="HR", title="HR-profiel")
    recruit = Competence.objects.create(framework=framework, code="C1", title="Werft aan")
    parent = make_programme("Graduaat HR-support", qualification=qualification, framework=framework)
    intro = Module.objects.create(
        programme=parent, code="M1", title="Inleiding HR", term=1, study_credits=Decimal("6"),
        hours=40,
    )  # fmt: skip
    payroll = Module.objects.create(
        programme=parent, code="M2", title="Loonadministratie", term=2, is_exemptable=False,
        is_workplace_learning=True,
    )  # fmt: skip
    payroll.prerequisites.add(intro)
    intro.competences.add(recruit)
    Module.objects.create(
        programme=parent, code="K1", title="Keuze: arbeidsrecht", term=2, is_elective=True,
        elective_group="Verdieping",
    )  # fmt: skip
    make_programme("Microdegree Rekrutering", kind="microdegree", parent=parent)
    reindex_programmes()

    html = client.get(parent.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for text in (
        "Graduaat HR-support",
        "BK-HR-5",
        "Yes, related to a shortage occupation",
        "Term 1",
        "Term 2",
        "Inleiding HR",
        "Werft aan",
        "Loonadministratie",
        "Workplace learning",
        "No exemption",
        "Prerequisites:",
        "Verdieping",
        "Microdegree Rekrutering",
    ):
        assert text in html, text


def test_microdegree_page_links_to_its_parent(client):
    parent = make_programme("Graduaat HR-support")
    child = make_programme("Microdegree Rekrutering", kind="microdegree", parent=parent)

    html = client.get(child.get_absolute_url()).content.decode()

    assert parent.get_absolute_url() in html


def test_programme_page_is_queried_in_a_constant_number_of_queries(client):
    programme = make_programme("Graduaat HR-support")
    framework = CompetenceFramework.objects.create(code="HR", title="HR-profiel")
    competences = [
        Competence.objects.create(framework=framework, code=f"C{n}", title=f"C {n}")
        for n in range(3)
    ]

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(programme.get_absolute_url()).status_code == 200
        return len(queries)

    Module.objects.create(programme=programme, code="M0", title="Module 0").competences.set(
        competences
    )
    one = page_queries()
    for n in range(1, 6):
        Module.objects.create(
            programme=programme, code=f"M{n}", title=f"Module {n}"
        ).competences.set(competences)

    assert page_queries() == one


def test_unknown_or_unpublished_programme_gives_the_404_page_in_the_users_language(client):
    hidden = make_programme("Verborgen", is_published=False)

    for url in ("/catalogue/programmes/999999/", hidden.get_absolute_url()):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
        assert 'lang="en"' in response.content.decode()


def test_provider_page_lists_its_published_programmes_only(client):
    provider = make_provider("Syntra West", slug="syntra-west")
    make_programme("Opleiding Boekhouding", provider=provider)
    make_programme("Verborgen opleiding", provider=provider, is_published=False)
    make_programme("Andere aanbieder")

    response = client.get("/catalogue/providers/syntra-west/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Syntra West" in html
    assert "Opleiding Boekhouding" in html
    assert "Verborgen opleiding" not in html
    assert "Andere aanbieder" not in html


def test_unknown_provider_gives_404(client):
    assert client.get("/catalogue/providers/nobody/").status_code == 404
