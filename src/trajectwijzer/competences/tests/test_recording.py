"""Recording scores: what is stored, and bad input refused with the field named and
nothing stored (service, scoring page and API alike)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectwijzer.accounts.models import Role
from trajectwijzer.competences import services
from trajectwijzer.competences.models import AppendOnlyError, Assessment
from trajectwijzer.testing import make_member

from .builders import make_cast, make_competence_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Messages are checked in English (the source language); pages follow suit."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def cast():
    return make_cast()


def _errors(excinfo) -> dict[str, str]:
    return {e.field: e.message for e in excinfo.value.errors}


def test_a_mentor_records_a_batch_and_every_change_is_a_new_row(cast):
    first, second = cast.indicators(0)
    services.record_assessments(
        cast.mentor,
        cast.learner,
        "mentor",
        [services.Entry(first.pk, 2, comment="Samen gedaan"), services.Entry(second.pk, 1)],
        observed_on=datetime.date.today() - datetime.timedelta(days=7),
    )
    services.record_assessments(cast.mentor, cast.learner, "mentor", [services.Entry(first.pk, 3)])
    rows = list(Assessment.objects.filter(indicator=first).order_by("observed_on"))
    assert [r.level.rank for r in rows] == [2, 3]
    assert rows[0].comment == "Samen gedaan" and rows[0].assessor == cast.mentor


def test_an_assessment_is_never_updated(cast):
    services.record_assessments(
        cast.learner, cast.learner, "self", [services.Entry(cast.indicators(0)[0].pk, 2)]
    )
    assessment = Assessment.objects.get()
    assessment.comment = "changed"
    with pytest.raises(AppendOnlyError):
        assessment.save()


@pytest.mark.parametrize("level", [0, 5, 99, "high", None])
def test_a_level_outside_the_scale_is_refused(cast, level):
    with pytest.raises(services.AssessmentInputError) as excinfo:
        services.record_assessments(
            cast.learner, cast.learner, "self", [services.Entry(cast.indicators(0)[0].pk, level)]
        )
    message = _errors(excinfo)["level"]
    assert "not on the scale" in message and "1 (Oriënterend)" in message
    assert not Assessment.objects.exists()


def test_an_indicator_of_another_programme_is_refused_and_nothing_of_the_batch_stored(cast):
    other = make_competence_programme(code="elsewhere")
    foreign = other.framework.competences.first().indicators.first()
    good = cast.indicators(0)[0]
    with pytest.raises(services.AssessmentInputError) as excinfo:
        services.record_assessments(
            cast.learner,
            cast.learner,
            "self",
            [services.Entry(good.pk, 2), services.Entry(foreign.pk, 2)],
        )
    assert "is not part of the programme" in _errors(excinfo)["indicator"]
    assert not Assessment.objects.exists()


def test_a_role_the_assessor_is_not_linked_in_is_refused(cast):
    with translation.override("en"), pytest.raises(services.AssessmentInputError) as excinfo:
        services.record_assessments(
            cast.mentor, cast.learner, "teacher", [services.Entry(cast.indicators(0)[0].pk, 2)]
        )
    assert "not linked to this learner as Teacher" in _errors(excinfo)["role"]
    assert not Assessment.objects.exists()


def test_someone_not_linked_at_all_may_not_record(cast):
    from django.core.exceptions import PermissionDenied

    stranger = make_member(Role.MENTOR)
    with pytest.raises(PermissionDenied):
        services.record_assessments(
            stranger, cast.learner, "mentor", [services.Entry(cast.indicators(0)[0].pk, 2)]
        )


def test_a_mentor_scores_only_workplace_competences(cast):
    classroom = cast.indicators(1)[0]
    with pytest.raises(services.AssessmentInputError) as excinfo:
        services.record_assessments(
            cast.mentor, cast.learner, "mentor", [services.Entry(classroom.pk, 2)]
        )
    assert "not part of workplace learning" in _errors(excinfo)["indicator"]
    # The teacher may score it.
    services.record_assessments(
        cast.teacher, cast.learner, "teacher", [services.Entry(classroom.pk, 2)]
    )


def test_future_dates_bad_links_and_wrong_files_are_named(cast):
    indicator = cast.indicators(0)[0]
    with pytest.raises(services.AssessmentInputError) as excinfo:
        services.record_assessments(
            cast.learner,
            cast.learner,
            "self",
            [
                services.Entry(
                    indicator.pk,
                    2,
                    evidence_url="javascript:alert(1)",
                    evidence_file=SimpleUploadedFile("run.exe", b"MZ"),
                )
            ],
            observed_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    errors = _errors(excinfo)
    assert set(errors) == {"observed_on", "evidence_url", "evidence_file"}
    assert ".exe" in errors["evidence_file"]
    assert not Assessment.objects.exists()


def test_the_scoring_page_shows_errors_naming_the_field_and_stores_nothing(client, cast):
    client.force_login(cast.mentor)
    indicator = cast.indicators(0)[0]
    url = reverse("competences:score", args=[cast.learner.pk])
    response = client.post(
        url,
        {
            "role": "mentor",
            "observed_on": datetime.date.today().isoformat(),
            f"level-{indicator.pk}": "9",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved" in text or "Er is niets bewaard" in text
    assert 'class="field-name">level<' in text
    assert not Assessment.objects.exists()

    classroom = cast.indicators(1)[0]  # not shown to a mentor, posted anyway
    response = client.post(
        url,
        {
            "role": "mentor",
            "observed_on": datetime.date.today().isoformat(),
            f"level-{classroom.pk}": "2",
        },
    )
    assert response.status_code == 400
    assert 'class="field-name">indicator<' in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_scoring_page_stores_the_chosen_levels_with_evidence(client, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.mentor)
    first, second = cast.indicators(0)
    response = client.post(
        reverse("competences:score", args=[cast.learner.pk]),
        {
            "role": "mentor",
            "observed_on": datetime.date.today().isoformat(),
            f"level-{first.pk}": "3",
            f"level-{second.pk}": "",  # not observed this visit
            f"comment-{first.pk}": "Zelfstandig gedaan",
            f"file-{first.pk}": SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 test"),
        },
    )
    assert response.status_code == 302
    stored = Assessment.objects.get()
    assert (stored.indicator, stored.level.rank, stored.comment) == (first, 3, "Zelfstandig gedaan")
    assert stored.evidence_name == "verslag.pdf"
    # The evidence is served to who may read it, and to nobody else.
    url = reverse("competences:evidence", args=[stored.pk])
    assert client.get(url).status_code == 200
    client.force_login(cast.hr)  # no consent
    assert client.get(url).status_code == 404
    client.force_login(cast.coach)
    assert client.get(url).status_code == 200


def test_the_api_refuses_bad_input_with_400_naming_the_entry(client, cast):
    client.force_login(cast.learner)
    indicator = cast.indicators(0)[0]
    url = f"/api/v1/competences/learners/{cast.learner.pk}/assessments"
    response = client.post(
        url,
        data={
            "role": "self",
            "entries": [
                {"indicator_id": indicator.pk, "level": 2},
                {"indicator_id": 999999, "level": 7},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"entries[1].indicator"}
    response = client.post(
        url,
        data={"role": "self", "entries": [{"indicator_id": indicator.pk, "level": 7}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "entries[0].level"
    response = client.post(
        url,
        data={"role": "mentor", "entries": [{"indicator_id": indicator.pk, "level": 2}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "role"
    response = client.post(url, data={"entries": "x"}, content_type="application/json")
    assert response.status_code == 400
    assert not Assessment.objects.exists()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["self", "mentor"]),
            st.integers(0, 3),
            st.integers(1, 4),
            st.integers(0, 30),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_latest_index_always_agrees_with_the_history(cast, writes):
    """Whatever the order of writes (backdated ones included), the maintained latest
    row of every series is the one the history says is latest."""
    from trajectwijzer.competences import queries
    from trajectwijzer.competences.models import LatestAssessment

    indicators = cast.indicators(0)
    actors = {"self": cast.learner, "mentor": cast.mentor}
    for role, which, level, days_ago in writes:
        services.record_assessments(
            actors[role],
            cast.learner,
            role,
            [services.Entry(indicators[which % 2].pk, level)],
            observed_on=datetime.date.today() - datetime.timedelta(days=days_ago),
        )
    maintained = set(
        LatestAssessment.objects.filter(learner=cast.learner).values_list(
            "assessment_id", "learner_id", "indicator_id", "role", "level_id", "observed_on"
        )
    )
    assert maintained == set(queries.latest_rows_from_history([cast.learner.pk]))
    services.rebuild_latest([cast.learner.pk])
    rebuilt = set(
        LatestAssessment.objects.filter(learner=cast.learner).values_list(
            "assessment_id", "learner_id", "indicator_id", "role", "level_id", "observed_on"
        )
    )
    assert rebuilt == maintained
