"""Incentives in the catalogue: which incentives apply to a programme for this visitor.

Issue 3, point 5. The visitor's answers (``queries.situation_for``) keep their person
and employer fields; the programme fixes the training fields (``programmes.
training_situation_for``), so the person's own ``training`` answers about a programme
never override what the catalogue says about it. Only the answers that depend on the
person and employer (personal development plan, during working hours, abroad) are kept.

- Search result cards: one vectorised evaluation of the programmes on the page
  (``badges_for_programmes``).
- Programme page: one evaluation through ``services.evaluate`` with the conditions
  explained (``explanation_for_programme``).
- The facet "eligible for … for me": the visitor's answers against *every* published
  programme once per (catalogue index version, answers, date), cached as one boolean
  vector per incentive aligned with the facet index (``eligible_vectors``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import numpy as np
from django.http import HttpRequest
from django.utils import translation

from . import kleene
from .contract import SituationInvalid, validate_situation
from .labels import entitlement_label, incentive_name
from .programmes import (
    evaluate_for_programmes,
    evaluate_training_columns,
    training_columns,
    training_situation_for,
)
from .queries import situation_for
from .services import evaluate, incentive_definitions
from .texts import DEFAULT_LANGUAGE, LANGUAGES

logger = logging.getLogger(__name__)

# The wizard is being built alongside; its path is fixed by the issue, its URL names
# are not yet, so the catalogue links to the literal path.
WIZARD_URL = "/incentives/"

# Training answers that depend on the person and their employer, not on the programme.
PERSONAL_TRAINING_FIELDS = ("in_personal_development_plan", "during_working_hours", "abroad")


def incentive_choices() -> dict[str, str]:
    """Every known incentive id with its name in the active language, in display order."""
    return {i["id"]: incentive_name(i["id"]) for i in incentive_definitions()}


def language() -> str:
    active = (translation.get_language() or DEFAULT_LANGUAGE)[:2]
    return active if active in LANGUAGES else DEFAULT_LANGUAGE


def visitor_situation(request: HttpRequest) -> dict[str, Any] | None:
    """This visitor's answers when they follow the contract; None when there are none.

    Answers saved under an older contract that no longer validate count as none: the
    visitor is invited to answer again rather than shown an error on every page.
    """
    situation = situation_for(request)
    if not situation:
        return None
    try:
        validate_situation(situation)
    except SituationInvalid as error:
        logger.info("Ignoring saved incentives answers that no longer validate: %s", error)
        return None
    return situation


def situation_for_programme(situation: dict[str, Any], programme: Any) -> dict[str, Any]:
    """The person's answers with the programme's training fields (the programme wins)."""
    own = situation.get("training") or {}
    training = {k: own[k] for k in PERSONAL_TRAINING_FIELDS if own.get(k) is not None}
    training.update(training_situation_for(programme).training)
    return {**situation, "training": training}


# Search result cards ------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    id: str
    name: str
    eligible: str  # "yes" or "unknown" (shown as "maybe")


@dataclass(frozen=True)
class ProgrammeBadges:
    yes: list[Badge] = field(default_factory=list)
    maybe: list[Badge] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.yes or self.maybe)


def badges_for_programmes(
    situation: dict[str, Any], programmes: list[Any]
) -> list[ProgrammeBadges]:
    """Per programme (same order) the incentives that apply (yes) or may apply (unknown).

    ONE vectorised evaluation for all of them; programmes need ``parent`` loaded
    (select_related) so no query is made per programme.
    """
    if not programmes:
        return []
    answers = evaluate_for_programmes(situation, programmes, _date(situation))
    badges = []
    for answer in answers:
        yes, maybe = [], []
        for incentive_id, eligible in answer["eligible"].items():
            if eligible == "yes":
                yes.append(Badge(incentive_id, incentive_name(incentive_id), eligible))
            elif eligible == "unknown":
                maybe.append(Badge(incentive_id, incentive_name(incentive_id), eligible))
        badges.append(ProgrammeBadges(yes, maybe))
    return badges


# Programme page -----------------------------------------------------------------------


def explanation_for_programme(situation: dict[str, Any], programme: Any) -> dict[str, Any]:
    """The services' full answer for this person following this programme, grouped.

    ``{"yes": [...], "maybe": [...], "no": [...], "parent_recognised_regions": [...],
    "warnings": [...]}``; each result is the output contract's with ``name`` and the
    entitlement values labelled.
    """
    answer = evaluate(situation_for_programme(situation, programme), language(), ask_next=False)
    grouped: dict[str, Any] = {"yes": [], "maybe": [], "no": []}
    for result in answer["results"]:
        result = {**result, "name": incentive_name(result["id"])}
        entitlement = result["entitlement"] or {}
        result["entitlement_note"] = entitlement.get("note")
        result["entitlement_values"] = [
            {
                "label": entitlement_label(key),
                "value": spec["value"],
                "unit": spec["unit"],
            }
            for key, spec in entitlement.items()
            if key != "note" and spec.get("value") is not None
        ]
        group = {"yes": "yes", "unknown": "maybe", "no": "no"}[result["eligible"]]
        grouped[group].append(result)
    grouped["parent_recognised_regions"] = training_situation_for(
        programme
    ).parent_recognised_regions
    grouped["warnings"] = answer["warnings"]
    return grouped


# The facet "eligible for … for me" -----------------------------------------------------

CACHE_SIZE = 32  # situations kept per process; each is one bool per programme per incentive
_lock = threading.Lock()
_columns: tuple[str, np.ndarray, dict[str, np.ndarray]] | None = None
_vectors: OrderedDict[tuple[str, str], dict[str, np.ndarray]] = OrderedDict()

TRAINING_SOURCE_FIELDS = (
    "id",
    "study_credits",
    "contact_hours",
    "classroom_hours",
    "delivery_modes",
    "leave_recognised_regions",
)


def _date(situation: dict[str, Any]) -> dt.date:
    value = situation.get("date")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def _situation_key(situation: dict[str, Any]) -> str:
    """A hash of the answers and the evaluation date (rules depend on the day)."""
    text = json.dumps(situation, sort_keys=True, default=str) + _date(situation).isoformat()
    return hashlib.sha256(text.encode()).hexdigest()


def _catalogue_columns(version: str, ids: np.ndarray) -> dict[str, np.ndarray]:
    """Training columns of every indexed programme, in the index's order; one query,
    built once per catalogue version."""
    global _columns
    cached = _columns
    if cached is not None and cached[0] == version and np.array_equal(cached[1], ids):
        return cached[2]
    from trajectwijzer.catalogue.models import Programme

    rows = {
        row["id"]: row
        for row in Programme.objects.filter(is_published=True)
        .order_by()
        .values(*TRAINING_SOURCE_FIELDS)
    }
    empty = dict.fromkeys(TRAINING_SOURCE_FIELDS[1:])
    trainings = [
        training_situation_for(
            SimpleNamespace(**{**empty, **rows.get(int(pk), {})}, kind=None, parent=None)
        ).training
        for pk in ids
    ]
    columns = training_columns(trainings)
    _columns = (version, ids, columns)
    return columns


def eligible_vectors(
    situation: dict[str, Any], version: str, ids: np.ndarray
) -> dict[str, np.ndarray]:
    """Per incentive id, which indexed programmes (``ids``, the facet index's order) this
    person is eligible for (``yes``). Cached per (index version, answers, date)."""
    key = (version, _situation_key(situation))
    with _lock:
        hit = _vectors.get(key)
        if hit is not None:
            _vectors.move_to_end(key)
            return hit
    if len(ids) == 0:
        return {i["id"]: np.zeros(0, dtype=bool) for i in incentive_definitions()}
    columns = _catalogue_columns(version, ids)
    values = evaluate_training_columns(situation, columns, len(ids), _date(situation))
    vectors = {
        i["id"]: values[f"{i['id']}__eligible"] == kleene.MET for i in incentive_definitions()
    }
    with _lock:
        _vectors[key] = vectors
        while len(_vectors) > CACHE_SIZE:
            _vectors.popitem(last=False)
    return vectors


def clear_caches() -> None:
    global _columns
    with _lock:
        _columns = None
        _vectors.clear()
