"""Login attempts django-axes keeps under a person's address are exported and erased.

Runs once axes is installed (another part of issue #9 adds it); skipped before."""

from __future__ import annotations

import pytest
from django.apps import apps

from trajectwijzer.privacy import services
from trajectwijzer.privacy.models import ErasureChannel
from trajectwijzer.testing import make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes is not installed"),
]

AXES_MODELS = ("AccessAttempt", "AccessLog", "AccessFailureLog")


def _attempts_for(username: str) -> None:
    common = {
        "username": username,
        "ip_address": "192.0.2.7",
        "user_agent": "pytest",
        "http_accept": "*/*",
        "path_info": "/accounts/login/",
    }
    apps.get_model("axes", "AccessAttempt").objects.create(
        **common, get_data="", post_data=f"username={username}", failures_since_start=3
    )
    apps.get_model("axes", "AccessLog").objects.create(**common)
    apps.get_model("axes", "AccessFailureLog").objects.create(**common, locked_out=False)


def test_axes_rows_of_the_person_are_exported_and_erased_others_stay():
    person = make_user("ines.inlog@example.org", full_name="Ines Inlog")
    other = make_user("otto.ander@example.org", full_name="Otto Ander")
    _attempts_for("Ines.Inlog@example.org")  # as typed at the login form
    _attempts_for(other.email)

    exported = services.export_person(person)["accounts"]["login_attempts"]
    assert {row["kind"] for row in exported} == {f"axes.{name}" for name in AXES_MODELS}

    dry = services.erase_person(person, dry_run=True, channel=ErasureChannel.COMMAND_LINE)
    assert {line.model for line in dry.lines} >= {f"axes.{name}" for name in AXES_MODELS}
    services.erase_person(person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    for name in AXES_MODELS:
        model = apps.get_model("axes", name)
        assert not model.objects.filter(username__iexact="ines.inlog@example.org").exists()
        assert model.objects.filter(username=other.email).count() == 1
