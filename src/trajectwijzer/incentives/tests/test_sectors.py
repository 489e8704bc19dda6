"""Sector measures as data: the shipped files load, bad files are refused with the place."""

import copy
import re

import pytest
import yaml

from trajectwijzer.incentives import sectors
from trajectwijzer.incentives.labels import entitlement_label, incentive_name
from trajectwijzer.incentives.services import evaluate, incentive_definitions
from trajectwijzer.incentives.tests.test_evaluate import FULLY_KNOWN

PC314 = sectors.SECTOR_MEASURES_DIR / "pc314_opleidingsvergoeding.yaml"


def shipped() -> dict:
    return yaml.safe_load(PC314.read_text(encoding="utf-8"))


def test_every_shipped_measure_loads_and_is_keyed_by_a_joint_committee():
    measures = sectors.sector_measures()
    assert {m["id"] for m in measures} == {
        "sector_pc314_opleidingsvergoeding",
        "sector_pc200_cevora_opleidingspremie",
        "sector_pc112_educam_opleidingspremie",
    }
    assert {c for m in measures for c in m["joint_committees"]} == {
        "200",
        "314",
        "112",
        "149.02",
        "149.04",
    }


def test_sector_measures_are_incentives_like_the_others():
    ids = [i["id"] for i in incentive_definitions()]
    assert "sector_pc314_opleidingsvergoeding" in ids
    assert "sector_pc200_cevora_opleidingspremie" in ids


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.pop("references"), "top level: missing references"),
        (lambda m: m.update(colour="red"), "unknown key(s) colour"),
        (lambda m: m.update(id="pc314"), "id: a sector measure id starts with 'sector_'"),
        (lambda m: m.update(joint_committees=["31"]), "joint_committees"),
        (lambda m: m.update(beneficiary="state"), "beneficiary: allowed: worker, employer"),
        (
            lambda m: m["conditions"][1]["rule"].update(field="person.shoe_size"),
            "conditions[1].rule: unknown field 'person.shoe_size'",
        ),
        (
            lambda m: m["conditions"][1]["rule"].update({"in": ["astronaut"]}),
            "person.status has no value astronaut; allowed: employee",
        ),
        (
            lambda m: m["conditions"][3].update(rule={"field": "training.abroad", "in": [True]}),
            "'in' does not apply to the bool field training.abroad",
        ),
        (
            lambda m: m["conditions"][3].update(
                rule={"field": "training.total_hours", "at_least": "minimum_hours"}
            ),
            "at_least names an unknown parameter 'minimum_hours'",
        ),
        (
            lambda m: next(iter(m["parameters"]["max_per_calendar_year"]["values"].values())).pop(
                "reference"
            ),
            "every value needs its reference",
        ),
        (lambda m: m["name"].pop("fr"), "name: needs a text in each of nl, fr, en"),
        (lambda m: m["conditions"].pop(0), "one condition must test person.joint_committee"),
        (
            lambda m: m["entitlement"]["half_day_amount"].update(parameter="nothing"),
            "entitlement.half_day_amount: names one of the measure's parameters",
        ),
        (
            lambda m: m["conditions"][2].update(id="employee"),
            "the id 'employee' is used twice",
        ),
    ],
)
def test_a_bad_measure_is_refused_with_the_file_and_the_place(change, message):
    measure = copy.deepcopy(shipped())
    change(measure)
    with pytest.raises(sectors.SectorMeasureInvalid) as error:
        sectors.validate_measure(measure, "pc314_opleidingsvergoeding.yaml")
    assert str(error.value).startswith("pc314_opleidingsvergoeding.yaml: ")
    assert message in str(error.value)


def test_a_file_that_is_not_yaml_names_the_file(tmp_path):
    broken = tmp_path / "pc999_broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(
        sectors.SectorMeasureInvalid, match=re.escape("pc999_broken.yaml: not valid YAML")
    ):
        sectors.load_measure_file(broken)


def test_before_the_first_known_amount_the_entitlement_is_unknown_not_an_error():
    answer = evaluate(
        {
            "date": "2020-08-31",
            "person": {"joint_committee": "200", "status": "employee"},
            "employer": {"pays_training_cost": True},
        },
        "en",
    )
    premium = next(
        r for r in answer["results"] if r["id"] == "sector_pc200_cevora_opleidingspremie"
    )
    assert premium["eligible"] == "unknown"
    assert premium["entitlement"]["premium_per_hour_under_45"]["value"] is None


def test_the_joint_committee_is_asked_when_only_sector_measures_are_undecided():
    situation = copy.deepcopy(FULLY_KNOWN)
    del situation["person"]["joint_committee"]
    answer = evaluate(situation, "nl")
    undecided = {r["id"] for r in answer["results"] if r["eligible"] == "unknown"}
    assert undecided == {"sector_pc314_opleidingsvergoeding"}
    assert answer["next_question"]["field"] == "person.joint_committee"


@pytest.mark.parametrize(
    ("language", "name", "label"),
    [
        ("nl", "Opleidingsvergoeding PC 314", "Per halve dag"),
        ("fr", "Indemnité de formation CP 314", "Par demi-journée"),
        ("en", "Training allowance JC 314", "Per half day"),
    ],
)
def test_names_and_labels_come_from_the_measure_file_in_the_readers_language(language, name, label):
    from django.utils import translation

    with translation.override(language):
        assert incentive_name("sector_pc314_opleidingsvergoeding").startswith(name)
        assert entitlement_label("half_day_amount").startswith(label)
