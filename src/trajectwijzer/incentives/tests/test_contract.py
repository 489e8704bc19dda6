"""The same case files through the CLI and the API: one contract, two adapters."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from trajectwijzer.cli import EXIT_INVALID_INPUT, main

CASES = sorted((Path(__file__).parent / "contract_cases").glob("*.json"))
ADAPTERS = ("cli", "api")


def run_cli(case: dict, monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(case["input"])))
    code = main(["incentives", "evaluate", "-", "--lang", case["lang"]])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_answer(case: dict, answer: dict) -> None:
    expect = case["expect"]
    results = {result["id"]: result for result in answer["results"]}
    assert answer["date"] == case["input"]["date"]
    for incentive, eligible in expect["eligible"].items():
        assert results[incentive]["eligible"] == eligible, incentive
    for incentive, amounts in expect.get("entitlement", {}).items():
        for key, value in amounts.items():
            assert results[incentive]["entitlement"][key]["value"] == value, (incentive, key)
    question = answer["next_question"]
    assert (question and question["field"]) == expect["next_question"]
    assert len(answer["warnings"]) == expect["warnings"]


@pytest.mark.django_db
@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_case_file(path: Path, adapter: str, client, monkeypatch, capsys):
    case = json.loads(path.read_text(encoding="utf-8"))
    invalid = case["expect"].get("invalid")
    if adapter == "cli":
        code, out, err = run_cli(case, monkeypatch, capsys)
        if invalid:
            assert code == EXIT_INVALID_INPUT
            for field, allowed in invalid.items():
                assert field in err and allowed in err
            return
        assert code == 0, err
        check_answer(case, json.loads(out))
        return
    response = client.post(
        f"/api/v1/incentives/evaluate?lang={case['lang']}",
        data=json.dumps(case["input"]),
        content_type="application/json",
    )
    if invalid:
        assert response.status_code == 422
        errors = {error["field"]: error["allowed"] for error in response.json()["errors"]}
        assert errors == invalid
        return
    assert response.status_code == 200, response.content
    check_answer(case, response.json())
