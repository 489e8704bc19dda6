"""Provider admins maintain their own programmes at /catalogue/manage/, and only their own;
a sector's admins maintain the programmes of the sector's training centre."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.catalogue import search
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Module,
    Programme,
    Provider,
)
from trajectwijzer.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db


def make_provider(slug: str) -> Provider:
    return Provider.objects.create(
        organisation=make_organisation(OrganisationKind.PROVIDER, name=slug.upper()),
        slug=slug,
        name=slug.upper(),
        kind="cvo",
    )


def make_programme(provider: Provider, external_id: str, **extra) -> Programme:
    return Programme.objects.create(
        external_id=external_id,
        provider=provider,
        title=extra.pop("title", f"Opleiding {external_id}"),
        kind="beroepsopleiding",
        study_area="Techniek",
        **extra,
    )


@pytest.fixture
def cvo() -> Provider:
    return make_provider("cvo-gent")


@pytest.fixture
def other() -> Provider:
    return make_provider("syntra-west")


@pytest.fixture
def admin_client(client, cvo):
    client.force_login(make_member(Role.PROVIDER_ADMIN, cvo.organisation))
    return client


def programme_data(provider: Provider, **changes) -> dict:
    data = {
        "provider": provider.pk,
        "external_id": "CVO-LAS",
        "title": "Lasser TIG",
        "summary": "Avondopleiding lassen",
        "kind": "beroepsopleiding",
        "study_area": "Techniek",
        "language": "nl",
        "vks_level": "3",
        "delivery_modes": ["evening", "workplace"],
        "locations": "Gent\nEeklo",
        "regions": ["flanders"],
        "start_months": ["9", "2"],
        "study_credits": "",
        "workplace_learning_share": "40",
        "leave_recognised_regions": ["flanders"],
        "is_published": "on",
        "title_fr": "Soudeur TIG",
        "modules-TOTAL_FORMS": "1",
        "modules-INITIAL_FORMS": "0",
        "modules-0-code": "L1",
        "modules-0-title": "Veiligheid",
        "modules-0-hours": "40",
        "modules-0-is_exemptable": "on",
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("catalogue:manage"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_list_shows_only_the_admins_own_programmes(admin_client, cvo, other):
    make_programme(cvo, "CVO-1", title="Elektricien")
    make_programme(other, "SYN-1", title="Bakker")

    response = admin_client.get(reverse("catalogue:manage"))

    assert response.status_code == 200
    assert "Elektricien" in response.text
    assert "Bakker" not in response.text


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TEACHER, Role.COACH])
def test_other_roles_of_the_provider_cannot_manage(client, cvo, role):
    programme = make_programme(cvo, "CVO-1")
    client.force_login(make_member(role, cvo.organisation))

    assert client.get(reverse("catalogue:manage")).status_code == 403
    assert client.get(reverse("catalogue:manage_create")).status_code == 403
    assert client.get(reverse("catalogue:manage_edit", args=[programme.pk])).status_code == 403


def test_form_page_is_accessible_markup(admin_client):
    response = admin_client.get(reverse("catalogue:manage_create"))

    html = response.text
    assert response.status_code == 200
    assert "<legend>" in html
    assert 'for="id_title"' in html
    assert 'type="checkbox" name="delivery_modes"' in html
    assert 'name="vks_level"' in html
    assert 'min="1"' in html
    assert 'max="8"' in html


def test_provider_admin_creates_a_programme_with_modules(admin_client, cvo, monkeypatch):
    reindexed = []
    monkeypatch.setattr(search, "reindex_programmes", lambda ids: reindexed.append(list(ids)))

    response = admin_client.post(reverse("catalogue:manage_create"), programme_data(cvo))

    programme = Programme.objects.get(external_id="CVO-LAS")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:manage_edit", args=[programme.pk])
    assert programme.provider == cvo
    assert programme.delivery_modes == ["evening", "workplace"]
    assert programme.locations == ["Gent", "Eeklo"]
    assert programme.start_months == [9, 2]
    assert programme.vks_level == 3
    assert programme.translations == {"fr": {"title": "Soudeur TIG"}}
    (module,) = programme.modules.all()
    assert (module.code, module.hours, module.is_exemptable) == ("L1", 40, True)
    assert reindexed == [[programme.pk]]


def test_empty_external_id_is_made_up_from_the_provider(admin_client, cvo):
    admin_client.post(reverse("catalogue:manage_create"), programme_data(cvo, external_id=""))

    assert Programme.objects.get().external_id.startswith("cvo-gent-")


def test_invalid_values_are_shown_next_to_the_fields_and_in_a_summary(admin_client, cvo):
    data = programme_data(cvo, vks_level="9", title="", **{"modules-0-hours": "-1"})

    response = admin_client.post(reverse("catalogue:manage_create"), data)

    assert response.status_code == 200
    html = response.text
    assert 'id="error-summary"' in html
    assert 'href="#id_title"' in html
    assert 'href="#id_vks_level"' in html
    assert 'href="#id_modules-0-hours"' in html
    assert 'aria-invalid="true"' in html
    assert not Programme.objects.exists()


def test_provider_admin_edits_own_programme_and_its_modules(admin_client, cvo):
    framework = CompetenceFramework.objects.create(code="BP-LAS", title="Lasser")
    competence = Competence.objects.create(framework=framework, code="C1", title="Lassen")
    programme = make_programme(cvo, "CVO-LAS", framework=framework)
    module = Module.objects.create(programme=programme, code="L1", title="Veiligheid")
    data = programme_data(
        cvo,
        title="Lasser TIG en MIG",
        framework=framework.pk,
        **{
            "modules-INITIAL_FORMS": "1",
            "modules-0-id": module.pk,
            "modules-0-programme": programme.pk,
            "modules-0-study_credits": "2.5",
            "modules-0-competences": [competence.pk],
        },
    )

    response = admin_client.post(reverse("catalogue:manage_edit", args=[programme.pk]), data)

    assert response.status_code == 302
    programme.refresh_from_db()
    module.refresh_from_db()
    assert programme.title == "Lasser TIG en MIG"
    assert module.study_credits == Decimal("2.5")
    assert list(module.competences.all()) == [competence]


def test_next_step_is_entered_by_external_id_and_shown_again(admin_client, cvo):
    zorgkundige = make_programme(cvo, "CVO-ZORGKUNDIGE", title="Zorgkundige")
    verzorgende = make_programme(cvo, "CVO-VERZORGENDE", title="Verzorgende")
    url = reverse("catalogue:manage_edit", args=[verzorgende.pk])
    data = programme_data(cvo, external_id="CVO-VERZORGENDE", title="Verzorgende")

    response = admin_client.post(url, {**data, "next_step_external_id": "CVO-ZORGKUNDIGE"})

    assert response.status_code == 302
    verzorgende.refresh_from_db()
    assert verzorgende.next_step == zorgkundige
    assert verzorgende.parent is None
    assert 'value="CVO-ZORGKUNDIGE"' in admin_client.get(url).text


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("BESTAAT-NIET", "No programme has the external id BESTAAT-NIET."),
        ("CVO-VERZORGENDE", "A programme cannot be its own next step."),
    ],
)
def test_unknown_or_own_next_step_is_refused_next_to_the_field(admin_client, cvo, entered, message):
    verzorgende = make_programme(cvo, "CVO-VERZORGENDE", title="Verzorgende")
    data = programme_data(cvo, external_id="CVO-VERZORGENDE", next_step_external_id=entered)

    response = admin_client.post(
        reverse("catalogue:manage_edit", args=[verzorgende.pk]),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["next_step_external_id"] == [message]
    assert 'href="#id_next_step_external_id"' in response.text
    verzorgende.refresh_from_db()
    assert verzorgende.next_step is None


def test_provider_admin_cannot_open_or_change_another_providers_programme(admin_client, other):
    programme = make_programme(other, "SYN-1", title="Bakker")
    url = reverse("catalogue:manage_edit", args=[programme.pk])

    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, programme_data(other, title="Overgenomen")).status_code == 403
    publish = reverse("catalogue:manage_publish", args=[programme.pk])
    assert admin_client.post(publish, {"publish": "0"}).status_code == 403
    programme.refresh_from_db()
    assert (programme.title, programme.is_published) == ("Bakker", True)


def test_provider_admin_cannot_create_for_another_provider(admin_client, other):
    response = admin_client.post(reverse("catalogue:manage_create"), programme_data(other))

    assert response.status_code == 200
    assert "provider" in response.context["form"].errors
    assert not Programme.objects.exists()


def test_publish_and_unpublish(admin_client, cvo):
    programme = make_programme(cvo, "CVO-1")
    url = reverse("catalogue:manage_publish", args=[programme.pk])

    admin_client.post(url, {"publish": "0"})
    programme.refresh_from_db()
    assert programme.is_published is False

    admin_client.post(url, {"publish": "1"})
    programme.refresh_from_db()
    assert programme.is_published is True


@pytest.fixture
def woodwize() -> Provider:
    """A sector's training centre: a provider linked to the sector organisation itself."""
    return Provider.objects.create(
        organisation=make_organisation(OrganisationKind.SECTOR, name="Woodwize"),
        slug="woodwize",
        name="Woodwize",
        kind="sector_centre",
    )


def test_sector_admin_lists_creates_and_edits_the_programmes_of_the_sector_centre(
    client, woodwize, other
):
    make_programme(other, "SYN-1", title="Bakker")
    client.force_login(make_member(Role.SECTOR_ADMIN, woodwize.organisation))

    listing = client.get(reverse("catalogue:manage"))
    assert listing.status_code == 200
    assert "Bakker" not in listing.text
    assert client.get(reverse("catalogue:manage_create")).status_code == 200

    data = programme_data(woodwize, external_id="WW-MHB", title="Machinaal houtbewerker")
    assert client.post(reverse("catalogue:manage_create"), data).status_code == 302
    programme = Programme.objects.get(external_id="WW-MHB")
    assert programme.provider == woodwize
    assert "Machinaal houtbewerker" in client.get(reverse("catalogue:manage")).text

    edit = reverse("catalogue:manage_edit", args=[programme.pk])
    assert client.get(edit).status_code == 200
    module = programme.modules.get()
    changed = {
        **data,
        "title": "Machinaal houtbewerker (duaal)",
        "modules-INITIAL_FORMS": "1",
        "modules-0-id": module.pk,
        "modules-0-programme": programme.pk,
        "modules-0-title": "Zagen",
    }
    assert client.post(edit, changed).status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Machinaal houtbewerker (duaal)"
    assert programme.modules.get().title == "Zagen"


def test_sector_admin_of_another_sector_gets_403_at_the_sector_centre(client, woodwize):
    programme = make_programme(woodwize, "WW-MHB", title="Machinaal houtbewerker")
    client.force_login(make_member(Role.SECTOR_ADMIN))  # an admin of some other sector

    assert client.get(reverse("catalogue:manage")).status_code == 403
    assert client.get(reverse("catalogue:manage_create")).status_code == 403
    edit = reverse("catalogue:manage_edit", args=[programme.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, programme_data(woodwize, title="Overgenomen")).status_code == 403
    programme.refresh_from_db()
    assert programme.title == "Machinaal houtbewerker"


def test_provider_admin_cannot_edit_the_sector_centres_programmes(admin_client, woodwize):
    programme = make_programme(woodwize, "WW-MHB")

    assert admin_client.get(reverse("catalogue:manage_edit", args=[programme.pk])).status_code == (
        403
    )


def test_platform_admin_manages_every_provider(client, cvo, other):
    make_programme(other, "SYN-1", title="Bakker")
    client.force_login(make_member(Role.PLATFORM_ADMIN))

    assert "Bakker" in client.get(reverse("catalogue:manage")).text
    response = client.post(reverse("catalogue:manage_create"), programme_data(other))
    assert response.status_code == 302
    assert Programme.objects.get(external_id="CVO-LAS").provider == other


def test_keywords_are_entered_one_per_line_shown_again_and_found(admin_client, cvo):
    programme = make_programme(cvo, "CVO-SCHRIJN", title="Schrijnwerkerij")
    url = reverse("catalogue:manage_edit", args=[programme.pk])
    data = programme_data(cvo, title="Schrijnwerkerij", keywords="meubelmaker\n\n interieurbouw ")

    assert admin_client.post(url, data).status_code == 302

    programme.refresh_from_db()
    assert programme.keywords == ["meubelmaker", "interieurbouw"]
    assert "meubelmaker\ninterieurbouw" in admin_client.get(url).content.decode()
    found = admin_client.get("/api/v1/catalogue/programmes", {"q": "meubelmaker"}).json()
    assert [r["title"] for r in found["results"]] == ["Schrijnwerkerij"]
