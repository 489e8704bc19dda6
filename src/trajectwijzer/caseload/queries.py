"""Reads for the caseload pages and API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner, log_access
from trajectwijzer.accounts.models import LearnerLink, LinkKind, User

from . import rules
from .models import CoachNote, FollowUp, Question, Referral, Signal
from .services import ACTIVITY_SOURCES, signal_text


@dataclass
class CaseloadRow:
    learner: User
    open_signals: list[Signal] = field(default_factory=list)
    latest_activity: datetime.datetime | None = None
    next_follow_up: FollowUp | None = None

    @property
    def open_count(self) -> int:
        return len(self.open_signals)

    @property
    def signal_texts(self) -> list[str]:
        return [signal_text(s) for s in self.open_signals]


def coached_learners(coach: User) -> list[User]:
    """Learners with a current coach link to ``coach``."""
    ids = (
        LearnerLink.objects.current()
        .filter(kind=LinkKind.COACH, person=coach)
        .values_list("learner_id", flat=True)
    )
    return list(User.objects.filter(pk__in=set(ids), is_active=True))


def caseload_for(coach: User) -> list[CaseloadRow]:
    """The coach's learners: those with open signals first, then by latest activity.

    Latest activity is the newest of: a signal raised, a note written, a question asked,
    and what other parts register (the barometer: the latest entry).
    A constant number of queries whatever the size of the caseload.
    """
    learners = coached_learners(coach)
    ids = [learner.pk for learner in learners]
    rows = {learner.pk: CaseloadRow(learner) for learner in learners}
    for signal in Signal.objects.filter(learner_id__in=ids, acknowledged_at__isnull=True).order_by(
        "-raised_at"
    ):
        rows[signal.learner_id].open_signals.append(signal)
    activity: dict[int, list[datetime.datetime]] = {pk: [] for pk in ids}
    for model, stamp in ((Signal, "raised_at"), (CoachNote, "created_at"), (Question, "asked_at")):
        for row in (
            model.objects.filter(learner_id__in=ids).values("learner_id").annotate(last=Max(stamp))
        ):
            activity[row["learner_id"]].append(row["last"])
    for source in ACTIVITY_SOURCES:
        for pk, stamp in source(ids).items():
            if stamp is not None:
                activity[pk].append(stamp)
    for pk, stamps in activity.items():
        rows[pk].latest_activity = max(stamps) if stamps else None
    for follow_up in FollowUp.objects.filter(learner_id__in=ids, done_at__isnull=True).order_by(
        "due_on"
    ):
        if rows[follow_up.learner_id].next_follow_up is None:
            rows[follow_up.learner_id].next_follow_up = follow_up
    return sorted(
        rows.values(),
        key=lambda r: (
            r.open_count == 0,
            -r.latest_activity.timestamp() if r.latest_activity else float("inf"),
            r.learner.full_name,
        ),
    )


def open_signal_count(coach: User) -> int:
    ids = [learner.pk for learner in coached_learners(coach)]
    return Signal.objects.filter(learner_id__in=ids, acknowledged_at__isnull=True).count()


def learner_file(viewer: User, learner_id: int) -> tuple[User, dict]:
    """The learner and what the coach's page about them shows, for a coach of theirs
    (accounts.access: 404 otherwise; the read is logged)."""
    learner = access_learner(viewer, learner_id, rules.COACH_LEARNER)
    return learner, _file_of(learner)


def _file_of(learner: User) -> dict:
    return {
        "open_signals": list(
            Signal.objects.filter(learner=learner, acknowledged_at__isnull=True).order_by(
                "-raised_at"
            )
        ),
        "acknowledged_signals": list(
            Signal.objects.filter(learner=learner, acknowledged_at__isnull=False)
            .select_related("acknowledged_by")
            .order_by("-acknowledged_at")[:20]
        ),
        "notes": list(CoachNote.objects.filter(learner=learner).select_related("author")),
        "follow_ups": list(FollowUp.objects.filter(learner=learner).order_by("done_at", "due_on")),
        "referrals": list(Referral.objects.filter(learner=learner)),
        "questions": list(
            Question.objects.filter(learner=learner).select_related("recipient")[:20]
        ),
    }


def questions_of(learner: User):
    return Question.objects.filter(learner=learner).select_related("recipient")


def questions_to(person: User):
    return (
        Question.objects.filter(recipient=person)
        .select_related("learner")
        .order_by("answered_at", "-asked_at")
    )


def questions_of_or_to(person: User):
    return Question.objects.filter(Q(learner=person) | Q(recipient=person)).select_related(
        "learner", "recipient"
    )


def readable_questions(viewer: User, questions) -> list[Question]:
    """The ``questions`` ``viewer`` may read (rules.VIEW_QUESTION), the read logged once.

    The rule's answer depends only on the question's learner and recipient, so it is
    asked once per such pair, not once per question (a teacher's many questions from
    one learner cost one look at their links)."""
    allowed: dict[tuple[int, int | None], bool] = {}
    readable = []
    for question in questions:
        pair = (question.learner_id, question.recipient_id)
        if pair not in allowed:
            allowed[pair] = policy.can(viewer, rules.VIEW_QUESTION, question)
        if allowed[pair]:
            readable.append(question)
    log_access(viewer, [question.learner_id for question in readable], rules.VIEW_QUESTION)
    return readable
