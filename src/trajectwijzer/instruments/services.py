"""Use cases of the instruments: sync definitions, start, answer, submit, request a workshop.

Views, the API and the command line call these; none of them write responses
themselves. Answers are checked before anything is written (``scoring.clean_answer``)
and a response is only scored when every asked, required item has an answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import Membership, MembershipStatus, User
from trajectwijzer.web.forms import unstorable_text_error

from . import rules, scoring
from .definition import Definition, DefinitionError, definition_from_raw, shipped_definitions
from .models import InstrumentVersion, Response, ResponseStatus, WorkshopRequest

_PARSED: dict[str, Definition] = {}


def definition_of(version: InstrumentVersion) -> Definition:
    """The stored version's definition as objects (parsed once per checksum)."""
    cached = _PARSED.get(version.checksum)
    if cached is None:
        shipped = shipped_definitions().get(version.instrument)
        if shipped is not None and shipped.checksum == version.checksum:
            cached = shipped
        else:
            cached = definition_from_raw(version.definition, f"{version} (stored)")
        _PARSED[version.checksum] = cached
    return cached


@transaction.atomic
def sync_definition(definition: Definition) -> InstrumentVersion:
    """Make ``definition`` the current version of its instrument.

    An unchanged definition keeps its version. A changed one replaces the current
    version in place only while nobody has answered it; otherwise it becomes a new
    version (numbered at least one above the last), and the answered one stays as it was.
    """
    versions = InstrumentVersion.objects.select_for_update().filter(instrument=definition.id)
    same = versions.filter(checksum=definition.checksum).order_by("-version").first()
    current = versions.filter(is_current=True).first()
    if same is not None:
        if not same.is_current:
            versions.filter(is_current=True).update(is_current=False)
            same.is_current = True
            same.save(update_fields=["is_current"])
        return same
    latest = versions.order_by("-version").first()
    if current is not None and not current.responses.exists() and latest == current:
        current.version = max(definition.version, current.version)
        current.declared_version = definition.version
        current.checksum = definition.checksum
        current.definition = definition.raw
        current.audience = definition.audience
        current.synced_at = timezone.now()
        current.save()
        return current
    number = definition.version if latest is None else max(definition.version, latest.version + 1)
    versions.filter(is_current=True).update(is_current=False)
    return InstrumentVersion.objects.create(
        instrument=definition.id,
        version=number,
        declared_version=definition.version,
        checksum=definition.checksum,
        definition=definition.raw,
        audience=definition.audience,
        is_current=True,
    )


def sync_definitions() -> list[InstrumentVersion]:
    return [sync_definition(d) for d in shipped_definitions().values()]


def current_version(instrument_id: str) -> InstrumentVersion | None:
    """The current stored version of a shipped instrument, synced if the file changed."""
    definition = shipped_definitions().get(instrument_id)
    if definition is None:
        return None
    version = InstrumentVersion.objects.filter(instrument=instrument_id, is_current=True).first()
    if version is None or version.checksum != definition.checksum:
        version = sync_definition(definition)
    return version


# Who answers what -----------------------------------------------------------------


def respondent_organisation(user: User, definition: Definition):
    """The organisation a staff or workplace respondent answers for (their first one)."""
    roles = rules.INSTRUMENT_AUDIENCE_ROLES.get(definition.audience, ())
    membership = (
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE, role__in=roles)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def answer_required() -> str:
    return _("an answer is required")


class ResponseError(Exception):
    """Answers that cannot be saved: ``errors`` maps item ids to messages."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def _current_group(learner: User):
    from trajectwijzer.trajectories.models import Enrolment

    enrolment = (
        Enrolment.objects.current()
        .filter(learner=learner, group__isnull=False)
        .select_related("group")
        .order_by("-started_on")
        .first()
    )
    return enrolment.group if enrolment else None


@transaction.atomic
def start_response(
    user: User, instrument_id: str, *, moment: str = "", today: dt.date | None = None
) -> Response:
    """Continue ``user``'s unfinished response to the instrument, or start one.

    A response outside a group counts in the academic year of ``today`` (default: today).
    """
    version = current_version(instrument_id)
    if version is None:
        raise LookupError(instrument_id)
    definition = definition_of(version)
    policy.require(user, rules.ANSWER_INSTRUMENT, definition)
    existing = (
        Response.objects.filter(
            respondent=user, version__instrument=instrument_id, status=ResponseStatus.IN_PROGRESS
        )
        .select_related("version")
        .first()
    )
    if existing is not None:
        return existing
    learner = user if definition.audience == "learner" else None
    group = _current_group(user) if learner else None
    organisation = None if learner else respondent_organisation(user, definition)
    if group is not None:
        organisation = group.programme.provider.organisation
    from trajectwijzer.trajectories.models import academic_year_of

    return Response.objects.create(
        version=version,
        respondent=user,
        subject=learner,
        organisation=organisation,
        group=group,
        academic_year=group.academic_year
        if group
        else academic_year_of(today or timezone.localdate()),
        moment=moment[:40],
    )


def clean_answers(definition: Definition, submitted: dict[str, Any], item_ids) -> dict[str, Any]:
    """Check every answer of ``item_ids`` first; ResponseError names each bad item."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for item_id in submitted:
        if item_id not in definition.items:
            errors[item_id] = _("this questionnaire has no such item")
    for item_id in item_ids:
        if item_id not in submitted:
            continue
        try:
            cleaned[item_id] = scoring.clean_answer(definition, item_id, submitted[item_id])
        except scoring.AnswerError as error:
            errors[item_id] = error.message
            continue
        unstorable = isinstance(cleaned[item_id], str) and unstorable_text_error(cleaned[item_id])
        if unstorable:  # the answering page passes request.POST's text straight here
            errors[item_id] = unstorable
    if errors:
        raise ResponseError(errors)
    return cleaned


@transaction.atomic
def save_answers(
    response: Response,
    user: User,
    submitted: dict[str, Any],
    *,
    section: int | None = None,
    require_complete: bool = False,
) -> Response:
    """Store answers (of one section, or any items when ``section`` is None).

    With ``require_complete`` every asked required item of that section must be
    answered, else ResponseError names the missing ones and nothing is saved.
    """
    if response.respondent_id != user.pk:
        raise PermissionError("only the respondent changes answers")
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.is_submitted:
        raise ResponseError({"response": _("this response is submitted and can no longer change")})
    definition = definition_of(response.version)
    if section is not None:
        item_ids = list(definition.sections[section].items)
        unknown = [k for k in submitted if k not in item_ids]
        if unknown:
            raise ResponseError({k: _("this item is not on this page") for k in unknown})
    else:
        item_ids = definition.item_ids
    cleaned = clean_answers(definition, submitted, item_ids)
    answers = dict(response.answers)
    answers.update(cleaned)
    answers = {k: v for k, v in answers.items() if v is not None}
    if require_complete and section is not None:
        missing = scoring.missing_required(definition, answers, definition.sections[section].id)
        if missing:
            raise ResponseError({item_id: answer_required() for item_id in missing})
    response.answers = answers
    if section is not None:
        response.section = min(section + 1, len(definition.sections))
    response.save(update_fields=["answers", "section", "updated_at"])
    return response


@dataclass
class Incomplete(Exception):
    missing: list[str]


@transaction.atomic
def submit(response: Response, user: User) -> Response:
    """Score the response once every asked, required item is answered; raise signals.

    A half-finished response is refused (:class:`Incomplete` lists the missing items)
    and stays unscored.
    """
    if response.respondent_id != user.pk:
        raise PermissionError("only the respondent submits")
    response = Response.objects.select_for_update().select_related("version").get(pk=response.pk)
    if response.is_submitted:
        return response
    definition = definition_of(response.version)
    # answers to items that are no longer asked (a condition changed) do not count
    answers = {k: v for k, v in response.answers.items() if definition.visible(k, response.answers)}
    missing = scoring.missing_required(definition, answers)
    if missing:
        raise Incomplete(missing)
    scores = scoring.score_answers(definition, answers)
    rules = scoring.applicable_rules(definition, answers, scores)
    response.answers = answers
    response.scores = scores
    response.feedback = [r.id for r in rules]
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.section = len(definition.sections)
    response.save()
    if response.subject_id:
        from .signals import raise_for

        for rule in rules:
            if rule.signal:
                raise_for(response, definition, rule)
    return response


def request_workshop(
    response: Response, user: User, topic: str, message: str = ""
) -> WorkshopRequest:
    policy.require(user, rules.REQUEST_WORKSHOP, response)
    topic = (topic or "").strip()
    for name, text in (("topic", topic), ("message", message or "")):
        unstorable = unstorable_text_error(text)
        if unstorable:
            raise ResponseError({name: unstorable})
    if not topic:
        raise ResponseError({"topic": _("name the topic of the workshop")})
    if len(topic) > 200:
        raise ResponseError({"topic": _("at most 200 characters")})
    return WorkshopRequest.objects.create(
        response=response,
        requested_by=user,
        organisation=response.organisation,
        topic=topic,
        message=(message or "")[:4000],
    )


__all__ = [
    "DefinitionError",
    "Incomplete",
    "ResponseError",
    "current_version",
    "definition_of",
    "request_workshop",
    "save_answers",
    "start_response",
    "submit",
    "sync_definitions",
]
