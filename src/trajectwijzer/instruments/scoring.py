"""Scoring, vectorised: one respondent is a group of one.

Answers become a matrix of item scores (respondents × scored items, NaN where an item
was not asked or not answered). Each dimension is a weighted combination of columns,
reversed items mirrored within their range first:

- ``sum``: the sum of the answered items;
- ``mean``: their mean;
- ``weighted``: Σ wᵢxᵢ / Σ wᵢ over the answered items;
- ``percent``: the mean placed on 0–100 between the items' lowest and highest score.

An item hidden by its condition does not count (it was not asked). A dimension with
no answered item has no score (NaN, shown as "no score").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from .definition import Definition, Rule


class AnswerError(ValueError):
    """An answer outside what the item allows: ``item`` names it, ``message`` says why."""

    def __init__(self, item: str, message: str):
        self.item = item
        self.message = message
        super().__init__(f"{item}: {message}")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def clean_answer(definition: Definition, item_id: str, value: Any) -> Any:
    """The answer as stored (int option values, float numbers, list for multiple choice),
    or :class:`AnswerError` naming the item and what is allowed. ``None`` = no answer."""
    item = definition.items.get(item_id)
    if item is None:
        raise AnswerError(item_id, _("this questionnaire has no such item"))
    if value is None or value == "" or value == []:
        return None
    if item.type in ("likert", "single"):
        candidates = [value]
        if _whole(value) is not None:
            candidates.append(_whole(value))
        for candidate in candidates:
            if item.option(candidate) is not None and not isinstance(candidate, bool):
                return candidate
        allowed = ", ".join(str(o.value) for o in item.options)
        if item.type == "likert":
            low, high = int(item.minimum), int(item.maximum)
            return _raise(
                item_id,
                _("%(value)s is outside the scale %(low)s–%(high)s")
                % {"value": _shown(value), "low": low, "high": high},
            )
        return _raise(
            item_id,
            _("%(value)s is not one of the options (%(allowed)s)")
            % {"value": _shown(value), "allowed": allowed},
        )
    if item.type == "multiple":
        values = value if isinstance(value, list) else [value]
        result = []
        for entry in values:
            cleaned = None
            for candidate in (
                entry,
                _whole(entry),
            ):
                if candidate is not None and item.option(candidate) is not None:
                    cleaned = candidate
            if cleaned is None:
                allowed = ", ".join(str(o.value) for o in item.options)
                _raise(
                    item_id,
                    _("%(value)s is not one of the options (%(allowed)s)")
                    % {"value": _shown(entry), "allowed": allowed},
                )
            if cleaned not in result:
                result.append(cleaned)
        return result
    if item.type == "number":
        number = _number(value)
        if number is None or math.isnan(number):
            _raise(item_id, _("%(value)s is not a number") % {"value": _shown(value)})
        if not item.minimum <= number <= item.maximum:
            _raise(
                item_id,
                _("%(value)s is outside %(low)s–%(high)s")
                % {"value": f"{number:g}", "low": f"{item.minimum:g}", "high": f"{item.maximum:g}"},
            )
        return number
    if not isinstance(value, str):
        _raise(item_id, _("a text is expected"))
    if len(value) > 4000:
        _raise(item_id, _("at most 4000 characters"))
    return value.strip() or None


def _whole(value: Any) -> int | None:
    """A whole number typed as text ("4", "-1"), else None (never for "²" or "٤")."""
    if isinstance(value, str):
        # int() trims less whitespace than str.strip() ("0\x1f"): convert what was matched.
        stripped = value.strip()
        if re.fullmatch(r"-?[0-9]+", stripped):
            return int(stripped)
    return None


def _shown(value: Any) -> str:
    return f"“{value}”" if isinstance(value, str) else str(value)


def _raise(item: str, message: str):
    raise AnswerError(item, message)


def missing_required(definition: Definition, answers: dict[str, Any], section: str | None = None):
    """Required items asked (visible) but not answered, in order."""
    missing = []
    for item_id in definition.item_ids:
        item = definition.items[item_id]
        if section is not None and item.section != section:
            continue
        if (
            item.required
            and definition.visible(item_id, answers)
            and answers.get(item_id) in (None, [], "")
        ):
            missing.append(item_id)
    return missing


@dataclass(frozen=True)
class Plan:
    """The definition's scoring as arrays, built once per definition."""

    item_ids: list[str]
    dimension_ids: list[str]
    weights: np.ndarray  # items × dimensions, 0 where an item is not in the dimension
    reverse: np.ndarray  # items × dimensions, bool
    low: np.ndarray  # per item: lowest possible score
    high: np.ndarray  # per item: highest possible score
    methods: list[str]


_PLANS: dict[str, Plan] = {}


def plan_for(definition: Definition) -> Plan:
    plan = _PLANS.get(definition.checksum)
    if plan is not None:
        return plan
    item_ids = definition.scored_item_ids
    index = {item_id: i for i, item_id in enumerate(item_ids)}
    dims = definition.dimensions
    weights = np.zeros((len(item_ids), len(dims)))
    reverse = np.zeros((len(item_ids), len(dims)), dtype=bool)
    for j, dim in enumerate(dims):
        for member in dim.items:
            weights[index[member.item], j] = member.weight
            reverse[index[member.item], j] = member.reverse
    ranges = [definition.items[i].score_range() for i in item_ids]
    plan = Plan(
        item_ids=item_ids,
        dimension_ids=[d.id for d in dims],
        weights=weights,
        reverse=reverse,
        low=np.array([r[0] for r in ranges], dtype=float),
        high=np.array([r[1] for r in ranges], dtype=float),
        methods=[d.method for d in dims],
    )
    _PLANS[definition.checksum] = plan
    return plan


def item_score(definition: Definition, item_id: str, answer: Any) -> float:
    item = definition.items[item_id]
    if answer is None:
        return math.nan
    if item.type in ("likert", "single"):
        option = item.option(answer)
        return math.nan if option is None or option.score is None else option.score
    if item.type == "multiple":
        return float(sum((item.option(v).score or 0) for v in answer if item.option(v)))
    if item.type == "number":
        return float(answer)
    return math.nan


def _lookups(definition: Definition, item_ids: list[str]) -> list[dict | None]:
    """Per item: answer value → score (choice and likert items); None for numbers."""
    tables: list[dict | None] = []
    for item_id in item_ids:
        item = definition.items[item_id]
        if item.type == "number":
            tables.append(None)
        else:
            tables.append(
                {o.value: (math.nan if o.score is None else o.score) for o in item.options}
            )
    return tables


def answer_matrix(definition: Definition, answer_sets: Iterable[dict[str, Any]]) -> np.ndarray:
    """Respondents × scored items; NaN for items not asked (condition) or not answered."""
    plan = plan_for(definition)
    tables = _lookups(definition, plan.item_ids)
    kinds = [definition.items[i].type for i in plan.item_ids]
    conditional = [
        (j, item_id)
        for j, item_id in enumerate(plan.item_ids)
        if definition.items[item_id].show_if is not None
    ]
    columns = list(zip(plan.item_ids, tables, kinds, strict=True))
    nan = math.nan
    rows = []
    for answers in answer_sets:
        row = []
        for item_id, table, kind in columns:
            answer = answers.get(item_id)
            if answer is None:
                row.append(nan)
            elif table is None:
                row.append(float(answer))
            elif kind == "multiple":
                row.append(
                    float(
                        sum(0 if math.isnan(table.get(v, 0)) else table.get(v, 0) for v in answer)
                    )
                )
            else:
                row.append(table.get(answer, nan))
        for j, item_id in conditional:
            if not definition.visible(item_id, answers):
                row[j] = nan
        rows.append(row)
    return np.array(rows, dtype=float).reshape(len(rows), len(plan.item_ids))


def score_matrix(definition: Definition, matrix: np.ndarray) -> np.ndarray:
    """Respondents × dimensions from respondents × items (see the module docstring)."""
    plan = plan_for(definition)
    n, d = matrix.shape[0], len(plan.dimension_ids)
    if d == 0:
        return np.zeros((n, 0))
    answered = ~np.isnan(matrix)  # n × items
    x = np.nan_to_num(matrix)
    mirrored = (plan.low + plan.high) - x  # reversed score per item
    result = np.full((n, d), np.nan)
    for j, method in enumerate(plan.methods):
        w = plan.weights[:, j]
        cols = w > 0
        if not cols.any():
            continue
        values = np.where(plan.reverse[cols, j], mirrored[:, cols], x[:, cols])
        mask = answered[:, cols]
        weights = w[cols]
        count = mask.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            if method == "sum":
                score = (values * mask).sum(axis=1)
            elif method == "weighted":
                score = (values * mask * weights).sum(axis=1) / (mask * weights).sum(axis=1)
            else:
                mean = (values * mask).sum(axis=1) / count
                if method == "mean":
                    score = mean
                else:  # percent: mean position between each item's lowest and highest
                    low = (mask * plan.low[cols]).sum(axis=1) / count
                    high = (mask * plan.high[cols]).sum(axis=1) / count
                    score = (mean - low) / (high - low) * 100
        result[:, j] = np.where(count > 0, score, np.nan)
    return result


def score_answers(definition: Definition, answers: dict[str, Any]) -> dict[str, float | None]:
    """One respondent's dimension scores (None where a dimension has no answered item)."""
    row = score_matrix(definition, answer_matrix(definition, [answers]))[0]
    plan = plan_for(definition)
    return {
        dim_id: (None if math.isnan(value) else round(float(value), 4))
        for dim_id, value in zip(plan.dimension_ids, row, strict=True)
    }


def _compare(left: float, op: str, right: float) -> bool:
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": math.isclose(left, right),
        "!=": not math.isclose(left, right),
    }[op]


def rule_applies(definition: Definition, rule: Rule, answers: dict, scores: dict) -> bool:
    if rule.dimension:
        score = scores.get(rule.dimension)
        if score is None:
            return False
        if rule.band:
            band = definition.dimension(rule.dimension).band(score)
            return band is not None and band.id == rule.band
        return _compare(score, rule.op, rule.value)
    if not definition.visible(rule.item, answers):
        return False
    answer = answers.get(rule.item)
    if answer is None:
        return False
    if rule.values:
        if isinstance(answer, list):
            return any(v in rule.values for v in answer)
        return answer in rule.values
    value = item_score(definition, rule.item, answer)
    return not math.isnan(value) and _compare(value, rule.op, rule.value)


def applicable_rules(definition: Definition, answers: dict, scores: dict) -> list[Rule]:
    return [r for r in definition.rules if rule_applies(definition, r, answers, scores)]


# Groups ------------------------------------------------------------------------------


def describe(scores: np.ndarray, bins: Sequence[float] | None = None) -> dict[str, Any]:
    """Count, mean, standard deviation, min, quartiles, max of one column (NaN ignored)."""
    values = scores[~np.isnan(scores)]
    if values.size == 0:
        return {
            "n": 0,
            "mean": None,
            "sd": None,
            "min": None,
            "q1": None,
            "median": None,
            "q3": None,
            "max": None,
        }
    q1, median, q3 = np.percentile(values, [25, 50, 75])
    return {
        "n": int(values.size),
        "mean": float(values.mean()),
        "sd": float(values.std(ddof=1)) if values.size > 1 else 0.0,
        "min": float(values.min()),
        "q1": float(q1),
        "median": float(median),
        "q3": float(q3),
        "max": float(values.max()),
    }


def describe_matrix(scores: np.ndarray) -> list[dict[str, Any]]:
    """``describe`` per dimension column, computed column-wise in one pass."""
    return [describe(scores[:, j]) for j in range(scores.shape[1])]
