"""Catalogue programmes as training situations; one person against many programmes."""

from __future__ import annotations

import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from trajectwijzer.catalogue.models import Programme
from trajectwijzer.incentives.programmes import evaluate_for_programmes, training_situation_for
from trajectwijzer.incentives.services import evaluate

WORKER = {
    "date": "2024-10-01",
    "person": {
        "residence": "flanders",
        "status": "employee",
        "contract": "employment",
        "sector": "private",
        "workplace_region": "brussels",
        "employment_fraction": 1,
        "seniority_months": 24,
        "education_level": "medium",
        "career_guidance_in_last_6_years": False,
    },
    "employer": {"is_sme": True, "initiative": "employee", "region": "brussels"},
    "training": {
        "in_personal_development_plan": False,
        "during_working_hours": False,
        "abroad": False,
    },
}


def programme(**fields):
    defaults = {
        "study_credits": None,
        "contact_hours": None,
        "classroom_hours": None,
        "delivery_modes": [],
        "leave_recognised_regions": [],
        "kind": "bachelor",
        "parent": None,
    }
    return SimpleNamespace(**{**defaults, **fields})


def test_fields_are_mapped_and_missing_ones_stay_unknown():
    mapped = training_situation_for(
        programme(
            study_credits=Decimal("6.0"),
            contact_hours=60,
            classroom_hours=40,
            delivery_modes=["evening"],
            leave_recognised_regions=["brussels", "flanders"],
        )
    )
    assert mapped.training == {
        "recognised_regions": ["flanders", "brussels"],
        "study_credits": 6.0,
        "contact_hours": 60.0,
        "physical_contact_hours": 40.0,
        "distance": "none",
        "total_hours": None,
    }
    empty = training_situation_for(programme()).training
    assert empty["distance"] is None and empty["contact_hours"] is None
    assert empty["recognised_regions"] == []


@pytest.mark.parametrize(
    ("modes", "contact", "classroom", "distance", "physical"),
    [
        (["distance"], None, None, "asynchronous", 0.0),
        (["distance"], 0, None, "asynchronous", 0.0),
        (["distance"], 40, None, "synchronous", 0.0),
        (["distance"], 40, 10, "synchronous", 10.0),
        (["blended"], 40, 20, None, 20.0),
        (["day", "distance"], 40, 20, None, 20.0),
        (["day", "workplace"], 40, 50, "none", None),  # classroom > contact: inconsistent
    ],
)
def test_distance_from_delivery_modes(modes, contact, classroom, distance, physical):
    mapped = training_situation_for(
        programme(delivery_modes=modes, contact_hours=contact, classroom_hours=classroom)
    ).training
    assert mapped["distance"] == distance
    assert mapped["physical_contact_hours"] == physical


def test_a_microdegree_inherits_no_recognition_but_gets_a_hint():
    parent = programme(leave_recognised_regions=["flanders", "brussels"])
    micro = programme(kind="microdegree", parent=parent, leave_recognised_regions=["brussels"])
    mapped = training_situation_for(micro)
    assert mapped.training["recognised_regions"] == ["brussels"]
    assert mapped.parent_recognised_regions == ["flanders"]
    assert training_situation_for(parent).parent_recognised_regions == []


def test_a_catalogue_programme_model_maps_too():
    parent = Programme(leave_recognised_regions=["flanders"], delivery_modes=["day"])
    micro = Programme(
        kind="microdegree",
        parent=parent,
        study_credits=Decimal("3.0"),
        contact_hours=30,
        classroom_hours=None,
        delivery_modes=["distance"],
        leave_recognised_regions=[],
    )
    mapped = training_situation_for(micro)
    assert mapped.training["distance"] == "synchronous"
    assert mapped.training["recognised_regions"] == []
    assert mapped.parent_recognised_regions == ["flanders"]


def random_programmes(count, seed):
    rng = random.Random(seed)
    modes = ["day", "evening", "distance", "blended", "workplace"]
    return [
        programme(
            study_credits=rng.choice([None, Decimal(3), Decimal(20), Decimal(60)]),
            contact_hours=rng.choice([None, 0, 20, 32, 40, 120, 300]),
            classroom_hours=rng.choice([None, 0, 10, 32, 80]),
            delivery_modes=rng.sample(modes, rng.randint(0, 3)),
            leave_recognised_regions=[r for r in ("flanders", "brussels") if rng.random() < 0.5],
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("date", ["2022-10-01", "2024-10-01"])
def test_one_person_many_programmes_equals_one_evaluation_per_programme(date):
    programmes = random_programmes(60, seed=len(date) + int(date[:4]))
    situation = {**WORKER, "date": date}
    answers = evaluate_for_programmes(situation, programmes)
    assert len(answers) == len(programmes)
    for item, answer in zip(programmes, answers, strict=True):
        training = {k: v for k, v in training_situation_for(item).training.items() if v is not None}
        single = evaluate({**situation, "training": {**WORKER["training"], **training}})
        for result in single["results"]:
            assert answer["eligible"][result["id"]] == result["eligible"], (item, result["id"])
            for key, spec in (result["entitlement"] or {}).items():
                if key != "note":
                    assert answer["entitlement"][result["id"]][key] == spec["value"], key


def test_the_persons_own_training_fields_are_replaced_by_the_programmes():
    situation = {**WORKER, "training": {**WORKER["training"], "contact_hours": 500}}
    [answer] = evaluate_for_programmes(
        situation, [programme(contact_hours=10, delivery_modes=["day"])]
    )
    [reference] = evaluate_for_programmes(
        WORKER, [programme(contact_hours=10, delivery_modes=["day"])]
    )
    assert answer == reference
