"""The catalogue integration's service: badges, merged situations, cached facet vectors."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from trajectwijzer.incentives import catalogue
from trajectwijzer.incentives.programmes import evaluate_for_programmes

FLEMISH_WORKER = {
    "date": "2024-10-01",
    "person": {
        "status": "employee",
        "contract": "employment",
        "sector": "private",
        "workplace_region": "flanders",
        "employment_fraction": 1,
        "schedule": "fixed",
    },
    "employer": {"initiative": "employee", "region": "flanders"},
    "training": {"in_personal_development_plan": False, "recognised_regions": ["flanders"]},
}


def programme(**fields):
    defaults = {
        "study_credits": None,
        "contact_hours": 60,
        "classroom_hours": 60,
        "delivery_modes": ["evening"],
        "leave_recognised_regions": [],
        "kind": "bachelor",
        "parent": None,
    }
    return SimpleNamespace(**{**defaults, **fields})


@pytest.fixture(autouse=True)
def fresh_caches():
    catalogue.clear_caches()
    yield
    catalogue.clear_caches()


def test_programme_fields_replace_the_persons_training_answers_but_personal_ones_stay():
    merged = catalogue.situation_for_programme(FLEMISH_WORKER, programme())

    assert merged["training"]["recognised_regions"] == []
    assert merged["training"]["contact_hours"] == 60.0
    assert merged["training"]["in_personal_development_plan"] is False
    assert merged["person"] == FLEMISH_WORKER["person"]


def test_badges_follow_the_vectorised_evaluation():
    programmes = [programme(leave_recognised_regions=["flanders"]), programme()]

    badges = catalogue.badges_for_programmes(FLEMISH_WORKER, programmes)
    answers = evaluate_for_programmes(FLEMISH_WORKER, programmes)

    for badge, answer in zip(badges, answers, strict=True):
        assert {b.id for b in badge.yes} == {k for k, v in answer["eligible"].items() if v == "yes"}
        assert {b.id for b in badge.maybe} == {
            k for k, v in answer["eligible"].items() if v == "unknown"
        }
    assert "vlaams_opleidingsverlof" in {b.id for b in badges[0].yes}
    assert "vlaams_opleidingsverlof" not in {b.id for b in badges[1].yes}


def test_every_incentive_has_a_name_in_each_language():
    from django.utils import translation

    for language in ("nl", "fr", "en"):
        with translation.override(language):
            names = catalogue.incentive_choices()
        assert all(name and "_" not in name for name in names.values())


@pytest.mark.django_db
def test_eligible_vectors_are_aligned_with_the_index_and_cached(django_assert_num_queries):
    from trajectwijzer.catalogue.tests.test_search_builders import make_programme

    recognised = make_programme("A", leave_recognised_regions=["flanders"], contact_hours=60)
    other = make_programme("B", leave_recognised_regions=[], contact_hours=60)
    ids = np.array(sorted([recognised.pk, other.pk]), dtype=np.int64)

    with django_assert_num_queries(1):
        vectors = catalogue.eligible_vectors(FLEMISH_WORKER, "v1", ids)
    expected = [pk == recognised.pk for pk in ids]
    assert vectors["vlaams_opleidingsverlof"].tolist() == expected
    with django_assert_num_queries(0):
        assert catalogue.eligible_vectors(FLEMISH_WORKER, "v1", ids) is vectors
    # Another person: evaluated again, on the cached programme columns (no query).
    other_person = {**FLEMISH_WORKER, "person": {**FLEMISH_WORKER["person"], "sector": "education"}}
    with django_assert_num_queries(0):
        theirs = catalogue.eligible_vectors(other_person, "v1", ids)
    assert not theirs["vlaams_opleidingsverlof"].any()


def test_a_flemish_civil_servant_sees_care_credit_only_on_a_long_enough_programme():
    """vlaanderen.be (zorgkrediet, opleiding volgen): ≥ 120 contact hours or ≥ 9 credits."""
    servant = {
        "date": "2025-03-01",
        "person": {
            "status": "employee",
            "sector": "public_flemish",
            "workplace_region": "flanders",
        },
        "training": {"abroad": False},
    }
    long_enough = programme(
        contact_hours=120, classroom_hours=120, leave_recognised_regions=["flanders"]
    )
    too_short = programme(
        contact_hours=119,
        classroom_hours=119,
        study_credits=8,
        leave_recognised_regions=["flanders"],
    )

    badges = catalogue.badges_for_programmes(servant, [long_enough, too_short])

    assert "vlaams_zorgkrediet" in {b.id for b in badges[0].yes}
    assert "vlaams_zorgkrediet" not in {b.id for b in badges[1].yes + badges[1].maybe}
    # Training leave under the Flemish staff statute is discretionary: at best "maybe".
    assert "vormingsverlof_vlaamse_overheid" in {b.id for b in badges[0].maybe}
