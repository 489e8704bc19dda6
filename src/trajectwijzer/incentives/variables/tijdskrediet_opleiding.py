"""Tijdskrediet met opleidingsmotief / crédit-temps avec motif formation (federal).

Time credit for private-sector employees (CAO 103 of the National Labour Council) to
follow a training. Sources: RVA/ONEM sheet T160
https://www.onem.be/citoyens/interruption-de-carriere-credit-temps-et-conges-thematiques/credit-temps-secteur-prive/le-credit-temps-avec-motif,
the notice procedure (sheet E65)
https://www.rva.be/werkgevers/loopbaanonderbreking-tijdskrediet-en-thematische-verloven/aanvraagprocedure-van-het-tijdskrediet
and the duration on socialsecurity.be. Seniority, employer size and the quarterly
training thresholds rest on secondary sources (DOUBT in the parameters). Allowance
amounts were not found and are not computed; the allowance-only conditions (residence,
employment history since 1 February 2023) are not modelled.
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
    employee_or_temp_worker_unverified,
    number,
)

REFERENCE = (
    "https://www.onem.be/citoyens/interruption-de-carriere-credit-temps-et-conges-thematiques/"
    "credit-temps-secteur-prive/le-credit-temps-avec-motif"
)
PROCEDURE = (
    "https://www.rva.be/werkgevers/loopbaanonderbreking-tijdskrediet-en-thematische-verloven/"
    "aanvraagprocedure-van-het-tijdskrediet"
)
DURATION = (
    "https://www.socialsecurity.be/citizen/nl/verlof-tijdskrediet-en-loopbaanonderbreking/"
    "loopbaanonderbreking-en-tijdskrediet/tijdskrediet"
)


class tijdskrediet_opleiding__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works as an employee (temporary agency workers: unverified, unknown)"
    reference = REFERENCE

    def formula(worker, period):
        return employee_or_temp_worker_unverified(worker, period)


class tijdskrediet_opleiding__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Private sector (not public services, education or autonomous public companies)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private")


class tijdskrediet_opleiding__seniority(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "At least 24 months of service with the employer at the written notice"
    reference = REFERENCE

    def formula(worker, period, parameters):
        minimum = parameters(period).tijdskrediet_opleiding.min_seniority_months
        return at_least(number(worker, period, "person.seniority_months"), minimum)


class tijdskrediet_opleiding__right_not_favour(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "More than 10 workers: a right; 10 or fewer: only with the employer's agreement"
    reference = REFERENCE

    def formula(worker, period, parameters):
        above = parameters(period).tijdskrediet_opleiding.right_from_headcount_above
        headcount = number(worker, period, "employer.headcount")
        # 10 or fewer workers: possible, but only if the employer agrees (not asked).
        with np.errstate(invalid="ignore"):
            right = headcount > above
        return np.where(right, kleene.MET, kleene.UNKNOWN).astype(np.int8)


class tijdskrediet_opleiding__recognised_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Training recognised by a Community or a sector (regional recognition suffices)"
    reference = REFERENCE

    def formula(worker, period):
        recognised_somewhere = np.zeros(worker.count, dtype=bool)
        for region in ("flanders", "brussels", "wallonia"):
            recognised_somewhere |= np.asarray(worker(f"training_recognised_in_{region}", period))
        known = np.asarray(worker("training_recognised_regions_known", period))
        # Recognised nowhere in the regional schemes may still be recognised by a
        # Community or a sector: unknown, never "not met".
        return np.where(known & recognised_somewhere, kleene.MET, kleene.UNKNOWN).astype(np.int8)


class tijdskrediet_opleiding__enough_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "At least 360 hours or 27 credits a year (120 h or 9 credits a quarter: unknown)"
    reference = "https://www.vlaanderen.be/aanmoedigingspremie-opleidingskrediet-privesector"

    def formula(worker, period, parameters):
        rules = parameters(period).tijdskrediet_opleiding
        hours = number(worker, period, "training.total_hours")
        credits = number(worker, period, "training.study_credits")
        per_year = kleene.any_of(
            at_least(hours, rules.min_hours_per_year),
            at_least(credits, rules.min_study_credits_per_year),
        )
        per_quarter = kleene.any_of(
            at_least(hours, rules.min_hours_per_quarter),
            at_least(credits, rules.min_study_credits_per_quarter),
        )
        return kleene.any_of(per_year, at_most_unknown(per_quarter))


class tijdskrediet_opleiding__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Entitled to time credit with the training motive: all conditions together"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("tijdskrediet_opleiding__employee", period),
            worker("tijdskrediet_opleiding__private_sector", period),
            worker("tijdskrediet_opleiding__seniority", period),
            worker("tijdskrediet_opleiding__right_not_favour", period),
            worker("tijdskrediet_opleiding__recognised_training", period),
            worker("tijdskrediet_opleiding__enough_training", period),
        )


class tijdskrediet_opleiding__max_months_over_career(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum months of time credit with the training motive over the career"
    unit = "month"
    reference = DURATION

    def formula(worker, period, parameters):
        months = parameters(period).tijdskrediet_opleiding.max_months_over_career
        return np.full(worker.count, months, dtype=np.float64)


class tijdskrediet_opleiding__notice_months(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Months of written notice to the employer: 3 above 20 workers, else 6"
    unit = "month"
    reference = PROCEDURE

    def formula(worker, period, parameters):
        rules = parameters(period).tijdskrediet_opleiding
        headcount = number(worker, period, "employer.headcount")
        with np.errstate(invalid="ignore"):
            months = np.where(
                headcount > rules.notice_large_from_headcount_above,
                rules.notice_months_large,
                rules.notice_months_small,
            )
        return np.where(np.isnan(headcount), np.nan, months).astype(np.float64)
