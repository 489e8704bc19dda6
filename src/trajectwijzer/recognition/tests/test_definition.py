"""Procedure definition files: every kind of error refused with file, line and reason.

Each case changes one thing in the test procedure (``fixtures/rec-test.yaml``, or the
deadline one) and names the line the error must point at by a marker text on that line.
These checks need no database; the catalogue checks are in test_definition_binding.py.
"""

from __future__ import annotations

import copy
from dataclasses import asdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectwijzer.recognition.definition import (
    DefinitionError,
    Procedure,
    StepType,
    load_procedure,
    parse_procedure,
    procedure_from_raw,
)

from .conftest import DEADLINE_PROCEDURE, TEST_PROCEDURE

BASE = TEST_PROCEDURE.read_text(encoding="utf-8")
DEADLINE = DEADLINE_PROCEDURE.read_text(encoding="utf-8")
SOURCE = "procedures/broken.yaml"
DELETE = object()  # a change that removes the key or list item


def _line_of(text: str, marker: str) -> int:
    matches = [n for n, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(matches) == 1, f"marker {marker!r} must be on exactly one line: {matches}"
    return matches[0]


def _change(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


# (case id, base text, old, new, marker of the line the error names, part of the reason)
CASES = [
    (
        "unknown top-level key",
        BASE,
        "decision_valid_years: 5\n",
        "decision_valid_years: 5\ncolour: red\n",
        "colour: red",
        "procedure: unknown key 'colour'",
    ),
    (
        "unknown key in a step",
        BASE,
        "    max_duration_days: 14\n",
        "    max_duration_days: 14\n    weight: 2\n",
        "weight: 2",
        "step intake: unknown key 'weight'",
    ),
    (
        "unknown step type",
        BASE,
        "    type: portfolio\n",
        "    type: essay\n",
        "type: essay",
        "step portfolio: unknown step type 'essay' (allowed: " + ", ".join(StepType.ALL),
    ),
    (
        "duplicate step key",
        BASE,
        "  - key: practical\n",
        "  - key: portfolio\n",
        "key: portfolio",  # the second one: the first is "- key: portfolio" too, see below
        "step key 'portfolio' appears twice",
    ),
    (
        "a step assessing a competence not in the target",
        BASE,
        "    assesses: [C1, C2]\n",
        "    assesses: [C1, C9]\n",
        "assesses: [C1, C9]",
        "step portfolio: assesses C9, not a competence of the target "
        "(target competences: C1, C2, C3)",
    ),
    (
        "a decision rule naming a missing step",
        BASE,
        "    exempt_when: {passed: [practical]}\n",
        "    exempt_when: {passed: [practicum]}\n",
        "[practicum]",
        "outcome M2.exempt_when.passed names a missing step 'practicum'",
    ),
    (
        "a condition naming a later step",
        BASE,
        "    needed_when: {not_passed: [portfolio]}\n",
        "    needed_when: {not_passed: [jury]}\n",
        "not_passed: [jury]",
        "step practical.needed_when.not_passed names a missing step 'jury' "
        "(steps: intake, portfolio)",
    ),
    (
        "a certificate condition naming a missing step",
        BASE,
        "  when: {any_passed: [portfolio, practical]}\n",
        "  when: {any_passed: [portfolio, interview]}\n",
        "[portfolio, interview]",
        "certificate.when.any_passed names a missing step 'interview'",
    ),
    (
        "an outcome for a module not in the target",
        BASE,
        "  - module: M1\n",
        "  - module: M7\n",
        "module: M7",
        "outcome M7: module 'M7' is not in the target (target modules: M1, M2, STAGE, WPL)",
    ),
    (
        "two outcomes for one module",
        BASE,
        "  - module: STAGE\n",
        "  - module: M1\n",
        "  - module: M1\n    exempt_when: {any",  # placeholder, replaced below
        "outcome for module 'M1' appears twice",
    ),
    (
        "missing nl text",
        BASE,
        "    title: {nl: Portfolio, fr: Portfolio, en: Portfolio}\n",
        "    title: {fr: Portfolio, en: Portfolio}\n",
        "title: {fr: Portfolio, en: Portfolio}",
        "step portfolio.title: the Dutch text (nl) is missing",
    ),
    (
        "a text in an unknown language",
        BASE,
        "title: {nl: Testprocedure, fr: Procédure de test, en: Test procedure}\n",
        "title: {nl: Testprocedure, de: Testverfahren}\n",
        "de: Testverfahren",
        "procedure.title: unknown language(s) de",
    ),
    (
        "a scale without a passing value",
        DEADLINE,
        "        - {value: pass, passes: true,",
        "        - {value: pass, passes: false,",
        "      scale:",
        "step test.framework.scale has no passing value (passes: true)",
    ),
    (
        "a scale value without passes",
        BASE,
        "      - {value: good, passes: true,",
        "      - {value: good,",
        "{value: good,",
        "framework jury.scale: value 'good' needs passes: true or false",
    ),
    (
        "a scale with one value",
        DEADLINE,
        "        - {value: fail, passes: false, label: {nl: Niet geslaagd, fr: Échoué, "
        "en: Failed}}\n",
        "",
        "      scale:",
        "step test.framework.scale must list at least two values",
    ),
    (
        "a step naming an unknown framework",
        BASE,
        "    assesses: [C1, C2, C3]\n    framework: jury\n",
        "    assesses: [C1, C2, C3]\n    framework: panel\n",
        "framework: panel",
        "step practical: unknown framework 'panel' (define it under frameworks: jury)",
    ),
    (
        "a deadline on a day the month does not have",
        DEADLINE,
        "deadline: {kind: before_course_year, month: 9, day: 15}",
        "deadline: {kind: before_course_year, month: 2,\n  day: 30}",
        "  day: 30}",
        "deadline: month 2 has no day 30",
    ),
    (
        "a deadline of an unknown kind",
        DEADLINE,
        "deadline: {kind: before_course_year,",
        "deadline: {kind: after_course_year,",
        "after_course_year",
        "deadline.kind must be one of before_course_year, not 'after_course_year'",
    ),
    (
        "a deadline month out of range",
        DEADLINE,
        "month: 9, day: 15}",
        "month: 13, day: 15}",
        "month: 13",
        "deadline.month must be a whole number from 1 to 12, not 13",
    ),
    (
        "a partial exemption that does not say how much",
        BASE,
        "    partly_hours: 10\n",
        "",
        "    partly_when: {passed: [portfolio]}",
        "outcome M2: a partial exemption says how much",
    ),
    (
        "internship weeks cap below the weeks per step",
        BASE,
        "    internship_weeks_max: 6\n",
        "    internship_weeks_max: 2\n",
        "internship_weeks_max: 2",
        "outcome STAGE: internship_weeks_max (2) is below weeks_per_step (3)",
    ),
    (
        "an outcome granting nothing",
        BASE,
        "  - module: M1\n    exempt_when: {any_passed: [portfolio, practical]}\n",
        "  - module: M1\n",
        "  - module: M1",
        "outcome M1: grants nothing (give exempt_when and/or partly_when)",
    ),
    (
        "a step without a duration",
        BASE,
        "    max_duration_days: 7\n",
        "",
        "  - key: jury",
        "step jury: 'max_duration_days' is missing (a whole number)",
    ),
    (
        "a duration out of range",
        BASE,
        "    max_duration_days: 7\n",
        "    max_duration_days: 0\n",
        "max_duration_days: 0",
        "step jury.max_duration_days must be a whole number from 1 to 365, not 0",
    ),
    (
        "an unknown assessor role",
        BASE,
        "    assessor_role: jury_chair\n",
        "    assessor_role: janitor\n",
        "assessor_role: janitor",
        "step jury.assessor_role must be one of assessor, jury_chair, sector_assessor, "
        "not 'janitor'",
    ),
    (
        "an unknown deciding role",
        BASE,
        "deciding_role: jury_chair\n",
        "deciding_role: learner\n",
        "deciding_role: learner",
        "procedure.deciding_role must be one of assessor, jury_chair, sector_assessor, "
        "provider_admin, not 'learner'",
    ),
    (
        "a pass rule on competences for a step that assesses none",
        BASE,
        "    pass_rule: judged\n    max_duration_days: 7\n",
        "    pass_rule: all_competences\n    max_duration_days: 7\n",
        "pass_rule: all_competences",
        "step jury: pass_rule all_competences needs competences under assesses",
    ),
    (
        "a quickscan without its instrument",
        BASE,
        "    type: intake\n",
        "    type: quickscan\n",
        "  - key: intake",
        "step intake: a quickscan names its instrument",
    ),
    (
        "an instrument on a step that is not a quickscan",
        BASE,
        "    type: intake\n",
        "    type: intake\n    instrument: intake\n",
        "instrument: intake",
        "step intake: only a quickscan has an instrument",
    ),
    (
        "an unknown location",
        BASE,
        "    location: [campus, workplace]\n",
        "    location: [campus, moon]\n",
        "location: [campus, moon]",
        "step practical.location: 'moon' is not one of campus, workplace, online",
    ),
    (
        "a step for a module outside the target",
        DEADLINE,
        "    assesses: [C1]\n",
        "    assesses: [C1]\n    for_modules: [M2]\n",
        "for_modules: [M2]",
        "step test.for_modules: M2 not a module of the target (target modules: M1)",
    ),
    (
        "unknown grounds",
        BASE,
        "grounds: [evc, evk, professional]\n",
        "grounds: [evc, luck]\n",
        "grounds: [evc, luck]",
        "grounds: 'luck' is not one of evk, evc, professional",
    ),
    (
        "certificate competences outside the target",
        BASE,
        "  kind: competentiebewijs\n",
        "  kind: competentiebewijs\n  competences: [C1, C9]\n",
        "competences: [C1, C9]",
        "certificate: C9 not a competence of the target",
    ),
    (
        "an appeal term without an appeal",
        BASE,
        "appeal: {allowed: true, within_days: 30}\n",
        "appeal: {allowed: false, within_days: 30}\n",
        "appeal: {allowed: false",
        "appeal: within_days without allowed: true",
    ),
    (
        "a workplace flag that is not true or false",
        BASE,
        "decision_valid_years: 5\n",
        "decision_valid_years: 5\nexempts_workplace_learning: sometimes\n",
        "exempts_workplace_learning: sometimes",
        "procedure.exempts_workplace_learning must be true or false, not 'sometimes'",
    ),
    (
        "a version that is not a whole number",
        BASE,
        "version: 1\n",
        "version: one\n",
        "version: one",
        "procedure.version must be a whole number from 1 to 10000, not 'one'",
    ),
    (
        "a duplicate key",
        BASE,
        "version: 1\n",
        "version: 1\nversion: 2\n",
        "version: 2",
        "duplicate key 'version'",
    ),
    (
        "not valid YAML",
        BASE,
        "grounds: [evc, evk, professional]\n",
        "grounds: [evc, evk, professional\n",
        "target:",  # where the parser notices the missing ]
        "not valid YAML",
    ),
    (
        "a target without competences",
        BASE,
        "  competences: [C1, C2, C3]\n",
        "",
        "target:",
        "target.competences must list competence codes",
    ),
]


def _broken(case):
    name, base, old, new, marker, reason = case
    text = _change(base, old, new)
    if name == "two outcomes for one module":
        # STAGE's outcome now names M1 too: the error points at that (second) entry.
        return text, _line_of_nth(text, "  - module: M1", 2), reason
    if name == "duplicate step key":
        return text, _line_of_nth(text, "  - key: portfolio", 2), reason
    return text, _line_of(text, marker), reason


def _line_of_nth(text: str, marker: str, nth: int) -> int:
    matches = [n for n, line in enumerate(text.splitlines(), start=1) if marker in line]
    return matches[nth - 1]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_error_is_refused_with_file_line_and_reason(case):
    text, line, reason = _broken(case)
    with pytest.raises(DefinitionError) as caught:
        parse_procedure(text, SOURCE)
    problems = caught.value.problems
    assert any(
        source == SOURCE and found_line == line and reason in found_reason
        for source, found_line, found_reason in problems
    ), problems
    # The message lists every problem as file:line: reason.
    assert f"{SOURCE}:{line}: " in str(caught.value)


def test_every_problem_of_a_file_is_reported_at_once():
    text = _change(BASE, "    type: portfolio\n", "    type: essay\n")
    text = _change(text, "  - module: M1\n", "  - module: M7\n")
    with pytest.raises(DefinitionError) as caught:
        parse_procedure(text, SOURCE)
    lines = {line for _, line, _ in caught.value.problems}
    assert {_line_of(text, "type: essay"), _line_of(text, "module: M7")} <= lines


def test_the_test_procedure_reads_into_the_object_model():
    procedure = load_procedure(TEST_PROCEDURE)
    assert isinstance(procedure, Procedure)
    assert procedure.slug == "rec-test"
    assert procedure.step_keys() == ("intake", "portfolio", "practical", "jury")
    practical = procedure.step("practical")
    assert practical.type == StepType.PRACTICAL_ASSIGNMENT
    assert practical.needed_when.not_passed == ("portfolio",)
    assert practical.line == _line_of(BASE, "- key: practical")
    assert [v.value for v in practical.framework.scale if v.passes] == ["sufficient", "good"]
    assert [c.key for c in practical.framework.criteria] == ["quality", "safety"]
    m2 = procedure.outcome_for("M2")
    assert (m2.whole, m2.partly_hours, m2.partly_when.passed) == (True, 10, ("portfolio",))
    stage = procedure.outcome_for("STAGE")
    assert (stage.whole, stage.internship_weeks_per_step, stage.internship_weeks_max) == (
        False,
        3,
        6,
    )
    assert procedure.certificate.competences == ("C1", "C2", "C3")
    assert (procedure.appeal_allowed, procedure.appeal_within_days) == (True, 30)
    assert procedure.title.get("fr") == "Procédure de test"
    deadline = load_procedure(DEADLINE_PROCEDURE).deadline
    assert (deadline.kind, deadline.month, deadline.day) == ("before_course_year", 9, 15)


def test_a_stored_definition_reads_back_into_the_same_procedure():
    procedure = load_procedure(TEST_PROCEDURE)
    again = procedure_from_raw(procedure.raw, "stored")
    # The same procedure; only the line numbers are those of the stored copy.
    assert _without_lines(asdict(again)) == _without_lines(asdict(procedure))
    assert again.checksum == procedure.checksum


def _without_lines(value):
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in ("line", "lines")}
    if isinstance(value, list | tuple):
        return [_without_lines(v) for v in value]
    return value


def test_a_file_that_cannot_be_read_is_refused_with_its_path(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(DefinitionError) as caught:
        load_procedure(missing)
    assert caught.value.problems[0][:2] == (str(missing), 0)
    assert "cannot read" in caught.value.problems[0][2]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


_RAW = load_procedure(TEST_PROCEDURE).raw
_PLACES = [p for p in _paths(_RAW) if p]
_ODD_VALUES = st.sampled_from(
    [None, 0, -1, 3.5, "", "x", "intake", True, [], {}, ["x"], {"nl": 1}, [{"a": 1}], 10**9]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(
        st.tuples(st.sampled_from(_PLACES), st.one_of(st.just(DELETE), _ODD_VALUES)),
        min_size=1,
        max_size=3,
    )
)
def test_any_broken_definition_is_refused_with_reasons_never_a_crash(changes):
    raw = copy.deepcopy(_RAW)
    for path, value in changes:
        parent = raw
        try:
            for key in path[:-1]:
                parent = parent[key]
            if value is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = copy.deepcopy(value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced this place
    try:
        procedure = procedure_from_raw(raw, SOURCE)
    except DefinitionError as error:
        assert error.problems
        assert all(
            source == SOURCE and isinstance(line, int) and reason
            for source, line, reason in error.problems
        )
    else:
        assert isinstance(procedure, Procedure)
