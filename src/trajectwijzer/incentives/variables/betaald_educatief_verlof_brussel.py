"""Betaald educatief verlof / congé-éducation payé for workers employed in Brussels.

The region of the establishment where the worker works decides which scheme applies.
Sources: https://economie-emploi.brussels/conge-education-paye-reforme (rules from
1 September 2023), https://economy-employment.brussels/node/296322 (rules until
2022-2023) and https://economie-emploi.brussels/conge-education-formation.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    at_least,
    choice_in,
    is_false,
    is_true,
    number,
    recognised_in,
)

REFERENCE = "https://economie-emploi.brussels/conge-education-paye-reforme"


class betaald_educatief_verlof_brussel__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works as an employee or temporary agency worker"
    reference = "https://economie-emploi.brussels/conge-education-paye"

    def formula(worker, period):
        return choice_in(worker, period, "person.status", "employee", "temp_agency_worker")


class betaald_educatief_verlof_brussel__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Private sector or contract staff of an autonomous public company"
    reference = "https://economy-employment.brussels/node/296322"

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private", "autonomous_public_company")


class betaald_educatief_verlof_brussel__works_in_brussels(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works in an establishment in the Brussels-Capital Region"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.workplace_region", "brussels")


class betaald_educatief_verlof_brussel__employment_fraction(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works enough: from 2023-09-01 at least 25 %; before, 4/5, variable or half time"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).betaald_educatief_verlof_brussel
        fraction = number(worker, period, "person.employment_fraction")
        enough_fraction = at_least(fraction, rules.min_employment_fraction)
        if not rules.part_time_schedule_rules:
            return enough_fraction
        return kleene.any_of(
            at_least(fraction, rules.full_access_employment_fraction),
            choice_in(worker, period, "person.schedule", "variable"),
            kleene.all_of(
                enough_fraction, is_true(worker, period, "training.during_working_hours")
            ),
        )


class betaald_educatief_verlof_brussel__recognised_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The training is recognised for paid educational leave in Brussels"
    reference = "https://economie-emploi.brussels/conge-education-formation"

    def formula(worker, period):
        return recognised_in(worker, period, "brussels")


def _contact_hours_count(worker, period, parameters) -> kleene.KleeneArray:
    """Whether all contact hours count, or only the hours in a classroom.

    From the reform of 1 September 2023 every contact hour counts, physical or live
    online, whatever the form of the course: for a blended course only its contact
    hours count, and ``training.contact_hours`` holds no self-study by definition.
    """
    rules = parameters(period).betaald_educatief_verlof_brussel
    if rules.live_online_hours_count_as_contact:
        return np.full(worker.count, kleene.MET, dtype=np.int8)
    live_online_counts = kleene.NOT_MET
    return kleene.any_of(
        choice_in(worker, period, "training.distance", "none"),
        kleene.all_of(
            choice_in(worker, period, "training.distance", "synchronous"),
            np.full(worker.count, live_online_counts),
        ),
    )


def _counted_hours(worker, period, parameters) -> np.ndarray:
    all_count = _contact_hours_count(worker, period, parameters)
    contact = number(worker, period, "training.contact_hours")
    physical = number(worker, period, "training.physical_contact_hours")
    return np.select(
        [all_count == kleene.MET, all_count == kleene.NOT_MET], [contact, physical], np.nan
    )


class betaald_educatief_verlof_brussel__enough_contact_hours(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "At least 32 contact hours that count (classroom; live online from 2023-09-01)"
    reference = REFERENCE

    def formula(worker, period, parameters):
        minimum = parameters(period).betaald_educatief_verlof_brussel.min_contact_hours
        return kleene.any_of(
            at_least(number(worker, period, "training.physical_contact_hours"), minimum),
            kleene.all_of(
                _contact_hours_count(worker, period, parameters),
                at_least(number(worker, period, "training.contact_hours"), minimum),
            ),
        )


class betaald_educatief_verlof_brussel__not_abroad(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The training is not given abroad"
    reference = "https://economie-emploi.brussels/conge-education-formation"

    def formula(worker, period):
        return is_false(worker, period, "training.abroad")


class betaald_educatief_verlof_brussel__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Entitled to paid educational leave in Brussels: all conditions together"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("betaald_educatief_verlof_brussel__employee", period),
            worker("betaald_educatief_verlof_brussel__private_sector", period),
            worker("betaald_educatief_verlof_brussel__works_in_brussels", period),
            worker("betaald_educatief_verlof_brussel__employment_fraction", period),
            worker("betaald_educatief_verlof_brussel__recognised_training", period),
            worker("betaald_educatief_verlof_brussel__enough_contact_hours", period),
            worker("betaald_educatief_verlof_brussel__not_abroad", period),
        )


class betaald_educatief_verlof_brussel__max_hours_per_school_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum hours of leave this school year, pro rata the employment fraction"
    unit = "hour"
    reference = REFERENCE

    def formula_2019_09_01(worker, period, parameters):
        rules = parameters(period).betaald_educatief_verlof_brussel
        during_work = is_true(worker, period, "training.during_working_hours")
        ceiling = np.select(
            [during_work == kleene.MET, during_work == kleene.NOT_MET],
            [rules.ceiling_during_working_hours, rules.ceiling_outside_working_hours],
            np.nan,
        )
        return _raised_for_secondary(worker, period, rules, ceiling)

    # The reform of 1 September 2023: the timing of the classes no longer changes it.
    def formula_2023_09_01(worker, period, parameters):
        rules = parameters(period).betaald_educatief_verlof_brussel
        ceiling = np.full(worker.count, rules.ceiling_professional_training, dtype=np.float64)
        return _raised_for_secondary(worker, period, rules, ceiling)


def _raised_for_secondary(worker, period, rules, ceiling: np.ndarray) -> np.ndarray:
    """The ceiling for at most a secondary diploma, pro rata the employment fraction."""
    at_most_secondary = choice_in(worker, period, "person.education_level", "low", "medium")
    raised = np.maximum(ceiling, rules.ceiling_at_most_secondary_diploma)
    # An unknown education level leaves the ceiling unknown only if it could raise it.
    ceiling = np.select(
        [
            at_most_secondary == kleene.MET,
            at_most_secondary == kleene.NOT_MET,
            raised == ceiling,
        ],
        [raised, ceiling, ceiling],
        np.nan,
    )
    return ceiling * number(worker, period, "person.employment_fraction")


class betaald_educatief_verlof_brussel__hours_for_this_training(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Hours of leave this training can use: hours that count, within the yearly maximum"
    unit = "hour"
    reference = "https://www.emploi.belgique.be/defaultTab.aspx?id=538"

    def formula(worker, period, parameters):
        return np.minimum(
            worker("betaald_educatief_verlof_brussel__max_hours_per_school_year", period),
            _counted_hours(worker, period, parameters),
        )
