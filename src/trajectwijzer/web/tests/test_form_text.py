"""Text the database cannot store is a field error on pages too (issue #9, finding 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.barometer.models import Entry
from trajectwijzer.barometer.tests.builders import build_world
from trajectwijzer.caseload.forms import NoteForm

pytestmark = pytest.mark.django_db


def test_a_nul_in_the_barometer_note_is_a_field_error_and_nothing_is_stored(client):
    # The page read request.POST itself, so a NUL reached the database (a 500 there).
    world = build_world()
    client.force_login(world.learner)

    response = client.post(reverse("barometer:record"), {"score": "4", "note": "Goed\x00"})

    assert response.status_code == 400
    assert list(response.context["errors"]) == ["note"]
    assert "Null-tekens zijn niet toegestaan" in response.content.decode()  # Django's own
    assert not Entry.objects.exists()


def test_the_barometer_form_still_records_a_score_with_a_note(client):
    world = build_world()
    client.force_login(world.learner)

    response = client.post(reverse("barometer:record"), {"score": "4", "note": "Goed"})

    assert response.status_code == 302
    assert Entry.objects.get().note == "Goed"


@pytest.mark.parametrize(
    ("text", "code"), [("a\x00b", "null_characters_not_allowed"), ("a\ud800b", "lone_surrogate")]
)
def test_a_text_form_refuses_nul_and_lone_surrogates_naming_the_field(text, code):
    form = NoteForm({"note-text": text, "note-written_on": "2026-01-10"})

    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["text"]] == [code]
