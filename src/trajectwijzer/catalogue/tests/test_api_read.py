"""Public read API of the catalogue under /api/v1/catalogue/."""

from __future__ import annotations

import pytest

from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module
from trajectwijzer.catalogue.search import reindex_programmes

from .test_search_builders import make_programme, make_provider, make_qualification

pytestmark = pytest.mark.django_db

API = "/api/v1/catalogue"


def test_search_returns_total_results_and_facet_counts_without_login(client):
    make_programme("Graduaat HR-support", qualification=make_qualification(code="BK-HR"))
    make_programme("Bachelor Informatica")

    response = client.get(f"{API}/programmes", {"q": "HR"}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()

    assert response.status_code == 200
    assert body["total"] == 1
    assert body["results"][0]["title"] == "Graduaat HR-support"
    assert body["results"][0]["qualification"]["code"] == "BK-HR"
    kind = next(f for f in body["facets"] if f["name"] == "kind")
    assert kind["options"] == [
        {
            "value": "graduaat",
            "label": "Graduate programme (graduaat)",
            "count": 1,
            "selected": False,
        }
    ]


def test_search_takes_repeated_parameters_for_several_facet_values(client):
    make_programme("Day", delivery_modes=["day"])
    make_programme("Distance", delivery_modes=["distance"])
    make_programme("Evening", delivery_modes=["evening"])

    body = client.get(f"{API}/programmes?delivery=day&delivery=distance&sort=title").json()

    assert [r["title"] for r in body["results"]] == ["Day", "Distance"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("vks=0", "vks"),
        ("per_page=500", "per_page"),
        ("sort=price", "sort"),
        ("region=x", "region"),
        ("page=%C2%B2", "page"),  # "²" counts as a digit for str.isdigit()
    ],
)
def test_invalid_parameters_answer_400_json_naming_the_field(client, query, field):
    response = client.get(f"{API}/programmes?{query}")
    body = response.json()

    assert response.status_code == 400
    assert body["errors"][0]["field"] == field
    assert body["errors"][0]["message"]
    assert field in body["detail"]


def test_programme_detail_includes_modules_and_competences(client):
    framework = CompetenceFramework.objects.create(code="HR", title="HR-profiel")
    competence = Competence.objects.create(framework=framework, code="C1", title="Werft aan")
    programme = make_programme("Graduaat HR-support")
    first = Module.objects.create(programme=programme, code="M1", title="Inleiding", term=1)
    second = Module.objects.create(programme=programme, code="M2", title="Verdieping", term=2)
    second.prerequisites.add(first)
    first.competences.add(competence)
    child = make_programme("Microdegree Rekrutering", kind="microdegree", parent=programme)
    reindex_programmes()

    body = client.get(f"{API}/programmes/{programme.pk}").json()

    assert body["title"] == "Graduaat HR-support"
    assert [m["code"] for m in body["modules"]] == ["M1", "M2"]
    assert body["modules"][0]["competences"] == [
        {"code": "C1", "title": "Werft aan", "framework": "HR", "esco_uri": ""}
    ]
    assert body["modules"][1]["prerequisites"] == ["M1"]
    assert body["microdegrees"] == [
        {"id": child.pk, "title": "Microdegree Rekrutering", "url": child.get_absolute_url()}
    ]


def test_titles_follow_the_requested_language(client):
    programme = make_programme(
        "Graduaat Boekhouding", translations={"fr": {"title": "Graduat en comptabilité"}}
    )

    body = client.get(f"{API}/programmes/{programme.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert body["title"] == "Graduat en comptabilité"


def test_unknown_or_unpublished_programme_answers_404_json(client):
    hidden = make_programme("Verborgen", is_published=False)

    for programme_id in (999999, hidden.pk):
        response = client.get(f"{API}/programmes/{programme_id}")
        assert response.status_code == 404
        assert response.json()["detail"]


def test_provider_detail_lists_its_published_programmes(client):
    provider = make_provider("Syntra West", slug="syntra-west")
    make_programme("Opleiding Boekhouding", provider=provider)
    make_programme("Verborgen", provider=provider, is_published=False)

    body = client.get(f"{API}/providers/syntra-west").json()

    assert body["name"] == "Syntra West"
    assert body["programme_count"] == 1
    assert [p["title"] for p in body["programmes"]] == ["Opleiding Boekhouding"]


def test_unknown_provider_answers_404_json(client):
    response = client.get(f"{API}/providers/nobody")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_provider_slug_with_a_nul_character_answers_404_without_a_query(
    client, django_assert_num_queries
):
    # PostgreSQL refuses NUL in a query parameter: asking it was a 500.
    with django_assert_num_queries(0):
        response = client.get(f"{API}/providers/syntra%00")

    assert response.status_code == 404


def test_openapi_documents_the_search_parameters(client):
    schema = client.get("/api/v1/openapi.json").json()

    parameters = schema["paths"]["/api/v1/catalogue/programmes"]["get"]["parameters"]
    names = {p["name"] for p in parameters}
    assert {"q", "vks", "delivery", "credits_min", "sort", "page", "per_page"} <= names
