"""Caseload API, mounted at /api/v1/caseload/ (bearer token).

A coach lists their learners (open signals first), acknowledges signals, writes notes,
plans follow-ups and records referrals for learners linked to them as coach; anyone
else gets 404 for a learner, as if the learner did not exist. Learners ask questions;
the teacher or coach they were routed to answers them.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner, log_access
from trajectwijzer.accounts.models import User
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import NOT_FOUND, CleanText, ErrorOut

from . import queries, rules, services
from .models import CoachNote, FollowUp, Question, Referral, Signal

router = Router(tags=["caseload"], auth=ApiTokenAuth())


class SignalOut(Schema):
    id: int
    source: str
    code: str
    text: str
    raised_at: datetime.datetime
    acknowledged_at: datetime.datetime | None = None


class FollowUpOut(Schema):
    id: int
    due_on: datetime.date
    what: str
    done: bool
    overdue: bool


class CaseloadRowOut(Schema):
    learner: int
    name: str
    open_signals: list[SignalOut]
    latest_activity: datetime.datetime | None = None
    next_follow_up: FollowUpOut | None = None


class NoteIn(Schema):
    text: CleanText
    written_on: CleanText | None = None


class NoteOut(Schema):
    id: int
    written_on: datetime.date
    text: str
    author: str | None


class FollowUpIn(Schema):
    due_on: CleanText
    what: CleanText


class ReferralIn(Schema):
    service: CleanText
    reason: CleanText
    referred_on: CleanText | None = None


class ReferralOut(Schema):
    id: int
    service: str
    reason: str
    referred_on: datetime.date
    status: str


class QuestionIn(Schema):
    kind: CleanText
    subject: CleanText
    body: CleanText


class AnswerIn(Schema):
    answer: CleanText


class QuestionOut(Schema):
    id: int
    kind: str
    learner: int
    recipient: int
    recipient_name: str
    subject: str
    body: str
    asked_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None = None


def _signal(signal: Signal) -> dict:
    return {
        "id": signal.pk,
        "source": signal.source,
        "code": signal.code,
        "text": services.signal_text(signal),
        "raised_at": signal.raised_at,
        "acknowledged_at": signal.acknowledged_at,
    }


def _follow_up(f: FollowUp) -> dict:
    return {
        "id": f.pk,
        "due_on": f.due_on,
        "what": f.what,
        "done": f.done_at is not None,
        "overdue": f.is_overdue,
    }


def _question(q: Question) -> dict:
    return {
        "id": q.pk,
        "kind": q.kind,
        "learner": q.learner_id,
        "recipient": q.recipient_id,
        "recipient_name": q.recipient.full_name,
        "subject": q.subject,
        "body": q.body,
        "asked_at": q.asked_at,
        "answer": q.answer,
        "answered_at": q.answered_at,
    }


def _coached(request, learner_id: int, *, reading: bool) -> User:
    """The learner if the caller coaches them (else LearnerNotAccessible: 404); a read of
    their file is logged, a write is not (it is no read)."""
    return access_learner(request.auth, learner_id, rules.COACH_LEARNER, log=reading)


@router.get(
    "/learners",
    response={200: list[CaseloadRowOut], 403: ErrorOut},
    summary="Your caseload: learners with open signals first, then by latest activity",
)
def caseload(request: HttpRequest):
    if not policy.can(request.auth, rules.VIEW_CASELOAD):
        return Status(403, {"detail": "Only trajectory coaches have a caseload."})
    rows = queries.caseload_for(request.auth)
    # The list shows each learner's open signals: a read of each learner's file.
    log_access(request.auth, [row.learner for row in rows], rules.VIEW_CASELOAD)
    return [
        {
            "learner": row.learner.pk,
            "name": row.learner.full_name,
            "open_signals": [_signal(s) for s in row.open_signals],
            "latest_activity": row.latest_activity,
            "next_follow_up": _follow_up(row.next_follow_up) if row.next_follow_up else None,
        }
        for row in rows
    ]


@router.get(
    "/learners/{learner_id}/signals",
    response={200: list[SignalOut], 404: ErrorOut},
    summary="A coached learner's signals, open first",
)
def learner_signals(request: HttpRequest, learner_id: int):
    learner = _coached(request, learner_id, reading=True)
    signals = Signal.objects.filter(learner=learner).order_by("-acknowledged_at", "-raised_at")
    ordered = sorted(signals, key=lambda s: s.acknowledged_at is not None)
    return [_signal(s) for s in ordered]


@router.post(
    "/signals/{signal_id}/acknowledge",
    response={200: SignalOut, 404: ErrorOut},
    summary="Acknowledge a signal of one of your learners",
)
def acknowledge(request: HttpRequest, signal_id: int):
    signal = Signal.objects.select_related("learner").filter(pk=signal_id).first()
    if signal is None or not policy.can(request.auth, rules.ACKNOWLEDGE_SIGNAL, signal):
        return Status(404, NOT_FOUND)
    return _signal(services.acknowledge(request.auth, signal))


def _note(note: CoachNote) -> dict:
    return {
        "id": note.pk,
        "written_on": note.written_on,
        "text": note.text,
        "author": note.author.full_name if note.author else None,
    }


@router.get(
    "/learners/{learner_id}/notes",
    response={200: list[NoteOut], 404: ErrorOut},
    summary="Notes about a learner (the learner's coaches only)",
)
def notes(request: HttpRequest, learner_id: int):
    learner = _coached(request, learner_id, reading=True)
    return [_note(n) for n in CoachNote.objects.filter(learner=learner).select_related("author")]


@router.post(
    "/learners/{learner_id}/notes",
    response={201: NoteOut, 400: ErrorOut, 404: ErrorOut},
    summary="Write a dated note",
)
def add_note(request: HttpRequest, learner_id: int, payload: NoteIn):
    learner = _coached(request, learner_id, reading=False)
    note = services.add_note(
        request.auth, learner, text=payload.text, written_on=payload.written_on
    )
    return Status(201, _note(note))


@router.get(
    "/learners/{learner_id}/follow-ups",
    response={200: list[FollowUpOut], 404: ErrorOut},
    summary="Follow-ups planned for a learner",
)
def follow_ups(request: HttpRequest, learner_id: int):
    learner = _coached(request, learner_id, reading=True)
    return [_follow_up(f) for f in FollowUp.objects.filter(learner=learner)]


@router.post(
    "/learners/{learner_id}/follow-ups",
    response={201: FollowUpOut, 400: ErrorOut, 404: ErrorOut},
    summary="Plan a follow-up (a date today or later, and what)",
)
def add_follow_up(request: HttpRequest, learner_id: int, payload: FollowUpIn):
    learner = _coached(request, learner_id, reading=False)
    follow_up = services.plan_follow_up(
        request.auth, learner, due_on=payload.due_on, what=payload.what
    )
    return Status(201, _follow_up(follow_up))


@router.post(
    "/learners/{learner_id}/referrals",
    response={201: ReferralOut, 400: ErrorOut, 404: ErrorOut},
    summary="Refer a learner to a service",
)
def add_referral(request: HttpRequest, learner_id: int, payload: ReferralIn):
    learner = _coached(request, learner_id, reading=False)
    referral = services.refer(
        request.auth,
        learner,
        service=payload.service,
        reason=payload.reason,
        referred_on=payload.referred_on,
    )
    return Status(201, _referral(referral))


def _referral(r: Referral) -> dict:
    return {
        "id": r.pk,
        "service": r.service,
        "reason": r.reason,
        "referred_on": r.referred_on,
        "status": r.status,
    }


@router.get(
    "/questions",
    response=list[QuestionOut],
    summary="Questions you asked, and questions asked to you",
)
def list_questions(request: HttpRequest):
    questions = queries.readable_questions(request.auth, queries.questions_of_or_to(request.auth))
    return [_question(q) for q in questions]


@router.post(
    "/questions",
    response={201: QuestionOut, 400: ErrorOut, 403: ErrorOut},
    summary="Ask a question: kind 'content' goes to your teacher, 'trajectory' to your coach",
)
def ask(request: HttpRequest, payload: QuestionIn):
    try:
        question = services.ask_question(
            request.auth,
            kind=payload.kind,
            subject=payload.subject,
            body=payload.body,
            site_url=request.build_absolute_uri("/"),
        )
    except PermissionDenied:
        return Status(403, {"detail": "Only learners ask questions here."})
    return Status(201, _question(question))


@router.post(
    "/questions/{question_id}/answer",
    response={200: QuestionOut, 400: ErrorOut, 404: ErrorOut},
    summary="Answer a question asked to you",
)
def answer(request: HttpRequest, question_id: int, payload: AnswerIn):
    question = Question.objects.select_related("recipient").filter(pk=question_id).first()
    if question is None or not policy.can(request.auth, rules.ANSWER_QUESTION, question):
        return Status(404, NOT_FOUND)
    question = services.answer_question(
        request.auth, question, answer=payload.answer, site_url=request.build_absolute_uri("/")
    )
    return _question(question)
