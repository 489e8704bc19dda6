"""Vrijstelling van doorstorting van bedrijfsvoorheffing voor opleiding (art. 275/12 WIB 92).

An employer incentive: the employer keeps 11.75 % of a qualifying worker's taxable pay
(capped at 3,500 euros a month per full-time worker) instead of paying it as
withholding tax, in the month the training ends. Sources: FOD Financiën, Circular
2022/C/69 of 15 July 2022 (read through a reproduction), and secondary sources for the
values (DOUBT in the parameters). The conditions are those of research §13 and of the
seed report (file 000, lines 877-890): the employer bears both the full training cost
and the full wage cost (a sector-fund wage subsidy rules the exemption out).

Not expressible, so the incentive is at best ``unknown``: the kind of training (formal
or informal, not imposed by law, regulation or collective agreement, not counted for a
legal training obligation; the worker is not a sportsperson) and the period within
which the hours fall (30 calendar days; 75 for a small company; 60 with shift work).
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
    is_true,
    not_expressible,
    number,
)

REFERENCE = (
    "https://blog.forumforthefuture.be/nl/article/circulaire-2022c69-over-de-vrijstelling-"
    "van-doorstorting-van-de-bedrijfsvoorheffing-voor-de-opleiding-van-werknemers/15558"
)
PREFIX = "vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding"


def _rules(parameters, period):
    return parameters(period).vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__in_force(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The exemption exists on this date (training from 1 January 2021)"
    reference = REFERENCE

    def formula(worker, period, parameters):
        in_force = _rules(parameters, period).in_force
        return np.full(worker.count, kleene.MET if in_force else kleene.NOT_MET, dtype=np.int8)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__employee(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The worker is an employee of the employer (temporary agency workers: unknown)"
    reference = REFERENCE

    def formula(worker, period):
        return employee_or_temp_worker_unverified(worker, period)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__private_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Employer under the law on collective agreements (private sector)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "private")


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__seniority(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The worker has been employed by the employer for at least 6 months"
    reference = REFERENCE

    def formula(worker, period, parameters):
        minimum = _rules(parameters, period).min_seniority_months
        return at_least(number(worker, period, "person.seniority_months"), minimum)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__pays_training_cost(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employer bears the full cost of the training"
    reference = REFERENCE

    def formula(worker, period):
        return is_true(worker, period, "employer.pays_training_cost")


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__bears_full_wage_cost(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employer bears the full wage cost (no sector-fund wage subsidy; DOUBT: seed)"
    reference = REFERENCE

    def formula(worker, period):
        return is_true(worker, period, "employer.bears_full_wage_cost")


def _exceeds(values: np.ndarray, limit: float) -> kleene.KleeneArray:
    """MET where ``values > limit`` (the criterion is exceeded); UNKNOWN where not answered."""
    with np.errstate(invalid="ignore"):
        decided = np.where(values > limit, kleene.MET, kleene.NOT_MET)
    return np.where(np.isnan(values), kleene.UNKNOWN, decided).astype(np.int8)


def _small_company(worker, period, rules) -> kleene.KleeneArray:
    """Companies Code art. 1:24: at most one of the three criteria exceeded."""
    headcount = _exceeds(
        number(worker, period, "employer.headcount"), rules.small_company_max_headcount
    )
    turnover = _exceeds(
        number(worker, period, "employer.annual_turnover"), rules.small_company_max_turnover
    )
    balance = _exceeds(
        number(worker, period, "employer.balance_sheet_total"),
        rules.small_company_max_balance_sheet_total,
    )
    two_exceeded = kleene.any_of(
        kleene.all_of(headcount, turnover),
        kleene.all_of(headcount, balance),
        kleene.all_of(turnover, balance),
    )
    return kleene.negation(two_exceeded)


def _enough_hours(worker, period, rules, small: kleene.KleeneArray) -> kleene.KleeneArray:
    hours = number(worker, period, "training.total_hours")
    fraction = number(worker, period, "person.employment_fraction")

    def enough(base: float) -> kleene.KleeneArray:
        required = base * fraction
        with np.errstate(invalid="ignore"):
            decided = np.where(hours >= required, kleene.MET, kleene.NOT_MET)
        decided = np.where(np.isnan(required), kleene.UNKNOWN, decided)
        # Whatever the fraction (at most 1), the full-time minimum is always enough.
        decided = np.where(at_least(hours, base) == kleene.MET, kleene.MET, decided)
        return np.where(np.isnan(hours), kleene.UNKNOWN, decided).astype(np.int8)

    return kleene.any_of(
        enough(rules.min_hours), kleene.all_of(enough(rules.min_hours_small), small)
    )


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__minimum_duration(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "At least 76 training hours (38 for an SME in 2021, for a small company in the "
        "sense of Companies Code art. 1:24 from 2022), pro rata part-time work"
    )
    reference = REFERENCE

    def formula_2019_09_01(worker, period, parameters):
        small = is_true(worker, period, "employer.is_sme")
        return _enough_hours(worker, period, _rules(parameters, period), small)

    # Law of 21 January 2022: the lower minimum is for small companies (art. 1:24 CSA).
    def formula_2022_01_01(worker, period, parameters):
        rules = _rules(parameters, period)
        return _enough_hours(worker, period, rules, _small_company(worker, period, rules))


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__qualifying_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Formal or informal training not imposed by law or agreement: not expressible"
    reference = REFERENCE

    def formula(worker, period):
        return not_expressible(worker)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__within_period(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The hours fall within 30 (small company 75, shift work 60) days: not expressible"
    reference = REFERENCE

    def formula(worker, period):
        return not_expressible(worker)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employer can apply the withholding-tax exemption for this worker: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        conditions = (
            "in_force",
            "employee",
            "private_sector",
            "seniority",
            "pays_training_cost",
            "bears_full_wage_cost",
            "minimum_duration",
            "qualifying_training",
            "within_period",
        )
        return kleene.all_of(*(worker(f"{PREFIX}__{name}", period) for name in conditions))


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__share_of_taxable_pay(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Share of the worker's taxable pay the employer keeps"
    unit = "/1"
    reference = REFERENCE

    def formula(worker, period, parameters):
        share = _rules(parameters, period).share_of_taxable_pay
        return np.full(worker.count, share, dtype=np.float64)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__monthly_pay_cap_per_fte(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Monthly taxable pay per full-time worker above which nothing more is exempted"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        cap = _rules(parameters, period).monthly_pay_cap_per_fte
        return np.full(worker.count, cap, dtype=np.float64)


class vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding__max_exemption_per_month(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum exemption for this worker in the month the training ends (pro rata FTE)"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = _rules(parameters, period)
        fraction = number(worker, period, "person.employment_fraction")
        return (rules.share_of_taxable_pay * rules.monthly_pay_cap_per_fte * fraction).astype(
            np.float64
        )
