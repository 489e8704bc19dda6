"""Competence frameworks as data: ``trajectwijzer competences import/export``."""

from __future__ import annotations

import json

import pytest

from trajectwijzer.catalogue import frameworks_io
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Indicator,
    MasteryLevel,
    Module,
    Qualification,
)
from trajectwijzer.cli import main
from trajectwijzer.testing import make_programme

pytestmark = pytest.mark.django_db

ESCO = "http://data.europa.eu/esco/skill/0a1b2c3d-0000-0000-0000-000000000001"


@pytest.fixture
def catalogue():
    Qualification.objects.create(
        code="bk-kinderbegeleider", title="Kinderbegeleider", vks_level=4,
        kind="beroepskwalificatie",
    )  # fmt: skip
    programme = make_programme(external_id="KB-1", title="Kinderbegeleider")
    Module.objects.create(programme=programme, code="COM", title="Communicatie")
    Module.objects.create(programme=programme, code="WPL", title="Werkplekleren")
    return programme


def framework_record(**changes):
    record = {
        "code": "kb",
        "title": "Kinderbegeleider",
        "title_fr": "Accompagnateur",
        "qualification": "bk-kinderbegeleider",
        "levels": [{"rank": 1, "title": "Begeleid"}, {"rank": 2, "title": "Zelfstandig"}],
        "competences": [
            {
                "code": "COM",
                "title": "Communiceert met ouders",
                "esco_uri": ESCO,
                "indicators": [{"code": "COM.1", "title": "Bespreekt de dag met de ouder."}],
                "modules": ["KB-1#COM", "KB-1#WPL"],
            },
            {"code": "VEIL", "title": "Werkt veilig", "indicators": []},
        ],
    }
    record.update(changes)
    return record


def run(capsys, *args):
    code = main(["competences", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_creates_everything_and_a_second_import_changes_nothing(tmp_path, capsys, catalogue):
    path = tmp_path / "kb.json"
    path.write_text(json.dumps([framework_record()]), encoding="utf-8")
    assert run(capsys, "import", path)[:2] == (
        0,
        f"Imported {path}: 1 created, 0 updated, 0 unchanged.\n",
    )
    framework = CompetenceFramework.objects.get(code="kb")
    assert framework.qualification.code == "bk-kinderbegeleider"
    assert framework.translations == {"fr": {"title": "Accompagnateur"}}
    assert list(framework.levels.values_list("rank", "title")) == [
        (1, "Begeleid"),
        (2, "Zelfstandig"),
    ]
    com = framework.competences.get(code="COM")
    assert com.esco_uri == ESCO and com.position == 1
    assert sorted(com.modules.values_list("code", flat=True)) == ["COM", "WPL"]
    assert com.indicators.get().code == "COM.1"
    assert run(capsys, "import", path)[1].endswith("0 created, 0 updated, 1 unchanged.\n")


@pytest.mark.parametrize("file_format", ["json", "csv"])
def test_export_then_import_is_a_round_trip(tmp_path, capsys, catalogue, file_format):
    source = tmp_path / "kb.json"
    source.write_text(json.dumps([framework_record()]), encoding="utf-8")
    run(capsys, "import", source)
    exported = tmp_path / f"export.{file_format}"
    code, _out, err = run(capsys, "export", "kb", "-o", exported)
    assert code == 0 and "Exported framework kb" in err
    code, out, err = run(capsys, "import", exported)
    assert (code, err) == (0, "")
    assert out == f"Imported {exported}: 0 created, 0 updated, 1 unchanged.\n"


def test_csv_export_is_one_table_with_a_type_column(capsys, catalogue):
    frameworks_io.import_frameworks([(1, framework_record())])
    code, out, _err = run(capsys, "export", "kb", "--format", "csv")
    lines = out.splitlines()
    assert code == 0 and lines[0] == ",".join(frameworks_io.CSV_COLUMNS)
    assert [line.split(",")[0] for line in lines[1:]] == [
        "framework", "level", "level", "competence", "indicator", "competence",
    ]  # fmt: skip
    assert "KB-1#COM|KB-1#WPL" in out


def test_a_changed_title_is_an_update(capsys, catalogue):
    frameworks_io.import_frameworks([(1, framework_record())])
    changed = framework_record()
    changed["competences"][1]["title"] = "Werkt veilig en hygiënisch"
    result = frameworks_io.import_frameworks([(1, changed)])
    assert (result.created, result.updated, result.unchanged) == ([], ["kb"], [])
    assert Competence.objects.get(code="VEIL").title == "Werkt veilig en hygiënisch"


def test_every_error_is_reported_by_row_and_field_and_nothing_is_imported(
    tmp_path, capsys, catalogue
):
    good = framework_record(code="good")
    good["competences"][0]["modules"] = []
    bad = framework_record(code="bad", qualification="bk-onbekend")
    bad["levels"] = [{"rank": 0, "title": "Nul"}, {"rank": 2, "title": ""}]
    bad["competences"][0].update(esco_uri="https://example.org/skill", modules=["KB-1#XYZ"])
    bad["competences"][1]["code"] = "COM"
    path = tmp_path / "frameworks.json"
    path.write_text(json.dumps([good, bad, "oops"]), encoding="utf-8")
    code, out, err = run(capsys, "import", path)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "row 2, field qualification: no qualification with code 'bk-onbekend'",
        "row 2, field levels[1].rank: 0 is not allowed (allowed: 1–20)",
        "row 2, field levels[2].title: required",
        "row 2, field competences[1].esco_uri: an ESCO URI starts with http://data.europa.eu/esco/ "
        "('https://example.org/skill' given)",
        "row 2, field competences[2].code: 'COM' appears twice in this framework",
        "row 3: expected an object with framework fields, found text",
        "trajectwijzer: error: 2 rows have errors; nothing was imported",
    ]
    assert not CompetenceFramework.objects.exists() and not MasteryLevel.objects.exists()


def test_unknown_module_and_foreign_framework_are_refused(catalogue):
    other = CompetenceFramework.objects.create(code="other", title="Other")
    catalogue.framework = other
    catalogue.save()
    record = framework_record()
    record["competences"][0]["modules"] = ["KB-1#COM"]
    result = frameworks_io.import_frameworks([(1, record)])
    assert [str(e) for e in result.errors] == [
        "row 1, field competences[1].modules: programme 'KB-1' uses framework 'other', not 'kb'"
    ]
    record["competences"][0]["modules"] = ["KB-1"]
    result = frameworks_io.import_frameworks([(1, record)])
    assert "allowed: PROGRAMME_EXTERNAL_ID#MODULE_CODE" in str(result.errors[0])


def test_csv_errors_name_the_line(tmp_path, capsys, catalogue):
    path = tmp_path / "kb.csv"
    path.write_text(
        "type,framework,competence,code,rank,title\n"
        "framework,kb,,,,Kinderbegeleider\n"
        "level,kb,,,x,Begeleid\n"
        "competence,kb,,COM,,Communiceert\n"
        "indicator,kb,NOPE,N.1,,Iets\n"
        "skill,kb,,,,Iets\n"
        "level,zz,,,1,Los\n",
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "import", path)
    assert code == 2
    assert err.splitlines() == [
        "row 3, field levels[1].rank: 'x' is not allowed (allowed: 1–20)",
        "row 5, field competence: no competence 'NOPE' of framework 'kb' above this row",
        "row 6, field type: 'skill' is not allowed "
        "(allowed: framework, level, competence, indicator)",
        "row 7, field framework: no framework row for 'zz' above this row",
        "trajectwijzer: error: 4 rows have errors; nothing was imported",
    ]
    assert not CompetenceFramework.objects.exists() and not Indicator.objects.exists()


def test_file_level_problems_exit_2(tmp_path, capsys):
    missing = tmp_path / "missing.json"
    assert run(capsys, "import", missing)[0] == 2
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    code, _out, err = run(capsys, "import", broken)
    assert code == 2 and "is not valid JSON" in err
    columns = tmp_path / "columns.csv"
    columns.write_text("type,framework,title,colour\n", encoding="utf-8")
    code, _out, err = run(capsys, "import", columns)
    assert code == 2 and "unknown column(s) colour" in err
    code, _out, err = run(capsys, "export", "nope")
    assert code == 2 and "no framework with code 'nope'" in err


def test_dry_run_writes_nothing(tmp_path, capsys, catalogue):
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(framework_record()), encoding="utf-8")  # one object is fine too
    code, out, _err = run(capsys, "import", path, "--dry-run")
    assert (
        code == 0
        and out == "Dry run, nothing written. Would have: 1 created, 0 updated, 0 unchanged.\n"
    )
    assert not CompetenceFramework.objects.exists()
