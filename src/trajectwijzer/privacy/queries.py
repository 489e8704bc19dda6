"""Reads for the privacy pages."""

from __future__ import annotations

from dataclasses import dataclass

from trajectwijzer.accounts.models import User

from .models import ErasureRecord, ErasureRequest, RequestStatus
from .registry import PersonalData, providers
from .services import require_erasure_administrator


@dataclass
class DeclaredPart:
    label: str
    items: list[PersonalData]


def declarations() -> list[DeclaredPart]:
    """What each app keeps about people, in the reader's language, by app name."""
    parts = [DeclaredPart(p.verbose_name, list(p.personal_data_declared())) for p in providers()]
    return sorted(parts, key=lambda part: part.label)


def open_requests(actor: User):
    require_erasure_administrator(actor)
    return ErasureRequest.objects.filter(status=RequestStatus.OPEN).select_related("requested_by")


def recent_records(actor: User, limit: int = 50):
    require_erasure_administrator(actor)
    return ErasureRecord.objects.all()[:limit]
