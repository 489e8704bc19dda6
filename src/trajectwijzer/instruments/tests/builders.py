"""Builders for instrument tests: a learner in a group with a coach, answers that
fill a definition, submitted responses."""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import LinkKind, Role
from trajectwijzer.instruments import services
from trajectwijzer.instruments.definition import Definition, shipped_definitions
from trajectwijzer.testing import enrol, link, make_group, make_member, make_organisation


def definition(instrument: str) -> Definition:
    return shipped_definitions()[instrument]


def full_answers(d: Definition, value: Any = None, **overrides) -> dict[str, Any]:
    """An answer to every item: the first option (or ``value`` where it fits), the
    minimum for numbers, a short text; ``overrides`` replace single answers."""
    answers: dict[str, Any] = {}
    for item_id in d.item_ids:
        item = d.items[item_id]
        if item.type in ("likert", "single"):
            values = [o.value for o in item.options]
            answers[item_id] = value if value in values else values[0]
        elif item.type == "multiple":
            answers[item_id] = [item.options[0].value]
        elif item.type == "number":
            answers[item_id] = item.minimum
        else:
            answers[item_id] = "tekst"
    answers.update(overrides)
    return {k: v for k, v in answers.items() if d.visible(k, answers)}


def learner_in_group(group=None, **extra):
    organisation = group.programme.provider.organisation if group else make_organisation()
    learner = make_member(Role.LEARNER, organisation, **extra)
    if group is not None:
        enrol(learner, group=group)
    return learner


def coach_of(learner, organisation=None):
    coach = make_member(Role.COACH, organisation)
    link(learner, LinkKind.COACH, person=coach)
    return coach


def submitted(user, instrument: str, answers: dict[str, Any], **start):
    response = services.start_response(user, instrument, **start)
    services.save_answers(response, user, answers)
    return services.submit(response, user)


def group_with_learners(n: int, *, teachers=()):
    group = make_group(teachers=teachers)
    learners = [learner_in_group(group) for _ in range(n)]
    return group, learners
