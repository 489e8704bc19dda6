"""A catalogue programme as the contract's ``training`` fields; one person × many programmes.

The base of the catalogue integration (issue 3, point 5): every listing shows which
incentives apply to *that* programme for the learner's saved situation. The person's
and employer's answers stay the same; only the training fields change per programme,
so ``evaluate_for_programmes`` evaluates all programmes in ONE simulation with one row
per programme and the person's fields repeated.

How a programme's fields become training fields (docs/incentives.md, "Programmes"):

- ``study_credits``, ``contact_hours``: as they are; empty = unknown.
- ``physical_contact_hours`` = ``classroom_hours``; a programme given only at a
  distance without classroom hours has 0. Classroom hours above the contact hours
  (inconsistent data) leave it unknown rather than guessing which figure is wrong.
- ``distance`` from the delivery modes: no ``distance``/``blended`` mode → ``none``;
  only ``distance`` → ``synchronous`` when it has contact hours (contact hours at a
  distance are live online lessons by the contract's definition), else
  ``asynchronous``; ``blended`` or distance next to classroom modes → unknown (the
  catalogue does not say whether the online part is live); no modes → unknown.
- ``recognised_regions`` = ``leave_recognised_regions``; the catalogue list is taken
  as complete, so ``[]`` is recognised nowhere. A microdegree inherits nothing from its
  parent (recognition is per registered programme in the Opleidingsdatabank); when the
  parent is recognised somewhere the microdegree itself is not, that is returned as a
  *hint* (``parent_recognised_regions``) for the learner to ask the provider.
- ``total_hours``: the catalogue has no such field (contact hours exclude self-study),
  so unknown.
- ``in_personal_development_plan``, ``during_working_hours``, ``abroad`` depend on the
  person and employer, not the programme: taken from the person's situation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import kleene
from .contract import REGIONS, SECTIONS, validate_situation
from .services import incentive_definitions
from .simulation import Columns, constant_columns, encode_rows, outcome_names, run

PROGRAMME_FIELDS = (
    "training.recognised_regions",
    "training.study_credits",
    "training.contact_hours",
    "training.physical_contact_hours",
    "training.distance",
    "training.total_hours",
)
CLASSROOM_MODES = {"day", "evening", "workplace"}
ELIGIBLE = {kleene.MET: "yes", kleene.NOT_MET: "no", kleene.UNKNOWN: "unknown"}


@dataclass(frozen=True)
class ProgrammeTraining:
    """The training fields a programme fixes (``None`` = unknown) and hints for the learner."""

    training: dict[str, Any]
    parent_recognised_regions: list[str] = field(default_factory=list)


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _distance(modes: set[str], contact_hours: float | None) -> str | None:
    if not modes:
        return None
    if not modes & {"distance", "blended"}:
        return "none"
    if modes == {"distance"}:
        return "synchronous" if contact_hours else "asynchronous"
    return None


def _regions(values: Iterable[str] | None) -> list[str]:
    return [region for region in REGIONS if region in set(values or ())]


def training_situation_for(programme: Any) -> ProgrammeTraining:
    """The contract's training fields for a catalogue ``Programme`` (or any object with
    its attributes: ``study_credits``, ``contact_hours``, ``classroom_hours``,
    ``delivery_modes``, ``leave_recognised_regions``, ``kind``, ``parent``)."""
    modes = set(programme.delivery_modes or ())
    contact = _number(programme.contact_hours)
    physical = _number(programme.classroom_hours)
    if physical is None and modes == {"distance"}:
        physical = 0.0
    if physical is not None and contact is not None and physical > contact:
        physical = None
    regions = _regions(programme.leave_recognised_regions)
    hint: list[str] = []
    parent = getattr(programme, "parent", None)
    if parent is not None and getattr(programme, "kind", None) == "microdegree":
        hint = [r for r in _regions(parent.leave_recognised_regions) if r not in regions]
    training = {
        "recognised_regions": regions,
        "study_credits": _number(programme.study_credits),
        "contact_hours": contact,
        "physical_contact_hours": physical,
        "distance": _distance(modes, contact),
        "total_hours": None,
    }
    return ProgrammeTraining(training, hint)


def training_columns(trainings: Sequence[dict[str, Any]]) -> Columns:
    """The programme-dependent training fields of many programmes as input columns.

    Worth keeping per catalogue version: the catalogue integration can build these once
    and reuse them for every learner.
    """
    return encode_rows([{"training": t} for t in trainings], PROGRAMME_FIELDS)


def evaluate_training_columns(
    situation: dict[str, Any], columns: Columns, count: int, date: dt.date | None = None
) -> dict[str, np.ndarray]:
    """One person's situation against ``count`` programmes given as training columns.

    The person's fields (and the training fields a programme does not fix) are the same
    on every row; the programme's columns replace the rest. One simulation.
    """
    validated = validate_situation(situation)
    date = date or validated.date or dt.date.today()
    answers = {section: dict(getattr(validated, section) or {}) for section in SECTIONS}
    person = constant_columns(answers, count)
    return run({**person, **columns}, count, date, outcome_names())


def evaluate_for_programmes(
    situation: dict[str, Any], programmes: Sequence[Any], date: dt.date | None = None
) -> list[dict[str, Any]]:
    """Per programme (same order): ``{"eligible": {incentive: yes|no|unknown},
    "entitlement": {incentive: {key: value|None}}, "parent_recognised_regions": […]}``.

    ``situation`` is the input contract (its own training fields, if any, are replaced
    by the programme's); raises ``SituationInvalid`` on invalid input.
    """
    mapped = [training_situation_for(programme) for programme in programmes]
    columns = training_columns([m.training for m in mapped])
    values = evaluate_training_columns(situation, columns, len(mapped), date)
    incentives = incentive_definitions()
    answers = []
    for row, programme in enumerate(mapped):
        eligible, entitlement = {}, {}
        for incentive in incentives:
            prefix = incentive["id"]
            eligible[prefix] = ELIGIBLE[int(values[f"{prefix}__eligible"][row])]
            entitlement[prefix] = {
                key: _rounded(values[f"{prefix}__{key}"][row], spec["unit"])
                for key, spec in incentive["entitlement"].items()
            }
        answers.append(
            {
                "eligible": eligible,
                "entitlement": entitlement,
                "parent_recognised_regions": programme.parent_recognised_regions,
            }
        )
    return answers


def _rounded(value: float, unit: str = "") -> float | None:
    """Rounded to cents; a share ("/1") keeps 4 decimals, as in the output contract."""
    return None if np.isnan(value) else round(float(value), 4 if unit == "/1" else 2)
