"""Reading contract inputs inside formulas as three-valued conditions or NaN-able numbers."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.contract import FIELDS_BY_PATH
from trajectwijzer.incentives.variables.inputs import CHOICE_ENUMS, UNKNOWN_MEMBER


def choice_in(worker, period, path: str, *allowed: str) -> kleene.KleeneArray:
    """MET when the answer is one of ``allowed``, UNKNOWN when not answered."""
    enum = CHOICE_ENUMS[path]
    indices = np.asarray(worker(FIELDS_BY_PATH[path].variable, period))
    decided = np.where(np.isin(indices, [enum[name].index for name in allowed]), kleene.MET, 0)
    return np.where(indices == enum[UNKNOWN_MEMBER].index, kleene.UNKNOWN, decided).astype(np.int8)


def is_true(worker, period, path: str) -> kleene.KleeneArray:
    field = FIELDS_BY_PATH[path]
    return kleene.from_known_bool(
        worker(field.variable, period), worker(field.known_variable, period)
    )


def is_false(worker, period, path: str) -> kleene.KleeneArray:
    return kleene.negation(is_true(worker, period, path))


def number(worker, period, path: str) -> NDArray[np.float64]:
    """The answered number, NaN where the field was not answered."""
    field = FIELDS_BY_PATH[path]
    values = np.asarray(worker(field.variable, period), dtype=np.float64)
    return np.where(worker(field.known_variable, period), values, np.nan)


def at_least(values: NDArray[np.float64], threshold: float) -> kleene.KleeneArray:
    """MET where ``values >= threshold``; UNKNOWN where the value is NaN (not answered)."""
    with np.errstate(invalid="ignore"):
        decided = np.where(values >= threshold, kleene.MET, kleene.NOT_MET)
    return np.where(np.isnan(values), kleene.UNKNOWN, decided).astype(np.int8)


def recognised_in(worker, period, region: str) -> kleene.KleeneArray:
    return kleene.from_known_bool(
        worker(f"training_recognised_in_{region}", period),
        worker("training_recognised_regions_known", period),
    )


def when_known(condition: kleene.KleeneArray, values: NDArray[np.float64]) -> NDArray[np.float64]:
    """``values`` where ``condition`` is MET, NaN (unknown) where it is UNKNOWN, 0 where NOT_MET."""
    return np.select([condition == kleene.MET, condition == kleene.UNKNOWN], [values, np.nan], 0.0)


def not_expressible(worker) -> kleene.KleeneArray:
    """UNKNOWN for everyone: a condition the contract's fields cannot express."""
    return np.full(worker.count, kleene.UNKNOWN, dtype=np.int8)


def at_most_unknown(condition: kleene.KleeneArray) -> kleene.KleeneArray:
    """MET becomes UNKNOWN: a condition that can rule out but never settle on its own."""
    return kleene.all_of(condition, np.full(len(condition), kleene.UNKNOWN, dtype=np.int8))


def employee_or_temp_worker_unverified(worker, period) -> kleene.KleeneArray:
    """An employee is met; a temporary agency worker is unknown (whether the scheme
    covers them is unverified); anything else is not met."""
    return kleene.any_of(
        choice_in(worker, period, "person.status", "employee"),
        at_most_unknown(choice_in(worker, period, "person.status", "temp_agency_worker")),
    )


def public_staff_member(worker, period) -> kleene.KleeneArray:
    """Staff of a public employer: "employee" is met; "other" is unknown, because a
    statutory civil servant may not call themselves an employee; the rest is not met."""
    return kleene.any_of(
        choice_in(worker, period, "person.status", "employee"),
        at_most_unknown(choice_in(worker, period, "person.status", "other")),
    )
