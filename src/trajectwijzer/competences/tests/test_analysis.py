"""Coverage, disagreement and the combined level: pure functions, no database."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from trajectwijzer.competences import analysis

COMPETENCES = {10: [1, 2], 20: [3, 4], 30: [5]}


def test_coverage_lists_indicators_and_competences_nobody_observed():
    latest = {1: {"self": 2}, 3: {"mentor": 1, "teacher": 3}}
    result = analysis.coverage(COMPETENCES, latest)
    assert result.unobserved_indicators == [2, 4, 5]
    assert result.unobserved_competences == [30]
    assert (result.observed, result.total) == (2, 5)
    assert result.share == 2 / 5


def test_coverage_counts_an_empty_role_map_as_unobserved():
    assert analysis.coverage({1: [7]}, {7: {}}).unobserved_indicators == [7]


def test_disagreement_needs_two_steps_between_any_two_roles():
    latest = {
        1: {"self": 4, "teacher": 2},  # 2 apart: disagreement
        2: {"self": 3, "teacher": 2, "mentor": 2},  # 1 apart: not
        3: {"self": 1, "mentor": 4},  # 3 apart
        4: {"self": 4},  # one role only: nothing to compare
        5: {"teacher": 1, "mentor": 2, "self": 3},  # teacher and self 2 apart
    }
    found = {d.indicator_id: d.spread for d in analysis.disagreements(latest)}
    assert found == {1: 2, 3: 3, 5: 2}


def test_disagreement_threshold_is_two_levels():
    assert analysis.DISAGREEMENT_STEPS == 2


@given(st.dictionaries(st.sampled_from(analysis.ROLES), st.integers(1, 5), min_size=0))
def test_disagreement_is_exactly_a_spread_of_two_or_more(by_role):
    found = analysis.disagreements({1: by_role})
    spread = max(by_role.values()) - min(by_role.values()) if by_role else 0
    assert bool(found) == (len(by_role) >= 2 and spread >= 2)


def test_combined_step_prefers_the_professionals_and_falls_back_to_self():
    assert analysis.combined_step({"self": 4, "teacher": 2, "mentor": 3}) == 3
    assert analysis.combined_step({"self": 4, "teacher": 2}) == 2
    assert analysis.combined_step({"self": 1}) == 1
    assert analysis.combined_step({}) is None


def test_competence_fractions_average_over_all_indicators_and_skip_unscored_competences():
    latest = {1: {"teacher": 4}, 3: {"self": 2}, 4: {"mentor": 2}}
    fractions = analysis.competence_fractions(COMPETENCES, latest, 4)
    assert fractions == {10: (1.0 + 0) / 2, 20: (0.5 + 0.5) / 2}


def test_acquired_from_three_quarters_of_the_scale():
    assert analysis.is_acquired(3, 4) and analysis.is_acquired(4, 4)
    assert not analysis.is_acquired(2, 4) and not analysis.is_acquired(None, 4)
    assert analysis.fraction(3, 4) == 0.75


@given(
    st.integers(1, 6).flatmap(
        lambda learners: st.lists(
            st.lists(st.lists(st.integers(0, 4), min_size=3, max_size=3), min_size=5, max_size=5),
            min_size=learners,
            max_size=learners,
        )
    )
)
def test_group_arrays_apply_the_same_rules_as_coverage_and_disagreements(grid):
    """The numpy version for whole groups agrees with the per-learner reference rules."""
    steps = np.array(grid, dtype=np.int8)  # learners × 5 indicators × 3 roles, 0 = none
    indicators_by_competence = {100: [0, 1], 200: [2], 300: [3, 4]}
    columns = [np.array(v) for v in indicators_by_competence.values()]
    arrays = analysis.group_arrays(steps, columns)
    for row, learner in enumerate(grid):
        latest = {
            i: {role: s for role, s in zip(analysis.ROLES, by_role, strict=True) if s}
            for i, by_role in enumerate(learner)
        }
        cover = analysis.coverage(indicators_by_competence, latest)
        assert sorted(np.flatnonzero(~arrays.observed[row]).tolist()) == cover.unobserved_indicators
        unobserved = [
            c
            for c, u in zip(
                indicators_by_competence, arrays.unobserved_competences[row], strict=True
            )
            if u
        ]
        assert unobserved == cover.unobserved_competences
        found = sorted(d.indicator_id for d in analysis.disagreements(latest))
        assert np.flatnonzero(arrays.disagreement[row]).tolist() == found
        assert arrays.scored_by_role[row].tolist() == [
            sum(1 for by_role in learner if by_role[r]) for r in range(3)
        ]
