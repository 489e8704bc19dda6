"""Plan computation benchmark (issue 11, Performance): one learner's plan.

A 120-credit programme of 40 modules over six semesters (model path), with "all of"
and "any of" prerequisites between consecutive semesters, two entry moments a year
(half of the modules start in both semesters, the others only in their own), four
whole and three partial exemptions, 12 hours a week and 15-week semesters. It times
``trajectories.planning.compute_plan`` (the pure engine that pages, API, CLI and the
recalculation task all call) p50/p95 over repeated runs and writes its section of
docs/performance.md (between ``<!-- bench:planning -->`` markers):

    .venv/bin/python bench/planning.py            # add --runs N, --no-write
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sections import write_section  # noqa: E402

from trajectwijzer.trajectories import planning  # noqa: E402

MARKER = "planning"
TARGET_P50_MS = 20


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def programme(seed: int = 11) -> planning.PlanInput:
    rng = random.Random(seed)
    credits = [3] * 20 + [4] * 10 + [2] * 10  # 120 credits
    rng.shuffle(credits)
    modules: list[planning.ModuleInput] = []
    by_term: dict[int, list[str]] = {}
    for index, value in enumerate(credits):
        term = index * 6 // 40 + 1
        code = f"M{index:02d}"
        earlier = by_term.get(term - 1, [])
        all_of = tuple(sorted(rng.sample(earlier, min(len(earlier), rng.randint(0, 2)))))
        any_of = ()
        if len(earlier) >= 3 and rng.random() < 0.3:
            any_of = (tuple(sorted(rng.sample(earlier, 2))),)
        own_moment = 1 if term % 2 else 2
        modules.append(
            planning.ModuleInput(
                code=code,
                title=f"Module {index}",
                credits=value,
                model_term=term,
                all_of=all_of,
                any_of=any_of,
                entry_terms=(1, 2) if index % 2 else (own_moment,),
                is_workplace_learning=index % 13 == 0,
                position=index,
            )
        )
        by_term.setdefault(term, []).append(code)
    calendar = []
    for year in range(2026, 2029):
        label = f"{year}-{year + 1}"
        calendar += [
            planning.Term(label, 1, dt.date(year, 9, 14), dt.date(year + 1, 1, 31), weeks=15),
            planning.Term(label, 2, dt.date(year + 1, 2, 8), dt.date(year + 1, 6, 30), weeks=15),
        ]
    codes = [m.code for m in modules]
    exemptions = tuple(planning.Exemption(c, whole=True) for c in codes[:4]) + tuple(
        planning.Exemption(c, whole=False, hours=30) for c in codes[10:13]
    )
    return planning.PlanInput(
        modules=tuple(modules),
        calendar=tuple(calendar),
        start="2026-2027:1",
        hours_per_week=12,
        hours_per_credit=27,
        exemptions=exemptions,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    plan_input = programme()
    result = planning.compute_plan(plan_input)  # warm-up, and the figures to report
    samples = []
    for _ in range(args.runs):
        started = time.perf_counter()
        planning.compute_plan(plan_input)
        samples.append((time.perf_counter() - started) * 1000)
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    used = len(result.terms)
    print(f"compute_plan: p50 {p50:.2f} ms, p95 {p95:.2f} ms ({args.runs} runs)")
    print(
        f"plan: {used} terms, completion {result.completion_date}, model "
        f"{result.model_completion_date}, {len(result.warnings)} warnings"
    )
    section = f"""## Planning: one learner's plan (issue #11)

Measured by `bench/planning.py`: the pure engine `trajectories.planning.compute_plan`
that the plan page, the what-if control, the API, the CLI and the recalculation task
all call. A 120-credit programme of 40 modules over six model semesters, "all of" and
"any of" prerequisites, two entry moments a year, 4 whole and 3 partial exemptions,
12 hours a week: the plan spans {used} semesters (completion {result.completion_date},
model path {result.model_completion_date}).

Command: `.venv/bin/python bench/planning.py`

Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()},
Python {platform.python_version()}, machine shared with other work.

| measure | figure |
|---|---|
| compute_plan, 40 modules | p50 {p50:.2f} ms, p95 {p95:.2f} ms ({args.runs} runs) |

Target ≤ {TARGET_P50_MS} ms p50: {"met" if p50 <= TARGET_P50_MS else "NOT met"}.
Not measured here: the database
reads that build the input (one query per table, prefetched) and the recalculation of
10,000 plans (issue #11 target ≤ 30 s), which has no benchmark yet.
"""
    if not args.no_write:
        write_section(ROOT / "docs" / "performance.md", MARKER, section)
    return 0 if p50 <= TARGET_P50_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
