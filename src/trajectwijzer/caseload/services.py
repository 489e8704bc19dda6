"""Raising and acknowledging signals; called by the barometer, instruments and views."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import LinkKind, MembershipStatus, Role, User

from . import emails, rules
from .models import (
    NOTE_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    CoachNote,
    FollowUp,
    Question,
    QuestionKind,
    Referral,
    ReferralStatus,
    Signal,
)

# code → sentence with {placeholders} filled from Signal.details (lazy, translated).
SIGNAL_TEXTS: dict[str, Promise | str] = {}


# code → function turning Signal.details into the sentence's values, for values that
# must be translated when shown (e.g. a stored choice code) rather than when raised.
SIGNAL_VALUES: dict[str, Any] = {}


def register_signal_text(code: str, text: Promise | str, *, values=None) -> None:
    """Declare the sentence shown for signals of ``code`` (call at import time).

    ``values``, if given, maps the signal's details to the placeholders' values at the
    moment the sentence is shown, in the reader's language.
    """
    SIGNAL_TEXTS[code] = text
    if values is not None:
        SIGNAL_VALUES[code] = values


# code prefix → function ``(code) -> sentence or None`` for parts whose signal codes are
# data (e.g. one per feedback rule of a questionnaire): looked up on first display
# instead of registering every code when the process starts.
SIGNAL_TEXT_FAMILIES: dict[str, Any] = {}


def register_signal_family(prefix: str, resolver) -> None:
    """Declare where the sentences of the signal codes starting with ``prefix`` come from."""
    SIGNAL_TEXT_FAMILIES[prefix] = resolver


def _template_for(code: str) -> Promise | str | None:
    template = SIGNAL_TEXTS.get(code)
    if template is None:
        for prefix, resolver in SIGNAL_TEXT_FAMILIES.items():
            if code.startswith(prefix):
                template = resolver(code)
                if template is not None:
                    SIGNAL_TEXTS[code] = template
                break
    return template


# Functions ``(learner_ids) -> {learner_id: datetime}`` giving each learner's latest
# activity in another part (e.g. their latest barometer entry), for the caseload order.
ACTIVITY_SOURCES: list = []


def register_activity_source(source) -> None:
    """Declare where else a learner's latest activity comes from (call at import time)."""
    if source not in ACTIVITY_SOURCES:
        ACTIVITY_SOURCES.append(source)


def signal_text(signal: Signal) -> str:
    template = _template_for(signal.code)
    if template is None:
        return signal.code
    values = SIGNAL_VALUES.get(signal.code)
    try:
        details = values(signal.details) if values else signal.details
        return str(template).format(**details)
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


# The coach's work with a learner --------------------------------------------------
# Each use case checks the policy (the actor must be the learner's current coach),
# validates every field before writing, and writes in one transaction.


def _require_text(errors: dict, name: str, value: str | None, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        errors[name] = _("This field is required.")
    elif len(value) > max_length:
        errors[name] = _("At most %(max)d characters (this has %(n)d).") % {
            "max": max_length,
            "n": len(value),
        }
    return value


def _as_date(errors: dict, name: str, value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        errors[name] = _("Enter a date as YYYY-MM-DD.")
        return None


def acknowledge(actor: User, signal: Signal) -> Signal:
    policy.require(actor, rules.ACKNOWLEDGE_SIGNAL, signal)
    return acknowledge_signal(signal, actor)


@transaction.atomic
def add_note(actor: User, learner: User, *, text: str, written_on=None, today=None) -> CoachNote:
    policy.require(actor, rules.COACH_LEARNER, learner)
    errors: dict[str, str] = {}
    text = _require_text(errors, "text", text, NOTE_MAX_LENGTH)
    today = today or timezone.localdate()
    day = today if written_on in (None, "") else _as_date(errors, "written_on", written_on)
    if day is not None and day > today:
        errors["written_on"] = _("A note's date cannot lie in the future.")
    if errors:
        raise ValidationError(errors)
    return CoachNote.objects.create(learner=learner, author=actor, text=text, written_on=day)


@transaction.atomic
def plan_follow_up(actor: User, learner: User, *, due_on, what: str, today=None) -> FollowUp:
    policy.require(actor, rules.COACH_LEARNER, learner)
    errors: dict[str, str] = {}
    what = _require_text(errors, "what", what, SHORT_TEXT_MAX_LENGTH)
    day = _as_date(errors, "due_on", due_on)
    if day is not None and day < (today or timezone.localdate()):
        errors["due_on"] = _("The follow-up date cannot lie in the past.")
    if errors:
        raise ValidationError(errors)
    return FollowUp.objects.create(learner=learner, coach=actor, due_on=day, what=what)


def complete_follow_up(actor: User, follow_up: FollowUp) -> FollowUp:
    policy.require(actor, rules.COACH_LEARNER, follow_up.learner)
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
    return follow_up


@transaction.atomic
def refer(
    actor: User, learner: User, *, service: str, reason: str, referred_on=None, today=None
) -> Referral:
    policy.require(actor, rules.COACH_LEARNER, learner)
    errors: dict[str, str] = {}
    service = _require_text(errors, "service", service, 200)
    reason = _require_text(errors, "reason", reason, 2000)
    day = (
        (today or timezone.localdate())
        if referred_on in (None, "")
        else _as_date(errors, "referred_on", referred_on)
    )
    if errors:
        raise ValidationError(errors)
    return Referral.objects.create(
        learner=learner, coach=actor, service=service, reason=reason, referred_on=day
    )


def set_referral_status(actor: User, referral: Referral, status: str) -> Referral:
    policy.require(actor, rules.COACH_LEARNER, referral.learner)
    if status not in ReferralStatus.values:
        raise ValidationError(
            {"status": _("Choose one of: %(v)s.") % {"v": ", ".join(ReferralStatus.values)}}
        )
    referral.status = status
    referral.save(update_fields=["status"])
    return referral


# The learner's contact points and questions ----------------------------------------


def coaches_of(learner: User) -> list[User]:
    return _linked_people(learner, LinkKind.COACH)


def mentors_of(learner: User) -> list[User]:
    return _linked_people(learner, LinkKind.MENTOR)


def teachers_of(learner: User) -> list[User]:
    """Teachers linked to the learner, then the teachers of the learner's current groups."""
    from trajectwijzer.trajectories.models import Enrolment

    people = _linked_people(learner, LinkKind.TEACHER)
    group_ids = (
        Enrolment.objects.current()
        .filter(learner=learner, group__isnull=False)
        .values_list("group_id", flat=True)
    )
    seen = {p.pk for p in people}
    # Like the policy: a group's teacher counts while teaching at the group's provider.
    group_teachers = User.objects.filter(
        taught_groups__in=set(group_ids),
        memberships__role=Role.TEACHER,
        memberships__status=MembershipStatus.ACTIVE,
        memberships__organisation=F("taught_groups__programme__provider__organisation"),
        is_active=True,
    ).distinct()
    for teacher in group_teachers.order_by("full_name", "pk"):
        if teacher.pk not in seen:
            seen.add(teacher.pk)
            people.append(teacher)
    return people


def _linked_people(learner: User, kind: str) -> list[User]:
    ids = [
        link.person_id
        for link in sorted(policy.current_links(learner), key=lambda k: (k.started_on, k.pk))
        if link.kind == kind and link.person_id
    ]
    people = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)}
    return [people[i] for i in dict.fromkeys(ids) if i in people]


def recipient_for(learner: User, kind: str) -> User | None:
    """Who answers a question of ``kind``: the layered system of the seed.

    Content questions go to the learner's teacher; trajectory questions go to the
    trajectory coach. A content question of a learner without a teacher goes to the
    coach, who knows whom to ask.
    """
    if kind == QuestionKind.CONTENT:
        teachers = teachers_of(learner)
        if teachers:
            return teachers[0]
    coaches = coaches_of(learner)
    return coaches[0] if coaches else None


@transaction.atomic
def ask_question(
    learner: User, *, kind: str, subject: str, body: str, site_url: str = ""
) -> Question:
    policy.require(learner, rules.ASK_QUESTION)
    errors: dict[str, str] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose one of: %(v)s.") % {"v": ", ".join(QuestionKind.values)}
    subject = _require_text(errors, "subject", subject, SHORT_TEXT_MAX_LENGTH)
    body = _require_text(errors, "body", body, NOTE_MAX_LENGTH)
    recipient = None if "kind" in errors else recipient_for(learner, kind)
    if "kind" not in errors and recipient is None:
        errors["kind"] = _(
            "Nobody is linked to you as teacher or coach yet; ask your school who your coach is."
        )
    if errors:
        raise ValidationError(errors)
    question = Question.objects.create(
        learner=learner, kind=kind, recipient=recipient, subject=subject, body=body
    )
    transaction.on_commit(lambda: emails.send_question_asked(question, site_url=site_url))
    return question


@transaction.atomic
def answer_question(
    actor: User, question: Question, *, answer: str, site_url: str = ""
) -> Question:
    policy.require(actor, rules.ANSWER_QUESTION, question)
    errors: dict[str, str] = {}
    answer = _require_text(errors, "answer", answer, NOTE_MAX_LENGTH)
    if errors:
        raise ValidationError(errors)
    question.answer = answer
    question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answered_at"])
    transaction.on_commit(lambda: emails.send_question_answered(question, site_url=site_url))
    return question
