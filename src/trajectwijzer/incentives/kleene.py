"""Three-valued (Kleene) logic on numpy arrays: every condition is met, not met or unknown.

Values are small integers ordered NOT_MET < UNKNOWN < MET, so the strong Kleene
connectives become arithmetic that numpy vectorises: AND is the minimum, OR the
maximum, NOT the mirror image (2 - x). A condition whose input is missing is UNKNOWN;
it stays UNKNOWN through AND/OR unless another operand decides the result (a NOT_MET
operand decides an AND, a MET operand decides an OR).
"""

from __future__ import annotations

from functools import reduce

import numpy as np
from numpy.typing import ArrayLike, NDArray

NOT_MET = 0
UNKNOWN = 1
MET = 2

KleeneArray = NDArray[np.int8]


def as_kleene(values: ArrayLike) -> KleeneArray:
    return np.asarray(values, dtype=np.int8)


def all_of(*operands: ArrayLike) -> KleeneArray:
    """Kleene AND of any number of operands."""
    return reduce(np.minimum, (as_kleene(operand) for operand in operands))


def any_of(*operands: ArrayLike) -> KleeneArray:
    """Kleene OR of any number of operands."""
    return reduce(np.maximum, (as_kleene(operand) for operand in operands))


def negation(operand: ArrayLike) -> KleeneArray:
    return (MET - as_kleene(operand)).astype(np.int8)


def from_known_bool(value: ArrayLike, known: ArrayLike) -> KleeneArray:
    """MET where the value is true, NOT_MET where false, UNKNOWN where not known."""
    decided = np.where(np.asarray(value, dtype=bool), MET, NOT_MET)
    return np.where(np.asarray(known, dtype=bool), decided, UNKNOWN).astype(np.int8)


def to_json(value: int) -> bool | None:
    """The output contract's three values: true, false or null."""
    return {MET: True, NOT_MET: False}.get(int(value))
