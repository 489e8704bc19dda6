"""The instruments command line: list, validate, score."""

from __future__ import annotations

import pytest

from trajectwijzer.cli import main
from trajectwijzer.instruments.definition import shipped_paths

from .test_definitions import VALID


def test_list_shows_every_shipped_definition(capsys):
    assert main(["instruments", "list"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "id,version,items,dimensions,audience,minutes"
    rows = {line.split(",")[0]: line for line in lines[1:]}
    assert len(rows) == 8
    assert rows["motivatiescan"] == "motivatiescan,1,39,7,learner,25"
    assert rows["intake"] == "intake,1,17,5,learner,10"


def test_validate_all_shipped(capsys):
    assert main(["instruments", "validate"]) == 0
    assert capsys.readouterr().out.count(": ok (") == len(shipped_paths()) == 8


def test_validate_a_broken_file_exits_2_with_file_line_and_reason(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(VALID, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        VALID.replace("items: [a, {item: b, reverse: true}, c]", "items: [a, zz]"), encoding="utf-8"
    )
    assert main(["instruments", "validate", str(good), str(bad)]) == 2
    captured = capsys.readouterr()
    assert f"{good}: ok" in captured.out
    assert f"{bad}:22: dimension d1: scores a missing item 'zz'" in captured.err


def test_score_prints_dimension_scores_per_respondent(tmp_path, capsys):
    definition = tmp_path / "demo.yaml"
    definition.write_text(VALID, encoding="utf-8")
    responses = tmp_path / "responses.csv"
    # a=4, b=x (score 1, reversed → 0), c=6 → (4 + 0 + 6) / 3; b=y hides c → (2 + 1) / 2
    responses.write_text("respondent,a,b,c\nann,4,x,6\nbob,2,y,9\n", encoding="utf-8")
    assert main(["instruments", "score", str(definition), "--responses", str(responses)]) == 0
    assert capsys.readouterr().out.splitlines() == ["respondent,d1", "ann,3.3333", "bob,1.5"]


def test_score_a_shipped_instrument_by_id(tmp_path, capsys):
    responses = tmp_path / "r.csv"
    responses.write_text("family,work,time,location,price,admission,health,age,schooling\n"
                         "stimulating,hindering,hindering,not_applicable,hindering,"
                         "not_applicable,not_applicable,stimulating,stimulating\n")  # fmt: skip
    assert main(["instruments", "score", "factor_interview", "--responses", str(responses)]) == 0
    header, row = capsys.readouterr().out.splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert values["balance"] == "0" and values["f_work"] == "-1" and values["f_location"] == ""


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("a,b,zz\n4,x,1\n", "unknown column(s) zz"),
        ("a,b,c\n9,x,1\n", "row 2, column a: “9” is outside the scale 1–5"),
        ("a,b,c\n4,x,\n", "row 2: no answer to c (incomplete, not scored)"),
    ],
)
def test_score_refuses_bad_rows(tmp_path, capsys, csv, message):
    definition = tmp_path / "demo.yaml"
    definition.write_text(VALID, encoding="utf-8")
    responses = tmp_path / "responses.csv"
    responses.write_text(csv, encoding="utf-8")
    assert main(["instruments", "score", str(definition), "--responses", str(responses)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.django_db
def test_sync_stores_every_shipped_definition_once(capsys):
    from trajectwijzer.instruments.models import InstrumentVersion

    assert main(["instruments", "sync"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "motivatiescan: version 1 (stored)" in out and len(out) == 8
    assert main(["instruments", "sync"]) == 0
    assert "intake: version 1 (unchanged)" in capsys.readouterr().out
    assert InstrumentVersion.objects.count() == 8
