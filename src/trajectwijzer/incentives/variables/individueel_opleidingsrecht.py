"""Individueel opleidingsrecht: the federal individual training right (law of 3 October 2022).

Employees of private-sector employers with at least 10 workers have a right to training
days each calendar year: 4 in 2023 and 5 from 2024 for a full-time worker at an employer
with 20 or more workers, pro rata the employment fraction. Sources:
https://werk.belgie.be/nl/themas/opleiding/individueel-opleidingsrecht/individueel-opleidingsrecht-faq;
the 2022 value, the date the law took effect and the 10-19 workers regime (1 day) are
secondary (DOUBT in the parameters). Not computed: the part of the year employed, and
sector agreements that set the right differently.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    at_least,
    choice_in,
    employee_or_temp_worker_unverified,
    number,
)

REFERENCE = (
    "https://werk.belgie.be/nl/themas/opleiding/individueel-opleidingsrecht/"
    "individueel-opleidingsrecht-faq"
)


class individueel_opleidingsrecht__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works as an employee (temporary agency workers: unverified, unknown)"
    reference = REFERENCE

    def formula(worker, period):
        return employee_or_temp_worker_unverified(worker, period)


class individueel_opleidingsrecht__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Employer under the law on collective agreements (private sector)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private")


class individueel_opleidingsrecht__in_force(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The law of 3 October 2022 applies on this date"
    reference = REFERENCE

    def formula(worker, period, parameters):
        in_force = parameters(period).individueel_opleidingsrecht.in_force
        return np.full(worker.count, kleene.MET if in_force else kleene.NOT_MET, dtype=np.int8)


class individueel_opleidingsrecht__employer_size(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employer has at least 10 workers (full-time equivalents; headcount as proxy)"
    reference = REFERENCE

    def formula(worker, period, parameters):
        minimum = parameters(period).individueel_opleidingsrecht.min_headcount
        return at_least(number(worker, period, "employer.headcount"), minimum)


class individueel_opleidingsrecht__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Has an individual training right: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("individueel_opleidingsrecht__employee", period),
            worker("individueel_opleidingsrecht__private_sector", period),
            worker("individueel_opleidingsrecht__in_force", period),
            worker("individueel_opleidingsrecht__employer_size", period),
        )


class individueel_opleidingsrecht__days_per_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Training days this calendar year: by employer size, pro rata the employment fraction"
    unit = "day"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).individueel_opleidingsrecht
        headcount = number(worker, period, "employer.headcount")
        fraction = number(worker, period, "person.employment_fraction")
        with np.errstate(invalid="ignore"):
            days = np.select(
                [
                    headcount >= rules.full_right_from_headcount,
                    headcount >= rules.min_headcount,
                ],
                [rules.days_full_right, rules.days_small_employer],
                0.0,
            )
        days = np.where(np.isnan(headcount), np.nan, days)
        return (days * fraction).astype(np.float64)
