"""Population simulation: vectorised counts equal row-by-row evaluation; bad CSV exits 2."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from trajectwijzer.cli import EXIT_INVALID_INPUT, main
from trajectwijzer.incentives.contract import FIELDS
from trajectwijzer.incentives.services import evaluate, incentive_definitions
from trajectwijzer.incentives.simulation import (
    PopulationInvalid,
    encode_rows,
    read_population,
    run,
    simulate_population,
)

EXAMPLE = Path(__file__).parents[1] / "data" / "examples" / "population.csv"
DATES = (dt.date(2022, 10, 1), dt.date(2024, 10, 1))


def expected_counts(rows, date):
    """Per incentive and education level, counted from one services.evaluate per row."""
    counts = {}
    for row in rows:
        situation = {"date": date.isoformat(), **{k: v for k, v in row.items() if v}}
        level = row["person"].get("education_level") or "unknown"
        for result in evaluate(situation)["results"]:
            counts.setdefault(result["id"], Counter())[(level, result["eligible"])] += 1
    return counts


@pytest.mark.parametrize("date", DATES)
def test_counts_of_the_example_population_equal_row_by_row_evaluation(date):
    rows = read_population(EXAMPLE.read_text(encoding="utf-8"), date)
    assert len(rows) == 16
    report = simulate_population(rows, date)
    expected = expected_counts(rows, date)
    assert [i["id"] for i in report["incentives"]] == [i["id"] for i in incentive_definitions()]
    for incentive in report["incentives"]:
        for level, outcomes in incentive["by_education_level"].items():
            for outcome, count in outcomes.items():
                assert count == expected[incentive["id"]][(level, outcome)], (
                    incentive["id"],
                    level,
                    outcome,
                )
        assert sum(incentive["total"].values()) == 16
    assert report["people_by_education_level"] == {"low": 6, "medium": 3, "high": 5, "unknown": 2}


def test_a_handmade_population_gives_known_counts():
    csv_text = (
        "person.status,person.education_level,person.workplace_region,person.sector\n"
        "self_employed,low,,\n"  # not an employee: no to every worker incentive
        "employee,high,flanders,private\n"
        ",,,\n"
    )
    date = dt.date(2024, 10, 1)
    report = simulate_population(read_population(csv_text, date), date)
    vov = next(i for i in report["incentives"] if i["id"] == "vlaams_opleidingsverlof")
    assert vov["by_education_level"]["low"] == {"yes": 0, "no": 1, "unknown": 0}
    assert vov["by_education_level"]["high"] == {"yes": 0, "no": 0, "unknown": 1}
    assert vov["by_education_level"]["unknown"] == {"yes": 0, "no": 0, "unknown": 1}
    assert vov["by_education_level"]["medium"] == {"yes": 0, "no": 0, "unknown": 0}


def _random_value(field, rng: random.Random):
    if rng.random() < 0.3:
        return None
    if field.kind == "choice":
        return rng.choice(field.choices)
    if field.kind == "bool":
        return rng.random() < 0.5
    if field.kind == "regions":
        return [r for r in field.choices if rng.random() < 0.5]
    if field.kind == "text":
        return rng.choice(["200", "314", "330.01"])
    if field.kind == "integer":
        return rng.choice([0, *field.probes, rng.randint(0, int(field.maximum))])
    return rng.choice(
        [*field.probes, round(rng.uniform(field.minimum, min(field.maximum, 300)), 1)]
    )


def random_population(count: int, seed: int):
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        row = {"person": {}, "employer": {}, "training": {}}
        for field in FIELDS:
            value = _random_value(field, rng)
            if value is not None:
                row[field.section][field.name] = value
        training = row["training"]
        if "physical_contact_hours" in training and "contact_hours" in training:
            training["physical_contact_hours"] = min(
                training["physical_contact_hours"], training["contact_hours"]
            )
        rows.append(row)
    return rows


@pytest.mark.parametrize("date", DATES)
def test_vectorised_equals_row_by_row_on_a_random_population(date):
    rows = random_population(150, seed=date.year)
    values = run(encode_rows(rows), len(rows), date)
    for index, row in enumerate(rows):
        answer = evaluate({"date": date.isoformat(), **row})
        for result in answer["results"]:
            eligible = {0: "no", 1: "unknown", 2: "yes"}[
                int(values[f"{result['id']}__eligible"][index])
            ]
            assert eligible == result["eligible"], (index, result["id"], row)
            for key, spec in (result["entitlement"] or {}).items():
                if key == "note":
                    continue
                vectorised = values[f"{result['id']}__{key}"][index]
                if spec["value"] is None:
                    assert vectorised != vectorised  # NaN
                else:
                    digits = 4 if spec["unit"] == "/1" else 2  # the contract's rounding
                    assert round(float(vectorised), digits) == pytest.approx(spec["value"]), key


def run_cli(argv, monkeypatch, capsys, stdin=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["incentives", "simulate", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.django_db
def test_cli_reports_text_and_json(monkeypatch, capsys):
    code, out, _ = run_cli(
        ["--population", str(EXAMPLE), "--date", "2024-10-01"], monkeypatch, capsys
    )
    assert code == 0
    assert "vlaams_opleidingsverlof" in out and "medium" in out
    code, out, _ = run_cli(
        ["--population", str(EXAMPLE), "--date", "2024-10-01", "--format", "json"],
        monkeypatch,
        capsys,
    )
    assert code == 0
    report = json.loads(out)
    assert report["people"] == 16 and report["date"] == "2024-10-01"


@pytest.mark.django_db
def test_invalid_rows_exit_2_naming_row_field_and_allowed_values(monkeypatch, capsys):
    csv_text = (
        "person.status,person.education_level,person.employment_fraction,training.recognised_regions\n"
        "employee,low,1,flanders\n"
        "boss,low,1.4,flanders|mars\n"
    )
    code, out, err = run_cli(
        ["--population", "-", "--date", "2024-10-01"], monkeypatch, capsys, csv_text
    )
    assert code == EXIT_INVALID_INPUT
    assert out == ""
    assert "row 2 (line 3), person.status" in err and "temp_agency_worker" in err
    assert "row 2 (line 3), person.employment_fraction" in err and "0 … 1" in err
    assert "row 2 (line 3), training.recognised_regions" in err
    assert "row 1" not in err


@pytest.mark.django_db
def test_unknown_column_and_bad_date_exit_2(monkeypatch, capsys):
    code, _, err = run_cli(
        ["--population", "-", "--date", "2024-10-01"], monkeypatch, capsys, "person.wage\n1\n"
    )
    assert code == EXIT_INVALID_INPUT and "person.wage" in err and "person.status" in err
    code, _, err = run_cli(
        ["--population", str(EXAMPLE), "--date", "2018-01-01"], monkeypatch, capsys
    )
    assert code == EXIT_INVALID_INPUT and "2019-09-01" in err


def test_read_population_raises_with_every_wrong_row():
    with pytest.raises(PopulationInvalid) as raised:
        read_population("person.seniority_months\n-1\n3.5\n12\n", dt.date(2024, 1, 1))
    assert [e["row"] for e in raised.value.errors] == [1, 2]


@pytest.mark.parametrize("date", DATES)
def test_an_incentive_with_a_condition_the_fields_cannot_express_is_never_yes(date):
    """expressible: false conditions stay unknown, so their incentive is at best unknown
    (KMO-portefeuille, staff-statute leave, federal leave, withholding-tax exemption)."""
    rows = random_population(400, seed=date.year + 7)
    values = run(encode_rows(rows), len(rows), date)
    capped = [
        incentive["id"]
        for incentive in incentive_definitions()
        if any(condition.get("expressible") is False for condition in incentive["conditions"])
    ]
    assert "vormingsverlof_vlaamse_overheid" in capped
    for incentive in capped:
        assert (values[f"{incentive}__eligible"] != 2).all(), incentive
