"""Every answer is checked against its item before anything is stored (Hypothesis)."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from trajectwijzer.instruments import scoring

from .builders import definition

MOTIVATIESCAN = definition("motivatiescan")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@settings(max_examples=200, deadline=None)
@given(value=st.integers(-1000, 1000))
@example(0)
def test_likert_answers_inside_the_scale_are_kept_and_outside_refused(value):
    if 1 <= value <= 5:
        assert scoring.clean_answer(MOTIVATIESCAN, "aut1", value) == value
        assert scoring.clean_answer(MOTIVATIESCAN, "aut1", str(value)) == value
    else:
        with pytest.raises(scoring.AnswerError) as refused:
            scoring.clean_answer(MOTIVATIESCAN, "aut1", value)
        assert refused.value.item == "aut1"
        assert "outside the scale 1–5" in refused.value.message


@settings(max_examples=200, deadline=None)
@given(value=st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=8))
def test_number_answers_outside_min_max_or_not_numbers_are_refused(value):
    try:
        cleaned = scoring.clean_answer(MOTIVATIESCAN, "hours", value)
    except scoring.AnswerError as refused:
        assert refused.item == "hours"
        return
    assert cleaned is None or 0 <= cleaned <= 60


@settings(max_examples=100, deadline=None)
@given(value=st.text(max_size=12))
@example("²")  # a digit for str.isdigit, not for int(): once a 500
def test_choice_answers_must_be_an_option(value):
    try:
        cleaned = scoring.clean_answer(MOTIVATIESCAN, "stop", value)
    except scoring.AnswerError as refused:
        assert (
            refused.item == "stop"
            and "is not one of the options (no, sometimes, yes)" in refused.message
        )
        return
    assert cleaned in (None, "no", "sometimes", "yes")


def test_a_whole_number_with_odd_whitespace_is_refused_with_a_message_not_a_crash():
    # Found by Hypothesis: str.strip() removes the unit separator, int() does not.
    with pytest.raises(scoring.AnswerError) as refused:
        scoring.clean_answer(MOTIVATIESCAN, "stop", "0\x1f")
    assert "is not one of the options (no, sometimes, yes)" in refused.value.message
