"""The planning engine: modules, exemptions, prerequisites, entry moments and hours → a plan.

Pure: plain dataclasses in, plain dataclasses out, no database and no clock. The
services (``trajectories/services.py``) build a :class:`PlanInput` from the
programme, the provider's calendar and the learner's exemptions, and store what
:func:`compute_plan` returns.

The algorithm (deterministic, greedy; docs/trajectories.md has a worked example):

1. **Exemptions.** A module exempted as a whole is dropped and counts as passed for
   every prerequisite. A partial exemption lowers the module's hours by the exempted
   hours, or by the exempted credits × the provider's hours per study credit.
2. **Hours.** A module's class and study hours are its own ``hours``, else its credits
   × hours per credit (25–30, a provider setting). Workplace-learning modules are
   planned too but their hours are not counted against the learner's weekly study
   hours (workplace days are planned separately).
3. **Order.** Modules are ranked by (model term, prerequisite depth, position, code):
   the depth of a module is 0 without prerequisites, else one more than the deepest
   "all of" prerequisite and the shallowest option of each "any of" group.
4. **Terms.** Walking the terms from the learner's start moment (the provider's
   calendar, repeated year on year beyond its last year), each term takes, in rank
   order, every module that (a) starts in this term's moment (its entry moments),
   (b) the learner can attend in this moment, (c) has all its "all of" prerequisites
   and one option of each "any of" group passed in an *earlier* term (or exempted),
   and (d) still fits: the term's load stays within hours per week × the term's
   weeks. A module larger than a whole term on its own is put alone in the first term
   it may start in, with a workload warning.
5. **Adjustments.** Placements the learner (with the coach) fixed are placed first,
   as given; the greedy pass plans the rest around them. A fixed placement is never
   refused: it is checked and a warning says what is wrong (term above the hours,
   prerequisite not met before it, module not starting in that moment).
6. **Result.** The completion date is the end of the last term holding a module. The
   **model trajectory** puts every module (no exemptions) in the programme's own term
   number (``Module.term``), counted from the same start moment, for comparison.

The same input always yields the same plan, so a recalculation that changes nothing
reports that nothing moved (:func:`describe_changes`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

MIN_HOURS_PER_WEEK = 1
MAX_HOURS_PER_WEEK = 60
MIN_HOURS_PER_CREDIT = 25
MAX_HOURS_PER_CREDIT = 30
DEFAULT_HOURS_PER_CREDIT = 27
# A plan looks at most this many terms ahead (twenty years of semesters).
MAX_TERMS = 40

# Warning codes (the services turn them into sentences).
TERM_OVER_HOURS = "term_over_hours"
PREREQUISITE_NOT_MET = "prerequisite_not_met"
NOT_ATTENDABLE = "not_attendable"
NOT_OFFERED_IN_TERM = "not_offered_in_term"
NOT_PLANNED = "not_planned"


class PlanningError(ValueError):
    """Input the engine cannot plan with, naming the field and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Term:
    """One term (semester, trimester) of a provider's calendar."""

    academic_year: str  # "2026-2027"
    number: int  # 1, 2, … within the academic year
    starts_on: dt.date
    ends_on: dt.date
    weeks: int | None = None  # teaching weeks; default: the whole weeks between the dates

    @property
    def key(self) -> str:
        return f"{self.academic_year}:{self.number}"

    @property
    def week_count(self) -> int:
        if self.weeks:
            return self.weeks
        return max(1, ((self.ends_on - self.starts_on).days + 1) // 7)

    def next_year(self) -> Term:
        first = int(self.academic_year[:4]) + 1
        return Term(
            academic_year=f"{first}-{first + 1}",
            number=self.number,
            starts_on=_shift_year(self.starts_on),
            ends_on=_shift_year(self.ends_on),
            weeks=self.weeks,
        )


def _shift_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class ModuleInput:
    code: str
    title: str = ""
    hours: int | None = None
    credits: Decimal | float | None = None
    model_term: int | None = None
    all_of: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()  # each group: one of these passed
    entry_terms: tuple[int, ...] = ()  # term numbers it starts in; empty: every term
    is_workplace_learning: bool = False
    position: int = 0


@dataclass(frozen=True)
class Exemption:
    code: str
    whole: bool
    hours: int | None = None
    credits: Decimal | float | None = None


@dataclass(frozen=True)
class PlanInput:
    modules: tuple[ModuleInput, ...]
    calendar: tuple[Term, ...]  # the provider's terms, in order
    start: str  # a term key from the calendar, e.g. "2026-2027:1"
    hours_per_week: int
    hours_per_credit: int = DEFAULT_HOURS_PER_CREDIT
    exemptions: tuple[Exemption, ...] = ()
    placements: Mapping[str, str] = field(default_factory=dict)  # module code → term key
    unavailable_terms: frozenset[int] = frozenset()  # term numbers the learner can't attend


@dataclass(frozen=True)
class PlannedModule:
    code: str
    title: str
    hours: int
    exempted_hours: int
    is_workplace_learning: bool
    fixed: bool = False

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "hours": self.hours,
            "exempted_hours": self.exempted_hours,
            "workplace_learning": self.is_workplace_learning,
            "fixed": self.fixed,
        }


@dataclass(frozen=True)
class PlannedTerm:
    term: Term
    capacity_hours: int
    modules: tuple[PlannedModule, ...]

    @property
    def load_hours(self) -> int:
        return sum(m.hours for m in self.modules if not m.is_workplace_learning)

    def as_dict(self) -> dict:
        return {
            "key": self.term.key,
            "academic_year": self.term.academic_year,
            "number": self.term.number,
            "starts_on": self.term.starts_on.isoformat(),
            "ends_on": self.term.ends_on.isoformat(),
            "weeks": self.term.week_count,
            "capacity_hours": self.capacity_hours,
            "load_hours": self.load_hours,
            "modules": [m.as_dict() for m in self.modules],
        }


@dataclass(frozen=True)
class PlanWarning:
    code: str
    module: str = ""
    term: str = ""
    detail: str = ""  # e.g. the missing prerequisite, or "load/capacity"

    def as_dict(self) -> dict:
        return {"code": self.code, "module": self.module, "term": self.term, "detail": self.detail}


@dataclass(frozen=True)
class Plan:
    terms: tuple[PlannedTerm, ...]
    completion_date: dt.date | None
    model_terms: tuple[PlannedTerm, ...]
    model_completion_date: dt.date | None
    exempted: tuple[str, ...]
    unplanned: tuple[str, ...]
    warnings: tuple[PlanWarning, ...]

    def placements(self) -> dict[str, str]:
        return {m.code: t.term.key for t in self.terms for m in t.modules}

    def as_dict(self) -> dict:
        return {
            "completion_date": _iso(self.completion_date),
            "terms": [t.as_dict() for t in self.terms if t.modules],
            "model": {
                "completion_date": _iso(self.model_completion_date),
                "terms": [t.as_dict() for t in self.model_terms if t.modules],
            },
            "exempted": list(self.exempted),
            "unplanned": list(self.unplanned),
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# Checks ------------------------------------------------------------------------------


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A prerequisite cycle (codes, first repeated at the end) or None.

    ``edges`` maps a module to the modules it needs (all-of and any-of alike: an any-of
    option that leads back to the module is a cycle as well).
    """
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in sorted(edges):
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(edges.get(root, ())))]
        path = [root]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            child = todo.pop(0)
            if state.get(child) == 1:
                return [*path[path.index(child) :], child]
            if not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, sorted(edges.get(child, ()))))
    return None


def prerequisite_edges(modules: Iterable[ModuleInput]) -> dict[str, set[str]]:
    return {m.code: {*m.all_of, *(code for group in m.any_of for code in group)} for m in modules}


def validate_hours_per_week(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise PlanningError(
                "hours_per_week",
                f"must be a whole number from {MIN_HOURS_PER_WEEK} to {MAX_HOURS_PER_WEEK}",
            ) from None
    if not MIN_HOURS_PER_WEEK <= value <= MAX_HOURS_PER_WEEK:
        raise PlanningError(
            "hours_per_week",
            f"must be from {MIN_HOURS_PER_WEEK} to {MAX_HOURS_PER_WEEK} hours a week, not {value}",
        )
    return value


def _validate(plan_input: PlanInput) -> None:
    validate_hours_per_week(plan_input.hours_per_week)
    if not MIN_HOURS_PER_CREDIT <= plan_input.hours_per_credit <= MAX_HOURS_PER_CREDIT:
        raise PlanningError(
            "hours_per_credit",
            f"must be from {MIN_HOURS_PER_CREDIT} to {MAX_HOURS_PER_CREDIT}",
        )
    if not plan_input.calendar:
        raise PlanningError("calendar", "the provider has no terms in its calendar")
    keys = [t.key for t in plan_input.calendar]
    if plan_input.start not in keys:
        raise PlanningError("start", f"must be one of the provider's terms: {', '.join(keys)}")
    numbers = {t.number for t in plan_input.calendar}
    codes = {m.code for m in plan_input.modules}
    for module in plan_input.modules:
        outside = set(module.entry_terms) - numbers
        if outside:
            raise PlanningError(
                "entry_terms",
                f"module {module.code} starts in term {min(outside)}, which is not in the "
                f"provider's calendar (terms {', '.join(map(str, sorted(numbers)))})",
            )
    cycle = find_cycle(prerequisite_edges(plan_input.modules))
    if cycle:
        raise PlanningError("prerequisites", "a cycle: " + " → ".join(cycle))
    for code in plan_input.placements:
        if code not in codes:
            raise PlanningError("placements", f"{code} is not a module of the programme")


# The engine --------------------------------------------------------------------------


def module_hours(module: ModuleInput, hours_per_credit: int) -> int:
    if module.hours:
        return int(module.hours)
    if module.credits:
        return math.ceil(Decimal(str(module.credits)) * hours_per_credit)
    return 0


def _terms_from(plan_input: PlanInput) -> list[Term]:
    """The calendar from the start term on, extended year on year up to MAX_TERMS."""
    calendar = list(plan_input.calendar)
    start = [t.key for t in calendar].index(plan_input.start)
    terms = calendar[start:]
    last_year = [t for t in calendar if t.academic_year == calendar[-1].academic_year]
    while len(terms) < MAX_TERMS:
        last_year = [t.next_year() for t in last_year]
        terms.extend(last_year)
    return terms[:MAX_TERMS]


def _depths(modules: Mapping[str, ModuleInput], passed: set[str]) -> dict[str, int]:
    depths: dict[str, int] = {}

    def depth(code: str) -> int:
        if code in passed or code not in modules:
            return -1
        if code not in depths:
            module = modules[code]
            needed = [depth(c) for c in module.all_of]
            needed += [min(depth(c) for c in group) for group in module.any_of if group]
            depths[code] = 1 + max(needed, default=-1)
        return depths[code]

    for code in modules:
        depth(code)
    return depths


def _missing_prerequisite(module: ModuleInput, done: set[str]) -> str | None:
    for code in module.all_of:
        if code not in done:
            return code
    for group in module.any_of:
        if group and not done.intersection(group):
            return " / ".join(group)
    return None


def compute_plan(plan_input: PlanInput) -> Plan:
    """The learner's plan and the model trajectory beside it (see the module docstring)."""
    _validate(plan_input)
    hpc = plan_input.hours_per_credit
    by_code = {m.code: m for m in plan_input.modules}
    exemptions = {e.code: e for e in plan_input.exemptions if e.code in by_code}
    exempted = {code for code, e in exemptions.items() if e.whole}

    hours: dict[str, int] = {}
    reduced: dict[str, int] = {}
    for module in plan_input.modules:
        full = module_hours(module, hpc)
        cut = 0
        exemption = exemptions.get(module.code)
        if exemption and not exemption.whole:
            if exemption.hours:
                cut = int(exemption.hours)
            elif exemption.credits:
                cut = math.ceil(Decimal(str(exemption.credits)) * hpc)
        hours[module.code] = max(0, full - cut)
        reduced[module.code] = min(full, cut)

    to_plan = {c: m for c, m in by_code.items() if c not in exempted}
    depths = _depths(to_plan, exempted)
    terms = _terms_from(plan_input)
    index_of = {t.key: i for i, t in enumerate(terms)}
    capacity = [plan_input.hours_per_week * t.week_count for t in terms]
    slots: list[list[PlannedModule]] = [[] for _ in terms]
    load = [0] * len(terms)
    placed_at: dict[str, int] = {}
    warnings: list[PlanWarning] = []

    def place(code: str, index: int, fixed: bool = False) -> None:
        module = to_plan[code]
        slots[index].append(
            PlannedModule(
                code=code,
                title=module.title,
                hours=hours[code],
                exempted_hours=reduced[code],
                is_workplace_learning=module.is_workplace_learning,
                fixed=fixed,
            )
        )
        if not module.is_workplace_learning:
            load[index] += hours[code]
        placed_at[code] = index

    for code, key in sorted(plan_input.placements.items()):
        if key not in index_of:
            raise PlanningError(
                "placements",
                f"{key} for {code} is not a term of the plan "
                f"(from {terms[0].key} to {terms[-1].key})",
            )
    fixed = {
        code: index_of[key]
        for code, key in sorted(plan_input.placements.items())
        if code in to_plan
    }
    for code, index in fixed.items():
        place(code, index, fixed=True)

    def rank(code: str) -> tuple:
        module = to_plan[code]
        model = module.model_term if module.model_term is not None else 10**6
        return (model, depths[code], module.position, code)

    waiting = sorted((c for c in to_plan if c not in fixed), key=rank)
    for index, term in enumerate(terms):
        if not waiting:
            break
        done = exempted | {c for c, i in placed_at.items() if i < index}
        attendable = term.number not in plan_input.unavailable_terms
        for code in list(waiting):
            module = to_plan[code]
            if module.entry_terms and term.number not in module.entry_terms:
                continue
            if not attendable and _offered_elsewhere(module, plan_input):
                continue
            if _missing_prerequisite(module, done) is not None:
                continue
            fits = module.is_workplace_learning or load[index] + hours[code] <= capacity[index]
            alone_too_big = load[index] == 0 and hours[code] > capacity[index]
            if not (fits or alone_too_big):
                continue
            place(code, index)
            waiting.remove(code)

    # Checks of the result (fixed placements and oversized modules end up here).
    for index, slot in enumerate(slots):
        term = terms[index]
        if load[index] > capacity[index]:
            warnings.append(
                PlanWarning(
                    TERM_OVER_HOURS, term=term.key, detail=f"{load[index]}/{capacity[index]}"
                )
            )
        earlier = exempted | {c for c, i in placed_at.items() if i < index}
        for planned in slot:
            module = to_plan[planned.code]
            missing = _missing_prerequisite(module, earlier)
            if missing is not None:
                warnings.append(
                    PlanWarning(
                        PREREQUISITE_NOT_MET, module=module.code, term=term.key, detail=missing
                    )
                )
            if module.entry_terms and term.number not in module.entry_terms:
                warnings.append(PlanWarning(NOT_OFFERED_IN_TERM, module=module.code, term=term.key))
            if term.number in plan_input.unavailable_terms:
                warnings.append(PlanWarning(NOT_ATTENDABLE, module=module.code, term=term.key))
    for code in waiting:
        warnings.append(PlanWarning(NOT_PLANNED, module=code))

    planned_terms = tuple(
        PlannedTerm(term=t, capacity_hours=capacity[i], modules=tuple(slots[i]))
        for i, t in enumerate(terms)
    )
    used = [i for i, slot in enumerate(slots) if slot]
    completion = terms[max(used)].ends_on if used else None
    model_terms, model_completion = _model_trajectory(plan_input, terms, capacity)
    return Plan(
        terms=_trim(planned_terms),
        completion_date=completion,
        model_terms=model_terms,
        model_completion_date=model_completion,
        exempted=tuple(sorted(exempted)),
        unplanned=tuple(waiting),
        warnings=tuple(warnings),
    )


def _offered_elsewhere(module: ModuleInput, plan_input: PlanInput) -> bool:
    """Whether ``module`` starts in some moment the learner can attend."""
    numbers = set(module.entry_terms) or {t.number for t in plan_input.calendar}
    return bool(numbers - plan_input.unavailable_terms)


def _trim(terms: tuple[PlannedTerm, ...]) -> tuple[PlannedTerm, ...]:
    used = [i for i, t in enumerate(terms) if t.modules]
    return terms[: max(used) + 1] if used else ()


def _model_trajectory(
    plan_input: PlanInput, terms: list[Term], capacity: list[int]
) -> tuple[tuple[PlannedTerm, ...], dt.date | None]:
    hpc = plan_input.hours_per_credit
    known = [m.model_term for m in plan_input.modules if m.model_term]
    last = max(known, default=1)
    slots: list[list[PlannedModule]] = [[] for _ in terms]
    for module in sorted(
        plan_input.modules, key=lambda m: (m.model_term or last, m.position, m.code)
    ):
        index = min((module.model_term or last) - 1, len(terms) - 1)
        slots[index].append(
            PlannedModule(
                code=module.code,
                title=module.title,
                hours=module_hours(module, hpc),
                exempted_hours=0,
                is_workplace_learning=module.is_workplace_learning,
            )
        )
    planned = tuple(
        PlannedTerm(term=t, capacity_hours=capacity[i], modules=tuple(slots[i]))
        for i, t in enumerate(terms)
    )
    used = [i for i, slot in enumerate(slots) if slot]
    return _trim(planned), (terms[max(used)].ends_on if used else None)


# What moved ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    module: str
    before: str | None  # term key, None: was not planned (or exempted)
    after: str | None


@dataclass(frozen=True)
class Changes:
    moves: tuple[Move, ...]
    completion_before: dt.date | None
    completion_after: dt.date | None

    @property
    def any(self) -> bool:
        return bool(self.moves) or self.completion_before != self.completion_after

    def as_dict(self) -> dict:
        return {
            "moves": [{"module": m.module, "from": m.before, "to": m.after} for m in self.moves],
            "completion_date": {
                "from": _iso(self.completion_before),
                "to": _iso(self.completion_after),
            },
        }


def describe_changes(
    before: Mapping[str, str],
    after: Mapping[str, str],
    completion_before: dt.date | None,
    completion_after: dt.date | None,
) -> Changes:
    """What moved between two placements (module code → term key) and completion dates."""
    moves = tuple(
        Move(code, before.get(code), after.get(code))
        for code in sorted(set(before) | set(after))
        if before.get(code) != after.get(code)
    )
    return Changes(moves, completion_before, completion_after)
