"""The programme page and its API twin: the learning ladder, the parent programme, and
the page's query cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module, Programme

from .test_search_builders import make_programme

pytestmark = pytest.mark.django_db


def page(client, programme: Programme) -> str:
    response = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def care_ladder() -> list[Programme]:
    """Huishoudhulp → logistiek assistent → verzorgende → zorgkundige, as at CVO MIRAS."""
    zorgkundige = make_programme("Zorgkundige", kind="beroepsopleiding")
    verzorgende = make_programme("Verzorgende", kind="beroepsopleiding", next_step=zorgkundige)
    logistiek = make_programme(
        "Logistiek assistent in de zorg", kind="beroepsopleiding", next_step=verzorgende
    )
    huishoudhulp = make_programme("Huishoudhulp", kind="beroepsopleiding", next_step=logistiek)
    return [huishoudhulp, logistiek, verzorgende, zorgkundige]


def test_a_middle_step_links_its_previous_and_next_step_under_a_ladder_heading(client, care_ladder):
    huishoudhulp, logistiek, verzorgende, _zorgkundige = care_ladder

    html = page(client, logistiek)

    assert "Learning ladder" in html
    assert "Previous step" in html
    assert f'href="{huishoudhulp.get_absolute_url()}" rel="prev"' in html
    assert "Next step" in html
    assert f'href="{verzorgende.get_absolute_url()}" rel="next"' in html
    assert "is part of" not in html


def test_the_first_and_last_step_show_only_the_side_they_have(client, care_ladder):
    first, _, verzorgende, last = care_ladder

    first_html = page(client, first)
    last_html = page(client, last)

    assert "Next step" in first_html and "Previous step" not in first_html
    assert "Previous step" in last_html and "Next step" not in last_html
    assert verzorgende.get_absolute_url() in last_html


def test_several_programmes_leading_to_one_step_are_all_listed(client, care_ladder):
    zorgkundige = care_ladder[-1]
    bridge = make_programme("Brugopleiding zorgkundige", next_step=zorgkundige)

    html = page(client, zorgkundige)

    assert "Previous steps" in html
    assert bridge.get_absolute_url() in html
    assert care_ladder[2].get_absolute_url() in html


def test_unpublished_steps_are_not_linked(client, care_ladder):
    huishoudhulp, logistiek, verzorgende, _ = care_ladder
    Programme.objects.filter(pk__in=[huishoudhulp.pk, verzorgende.pk]).update(is_published=False)

    html = page(client, logistiek)

    assert "Learning ladder" not in html
    assert huishoudhulp.get_absolute_url() not in html
    assert verzorgende.get_absolute_url() not in html


def test_programme_detail_api_names_the_next_and_previous_published_steps(client, care_ladder):
    huishoudhulp, logistiek, verzorgende, _ = care_ladder
    hidden = make_programme("Verborgen voorstap", next_step=logistiek, is_published=False)

    body = client.get(f"/api/v1/catalogue/programmes/{logistiek.pk}").json()

    assert body["next_step"] == {
        "id": verzorgende.pk,
        "title": "Verzorgende",
        "url": verzorgende.get_absolute_url(),
    }
    assert [step["id"] for step in body["previous_steps"]] == [huishoudhulp.pk]
    assert hidden.pk not in [step["id"] for step in body["previous_steps"]]
    top = client.get(f"/api/v1/catalogue/programmes/{care_ladder[-1].pk}").json()
    assert top["next_step"] is None


def test_a_programme_without_ladder_has_no_ladder_section(client):
    assert "Learning ladder" not in page(client, make_programme())


def test_part_of_wording_follows_the_kind_of_the_child(client):
    graduaat = make_programme("Graduaat HR-support")
    microdegree = make_programme("Microdegree HRM", kind="microdegree", parent=graduaat)
    module = make_programme("Losse module loonadministratie", kind="module", parent=graduaat)

    assert "This microdegree is part of:" in page(client, microdegree)
    module_html = page(client, module)
    assert "This programme is part of:" in module_html
    assert "This microdegree is part of:" not in module_html


def programme_with_modules(count: int) -> Programme:
    """A programme on a ladder, with a parent and ``count`` modules that each cover
    competences and require the module before them."""
    previous = make_programme("Vorige stap")
    programme = make_programme(
        "Graduaat", parent=make_programme("Bachelor"), next_step=make_programme("Volgende stap")
    )
    previous.next_step = programme
    previous.save()
    make_programme("Microdegree", kind="microdegree", parent=programme)
    framework = CompetenceFramework.objects.create(code=f"F-{programme.pk}", title="Profiel")
    competences = [
        Competence.objects.create(framework=framework, code=f"C{n}", title=f"Competentie {n}")
        for n in range(3)
    ]
    earlier = None
    for number in range(count):
        module = Module.objects.create(
            programme=programme, code=f"M{number}", title=f"Module {number}", term=number % 4
        )
        module.competences.set(competences[: 1 + number % 3])
        if earlier is not None:
            module.prerequisites.add(earlier)
        earlier = module
    return programme


def test_programme_page_queries_do_not_grow_with_modules_and_competences(client):
    small, large = programme_with_modules(2), programme_with_modules(12)

    def queries_for(programme: Programme) -> int:
        with CaptureQueriesContext(connection) as captured:
            html = page(client, programme)
        assert "Module 1" in html and "Learning ladder" in html
        return len(captured)

    queries_for(small)  # warm-up: the first request loads caches (e.g. the session table)
    assert queries_for(small) == queries_for(large)
