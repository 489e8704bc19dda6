"""Incentives on the catalogue's listings and programme pages (issue 3, point 5)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trajectwijzer.incentives import catalogue as incentives_catalogue
from trajectwijzer.incentives.models import SavedSituation
from trajectwijzer.incentives.queries import SESSION_KEY

from .test_search_builders import make_programme, make_programmes

pytestmark = pytest.mark.django_db


def worker(region: str) -> dict:
    """A full-time private-sector employee working (and employed) in ``region``."""
    return {
        "date": "2024-10-01",
        "person": {
            "residence": region,
            "status": "employee",
            "contract": "employment",
            "sector": "private",
            "workplace_region": region,
            "employment_fraction": 1,
            "schedule": "fixed",
            "seniority_months": 24,
            "education_level": "medium",
            "career_guidance_in_last_6_years": False,
        },
        "employer": {
            "is_sme": True,
            "initiative": "employee",
            "region": region,
            "pays_training_cost": False,
            "bears_full_wage_cost": True,
            "headcount": 20,
        },
        "training": {
            "in_personal_development_plan": False,
            "during_working_hours": False,
            "abroad": False,
        },
    }


BRUSSELS = worker("brussels")
FLANDERS = worker("flanders")


@pytest.fixture(autouse=True)
def fresh_caches():
    incentives_catalogue.clear_caches()
    yield
    incentives_catalogue.clear_caches()


def answer(client, situation: dict) -> None:
    session = client.session
    session[SESSION_KEY] = situation
    session.save()


def card_badges(html: str, title: str) -> dict[str, set[str]]:
    """The yes / maybe incentive ids on the card of the programme called ``title``."""
    card = re.search(
        r'<article class="card programme-card">(?:(?!</article>).)*?'
        + re.escape(title)
        + r"(?:(?!</article>).)*</article>",
        html,
        re.S,
    ).group(0)
    return {
        "yes": set(re.findall(r'class="badge incentive-yes" data-incentive="([^"]+)"', card)),
        "maybe": set(
            re.findall(r'class="badge warn incentive-maybe" data-incentive="([^"]+)"', card)
        ),
    }


def two_programmes():
    make_programme(
        "Leave Brussels",
        leave_recognised_regions=["brussels"],
        contact_hours=60,
        classroom_hours=60,
        study_credits=None,
        delivery_modes=["evening"],
    )
    make_programme(
        "Leave Flanders",
        leave_recognised_regions=["flanders"],
        contact_hours=60,
        classroom_hours=60,
        study_credits=None,
        delivery_modes=["evening"],
    )


def test_brussels_and_flemish_workers_see_the_leave_of_their_own_region(client):
    two_programmes()

    answer(client, BRUSSELS)
    html = client.get("/catalogue/").content.decode()
    assert "betaald_educatief_verlof_brussel" in card_badges(html, "Leave Brussels")["yes"]
    assert "betaald_educatief_verlof_brussel" not in card_badges(html, "Leave Flanders")["yes"]
    assert "vlaams_opleidingsverlof" not in card_badges(html, "Leave Flanders")["yes"]

    answer(client, FLANDERS)
    html = client.get("/catalogue/").content.decode()
    assert "vlaams_opleidingsverlof" in card_badges(html, "Leave Flanders")["yes"]
    assert "vlaams_opleidingsverlof" not in card_badges(html, "Leave Brussels")["yes"]
    assert "betaald_educatief_verlof_brussel" not in card_badges(html, "Leave Brussels")["yes"]


def test_unknown_answers_give_maybe_badges_linking_to_the_wizard(client):
    make_programme("Leave Flanders", leave_recognised_regions=["flanders"], contact_hours=60)
    answer(client, {"person": {"workplace_region": "flanders"}})

    html = client.get("/catalogue/").content.decode()

    badges = card_badges(html, "Leave Flanders")
    assert "vlaams_opleidingsverlof" in badges["maybe"]
    assert not badges["yes"]
    assert (
        'class="badge warn incentive-maybe" data-incentive="vlaams_opleidingsverlof" '
        'href="/incentives/"' in html
    )


def test_the_persons_own_training_answers_do_not_override_the_programme(client):
    make_programme("Not recognised", leave_recognised_regions=[], contact_hours=60)
    situation = {
        **FLANDERS,
        "training": {
            **FLANDERS["training"],
            "recognised_regions": ["flanders"],
            "contact_hours": 500,
        },
    }
    answer(client, situation)

    html = client.get("/catalogue/").content.decode()

    assert "vlaams_opleidingsverlof" not in card_badges(html, "Not recognised")["yes"]


def test_without_answers_an_invitation_and_no_incentive_facet(client):
    make_programme("Leave Flanders", leave_recognised_regions=["flanders"])

    html = client.get("/catalogue/").content.decode()

    assert 'href="/incentives/"' in html
    assert 'name="incentive"' not in html
    assert "incentive-badges" not in html
    page = client.get(make_programme("Other").get_absolute_url()).content.decode()
    assert 'class="incentives-invitation"' in page and 'href="/incentives/"' in page


def test_incentive_parameter_without_answers_is_400_asking_to_answer_first(client):
    make_programme()

    response = client.get("/catalogue/", {"incentive": "vlaams_opleidingsverlof"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "incentive" in html and "/incentives/" in html


def test_unknown_incentive_id_is_400_naming_the_field(client):
    make_programme()
    answer(client, FLANDERS)

    response = client.get("/catalogue/", {"incentive": "free_money"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    html = response.content.decode()
    assert "incentive" in html and "free_money" in html and "vlaams_opleidingsverlof" in html


def test_facet_lists_incentives_with_counts_and_filters(client):
    make_programmes(3, leave_recognised_regions=["flanders"], contact_hours=60, title="Vlaams")
    make_programmes(2, leave_recognised_regions=["brussels"], contact_hours=60, title="Brussel")
    answer(client, FLANDERS)

    html = client.get("/catalogue/").content.decode()
    option = re.search(
        r'name="incentive" value="vlaams_opleidingsverlof"[^>]*>.*?class="facet-count">(\d+)',
        html,
        re.S,
    )
    assert option and option.group(1) == "3"
    assert 'name="incentive" value="betaald_educatief_verlof_brussel"' not in html

    filtered = client.get("/catalogue/", {"incentive": "vlaams_opleidingsverlof"})
    assert filtered.status_code == 200
    text = filtered.content.decode()
    assert "Vlaams 1" in text and "Vlaams 3" in text and "Brussel 1" not in text
    assert filtered.context["result"].total == 3
    # The counts of the facet follow the other filters too.
    narrowed = client.get("/catalogue/", {"q": "Brussel"}).content.decode()
    assert 'name="incentive" value="vlaams_opleidingsverlof"' not in narrowed


def test_microdegree_does_not_inherit_its_parents_recognition(client):
    parent = make_programme("Graduaat", leave_recognised_regions=["flanders"], contact_hours=600)
    child = make_programme(
        "Microdegree Rekrutering",
        kind="microdegree",
        parent=parent,
        leave_recognised_regions=[],
        contact_hours=60,
    )
    answer(client, FLANDERS)

    html = client.get("/catalogue/").content.decode()
    assert "vlaams_opleidingsverlof" in card_badges(html, "Graduaat")["yes"]
    assert "vlaams_opleidingsverlof" not in card_badges(html, "Microdegree Rekrutering")["yes"]

    page = client.get(child.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="notice incentive-parent-hint"' in page
    assert 'class="incentive incentive-yes" data-incentive="vlaams_opleidingsverlof"' not in page


def test_programme_page_explains_every_incentive(client):
    programme = make_programme(
        "Leave Brussels",
        leave_recognised_regions=["brussels"],
        contact_hours=60,
        classroom_hours=60,
        study_credits=None,
    )
    answer(client, BRUSSELS)

    response = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()

    assert response.status_code == 200
    assert (
        'class="incentive incentive-yes" data-incentive="betaald_educatief_verlof_brussel"' in html
    )
    assert "You work at an establishment in the Brussels-Capital Region." in html
    assert "How to apply" in html and "economie-emploi.brussels" in html
    assert 'data-incentive="vlaams_opleidingsverlof"' in html  # listed under "not for you"


def test_programme_page_and_card_agree(client):
    programme = make_programme(
        "Leave Flanders", leave_recognised_regions=["flanders"], contact_hours=60
    )
    answer(client, {"person": {"workplace_region": "flanders", "status": "employee"}})

    card = card_badges(client.get("/catalogue/").content.decode(), "Leave Flanders")
    page = client.get(programme.get_absolute_url()).content.decode()
    on_page = {
        group: set(
            re.findall(rf'class="incentive incentive-{group}" data-incentive="([^"]+)"', page)
        )
        for group in ("yes", "maybe")
    }
    assert on_page == card


def test_one_persons_saved_answers_never_reach_another_visitor(client, django_user_model):
    make_programme(
        "Leave Brussels",
        leave_recognised_regions=["brussels"],
        contact_hours=60,
        classroom_hours=60,
    )
    user = django_user_model.objects.create_user(email="ann@example.org", password="x-secret-1")
    SavedSituation.objects.create(user=user, answers=BRUSSELS)
    client.force_login(user)
    mine = client.get("/catalogue/").content.decode()
    assert "betaald_educatief_verlof_brussel" in card_badges(mine, "Leave Brussels")["yes"]

    other = django_user_model.objects.create_user(email="bob@example.org", password="x-secret-2")
    from django.test import Client

    bob = Client()
    bob.force_login(other)
    theirs = bob.get("/catalogue/").content.decode()
    assert "incentive-badges" not in theirs and 'name="incentive"' not in theirs
    anonymous = Client().get("/catalogue/").content.decode()
    assert "incentive-badges" not in anonymous
    answer(bob, FLANDERS)
    theirs = bob.get("/catalogue/").content.decode()
    assert "betaald_educatief_verlof_brussel" not in card_badges(theirs, "Leave Brussels")["yes"]


def test_invalid_saved_answers_count_as_none(client):
    make_programme()
    answer(client, {"person": {"employment_fraction": 1.4}})

    response = client.get("/catalogue/")

    assert response.status_code == 200
    assert 'class="incentives-invitation"' in response.content.decode()


def count_search_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/catalogue/", {"q": "informatica", "per_page": 50})
    assert response.status_code == 200
    assert "incentive-badges" in response.content.decode()
    return len(queries)


def test_search_queries_do_not_grow_with_results_when_answers_are_present(client):
    answer(client, FLANDERS)
    parent = make_programme("Graduaat Informatica", leave_recognised_regions=["flanders"])
    make_programmes(3, leave_recognised_regions=["flanders"])
    few = count_search_queries(client)
    make_programmes(27, kind="microdegree", parent=parent)
    many = count_search_queries(client)
    # Also once the facet's vectors are cached (same catalogue version).
    cached = count_search_queries(client)

    assert few == many
    assert cached <= many
