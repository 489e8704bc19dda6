"""The person's own privacy page, its downloads, and the administrator's erasure pages."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from trajectwijzer.accounts.models import Role, User
from trajectwijzer.privacy import services
from trajectwijzer.privacy.models import ErasureRecord, ErasureRequest
from trajectwijzer.testing import make_member

from .builders import PERSON_EMAIL, PERSON_NAME

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_profile_page_links_to_the_privacy_page(client, world):
    client.force_login(world.person)
    response = client.get(reverse("accounts:profile"))
    assert reverse("privacy:mine") in response.content.decode()


def test_the_page_says_what_each_app_keeps_and_offers_both_downloads(client, world):
    client.force_login(world.person)
    text = client.get(reverse("privacy:mine")).content.decode()
    assert "Your motivation scores and the notes with them." in text
    assert reverse("privacy:export_json") in text
    assert reverse("privacy:export_pdf") in text


def test_the_json_download_holds_the_persons_data_and_is_not_cached(client, world):
    client.force_login(world.person)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["accounts"]["profile"]["email"] == PERSON_EMAIL
    assert data["barometer"]["entries"][0]["note"] == f"Gaat goed, {PERSON_NAME}"


def test_the_pdf_download_is_a_readable_summary_with_translated_headings(client, world):
    client.force_login(world.person)
    response = client.get(reverse("privacy:export_pdf"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "Jouw gegevens in Trajectwijzer" in text
    assert "Motivatiebarometer" in text
    assert f"Plan van {PERSON_NAME}" in text


@pytest.mark.parametrize("name", ["export_json", "export_pdf", "mine"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(f"privacy:{name}"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("who", ["coach", "teacher", "mentor", "admin"])
def test_nobody_downloads_someone_elses_export(client, world, who):
    viewer = getattr(world, who)
    client.force_login(viewer)
    url = reverse("privacy:export_json")
    response = client.get(url, {"user": world.person.pk, "email": PERSON_EMAIL})
    data = json.loads(response.content)
    assert data["accounts"]["profile"]["email"] == viewer.email
    assert PERSON_EMAIL not in data["accounts"]["profile"].values()
    assert data["barometer"]["entries"] == []
    assert data["instruments"]["responses"] == []


# Erasure requests ------------------------------------------------------------------


def test_a_person_asks_for_erasure_once(client, db):
    person = make_member(Role.LEARNER, full_name="Eva Erase")
    client.force_login(person)
    response = client.post(reverse("privacy:request_erasure"), follow=True)
    assert "A platform administrator will carry it out." in response.content.decode()
    client.post(reverse("privacy:request_erasure"))
    assert ErasureRequest.objects.filter(requested_by=person, status="open").count() == 1
    assert "You asked to erase your data on" in client.get(reverse("privacy:mine")).content.decode()


@pytest.mark.parametrize("who", ["person", "coach", "teacher", "hr", "provider_admin"])
def test_only_platform_administrators_see_and_carry_out_requests(client, world, who):
    viewer = (
        make_member(Role.PROVIDER_ADMIN, full_name="Pieter Provider")
        if who == "provider_admin"
        else getattr(world, who)
    )
    erasure_request = ErasureRequest.objects.get(requested_by=world.person)
    client.force_login(viewer)
    own_page = client.get(reverse("privacy:mine")).content.decode()
    assert f'href="{reverse("privacy:erasure_requests")}"' not in own_page
    assert client.get(reverse("privacy:erasure_requests")).status_code == 403
    detail = reverse("privacy:erasure_request", args=[erasure_request.pk])
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"confirm": "yes"}).status_code == 403
    assert User.objects.filter(email=PERSON_EMAIL).exists()
    assert not ErasureRecord.objects.exists()


def test_the_platform_administrator_sees_the_dry_run_then_carries_it_out(client, world):
    erasure_request = ErasureRequest.objects.get(requested_by=world.person)
    client.force_login(world.admin)
    own_page = client.get(reverse("privacy:mine")).content.decode()
    assert f'href="{reverse("privacy:erasure_requests")}"' in own_page
    listing = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert PERSON_EMAIL in listing
    detail = reverse("privacy:erasure_request", args=[erasure_request.pk])
    preview = client.get(detail).content.decode()
    assert "barometer.Entry" in preview
    assert "1 file will be deleted from storage." in preview
    # Without ticking the confirmation nothing happens.
    response = client.post(detail, {})
    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert User.objects.filter(email=PERSON_EMAIL).exists()

    done = client.post(detail, {"confirm": "yes"})
    assert done.status_code == 200
    assert "The erasure was carried out." in done.content.decode()
    assert not User.objects.filter(email=PERSON_EMAIL).exists()
    erasure_request.refresh_from_db()
    assert erasure_request.status == "carried_out"
    assert erasure_request.carried_out_by == world.admin
    record = ErasureRecord.objects.get()
    assert (record.request, record.carried_out_by, record.channel) == (
        erasure_request,
        world.admin,
        "page",
    )
    # The list no longer shows the person, only that an erasure happened.
    listing = client.get(reverse("privacy:erasure_requests")).content.decode()
    assert PERSON_EMAIL not in listing
    assert f"(#{erasure_request.pk})" in listing


def test_an_administrator_does_not_carry_out_their_own_request(client, world):
    own = services.request_erasure(world.admin)
    client.force_login(world.admin)
    response = client.post(reverse("privacy:erasure_request", args=[own.pk]), {"confirm": "yes"})
    assert response.status_code == 400
    assert "Another administrator must carry out your own erasure request." in (
        response.content.decode()
    )
    own.refresh_from_db()
    assert own.is_open
