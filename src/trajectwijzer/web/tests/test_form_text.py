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


def test_a_nul_in_a_competence_comment_on_the_scoring_page_is_refused(client):
    # The scoring page reads request.POST itself; the service names the comment.
    from trajectwijzer.competences.models import Assessment
    from trajectwijzer.competences.tests.builders import make_cast

    cast = make_cast()
    indicator = cast.indicators(0)[0]  # a workplace competence, which a mentor scores
    client.force_login(cast.mentor)

    response = client.post(
        reverse("competences:score", args=[cast.learner.pk]),
        {
            "role": "mentor",
            "observed_on": "2026-01-10",
            f"level-{indicator.pk}": "2",
            f"comment-{indicator.pk}": "ok\x00",
        },
    )

    assert response.status_code == 400
    assert "Null-tekens zijn niet toegestaan" in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_nul_in_a_text_answer_on_the_answering_page_is_refused(client):
    from trajectwijzer.competences.tests.builders import make_cast
    from trajectwijzer.instruments import services
    from trajectwijzer.instruments.tests.builders import definition

    cast = make_cast()
    scan = definition("motivatiescan")
    section = next(i for i, s in enumerate(scan.sections) if "remark" in s.items)
    response = services.start_response(cast.learner, "motivatiescan")
    client.force_login(cast.learner)

    page = client.post(
        reverse("instruments:answer", args=[response.pk, section + 1]),
        {"remark": "Goed\x00", "__action": "save"},
    )

    assert page.status_code == 400
    assert "Null-tekens zijn niet toegestaan" in page.content.decode()
    response.refresh_from_db()
    assert "remark" not in response.answers
