"""Vectorised evaluation of many rows at once: populations and programme lists.

``services.evaluate`` answers one situation in the output contract. This module is for
*many* rows: a population of workers (``trajectwijzer incentives simulate``) or one
worker against many programmes (``programmes.evaluate_for_programmes``). Rows are held
as *columns* — one OpenFisca input array per input variable — so a million rows cost
numpy operations, not a million Python dicts, and one OpenFisca simulation evaluates
them all.

Encoding is the one of ``services``: a choice is the index of its enum member
(``unknown`` = 0), a yes/no or number has a ``…_known`` flag, recognised regions are one
boolean per region. ``encode_rows`` goes from contract answers to columns,
``constant_columns`` repeats one situation, and ``run`` evaluates columns.

A population CSV has one column per input field, the dotted path as header
(``person.status``); an empty cell is unknown; booleans are ``true``/``false``;
``training.recognised_regions`` is a ``|``-separated list (``flanders|brussels``; a
single ``-`` means recognised nowhere). Every row is validated with the contract.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from openfisca_core.simulations import SimulationBuilder

from . import kleene
from .contract import FIELDS_BY_PATH, SECTIONS, SituationInvalid, validate_situation
from .services import incentive_definitions
from .system import tax_benefit_system
from .texts import DEFAULT_LANGUAGE
from .variables.inputs import CHOICE_ENUMS, UNKNOWN_MEMBER

Answers = dict[str, dict[str, Any]]
Columns = dict[str, np.ndarray]

EDUCATION_LEVELS = ("low", "medium", "high", "unknown")
OUTCOMES = {kleene.MET: "yes", kleene.NOT_MET: "no", kleene.UNKNOWN: "unknown"}
NOBODY = "-"


# --- encoding -----------------------------------------------------------------------


def _encode_field(field, values: Sequence[Any]) -> Columns:
    """One contract field over many rows (``None`` = unknown) as OpenFisca input arrays."""
    known = np.fromiter((value is not None for value in values), dtype=bool, count=len(values))
    if field.kind == "choice":
        enum = CHOICE_ENUMS[field.path]
        index = {member.name: member.index for member in enum}
        unknown = index[UNKNOWN_MEMBER]
        codes = np.fromiter(
            (index[v] if v is not None else unknown for v in values),
            dtype=np.int16,
            count=len(values),
        )
        return {field.variable: codes}
    columns: Columns = {field.known_variable: known}
    if field.kind == "regions":
        for region in field.choices:
            columns[f"training_recognised_in_{region}"] = np.fromiter(
                (value is not None and region in value for value in values),
                dtype=bool,
                count=len(values),
            )
    elif field.kind == "text":
        columns[field.variable] = np.array([v or "" for v in values], dtype=object)
    elif field.kind == "bool":
        columns[field.variable] = np.fromiter((bool(v) for v in values), bool, len(values))
    else:
        dtype = np.int32 if field.kind == "integer" else np.float32
        columns[field.variable] = np.fromiter((v or 0 for v in values), dtype, len(values))
    return columns


def encode_rows(rows: Sequence[Answers], paths: Iterable[str] | None = None) -> Columns:
    """Contract answers (``{section: {field: value}}``) as columns, for ``paths`` (all)."""
    columns: Columns = {}
    for path in paths or FIELDS_BY_PATH:
        field = FIELDS_BY_PATH[path]
        section, name = field.section, field.name
        values = [(row.get(section) or {}).get(name) for row in rows]
        columns.update(_encode_field(field, values))
    return columns


def constant_columns(answers: Answers, count: int, paths: Iterable[str] | None = None) -> Columns:
    """One situation repeated over ``count`` rows (no per-row Python work)."""
    single = encode_rows([answers], paths)
    return {name: np.full(count, values[0], dtype=values.dtype) for name, values in single.items()}


def outcome_names() -> list[str]:
    """The eligibility and entitlement variables of every incentive."""
    names = []
    for incentive in incentive_definitions():
        names.append(f"{incentive['id']}__eligible")
        names += [f"{incentive['id']}__{key}" for key in incentive["entitlement"]]
    return names


def run(
    columns: Columns, count: int, date: dt.date, names: Sequence[str] | None = None
) -> dict[str, np.ndarray]:
    """Evaluate ``count`` rows given as columns in ONE OpenFisca simulation.

    Returns the requested variables (default: every incentive's eligibility and
    entitlement). Missing input columns keep OpenFisca's defaults, which mean unknown.
    """
    simulation = SimulationBuilder().build_default_simulation(tax_benefit_system(), count=count)
    period = date.isoformat()
    for variable, values in columns.items():
        if len(values) != count:
            raise ValueError(f"column {variable} has {len(values)} rows, expected {count}")
        simulation.set_input(variable, period, values)
    return {name: simulation.calculate(name, period) for name in names or outcome_names()}


# --- population CSV -----------------------------------------------------------------


class PopulationInvalid(Exception):
    """Rows that do not follow the contract; ``errors`` carry row, field, message, allowed."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(f"row {e['row']}, {e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def _cell(field, text: str) -> Any:
    """A CSV cell as the JSON value the contract expects; wrong types are left for it.

    Values that cannot be read stay strings so that the contract names field and
    allowed values (a uniform message for every wrong cell).
    """
    if field.kind == "bool":
        return {"true": True, "false": False}.get(text.lower(), text)
    if field.kind == "regions":
        return [] if text == NOBODY else [part.strip() for part in text.split("|")]
    if field.kind in ("number", "integer"):
        try:
            number = float(text)
        except ValueError:
            return text
        if field.kind == "integer":
            return int(number) if number.is_integer() else number
        return number
    return text


def read_population(
    text: str, date: dt.date, language: str = DEFAULT_LANGUAGE, max_errors: int = 50
) -> list[Answers]:
    """The rows of a population CSV as contract answers, each validated with the contract.

    Raises ``PopulationInvalid`` naming row (1 = first data row), field and allowed
    values for every wrong cell (at most ``max_errors``), or for unknown columns.
    """
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip() for h in reader.fieldnames or []]
    unknown = [h for h in headers if h not in FIELDS_BY_PATH]
    if not headers or unknown:
        allowed = ", ".join(FIELDS_BY_PATH)
        return_errors = [
            {"row": 0, "field": h or "(header)", "message": "unknown column", "allowed": allowed}
            for h in unknown or [""]
        ]
        raise PopulationInvalid(return_errors)
    rows: list[Answers] = []
    errors: list[dict[str, Any]] = []
    for number, record in enumerate(reader, start=1):
        if None in record:  # more cells than headers
            errors.append(
                {
                    "row": number,
                    "field": "(row)",
                    "message": "more cells than columns",
                    "allowed": "",
                }
            )
            continue
        answers: Answers = {section: {} for section in SECTIONS}
        for header, raw in record.items():
            cell = (raw or "").strip()
            if cell:
                field = FIELDS_BY_PATH[header.strip()]
                answers[field.section][field.name] = _cell(field, cell)
        try:
            validated = validate_situation({"date": date.isoformat(), **answers}, language)
        except SituationInvalid as invalid:
            errors += [{"row": number, **error} for error in invalid.errors]
            if len(errors) >= max_errors:
                break
            continue
        rows.append({section: dict(getattr(validated, section) or {}) for section in SECTIONS})
    if errors:
        raise PopulationInvalid(errors[:max_errors])
    return rows


# --- report ---------------------------------------------------------------------------


def education_codes(columns: Columns) -> np.ndarray:
    """Per row the index in ``EDUCATION_LEVELS`` (unknown last)."""
    enum = CHOICE_ENUMS["person.education_level"]
    codes = columns["person_education_level"]
    mapped = np.full(len(codes), EDUCATION_LEVELS.index("unknown"), dtype=np.int8)
    for member in enum:
        if member.name != UNKNOWN_MEMBER:
            mapped[codes == member.index] = EDUCATION_LEVELS.index(member.name)
    return mapped


def summarise(results: dict[str, np.ndarray], levels: np.ndarray) -> dict[str, Any]:
    """Per incentive: how many yes / no / unknown, overall and per education level."""
    people = {level: int(np.sum(levels == i)) for i, level in enumerate(EDUCATION_LEVELS)}
    incentives = []
    for incentive in incentive_definitions():
        eligible = results[f"{incentive['id']}__eligible"]
        # one bincount over (level, outcome) pairs: 4 levels × 3 outcomes
        pairs = np.bincount(levels.astype(np.int64) * 3 + eligible, minlength=12).reshape(4, 3)
        by_level = {
            level: {OUTCOMES[o]: int(pairs[i, o]) for o in (2, 0, 1)}
            for i, level in enumerate(EDUCATION_LEVELS)
        }
        total = pairs.sum(axis=0)
        incentives.append(
            {
                "id": incentive["id"],
                "total": {OUTCOMES[o]: int(total[o]) for o in (2, 0, 1)},
                "by_education_level": by_level,
            }
        )
    return {"people": len(levels), "people_by_education_level": people, "incentives": incentives}


def simulate_population(rows: Sequence[Answers], date: dt.date) -> dict[str, Any]:
    """Evaluate validated rows in one simulation and summarise by education level."""
    columns = encode_rows(rows)
    results = run(
        columns, len(rows), date, [f"{i['id']}__eligible" for i in incentive_definitions()]
    )
    return {"date": date.isoformat(), **summarise(results, education_codes(columns))}


def format_text(report: dict[str, Any]) -> str:
    """The report as a plain table: per incentive, yes/no/unknown per education level."""
    lines = [
        f"Population simulation on {report['date']}: {report['people']} people "
        + "("
        + ", ".join(f"{lvl} {n}" for lvl, n in report["people_by_education_level"].items())
        + " by education level)",
        "",
    ]
    header = f"{'incentive':<36} {'education':<9} {'yes':>8} {'no':>8} {'unknown':>8} {'% yes':>6}"
    lines += [header, "-" * len(header)]
    for incentive in report["incentives"]:
        groups = [("all", incentive["total"]), *incentive["by_education_level"].items()]
        for position, (level, counts) in enumerate(groups):
            people = sum(counts.values())
            share = f"{100 * counts['yes'] / people:.0f}" if people else "–"
            name = incentive["id"] if position == 0 else ""
            lines.append(
                f"{name:<36} {level:<9} {counts['yes']:>8} {counts['no']:>8} "
                f"{counts['unknown']:>8} {share:>6}"
            )
    return "\n".join(lines) + "\n"
