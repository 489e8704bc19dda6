"""The vectorised Kleene operators agree with the strong Kleene truth table."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from trajectwijzer.incentives.kleene import (
    MET,
    NOT_MET,
    UNKNOWN,
    all_of,
    any_of,
    from_known_bool,
    negation,
    to_json,
)

# Strong Kleene logic with None for unknown: the reference the arrays must match.
SCALAR = {MET: True, NOT_MET: False, UNKNOWN: None}
FROM_SCALAR = {value: key for key, value in SCALAR.items()}


def scalar_and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def scalar_or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def scalar_not(a: bool | None) -> bool | None:
    return None if a is None else not a


kleene_arrays = st.integers(1, 50).flatmap(
    lambda size: st.tuples(
        *(arrays(np.int8, size, elements=st.sampled_from([NOT_MET, UNKNOWN, MET])),) * 2
    )
)


@given(kleene_arrays)
def test_vectorised_operators_match_the_scalar_truth_table(pair):
    left, right = pair
    conjunction, disjunction, inverse = all_of(left, right), any_of(left, right), negation(left)
    for i in range(len(left)):
        a, b = SCALAR[int(left[i])], SCALAR[int(right[i])]
        assert conjunction[i] == FROM_SCALAR[scalar_and(a, b)]
        assert disjunction[i] == FROM_SCALAR[scalar_or(a, b)]
        assert inverse[i] == FROM_SCALAR[scalar_not(a)]


def test_a_failed_condition_decides_an_and_even_when_others_are_unknown():
    assert all_of([UNKNOWN], [NOT_MET], [MET])[0] == NOT_MET
    assert all_of([UNKNOWN], [MET])[0] == UNKNOWN


def test_a_met_alternative_decides_an_or_even_when_others_are_unknown():
    assert any_of([UNKNOWN], [MET])[0] == MET
    assert any_of([UNKNOWN], [NOT_MET])[0] == UNKNOWN


def test_an_unknown_input_gives_an_unknown_condition():
    result = from_known_bool([True, False, True], [True, True, False])
    assert [to_json(v) for v in result] == [True, False, None]
