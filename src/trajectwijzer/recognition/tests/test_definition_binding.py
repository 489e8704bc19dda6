"""Procedure definitions against the catalogue (bind check) and their stored versions."""

from __future__ import annotations

import pytest

from trajectwijzer.recognition.definition import DefinitionError
from trajectwijzer.recognition.models import ProcedureVersion, Request, StartedAs
from trajectwijzer.recognition.procedures import (
    current_version,
    procedure_for,
    sync_procedures,
)

from .conftest import DEADLINE_PROCEDURE, TEST_PROCEDURE
from .test_definition import _change, _line_of

BASE = TEST_PROCEDURE.read_text(encoding="utf-8")

# (case id, old, new, marker of the line the error names, part of the reason)
BIND_CASES = [
    (
        "unknown provider",
        "provider: rec-test-academy\n",
        "provider: nowhere-academy\n",
        "provider: nowhere-academy",
        "provider 'nowhere-academy' is not in the catalogue",
    ),
    (
        "unknown programme",
        "  programme: REC-TEST-PROG\n",
        "  programme: NO-SUCH-PROG\n",
        "programme: NO-SUCH-PROG",
        "target.programme 'NO-SUCH-PROG' is not in the catalogue",
    ),
    (
        "a programme of another provider",
        "  programme: REC-TEST-PROG\n",
        "  programme: REC-OTHER-PROG\n",
        "programme: REC-OTHER-PROG",
        "target.programme 'REC-OTHER-PROG' is offered by",
    ),
    (
        "unknown framework",
        "  framework: rec-test-framework\n",
        "  framework: no-such-framework\n",
        "framework: no-such-framework",
        "target.framework 'no-such-framework' is not in the catalogue",
    ),
    (
        "unknown qualification",
        "  framework: rec-test-framework\n",
        "  framework: rec-test-framework\n  qualification: no-such-qualification\n",
        "qualification: no-such-qualification",
        "target.qualification 'no-such-qualification' is not in the catalogue",
    ),
    (
        "a competence code the framework does not have",
        "  competences: [C1, C2, C3]\n",
        "  competences: [C1, C2, C3, C4]\n",
        "competences: [C1, C2, C3, C4]",
        "target.competences: 'C4' is not a competence of framework 'rec-test-framework'",
    ),
    (
        "a module code the programme does not have",
        "  modules: [M1, M2, STAGE, WPL]\n",
        "  modules: [M1, M2, STAGE, WPL, M5]\n",
        "modules: [M1, M2, STAGE, WPL, M5]",
        "target.modules: 'M5' is not a module of programme 'REC-TEST-PROG'",
    ),
    (
        "a whole exemption of a workplace-learning module",
        "  - module: STAGE\n",
        "  - module: STAGE\n    exempt_when: {passed: [portfolio]}\n",
        "- module: STAGE",
        "outcome STAGE: module 'STAGE' is workplace learning, which is never exempted",
    ),
    (
        "an outcome for a module that cannot be exempted",
        "certificate:\n",
        "  - module: WPL\n    partly_when: {passed: [portfolio]}\n    partly_hours: 5\n"
        "certificate:\n",
        "- module: WPL",
        "outcome WPL: module 'WPL' cannot be exempted",
    ),
    (
        "more partial hours than the module has",
        "    partly_hours: 10\n",
        "    partly_hours: 31\n",
        "- module: M2",
        "outcome M2: partly_hours (31) exceeds the module's 30 hours",
    ),
    (
        "internship weeks on a module that is not workplace learning",
        "    partly_hours: 10\n",
        "    internship_weeks_per_step: 2\n",
        "- module: M2",
        "outcome M2: internship weeks can only shorten a workplace-learning module",
    ),
    (
        "a quickscan naming an instrument that does not exist",
        "    type: intake\n",
        "    type: quickscan\n    instrument: no_such_scan\n",
        "instrument: no_such_scan",
        "step intake: instrument 'no_such_scan' is not a shipped instrument",
    ),
]


@pytest.mark.parametrize("case", BIND_CASES, ids=[c[0] for c in BIND_CASES])
def test_a_definition_that_does_not_match_the_catalogue_is_refused(
    case, recognition_world, tmp_path
):
    _name, old, new, marker, reason = case
    text = _change(BASE, old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    stored = ProcedureVersion.objects.count()
    with pytest.raises(DefinitionError) as caught:
        sync_procedures([DEADLINE_PROCEDURE, path])
    expected_line = _line_of(text, marker)
    assert any(
        source == str(path) and line == expected_line and reason in found
        for source, line, found in caught.value.problems
    ), caught.value.problems
    # All or nothing: the good file next to it was not stored either.
    assert ProcedureVersion.objects.count() == stored


def test_a_procedure_that_exempts_workplace_learning_says_so(recognition_world, tmp_path):
    text = _change(
        BASE, "  - module: STAGE\n", "  - module: STAGE\n    exempt_when: {passed: [portfolio]}\n"
    )
    text = _change(
        text,
        "decision_valid_years: 5\n",
        "decision_valid_years: 5\nexempts_workplace_learning: true\n",
    )
    path = tmp_path / "workplace.yaml"
    path.write_text(text, encoding="utf-8")
    [version] = sync_procedures([path])
    procedure = procedure_for(version)
    assert procedure.exempts_workplace_learning
    assert procedure.outcome_for("STAGE").whole


def test_an_unchanged_file_keeps_its_version(recognition_world):
    before = recognition_world.version
    count = ProcedureVersion.objects.count()
    [again, _deadline] = sync_procedures([TEST_PROCEDURE, DEADLINE_PROCEDURE])
    assert again.pk == before.pk
    assert ProcedureVersion.objects.count() == count
    assert current_version("rec-test") == before


def test_a_changed_file_becomes_a_new_version_and_requests_keep_theirs(recognition_world, tmp_path):
    w = recognition_world
    request = Request.objects.create(
        learner=w.learner,
        procedure_version=w.version,
        provider=w.provider,
        programme=w.programme,
        started_by=w.learner,
        started_as=StartedAs.LEARNER,
    )
    changed = tmp_path / "rec-test.yaml"
    changed.write_text(
        _change(BASE, "    max_duration_days: 30\n", "    max_duration_days: 45\n"),
        encoding="utf-8",
    )
    [new] = sync_procedures([changed])
    assert new.pk != w.version.pk
    assert (new.version, new.declared_version, new.is_current) == (2, 1, True)
    w.version.refresh_from_db()
    assert not w.version.is_current
    assert current_version("rec-test") == new
    assert procedure_for(new).step("portfolio").max_duration_days == 45
    request.refresh_from_db()
    assert request.procedure_version == w.version
    assert procedure_for(request.procedure_version).step("portfolio").max_duration_days == 30
    # Syncing the first file again makes its stored version current again: no new row.
    [back] = sync_procedures([TEST_PROCEDURE])
    assert back.pk == w.version.pk and back.is_current
    assert ProcedureVersion.objects.filter(procedure="rec-test").count() == 2


def test_a_higher_declared_version_numbers_the_new_version(recognition_world, tmp_path):
    path = tmp_path / "rec-test.yaml"
    path.write_text(
        _change(
            _change(BASE, "version: 1\n", "version: 7\n"),
            "    max_duration_days: 30\n",
            "    max_duration_days: 40\n",
        ),
        encoding="utf-8",
    )
    [new] = sync_procedures([path])
    assert (new.version, new.declared_version) == (7, 7)


def test_two_files_with_one_slug_are_refused(recognition_world, tmp_path):
    copy = tmp_path / "copy.yaml"
    copy.write_text(_change(BASE, "    max_duration_days: 30\n", "    max_duration_days: 31\n"))
    with pytest.raises(DefinitionError) as caught:
        sync_procedures([TEST_PROCEDURE, copy])
    assert (str(copy), 1) == caught.value.problems[0][:2]
    assert "slug 'rec-test' is also used by" in caught.value.problems[0][2]


def test_the_stored_version_reads_back_through_procedure_for(recognition_world):
    version = recognition_world.version
    procedure = procedure_for(version)
    assert procedure.slug == "rec-test" and procedure.checksum == version.checksum
    assert version.parsed().step_keys() == procedure.step_keys()
    assert version.provider == recognition_world.provider
