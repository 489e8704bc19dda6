import pytest
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts.models import Role
from trajectwijzer.caseload import services
from trajectwijzer.caseload.models import Signal, SignalSource
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db


def test_an_open_signal_is_raised_once_per_key_and_again_after_acknowledgement():
    learner = make_member(Role.LEARNER)
    coach = make_member(Role.COACH)
    first = services.raise_signal(
        learner, source=SignalSource.BAROMETER, code="test.low", key="2026-10-01"
    )
    again = services.raise_signal(
        learner, source=SignalSource.BAROMETER, code="test.low", key="2026-10-01"
    )
    assert again.pk == first.pk
    services.acknowledge_signal(first, coach)
    assert list(services.open_signals(learner)) == []
    later = services.raise_signal(
        learner, source=SignalSource.BAROMETER, code="test.low", key="2026-10-01"
    )
    assert later.pk != first.pk
    assert Signal.objects.count() == 2


def test_signal_text_fills_the_registered_sentence():
    learner = make_member(Role.LEARNER)
    services.register_signal_text("test.score", _("Score {score} of 5"))
    signal = services.raise_signal(
        learner, source=SignalSource.BAROMETER, code="test.score", details={"score": 1}
    )
    assert services.signal_text(signal) == "Score 1 of 5"
    unknown = services.raise_signal(learner, source=SignalSource.COACH, code="test.unknown")
    assert services.signal_text(unknown) == "test.unknown"
