"""Congé-éducation payé for workers employed in an establishment in the Walloon Region.

Sources: https://emploi.wallonie.be/nl/home/formation/conge-education-paye.html,
https://emploi.wallonie.be/demandes/2341_beneficier-d-un-conge-education-paye-dans-le-secteur-prive.html
and the FAQ https://emploi.wallonie.be/home/faq.html. Part-time rules and hour ceilings
are the federal ones (unverified on a Walloon page: DOUBT in the parameters). Contract
staff of autonomous public companies are included on a secondary source (lacsc.be).
The German-speaking Community runs its own scheme; the contract cannot tell it apart.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    at_least,
    at_most_unknown,
    choice_in,
    is_true,
    number,
    recognised_in,
)

REFERENCE = "https://emploi.wallonie.be/nl/home/formation/conge-education-paye.html"
PROCEDURE = (
    "https://emploi.wallonie.be/demandes/"
    "2341_beneficier-d-un-conge-education-paye-dans-le-secteur-prive.html"
)


class conge_education_paye_wallonie__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works as an employee or temporary agency worker"
    reference = PROCEDURE

    def formula(worker, period):
        return choice_in(worker, period, "person.status", "employee", "temp_agency_worker")


class conge_education_paye_wallonie__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Private sector or contract staff of an autonomous public company"
    reference = PROCEDURE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private", "autonomous_public_company")


class conge_education_paye_wallonie__works_in_wallonia(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works in an establishment in the Walloon Region"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.workplace_region", "wallonia")


class conge_education_paye_wallonie__employment_fraction(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "At least 4/5; or a variable schedule from 1/3 of full time; a fixed schedule from "
        "half time only for professional trainings in working hours (at most unknown)"
    )
    reference = "https://emploi.wallonie.be/home/faq.html"

    def formula(worker, period, parameters):
        rules = parameters(period).conge_education_paye_wallonie
        fraction = number(worker, period, "person.employment_fraction")
        return kleene.any_of(
            at_least(fraction, rules.full_access_employment_fraction),
            kleene.all_of(
                choice_in(worker, period, "person.schedule", "variable"),
                at_least(fraction, rules.min_employment_fraction_variable_schedule),
            ),
            # Only professional trainings (not general ones) qualify on this route; the
            # contract cannot tell them apart, so it never settles a "yes".
            at_most_unknown(
                kleene.all_of(
                    choice_in(worker, period, "person.schedule", "fixed"),
                    at_least(fraction, rules.min_employment_fraction),
                    is_true(worker, period, "training.during_working_hours"),
                )
            ),
        )


class conge_education_paye_wallonie__recognised_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The training is approved (agréée) by the SPW for paid educational leave"
    reference = REFERENCE

    def formula(worker, period):
        return recognised_in(worker, period, "wallonia")


class conge_education_paye_wallonie__minimum_hours(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The training has at least 32 hours"
    reference = REFERENCE

    def formula(worker, period, parameters):
        minimum = parameters(period).conge_education_paye_wallonie.min_total_hours
        return at_least(number(worker, period, "training.total_hours"), minimum)


class conge_education_paye_wallonie__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Entitled to paid educational leave in Wallonia: all conditions together"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("conge_education_paye_wallonie__employee", period),
            worker("conge_education_paye_wallonie__private_sector", period),
            worker("conge_education_paye_wallonie__works_in_wallonia", period),
            worker("conge_education_paye_wallonie__employment_fraction", period),
            worker("conge_education_paye_wallonie__recognised_training", period),
            worker("conge_education_paye_wallonie__minimum_hours", period),
        )


class conge_education_paye_wallonie__max_hours_per_school_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum hours of leave this school year, pro rata the employment fraction"
    unit = "hour"
    reference = "https://www.werk.belgie.be/defaultTab.aspx?id=538"

    def formula(worker, period, parameters):
        rules = parameters(period).conge_education_paye_wallonie
        during_work = is_true(worker, period, "training.during_working_hours")
        ceiling = np.select(
            [during_work == kleene.MET, during_work == kleene.NOT_MET],
            [rules.ceiling_during_working_hours, rules.ceiling_outside_working_hours],
            np.nan,
        )
        return ceiling * number(worker, period, "person.employment_fraction")


class conge_education_paye_wallonie__hours_for_this_training(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Hours of leave this training can use: its hours, within the yearly maximum"
    unit = "hour"
    reference = REFERENCE

    def formula(worker, period):
        return np.minimum(
            worker("conge_education_paye_wallonie__max_hours_per_school_year", period),
            number(worker, period, "training.total_hours"),
        )


class conge_education_paye_wallonie__monthly_wage_ceiling(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Gross monthly wage up to which pay is kept during the leave"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        ceiling = parameters(period).conge_education_paye_wallonie.monthly_wage_ceiling
        return np.full(worker.count, ceiling, dtype=np.float64)
