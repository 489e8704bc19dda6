"""Every app that keeps a reference to a person declares it in its privacy provider."""

import pytest

from trajectwijzer.privacy import registry

EXPECTED_PROVIDERS = {
    "accounts",
    "trajectories",
    "caseload",
    "barometer",
    "competences",
    "development",
    "instruments",
    "incentives",
    "privacy",
}


def test_each_app_with_personal_data_has_a_provider_found_by_autodiscovery():
    assert {p.app_label for p in registry.providers()} >= EXPECTED_PROVIDERS


def test_every_field_pointing_to_a_person_is_declared_by_a_provider():
    references = registry.person_references()
    assert ("caseload.CoachNote", "author") in references  # the walk finds them
    assert ("trajectories.Group", "teachers") in references  # many-to-many too
    assert registry.uncovered_person_references() == []


def test_an_app_without_provider_is_reported():
    provider = registry.provider_for("barometer")
    registry.unregister("barometer")
    try:
        uncovered = registry.uncovered_person_references()
    finally:
        registry.register(provider)
    assert uncovered == ["barometer.Entry.learner", "barometer.Reminder.learner"]


@pytest.mark.parametrize("provider", registry.providers(), ids=lambda p: p.app_label)
def test_each_declaration_names_real_fields_and_says_what_they_are(provider):
    from django.apps import apps

    for item in provider.personal_data_declared():
        model = apps.get_model(item.model)
        for name in item.fields:
            model._meta.get_field(name)  # raises FieldDoesNotExist on a typo
        assert str(item.description).strip()
