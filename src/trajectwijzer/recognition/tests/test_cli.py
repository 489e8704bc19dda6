"""``trajectwijzer recognition matrix import|export`` and ``propose``: output and exit codes."""

from __future__ import annotations

import datetime
import json

import pytest

from trajectwijzer.catalogue.models import Module
from trajectwijzer.cli import main
from trajectwijzer.recognition import matrix
from trajectwijzer.recognition.models import ExemptionRule, PriorQualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix_file(recognition_world, tmp_path):
    world = recognition_world
    o1 = Module.objects.get(programme=world.other_programme, code="O1")
    rows = [
        {
            "code": "B-VCA",
            "source_kind": "credential_type",
            "source_credential_type": "VCA",
            "target_module": matrix.module_reference(o1),
            "grant": "hours",
            "hours": 8,
            "valid_from": "2026-01-01",
            "maintained_by": world.other_provider.organisation.slug,
            "note": "EVK: VCA certificate",
        }
    ]
    path = tmp_path / "matrix.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


def test_matrix_import_export_and_propose(recognition_world, matrix_file, tmp_path, capsys):
    world = recognition_world
    assert main(["recognition", "matrix", "import", str(matrix_file), "--dry-run"]) == 0
    assert "Would have: 1 created" in capsys.readouterr().out
    assert not ExemptionRule.objects.exists()
    assert main(["recognition", "matrix", "import", str(matrix_file)]) == 0
    assert "1 created, 0 updated, 0 unchanged" in capsys.readouterr().out

    exported = tmp_path / "out.csv"
    assert main(["recognition", "matrix", "export", str(exported)]) == 0
    assert "Exported 1 exemption rules" in capsys.readouterr().err
    assert exported.read_text(encoding="utf-8").splitlines()[0] == ",".join(matrix.COLUMNS)
    assert main(["recognition", "matrix", "import", str(exported)]) == 0
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out

    PriorQualification.objects.create(
        learner=world.learner,
        kind="credential",
        title="VCA basis",
        obtained_on=datetime.date(2025, 1, 10),
        credential_type="VCA",
    )
    assert main(["recognition", "propose", world.learner.email.upper()]) == 0
    [proposal] = json.loads(capsys.readouterr().out)
    assert (proposal["rule"], proposal["module"], proposal["hours"]) == ("B-VCA", "O1", 8)
    assert proposal["provider"] == world.other_provider.slug
    assert proposal["source"]["label"] == "VCA basis"
    assert main(["recognition", "propose", world.other_learner.email]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["propose", "nobody@example.org"], "no active user with e-mail 'nobody@example.org'"),
        (["matrix", "import", "missing.csv"], "missing.csv: no such file"),
        (["matrix", "export", "--maintainer", "nope"], "no organisation with slug 'nope'"),
        (["matrix", "import", "rules.txt"], "cannot tell the format"),
    ],
)
def test_bad_input_exits_2_with_one_line(recognition_world, args, message, capsys):
    assert main(["recognition", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_invalid_matrix_file_exits_2_names_rows_and_imports_nothing(
    recognition_world, tmp_path, capsys
):
    world = recognition_world
    stage = world.modules["STAGE"]
    path = tmp_path / "bad.csv"
    path.write_text(
        ",".join(matrix.COLUMNS)
        + "\n"
        + f"OK,qualification,NOPE,,,,{matrix.module_reference(world.modules['M1'])},whole,,"
        f"2026-01-01,,false,,{world.organisation.slug}\n"
        + f"WPL,credential_type,,,VCA,,{matrix.module_reference(stage)},whole,,"
        f"2026-01-01,,false,,{world.organisation.slug}\n",
        encoding="utf-8",
    )
    assert main(["recognition", "matrix", "import", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("row 2, field source_qualification: no qualification")
    assert err[1].startswith("row 3, field target_module:") and "workplace learning" in err[1]
    assert err[-1] == "trajectwijzer: error: 2 of 2 rows have errors; nothing was imported"
    assert not ExemptionRule.objects.exists()
