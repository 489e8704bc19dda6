"""Demo data: Lotte's classmates filled in the motivatiescan, the survey for working
students and the intake, so the demo teacher and coach see group results (the group
has eight learners; seven answered) and the coach sees the signals they raised.
Lotte herself has answered nothing yet, so she can try the motivatiescan.

Idempotent: a classmate who already submitted an instrument is skipped.
"""

from __future__ import annotations

import random

from trajectwijzer.demo.loader import DemoContext

from . import services
from .definition import Definition, shipped_definitions
from .models import Response, ResponseStatus

INSTRUMENTS = ("motivatiescan", "survey_working_students", "intake")


def _answers(d: Definition, rng: random.Random, leaning: int) -> dict:
    """Plausible answers: around ``leaning`` (1 low … 3 high) on every scale."""
    answers: dict = {}
    for item_id in d.item_ids:
        item = d.items[item_id]
        if not d.visible(item_id, answers):
            continue
        if item.type == "likert":
            low, high = int(item.minimum), int(item.maximum)
            centre = low + (high - low) * leaning / 3
            answers[item_id] = max(low, min(high, round(rng.gauss(centre, 0.8))))
        elif item.type == "single":
            weights = [1.0] * len(item.options)
            weights[0] = 3.0 if leaning >= 2 else 1.0  # "yes", "no"… the first option is usual
            answers[item_id] = rng.choices([o.value for o in item.options], weights)[0]
        elif item.type == "multiple":
            answers[item_id] = [item.options[0].value]
        elif item.type == "number":
            answers[item_id] = float(rng.randint(int(item.minimum) + 2, int(item.minimum) + 12))
        elif item.required:
            answers[item_id] = "Om door te groeien in mijn job."
    return answers


def load(context: DemoContext) -> None:
    from trajectwijzer.accounts.models import User
    from trajectwijzer.trajectories.demo import CLASSMATES

    services.sync_definitions()
    definitions = shipped_definitions()
    for index, (email, _name, _at_workplace) in enumerate(CLASSMATES):
        learner = User.objects.get(email=email)
        rng = random.Random(f"{email}-instruments")
        leaning = (1, 2, 3, 2, 3, 2, 2)[index % 7]
        for instrument in INSTRUMENTS:
            done = Response.objects.filter(
                respondent=learner, version__instrument=instrument, status=ResponseStatus.SUBMITTED
            ).exists()
            if done:
                continue
            response = services.start_response(learner, instrument, moment="")
            answers = _answers(definitions[instrument], rng, leaning)
            services.save_answers(response, learner, answers)
            services.submit(response, learner)
