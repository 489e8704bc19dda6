"""Opleidingscheques voor werknemers: Flemish training vouchers, half paid by the worker.

Source: https://www.vlaanderen.be/opleidingscheques-voor-werknemers; amounts in
parameters/opleidingscheques/.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    choice_in,
    is_false,
    is_true,
    recognised_in,
)

REFERENCE = "https://www.vlaanderen.be/opleidingscheques-voor-werknemers"


class opleidingscheques__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works as an employee or temporary agency worker (not self-employed only)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.status", "employee", "temp_agency_worker")


class opleidingscheques__employment_contract(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works under an employment contract, not an apprenticeship or student contract"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.contract", "employment")


class opleidingscheques__no_unemployment_benefit(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Receives no unemployment benefit"
    reference = REFERENCE

    def formula(worker, period):
        return is_false(worker, period, "person.receives_unemployment_benefit")


class opleidingscheques__residence(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "Lives in Flanders or Brussels, or comes from the EU/EEA and works in Flanders or Brussels"
    )
    reference = REFERENCE

    def formula(worker, period):
        works_in_flanders_or_brussels = choice_in(
            worker, period, "person.workplace_region", "flanders", "brussels"
        )
        return kleene.any_of(
            choice_in(worker, period, "person.residence", "flanders", "brussels"),
            kleene.all_of(
                choice_in(worker, period, "person.residence", "eu_eea"),
                works_in_flanders_or_brussels,
            ),
            kleene.all_of(
                choice_in(worker, period, "person.residence", "wallonia"),
                is_true(worker, period, "person.moved_from_eu_eea"),
                works_in_flanders_or_brussels,
            ),
        )


class opleidingscheques__own_initiative_and_cost(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Follows the training on own initiative and the employer does not pay it"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            choice_in(worker, period, "employer.initiative", "employee"),
            is_false(worker, period, "employer.pays_training_cost"),
        )


class opleidingscheques__training_fits_education_level(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "At most a secondary diploma and a training in the Opleidingsdatabank or a POP; "
        "or higher educated with career guidance in the last 6 years and a POP training"
    )
    reference = REFERENCE

    def formula(worker, period):
        in_plan = is_true(worker, period, "training.in_personal_development_plan")
        return kleene.any_of(
            kleene.all_of(
                choice_in(worker, period, "person.education_level", "low", "medium"),
                kleene.any_of(recognised_in(worker, period, "flanders"), in_plan),
            ),
            kleene.all_of(
                choice_in(worker, period, "person.education_level", "high"),
                is_true(worker, period, "person.career_guidance_in_last_6_years"),
                in_plan,
            ),
        )


class opleidingscheques__minimum_size(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "The training has the minimum size of Flemish training leave (32 contact hours or "
        "3 study credits): vouchers only pay for trainings that give a right to VOV"
    )
    reference = REFERENCE

    def formula(worker, period):
        # Same rule, same dates (combining enrolments until 2024-2025) as VOV.
        return worker("vlaams_opleidingsverlof__minimum_size", period)


class opleidingscheques__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "May buy training vouchers: all conditions together"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("opleidingscheques__employee", period),
            worker("opleidingscheques__employment_contract", period),
            worker("opleidingscheques__no_unemployment_benefit", period),
            worker("opleidingscheques__residence", period),
            worker("opleidingscheques__own_initiative_and_cost", period),
            worker("opleidingscheques__training_fits_education_level", period),
            worker("opleidingscheques__minimum_size", period),
        )


class opleidingscheques__max_value_per_school_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum value of vouchers per school year"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        return np.full(worker.count, parameters(period).opleidingscheques.max_value_per_school_year)


class opleidingscheques__worker_pays_at_most(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "The worker's own payment for the maximum value of vouchers"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        share = parameters(period).opleidingscheques.worker_share
        return worker("opleidingscheques__max_value_per_school_year", period) * share


class opleidingscheques__government_pays_at_most(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "The Flemish government's part of the maximum value of vouchers"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period):
        return worker("opleidingscheques__max_value_per_school_year", period) - worker(
            "opleidingscheques__worker_pays_at_most", period
        )
