"""Scoring per shipped instrument, against scores computed by hand.

Each test names the answers, the arithmetic in a comment, and the feedback rules
that must (and must not) apply. Reversed items score (lowest + highest − answer);
items hidden by their condition do not count.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trajectwijzer.instruments import scoring

from .builders import definition


def score(instrument, answers):
    d = definition(instrument)
    scores = scoring.score_answers(d, answers)
    rules = {r.id for r in scoring.applicable_rules(d, answers, scores)}
    return scores, rules


def test_motivatiescan_reversed_items_and_bands():
    answers = {
        # autonomy: 5, 4, aut3=2 reversed → 4, 3, 5 → 21 / 5 = 4.2
        "aut1": 5, "aut2": 4, "aut3": 2, "aut4": 3, "aut5": 5,
        # relatedness: 2, 2, rel3=5 reversed → 1, 1, 2 → 8 / 5 = 1.6 (band low)
        "rel1": 2, "rel2": 2, "rel3": 5, "rel4": 1, "rel5": 2,
        # competence: 4, com2=1 reversed → 5, 4, 3, 4 → 20 / 5 = 4.0
        "com1": 4, "com2": 1, "com3": 4, "com4": 3, "com5": 4,
        # health: 3, gez2=4 reversed → 2, 3, 2, 3 → 13 / 5 = 2.6
        "gez1": 3, "gez2": 4, "gez3": 3, "gez4": 2, "gez5": 3, "stop": "sometimes",
        "lei1": 3, "lei2": 3, "lei3": 3, "lei4": 3, "lei5": 3,  # 3.0
        "gro1": 4, "gro2": 4, "gro3": 5, "gro4": 3, "gro5": 4,  # 20 / 5 = 4.0
        # organising: 2, 4, org3=5 reversed → 1, 2, 3 → 12 / 5 = 2.4 (band low)
        "org1": 2, "org2": 4, "org3": 5, "org4": 2, "org5": 3, "hours": 6,
        "stop_help": "Minder deadlines tegelijk",
    }  # fmt: skip
    scores, rules = score("motivatiescan", answers)
    assert scores == {
        "autonomy": 4.2, "relatedness": 1.6, "competence": 4.0, "health": 2.6,
        "leadership": 3.0, "growth": 4.0, "organising": 2.4,
    }  # fmt: skip
    assert rules == {"relatedness_low", "competence_high", "organising_low"}
    d = definition("motivatiescan")
    assert d.dimension("relatedness").band(1.6).id == "low"
    assert d.dimension("autonomy").band(4.2).id == "high"


def test_motivatiescan_follow_up_question_only_after_thinking_of_stopping():
    d = definition("motivatiescan")
    assert d.visible("stop_help", {"stop": "yes"})
    assert d.visible("stop_help", {"stop": "sometimes"})
    assert not d.visible("stop_help", {"stop": "no"})
    _scores, rules = score("motivatiescan", {"stop": "yes"})
    assert "thinking_of_stopping" in rules


def test_intake_conditional_item_counts_only_when_asked_and_weighted_feasibility():
    answers = {
        "computer": "yes", "ict1": 4, "ict2": 3, "ict3": 2, "ict_use": 1,
        "mot1": 4, "mot2": 4, "mot3": 1, "pla1": 1, "pla2": 4, "pla3": 1,
        "bal1": 4, "bal2": 3, "bal3": 1, "study_hours": 3,
    }  # fmt: skip
    scores, rules = score("intake", answers)
    assert scores["ict"] == 2.5  # (4 + 3 + 2 + 1) / 4
    assert scores["motivation"] == 2.0  # 4, mot2=4 reversed → 1, 1 → 6 / 3
    assert scores["planning"] == 1.0  # 1, pla2=4 reversed → 1, 1
    assert scores["balance"] == pytest.approx(11 / 3, abs=1e-4)  # 4, 3, bal3=1 → 4
    # feasibility, weighted: (2·bal2 3 + 2·pla3 1 + bal1 4 + computer yes 1) / 6 = 13 / 6
    assert scores["feasibility"] == pytest.approx(13 / 6, abs=1e-4)
    assert rules == {"planning_low", "feasibility_low", "little_time"}
    # without a computer, "I use my computer at home" is not asked and does not count
    without = dict(answers, computer="no")
    scores, rules = score("intake", without)
    assert scores["ict"] == 3.0  # (4 + 3 + 2) / 3
    assert scores["feasibility"] == 2.0  # (6 + 2 + 4 + 0) / 6
    assert "no_device" in rules


def test_screening_places_on_the_ladder_and_decides_the_trajectory():
    answers = {
        "rung": "supported",  # rung 5
        # yes 1, not applicable (no score), partly .5, yes 1, partly .5, no 0, yes 1:
        # 4 / 6 answered = 0.667 → 66.67 out of 100 → preparation for work
        "housing": "yes", "childcare": "not_applicable", "mobility": "partly",
        "health": "yes", "language": "partly", "finances": "no", "network": "yes",
    }  # fmt: skip
    scores, rules = score("screening", answers)
    assert scores["ladder"] == 5.0
    assert scores["conditions"] == pytest.approx(66.6667, abs=1e-3)
    assert rules == {"outcome_preparation", "language_support"}
    d = definition("screening")
    band = d.dimension("ladder").band(5.0)
    assert band.id == "rung5" and "Team" in band.text.en
    all_met = {k: "yes" for k in ("housing", "childcare", "mobility", "health", "language",
                                  "finances", "network")}  # fmt: skip
    scores, rules = score("screening", {"rung": "unpaid", **all_met})
    assert scores["conditions"] == 100.0
    assert rules == {"outcome_to_work"}


def test_lecturer_selfscan_tips():
    answers = {
        "flex1": 5, "flex2": 4, "flex3": 3,  # 4.0
        "eval1": 2, "eval2": 2, "eval3": 3,  # 7 / 3 = 2.333 → tip
        "mate1": 4, "mate2": 4, "mate3": 4,  # 4.0
        "expe1": 3, "expe2": 4,  # 3.5 → tip (below 3.75)
        "cont1": 5, "cont2": 5,  # 5.0
    }  # fmt: skip
    scores, rules = score("selfscan_lecturers", answers)
    assert scores == {"flexibility": 4.0, "evaluation": 2.3333, "materials": 4.0,
                      "experience": 3.5, "contact": 5.0}  # fmt: skip
    assert rules == {"evaluation_tip", "experience_tip"}
    assert all(r.action == "request_workshop" for r in definition("selfscan_lecturers").rules)


def test_survey_for_working_students():
    answers = {
        "self1": 4, "self2": 4, "self3": 3, "self4": 5,  # 16 / 4 = 4.0
        "mate1": 2, "mate2": 3, "mate3": 4,  # 3.0
        "lect1": 5, "lect2": 4, "lect3": 3,  # 4.0
        "envi1": 1, "envi2": 2, "envi3": 3,  # 2.0
    }  # fmt: skip
    scores, _rules = score("survey_working_students", answers)
    assert scores == {"self_regulation": 4.0, "materials": 3.0, "lecturers": 4.0,
                      "environment": 2.0}  # fmt: skip


def test_leerscan_for_workplaces():
    answers = {
        "inte1": 1, "inte2": 2, "inte3": 2, "inte4": 3,  # 2.0 → weak
        "info1": 4, "info2": 4, "info3": 3, "info4": 3,  # 3.5
        "oppo1": 2, "oppo2": 3, "oppo3": 3, "oppo4": 4, "oppo5": 3,  # 3.0 → fair
        "refl1": 1, "refl2": 1, "refl3": 2,  # 4 / 3 = 1.333 → weak
        "coac1": 4, "coac2": 4, "coac3": 4,  # 4.0
    }  # fmt: skip
    scores, rules = score("leerscan", answers)
    assert scores == {"interaction": 2.0, "information": 3.5, "opportunities": 3.0,
                      "reflection": 1.3333, "coaching": 4.0}  # fmt: skip
    assert rules == {"interaction_tip", "reflection_tip"}
    assert definition("leerscan").dimension("opportunities").band(3.0).id == "fair"


def test_inclusiveness_quickscan_scores_out_of_100():
    d = definition("inclusiveness_quickscan")
    answers = {item_id: 4 for item_id in d.item_ids}  # 4 on 1–5 → 75
    answers.update(migration_recruitment=5, migration_training=3, migration_communication=2)
    scores, rules = score("inclusiveness_quickscan", answers)
    assert scores["migration_recruitment"] == 100.0  # (5 − 1) / 4
    assert scores["migration_training"] == 50.0  # (3 − 1) / 4
    assert scores["migration_communication"] == 25.0  # (2 − 1) / 4
    assert scores["older_training"] == 75.0
    assert rules == {"migration_communication_low"}


def test_factor_interview_nine_factors():
    answers = {
        "family": "stimulating", "work": "hindering", "time": "hindering",
        "location": "not_applicable", "price": "hindering", "admission": "not_applicable",
        "health": "not_applicable", "age": "stimulating", "schooling": "stimulating",
    }  # fmt: skip
    scores, rules = score("factor_interview", answers)
    assert scores["balance"] == 0.0  # 3 stimulating (+1) and 3 hindering (−1)
    assert scores["f_work"] == -1.0 and scores["f_family"] == 1.0
    assert scores["f_location"] is None  # not applicable: no score
    assert rules == {"price_hindering", "time_hindering", "work_hindering"}
    assert len(definition("factor_interview").item_ids) == 11  # nine factors, two open


def test_every_shipped_definition_has_items_marked_by_origin():
    from trajectwijzer.instruments.definition import shipped_definitions

    definitions = shipped_definitions()
    assert len(definitions) == 8
    for d in definitions.values():
        assert d.seed, d.id
        for item in d.items.values():
            assert item.origin in ("seed", "platform")
            if item.origin == "seed":
                assert item.seed


# A group of respondents scores the same as each respondent alone -------------------


def _reference(d, answers):
    """Plain Python scoring, written independently of the vectorised one."""
    result = {}
    for dim in d.dimensions:
        values, weights = [], []
        for member in dim.items:
            item = d.items[member.item]
            if not d.visible(member.item, answers) or answers.get(member.item) is None:
                continue
            value = scoring.item_score(d, member.item, answers[member.item])
            if math.isnan(value):
                continue
            low, high = item.score_range()
            if member.reverse:
                value = low + high - value
            values.append((value, low, high))
            weights.append(member.weight)
        if not values:
            result[dim.id] = None
        elif dim.method == "sum":
            result[dim.id] = sum(v for v, _, _ in values)
        elif dim.method == "weighted":
            result[dim.id] = sum(v * w for (v, _, _), w in zip(values, weights, strict=True)) / sum(
                weights
            )
        elif dim.method == "mean":
            result[dim.id] = sum(v for v, _, _ in values) / len(values)
        else:
            mean = sum(v for v, _, _ in values) / len(values)
            low = sum(lo for _, lo, _ in values) / len(values)
            high = sum(hi for _, _, hi in values) / len(values)
            result[dim.id] = (mean - low) / (high - low) * 100
    return result


def _answers(d):
    strategies = {}
    for item_id in d.scored_item_ids:
        item = d.items[item_id]
        if item.type == "number":
            strategy = st.integers(int(item.minimum), int(item.maximum))
        elif item.type == "multiple":
            strategy = st.lists(st.sampled_from([o.value for o in item.options]), unique=True)
        else:
            strategy = st.sampled_from([o.value for o in item.options])
        strategies[item_id] = st.one_of(st.none(), strategy)
    return st.fixed_dictionaries(strategies).map(
        lambda a: {k: v for k, v in a.items() if v is not None}
    )


@pytest.mark.parametrize("instrument", ["motivatiescan", "intake", "screening", "factor_interview"])
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_vectorised_group_scoring_equals_scoring_each_respondent(instrument, data):
    d = definition(instrument)
    group = data.draw(st.lists(_answers(d), min_size=1, max_size=6))
    matrix = scoring.score_matrix(d, scoring.answer_matrix(d, group))
    for row, answers in zip(matrix, group, strict=True):
        expected = _reference(d, answers)
        for j, dim in enumerate(d.dimensions):
            if expected[dim.id] is None:
                assert np.isnan(row[j])
            else:
                assert row[j] == pytest.approx(expected[dim.id])
