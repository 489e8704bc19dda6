"""Recognition procedure definitions: the object model (parser and checks: see below).

A procedure is a versioned YAML file in ``definitions/`` (format: docs/recognition.md).
This module holds the objects every other part of the app reads. The parser
``parse_procedure(text, source)`` checks a file at load time and raises
``DefinitionError`` with (file, line, reason) for every problem it finds.

The file checks are here; the checks against the catalogue (provider, programme,
framework, competence and module codes exist; no whole exemption of a workplace-learning
module) run when a procedure is synced: ``procedures.bind_problems``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from trajectwijzer import yaml_lines


class StepType:
    INTAKE = "intake"  # intake conversation
    QUICKSCAN = "quickscan"  # an instrument of the questionnaire engine
    PORTFOLIO = "portfolio"
    HOME_ASSIGNMENT = "home_assignment"
    CRITERION_INTERVIEW = "criterion_interview"  # STARR
    SIMULATION = "simulation"
    PRACTICAL_ASSIGNMENT = "practical_assignment"  # on site (campus or workplace)
    KNOWLEDGE_TEST = "knowledge_test"
    JURY_DELIBERATION = "jury_deliberation"

    ALL = (
        INTAKE,
        QUICKSCAN,
        PORTFOLIO,
        HOME_ASSIGNMENT,
        CRITERION_INTERVIEW,
        SIMULATION,
        PRACTICAL_ASSIGNMENT,
        KNOWLEDGE_TEST,
        JURY_DELIBERATION,
    )


class DefinitionError(Exception):
    """A definition file was refused; ``problems`` is a list of (source, line, reason)."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        super().__init__(
            "\n".join(f"{source}:{line}: {reason}" for source, line, reason in problems)
        )


@dataclass(frozen=True)
class Text:
    """A text in nl, fr and en (nl required)."""

    nl: str
    fr: str = ""
    en: str = ""

    def get(self, language: str | None = None) -> str:
        return getattr(self, (language or "nl")[:2], "") or self.nl

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.get(get_language())


@dataclass(frozen=True)
class ScaleValue:
    value: str  # e.g. "insufficient", "sufficient", "good"
    label: Text
    passes: bool  # whether this value counts as passing the criterion/competence


@dataclass(frozen=True)
class Criterion:
    key: str
    title: Text


@dataclass(frozen=True)
class AssessmentFramework:
    criteria: tuple[Criterion, ...]
    scale: tuple[ScaleValue, ...]

    def value(self, key: str) -> ScaleValue | None:
        return next((v for v in self.scale if v.value == key), None)


@dataclass(frozen=True)
class Condition:
    """When a step is needed / when an outcome applies.

    ``passed``: every named step passed; ``any_passed``: at least one passed;
    ``not_passed``: every named step did not pass (or was needed and failed).
    Empty condition = always.
    """

    passed: tuple[str, ...] = ()
    any_passed: tuple[str, ...] = ()
    not_passed: tuple[str, ...] = ()

    def step_keys(self) -> tuple[str, ...]:
        return self.passed + self.any_passed + self.not_passed

    def holds(self, passed_steps: set[str], failed_steps: set[str]) -> bool:
        return (
            all(k in passed_steps for k in self.passed)
            and (not self.any_passed or any(k in passed_steps for k in self.any_passed))
            and all(k in failed_steps for k in self.not_passed)
        )


@dataclass(frozen=True)
class Step:
    key: str
    type: str  # one of StepType.ALL
    title: Text
    description: Text | None
    assessor_role: str  # accounts Role or AssessorRole value: who judges it
    assesses: tuple[str, ...]  # competence codes (of the target framework)
    framework: AssessmentFramework
    max_duration_days: int  # how long the step may take (signal to the coach when over)
    waits_on: str  # "learner" or "assessor": who must act first
    location: tuple[str, ...] = ()  # e.g. ("campus", "workplace")
    instrument: str = ""  # for quickscan: the instrument slug
    needed_when: Condition = field(default_factory=Condition)  # e.g. practical test if needed
    pass_rule: str = "all_competences"  # "all_competences" | "no_insufficient" | "judged"
    line: int = 0
    # Only needed when the request targets one of these modules (one exemption test per
    # module, as Syntra's and Woodwize's); empty = whatever the request targets.
    for_modules: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModuleOutcome:
    """What the decision proposes for one target module."""

    module: str  # module code in the target programme
    exempt_when: Condition
    partly_when: Condition | None = None
    partly_hours: int | None = None  # hours exempted when partly_when holds
    partly_credits: float | None = None
    internship_weeks_per_step: int | None = None  # stageportfolio: weeks per passed step
    internship_weeks_max: int | None = None
    line: int = 0
    # False when the outcome never grants the whole module (no ``exempt_when`` in the
    # file, e.g. the stageportfolio only shortens an internship): ignore ``exempt_when``.
    whole: bool = True


@dataclass(frozen=True)
class Certificate:
    kind: str  # "competentiebewijs" | "learning_outcomes"
    when: Condition
    competences: tuple[str, ...]  # recognised when ``when`` holds (default: the target's)
    valid_years: int | None = None


@dataclass(frozen=True)
class Target:
    kind: str  # "programme" | "qualification" | "modules"
    programme: str  # Programme.external_id ("" when kind is qualification only)
    qualification: str  # Qualification.code ("" when none)
    framework: str  # CompetenceFramework.code
    competences: tuple[str, ...]  # competence codes in scope
    modules: tuple[str, ...]  # module codes (of ``programme``) a request may target


@dataclass(frozen=True)
class Deadline:
    """A request must be submitted before this month-day of the course year (Syntra)."""

    kind: str  # "before_course_year"
    month: int
    day: int


@dataclass(frozen=True)
class Procedure:
    slug: str
    version: int
    provider: str  # catalogue Provider slug
    title: Text
    description: Text
    source: str  # where it comes from (seed lines, official page)
    grounds: tuple[str, ...]  # Grounds values allowed
    target: Target
    steps: tuple[Step, ...]
    outcomes: tuple[ModuleOutcome, ...]
    certificate: Certificate | None
    deciding_role: str  # who signs off decisions (e.g. "jury_chair", "provider_admin")
    appeal_allowed: bool
    appeal_within_days: int | None
    deadline: Deadline | None
    decision_valid_years: int | None  # validity of decisions (None: no end)
    # A whole exemption of a workplace-learning module is refused at bind time unless
    # the procedure says otherwise here (Woodwize's workplace-based EVC standard does;
    # Syntra's rule is the default). A module that is not exemptable is always refused.
    exempts_workplace_learning: bool = False
    # The most internship weeks all decisions of one request may reduce together
    # (Howest's stageportfolio: at most 2 × 3 weeks); None = only the outcomes' caps.
    internship_weeks_max_total: int | None = None
    checksum: str = ""  # sha256 of the definition as stored (sync: same checksum = same)
    raw: dict = field(default_factory=dict, repr=False, compare=False)  # stored as JSON
    # Line of each catalogue reference, for the bind check's file:line messages: keys
    # "provider", "target.programme", "target.qualification", "target.framework",
    # "competence:<code>", "module:<code>", "instrument:<step key>".
    lines: dict = field(default_factory=dict, repr=False, compare=False)

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def outcome_for(self, module_code: str) -> ModuleOutcome | None:
        return next((o for o in self.outcomes if o.module == module_code), None)

    def step_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps)


# Reading and checking -----------------------------------------------------------------

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
LANGUAGES = ("nl", "fr", "en")
GROUNDS = ("evk", "evc", "professional")  # models.Grounds values
TARGET_KINDS = ("programme", "qualification", "modules")
ASSESSING_ROLES = ("assessor", "jury_chair", "sector_assessor")  # models.AssessorRole
DECIDING_ROLES = (*ASSESSING_ROLES, "provider_admin")
WAITS_ON = ("learner", "assessor")
LOCATIONS = ("campus", "workplace", "online")
PASS_RULES = ("all_competences", "no_insufficient", "judged")
CERTIFICATE_KINDS = ("competentiebewijs", "learning_outcomes")
DEADLINE_KINDS = ("before_course_year",)
CONDITION_KEYS = ("passed", "any_passed", "not_passed")

TOP_KEYS = {
    "slug",
    "version",
    "provider",
    "title",
    "description",
    "source",
    "grounds",
    "target",
    "frameworks",
    "steps",
    "outcomes",
    "certificate",
    "deciding_role",
    "appeal",
    "deadline",
    "decision_valid_years",
    "exempts_workplace_learning",
    "internship_weeks_max_total",
}
TARGET_KEYS = {"kind", "programme", "qualification", "framework", "competences", "modules"}
STEP_KEYS = {
    "key",
    "type",
    "title",
    "description",
    "assessor_role",
    "assesses",
    "framework",
    "max_duration_days",
    "waits_on",
    "location",
    "instrument",
    "needed_when",
    "pass_rule",
    "for_modules",
}
FRAMEWORK_KEYS = {"criteria", "scale"}
OUTCOME_KEYS = {
    "module",
    "exempt_when",
    "partly_when",
    "partly_hours",
    "partly_credits",
    "internship_weeks_per_step",
    "internship_weeks_max",
}
CERTIFICATE_KEYS = {"kind", "when", "competences", "valid_years"}
APPEAL_KEYS = {"allowed", "within_days"}
DEADLINE_KEYS = {"kind", "month", "day"}

_SLUG = re.compile(r"[a-z][a-z0-9-]{0,79}")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,59}")


# YAML with line numbers: trajectwijzer.yaml_lines -----------------------------------

_Map = yaml_lines.LineMap
_line = yaml_lines.line
_item_line = yaml_lines.item_line
_plain = yaml_lines.plain


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Checker:
    """Collects (source, line, reason) problems while a definition is read."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[tuple[str, int, str]] = []
        self.lines: dict[str, int] = {}

    def error(self, line: int, reason: str) -> None:
        self.problems.append((self.source, line, reason))

    def unknown_keys(self, obj: dict, allowed: set[str], where: str) -> None:
        for key in obj:
            if key not in allowed:
                self.error(
                    _line(obj, key),
                    f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})",
                )

    def mapping(self, obj: Any, where: str, line: int) -> bool:
        if not isinstance(obj, dict):
            self.error(line, f"{where} must be a mapping")
            return False
        return True

    def text(self, parent: dict, key: str, where: str, *, required: bool = True) -> Text | None:
        value = parent.get(key)
        line = _line(parent, key, _line(parent))
        if value is None:
            if required:
                self.error(_line(parent), f"{where}: '{key}' is missing (a text with nl, fr, en)")
            return None
        if not isinstance(value, dict):
            self.error(line, f"{where}.{key} must map languages (nl, fr, en) to texts")
            return None
        unknown = sorted(str(k) for k in value if k not in LANGUAGES)
        if unknown:
            self.error(line, f"{where}.{key}: unknown language(s) {', '.join(unknown)}")
        texts = {}
        for language in LANGUAGES:
            text = value.get(language)
            if text is not None and not isinstance(text, str):
                self.error(line, f"{where}.{key}.{language} must be a text")
                text = None
            texts[language] = (text or "").strip()
        if not texts["nl"]:
            self.error(line, f"{where}.{key}: the Dutch text (nl) is missing")
            return None
        return Text(**texts)

    def whole_number(
        self, parent: dict, key: str, where: str, low: int, high: int, *, required: bool = False
    ) -> int | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.error(_line(parent), f"{where}: '{key}' is missing (a whole number)")
            return None
        if not _is_int(value) or not low <= value <= high:
            self.error(
                _line(parent, key),
                f"{where}.{key} must be a whole number from {low} to {high}, not {value!r}",
            )
            return None
        return value

    def codes(self, parent: dict, key: str, where: str, pattern=None) -> tuple[str, ...] | None:
        """A list of unique texts (codes or keys); None after an error."""
        value = parent.get(key)
        if value is None:
            return ()
        line = _line(parent, key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.error(line, f"{where}.{key} must be a list of codes")
            return None
        seen: set[str] = set()
        for index, code in enumerate(value):
            if code in seen:
                self.error(_item_line(value, index, line), f"{where}.{key}: {code!r} appears twice")
                return None
            if pattern is not None and not pattern.fullmatch(code):
                self.error(_item_line(value, index, line), f"{where}.{key}: {code!r} is not a key")
                return None
            seen.add(code)
        return tuple(value)

    def choice(
        self, parent: dict, key: str, where: str, allowed, *, default: str | None = None
    ) -> str | None:
        value = parent.get(key, default)
        if value not in allowed:
            self.error(
                _line(parent, key, _line(parent)),
                f"{where}.{key} must be one of {', '.join(allowed)}, not {value!r}",
            )
            return None
        return value

    def boolean(self, parent: dict, key: str, where: str, default: bool) -> bool:
        value = parent.get(key, default)
        if not isinstance(value, bool):
            self.error(_line(parent, key), f"{where}.{key} must be true or false, not {value!r}")
            return default
        return value


def _parse_condition(
    c: _Checker, parent: dict, key: str, where: str, allowed_steps: dict[str, int]
) -> Condition | None:
    """A condition naming steps of ``allowed_steps`` (key → position); None after an error."""
    raw = parent.get(key)
    line = _line(parent, key, _line(parent))
    if raw is None:
        return Condition()
    if not isinstance(raw, dict):
        c.error(line, f"{where}.{key} must be a mapping of {', '.join(CONDITION_KEYS)}")
        return None
    c.unknown_keys(raw, set(CONDITION_KEYS), f"{where}.{key}")
    parts = {}
    ok = True
    for part in CONDITION_KEYS:
        keys = c.codes(raw, part, f"{where}.{key}")
        if keys is None:
            ok = False
            continue
        for step_key in keys:
            if step_key not in allowed_steps:
                c.error(
                    _line(raw, part, line),
                    f"{where}.{key}.{part} names a missing step {step_key!r}"
                    + (
                        " (steps: " + ", ".join(allowed_steps) + ")"
                        if allowed_steps
                        else " (no step before it)"
                    ),
                )
                ok = False
        parts[part] = keys
    return Condition(**parts) if ok else None


def _parse_framework(c: _Checker, raw: Any, where: str, line: int) -> AssessmentFramework | None:
    if not c.mapping(raw, where, line):
        return None
    c.unknown_keys(raw, FRAMEWORK_KEYS, where)
    criteria: list[Criterion] = []
    raw_criteria = raw.get("criteria") or []
    if not isinstance(raw_criteria, list):
        c.error(_line(raw, "criteria", line), f"{where}.criteria must be a list of {{key, title}}")
        raw_criteria = []
    for index, raw_criterion in enumerate(raw_criteria):
        criterion_line = _item_line(raw_criteria, index, line)
        if not c.mapping(raw_criterion, f"{where} criterion", criterion_line):
            continue
        c.unknown_keys(raw_criterion, {"key", "title"}, f"{where} criterion")
        key = raw_criterion.get("key")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            c.error(criterion_line, f"{where}: a criterion needs a key (a-z, 0-9, _), not {key!r}")
            continue
        if any(existing.key == key for existing in criteria):
            c.error(criterion_line, f"{where}: criterion {key!r} appears twice")
            continue
        title = c.text(raw_criterion, "title", f"{where} criterion {key}")
        if title is not None:
            criteria.append(Criterion(key, title))
    raw_scale = raw.get("scale")
    scale_line = _line(raw, "scale", line)
    if not isinstance(raw_scale, list) or len(raw_scale) < 2:
        c.error(scale_line, f"{where}.scale must list at least two values {{value, label, passes}}")
        return None
    scale: list[ScaleValue] = []
    for index, raw_value in enumerate(raw_scale):
        value_line = _item_line(raw_scale, index, scale_line)
        if not c.mapping(raw_value, f"{where} scale value", value_line):
            continue
        c.unknown_keys(raw_value, {"value", "label", "passes"}, f"{where} scale value")
        value = raw_value.get("value")
        if not isinstance(value, str) or not _KEY.fullmatch(value):
            c.error(value_line, f"{where}.scale: a value is a key (a-z, 0-9, _), not {value!r}")
            continue
        if any(existing.value == value for existing in scale):
            c.error(value_line, f"{where}.scale: value {value!r} appears twice")
            continue
        passes = raw_value.get("passes")
        if not isinstance(passes, bool):
            c.error(value_line, f"{where}.scale: value {value!r} needs passes: true or false")
            continue
        label = c.text(raw_value, "label", f"{where}.scale value {value}")
        if label is not None:
            scale.append(ScaleValue(value, label, passes))
    if len(scale) == len(raw_scale):
        if not any(v.passes for v in scale):
            c.error(scale_line, f"{where}.scale has no passing value (passes: true)")
            return None
        if all(v.passes for v in scale):
            c.error(scale_line, f"{where}.scale has no failing value (passes: false)")
            return None
    else:
        return None
    return AssessmentFramework(tuple(criteria), tuple(scale))


def _parse_target(c: _Checker, raw: dict) -> Target | None:
    value = raw.get("target")
    line = _line(raw, "target", 1)
    if not c.mapping(value, "target", line):
        return None
    c.unknown_keys(value, TARGET_KEYS, "target")
    kind = c.choice(value, "kind", "target", TARGET_KINDS)
    texts = {}
    for key in ("programme", "qualification", "framework"):
        text = value.get(key, "")
        if not isinstance(text, str):
            c.error(_line(value, key, line), f"target.{key} must be a code (text)")
            text = ""
        texts[key] = text.strip()
        if texts[key]:
            c.lines[f"target.{key}"] = _line(value, key, line)
    if kind in ("programme", "modules") and not texts["programme"]:
        c.error(line, f"target: a {kind} target names its programme (external id)")
    if kind == "qualification" and not texts["qualification"]:
        c.error(line, "target: a qualification target names its qualification (code)")
    if not texts["framework"]:
        c.error(line, "target: 'framework' is missing (the competence framework's code)")
    competences = c.codes(value, "competences", "target")
    if competences == ():
        c.error(_line(value, "competences", line), "target.competences must list competence codes")
        competences = None
    modules = c.codes(value, "modules", "target")
    if modules and not texts["programme"]:
        c.error(_line(value, "modules", line), "target.modules need a target programme")
    if kind == "modules" and modules == ():
        c.error(_line(value, "modules", line), "target: a modules target lists its modules")
    for key, codes in (("competences", competences), ("modules", modules)):
        raw_codes = value.get(key)
        for index, code in enumerate(codes or ()):
            prefix = "competence" if key == "competences" else "module"
            c.lines[f"{prefix}:{code}"] = _item_line(raw_codes, index, _line(value, key, line))
    if kind is None or competences is None or modules is None:
        return None
    return Target(
        kind,
        texts["programme"],
        texts["qualification"],
        texts["framework"],
        competences,
        modules,
    )


def _parse_step(
    c: _Checker,
    raw: Any,
    line: int,
    frameworks: dict[str, AssessmentFramework | None],
    target: Target | None,
    earlier: dict[str, int],
) -> Step | None:
    if not c.mapping(raw, "step", line):
        return None
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        c.error(line, f"step: key must be a-z, 0-9 and _ (at most 60), not {key!r}")
        return None
    where = f"step {key}"
    c.unknown_keys(raw, STEP_KEYS, where)
    step_type = raw.get("type")
    if step_type not in StepType.ALL:
        c.error(
            _line(raw, "type", line),
            f"{where}: unknown step type {step_type!r} (allowed: {', '.join(StepType.ALL)})",
        )
        step_type = None
    title = c.text(raw, "title", where)
    description = c.text(raw, "description", where, required=False)
    assessor_role = c.choice(raw, "assessor_role", where, ASSESSING_ROLES)
    assesses = c.codes(raw, "assesses", where)
    if assesses and target is not None:
        outside = [code for code in assesses if code not in target.competences]
        if outside:
            c.error(
                _line(raw, "assesses", line),
                f"{where}: assesses {', '.join(outside)}, not a competence of the target "
                f"(target competences: {', '.join(target.competences)})",
            )
            assesses = None
    framework_value = raw.get("framework")
    framework_line = _line(raw, "framework", line)
    framework = None
    if framework_value is None:
        c.error(
            line, f"{where}: 'framework' is missing (a name under frameworks, or criteria+scale)"
        )
    elif isinstance(framework_value, str):
        if framework_value not in frameworks:
            c.error(
                framework_line,
                f"{where}: unknown framework {framework_value!r} (define it under frameworks"
                + (": " + ", ".join(frameworks) if frameworks else "")
                + ")",
            )
        framework = frameworks.get(framework_value)
    else:
        framework = _parse_framework(c, framework_value, f"{where}.framework", framework_line)
    max_days = c.whole_number(raw, "max_duration_days", where, 1, 365, required=True)
    waits_on = c.choice(raw, "waits_on", where, WAITS_ON)
    location = c.codes(raw, "location", where)
    for place in location or ():
        if place not in LOCATIONS:
            c.error(
                _line(raw, "location", line),
                f"{where}.location: {place!r} is not one of {', '.join(LOCATIONS)}",
            )
            location = None
    instrument = raw.get("instrument", "")
    if not isinstance(instrument, str):
        c.error(_line(raw, "instrument", line), f"{where}.instrument must be an instrument id")
        instrument = ""
    if step_type == StepType.QUICKSCAN and not instrument:
        c.error(line, f"{where}: a quickscan names its instrument (instruments/definitions)")
    if instrument and step_type not in (StepType.QUICKSCAN, None):
        c.error(_line(raw, "instrument", line), f"{where}: only a quickscan has an instrument")
    if instrument:
        c.lines[f"instrument:{key}"] = _line(raw, "instrument", line)
    needed_when = _parse_condition(c, raw, "needed_when", f"{where}", earlier)
    for_modules = c.codes(raw, "for_modules", where)
    if for_modules and target is not None:
        outside = [code for code in for_modules if code not in target.modules]
        if outside:
            c.error(
                _line(raw, "for_modules", line),
                f"{where}.for_modules: {', '.join(outside)} not a module of the target"
                + (f" (target modules: {', '.join(target.modules)})" if target.modules else ""),
            )
            for_modules = None
    pass_rule = c.choice(raw, "pass_rule", where, PASS_RULES, default="all_competences")
    if pass_rule in ("all_competences", "no_insufficient") and assesses == ():
        c.error(
            _line(raw, "pass_rule", line),
            f"{where}: pass_rule {pass_rule} needs competences under assesses "
            "(or pass_rule: judged)",
        )
        pass_rule = None
    if None in (
        step_type,
        title,
        assessor_role,
        assesses,
        framework,
        max_days,
        waits_on,
        location,
        needed_when,
        pass_rule,
        for_modules,
    ):
        return None
    return Step(
        key=key,
        type=step_type,
        title=title,
        description=description,
        assessor_role=assessor_role,
        assesses=assesses,
        framework=framework,
        max_duration_days=max_days,
        waits_on=waits_on,
        location=location,
        instrument=instrument,
        needed_when=needed_when,
        pass_rule=pass_rule,
        line=line,
        for_modules=for_modules,
    )


def _parse_outcome(
    c: _Checker, raw: Any, line: int, target: Target | None, steps: dict[str, int]
) -> ModuleOutcome | None:
    if not c.mapping(raw, "outcome", line):
        return None
    module = raw.get("module")
    if not isinstance(module, str) or not module:
        c.error(line, "outcome: 'module' is missing (a module code of the target)")
        return None
    where = f"outcome {module}"
    c.unknown_keys(raw, OUTCOME_KEYS, where)
    if target is not None and module not in target.modules:
        c.error(
            _line(raw, "module", line),
            f"{where}: module {module!r} is not in the target"
            + (
                f" (target modules: {', '.join(target.modules)})"
                if target.modules
                else " (the target lists no modules)"
            ),
        )
        return None
    whole = "exempt_when" in raw
    exempt_when = _parse_condition(c, raw, "exempt_when", where, steps)
    partly_when = (
        _parse_condition(c, raw, "partly_when", where, steps) if "partly_when" in raw else None
    )
    hours = c.whole_number(raw, "partly_hours", where, 1, 10000)
    credits = raw.get("partly_credits")
    if credits is not None and (
        isinstance(credits, bool) or not isinstance(credits, int | float) or not 0 < credits <= 240
    ):
        c.error(_line(raw, "partly_credits", line), f"{where}.partly_credits must be 0–240")
        credits = None
    weeks = c.whole_number(raw, "internship_weeks_per_step", where, 1, 52)
    weeks_max = c.whole_number(raw, "internship_weeks_max", where, 1, 52)
    if weeks_max is not None and weeks is None:
        c.error(
            _line(raw, "internship_weeks_max", line), f"{where}: weeks_max needs weeks_per_step"
        )
    if weeks is not None and weeks_max is not None and weeks_max < weeks:
        c.error(
            _line(raw, "internship_weeks_max", line),
            f"{where}: internship_weeks_max ({weeks_max}) is below weeks_per_step ({weeks})",
        )
    amounts = [a for a in (hours, credits, weeks) if a is not None]
    if "partly_when" in raw and not amounts:
        c.error(
            _line(raw, "partly_when", line),
            f"{where}: a partial exemption says how much "
            "(partly_hours, partly_credits or internship_weeks_per_step)",
        )
        return None
    if amounts and "partly_when" not in raw:
        c.error(line, f"{where}: partly_hours/credits/weeks need partly_when")
        return None
    if not whole and partly_when is None:
        c.error(line, f"{where}: grants nothing (give exempt_when and/or partly_when)")
        return None
    if exempt_when is None or ("partly_when" in raw and partly_when is None):
        return None
    return ModuleOutcome(
        module=module,
        exempt_when=exempt_when,
        partly_when=partly_when,
        partly_hours=hours,
        partly_credits=float(credits) if credits is not None else None,
        internship_weeks_per_step=weeks,
        internship_weeks_max=weeks_max,
        line=line,
        whole=whole,
    )


def _parse_certificate(
    c: _Checker, raw: dict, target: Target | None, steps: dict[str, int]
) -> Certificate | None:
    value = raw["certificate"]
    line = _line(raw, "certificate", 1)
    if not c.mapping(value, "certificate", line):
        return None
    c.unknown_keys(value, CERTIFICATE_KEYS, "certificate")
    kind = c.choice(value, "kind", "certificate", CERTIFICATE_KINDS)
    when = _parse_condition(c, value, "when", "certificate", steps)
    competences = c.codes(value, "competences", "certificate")
    if competences and target is not None:
        outside = [code for code in competences if code not in target.competences]
        if outside:
            c.error(
                _line(value, "competences", line),
                f"certificate: {', '.join(outside)} not a competence of the target",
            )
            competences = None
    if competences == () and target is not None:
        competences = target.competences
    valid_years = c.whole_number(value, "valid_years", "certificate", 1, 50)
    if None in (kind, when, competences):
        return None
    return Certificate(kind, when, competences, valid_years)


def _parse_deadline(c: _Checker, raw: dict) -> Deadline | None:
    value = raw["deadline"]
    line = _line(raw, "deadline", 1)
    if not c.mapping(value, "deadline", line):
        return None
    c.unknown_keys(value, DEADLINE_KEYS, "deadline")
    kind = c.choice(value, "kind", "deadline", DEADLINE_KINDS)
    month = c.whole_number(value, "month", "deadline", 1, 12, required=True)
    day = c.whole_number(value, "day", "deadline", 1, 31, required=True)
    if month is not None and day is not None:
        try:
            dt.date(2001, month, day)  # a day every year has (no 29 February)
        except ValueError:
            c.error(_line(value, "day", line), f"deadline: month {month} has no day {day}")
            return None
    if None in (kind, month, day):
        return None
    return Deadline(kind, month, day)


def _procedure(c: _Checker, raw: Any) -> Procedure | None:
    if not isinstance(raw, dict):
        c.error(1, "a procedure definition is a YAML mapping")
        return None
    c.unknown_keys(raw, TOP_KEYS, "procedure")
    slug = raw.get("slug")
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        c.error(_line(raw, "slug", 1), f"slug must be a-z, 0-9 and - (at most 80), not {slug!r}")
    version = c.whole_number(raw, "version", "procedure", 1, 10000, required=True)
    provider = raw.get("provider")
    if not isinstance(provider, str) or not provider:
        c.error(_line(raw, "provider", 1), "provider must be the catalogue provider's slug")
    else:
        c.lines["provider"] = _line(raw, "provider", 1)
    title = c.text(raw, "title", "procedure")
    description = c.text(raw, "description", "procedure")
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        c.error(_line(raw, "source", 1), "source must say where the procedure comes from")
    grounds = c.codes(raw, "grounds", "procedure")
    if grounds == ():
        c.error(_line(raw, "grounds", 1), f"grounds must list one or more of {', '.join(GROUNDS)}")
        grounds = None
    for ground in grounds or ():
        if ground not in GROUNDS:
            c.error(
                _line(raw, "grounds", 1),
                f"grounds: {ground!r} is not one of {', '.join(GROUNDS)}",
            )
            grounds = None
    target = _parse_target(c, raw)

    frameworks: dict[str, AssessmentFramework | None] = {}
    raw_frameworks = raw.get("frameworks") or {}
    if not isinstance(raw_frameworks, dict):
        c.error(_line(raw, "frameworks"), "frameworks must map names to {criteria, scale}")
        raw_frameworks = {}
    for name, raw_framework in raw_frameworks.items():
        frameworks[str(name)] = _parse_framework(
            c, raw_framework, f"framework {name}", _line(raw_frameworks, name)
        )

    steps: list[Step] = []
    positions: dict[str, int] = {}
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        c.error(_line(raw, "steps", 1), "steps must be a non-empty list")
        raw_steps = []
    for index, raw_step in enumerate(raw_steps):
        line = _item_line(raw_steps, index, 1)
        key = raw_step.get("key") if isinstance(raw_step, dict) else None
        if isinstance(key, str) and key in positions:
            c.error(line, f"step key {key!r} appears twice")
            continue
        step = _parse_step(c, raw_step, line, frameworks, target, dict(positions))
        if isinstance(key, str) and _KEY.fullmatch(key):
            positions[key] = index
        if step is not None:
            steps.append(step)

    outcomes: list[ModuleOutcome] = []
    raw_outcomes = raw.get("outcomes") or []
    if not isinstance(raw_outcomes, list):
        c.error(_line(raw, "outcomes"), "outcomes must be a list (one per module)")
        raw_outcomes = []
    for index, raw_outcome in enumerate(raw_outcomes):
        line = _item_line(raw_outcomes, index, 1)
        outcome = _parse_outcome(c, raw_outcome, line, target, positions)
        if outcome is None:
            continue
        if any(o.module == outcome.module for o in outcomes):
            c.error(line, f"outcome for module {outcome.module!r} appears twice")
            continue
        outcomes.append(outcome)

    certificate = None
    if raw.get("certificate") is not None:
        certificate = _parse_certificate(c, raw, target, positions)
    if not raw_outcomes and raw.get("certificate") is None:
        c.error(1, "the procedure decides nothing: give outcomes (per module) or a certificate")

    deciding_role = c.choice(raw, "deciding_role", "procedure", DECIDING_ROLES)
    appeal = raw.get("appeal")
    appeal_allowed, appeal_days = False, None
    if appeal is None:
        c.error(
            1,
            "procedure: 'appeal' is missing ({allowed: true, within_days: N} or {allowed: false})",
        )
    elif c.mapping(appeal, "appeal", _line(raw, "appeal")):
        c.unknown_keys(appeal, APPEAL_KEYS, "appeal")
        appeal_allowed = c.boolean(appeal, "allowed", "appeal", False)
        if "allowed" not in appeal:
            c.error(_line(raw, "appeal"), "appeal: 'allowed' is missing (true or false)")
        appeal_days = c.whole_number(appeal, "within_days", "appeal", 1, 365)
        if appeal_allowed and appeal_days is None and "within_days" not in appeal:
            c.error(_line(raw, "appeal"), "appeal: an allowed appeal says within_days")
        if not appeal_allowed and "within_days" in appeal:
            c.error(_line(appeal, "within_days"), "appeal: within_days without allowed: true")
    deadline = _parse_deadline(c, raw) if raw.get("deadline") is not None else None
    valid_years = c.whole_number(raw, "decision_valid_years", "procedure", 1, 50)
    workplace = c.boolean(raw, "exempts_workplace_learning", "procedure", False)
    weeks_total = c.whole_number(raw, "internship_weeks_max_total", "procedure", 1, 52)
    if weeks_total is not None and not any(o.internship_weeks_per_step for o in outcomes):
        c.error(
            _line(raw, "internship_weeks_max_total"),
            "internship_weeks_max_total needs an outcome with internship_weeks_per_step",
        )

    if c.problems:
        return None
    plain = _plain(raw)
    checksum = hashlib.sha256(
        json.dumps(plain, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return Procedure(
        slug=slug,
        version=version,
        provider=provider,
        title=title,
        description=description,
        source=source.strip(),
        grounds=grounds,
        target=target,
        steps=tuple(steps),
        outcomes=tuple(outcomes),
        certificate=certificate,
        deciding_role=deciding_role,
        appeal_allowed=appeal_allowed,
        appeal_within_days=appeal_days,
        deadline=deadline,
        decision_valid_years=valid_years,
        exempts_workplace_learning=workplace,
        internship_weeks_max_total=weeks_total,
        checksum=checksum,
        raw=plain,
        lines=dict(c.lines),
    )


def parse_procedure(text: str, source: str) -> Procedure:
    """Read and check a definition; raise :class:`DefinitionError` naming every problem."""
    try:
        raw = yaml_lines.load(text, source)
    except yaml_lines.YamlProblem as error:
        raise DefinitionError(error.problems) from None
    c = _Checker(source)
    procedure = _procedure(c, raw)
    if procedure is None:
        raise DefinitionError(c.problems)
    return procedure


def load_procedure(path: str | Path) -> Procedure:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise DefinitionError([(str(path), 0, f"cannot read: {reason}")]) from None
    return parse_procedure(text, str(path))


def procedure_from_raw(raw: dict, source: str) -> Procedure:
    """A stored version's definition (JSON in the database) read back into objects."""
    return parse_procedure(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), source)


def shipped_paths() -> list[Path]:
    return sorted(DEFINITIONS_DIR.glob("*.yaml"))


@cache
def shipped_procedures() -> dict[str, Procedure]:
    """Every procedure shipped with the platform, by slug (checked once per process).

    Only the file checks: the catalogue references are checked when a procedure is
    synced (``procedures.sync_procedures``).
    """
    result: dict[str, Procedure] = {}
    problems: list[tuple[str, int, str]] = []
    for path in shipped_paths():
        try:
            procedure = load_procedure(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        if procedure.slug in result:
            problems.append((str(path), 1, f"slug {procedure.slug!r} is used by another file"))
            continue
        result[procedure.slug] = procedure
    if problems:
        raise DefinitionError(problems)
    return result
