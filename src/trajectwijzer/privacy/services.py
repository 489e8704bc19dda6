"""Use cases of the privacy rights: export a person's data, ask for and carry out erasure.

The command line, the person's own page and the administrator's page all call these,
so an erasure does the same wherever it starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import AccessLogEntry, User

from .models import ErasureChannel, ErasureRecord, ErasureRequest, RequestStatus
from .registry import ErasureLine, providers

EXPORT_ACTION = "privacy.export"


def person_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip()).first()


# Export (GDPR art. 15 and 20) ------------------------------------------------------


def export_person(person: User) -> dict[str, Any]:
    """Everything the platform holds about ``person``: one key per app, JSON-ready.

    Passed once through the JSON encoder so that whatever a provider returns is
    proven serialisable here, not in the browser.
    """
    data = {provider.app_label: provider.export(person) for provider in providers()}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def export_json(person: User) -> str:
    return json.dumps(export_person(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def record_export_by_operator(person: User) -> None:
    """An operator exported the person's data from the command line: that read is
    logged like any other read of personal data by someone else (no actor known)."""
    AccessLogEntry.objects.create(actor=None, learner=person, action=EXPORT_ACTION)


# Erasure (GDPR art. 17) -----------------------------------------------------------


@dataclass
class ErasureResult:
    dry_run: bool
    lines: list[ErasureLine] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    record: ErasureRecord | None = None

    def counts(self) -> list[dict[str, Any]]:
        return [
            {"model": line.model, "count": line.count, "outcome": str(line.outcome)}
            for line in self.lines
        ]


def erase_person(
    person: User,
    *,
    dry_run: bool,
    channel: str,
    carried_out_by: User | None = None,
    erasure_request: ErasureRequest | None = None,
) -> ErasureResult:
    """Erase or anonymise everything about ``person``, app by app; all or nothing.

    A dry run asks every provider what it would do and changes nothing. For real, the
    rows go in one transaction with the audit record; the files go after it commits
    (storage cannot roll back, so a failed erasure must not have removed them).
    """
    result = ErasureResult(dry_run=dry_run)
    with transaction.atomic():
        for provider in providers():
            result.files.extend(provider.files(person))
        for provider in providers():
            result.lines.extend(provider.erase(person, dry_run=dry_run))
        if dry_run:
            transaction.set_rollback(True)  # a provider that changed anything by mistake
            return result
        now = timezone.now()
        if erasure_request is None:
            erasure_request = ErasureRequest.objects.filter(
                requested_by=person, status=RequestStatus.OPEN
            ).first()
        if erasure_request is not None:
            erasure_request.status = RequestStatus.CARRIED_OUT
            erasure_request.carried_out_at = now
            erasure_request.carried_out_by = carried_out_by
            erasure_request.save()
        result.record = ErasureRecord.objects.create(
            request=erasure_request,
            carried_out_at=now,
            carried_out_by=carried_out_by,
            channel=channel,
            counts=result.counts(),
            files_deleted=len(result.files),
        )
    for path in result.files:
        default_storage.delete(path)
    return result


def request_erasure(person: User) -> ErasureRequest:
    """The person asks to be erased; asking again while a request is open changes nothing."""
    existing = open_request_of(person)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ErasureRequest.objects.create(requested_by=person)
    except IntegrityError:  # asked twice at once: the other request won
        return open_request_of(person)


def open_request_of(person: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(requested_by=person, status=RequestStatus.OPEN).first()


def require_erasure_administrator(actor: User) -> None:
    if not policy.is_platform_admin(actor):
        raise PermissionDenied("Only a platform administrator carries out erasure.")


def preview_request(actor: User, erasure_request: ErasureRequest) -> ErasureResult:
    require_erasure_administrator(actor)
    return erase_person(erasure_request.requested_by, dry_run=True, channel=ErasureChannel.PAGE)


def carry_out_request(actor: User, erasure_request: ErasureRequest) -> ErasureResult:
    """A platform administrator carries out an open request (never their own)."""
    require_erasure_administrator(actor)
    if not erasure_request.is_open:
        raise ValidationError({"request": _("This request was already carried out.")})
    if erasure_request.requested_by_id == actor.pk:
        raise ValidationError(
            {"request": _("Another administrator must carry out your own erasure request.")}
        )
    return erase_person(
        erasure_request.requested_by,
        dry_run=False,
        channel=ErasureChannel.PAGE,
        carried_out_by=actor,
        erasure_request=erasure_request,
    )
