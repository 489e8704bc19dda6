"""Use case: evaluate a worker's situation against every incentive.

``evaluate`` is what the CLI, the API and (later) the wizard call. The rules run in
OpenFisca, vectorised over situations (``evaluate_situations`` takes many at once);
this module only translates the contract to input arrays and the Kleene results back
to the output contract.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection
from typing import Any

import numpy as np
from django.utils import timezone
from openfisca_core import periods
from openfisca_core.simulations import SimulationBuilder

from . import kleene
from .contract import (
    FIELDS,
    FIELDS_BY_PATH,
    SECTIONS,
    Situation,
    SituationInvalid,
    validate_situation,
)
from .sectors import incentive_definition as sector_incentive_definition
from .sectors import sector_measures
from .system import tax_benefit_system
from .texts import DEFAULT_LANGUAGE, LANGUAGES, load, warning
from .variables.inputs import CHOICE_ENUMS, UNKNOWN_MEMBER

ELIGIBLE = {kleene.MET: "yes", kleene.NOT_MET: "no", kleene.UNKNOWN: "unknown"}

__all__ = ["SituationInvalid", "evaluate", "evaluate_situations"]


def incentive_definitions() -> list[dict[str, Any]]:
    """The regional and federal incentives, then the sector measures (sectors.py)."""
    return [
        *load("incentives")["incentives"],
        *(sector_incentive_definition(m) for m in sector_measures()),
    ]


def rules_checked_until() -> dt.date:
    """The earliest ``review_by`` of all incentives: dates up to it are covered by all."""
    return min(incentive["review_by"] for incentive in incentive_definitions())


def review(incentive: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """When the incentive's sources were checked, which dates they cover, and whether
    ``on`` lies past that (the rules then used are the latest known ones)."""
    return {
        "checked_on": incentive["checked_on"].isoformat(),
        "review_by": incentive["review_by"].isoformat(),
        "past_review_by": on > incentive["review_by"],
    }


def stale_incentives(on: dt.date | None = None) -> list[dict[str, Any]]:
    """The incentives whose ``review_by`` lies before ``on`` (default today), for the
    maintainer: id, checked_on, review_by, days overdue and the sources to re-read."""
    on = on or timezone.localdate()
    return [
        {
            "id": incentive["id"],
            "checked_on": incentive["checked_on"].isoformat(),
            "review_by": incentive["review_by"].isoformat(),
            "days_overdue": (on - incentive["review_by"]).days,
            "references": list(incentive["references"]),
        }
        for incentive in incentive_definitions()
        if on > incentive["review_by"]
    ]


Answers = dict[str, dict[str, Any]]


def _answers(situation: Situation) -> Answers:
    """The validated situation as plain ``{section: {field: value}}`` (no date)."""
    return {section: dict(getattr(situation, section) or {}) for section in SECTIONS}


def _answer(answers: Answers, path: str) -> Any:
    section, name = path.split(".")
    return answers[section].get(name)


def _with_answer(answers: Answers, path: str, value: Any) -> Answers:
    section, name = path.split(".")
    return {**answers, section: {**answers[section], name: value}}


def _input_arrays(situations: list[Answers]) -> dict[str, np.ndarray]:
    """Contract answers as OpenFisca input arrays; unanswered stays at the unknown default."""
    arrays: dict[str, np.ndarray] = {}
    for field in FIELDS:
        answers = [_answer(situation, field.path) for situation in situations]
        known = np.array([answer is not None for answer in answers])
        if field.kind == "choice":
            enum = CHOICE_ENUMS[field.path]
            arrays[field.variable] = np.array(
                [enum[answer or UNKNOWN_MEMBER].index for answer in answers], dtype=np.int16
            )
            continue
        arrays[field.known_variable] = known
        if field.kind == "regions":
            for region in field.choices:
                arrays[f"training_recognised_in_{region}"] = np.array(
                    [region in (answer or ()) for answer in answers]
                )
        elif field.kind == "text":
            arrays[field.variable] = np.array([answer or "" for answer in answers], dtype=object)
        else:
            arrays[field.variable] = np.array([answer or 0 for answer in answers])
    return arrays


def evaluate_situations(situations: list[Answers], date: dt.date) -> dict[str, np.ndarray]:
    """Every condition, eligibility and entitlement variable for many situations at once."""
    system = tax_benefit_system()
    simulation = SimulationBuilder().build_default_simulation(system, count=len(situations))
    period = periods.period(date.isoformat())  # parsed once, not at every calculate
    for variable, values in _input_arrays(situations).items():
        simulation.set_input(variable, period, values)
    results: dict[str, np.ndarray] = {}
    for incentive in incentive_definitions():
        prefix = incentive["id"]
        names = [f"{prefix}__{c['id']}" for c in incentive["conditions"]]
        names += [f"{prefix}__eligible"]
        names += [f"{prefix}__{key}" for key in incentive["entitlement"]]
        for name in names:
            results[name] = simulation.calculate(name, period)
    return results


def _number(value: float, unit: str = "") -> float | int | None:
    """Rounded to cents; a share ("/1") keeps 4 decimals (11.75 % is 0.1175)."""
    if math.isnan(value):
        return None
    rounded = round(float(value), 4 if unit == "/1" else 2)
    return int(rounded) if rounded.is_integer() else rounded


def _entitlement(incentive: dict[str, Any], values: dict[str, np.ndarray], language: str):
    entitlement: dict[str, Any] = {
        key: {
            "value": _number(values[f"{incentive['id']}__{key}"][0], spec["unit"]),
            "unit": spec["unit"],
        }
        for key, spec in incentive["entitlement"].items()
    }
    entitlement["note"] = incentive["entitlement_note"][language]
    return entitlement


def _candidates(answers: Answers, skip: Collection[str]) -> list[tuple[str, Any]]:
    """Every (unanswered field, representative answer) pair the next question may try."""
    return [
        (field.path, value)
        for field in FIELDS
        if _answer(answers, field.path) is None and field.path not in skip
        for value in _possible_answers(field)
    ]


def _next_question(
    candidates: list[tuple[str, Any]],
    values: dict[str, np.ndarray],
    undecided: list[dict[str, Any]],
    language: str,
) -> dict[str, Any] | None:
    """The unanswered field whose answer settles the most undecided incentives.

    Every unanswered field is tried with representative answers (``candidates``); their
    results are rows ``1 …`` of ``values``, computed in the same vectorised simulation
    as the situation itself (row 0). A field scores by the undecided incentives some
    answer settles, then by the unknown conditions some answer decides; a field no
    answer can change is never asked. Ties go to the field that comes first in the
    contract, for a stable order.
    """
    if not undecided or not candidates:
        return None
    settles: dict[str, set[str]] = {}
    decides: dict[str, set[str]] = {}
    for incentive in undecided:
        prefix = incentive["id"]
        eligible = values[f"{prefix}__eligible"]
        for row, (path, _value) in enumerate(candidates, start=1):
            if eligible[row] != kleene.UNKNOWN:
                settles.setdefault(path, set()).add(prefix)
            for condition in incentive["unknown_conditions"]:
                if values[f"{prefix}__{condition['id']}"][row] != kleene.UNKNOWN:
                    decides.setdefault(path, set()).add(f"{prefix}__{condition['id']}")
    order = {field.path: position for position, field in enumerate(FIELDS)}
    useful = set(settles) | set(decides)
    if not useful:
        return None
    path = min(
        useful,
        key=lambda p: (-len(settles.get(p, ())), -len(decides.get(p, ())), order[p]),
    )
    return _question(path, language)


# A joint committee no sector measure names, to probe the answer "another committee".
OTHER_JOINT_COMMITTEE = "999"


def _possible_answers(field) -> list[Any]:
    """Representative answers; for the joint committee, those the sector measures name."""
    if field.path == "person.joint_committee":
        committees = {c for m in sector_measures() for c in m["joint_committees"]}
        return [*sorted(committees), OTHER_JOINT_COMMITTEE]
    return field.possible_answers()


def _question(path: str, language: str) -> dict[str, Any]:
    question = load("texts")["questions"][path]
    field = FIELDS_BY_PATH[path]
    if field.kind in ("choice", "regions"):
        options = [
            {"value": value, "label": question["options"][value][language]}
            for value in field.choices
        ]
    elif field.kind == "bool":
        options = [
            {"value": option["value"], "label": option["label"][language]}
            for option in load("texts")["yes_no_options"]
        ]
    else:
        options = []
    return {"field": path, "question": question["question"][language], "options": options}


def evaluate(
    situation: dict[str, Any],
    language: str = DEFAULT_LANGUAGE,
    *,
    skip: Collection[str] = (),
    ask_next: bool = True,
) -> dict[str, Any]:
    """Evaluate one situation (the input contract) and answer in the output contract.

    ``skip`` names fields never to propose as ``next_question`` (the wizard passes the
    ones the person answered "I don't know"); it changes nothing else. ``ask_next=False``
    leaves ``next_question`` out (``None``) for callers that show no question, such as
    the catalogue's programme page: finding it adds rows to the simulation.

    Raises ``SituationInvalid`` (with every wrong field named) when the input does not
    follow the contract.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    validated = validate_situation(situation, language)
    date = validated.date or timezone.localdate()
    warnings: list[str] = []
    definitions = incentive_definitions()
    overdue = [incentive for incentive in definitions if date > incentive["review_by"]]
    if overdue:
        warnings.append(
            warning(
                "rules_past_review_by",
                language,
                count=str(len(overdue)),
                total=str(len(definitions)),
                review_by=min(incentive["review_by"] for incentive in overdue).isoformat(),
                date=date.isoformat(),
            )
        )
    answers = _answers(validated)
    # The situation and every candidate answer for the next question run in one
    # vectorised simulation: OpenFisca's cost is mostly per simulation, not per row.
    candidates = _candidates(answers, skip) if ask_next else []
    values = evaluate_situations(
        [answers, *(_with_answer(answers, path, value) for path, value in candidates)], date
    )
    results, undecided = [], []
    for incentive in incentive_definitions():
        conditions, unknown_conditions = [], []
        for condition in incentive["conditions"]:
            met = int(values[f"{incentive['id']}__{condition['id']}"][0])
            conditions.append(
                {
                    "id": condition["id"],
                    "met": kleene.to_json(met),
                    "text": condition["text"][language],
                }
            )
            if met == kleene.UNKNOWN:
                unknown_conditions.append(condition)
        eligible = int(values[f"{incentive['id']}__eligible"][0])
        if eligible == kleene.UNKNOWN:
            undecided.append({**incentive, "unknown_conditions": unknown_conditions})
        results.append(
            {
                "id": incentive["id"],
                "eligible": ELIGIBLE[eligible],
                "conditions": conditions,
                "entitlement": None
                if eligible == kleene.NOT_MET
                else _entitlement(incentive, values, language),
                "how_to_apply": incentive["how_to_apply"][language],
                "references": list(incentive["references"]),
                "review": review(incentive, date),
            }
        )
    return {
        "date": date.isoformat(),
        "results": results,
        "next_question": _next_question(candidates, values, undecided, language)
        if ask_next
        else None,
        "warnings": warnings,
    }
