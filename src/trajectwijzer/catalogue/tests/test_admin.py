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
