"""The adaptive incentives wizard at /incentives/: one question at a time, plain forms."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from trajectwijzer.accounts.models import Role
from trajectwijzer.incentives.models import SavedSituation
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db

WIZARD = reverse("incentives:wizard")
BRUSSELS = "betaald_educatief_verlof_brussel"

# A worker employed in Brussels, full time in the private sector, following a recognised
# 120-hour classroom training. Anything else asked is answered "I don't know".
BRUSSELS_WORKER = {
    "person.residence": "brussels",
    "person.status": "employee",
    "person.contract": "employment",
    "person.sector": "private",
    "person.workplace_region": "brussels",
    "person.employment_fraction": "1",
    "person.schedule": "fixed",
    "training.recognised_regions": ["brussels"],
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


def asked(response) -> str | None:
    return response.context["field"]


def result(response, incentive: str) -> dict:
    return next(r for r in response.context["report"]["results"] if r["id"] == incentive)


def answer(client, field: str, value) -> None:
    response = client.post(WIZARD, {"field": field, "answer": value})
    assert response.status_code == 302, response.content.decode()[:2000]


def run_brussels_worker(client, limit: int = 30):
    """Answer every question the wizard asks until it has none left."""
    response = client.get(WIZARD)
    seen = []
    for _ in range(limit):
        field = asked(response)
        if field is None:
            return response, seen
        assert field not in seen, f"{field} asked twice"
        seen.append(field)
        if field in BRUSSELS_WORKER:
            answer(client, field, BRUSSELS_WORKER[field])
        else:
            client.post(WIZARD, {"field": field, "dont_know": "1"})
        response = client.get(WIZARD)
    pytest.fail(f"the wizard kept asking: {seen}")


def test_a_brussels_worker_answers_until_the_brussels_leave_is_decided(client):
    response, seen = run_brussels_worker(client)
    brussels = result(response, BRUSSELS)
    assert brussels["eligible"] == "yes"
    assert all(condition["met"] is True for condition in brussels["conditions"])
    assert "person.workplace_region" in seen
    page = response.content.decode()
    assert "Paid educational leave (Brussels)" in page
    assert "You work at an establishment in the Brussels-Capital Region." in page
    assert "MyBEE" in page  # how to apply
    assert "https://economie-emploi.brussels/conge-education-paye" in page
    assert "All questions answered" in page
    # Every answer is listed with a link to change it.
    assert 'href="?change=person.workplace_region#question"' in page


def test_the_page_shows_the_question_as_the_legend_of_radio_buttons(client):
    page = client.get(WIZARD).content.decode()
    assert '<legend class="question">What is your status?</legend>' in page
    assert 'type="radio" name="answer" value="employee"' in page
    assert 'name="dont_know"' in page


def test_numbers_are_asked_with_a_number_input_with_min_and_max(client):
    page = client.get(WIZARD, {"change": "person.employment_fraction"}).content.decode()
    assert 'type="number"' in page
    assert 'min="0"' in page and 'max="1"' in page


def test_i_dont_know_leaves_the_field_unknown_and_is_not_asked_again(client):
    first = asked(client.get(WIZARD))
    client.post(WIZARD, {"field": first, "dont_know": "1"})
    response = client.get(WIZARD)
    assert asked(response) != first
    assert response.context["report"]["answers"] == [
        {"field": first, "question": "What is your status?", "answer": "I don't know"}
    ]
    # Answering it later (through "change") removes it from the skipped fields.
    answer(client, first, "employee")
    assert client.session["incentives_skipped"] == []


def test_back_undoes_the_last_answer(client):
    answer(client, "person.status", "employee")
    answer(client, "person.workplace_region", "brussels")
    response = client.post(reverse("incentives:back"))
    assert response.url == f"{WIZARD}?change=person.workplace_region#question"
    assert client.session["incentives_situation"] == {"person": {"status": "employee"}}
    client.post(reverse("incentives:back"))
    assert not client.session["incentives_situation"]


def test_back_after_i_dont_know_asks_the_question_again(client):
    client.post(WIZARD, {"field": "person.status", "dont_know": "1"})
    client.post(reverse("incentives:back"))
    assert client.session["incentives_skipped"] == []
    assert asked(client.get(WIZARD)) == "person.status"


def test_change_an_answer_edits_only_that_field(client):
    answer(client, "person.status", "employee")
    answer(client, "person.workplace_region", "brussels")
    response = client.get(WIZARD, {"change": "person.workplace_region"})
    assert asked(response) == "person.workplace_region"
    assert response.context["changing"]
    assert re.search(r'<input[^>]*value="brussels"[^>]*checked', response.content.decode())
    answer(client, "person.workplace_region", "wallonia")
    assert client.session["incentives_situation"]["person"] == {
        "status": "employee",
        "workplace_region": "wallonia",
    }


def test_invalid_input_is_refused_with_the_field_named_and_nothing_kept(client):
    answer(client, "person.status", "employee")
    response = client.post(WIZARD, {"field": "person.employment_fraction", "answer": "1.4"})
    assert response.status_code == 200
    assert asked(response) == "person.employment_fraction"
    page = response.content.decode()
    assert "invalid value; allowed: 0 … 1" in page
    assert "How much do you work, as a fraction of full time" in page
    assert client.session["incentives_situation"] == {"person": {"status": "employee"}}
    # A value that is not one of the options is refused as well.
    response = client.post(WIZARD, {"field": "person.status", "answer": "astronaut"})
    assert response.context["form"].errors
    assert client.session["incentives_situation"] == {"person": {"status": "employee"}}


def test_an_empty_answer_asks_for_an_answer_or_i_dont_know(client):
    response = client.post(WIZARD, {"field": "person.status"})
    assert response.context["form"].errors["answer"] == [
        "Choose an answer, or choose “I don't know”."
    ]
    assert "Choose an answer, or choose “I don&#x27;t know”." in response.content.decode()


def test_errors_are_in_the_persons_language(client):
    response = client.post(
        WIZARD,
        {"field": "person.employment_fraction", "answer": "-1"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "valeur non valide ; valeurs admises : 0 … 1" in response.content.decode()
    response = client.post(
        WIZARD, {"field": "person.employment_fraction", "answer": "-1"}, HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "ongeldige waarde; toegelaten: 0 … 1" in response.content.decode()


def test_an_unknown_question_is_a_bad_request(client):
    assert client.post(WIZARD, {"field": "person.shoe_size", "answer": "42"}).status_code == 400


def test_start_again_clears_the_answers(client):
    answer(client, "person.status", "employee")
    client.post(WIZARD, {"field": "person.sector", "dont_know": "1"})
    client.post(reverse("incentives:restart"))
    response = client.get(WIZARD)
    assert response.context["report"]["answers"] == []
    assert asked(response) == "person.status"


def test_employers_start_with_employer_questions(client):
    response = client.get(WIZARD, {"for": "employer"})
    assert asked(response).startswith("employer.")
    assert "Which support can we get?" in response.content.decode()


def test_visitors_are_told_their_answers_stay_in_the_session(client):
    answer(client, "person.status", "employee")
    assert "stay in this browser session" in client.get(WIZARD).content.decode()
    assert not SavedSituation.objects.exists()


def test_logged_in_answers_are_saved_on_the_profile(client):
    learner = make_member(Role.LEARNER)
    client.force_login(learner)
    assert "saved on your profile" in client.get(WIZARD).content.decode()
    answer(client, "person.status", "employee")
    assert SavedSituation.objects.get(user=learner).answers == {"person": {"status": "employee"}}
    client.post(reverse("incentives:restart"))
    assert SavedSituation.objects.get(user=learner).answers == {}


def test_one_persons_saved_answers_never_show_for_another(client):
    first, second = make_member(Role.LEARNER), make_member(Role.LEARNER)
    client.force_login(first)
    answer(client, "person.workplace_region", "brussels")
    client.logout()
    client.force_login(second)
    response = client.get(WIZARD)
    assert response.context["report"]["answers"] == []
    assert "Brussels-Capital Region" not in "".join(
        row["answer"] for row in response.context["report"]["answers"]
    )


@pytest.mark.parametrize("role", [None, *Role.values])
def test_every_role_can_use_the_wizard(client, role):
    if role is not None:
        client.force_login(make_member(role))
    assert client.get(WIZARD).status_code == 200
    answer(client, "person.status", "employee")
    assert client.get(WIZARD).status_code == 200


def test_the_home_page_points_learners_and_employers_to_the_wizard(client):
    client.force_login(make_member(Role.LEARNER))
    assert f'href="{WIZARD}"' in client.get(reverse("web:home")).content.decode()
    client.force_login(make_member(Role.EMPLOYER_HR))
    assert f'href="{WIZARD}?for=employer"' in client.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize(("language", "typed"), [("nl", "0,8"), ("fr", "0,8"), ("en", "0.8")])
def test_a_decimal_is_accepted_as_people_type_it_in_their_language(client, language, typed):
    client.post(
        WIZARD,
        {"field": "person.employment_fraction", "answer": typed},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    saved = client.session["incentives_situation"]
    assert saved["person"]["employment_fraction"] == 0.8
