import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from trajectwijzer.accounts.models import Role
from trajectwijzer.incentives.queries import remember_situation, situation_for
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db

ANSWERS = {"person": {"status": "employee", "workplace_region": "brussels"}}


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


def test_visitor_answers_live_in_the_session_only():
    request = request_for(AnonymousUser())
    assert situation_for(request) is None
    remember_situation(request, ANSWERS)
    assert situation_for(request) == ANSWERS


def test_logged_in_answers_are_saved_on_the_profile_and_found_in_a_new_session():
    user = make_member(Role.LEARNER)
    remember_situation(request_for(user), ANSWERS)
    assert situation_for(request_for(user)) == ANSWERS


def test_one_persons_saved_answers_are_not_anothers():
    remember_situation(request_for(make_member(Role.LEARNER)), ANSWERS)
    assert situation_for(request_for(make_member(Role.LEARNER))) is None
