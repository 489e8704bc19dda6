"""The coach's caseload (issue #5); registered with accounts.policy at start-up.

A coach works with the learners linked to them as coach. Notes, follow-ups and
referrals are read and written only by the learner's current coaches. Learners' questions
are read by the learner and the person they were routed to, who answers them.
"""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import LinkKind, Role, User
from trajectwijzer.accounts.policy import has_role, is_signed_in, link_kinds_between, register_rules

VIEW_CASELOAD = "caseload.view"  # obj: None
COACH_LEARNER = "caseload.coach_learner"  # obj: learner User (signals, notes, follow-ups)
ACKNOWLEDGE_SIGNAL = "caseload.acknowledge_signal"  # obj: Signal
ASK_QUESTION = "caseload.ask_question"  # obj: None (the acting learner asks)
VIEW_QUESTION = "caseload.view_question"  # obj: Question
ANSWER_QUESTION = "caseload.answer_question"  # obj: Question
LIST_RECEIVED_QUESTIONS = "caseload.list_received_questions"  # obj: None


def _rule_view_caseload(user: User, obj: Any) -> bool:
    return has_role(user, Role.COACH)


def _rule_coach_learner(user: User, learner: User) -> bool:
    if not is_signed_in(user) or user.pk == learner.pk:
        return False
    return LinkKind.COACH in link_kinds_between(user, learner)


def _rule_acknowledge_signal(user: User, signal: Any) -> bool:
    return _rule_coach_learner(user, signal.learner)


def _rule_ask_question(user: User, obj: Any) -> bool:
    return has_role(user, Role.LEARNER)


def _is_current_recipient(user: User, question: Any) -> bool:
    """The teacher or coach a question went to, while they still stand beside the learner
    (a current link and membership): a coach who left the provider no longer reads it."""
    return user.pk == question.recipient_id and bool(link_kinds_between(user, question.learner))


def _rule_view_question(user: User, question: Any) -> bool:
    if not is_signed_in(user):
        return False
    return user.pk == question.learner_id or _is_current_recipient(user, question)


def _rule_answer_question(user: User, question: Any) -> bool:
    return is_signed_in(user) and _is_current_recipient(user, question)


def _rule_list_received_questions(user: User, obj: Any) -> bool:
    return has_role(user, Role.COACH, Role.TEACHER)


register_rules(
    {
        VIEW_CASELOAD: _rule_view_caseload,
        COACH_LEARNER: _rule_coach_learner,
        ACKNOWLEDGE_SIGNAL: _rule_acknowledge_signal,
        ASK_QUESTION: _rule_ask_question,
        VIEW_QUESTION: _rule_view_question,
        ANSWER_QUESTION: _rule_answer_question,
        LIST_RECEIVED_QUESTIONS: _rule_list_received_questions,
    }
)
