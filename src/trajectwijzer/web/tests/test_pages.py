import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import Role
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_home_for_visitor_offers_search_in_dutch_by_default(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"


@pytest.mark.parametrize("role", list(Role))
def test_home_shows_a_section_for_each_role(client, role):
    user = make_member(role)
    client.force_login(user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert any(section.role == role for section in response.context["sections"])


def test_unknown_page_gives_404_page(client):
    response = client.get("/does-not-exist/")
    assert response.status_code == 404
    assert b"<main" in response.content
