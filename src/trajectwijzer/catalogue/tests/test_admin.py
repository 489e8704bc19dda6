"""The Django admin for the catalogue loads for staff and keeps the search index current."""

from __future__ import annotations

import pytest
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import reverse

from trajectwijzer.catalogue import search
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Module,
    Programme,
    Provider,
    Qualification,
)
from trajectwijzer.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def programme() -> Programme:
    qualification = Qualification.objects.create(
        code="BK-1", title="Lasser", vks_level=3, kind="beroepskwalificatie"
    )
    framework = CompetenceFramework.objects.create(
        code="BP-1", title="Lasser", qualification=qualification
    )
    Competence.objects.create(framework=framework, code="C1", title="Lassen")
    provider = Provider.objects.create(slug="syntra", name="Syntra", kind="syntra")
    programme = Programme.objects.create(
        external_id="S-1",
        provider=provider,
        title="Lasser",
        kind="beroepsopleiding",
        study_area="Techniek",
        qualification=qualification,
        framework=framework,
    )
    Module.objects.create(programme=programme, code="M1", title="Veiligheid")
    return programme


@pytest.mark.parametrize(
    "model", [Qualification, CompetenceFramework, Competence, Provider, Programme, Module]
)
def test_changelist_add_and_change_pages_load_for_staff(staff_client, programme, model):
    opts = model._meta
    obj = model.objects.first()
    base = f"admin:{opts.app_label}_{opts.model_name}"

    assert staff_client.get(reverse(f"{base}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"{base}_changelist"), {"q": "1"}).status_code == 200
    assert staff_client.get(reverse(f"{base}_add")).status_code == 200
    assert staff_client.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200


def test_programme_links_are_entered_by_id_not_chosen_from_every_programme(staff_client, programme):
    # A select with every programme would not load for a catalogue of 50,000.
    response = staff_client.get(reverse("admin:catalogue_programme_change", args=[programme.pk]))

    fields = response.context["adminform"].form.fields
    for name in ("parent", "next_step"):
        assert isinstance(fields[name].widget, ForeignKeyRawIdWidget), name


def test_saving_a_programme_in_the_admin_reindexes_it(staff_client, programme, monkeypatch):
    reindexed = []
    monkeypatch.setattr(search, "reindex_programmes", lambda ids: reindexed.append(list(ids)))
    url = reverse("admin:catalogue_programme_change", args=[programme.pk])
    module = programme.modules.get()
    data = {
        "external_id": "S-1",
        "provider": programme.provider_id,
        "title": "Lasser TIG",
        "kind": "beroepsopleiding",
        "study_area": "Techniek",
        "language": "nl",
        "translations": "{}",
        "delivery_modes": "[]",
        "locations": "[]",
        "regions": "[]",
        "start_months": "[]",
        "leave_recognised_regions": "[]",
        "is_published": "on",
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "1",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "modules-0-id": module.pk,
        "modules-0-programme": programme.pk,
        "modules-0-code": "M1",
        "modules-0-title": "Veiligheid op de werkvloer",
        "modules-0-is_exemptable": "on",
        "modules-0-position": "0",
    }

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    programme.refresh_from_db()
    assert programme.title == "Lasser TIG"
    assert programme.modules.get().title == "Veiligheid op de werkvloer"
    assert reindexed == [[programme.pk]]


def test_admin_pages_are_closed_to_non_staff(client):
    client.force_login(make_user())
    response = client.get(reverse("admin:catalogue_programme_changelist"))
    assert response.status_code == 302


def _found(query: str = "") -> tuple[int, list[str]]:
    from django.http import QueryDict

    result = search.search_programmes(search.parse_search_params(QueryDict(query)))
    return result.total, [p.title for p in result.programmes]


@pytest.fixture
def indexed(programme) -> Programme:
    Programme.objects.create(
        external_id="S-2",
        provider=programme.provider,
        title="Elektricien",
        kind="beroepsopleiding",
        study_area="Techniek",
    )
    search.reindex_programmes()
    assert _found() == (2, ["Elektricien", "Lasser"])  # the facet index is built now
    return programme


def test_deleting_a_programme_in_the_admin_drops_it_from_search(staff_client, indexed):
    url = reverse("admin:catalogue_programme_delete", args=[indexed.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302

    assert _found() == (1, ["Elektricien"])
    assert _found("q=lasser") == (0, [])


def test_deleting_selected_programmes_in_the_admin_drops_them_from_search(staff_client, indexed):
    response = staff_client.post(
        reverse("admin:catalogue_programme_changelist"),
        {"action": "delete_selected", "_selected_action": [indexed.pk], "post": "yes"},
    )
    assert response.status_code == 302

    assert _found() == (1, ["Elektricien"])
    assert _found("q=veiligheid") == (0, [])


def test_renaming_a_provider_in_the_admin_reindexes_its_programmes(staff_client, indexed):
    provider = indexed.provider
    url = reverse("admin:catalogue_provider_change", args=[provider.pk])
    data = {"slug": provider.slug, "name": "Syntra Limburg", "kind": "syntra"}
    response = staff_client.post(url, {**data, "translations": "{}"})
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    assert _found("q=limburg") == (2, ["Elektricien", "Lasser"])


def test_deleting_a_provider_in_the_admin_drops_its_programmes_from_search(staff_client, indexed):
    url = reverse("admin:catalogue_provider_delete", args=[indexed.provider_id])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302

    assert _found() == (0, [])


def test_renaming_a_qualification_in_the_admin_reindexes_its_programmes(staff_client, indexed):
    qualification = indexed.qualification
    url = reverse("admin:catalogue_qualification_change", args=[qualification.pk])
    data = {
        "code": qualification.code,
        "title": "Constructielasser",
        "vks_level": 3,
        "kind": "beroepskwalificatie",
        "translations": "{}",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    assert _found("q=constructielasser") == (1, ["Lasser"])


def test_deleting_selected_modules_in_the_admin_reindexes_their_programme(staff_client, indexed):
    module = indexed.modules.get()
    assert _found("q=veiligheid") == (1, ["Lasser"])
    response = staff_client.post(
        reverse("admin:catalogue_module_changelist"),
        {"action": "delete_selected", "_selected_action": [module.pk], "post": "yes"},
    )
    assert response.status_code == 302

    assert _found("q=veiligheid") == (0, [])


def test_moving_a_module_in_the_admin_reindexes_both_programmes(staff_client, indexed):
    module = indexed.modules.get()
    other = Programme.objects.get(external_id="S-2")
    url = reverse("admin:catalogue_module_change", args=[module.pk])
    data = {
        "programme": other.pk,
        "code": "M1",
        "title": "Veiligheid",
        "is_exemptable": "on",
        "position": "0",
        "translations": "{}",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""

    assert _found("q=veiligheid") == (1, ["Elektricien"])
