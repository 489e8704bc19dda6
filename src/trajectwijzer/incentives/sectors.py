"""Sector measures as data: one YAML file per measure in ``sector_measures/``.

Sectors (joint committees, paritaire comités) run many small training measures through
their social funds. They change often and each is simple, so they are not written as
Python variables like the regional schemes: a measure file names its joint committees,
its conditions in a small rule language over the input contract, its dated parameters
(each value with the reference it comes from) and its entitlement. This module checks
the files when they are loaded and turns each measure into OpenFisca variables and a
parameter node, so sector measures are evaluated, vectorised and tested exactly like the
other incentives (``tests/openfisca/sector_*.yaml``).

Rule language of a condition's ``rule`` (``docs/incentives.md`` documents it):

- ``{field: person.status, in: [employee]}`` — a choice or text field has one of the
  values; for ``person.joint_committee`` a sub-committee (``200.01``) matches its
  parent (``200``);
- ``{field: training.during_working_hours, is: false}`` — a yes/no field;
- ``{field: training.total_hours, at_least: 76}`` or ``at_least: <parameter name>``;
- ``{all_of: [rule, …]}``, ``{any_of: [rule, …]}``, ``{not: rule}``;
- ``not_expressible`` — the contract cannot answer it: always unknown, and the
  sentence says where to check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from . import kleene
from .contract import FIELDS_BY_PATH
from .entities import Worker
from .texts import LANGUAGES
from .variables.reading import at_least, choice_in, is_true, not_expressible, number

SECTOR_MEASURES_DIR = Path(__file__).parent / "sector_measures"
ID_PREFIX = "sector_"
BENEFICIARIES = ("worker", "employer")
MEASURE_KEYS = {
    "id",
    "joint_committees",
    "beneficiary",
    "name",
    "conditions",
    "parameters",
    "entitlement",
    "entitlement_note",
    "how_to_apply",
    "references",
    "checked_on",
    "review_by",
}
NOT_EXPRESSIBLE = "not_expressible"


class SectorMeasureInvalid(ValueError):
    """A measure file that cannot be used; the message names the file and the place."""


@dataclass(frozen=True)
class _Context:
    file: str
    parameters: set[str]

    def fail(self, where: str, message: str) -> SectorMeasureInvalid:
        return SectorMeasureInvalid(f"{self.file}: {where}: {message}")


def _texts(value: Any, where: str, context: _Context) -> None:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise context.fail(where, f"needs a text in each of {', '.join(LANGUAGES)}")
    for language in LANGUAGES:
        if not isinstance(value[language], str) or not value[language].strip():
            raise context.fail(f"{where}.{language}", "must be a non-empty text")


def _check_rule(rule: Any, where: str, context: _Context) -> None:
    if rule == NOT_EXPRESSIBLE:
        return
    if not isinstance(rule, dict):
        raise context.fail(where, f"a rule is a mapping or {NOT_EXPRESSIBLE!r}")
    if "all_of" in rule or "any_of" in rule:
        key = "all_of" if "all_of" in rule else "any_of"
        if set(rule) != {key} or not isinstance(rule[key], list) or not rule[key]:
            raise context.fail(where, f"{key} takes a non-empty list of rules and nothing else")
        for index, operand in enumerate(rule[key]):
            _check_rule(operand, f"{where}.{key}[{index}]", context)
        return
    if "not" in rule:
        if set(rule) != {"not"}:
            raise context.fail(where, "not takes one rule and nothing else")
        _check_rule(rule["not"], f"{where}.not", context)
        return
    path = rule.get("field")
    field = FIELDS_BY_PATH.get(path)
    if field is None:
        raise context.fail(where, f"unknown field {path!r}; allowed: {', '.join(FIELDS_BY_PATH)}")
    tests = set(rule) - {"field"}
    if len(tests) != 1:
        raise context.fail(where, "a field rule has exactly one of: in, is, at_least")
    (test,) = tests
    value = rule[test]
    if test == "in" and field.kind in ("choice", "text"):
        if not isinstance(value, list) or not value:
            raise context.fail(where, "in takes a non-empty list")
        if field.kind == "choice":
            unknown = [v for v in value if v not in field.choices]
            if unknown:
                raise context.fail(
                    where,
                    f"{path} has no value {', '.join(map(str, unknown))}; "
                    f"allowed: {', '.join(field.choices)}",
                )
        return
    if test == "is" and field.kind == "bool":
        if not isinstance(value, bool):
            raise context.fail(where, "is takes true or false")
        return
    if test == "at_least" and field.kind in ("number", "integer"):
        if isinstance(value, str):
            if value not in context.parameters:
                raise context.fail(where, f"at_least names an unknown parameter {value!r}")
        elif not isinstance(value, int | float) or isinstance(value, bool):
            raise context.fail(where, "at_least takes a number or a parameter name")
        return
    raise context.fail(where, f"{test!r} does not apply to the {field.kind} field {path}")


def _check_parameters(parameters: Any, context: _Context) -> None:
    if not isinstance(parameters, dict):
        raise context.fail("parameters", "must map names to dated values")
    for name, parameter in parameters.items():
        where = f"parameters.{name}"
        values = parameter.get("values") if isinstance(parameter, dict) else None
        if not isinstance(values, dict) or not values:
            raise context.fail(where, "needs dated values")
        for date, entry in values.items():
            if not isinstance(date, dt.date):
                raise context.fail(f"{where}.values", f"{date!r} is not a date (YYYY-MM-DD)")
            if not isinstance(entry, dict) or not entry.get("reference"):
                raise context.fail(
                    f"{where}.values.{date}", "every value needs its reference (the source)"
                )
            if not isinstance(entry.get("value"), int | float):
                raise context.fail(f"{where}.values.{date}", "value must be a number")


def validate_measure(measure: Any, file: str) -> dict[str, Any]:
    """The measure if it is usable, else SectorMeasureInvalid naming the file and place."""
    context = _Context(file, set())
    if not isinstance(measure, dict):
        raise context.fail("top level", "a measure file holds one mapping")
    missing = MEASURE_KEYS - set(measure)
    extra = set(measure) - MEASURE_KEYS
    if missing:
        raise context.fail("top level", f"missing {', '.join(sorted(missing))}")
    if extra:
        raise context.fail("top level", f"unknown key(s) {', '.join(sorted(extra))}")
    if not str(measure["id"]).startswith(ID_PREFIX):
        raise context.fail("id", f"a sector measure id starts with {ID_PREFIX!r}")
    committees = measure["joint_committees"]
    pattern = FIELDS_BY_PATH["person.joint_committee"].pattern
    if not committees or not all(isinstance(c, str) and re.match(pattern, c) for c in committees):
        raise context.fail("joint_committees", "a list of committee numbers such as '200'")
    if measure["beneficiary"] not in BENEFICIARIES:
        raise context.fail("beneficiary", f"allowed: {', '.join(BENEFICIARIES)}")
    _texts(measure["name"], "name", context)
    _texts(measure["entitlement_note"], "entitlement_note", context)
    _texts(measure["how_to_apply"], "how_to_apply", context)
    _check_parameters(measure["parameters"], context)
    context.parameters.update(measure["parameters"])
    conditions = measure["conditions"]
    if not isinstance(conditions, list) or not conditions:
        raise context.fail("conditions", "needs at least one condition")
    seen: set[str] = set()
    for index, condition in enumerate(conditions):
        where = f"conditions[{index}]"
        if not isinstance(condition, dict) or not condition.get("id"):
            raise context.fail(where, "a condition has an id, a rule and a text")
        if condition["id"] in seen or condition["id"] in ("eligible", *measure["entitlement"]):
            raise context.fail(where, f"the id {condition['id']!r} is used twice")
        seen.add(condition["id"])
        _check_rule(condition.get("rule"), f"{where}.rule", context)
        _texts(condition.get("text"), f"{where}.text", context)
    if not any(
        isinstance(c["rule"], dict) and c["rule"].get("field") == "person.joint_committee"
        for c in conditions
    ):
        raise context.fail("conditions", "one condition must test person.joint_committee")
    for key, spec in measure["entitlement"].items():
        where = f"entitlement.{key}"
        if not isinstance(spec, dict) or spec.get("parameter") not in context.parameters:
            raise context.fail(where, "names one of the measure's parameters")
        if not spec.get("unit"):
            raise context.fail(where, "needs a unit")
        _texts(spec.get("label"), f"{where}.label", context)
    if not measure["references"]:
        raise context.fail("references", "at least one official source")
    for key in ("checked_on", "review_by"):
        if not isinstance(measure[key], dt.date):
            raise context.fail(key, "a date, YYYY-MM-DD")
    return measure


def load_measure_file(path: Path) -> dict[str, Any]:
    try:
        measure = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SectorMeasureInvalid(f"{path.name}: not valid YAML: {error}") from error
    return validate_measure(measure, path.name)


@cache
def sector_measures() -> tuple[dict[str, Any], ...]:
    """Every shipped measure, validated, in file-name order; ids are unique."""
    measures = tuple(load_measure_file(path) for path in sorted(SECTOR_MEASURES_DIR.glob("*.yaml")))
    ids = [m["id"] for m in measures]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise SectorMeasureInvalid(f"sector measure id(s) used twice: {', '.join(duplicates)}")
    return measures


def incentive_definition(measure: dict[str, Any]) -> dict[str, Any]:
    """The measure in the shape of an entry of ``data/incentives.yaml``."""
    return {
        "id": measure["id"],
        "beneficiary": measure["beneficiary"],
        "conditions": [
            {
                "id": c["id"],
                "text": c["text"],
                **({"expressible": False} if c["rule"] == NOT_EXPRESSIBLE else {}),
            }
            for c in measure["conditions"]
        ],
        "entitlement": {
            key: {"unit": spec["unit"]} for key, spec in measure["entitlement"].items()
        },
        "entitlement_note": measure["entitlement_note"],
        "how_to_apply": measure["how_to_apply"],
        "references": measure["references"],
        "checked_on": measure["checked_on"],
        "review_by": measure["review_by"],
    }


# Evaluation -------------------------------------------------------------------------


def _text_in(worker, period, path: str, values: list[str]) -> kleene.KleeneArray:
    field = FIELDS_BY_PATH[path]
    answers = np.asarray(worker(field.variable, period), dtype=object)
    known = np.asarray(worker(field.known_variable, period), dtype=bool)
    wanted = set(values)
    if path == "person.joint_committee":
        matches = [str(a).split(".")[0] in wanted or a in wanted for a in answers]
    else:
        matches = [a in wanted for a in answers]
    return kleene.from_known_bool(np.array(matches, dtype=bool), known)


def _evaluate(rule: Any, worker, period, parameters: Callable[[str], float]) -> kleene.KleeneArray:
    if rule == NOT_EXPRESSIBLE:
        return not_expressible(worker)
    if "all_of" in rule:
        return kleene.all_of(*(_evaluate(r, worker, period, parameters) for r in rule["all_of"]))
    if "any_of" in rule:
        return kleene.any_of(*(_evaluate(r, worker, period, parameters) for r in rule["any_of"]))
    if "not" in rule:
        return kleene.negation(_evaluate(rule["not"], worker, period, parameters))
    path = rule["field"]
    field = FIELDS_BY_PATH[path]
    if "in" in rule:
        if field.kind == "text":
            return _text_in(worker, period, path, rule["in"])
        return choice_in(worker, period, path, *rule["in"])
    if "is" in rule:
        met = is_true(worker, period, path)
        return met if rule["is"] else kleene.negation(met)
    threshold = rule["at_least"]
    if isinstance(threshold, str):
        threshold = parameters(threshold)
    if np.isnan(threshold):
        return np.full(worker.count, kleene.UNKNOWN, dtype=np.int8)
    return at_least(number(worker, period, path), threshold)


def _parameter_value(parameters, period, measure_id: str, name: str) -> float:
    """The parameter's value on the day, NaN (unknown) before its first known value."""
    try:
        return float(getattr(getattr(parameters(period), measure_id), name))
    except ParameterNotFoundError:
        return np.nan


def _condition_variable(measure: dict[str, Any], condition: dict[str, Any]) -> type[Variable]:
    measure_id = measure["id"]
    rule = condition["rule"]

    def formula(worker, period, parameters):
        return _evaluate(
            rule,
            worker,
            period,
            lambda name: _parameter_value(parameters, period, measure_id, name),
        )

    return type(
        f"{measure_id}__{condition['id']}",
        (Variable,),
        {
            "value_type": int,
            "entity": Worker,
            "definition_period": DAY,
            "label": condition["text"]["en"],
            "reference": measure["references"],
            "formula": formula,
        },
    )


def _eligible_variable(measure: dict[str, Any]) -> type[Variable]:
    measure_id = measure["id"]
    names = [f"{measure_id}__{c['id']}" for c in measure["conditions"]]

    def formula(worker, period):
        return kleene.all_of(*(worker(name, period) for name in names))

    return type(
        f"{measure_id}__eligible",
        (Variable,),
        {
            "value_type": int,
            "entity": Worker,
            "definition_period": DAY,
            "label": f"{measure['name']['en']}: all conditions together",
            "reference": measure["references"],
            "formula": formula,
        },
    )


def _entitlement_variable(measure: dict[str, Any], key: str, spec: dict) -> type[Variable]:
    measure_id = measure["id"]
    parameter = spec["parameter"]

    def formula(worker, period, parameters):
        value = _parameter_value(parameters, period, measure_id, parameter)
        return np.full(worker.count, value, dtype=np.float64)

    return type(
        f"{measure_id}__{key}",
        (Variable,),
        {
            "value_type": float,
            "entity": Worker,
            "definition_period": DAY,
            "label": spec["label"]["en"],
            "reference": measure["references"],
            "formula": formula,
        },
    )


def measure_variables(measure: dict[str, Any]) -> list[type[Variable]]:
    variables = [_condition_variable(measure, c) for c in measure["conditions"]]
    variables.append(_eligible_variable(measure))
    variables += [
        _entitlement_variable(measure, key, spec) for key, spec in measure["entitlement"].items()
    ]
    return variables


def measure_parameters(measure: dict[str, Any]) -> ParameterNode:
    data = {
        "description": measure["name"]["en"],
        "reference": measure["references"],
        **{
            name: {
                "description": spec.get("description", name),
                "metadata": spec.get("metadata", {}),
                "values": {
                    date.isoformat(): {"value": entry["value"], "reference": entry["reference"]}
                    for date, entry in spec["values"].items()
                },
            }
            for name, spec in measure["parameters"].items()
        },
    }
    return ParameterNode(measure["id"], data=data)


def measure_by_id(measure_id: str) -> dict[str, Any] | None:
    return next((m for m in sector_measures() if m["id"] == measure_id), None)
