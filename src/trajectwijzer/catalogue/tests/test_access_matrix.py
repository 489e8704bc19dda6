"""Every role (and a visitor) against every catalogue page and API endpoint.

The catalogue itself is public; maintaining it belongs to the provider's own admins
(and platform admins). Anyone else is refused: 403 when logged in, the login page for
visitors, 401 for an API call without a valid token.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.catalogue.models import Programme, Provider
from trajectwijzer.catalogue.search import reindex_programmes
from trajectwijzer.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
WHO = [ANONYMOUS, *Role.values]
MAINTAINERS = {Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN}


@pytest.fixture
def catalogue():
    organisation = make_organisation(OrganisationKind.PROVIDER, name="CVO Matrix")
    provider = Provider.objects.create(
        organisation=organisation, slug="cvo-matrix", name="CVO Matrix", kind="cvo"
    )
    programme = Programme.objects.create(
        external_id="MATRIX-1",
        provider=provider,
        title="Graduaat Matrix",
        kind="graduaat",
        study_area="Techniek",
    )
    reindex_programmes([programme.pk])
    return organisation, provider, programme


def person(who: str, organisation):
    """The person playing ``who``: members of the provider where the role exists there."""
    if who == ANONYMOUS:
        return None
    at_provider = who in {Role.LEARNER, Role.COACH, Role.TEACHER, Role.PROVIDER_ADMIN}
    return make_member(who, organisation if at_provider else None)


def pages(provider, programme) -> dict[str, tuple[str, str]]:
    return {
        "search": ("get", reverse("catalogue:search") + "?q=matrix"),
        "programme": ("get", programme.get_absolute_url()),
        "provider": ("get", provider.get_absolute_url()),
        "manage": ("get", reverse("catalogue:manage")),
        "manage_create": ("get", reverse("catalogue:manage_create")),
        "manage_edit": ("get", reverse("catalogue:manage_edit", args=[programme.pk])),
        "manage_publish": ("post", reverse("catalogue:manage_publish", args=[programme.pk])),
    }


PUBLIC_PAGES = {"search", "programme", "provider"}


def test_the_matrix_covers_every_catalogue_url(catalogue):
    from trajectwijzer.catalogue import manage_urls, urls

    names = {p.name for p in urls.urlpatterns if getattr(p, "name", None)}
    names |= {p.name for p in manage_urls.urlpatterns}
    _organisation, provider, programme = catalogue
    assert names == set(pages(provider, programme))


@pytest.mark.parametrize("who", WHO)
def test_pages(client, catalogue, who):
    organisation, provider, programme = catalogue
    user = person(who, organisation)
    if user is not None:
        client.force_login(user)
    for name, (method, url) in pages(provider, programme).items():
        response = getattr(client, method)(url)
        if name in PUBLIC_PAGES:
            expected = {200}
        elif who == ANONYMOUS:
            expected = {302}
            assert response.url.startswith(reverse("accounts:login")), name
        elif who in MAINTAINERS:
            expected = {302} if method == "post" else {200}
        else:
            expected = {403}
        assert response.status_code in expected, (name, who, response.status_code)


@pytest.mark.parametrize("who", WHO)
def test_api(client, catalogue, who):
    organisation, _provider, programme = catalogue
    user = person(who, organisation)
    headers = {}
    if user is not None:
        _token, key = account_services.create_api_token(user, name="matrix")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    for url in (
        "/api/v1/catalogue/programmes?q=matrix",
        f"/api/v1/catalogue/programmes/{programme.pk}",
        "/api/v1/catalogue/providers/cvo-matrix",
    ):
        assert client.get(url, **headers).status_code == 200, url

    write = "/api/v1/catalogue/manage/programmes/MATRIX-1"
    payload = {"provider": "cvo-matrix", "title": "Graduaat Matrix 2"}
    put = client.put(write, data=payload, content_type="application/json", **headers)
    delete = client.delete(write, **headers)
    if who == ANONYMOUS:
        expected = 401
    elif who in MAINTAINERS:
        expected = 200
    else:
        expected = 403
    assert (put.status_code, delete.status_code) == (expected, expected), (who, put.content)
    programme.refresh_from_db()
    assert (programme.title == "Graduaat Matrix 2") is (who in MAINTAINERS)
    assert programme.is_published is (who not in MAINTAINERS)
