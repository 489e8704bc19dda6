"""Instrument definitions: versioned YAML files read into checked, immutable objects.

A definition names its sections and items, the dimensions scored from the items and
the feedback rules that turn scores into texts (and, where a rule says so, into a
signal for the learner's coach). ``load_definition`` refuses a definition that cannot
work — an unknown item type, a dimension scoring a missing item, a circular
condition — with the file, the line and the reason (:class:`DefinitionError`).
docs/instruments.md describes the format.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils import translation

from trajectwijzer import yaml_lines

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
LANGUAGES = ("nl", "fr", "en")
ITEM_TYPES = ("likert", "single", "multiple", "number", "text")
SCORING_METHODS = ("sum", "mean", "weighted", "percent")
AUDIENCES = ("learner", "lecturer", "workplace", "client")
OPERATORS = ("<", "<=", ">", ">=", "==", "!=")
ORIGINS = ("seed", "platform")


class DefinitionError(Exception):
    """A definition that cannot be used: ``file:line: reason`` for each problem."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{f}:{line}: {reason}" for f, line, reason in problems))


# YAML with line numbers: trajectwijzer.yaml_lines -----------------------------------

_Map = yaml_lines.LineMap
_line = yaml_lines.line
_item_line = yaml_lines.item_line
_plain = yaml_lines.plain


# The definition as objects -----------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text in the three languages; ``str()`` gives the reader's language."""

    nl: str
    fr: str
    en: str

    def get(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "nl")[:2]
        return getattr(self, language, None) or self.nl

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Option:
    value: str | int
    label: Text
    score: float | None


@dataclass(frozen=True)
class Condition:
    """Show an item only when ``item`` has one of ``values`` (or, for multiple choice,
    includes one of them)."""

    item: str
    values: tuple
    line: int


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    text: Text
    section: str
    line: int
    help: Text | None = None
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    required: bool = True
    show_if: Condition | None = None
    origin: str = "platform"
    seed: str = ""

    @property
    def is_scored(self) -> bool:
        return self.type != "text"

    def option(self, value: Any) -> Option | None:
        for option in self.options:
            if option.value == value:
                return option
        return None

    def score_range(self) -> tuple[float, float]:
        """Lowest and highest score an answer can give (for reversing and percentages)."""
        if self.type in ("likert", "single"):
            scores = [o.score for o in self.options if o.score is not None]
            return (min(scores), max(scores)) if scores else (math.nan, math.nan)
        if self.type == "multiple":
            scores = [o.score or 0 for o in self.options]
            return (sum(s for s in scores if s < 0), sum(s for s in scores if s > 0))
        if self.type == "number":
            return (self.minimum, self.maximum)
        return (math.nan, math.nan)


@dataclass(frozen=True)
class DimensionItem:
    item: str
    weight: float = 1.0
    reverse: bool = False


@dataclass(frozen=True)
class Band:
    id: str
    upto: float  # a score belongs to the first band whose ``upto`` it does not exceed
    label: Text
    text: Text | None = None


@dataclass(frozen=True)
class Dimension:
    id: str
    label: Text
    method: str
    items: tuple[DimensionItem, ...]
    line: int
    bands: tuple[Band, ...] = ()
    description: Text | None = None
    group: str = ""
    group_label: Text | None = None

    def band(self, score: float | None) -> Band | None:
        if score is None or (isinstance(score, float) and math.isnan(score)):
            return None
        for band in self.bands:
            if score <= band.upto:
                return band
        return self.bands[-1] if self.bands else None


@dataclass(frozen=True)
class Rule:
    """Feedback shown when a dimension or an item meets a condition."""

    id: str
    text: Text
    line: int
    dimension: str = ""
    item: str = ""
    op: str = ""
    value: Any = None
    band: str = ""
    values: tuple = ()
    signal: bool = False
    sharing: str = ""
    action: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    items: tuple[str, ...]
    intro: Text | None = None


@dataclass(frozen=True)
class Definition:
    id: str
    version: int
    title: Text
    intro: Text
    minutes: int
    audience: str
    sections: tuple[Section, ...]
    items: dict[str, Item]
    dimensions: tuple[Dimension, ...]
    rules: tuple[Rule, ...]
    source: str
    checksum: str
    raw: dict = field(repr=False, compare=False, default_factory=dict)
    chart: str = "bar"
    seed: str = ""
    consent_scope: str = "instruments"

    @property
    def item_ids(self) -> list[str]:
        return [item_id for section in self.sections for item_id in section.items]

    @property
    def scored_item_ids(self) -> list[str]:
        return [i for i in self.item_ids if self.items[i].is_scored]

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def visible(self, item_id: str, answers: dict[str, Any]) -> bool:
        """Whether ``item_id`` is asked given ``answers`` (its condition, recursively)."""
        condition = self.items[item_id].show_if
        if condition is None:
            return True
        if not self.visible(condition.item, answers):
            return False
        answer = answers.get(condition.item)
        if isinstance(answer, list):
            return any(value in condition.values for value in answer)
        return answer in condition.values


# Reading and checking -----------------------------------------------------------------


class _Checker:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[tuple[str, int, str]] = []
        self.scales: dict[str, dict] = {}

    def error(self, line: int, reason: str) -> None:
        self.problems.append((self.source, line, reason))

    def mapping(self, obj: Any, where: str, line: int) -> bool:
        if not isinstance(obj, dict):
            self.error(line, f"{where} must be a mapping")
            return False
        return True

    def text(self, parent: Any, key: str, where: str, required: bool = True) -> Text | None:
        value = parent.get(key) if isinstance(parent, dict) else None
        line = _line(parent, key)
        if value is None:
            if required:
                self.error(_line(parent), f"{where}: '{key}' is missing (texts in nl, fr and en)")
            return None
        if isinstance(value, str):
            self.error(line, f"{where}.{key} needs a text per language (nl, fr, en)")
            return None
        if not isinstance(value, dict):
            self.error(line, f"{where}.{key} must map nl, fr and en to texts")
            return None
        missing = [lang for lang in LANGUAGES if not str(value.get(lang) or "").strip()]
        if missing:
            self.error(line, f"{where}.{key} lacks the language(s) {', '.join(missing)}")
            return None
        unknown = sorted(set(value) - set(LANGUAGES))
        if unknown:
            self.error(line, f"{where}.{key} has unknown language(s) {', '.join(unknown)}")
        return Text(*(str(value[lang]).strip() for lang in LANGUAGES))

    def unknown_keys(self, obj: dict, allowed: set[str], where: str) -> None:
        for key in obj:
            if key not in allowed:
                self.error(
                    _line(obj, key),
                    f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})",
                )

    def number(self, obj: dict, key: str, where: str) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(_line(obj, key), f"{where}.{key} must be a number, not {value!r}")
            return None
        return float(value)


TOP_KEYS = {
    "id",
    "version",
    "title",
    "intro",
    "minutes",
    "audience",
    "sections",
    "dimensions",
    "feedback",
    "chart",
    "seed",
    "consent_scope",
    "scales",
}
ITEM_KEYS = {
    "id",
    "type",
    "text",
    "help",
    "scale",
    "labels",
    "options",
    "min",
    "max",
    "required",
    "show_if",
    "origin",
    "seed",
}


def _option_value(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _parse_item(c: _Checker, raw: Any, section_id: str, line: int) -> Item | None:
    if not c.mapping(raw, "item", line):
        return None
    item_id = raw.get("id")
    if (
        not isinstance(item_id, str)
        or not item_id.replace("_", "").isalnum()
        or not item_id[0].isalpha()
    ):
        c.error(
            raw.line, f"item id must start with a letter (then letters, digits, _), not {item_id!r}"
        )
        return None
    where = f"item {item_id}"
    c.unknown_keys(raw, ITEM_KEYS, where)
    item_type = raw.get("type")
    if item_type not in ITEM_TYPES:
        c.error(
            _line(raw, "type"),
            f"{where}: unknown item type {item_type!r} (allowed: {', '.join(ITEM_TYPES)})",
        )
        return None
    text = c.text(raw, "text", where)
    help_text = c.text(raw, "help", where, required=False)
    options: list[Option] = []
    minimum = maximum = None
    if item_type == "likert":
        scale = raw.get("scale")
        labels = raw.get("labels") or {}
        if isinstance(scale, str):
            named = c.scales.get(scale)
            if named is None:
                c.error(
                    _line(raw, "scale"),
                    f"{where}: unknown scale {scale!r} (define it under scales)",
                )
                return None
            scale, labels = named.get("scale"), named.get("labels") or {}
        if (
            not isinstance(scale, list)
            or len(scale) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
            or scale[0] >= scale[1]
        ):
            c.error(_line(raw, "scale") or raw.line, f"{where}: scale must be [lowest, highest]")
            return None
        if not isinstance(labels, dict):
            c.error(_line(raw, "labels"), f"{where}: labels must map scale values to texts")
            labels = {}
        if any(isinstance(k, str) and re.fullmatch(r"-?[0-9]+", k) for k in labels):
            # read back from JSON (stored versions), where keys are texts
            renamed = _Map(
                {
                    int(k) if isinstance(k, str) and re.fullmatch(r"-?[0-9]+", k) else k: v
                    for k, v in labels.items()
                }
            )
            renamed.line = _line(labels)
            renamed.key_lines = {
                int(k) if isinstance(k, str) and re.fullmatch(r"-?[0-9]+", k) else k: v
                for k, v in getattr(labels, "key_lines", {}).items()
            }
            labels = renamed
        for value in labels:
            if not isinstance(value, int) or not scale[0] <= value <= scale[1]:
                c.error(_line(labels, value), f"{where}: label for {value!r} outside the scale")
        for value in range(scale[0], scale[1] + 1):
            label = (
                c.text(labels, value, f"{where}.labels", required=False)
                if value in labels
                else None
            )
            options.append(Option(value, label or Text(str(value), str(value), str(value)), value))
        minimum, maximum = float(scale[0]), float(scale[1])
    elif item_type in ("single", "multiple"):
        raw_options = raw.get("options")
        if not isinstance(raw_options, list) or len(raw_options) < 2:
            c.error(_line(raw, "options") or raw.line, f"{where}: needs at least two options")
            return None
        seen = set()
        for index, raw_option in enumerate(raw_options):
            option_line = raw_options.item_lines[index]
            if not c.mapping(raw_option, f"{where} option", option_line):
                continue
            c.unknown_keys(raw_option, {"value", "label", "score"}, f"{where} option")
            value = raw_option.get("value")
            if not _option_value(value):
                c.error(option_line, f"{where}: option value must be a text or a whole number")
                continue
            if value in seen:
                c.error(option_line, f"{where}: option value {value!r} appears twice")
            seen.add(value)
            label = c.text(raw_option, "label", f"{where} option {value}")
            score = raw_option.get("score")
            if score is not None and (
                isinstance(score, bool) or not isinstance(score, int | float)
            ):
                c.error(_line(raw_option, "score"), f"{where}: option score must be a number")
                score = None
            if label:
                options.append(Option(value, label, None if score is None else float(score)))
    elif item_type == "number":
        minimum = c.number(raw, "min", where)
        maximum = c.number(raw, "max", where)
        if minimum is None or maximum is None or minimum >= maximum:
            c.error(raw.line, f"{where}: a number item needs min and max with min < max")
            return None
    required = raw.get("required", True)
    if not isinstance(required, bool):
        c.error(_line(raw, "required"), f"{where}: required must be true or false")
        required = True
    origin = raw.get("origin", "platform")
    if origin not in ORIGINS:
        c.error(_line(raw, "origin"), f"{where}: origin must be one of {', '.join(ORIGINS)}")
    seed = str(raw.get("seed") or "")
    if origin == "seed" and not seed:
        c.error(raw.line, f"{where}: an item of origin seed names its seed lines (seed: ...)")
    condition = None
    if "show_if" in raw:
        show_if = raw["show_if"]
        show_line = _line(raw, "show_if")
        if not isinstance(show_if, dict) or not isinstance(show_if.get("item"), str):
            c.error(show_line, f"{where}: show_if needs 'item' and 'equals' or 'in'")
        else:
            c.unknown_keys(show_if, {"item", "equals", "in"}, f"{where}.show_if")
            if "equals" in show_if:
                values = (show_if["equals"],)
            elif isinstance(show_if.get("in"), list) and show_if["in"]:
                values = tuple(show_if["in"])
            else:
                c.error(show_line, f"{where}: show_if needs 'equals' or a non-empty 'in' list")
                values = ()
            condition = Condition(show_if["item"], values, show_line)
    if text is None:
        return None
    return Item(
        id=item_id,
        type=item_type,
        text=text,
        section=section_id,
        line=raw.line,
        help=help_text,
        options=tuple(options),
        minimum=minimum,
        maximum=maximum,
        required=required,
        show_if=condition,
        origin=origin,
        seed=seed,
    )


def _check_conditions(c: _Checker, items: dict[str, Item], order: list[str]) -> None:
    position = {item_id: index for index, item_id in enumerate(order)}
    for item in items.values():
        condition = item.show_if
        if condition is None:
            continue
        target = items.get(condition.item)
        if target is None:
            c.error(
                condition.line,
                f"item {item.id}: show_if refers to a missing item {condition.item!r}",
            )
            continue
        if target.type in ("text", "number"):
            c.error(
                condition.line,
                f"item {item.id}: show_if needs a choice or likert item, "
                f"{target.id} is {target.type}",
            )
            continue
        for value in condition.values:
            if target.option(value) is None:
                c.error(
                    condition.line,
                    f"item {item.id}: show_if value {value!r} is not an answer of {target.id}",
                )
    # circular conditions: follow each chain of show_if
    reported: set[frozenset] = set()
    for start in items.values():
        chain = [start.id]
        current = start
        while current.show_if is not None and current.show_if.item in items:
            nxt = current.show_if.item
            if nxt in chain:
                cycle = [*chain[chain.index(nxt) :], nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    c.error(current.show_if.line, "circular condition: " + " → ".join(cycle))
                break
            chain.append(nxt)
            current = items[nxt]
        else:
            continue
    if reported:
        return
    for item in items.values():
        condition = item.show_if
        if condition is None or condition.item not in items:
            continue
        if (
            items[condition.item].section == item.section
            or position[condition.item] > position[item.id]
        ):
            c.error(
                condition.line,
                f"item {item.id}: show_if must refer to an item of an earlier section "
                f"({condition.item} is in section {items[condition.item].section})",
            )


def _parse_dimension(c: _Checker, raw: Any, items: dict[str, Item], line: int) -> Dimension | None:
    if not c.mapping(raw, "dimension", line):
        return None
    dim_id = raw.get("id")
    if not isinstance(dim_id, str) or not dim_id:
        c.error(raw.line, "dimension needs an id")
        return None
    where = f"dimension {dim_id}"
    c.unknown_keys(
        raw,
        {"id", "label", "description", "scoring", "items", "bands", "group", "group_label"},
        where,
    )
    label = c.text(raw, "label", where)
    description = c.text(raw, "description", where, required=False)
    group_label = c.text(raw, "group_label", where, required=False)
    method = raw.get("scoring", "mean")
    if method not in SCORING_METHODS:
        c.error(
            _line(raw, "scoring"),
            f"{where}: unknown scoring {method!r} (allowed: {', '.join(SCORING_METHODS)})",
        )
        return None
    raw_items = raw.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        c.error(_line(raw, "items") or raw.line, f"{where}: needs a list of items")
        return None
    members: list[DimensionItem] = []
    for index, entry in enumerate(raw_items):
        entry_line = raw_items.item_lines[index]
        if isinstance(entry, str):
            entry = {"item": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("item"), str):
            c.error(entry_line, f"{where}: each entry is an item id or {{item, weight, reverse}}")
            continue
        c.unknown_keys(entry, {"item", "weight", "reverse"}, where) if isinstance(
            entry, _Map
        ) else None
        item_id = entry["item"]
        item = items.get(item_id)
        if item is None:
            c.error(entry_line, f"{where}: scores a missing item {item_id!r}")
            continue
        if not item.is_scored:
            c.error(entry_line, f"{where}: item {item_id} is free text and cannot be scored")
            continue
        weight = entry.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            c.error(entry_line, f"{where}: weight of {item_id} must be a positive number")
            continue
        if item.type in ("single", "multiple") and all(o.score is None for o in item.options):
            c.error(entry_line, f"{where}: item {item_id} has no option with a score")
            continue
        if weight != 1 and method != "weighted":
            c.error(entry_line, f"{where}: weights need scoring: weighted")
        reverse = entry.get("reverse", False)
        if not isinstance(reverse, bool):
            c.error(entry_line, f"{where}: reverse must be true or false")
            reverse = False
        if reverse and item.type not in ("likert", "single", "number"):
            c.error(
                entry_line, f"{where}: only likert, single choice and number items can be reversed"
            )
        members.append(DimensionItem(item_id, float(weight), reverse))
    bands: list[Band] = []
    raw_bands = raw.get("bands") or []
    if raw_bands and not isinstance(raw_bands, list):
        c.error(_line(raw, "bands"), f"{where}: bands must be a list")
        raw_bands = []
    previous = -math.inf
    for index, raw_band in enumerate(raw_bands):
        band_line = raw_bands.item_lines[index]
        if not c.mapping(raw_band, f"{where} band", band_line):
            continue
        c.unknown_keys(raw_band, {"id", "upto", "label", "text"}, f"{where} band")
        upto = c.number(raw_band, "upto", f"{where} band")
        if upto is None or not isinstance(raw_band.get("id"), str):
            c.error(band_line, f"{where}: a band needs an id and a number 'upto'")
            continue
        if upto <= previous:
            c.error(band_line, f"{where}: bands must go up (upto {upto:g} after {previous:g})")
        previous = upto
        band_label = c.text(raw_band, "label", f"{where} band {raw_band['id']}")
        band_text = c.text(raw_band, "text", f"{where} band {raw_band['id']}", required=False)
        if band_label:
            bands.append(Band(raw_band["id"], upto, band_label, band_text))
    if label is None or not members:
        return None
    return Dimension(
        dim_id,
        label,
        method,
        tuple(members),
        raw.line,
        tuple(bands),
        description,
        str(raw.get("group") or ""),
        group_label,
    )


def _parse_rule(
    c: _Checker, raw: Any, items: dict[str, Item], dimensions: dict[str, Dimension], line: int
) -> Rule | None:
    if not c.mapping(raw, "feedback rule", line):
        return None
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        c.error(raw.line, "feedback rule needs an id")
        return None
    where = f"feedback {rule_id}"
    c.unknown_keys(raw, {"id", "when", "text", "signal", "sharing", "action"}, where)
    text = c.text(raw, "text", where)
    when = raw.get("when")
    when_line = _line(raw, "when") or raw.line
    if not isinstance(when, dict):
        c.error(when_line, f"{where}: 'when' names a dimension or an item and a condition")
        return None
    c.unknown_keys(
        when, {"dimension", "item", "op", "value", "band", "in", "equals"}, f"{where}.when"
    )
    values = {}
    if "dimension" in when:
        dimension = dimensions.get(when["dimension"])
        if dimension is None:
            c.error(when_line, f"{where}: refers to a missing dimension {when['dimension']!r}")
            return None
        values["dimension"] = dimension.id
        if "band" in when:
            if when["band"] not in {b.id for b in dimension.bands}:
                c.error(
                    when_line, f"{where}: dimension {dimension.id} has no band {when['band']!r}"
                )
                return None
            values["band"] = when["band"]
        else:
            op, value = when.get("op"), when.get("value")
            if op not in OPERATORS or isinstance(value, bool) or not isinstance(value, int | float):
                c.error(when_line, f"{where}: needs op ({' '.join(OPERATORS)}) and a number value")
                return None
            values.update(op=op, value=float(value))
    elif "item" in when:
        item = items.get(when["item"])
        if item is None:
            c.error(when_line, f"{where}: refers to a missing item {when['item']!r}")
            return None
        values["item"] = item.id
        if "equals" in when or "in" in when:
            chosen = (when["equals"],) if "equals" in when else tuple(when.get("in") or ())
            for value in chosen:
                if item.option(value) is None:
                    c.error(when_line, f"{where}: {value!r} is not an answer of item {item.id}")
                    return None
            values["values"] = chosen
        else:
            op, value = when.get("op"), when.get("value")
            if op not in OPERATORS or isinstance(value, bool) or not isinstance(value, int | float):
                c.error(when_line, f"{where}: needs equals/in, or op and a number value")
                return None
            values.update(op=op, value=float(value))
    else:
        c.error(when_line, f"{where}: 'when' names a dimension or an item")
        return None
    signal = raw.get("signal", False)
    if not isinstance(signal, bool):
        c.error(_line(raw, "signal"), f"{where}: signal must be true or false")
        signal = False
    if text is None:
        return None
    return Rule(
        rule_id,
        text,
        raw.line,
        signal=signal,
        sharing=str(raw.get("sharing") or ""),
        action=str(raw.get("action") or ""),
        **values,
    )


def parse_definition(text: str, source: str) -> Definition:
    """Read and check a definition; raise :class:`DefinitionError` naming every problem."""
    c = _Checker(source)
    try:
        raw = yaml_lines.load(text, source)
    except yaml_lines.YamlProblem as error:
        raise DefinitionError(error.problems) from None
    if not isinstance(raw, dict):
        raise DefinitionError([(source, 1, "a definition is a YAML mapping")])
    c.unknown_keys(raw, TOP_KEYS, "definition")
    instrument_id = raw.get("id")
    if not isinstance(instrument_id, str) or not instrument_id.replace("_", "").isalnum():
        c.error(_line(raw, "id") or 1, "id must be letters, digits and _")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        c.error(_line(raw, "version") or 1, "version must be a whole number ≥ 1")
    title = c.text(raw, "title", "definition")
    intro = c.text(raw, "intro", "definition")
    minutes = raw.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 120:
        c.error(_line(raw, "minutes") or 1, "minutes (estimated time) must be a whole number 1–120")
    audience = raw.get("audience", "learner")
    if audience not in AUDIENCES:
        c.error(_line(raw, "audience"), f"audience must be one of {', '.join(AUDIENCES)}")
    chart = raw.get("chart", "bar")
    if chart not in ("bar", "radar"):
        c.error(_line(raw, "chart"), "chart must be bar or radar")
    scales = raw.get("scales") or {}
    if not isinstance(scales, dict) or not all(isinstance(v, dict) for v in scales.values()):
        c.error(_line(raw, "scales"), "scales maps names to {scale: [low, high], labels: ...}")
    else:
        c.scales = scales
    items: dict[str, Item] = {}
    sections: list[Section] = []
    raw_sections = raw.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        c.error(_line(raw, "sections") or 1, "sections must be a non-empty list")
        raw_sections = []
    section_ids: set[str] = set()
    for index, raw_section in enumerate(raw_sections):
        line = raw_sections.item_lines[index]
        if not c.mapping(raw_section, "section", line):
            continue
        section_id = raw_section.get("id")
        if not isinstance(section_id, str) or not section_id:
            c.error(line, "section needs an id")
            continue
        if section_id in section_ids:
            c.error(line, f"section id {section_id!r} appears twice")
        section_ids.add(section_id)
        c.unknown_keys(raw_section, {"id", "title", "intro", "items"}, f"section {section_id}")
        section_title = c.text(raw_section, "title", f"section {section_id}")
        section_intro = c.text(raw_section, "intro", f"section {section_id}", required=False)
        raw_items = raw_section.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            c.error(_line(raw_section, "items") or line, f"section {section_id}: needs items")
            continue
        ids = []
        for item_index, raw_item in enumerate(raw_items):
            item = _parse_item(c, raw_item, section_id, raw_items.item_lines[item_index])
            if item is None:
                continue
            if item.id in items:
                c.error(item.line, f"item id {item.id!r} appears twice")
                continue
            items[item.id] = item
            ids.append(item.id)
        sections.append(
            Section(section_id, section_title or Text("", "", ""), tuple(ids), section_intro)
        )
    _check_conditions(c, items, [i for s in sections for i in s.items])
    dimensions: dict[str, Dimension] = {}
    raw_dimensions = raw.get("dimensions") or []
    if not isinstance(raw_dimensions, list):
        c.error(_line(raw, "dimensions"), "dimensions must be a list")
        raw_dimensions = []
    for index, raw_dimension in enumerate(raw_dimensions):
        dimension = _parse_dimension(c, raw_dimension, items, raw_dimensions.item_lines[index])
        if dimension is None:
            continue
        if dimension.id in dimensions:
            c.error(dimension.line, f"dimension id {dimension.id!r} appears twice")
        dimensions[dimension.id] = dimension
    rules: list[Rule] = []
    raw_rules = raw.get("feedback") or []
    if not isinstance(raw_rules, list):
        c.error(_line(raw, "feedback"), "feedback must be a list of rules")
        raw_rules = []
    for index, raw_rule in enumerate(raw_rules):
        rule = _parse_rule(c, raw_rule, items, dimensions, raw_rules.item_lines[index])
        if rule is not None:
            if any(r.id == rule.id for r in rules):
                c.error(rule.line, f"feedback rule id {rule.id!r} appears twice")
            rules.append(rule)
    if c.problems:
        raise DefinitionError(c.problems)
    plain = _plain(raw)
    checksum = hashlib.sha256(
        json.dumps(plain, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return Definition(
        id=instrument_id,
        version=version,
        title=title,
        intro=intro,
        minutes=minutes,
        audience=audience,
        sections=tuple(sections),
        items=items,
        dimensions=tuple(dimensions.values()),
        rules=tuple(rules),
        source=source,
        checksum=checksum,
        raw=plain,
        chart=chart,
        seed=str(raw.get("seed") or ""),
        consent_scope=str(raw.get("consent_scope") or "instruments"),
    )


def load_definition(path: str | Path) -> Definition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DefinitionError([(str(path), 0, f"cannot read: {error.strerror}")]) from None
    return parse_definition(text, str(path))


def shipped_paths() -> list[Path]:
    return sorted(DEFINITIONS_DIR.glob("*.yaml"))


@cache
def shipped_definitions() -> dict[str, Definition]:
    """Every definition shipped with the platform, by id (checked once per process)."""
    result: dict[str, Definition] = {}
    problems = []
    for path in shipped_paths():
        try:
            definition = load_definition(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        result[definition.id] = definition
    if problems:
        raise DefinitionError(problems)
    return result


def definition_from_raw(raw: dict, source: str) -> Definition:
    """A stored version's definition (JSON in the database) read back into objects."""
    return parse_definition(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), source)
