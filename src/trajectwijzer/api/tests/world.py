"""A small platform for API tests: every router has something to read and write.

A learner in a class group with a linked coach, teacher, mentor and employer (the
competences cast), an employer with a competence matrix and a development plan, a
low barometer score (so the coach has a signal), a question to the coach, a started
and a submitted scan, and a bearer token for each person who calls the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import Role, User
from trajectwijzer.barometer import services as barometer
from trajectwijzer.caseload import services as caseload
from trajectwijzer.caseload.models import Question, Signal
from trajectwijzer.competences.tests.builders import Cast, make_cast
from trajectwijzer.development import services as development
from trajectwijzer.development.models import DevelopmentPlan
from trajectwijzer.development.tests.builders import Setup, make_setup
from trajectwijzer.instruments import services as instruments
from trajectwijzer.instruments.models import Response
from trajectwijzer.instruments.tests.builders import definition, full_answers
from trajectwijzer.testing import make_member

SCAN = "motivatiescan"


@dataclass
class ApiWorld:
    cast: Cast
    development: Setup
    provider_admin: User
    signal: Signal
    question: Question
    plan: DevelopmentPlan
    open_response: Response
    submitted_response: Response
    tokens: dict[str, str]

    def bearer(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def build_api_world() -> ApiWorld:
    cast = make_cast()
    setup = make_setup()
    provider_admin = make_member(Role.PROVIDER_ADMIN, cast.provider, full_name="Pia Provider")
    # A provider record for the catalogue writes (made by make_programme with the cast).
    barometer.record_entry(cast.learner, 1, "Zwaar")
    signal = Signal.objects.filter(learner=cast.learner).first()
    question = caseload.ask_question(
        cast.learner, kind="trajectory", subject="Planning", body="Wanneer is de stage?"
    )
    plan = development.create_plan(
        setup.hr,
        setup.row_anna,
        {"title": "POP 2026", "goals": [{"competence": "A", "target_level": 3}]},
    )
    submitted = instruments.start_response(cast.classmate, SCAN)
    instruments.save_answers(submitted, cast.classmate, full_answers(definition(SCAN)))
    submitted = instruments.submit(submitted, cast.classmate)
    open_response = instruments.start_response(cast.learner, SCAN)
    people = {
        "learner": cast.learner,
        "coach": cast.coach,
        "teacher": cast.teacher,
        "mentor": cast.mentor,
        "hr": setup.hr,
        "provider_admin": provider_admin,
    }
    tokens = {
        who: account_services.create_api_token(person, name="tests")[1]
        for who, person in people.items()
    }
    return ApiWorld(
        cast=cast,
        development=setup,
        provider_admin=provider_admin,
        signal=signal,
        question=question,
        plan=plan,
        open_response=open_response,
        submitted_response=submitted,
        tokens=tokens,
    )
