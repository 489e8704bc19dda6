"""Flemish employer premium for workplace learning (employer incentive).

Until 30 June 2023 the stagebonus: 500 EUR for the first and second, 750 EUR for the
third training year of a young person in an alternating training at an establishment
in Flanders. It was abolished on 1 July 2023 without transition, with the mentor
target-group reduction. From 1 September 2023 the premie kwalificerend werkplekleren:
600 EUR per learner and school year, 1,000 EUR when the company pays the learner, for an
agreement in an alternating secondary training, a dual training in adult education or
the graduate programme in nursing (at most three times per learner). Sources:
https://www.vlaio.be/nl/subsidies-financiering/subsidiedatabank/premie-kwalificerend-werkplekleren,
https://www.vlaanderen.be/premie-kwalificerend-werkplekleren; the stagebonus from
securex.be (secondary). Not expressible, so at best ``unknown``: at least 4 months at
the workplace in the school year, the mentor with mentor training (from 2023), the
learner's age (stagebonus: under 18 at the first award), the number of earlier premiums.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import choice_in, not_expressible

REFERENCE = (
    "https://www.vlaio.be/nl/subsidies-financiering/subsidiedatabank/"
    "premie-kwalificerend-werkplekleren"
)
PREFIX = "premie_werkplekleren_werkgever"


class premie_werkplekleren_werkgever__in_force(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "A premium exists on this date (stagebonus until 2023-06-30, new premium from 2023-09-01)"
    )
    reference = REFERENCE

    def formula(worker, period, parameters):
        in_force = parameters(period).premie_werkplekleren_werkgever.in_force
        return np.full(worker.count, kleene.MET if in_force else kleene.NOT_MET, dtype=np.int8)


class premie_werkplekleren_werkgever__workplace_in_flanders(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The learner is trained at an establishment in the Flemish Region"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.workplace_region", "flanders")


class premie_werkplekleren_werkgever__learning_agreement(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "An agreement for an alternating or dual training (person.contract apprenticeship); "
        "an employment or student contract alone is not one"
    )
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.contract", "apprenticeship")


class premie_werkplekleren_werkgever__workplace_period_and_mentor(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "At least 4 months at the workplace, a trained mentor, age: not expressible"
    reference = REFERENCE

    def formula(worker, period):
        return not_expressible(worker)


class premie_werkplekleren_werkgever__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employer can receive the workplace-learning premium: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        conditions = (
            "in_force",
            "workplace_in_flanders",
            "learning_agreement",
            "workplace_period_and_mentor",
        )
        return kleene.all_of(*(worker(f"{PREFIX}__{name}", period) for name in conditions))


class premie_werkplekleren_werkgever__premium_low(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Lower premium per learner and school year (500 EUR stagebonus; 600 EUR from 2023)"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        value = parameters(period).premie_werkplekleren_werkgever.premium_low
        return np.full(worker.count, value, dtype=np.float64)


class premie_werkplekleren_werkgever__premium_high(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Higher premium per learner and school year (750 EUR; 1,000 EUR from 2023)"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        value = parameters(period).premie_werkplekleren_werkgever.premium_high
        return np.full(worker.count, value, dtype=np.float64)
