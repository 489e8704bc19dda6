import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import Role
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_does_not_reveal_why_the_database_failed(client, monkeypatch):
    from django.db import connection

    def refuse():
        raise RuntimeError('password authentication failed for user "tw" at db.internal')

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


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


def test_home_offers_validation_only_to_organisation_admins(client):
    from trajectwijzer.testing import make_organisation

    employer = make_organisation("employer")
    hr_admin = make_member(Role.EMPLOYER_HR, employer, is_admin=True)
    hr_colleague = make_member(Role.EMPLOYER_HR, employer)
    pending_url = reverse("accounts:pending")
    for user, expected in ((hr_admin, True), (hr_colleague, False)):
        client.force_login(user)
        tasks = [
            t.url for s in client.get(reverse("web:home")).context["sections"] for t in s.tasks
        ]
        assert (pending_url in tasks) is expected
        if expected:
            assert client.get(pending_url).status_code == 200


def test_home_offers_our_programmes_to_admins_whose_organisation_has_a_provider(client):
    from trajectwijzer.catalogue.models import Provider
    from trajectwijzer.testing import make_organisation

    woodwize = make_organisation("sector", name="Woodwize")
    Provider.objects.create(
        organisation=woodwize, slug="woodwize", name="Woodwize", kind="sector_centre"
    )
    manage_url = reverse("catalogue:manage")
    for user, expected in (
        (make_member(Role.SECTOR_ADMIN, woodwize), True),
        (make_member(Role.SECTOR_ADMIN), False),  # a sector without a training centre
        (make_member(Role.PROVIDER_ADMIN), False),  # an organisation without a provider
    ):
        client.force_login(user)
        tasks = [
            t.url for s in client.get(reverse("web:home")).context["sections"] for t in s.tasks
        ]
        assert (manage_url in tasks) is expected
        assert (client.get(manage_url).status_code == 200) is expected


def test_favicon_ico_leads_to_the_static_icon_that_every_page_links(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])
    home = client.get(reverse("web:home")).content.decode()
    assert f'<link rel="icon" href="{response["Location"]}"' in home
