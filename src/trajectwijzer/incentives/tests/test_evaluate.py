"""The evaluation service: contract validation, the shipped schema, data hygiene, robustness."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectwijzer.incentives.contract import FIELDS, SCHEMA_PATH, SituationInvalid, json_schema
from trajectwijzer.incentives.services import evaluate, incentive_definitions
from trajectwijzer.incentives.system import PARAMETERS_DIR, tax_benefit_system
from trajectwijzer.incentives.texts import LANGUAGES, load

FULLY_KNOWN = {
    "date": "2024-10-01",
    "person": {
        "residence": "flanders",
        "moved_from_eu_eea": False,
        "status": "employee",
        "receives_unemployment_benefit": False,
        "contract": "employment",
        "sector": "private",
        "workplace_region": "flanders",
        "employment_fraction": 1,
        "schedule": "fixed",
        "seniority_months": 24,
        "education_level": "medium",
        "career_guidance_in_last_6_years": False,
        "joint_committee": "200",
    },
    "employer": {
        "is_sme": True,
        "headcount": 40,
        "region": "flanders",
        "pays_training_cost": False,
        "bears_full_wage_cost": True,
        "initiative": "employee",
    },
    "training": {
        "recognised_regions": ["flanders"],
        "in_personal_development_plan": False,
        "study_credits": 0,
        "contact_hours": 80,
        "physical_contact_hours": 80,
        "distance": "none",
        "during_working_hours": False,
        "abroad": False,
        "total_hours": 80,
    },
}


def test_a_fully_known_situation_decides_every_condition():
    answer = evaluate(FULLY_KNOWN, "en")
    eligible = {r["id"]: r["eligible"] for r in answer["results"]}
    assert eligible == {
        "vlaams_opleidingsverlof": "yes",
        "opleidingscheques": "yes",
        "betaald_educatief_verlof_brussel": "no",
        "conge_education_paye_wallonie": "no",
        "sector_pc200_cevora_opleidingspremie": "no",  # the employer does not pay
        "sector_pc314_opleidingsvergoeding": "no",  # joint committee 200
        "sector_pc112_educam_opleidingspremie": "no",  # joint committee 200
        "kmo_portefeuille": "no",  # the employer does not pay for the training
        "tijdskrediet_opleiding": "no",  # 80 hours is below even 120 hours a quarter
        "vlaams_opleidingskrediet": "no",  # no time credit for training
        "vlaams_zorgkrediet": "no",  # private sector
        "premie_werkplekleren_werkgever": "no",  # an employment contract, not an apprenticeship
        "vormingsverlof_vlaamse_overheid": "no",
        "verlof_opleiding_federale_overheid": "no",
        "individueel_opleidingsrecht": "yes",  # private employer with 40 workers
        "vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding": "no",  # cost not paid
        "vov_terugbetaling_werkgever": "yes",  # follows the worker's VOV
    }
    # Conditions the contract cannot express (expressible: false) stay unknown.
    not_expressible = {
        (incentive["id"], condition["id"])
        for incentive in incentive_definitions()
        for condition in incentive["conditions"]
        if condition.get("expressible") is False
    }
    # A condition the fields express only in part may also stay unknown: an
    # Opleidingsdatabank training opens the training-credit premium only if it is also
    # qualifying (not expressible), and this worker has no personal development plan.
    partly_expressible = {("vlaams_opleidingskrediet", "labour_market_training")}
    assert all(
        (c["met"] is None) == ((r["id"], c["id"]) in not_expressible | partly_expressible)
        for r in answer["results"]
        for c in r["conditions"]
    )
    assert answer["next_question"] is None
    assert answer["results"][2]["entitlement"] is None


def test_an_unanswered_field_makes_its_conditions_unknown_not_failed():
    situation = json.loads(json.dumps(FULLY_KNOWN))
    situation["person"]["employment_fraction"] = None
    result = evaluate(situation, "en")["results"][0]
    conditions = {c["id"]: c["met"] for c in result["conditions"]}
    assert conditions["employment_fraction"] is None
    assert result["eligible"] == "unknown"
    assert result["entitlement"]["max_hours_per_school_year"]["value"] is None


def test_texts_follow_the_language():
    for language in LANGUAGES:
        answer = evaluate({"date": "2024-10-01"}, language)
        expected = load("incentives")["incentives"][0]["how_to_apply"][language]
        assert answer["results"][0]["how_to_apply"] == expected
        assert answer["next_question"]["question"]


def test_a_date_after_the_checked_rules_uses_the_latest_rules_and_warns():
    answer = evaluate({**FULLY_KNOWN, "date": "2031-01-01"}, "en")
    assert len(answer["warnings"]) == 1
    assert "2026-08-31" in answer["warnings"][0]
    assert answer["results"][0]["entitlement"]["max_hours_per_school_year"]["value"] == 125


@pytest.mark.parametrize(
    ("situation", "field"),
    [
        ({"person": {"employment_fraction": 1.4}}, "person.employment_fraction"),
        ({"training": {"contact_hours": -1}}, "training.contact_hours"),
        ({"training": {"recognised_regions": ["flanders", "mars"]}}, "training.recognised_regions"),
        ({"person": {"moved_from_eu_eea": "yes"}}, "person.moved_from_eu_eea"),
        ({"person": {"joint_committee": "PC 200"}}, "person.joint_committee"),
        (
            {"training": {"contact_hours": 10, "physical_contact_hours": 20}},
            "training.physical_contact_hours",
        ),
        ({"date": "next week"}, "date"),
        ({"employer": []}, "employer"),
    ],
)
def test_invalid_values_are_rejected_with_the_field_named(situation, field):
    with pytest.raises(SituationInvalid) as invalid:
        evaluate(situation, "fr")
    assert field in [error["field"] for error in invalid.value.errors]


def test_the_shipped_json_schema_is_the_contract():
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == json_schema()


def test_every_parameter_has_a_description_and_an_official_reference():
    for path in PARAMETERS_DIR.rglob("*.yaml"):
        if path.name == "index.yaml":
            continue
        parameter = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert parameter["description"], path
        assert all(url.startswith("https://") for url in parameter["reference"]), path
        for value in parameter["values"].values():
            assert value["reference"].startswith("https://"), path


def test_every_incentive_has_its_variables_and_texts_in_every_language():
    variables = tax_benefit_system().variables
    questions = load("texts")["questions"]
    assert set(questions) == {field.path for field in FIELDS}
    for incentive in incentive_definitions():
        assert f"{incentive['id']}__eligible" in variables
        for condition in incentive["conditions"]:
            assert f"{incentive['id']}__{condition['id']}" in variables
            assert set(condition["text"]) == set(LANGUAGES)
        for key in incentive["entitlement"]:
            assert f"{incentive['id']}__{key}" in variables
        assert set(incentive["how_to_apply"]) == set(LANGUAGES)


def _value(field) -> st.SearchStrategy:
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "regions":
        return st.lists(st.sampled_from(field.choices), unique=True)
    if field.kind == "text":
        return st.sampled_from(["200", "314", "330.01"])
    if field.kind == "integer":
        return st.integers(int(field.minimum), int(field.maximum))
    return st.floats(field.minimum, field.maximum)


def _section(section: str) -> st.SearchStrategy:
    fields = [field for field in FIELDS if field.section == section]
    return st.fixed_dictionaries(
        {}, optional={field.name: st.none() | _value(field) for field in fields}
    ).filter(
        lambda values: (
            (values.get("physical_contact_hours") or 0)
            # contact_hours 0 is a value, not "no limit" (``or`` would make it inf)
            <= (float("inf") if values.get("contact_hours") is None else values["contact_hours"])
        )
    )


situations = st.fixed_dictionaries(
    {},
    optional={
        "date": st.dates(dt.date(2019, 9, 1), dt.date(2032, 12, 31)).map(dt.date.isoformat),
        "person": _section("person"),
        "employer": _section("employer"),
        "training": _section("training"),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations, st.sampled_from(LANGUAGES))
def test_any_valid_situation_is_answered_in_the_output_contract(situation, language):
    answer = evaluate(situation, language)
    assert {"date", "results", "next_question", "warnings"} == set(answer)
    for result in answer["results"]:
        assert result["eligible"] in {"yes", "no", "unknown"}
        conditions = [c["met"] for c in result["conditions"]]
        if result["eligible"] == "yes":
            assert all(conditions)
        if result["eligible"] == "no":
            assert False in conditions
    json.dumps(answer, allow_nan=False)


def test_case_files_exist_for_both_adapters():
    assert len(list((Path(__file__).parent / "contract_cases").glob("*.json"))) >= 5
