"""Recognition procedure definitions: the object model (parser and checks: see below).

A procedure is a versioned YAML file in ``definitions/`` (format: docs/recognition.md).
This module holds the objects every other part of the app reads. The parser
``parse_procedure(text, source)`` checks a file at load time and raises
``DefinitionError`` with (file, line, reason) for every problem it finds.

STATUS: the object model is fixed; the parser/validator is being written
(``parse_procedure``, ``procedure_from_raw``, ``shipped_procedures``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    exempts_workplace_learning: bool = False  # always False: refused at load (Syntra rule)

    def step(self, key: str) -> Step:
        return next(s for s in self.steps if s.key == key)

    def outcome_for(self, module_code: str) -> ModuleOutcome | None:
        return next((o for o in self.outcomes if o.module == module_code), None)
