"""API writes at /api/v1/catalogue/manage/: bearer token, policy, the import's validation."""

from __future__ import annotations

import json

import pytest

from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.catalogue import search
from trajectwijzer.catalogue.models import Programme, Provider
from trajectwijzer.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalogue/manage/programmes/"


def make_provider(slug: str) -> Provider:
    return Provider.objects.create(
        organisation=make_organisation(OrganisationKind.PROVIDER, name=slug),
        slug=slug,
        name=slug,
        kind="syntra",
    )


@pytest.fixture
def syntra() -> Provider:
    return make_provider("syntra-west")


@pytest.fixture
def other() -> Provider:
    return make_provider("cvo-gent")


def token_for(user) -> str:
    return create_api_token(user, name="tests")[1]


@pytest.fixture
def admin_token(syntra) -> str:
    return token_for(make_member(Role.PROVIDER_ADMIN, syntra.organisation))


def put(client, external_id: str, body: dict, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.put(
        URL + external_id, data=json.dumps(body), content_type="application/json", headers=headers
    )


def delete(client, external_id: str, token: str):
    return client.delete(URL + external_id, headers={"Authorization": f"Bearer {token}"})


def body(provider: str = "syntra-west", **changes) -> dict:
    return {
        "provider": provider,
        "title": "Lasser TIG",
        "kind": "beroepsopleiding",
        "study_area": "Techniek",
        "vks_level": 3,
        "delivery_modes": ["evening"],
        "start_months": [9],
        "price_eur": "450.00",
        "modules": [{"code": "L1", "title": "Veiligheid", "hours": 20}],
        **changes,
    }


def test_put_without_token_is_401(client, syntra):
    assert put(client, "S-LAS", body(), None).status_code == 401
    assert put(client, "S-LAS", body(), "tw_not-a-real-token").status_code == 401
    assert not Programme.objects.exists()


def test_put_creates_then_reports_unchanged_then_updated(client, syntra, admin_token, monkeypatch):
    reindexed = []
    monkeypatch.setattr(search, "reindex_programmes", lambda ids: reindexed.append(list(ids)))

    created = put(client, "S-LAS", body(), admin_token)
    assert created.status_code == 200, created.json()
    programme = Programme.objects.get(external_id="S-LAS")
    assert created.json() == {
        "id": programme.pk,
        "external_id": "S-LAS",
        "result": "created",
        "is_published": True,
    }
    assert programme.modules.get().hours == 20
    assert reindexed == [[programme.pk]]

    assert put(client, "S-LAS", body(), admin_token).json()["result"] == "unchanged"
    updated = put(client, "S-LAS", {"provider": "syntra-west", "title": "Lasser MIG"}, admin_token)
    assert updated.json()["result"] == "updated"
    programme.refresh_from_db()
    assert (programme.title, programme.vks_level) == ("Lasser MIG", 3)  # absent: kept


def test_put_sets_keeps_and_clears_the_next_step_by_external_id(client, syntra, admin_token):
    put(client, "S-LAS-2", body(title="Lasser niveau 2"), admin_token)

    assert put(client, "S-LAS", body(next_step="S-LAS-2"), admin_token).status_code == 200
    step = Programme.objects.get(external_id="S-LAS")
    assert step.next_step.external_id == "S-LAS-2"
    assert put(client, "S-LAS", {"provider": "syntra-west"}, admin_token).json()["result"] == (
        "unchanged"
    )
    assert put(client, "S-LAS", body(next_step=""), admin_token).json()["result"] == "updated"
    step.refresh_from_db()
    assert step.next_step is None


def test_put_with_an_unknown_next_step_is_400_naming_the_field(client, syntra, admin_token):
    response = put(client, "S-LAS", body(next_step="BESTAAT-NIET"), admin_token)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "next_step"
    assert not Programme.objects.exists()


def test_put_with_invalid_values_is_400_with_field_errors(client, syntra, admin_token):
    response = put(
        client, "S-LAS", body(kind="diploma", modules=[{"code": "L1", "title": ""}]), admin_token
    )

    assert response.status_code == 400
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert "allowed: graduaat" in errors["kind"]
    assert "modules[1].title" in errors
    regions = put(client, "S-LAS", body(regions=["limburg"]), admin_token).json()["errors"]
    assert regions == [
        {
            "field": "regions",
            "message": "unknown value(s) limburg (allowed: flanders, brussels, wallonia)",
        }
    ]
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Lasser\u0000TIG"}, "title"),
        ({"summary_fr": "Soudeur\u0000"}, "summary_fr"),
        ({"locations": ["Brugge\u0000"]}, "locations.0"),
        ({"modules": [{"code": "L\u00001", "title": "Veiligheid"}]}, "modules.0.code"),
    ],
)
def test_put_with_a_nul_character_is_400_naming_the_field(
    client, syntra, admin_token, changes, field
):
    # PostgreSQL refuses NUL in text and JSON: without this check the write was a 500.
    # The API's parser refuses it first, naming the JSON path (0-based, dotted).
    response = put(client, "S-LAS", body(**changes), admin_token)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert "NUL" in response.json()["errors"][0]["message"]
    assert not Programme.objects.exists()


def test_put_with_wrong_types_is_400_not_422(client, syntra, admin_token):
    response = put(client, "S-LAS", body(vks_level="high"), admin_token)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].endswith("vks_level")


def test_provider_admin_cannot_write_for_another_provider(client, syntra, other, admin_token):
    assert put(client, "C-1", body(provider="cvo-gent"), admin_token).status_code == 403

    Programme.objects.create(
        external_id="C-2",
        provider=other,
        title="Bakker",
        kind="beroepsopleiding",
        study_area="Voeding",
    )
    assert put(client, "C-2", body(), admin_token).status_code == 403  # not even moving it
    assert delete(client, "C-2", admin_token).status_code == 403
    assert Programme.objects.get(external_id="C-2").provider == other


def test_learners_tokens_cannot_write(client, syntra):
    token = token_for(make_member(Role.LEARNER, syntra.organisation))
    assert put(client, "S-LAS", body(), token).status_code == 403


def test_delete_unpublishes(client, syntra, admin_token):
    put(client, "S-LAS", body(), admin_token)

    response = delete(client, "S-LAS", admin_token)

    assert response.status_code == 200
    assert response.json()["is_published"] is False
    assert Programme.objects.get(external_id="S-LAS").is_published is False
    assert delete(client, "S-NONE", admin_token).status_code == 404


def test_nul_character_in_the_external_id_of_the_path(client, syntra, admin_token):
    assert delete(client, "S-LAS%00", admin_token).status_code == 404
    response = put(client, "S-LAS%00", body(), admin_token)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "external_id"


def test_platform_admin_writes_for_any_provider(client, other):
    token = token_for(make_member(Role.PLATFORM_ADMIN))
    assert put(client, "C-1", body(provider="cvo-gent"), token).status_code == 200


def test_sector_admin_writes_for_the_sector_centre_only(client, syntra):
    woodwize = Provider.objects.create(
        organisation=make_organisation(OrganisationKind.SECTOR, name="Woodwize"),
        slug="woodwize",
        name="Woodwize",
        kind="sector_centre",
    )
    token = token_for(make_member(Role.SECTOR_ADMIN, woodwize.organisation))

    assert put(client, "WW-MHB", body(provider="woodwize"), token).json()["result"] == "created"
    assert put(client, "S-LAS", body(provider="syntra-west"), token).status_code == 403
    assert list(Programme.objects.values_list("external_id", flat=True)) == ["WW-MHB"]
