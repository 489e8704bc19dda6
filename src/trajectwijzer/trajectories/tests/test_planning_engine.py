"""The planning engine on its own (no database): hand-worked cases and properties.

The calendar: semester 1 from mid-September to January and semester 2 from February
to June, 15 teaching weeks each; 27 hours per credit, so a 5-credit module is 135
hours. At 10 hours a week a semester holds 150 hours: one such module; at 20, two.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trajectwijzer.trajectories import planning
from trajectwijzer.trajectories.planning import Exemption, ModuleInput, PlanInput, Term

CALENDAR = (
    Term("2026-2027", 1, dt.date(2026, 9, 14), dt.date(2027, 1, 31), weeks=15),
    Term("2026-2027", 2, dt.date(2027, 2, 8), dt.date(2027, 6, 30), weeks=15),
)
A = ModuleInput("A", "Arbeidsrecht", credits=5, model_term=1)
B = ModuleInput("B", "Bedrijfscommunicatie", credits=5, model_term=1, entry_terms=(1,))
C = ModuleInput("C", "Competentiebeleid", credits=5, model_term=2, all_of=("A",))
D = ModuleInput("D", "Diversiteit", credits=5, model_term=2, all_of=("B",), entry_terms=(2,))
MODULES = (A, B, C, D)


def plan(**changes):
    values = {
        "modules": MODULES,
        "calendar": CALENDAR,
        "start": "2026-2027:1",
        "hours_per_week": 10,
    }
    values.update(changes)
    return planning.compute_plan(PlanInput(**values))


def placed(result) -> dict[str, str]:
    return result.placements()


def test_ten_hours_a_week_takes_two_years_where_the_model_takes_one():
    result = plan()
    assert placed(result) == {
        "A": "2026-2027:1",
        "C": "2026-2027:2",  # A passed in semester 1
        "B": "2027-2028:1",  # B starts only in September
        "D": "2027-2028:2",
    }
    assert result.completion_date == dt.date(2028, 6, 30)
    assert result.model_completion_date == dt.date(2027, 6, 30)
    assert [m.code for m in result.model_terms[0].modules] == ["A", "B"]
    assert all(t.load_hours <= t.capacity_hours == 150 for t in result.terms)
    assert result.warnings == ()


def test_fewer_hours_push_the_completion_date():
    assert plan(hours_per_week=20).completion_date == dt.date(2027, 6, 30)
    assert plan(hours_per_week=10).completion_date == dt.date(2028, 6, 30)


def test_exemptions_shorten_the_path():
    result = plan(exemptions=(Exemption("A", whole=True), Exemption("B", whole=True)))
    assert result.exempted == ("A", "B")
    assert placed(result) == {"C": "2026-2027:1", "D": "2026-2027:2"}
    assert result.completion_date == dt.date(2027, 6, 30)
    # The model trajectory ignores exemptions.
    assert {m.code for t in result.model_terms for m in t.modules} == {"A", "B", "C", "D"}


def test_a_partial_exemption_lowers_the_hours_by_hours_or_by_credits():
    by_hours = plan(exemptions=(Exemption("A", whole=False, hours=120),))
    first = by_hours.terms[0]
    assert {m.code: (m.hours, m.exempted_hours) for m in first.modules} == {
        "A": (15, 120),
        "B": (135, 0),
    }
    by_credits = plan(exemptions=(Exemption("B", whole=False, credits=4),), hours_per_week=6)
    hours = {m.code: m.hours for t in by_credits.terms for m in t.modules}
    assert hours["B"] == 135 - 4 * 27


def test_a_prerequisite_pushes_a_module_to_its_next_entry_moment():
    only_in_september = ModuleInput("D", credits=5, model_term=2, all_of=("B",), entry_terms=(1,))
    result = plan(modules=(A, B, C, only_in_september), hours_per_week=20)
    # D could follow B in February on hours, but it starts only in September.
    assert placed(result)["D"] == "2027-2028:1"
    assert result.completion_date == dt.date(2028, 1, 31)


def test_an_any_of_prerequisite_needs_one_option_passed_earlier():
    either = ModuleInput("E", credits=1, any_of=(("C", "D"),))
    result = plan(modules=(*MODULES, either), hours_per_week=20)
    assert placed(result)["E"] == "2027-2028:1"  # after C and D of semester 2
    exempt_d = plan(
        modules=(*MODULES, either), hours_per_week=20, exemptions=(Exemption("D", whole=True),)
    )
    assert placed(exempt_d)["E"] == "2026-2027:1"


def test_workplace_learning_does_not_use_the_weekly_study_hours():
    stage = ModuleInput("W", credits=10, model_term=1, is_workplace_learning=True)
    result = plan(modules=(A, stage))
    assert placed(result) == {"A": "2026-2027:1", "W": "2026-2027:1"}
    assert result.terms[0].load_hours == 135


def test_learner_fixed_placements_are_kept_and_checked():
    result = plan(placements={"C": "2026-2027:1", "D": "2026-2027:1", "B": "2026-2027:1"})
    assert placed(result)["C"] == "2026-2027:1"
    codes = {(w.code, w.module) for w in result.warnings}
    assert (planning.PREREQUISITE_NOT_MET, "C") in codes  # A is not passed before C
    assert (planning.PREREQUISITE_NOT_MET, "D") in codes
    assert (planning.NOT_OFFERED_IN_TERM, "D") in codes  # D starts in February
    assert (planning.TERM_OVER_HOURS, "") in codes  # 3 × 135 > 150
    over = next(w for w in result.warnings if w.code == planning.TERM_OVER_HOURS)
    assert over.term == "2026-2027:1" and over.detail == "405/150"


def test_a_module_offered_only_when_the_learner_cannot_attend_is_flagged():
    result = plan(unavailable_terms=frozenset({2}), hours_per_week=20)
    # C can start any term: it waits for September; D only starts in February.
    assert placed(result)["C"] == "2027-2028:1"
    assert (planning.NOT_ATTENDABLE, "D") in {(w.code, w.module) for w in result.warnings}


def test_a_module_larger_than_a_term_goes_alone_with_a_warning():
    big = ModuleInput("BIG", credits=10, model_term=1)  # 270 hours > 150
    result = plan(modules=(big, A))
    assert [[m.code for m in t.modules] for t in result.terms] == [["A"], ["BIG"]]
    assert [(w.code, w.term) for w in result.warnings] == [
        (planning.TERM_OVER_HOURS, "2026-2027:2")
    ]


def test_start_in_february_and_the_calendar_repeats_year_on_year():
    result = plan(start="2026-2027:2", hours_per_week=20)
    assert result.terms[0].term.key == "2026-2027:2"
    assert placed(result)["A"] == "2026-2027:2"
    assert placed(result)["B"] == "2027-2028:1"
    assert result.terms[1].term.starts_on == dt.date(2027, 9, 14)


def test_what_moved_names_modules_and_the_completion_date():
    before, after = (
        plan(),
        plan(exemptions=(Exemption("A", whole=True), Exemption("B", whole=True))),
    )
    changes = planning.describe_changes(
        before.placements(), after.placements(), before.completion_date, after.completion_date
    )
    assert changes.as_dict() == {
        "moves": [
            {"module": "A", "from": "2026-2027:1", "to": None},
            {"module": "B", "from": "2027-2028:1", "to": None},
            {"module": "C", "from": "2026-2027:2", "to": "2026-2027:1"},
            {"module": "D", "from": "2027-2028:2", "to": "2026-2027:2"},
        ],
        "completion_date": {"from": "2028-06-30", "to": "2027-06-30"},
    }
    same = planning.describe_changes(
        before.placements(), plan().placements(), before.completion_date, plan().completion_date
    )
    assert not same.any


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"hours_per_week": 61}, "hours_per_week"),
        ({"start": "2030-2031:1"}, "start"),
        ({"placements": {"Z": "2026-2027:1"}}, "placements"),
        ({"placements": {"A": "1999-2000:1"}}, "placements"),
        ({"modules": (ModuleInput("X", credits=1, entry_terms=(3,)),)}, "entry_terms"),
        (
            {
                "modules": (
                    ModuleInput("X", credits=1, all_of=("Y",)),
                    ModuleInput("Y", credits=1, any_of=(("Z", "X"),)),
                    ModuleInput("Z", credits=1),
                )
            },
            "prerequisites",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(changes, field):
    with pytest.raises(planning.PlanningError) as error:
        plan(**changes)
    assert error.value.field == field


def test_a_cycle_is_reported_with_its_modules():
    assert planning.find_cycle({"X": {"Y"}, "Y": {"X"}}) == ["X", "Y", "X"]
    assert planning.find_cycle({"X": {"Y"}, "Y": set()}) is None


# Properties --------------------------------------------------------------------------


@st.composite
def programmes(draw):
    hours_per_week = draw(st.integers(1, 60))
    capacity = hours_per_week * 15
    count = draw(st.integers(1, 8))
    modules = []
    for index in range(count):
        earlier = [f"M{i}" for i in range(index)]
        all_of = (
            draw(st.lists(st.sampled_from(earlier), unique=True, max_size=2)) if earlier else []
        )
        any_of = []
        if len(earlier) >= 2 and draw(st.booleans()):
            any_of = [
                tuple(draw(st.lists(st.sampled_from(earlier), unique=True, min_size=2, max_size=3)))
            ]
        modules.append(
            ModuleInput(
                f"M{index}",
                hours=draw(st.integers(1, capacity)),
                model_term=draw(st.none() | st.integers(1, 4)),
                all_of=tuple(all_of),
                any_of=tuple(any_of),
                entry_terms=tuple(draw(st.sets(st.sampled_from([1, 2]), max_size=2))),
                is_workplace_learning=draw(st.booleans()) and index % 3 == 0,
            )
        )
    exempt = draw(st.sets(st.sampled_from([m.code for m in modules]), max_size=2))
    exemptions = tuple(
        Exemption(code, whole=draw(st.booleans()), hours=5) for code in sorted(exempt)
    )
    start = draw(st.sampled_from(["2026-2027:1", "2026-2027:2"]))
    return PlanInput(
        modules=tuple(modules),
        calendar=CALENDAR,
        start=start,
        hours_per_week=hours_per_week,
        exemptions=exemptions,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programmes())
def test_any_acyclic_programme_yields_a_plan_within_the_hours_respecting_prerequisites(plan_input):
    result = planning.compute_plan(plan_input)
    assert result.unplanned == ()
    exempted = set(result.exempted)
    term_of = {m.code: i for i, t in enumerate(result.terms) for m in t.modules}
    assert set(term_of) | exempted == {m.code for m in plan_input.modules}
    for term in result.terms:
        assert term.load_hours <= plan_input.hours_per_week * term.term.week_count
    for module in plan_input.modules:
        if module.code in exempted:
            continue
        index = term_of[module.code]
        passed = exempted | {code for code, i in term_of.items() if i < index}
        assert set(module.all_of) <= passed
        assert all(passed.intersection(group) for group in module.any_of)
        if module.entry_terms:
            assert result.terms[index].term.number in module.entry_terms
    assert result.warnings == ()
    # Deterministic: the same input, the same plan.
    assert planning.compute_plan(plan_input) == result
