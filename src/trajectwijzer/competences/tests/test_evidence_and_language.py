"""Evidence files follow the reader's visibility; messages speak the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trajectwijzer.competences import services
from trajectwijzer.competences.models import Assessment

from .builders import make_cast

pytestmark = pytest.mark.django_db


def test_a_mentor_cannot_fetch_evidence_of_a_classroom_competence(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    classroom = cast.indicators(1)[0]
    services.record_assessments(
        cast.teacher,
        cast.learner,
        "teacher",
        [services.Entry(classroom.pk, 3, evidence_file=SimpleUploadedFile("toets.pdf", b"%PDF"))],
    )
    url = reverse("competences:evidence", args=[Assessment.objects.get().pk])
    client.force_login(cast.mentor)
    assert client.get(url).status_code == 404
    client.force_login(cast.teacher)  # their own score, no consent needed
    assert client.get(url).status_code == 200
    client.force_login(cast.learner)
    assert client.get(url).status_code == 200
    # Evidence never lies under a public URL: MEDIA_URL is not routed.
    assert (
        client.get(settings.MEDIA_URL + Assessment.objects.get().evidence_file.name).status_code
        == 404
    )


def test_the_scoring_page_explains_errors_in_dutch(client):
    cast = make_cast()
    client.force_login(cast.learner)
    indicator = cast.indicators(0)[0]
    response = client.post(
        reverse("competences:score", args=[cast.learner.pk]),
        {
            "role": "self",
            "observed_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
            f"level-{indicator.pk}": "6",
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets bewaard" in text
    assert "De datum ligt in de toekomst" in text
    assert "staat niet op de schaal" in text
    assert not Assessment.objects.exists()
