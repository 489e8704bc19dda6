"""An answered definition is never changed in place: a change makes a new version."""

from __future__ import annotations

import dataclasses

import pytest

from trajectwijzer.instruments import services
from trajectwijzer.instruments.definition import definition_from_raw
from trajectwijzer.instruments.models import InstrumentVersion

from .builders import definition, full_answers, learner_in_group, submitted

pytestmark = pytest.mark.django_db


def changed(d, **raw_changes):
    raw = dict(d.raw, **raw_changes)
    return definition_from_raw(raw, "changed.yaml")


def test_unanswered_version_is_updated_in_place_and_answered_one_kept():
    d = definition("intake")
    first = services.current_version("intake")
    assert (first.version, first.declared_version) == (1, 1)
    # nobody answered yet: a changed file replaces the version in place
    edited = changed(d, minutes=12)
    same_row = services.sync_definition(edited)
    assert same_row.pk == first.pk and same_row.version == 1
    assert same_row.definition["minutes"] == 12
    services.sync_definition(d)
    # someone answers version 1; a change now becomes version 2
    learner = learner_in_group()
    response = submitted(learner, "intake", full_answers(d, 3))
    assert response.version.pk == first.pk
    second = services.sync_definition(edited)
    assert second.pk != first.pk and second.version == 2 and second.is_current
    assert InstrumentVersion.objects.filter(instrument="intake").count() == 2
    old = InstrumentVersion.objects.get(pk=response.version_id)
    assert old.definition["minutes"] == 10 and not old.is_current
    # the response still says which version it answered, and reads it back
    assert services.definition_of(old).minutes == 10
    assert services.definition_of(second).minutes == 12


def test_going_back_to_an_earlier_definition_reuses_its_version():
    d = definition("intake")
    learner = learner_in_group()
    submitted(learner, "intake", full_answers(d, 3))
    services.sync_definition(changed(d, minutes=20))
    back = services.sync_definition(d)
    assert back.version == 1 and back.is_current
    assert InstrumentVersion.objects.filter(instrument="intake", is_current=True).count() == 1


def test_a_new_response_uses_the_current_version():
    d = definition("survey_working_students")
    learner = learner_in_group()
    response = submitted(learner, "survey_working_students", full_answers(d, 4))
    assert response.version.version == 1
    assert response.scores == {
        "self_regulation": 4.0, "materials": 4.0, "lecturers": 4.0, "environment": 4.0,
    }  # fmt: skip
    assert dataclasses.is_dataclass(services.definition_of(response.version))
