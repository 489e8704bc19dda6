"""Aanmoedigingspremie opleidingskrediet: the Flemish premium on top of time credit for training.

Private-sector employees working in Flanders who take federal time credit with the
training motive (``tijdskrediet_opleiding``) get a monthly premium from the Flemish
government. Sources: https://www.vlaanderen.be/aanmoedigingspremie-opleidingskrediet-privesector,
its amount page (amounts since 1 September 2021) and the conditions page; the 2019
amounts are from werk.be, the former site of the Departement WSE.

Not computed: the premium depends on the employment fraction *in the year before* the
interruption and on the form of the interruption; the contract only has the current
employment fraction, which stands in for the year before, so one amount per form is
given. Whether the person lives alone is not asked: that supplement is shown apart.
Net amounts are not computed.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    at_most_unknown,
    choice_in,
    is_true,
    number,
    recognised_in,
)

REFERENCE = "https://www.vlaanderen.be/aanmoedigingspremie-opleidingskrediet-privesector"
AMOUNTS = (
    "https://www.vlaanderen.be/aanmoedigingspremie-opleidingskrediet-privesector/"
    "aanmoedigingspremie-opleidingskrediet-bedrag-uitbetaling-en-duur-privesector"
)
CONDITIONS = "https://www.vlaanderen.be/nl/werk/loopbaan/voorwaarden-voor-de-aanmoedigingspremie-de-privesector"


class vlaams_opleidingskrediet__time_credit_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Entitled to federal time credit with the training motive (tijdskrediet_opleiding)"
    reference = CONDITIONS

    def formula(worker, period):
        return worker("tijdskrediet_opleiding__eligible", period)


class vlaams_opleidingskrediet__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works in the private sector"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private")


class vlaams_opleidingskrediet__works_in_flanders(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works at an establishment in the Flemish Region"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.workplace_region", "flanders")


class vlaams_opleidingskrediet__labour_market_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "Career-oriented training from a personal development plan; an Opleidingsdatabank "
        "training must also be qualifying, for a shortage occupation or entrepreneurship "
        "(not expressible: at most unknown)"
    )
    reference = REFERENCE

    def formula(worker, period):
        return kleene.any_of(
            at_most_unknown(recognised_in(worker, period, "flanders")),
            is_true(worker, period, "training.in_personal_development_plan"),
        )


class vlaams_opleidingskrediet__fits_education_level(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "At most a secondary diploma; or higher education with career guidance and a POP"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.any_of(
            choice_in(worker, period, "person.education_level", "low", "medium"),
            kleene.all_of(
                choice_in(worker, period, "person.education_level", "high"),
                is_true(worker, period, "training.in_personal_development_plan"),
                is_true(worker, period, "person.career_guidance_in_last_6_years"),
            ),
        )


class vlaams_opleidingskrediet__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Entitled to the encouragement premium for training credit: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("vlaams_opleidingskrediet__time_credit_training", period),
            worker("vlaams_opleidingskrediet__private_sector", period),
            worker("vlaams_opleidingskrediet__works_in_flanders", period),
            worker("vlaams_opleidingskrediet__labour_market_training", period),
            worker("vlaams_opleidingskrediet__fits_education_level", period),
        )


def _fraction(worker, period) -> np.ndarray:
    return number(worker, period, "person.employment_fraction")


def _unknown_where_nan(fraction: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(fraction), np.nan, values).astype(np.float64)


class vlaams_opleidingskrediet__monthly_premium_full_time_interruption(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Gross monthly premium for a full-time interruption, by the fraction worked before"
    unit = "currency-EUR"
    reference = AMOUNTS

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingskrediet
        fraction = _fraction(worker, period)
        with np.errstate(invalid="ignore"):
            premium = np.select(
                [
                    fraction >= rules.high_premium_from_fraction,
                    fraction >= rules.middle_premium_from_fraction,
                    fraction >= rules.low_premium_from_fraction,
                ],
                [rules.premium_high, rules.premium_middle, rules.premium_low],
                0.0,
            )
        return _unknown_where_nan(fraction, premium)


class vlaams_opleidingskrediet__monthly_premium_half_time_interruption(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Gross monthly premium for a half-time interruption (worked at least 75 % before)"
    unit = "currency-EUR"
    reference = AMOUNTS

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingskrediet
        fraction = _fraction(worker, period)
        with np.errstate(invalid="ignore"):
            premium = np.where(
                fraction >= rules.high_premium_from_fraction, rules.premium_middle, 0.0
            )
        return _unknown_where_nan(fraction, premium)


class vlaams_opleidingskrediet__monthly_premium_one_fifth_interruption(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Gross monthly premium for a 1/5 interruption (full time at the start)"
    unit = "currency-EUR"
    reference = AMOUNTS

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingskrediet
        fraction = _fraction(worker, period)
        with np.errstate(invalid="ignore"):
            premium = np.where(fraction >= 1, rules.premium_low, 0.0)
        return _unknown_where_nan(fraction, premium)


class vlaams_opleidingskrediet__monthly_supplement_living_alone(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Gross monthly supplement for a person living alone (not asked; shown apart)"
    unit = "currency-EUR"
    reference = AMOUNTS

    def formula(worker, period, parameters):
        supplement = parameters(period).vlaams_opleidingskrediet.supplement_living_alone
        return np.full(worker.count, supplement, dtype=np.float64)
