"""KMO-portefeuille: the Flemish SME wallet, a subsidy on training an SME buys.

An employer incentive: the enterprise applies, for training of the people working in
it. Sources: https://www.vlaio.be/nl/subsidies-financiering/subsidiedatabank/kmo-portefeuille-steun-voor-opleiding-en-advies,
https://www.vlaio.be/nl/subsidies-financiering/kmo-portefeuille/voorwaarden-voor-subsidie-de-kmo-portefeuille
and the news of the reform of 1 February 2026 (training unchanged).

The provider must be registered for the KMO-portefeuille (its own VLAIO register, not
the Opleidingsdatabank of the Flemish training incentives), and the enterprise's main
activity (NACE code) must be accepted. The contract expresses neither, so those
conditions are always unknown and the incentive is at best ``unknown``.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import choice_in, is_true, not_expressible, number

REFERENCE = (
    "https://www.vlaio.be/nl/subsidies-financiering/subsidiedatabank/"
    "kmo-portefeuille-steun-voor-opleiding-en-advies"
)
CONDITIONS = (
    "https://www.vlaio.be/nl/subsidies-financiering/kmo-portefeuille/"
    "voorwaarden-voor-subsidie-de-kmo-portefeuille"
)


def _by_size(worker, period, parameters, small: float, medium: float) -> np.ndarray:
    """``small`` or ``medium`` by headcount; NaN when it is unknown and the two differ."""
    rules = parameters(period).kmo_portefeuille
    headcount = number(worker, period, "employer.headcount")
    with np.errstate(invalid="ignore"):
        value = np.where(headcount < rules.small_headcount_below, small, medium)
    return np.where(np.isnan(headcount) & (small != medium), np.nan, value).astype(np.float64)


class kmo_portefeuille__employer_in_flanders(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The enterprise has an establishment in the Flemish Region"
    reference = CONDITIONS

    def formula(worker, period):
        return choice_in(worker, period, "employer.region", "flanders")


class kmo_portefeuille__sme(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The enterprise is an SME (employer.is_sme, else fewer than 250 workers)"
    reference = CONDITIONS

    def formula(worker, period, parameters):
        rules = parameters(period).kmo_portefeuille
        by_headcount = kleene.negation(
            _at_least_headcount(worker, period, rules.sme_headcount_below)
        )
        is_sme = is_true(worker, period, "employer.is_sme")
        return np.where(is_sme == kleene.UNKNOWN, by_headcount, is_sme).astype(np.int8)


def _at_least_headcount(worker, period, threshold: float) -> kleene.KleeneArray:
    headcount = number(worker, period, "employer.headcount")
    with np.errstate(invalid="ignore"):
        decided = np.where(headcount >= threshold, kleene.MET, kleene.NOT_MET)
    return np.where(np.isnan(headcount), kleene.UNKNOWN, decided).astype(np.int8)


class kmo_portefeuille__eligible_activity(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Accepted main activity (NACE) and not a non-profit association: not expressible"
    reference = CONDITIONS

    def formula(worker, period):
        return not_expressible(worker)


class kmo_portefeuille__pays_training_cost(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The enterprise pays for the training"
    reference = REFERENCE

    def formula(worker, period):
        return is_true(worker, period, "employer.pays_training_cost")


class kmo_portefeuille__registered_provider(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The provider is registered for the KMO-portefeuille: not expressible"
    reference = CONDITIONS

    def formula(worker, period):
        return not_expressible(worker)


class kmo_portefeuille__eligible_theme(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "From 2023-01-01 the training falls within one of the themes: not expressible"
    reference = CONDITIONS

    def formula(worker, period, parameters):
        required = parameters(period).kmo_portefeuille.themes_required
        return np.full(worker.count, kleene.UNKNOWN if required else kleene.MET, dtype=np.int8)


class kmo_portefeuille__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The enterprise can use the KMO-portefeuille for this training: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("kmo_portefeuille__employer_in_flanders", period),
            worker("kmo_portefeuille__sme", period),
            worker("kmo_portefeuille__eligible_activity", period),
            worker("kmo_portefeuille__pays_training_cost", period),
            worker("kmo_portefeuille__registered_provider", period),
            worker("kmo_portefeuille__eligible_theme", period),
        )


class kmo_portefeuille__subsidy_share(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Share of the training cost paid by the subsidy (small or medium enterprise)"
    unit = "/1"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).kmo_portefeuille
        return _by_size(
            worker, period, parameters, rules.subsidy_share_small, rules.subsidy_share_medium
        )


class kmo_portefeuille__max_subsidy_per_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum subsidy per enterprise per calendar year"
    unit = "currency-EUR"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).kmo_portefeuille
        return _by_size(
            worker, period, parameters, rules.annual_ceiling_small, rules.annual_ceiling_medium
        )
