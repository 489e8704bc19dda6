"""Demo assessments: Lotte and her classmates scored over the academic year.

On the HR-support framework (roles A, T, O, P) each learner assessed themselves at the
start and every few weeks after; the demo teacher scored the whole group after each
teaching block; the demo mentor scored the three learners at Woonzorggroep Netedal
after each workplace visit. Levels grow with the weeks, with deliberate gaps (some
indicators nobody has observed yet), a role the mentor rarely sees at the workplace
(O) and a disagreement for Lotte (she rates her
communication in a second language higher than her teacher and mentor do), so the
coach and teacher views have something to show. Dates lie between the group's start
and today; rerunning the loader on the same day changes nothing (a batch already
recorded for a learner, role and date is skipped).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from trajectwijzer.demo import catalogue_data
from trajectwijzer.demo.loader import DemoContext
from trajectwijzer.trajectories.demo import CLASSMATES, LEARNER, MENTOR, TEACHER
from trajectwijzer.trajectories.models import Enrolment

from . import queries, services
from .models import Assessment, AssessorRole

# Days after the start of the group at which each role records a round of scores.
ROUNDS = {
    AssessorRole.SELF: [0, 35, 70, 120, 180, 240],
    AssessorRole.TEACHER: [10, 45, 90, 150, 210, 270],
    AssessorRole.MENTOR: [21, 49, 77, 105, 140, 175, 210, 245],
}
# Indicators whose code starts with these nobody scores for these learners (coverage gaps).
GAPS = {
    "ruben.vandamme@demo.trajectwijzer.be": ("O",),
    "dries.wouters@demo.trajectwijzer.be": ("T", "P"),
}
# At the care home the organisation-partner role rarely comes up: only Lotte's mentor
# observes it, so the teacher's class view flags it as rarely practised at the workplaces.
RARELY_AT_WORK = {"O": {LEARNER}}
# Lotte overrates her second-language communication: a disagreement of two levels.
OVERRATED = {LEARNER: "P.2"}


def _step_for(rng: random.Random, base: float, progress: float, scale: int) -> int:
    value = base + progress * (scale - base) + rng.uniform(-0.6, 0.6)
    return max(1, min(scale, round(value)))


def load(context: DemoContext) -> None:
    programme = context.programmes[catalogue_data.HR_SUPPORT]
    structure = queries.programme_structure(programme)
    if structure is None or not structure.levels:
        return
    today = timezone.localdate()
    users = context.users
    learners = [LEARNER] + [email for email, _name, _at_work in CLASSMATES]
    mentored = {LEARNER} | {email for email, _name, at_work in CLASSMATES if at_work}
    assessors = {
        AssessorRole.TEACHER: users[TEACHER],
        AssessorRole.MENTOR: users[MENTOR],
    }
    scale = structure.scale_size
    for email in learners:
        learner = users.get(email)
        if learner is None:
            from trajectwijzer.accounts.models import User

            learner = User.objects.get(email=email)
        enrolment = Enrolment.objects.current().filter(learner=learner, programme=programme).first()
        if enrolment is None:
            continue
        rng = random.Random(f"competences-demo-{email}")
        base = rng.uniform(1.0, 2.3)
        for role, offsets in ROUNDS.items():
            if role == AssessorRole.MENTOR and email not in mentored:
                continue
            actor = learner if role == AssessorRole.SELF else assessors[role]
            for number, offset in enumerate(offsets):
                day = enrolment.started_on + datetime.timedelta(days=offset)
                if day > today:
                    break
                if Assessment.objects.filter(
                    learner=learner, role=role, assessor=actor, observed_on=day
                ).exists():
                    continue
                entries = []
                for indicator in structure.indicators.values():
                    competence = structure.competence_by_indicator[indicator.pk]
                    if indicator.code.startswith(
                        GAPS.get(email, ())
                    ) or competence.code in GAPS.get(email, ()):
                        continue
                    if role == AssessorRole.MENTOR and (
                        competence.pk not in structure.workplace_competence_ids
                        or email not in RARELY_AT_WORK.get(competence.code, {email})
                    ):
                        continue
                    # The start round scores everything; later rounds what was practised.
                    if number and rng.random() > 0.6:
                        continue
                    progress = min(1.0, offset / 200)
                    step = _step_for(rng, base, progress, scale)
                    if OVERRATED.get(email) == indicator.code:
                        step = scale if role == AssessorRole.SELF else max(1, min(step, scale - 2))
                    entries.append(
                        services.Entry(
                            indicator_id=indicator.pk,
                            level=structure.level_by_step[step].rank,
                            comment=_comment(role, step, scale) if rng.random() < 0.15 else "",
                        )
                    )
                if entries:
                    services.record_assessments(
                        actor, learner, role, entries, observed_on=day, programme=programme
                    )


def _comment(role: str, step: int, scale: int) -> str:
    if role == AssessorRole.MENTOR:
        return (
            "Zelfstandig opgenomen tijdens de drukke week."
            if step >= scale - 1
            else "Samen gedaan; volgende keer alleen proberen."
        )
    if role == AssessorRole.TEACHER:
        return "Goed uitgewerkt in de opdracht." if step >= scale - 1 else "Herbekijk de leerstof."
    return "Ik voel me hier zeker in." if step >= scale - 1 else "Hier wil ik nog op oefenen."
