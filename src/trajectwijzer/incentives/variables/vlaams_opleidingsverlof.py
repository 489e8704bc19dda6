"""Vlaams opleidingsverlof (VOV): paid training leave for private-sector employees in Flanders.

Sources: https://www.vlaanderen.be/vlaams-opleidingsverlof and
https://www.onderwijs.vlaanderen.be/nl/vlaams-opleidingsverlof-cursisten; the amounts
and their dates are in parameters/vlaams_opleidingsverlof/.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    at_least,
    choice_in,
    is_true,
    number,
    recognised_in,
    when_known,
)

REFERENCE = "https://www.vlaanderen.be/vlaams-opleidingsverlof"


class vlaams_opleidingsverlof__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works as an employee or temporary agency worker (Kleene: 0 no, 1 unknown, 2 yes)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.status", "employee", "temp_agency_worker")


class vlaams_opleidingsverlof__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works in the private sector"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private")


class vlaams_opleidingsverlof__works_in_flanders(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works in an establishment in the Flemish Region (where one works, not lives)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.workplace_region", "flanders")


class vlaams_opleidingsverlof__employment_fraction(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "Until 2025-08-31: at least 4/5, or at least half time with a variable schedule or "
        "classes in working hours; from 2025-09-01: at least 80 % and at least 28 h a week"
    )
    reference = REFERENCE

    def formula_2019_09_01(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingsverlof
        fraction = number(worker, period, "person.employment_fraction")
        return kleene.any_of(
            at_least(fraction, rules.full_access_employment_fraction),
            kleene.all_of(
                at_least(fraction, rules.min_employment_fraction),
                kleene.any_of(
                    choice_in(worker, period, "person.schedule", "variable"),
                    is_true(worker, period, "training.during_working_hours"),
                ),
            ),
        )

    # Saving decision of 25 April 2025: the half-time routes close and a weekly minimum
    # appears (parameters min_employment_fraction and min_weekly_hours).
    def formula_2025_09_01(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingsverlof
        return kleene.all_of(
            at_least(
                number(worker, period, "person.employment_fraction"), rules.min_employment_fraction
            ),
            at_least(number(worker, period, "person.weekly_hours"), rules.min_weekly_hours),
        )


class vlaams_opleidingsverlof__recognised_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Training in the Opleidingsdatabank, or career-oriented training in a POP"
    reference = "https://www.vlaanderen.be/opleidingsdatabank"

    def formula(worker, period):
        return kleene.any_of(
            recognised_in(worker, period, "flanders"),
            is_true(worker, period, "training.in_personal_development_plan"),
        )


def _size_reached(worker, period, parameters) -> kleene.KleeneArray:
    rules = parameters(period).vlaams_opleidingsverlof
    return kleene.any_of(
        at_least(number(worker, period, "training.contact_hours"), rules.min_contact_hours),
        at_least(number(worker, period, "training.study_credits"), rules.min_study_credits),
    )


class vlaams_opleidingsverlof__minimum_size(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "At least 32 contact hours or 3 study credits; until 2025-08-31 this could be "
        "reached across several enrolments, so a smaller training is then unknown, not no"
    )
    reference = REFERENCE

    def formula_2019_09_01(worker, period, parameters):
        # The other enrolments of the school year are not in the contract: a training
        # below the minimum may still count together with them.
        reached = _size_reached(worker, period, parameters)
        return np.where(reached == kleene.NOT_MET, kleene.UNKNOWN, reached).astype(np.int8)

    # From school year 2025-2026 one training must reach the minimum on its own.
    def formula_2025_09_01(worker, period, parameters):
        return _size_reached(worker, period, parameters)


class vlaams_opleidingsverlof__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Entitled to Flemish training leave: all conditions together"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("vlaams_opleidingsverlof__employee", period),
            worker("vlaams_opleidingsverlof__private_sector", period),
            worker("vlaams_opleidingsverlof__works_in_flanders", period),
            worker("vlaams_opleidingsverlof__employment_fraction", period),
            worker("vlaams_opleidingsverlof__recognised_training", period),
            worker("vlaams_opleidingsverlof__minimum_size", period),
        )


class vlaams_opleidingsverlof__max_hours_per_school_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum hours of leave this school year (NaN when an input is missing)"
    unit = "hour"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingsverlof
        employer_proposed = choice_in(worker, period, "employer.initiative", "employer", "joint")
        extra = rules.extra_hours_on_employer_initiative
        # The initiative only matters while the higher ceiling is in force.
        extra_hours = when_known(employer_proposed, extra) if extra else np.zeros(worker.count)
        fraction = number(worker, period, "person.employment_fraction")
        return (rules.max_hours_per_school_year + extra_hours) * fraction


class vlaams_opleidingsverlof__hours_for_this_training(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = (
        "Hours of leave this training can use: its contact hours, within the maximum for "
        "one training (the extra hours on employer initiative never serve one training)"
    )
    unit = "hour"
    reference = "https://www.onderwijs.vlaanderen.be/nl/vlaams-opleidingsverlof-cursisten"

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_opleidingsverlof
        fraction = number(worker, period, "person.employment_fraction")
        return np.minimum(
            rules.max_hours_per_school_year * fraction,
            number(worker, period, "training.contact_hours"),
        )
