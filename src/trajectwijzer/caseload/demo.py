"""Demo caseload: coach@'s note and follow-up about Lotte, and Lotte's question.

The open signals themselves come from the barometer demo (barometer.demo), which
runs before this module.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from trajectwijzer.demo.loader import DemoContext, upsert

from .models import CoachNote, FollowUp, Question, QuestionKind

COACH = "coach@demo.trajectwijzer.be"
LEARNER = "leerling@demo.trajectwijzer.be"


def load(context: DemoContext) -> None:
    coach = context.users[COACH]
    lotte = context.users[LEARNER]
    today = timezone.localdate()
    upsert(
        CoachNote,
        {"learner": lotte, "author": coach, "text": NOTE},
        {},
        create_only={"written_on": today - datetime.timedelta(days=20)},
    )
    upsert(
        FollowUp,
        {"learner": lotte, "what": "Telefonisch bijpraten over de planning van de examens"},
        {"coach": coach},
        create_only={"due_on": today + datetime.timedelta(days=5)},
    )
    upsert(
        Question,
        {"learner": lotte, "subject": "Stage combineren met mijn job"},
        {"kind": QuestionKind.TRAJECTORY, "recipient": coach, "body": QUESTION},
    )


NOTE = (
    "Kennismakingsgesprek: Lotte werkt 4/5 in de administratie van Woonzorggroep Netedal "
    "en wil haar stage liefst bij haar werkgever doen. Afgesproken om na de deelexamens "
    "samen de planning te bekijken."
)
QUESTION = (
    "Ik werk 4/5 en wil mijn stage bij mijn eigen werkgever doen. Kan dat, en met wie "
    "moet ik daarvoor contact opnemen?"
)
