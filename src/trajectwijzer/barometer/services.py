"""Use cases of the motivation barometer: record a score, plan moments, remind, signal.

Views, the API and the command line call these functions; each validates everything
before it writes, and writes in one transaction, so bad input never half-saves.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User
from trajectwijzer.caseload.models import Signal, SignalSource
from trajectwijzer.caseload.services import raise_signal
from trajectwijzer.tasks import enqueue_on_commit, retried_task
from trajectwijzer.trajectories.models import Enrolment, Group

from . import rules, signals
from .models import (
    NOTE_MAX_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    Entry,
    Moment,
    MomentKind,
    Reminder,
)

logger = logging.getLogger(__name__)

# A score at or below this asks for the coach's attention.
LOW_SCORE_THRESHOLD = 2
# A fall of at least this many points since the learner's previous entry does too.
DROP_THRESHOLD = 2
# Days after a scheduled moment within which an entry counts as the answer to it;
# after that the moment counts as missed.
ANSWER_WINDOW_DAYS = 7
# Moments whose answer window closed longer ago than this are not checked any more
# (so a first run does not raise signals about last year's moments).
MISSED_LOOKBACK_DAYS = 30

# Default moments per academic year (month, day; year offset from its first year):
# start of each semester, after the partial exams, after the exams (seed 000).
DEFAULT_MOMENTS: tuple[tuple[str, str, int, int, int], ...] = (
    (MomentKind.SEMESTER_START, "Semester 1", 0, 9, 29),
    (MomentKind.AFTER_PARTIAL_EXAMS, "Semester 1", 0, 11, 17),
    (MomentKind.AFTER_EXAMS, "Semester 1", 1, 2, 2),
    (MomentKind.SEMESTER_START, "Semester 2", 1, 2, 9),
    (MomentKind.AFTER_PARTIAL_EXAMS, "Semester 2", 1, 4, 20),
    (MomentKind.AFTER_EXAMS, "Semester 2", 1, 7, 1),
)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def answer_window(moment: Moment) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of the moment's day to the end of its answer window (exclusive)."""
    return _day_start(moment.date), _day_start(
        moment.date + datetime.timedelta(days=ANSWER_WINDOW_DAYS + 1)
    )


# Recording ------------------------------------------------------------------------


def validate_entry(score, note: str | None) -> tuple[int, str]:
    """The score as an int and the note stripped, or a ValidationError per field."""
    errors: dict[str, str] = {}
    value = None
    try:
        value = int(score)
        if str(score).strip() not in {str(value)} or isinstance(score, bool):
            raise ValueError
    except (TypeError, ValueError):
        value = None
    if value is None or not SCORE_MIN <= value <= SCORE_MAX:
        errors["score"] = _("Choose a score from %(min)d to %(max)d.") % {
            "min": SCORE_MIN,
            "max": SCORE_MAX,
        }
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = _("The note can be at most %(max)d characters (it has %(n)d).") % {
            "max": NOTE_MAX_LENGTH,
            "n": len(note),
        }
    if errors:
        raise ValidationError(errors)
    return value, note


@transaction.atomic
def record_entry(learner: User, score, note: str = "", *, at=None) -> Entry:
    """Record ``learner``'s motivation and raise the signals it gives (low, drop)."""
    policy.require(learner, rules.RECORD_MOTIVATION)
    value, note = validate_entry(score, note)
    previous = Entry.objects.filter(learner=learner).order_by("-recorded_at", "-pk").first()
    entry = Entry.objects.create(
        learner=learner, score=value, note=note, recorded_at=at or timezone.now()
    )
    detect_entry_signals(entry, previous)
    return entry


def detect_entry_signals(entry: Entry, previous: Entry | None) -> list[Signal]:
    raised = []
    day = entry.recorded_on
    details = {"score": entry.score, "date": day.strftime("%d-%m-%Y"), "entry": entry.pk}
    if entry.score <= LOW_SCORE_THRESHOLD:
        raised.append(
            raise_signal(
                entry.learner,
                source=SignalSource.BAROMETER,
                code=signals.LOW_SCORE,
                key=day.isoformat(),
                details=details,
            )
        )
    if previous is not None and previous.score - entry.score >= DROP_THRESHOLD:
        raised.append(
            raise_signal(
                entry.learner,
                source=SignalSource.BAROMETER,
                code=signals.DROP,
                key=day.isoformat(),
                details={**details, "previous": previous.score},
            )
        )
    return raised


# Moments --------------------------------------------------------------------------


def _validated_moment(group: Group, kind: str, date, label: str = "") -> Moment:
    errors: dict[str, str] = {}
    if kind not in MomentKind.values:
        errors["kind"] = _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(MomentKind.values)}
    if not isinstance(date, datetime.date):
        try:
            date = datetime.date.fromisoformat(str(date))
        except ValueError:
            errors["date"] = _("Enter a date as YYYY-MM-DD.")
            date = None
    moment = Moment(group=group, kind=kind, date=date, label=(label or "").strip())
    try:
        moment.full_clean(exclude=["kind", "date"] if errors else None)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, " ".join(messages))
    if errors:
        raise ValidationError(errors)
    return moment


@transaction.atomic
def add_moment(actor: User | None, group: Group, *, kind: str, date, label: str = "") -> Moment:
    """Schedule a moment for ``group``; ``actor`` None means the operator's command line."""
    if actor is not None:
        policy.require(actor, rules.MANAGE_BAROMETER_MOMENTS, group)
    moment = _validated_moment(group, kind, date, label)
    moment.save()
    return moment


@transaction.atomic
def delete_moment(actor: User | None, moment: Moment) -> None:
    if actor is not None:
        policy.require(actor, rules.MANAGE_BAROMETER_MOMENTS, moment.group)
    moment.delete()


def default_moment_dates(academic_year: str) -> list[tuple[str, str, datetime.date]]:
    first = int(academic_year[:4])
    return [
        (kind, label, datetime.date(first + offset, month, day))
        for kind, label, offset, month, day in DEFAULT_MOMENTS
    ]


@transaction.atomic
def add_default_moments(actor: User | None, group: Group) -> list[Moment]:
    """The seed's default moments for the group's academic year (existing ones kept)."""
    if actor is not None:
        policy.require(actor, rules.MANAGE_BAROMETER_MOMENTS, group)
    moments = []
    for kind, label, date in default_moment_dates(group.academic_year):
        moment, _created = Moment.objects.get_or_create(
            group=group, kind=kind, date=date, defaults={"label": label}
        )
        moments.append(moment)
    return moments


# Who is asked when ----------------------------------------------------------------


def learners_of(moment: Moment) -> list[User]:
    """The learners enrolled in the moment's group on its date."""
    ids = (
        Enrolment.objects.current(on=moment.date)
        .filter(group=moment.group)
        .values_list("learner_id", flat=True)
    )
    return list(User.objects.filter(pk__in=set(ids), is_active=True).order_by("pk"))


def answered(learner: User, moment: Moment) -> bool:
    start, end = answer_window(moment)
    return Entry.objects.filter(
        learner=learner, recorded_at__gte=start, recorded_at__lt=end
    ).exists()


def due_moments(learner: User, on: datetime.date | None = None) -> list[Moment]:
    """Moments of ``learner``'s current groups whose answer window is open and unanswered."""
    on = on or timezone.localdate()
    group_ids = (
        Enrolment.objects.current(on=on)
        .filter(learner=learner, group__isnull=False)
        .values_list("group_id", flat=True)
    )
    moments = Moment.objects.filter(
        group_id__in=set(group_ids),
        date__lte=on,
        date__gte=on - datetime.timedelta(days=ANSWER_WINDOW_DAYS),
    ).select_related("group")
    return [m for m in moments if not answered(learner, m)]


@dataclass
class RunResult:
    reminders: int = 0
    signals: int = 0
    failed: int = 0
    moments: list[Moment] = field(default_factory=list)


def _forget_reminder(reminder_id: int, site_url: str) -> None:
    """After the last failed attempt: drop the mark so the next run queues it again."""
    Reminder.objects.filter(pk=reminder_id).delete()


@retried_task(give_up=_forget_reminder)
def deliver_reminder(reminder_id: int, site_url: str) -> int:
    """Send one reminder e-mail (a background task; retried while the mail server fails)."""
    reminder = (
        Reminder.objects.select_related("learner", "moment__group").filter(pk=reminder_id).first()
    )
    if reminder is None:  # the moment was deleted meanwhile
        return 0
    learner, moment = reminder.learner, reminder.moment
    with translation.override(learner.preferred_language):
        context = {
            "recipient": learner,
            "moment": moment,
            "days": ANSWER_WINDOW_DAYS,
            "url": site_url.rstrip("/") + reverse("barometer:record"),
        }
        subject = render_to_string("barometer/emails/reminder_subject.txt", context)
        body = render_to_string("barometer/emails/reminder_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[learner.email],
        headers={"Content-Language": learner.preferred_language},
    ).send()


def send_reminders(on: datetime.date | None = None, *, site_url: str = "") -> RunResult:
    """Queue an e-mail to each learner of a moment whose window is open, once per pair.

    A learner who already recorded their motivation since the moment is not asked.
    The reminder is recorded and its e-mail enqueued in one transaction; the
    background task retries a failing mail server and, after its last attempt,
    removes the record so the next run queues the reminder again. A queued one is
    never repeated.
    """
    on = on or timezone.localdate()
    result = RunResult()
    moments = Moment.objects.filter(
        date__lte=on, date__gte=on - datetime.timedelta(days=ANSWER_WINDOW_DAYS)
    ).select_related("group")
    for moment in moments:
        result.moments.append(moment)
        for learner in learners_of(moment):
            if answered(learner, moment):
                continue
            try:
                with transaction.atomic():
                    reminder, created = Reminder.objects.get_or_create(
                        learner=learner, moment=moment
                    )
                    if created:
                        enqueue_on_commit(deliver_reminder, reminder.pk, site_url=site_url)
                        result.reminders += 1
            except Exception:  # e.g. the task queue refused: retried on the next run
                logger.exception("Barometer reminder to learner %s not queued", learner.pk)
                result.failed += 1
    return result


def check_missed_moments(on: datetime.date | None = None) -> RunResult:
    """Raise a signal for each learner who recorded nothing within the window of a moment.

    Only moments whose window closed before ``on`` (and not longer than
    MISSED_LOOKBACK_DAYS ago) are checked; a moment is signalled once per learner,
    also after the coach acknowledged it.
    """
    on = on or timezone.localdate()
    closed_before = on - datetime.timedelta(days=ANSWER_WINDOW_DAYS)
    result = RunResult()
    moments = Moment.objects.filter(
        date__lt=closed_before,
        date__gte=closed_before - datetime.timedelta(days=MISSED_LOOKBACK_DAYS),
    ).select_related("group")
    for moment in moments:
        result.moments.append(moment)
        for learner in learners_of(moment):
            if answered(learner, moment):
                continue
            if signal_missed_moment(learner, moment) is not None:
                result.signals += 1
    return result


def signal_missed_moment(learner: User, moment: Moment) -> Signal | None:
    """Raise the missed-moment signal unless one was ever raised for this pair."""
    key = f"moment-{moment.pk}"
    if Signal.objects.filter(learner=learner, code=signals.MISSED_MOMENT, key=key).exists():
        return None
    return raise_signal(
        learner,
        source=SignalSource.BAROMETER,
        code=signals.MISSED_MOMENT,
        key=key,
        details={
            "moment": moment.title,  # in the language of the run; shown translated
            "kind": moment.kind,
            "label": moment.label,
            "date": moment.date.strftime("%d-%m-%Y"),
            "days": ANSWER_WINDOW_DAYS,
        },
    )
