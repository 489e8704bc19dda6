"""Raising and acknowledging signals; called by the barometer, instruments and views."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from trajectwijzer.accounts.models import User

from .models import Signal

# code → sentence with {placeholders} filled from Signal.details (lazy, translated).
SIGNAL_TEXTS: dict[str, Promise | str] = {}


def register_signal_text(code: str, text: Promise | str) -> None:
    """Declare the sentence shown for signals of ``code`` (call at import time)."""
    SIGNAL_TEXTS[code] = text


def signal_text(signal: Signal) -> str:
    template = SIGNAL_TEXTS.get(signal.code)
    if template is None:
        return signal.code
    try:
        return str(template).format(**signal.details)
    except (KeyError, IndexError, ValueError):
        return str(template)


def raise_signal(
    learner: User,
    *,
    source: str,
    code: str,
    key: str = "",
    details: dict[str, Any] | None = None,
) -> Signal:
    """Open a signal unless one with the same learner, code and key is still open."""
    existing = Signal.objects.filter(
        learner=learner, code=code, key=key, acknowledged_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Signal.objects.create(
                learner=learner, source=source, code=code, key=key, details=details or {}
            )
    except IntegrityError:  # raised concurrently by another request
        return Signal.objects.get(learner=learner, code=code, key=key, acknowledged_at__isnull=True)


def acknowledge_signal(signal: Signal, by: User) -> Signal:
    """Mark ``signal`` as seen by ``by``; the caller has checked the policy."""
    if signal.acknowledged_at is None:
        signal.acknowledged_at = timezone.now()
        signal.acknowledged_by = by
        signal.save(update_fields=["acknowledged_at", "acknowledged_by"])
    return signal


def open_signals(learner: User):
    return Signal.objects.filter(learner=learner, acknowledged_at__isnull=True)
