"""The one way to read a learner's data (accounts.access) and the rules registry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.urls import reverse

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import LearnerNotAccessible, access_learner, log_access
from trajectwijzer.accounts.models import AccessLogEntry, ConsentScope, LinkKind, Role
from trajectwijzer.accounts.services import create_api_token
from trajectwijzer.caseload import rules as caseload_rules
from trajectwijzer.testing import link, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    learner = make_member(Role.LEARNER)
    coach = make_member(Role.COACH)
    link(learner, LinkKind.COACH, person=coach)
    return learner, coach, make_member(Role.COACH)


def test_a_read_by_someone_else_is_logged_once_with_what_was_read(people):
    learner, coach, _stranger = people
    got = access_learner(coach, learner.pk, caseload_rules.COACH_LEARNER, read="caseload.file")
    assert got == learner
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.learner, entry.action) == (coach, learner, "caseload.file")


def test_reading_ones_own_data_is_not_logged(people):
    learner, _coach, _stranger = people
    access_learner(learner, learner.pk, policy.VIEW_PERSONAL_DATA, scope=ConsentScope.PLANS)
    assert not AccessLogEntry.objects.exists()


def test_a_refusal_and_a_missing_learner_are_the_same_404_and_log_nothing(people):
    learner, _coach, stranger = people
    for learner_id in (learner.pk, learner.pk + 1000):
        with pytest.raises(LearnerNotAccessible) as refused:
            access_learner(stranger, learner_id, caseload_rules.COACH_LEARNER)
        assert isinstance(refused.value, Http404)  # pages answer 404
    assert not AccessLogEntry.objects.exists()


def test_the_api_answers_a_refusal_like_a_missing_learner(client, people):
    learner, _coach, stranger = people
    _token, key = create_api_token(stranger, name="test")
    headers = {"authorization": f"Bearer {key}"}
    refused = client.get(f"/api/v1/caseload/learners/{learner.pk}/notes", headers=headers)
    missing = client.get(f"/api/v1/caseload/learners/{learner.pk + 1000}/notes", headers=headers)
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json() == {"detail": "Not found.", "errors": []}


def test_a_page_reading_many_learners_logs_each_once_in_one_insert(
    people, django_assert_num_queries
):
    learner, coach, stranger = people
    with django_assert_num_queries(1):
        log_access(coach, [learner, stranger, learner, coach], "caseload.view")
    logged = AccessLogEntry.objects.values_list("learner", flat=True)
    assert sorted(logged) == sorted([learner.pk, stranger.pk])  # not the coach's own


def test_the_caseload_list_logs_a_read_of_each_learner_shown(client, people):
    learner, coach, _stranger = people
    client.force_login(coach)
    assert client.get(reverse("caseload:caseload")).status_code == 200
    assert list(AccessLogEntry.objects.values_list("actor", "learner", "action")) == [
        (coach.pk, learner.pk, caseload_rules.VIEW_CASELOAD)
    ]


def test_an_action_registered_twice_is_refused_and_the_first_rule_stays():
    first = policy.RULES[caseload_rules.VIEW_CASELOAD]
    with pytest.raises(ImproperlyConfigured, match=r"caseload\.view"):
        policy.register_rules({caseload_rules.VIEW_CASELOAD: lambda user, obj: True})
    assert policy.RULES[caseload_rules.VIEW_CASELOAD] is first


def test_every_app_with_a_rules_module_has_registered_its_actions():
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    with_rules = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("trajectwijzer.") and module_has_submodule(config.module, "rules")
    }
    registered = {action.split(".")[0] for action in policy.RULES}
    assert with_rules <= registered
    assert with_rules >= {"catalogue", "trajectories", "competences", "development"}
