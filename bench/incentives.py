"""Incentives finder benchmark (issue 3, Performance); no database needed.

  (a) one situation, all incentives: ``services.evaluate`` p50/p95 (includes the
      next-question search, as the API and wizard call it);
  (b) one situation × 50,000 synthetic programme training situations, all incentives,
      vectorised in one simulation (``programmes.evaluate_training_columns``): p50/p95;
      and the naive way, one simulation per programme, on a sample, extrapolated;
  (c) 1,000,000 synthetic people × all incentives in one simulation, in a child process:
      wall time and peak memory (ru_maxrss of the child).

Writes its section of docs/performance.md (between ``<!-- bench:incentives -->``
markers) and leaves the other sections alone.

    make bench                          # after the catalogue benchmark
    .venv/bin/python bench/incentives.py --people 100000    # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sections import write_section  # noqa: E402

from trajectwijzer.incentives import services  # noqa: E402
from trajectwijzer.incentives.contract import FIELDS  # noqa: E402
from trajectwijzer.incentives.programmes import (  # noqa: E402
    evaluate_training_columns,
    training_columns,
)
from trajectwijzer.incentives.simulation import (  # noqa: E402
    education_codes,
    outcome_names,
    run,
    summarise,
)
from trajectwijzer.incentives.variables.inputs import CHOICE_ENUMS  # noqa: E402

DATE = dt.date(2024, 10, 1)
SITUATION = {
    "date": DATE.isoformat(),
    "person": {
        "residence": "flanders",
        "status": "employee",
        "contract": "employment",
        "sector": "private",
        "workplace_region": "flanders",
        "employment_fraction": 0.8,
        "seniority_months": 30,
        "education_level": "low",
    },
    "employer": {"is_sme": True, "initiative": "employee"},
    "training": {"during_working_hours": False, "abroad": False},
}
MARKER = "incentives"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def timed(function, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def stats(samples: list[float]) -> dict:
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 0.95),
        "n": len(samples),
    }


def synthetic_trainings(count: int, rng: np.random.Generator) -> list[dict]:
    """Programme training fields in the proportions of ``generate_catalogue``: duration
    2–36 months, 5 credits a month (none for a tenth), 10/15/20 contact hours a month,
    classroom hours for most, 1–3 delivery modes, each region recognised half the time."""
    months = rng.integers(2, 37, count)
    credits = np.where(rng.random(count) < 0.1, np.nan, np.maximum(3, months * 5))
    contact = months * rng.choice([10, 15, 20], count)
    classroom = np.where(rng.random(count) < 0.2, np.nan, contact * rng.choice([0, 0.5, 1], count))
    distance = rng.choice(
        ["none", "synchronous", "asynchronous", None], count, p=[0.6, 0.1, 0.1, 0.2]
    )
    recognised = rng.random((count, 3)) < 0.5
    regions = ("flanders", "brussels", "wallonia")
    return [
        {
            "recognised_regions": [r for r, yes in zip(regions, recognised[i], strict=True) if yes],
            "study_credits": None if np.isnan(credits[i]) else float(credits[i]),
            "contact_hours": float(contact[i]),
            "physical_contact_hours": None if np.isnan(classroom[i]) else float(classroom[i]),
            "distance": distance[i],
            "total_hours": None,
        }
        for i in range(count)
    ]


def bench_programmes(count: int, naive_sample: int, repeats: int) -> dict:
    rng = np.random.default_rng(1)
    trainings = synthetic_trainings(count, rng)
    started = time.perf_counter()
    columns = training_columns(trainings)
    build_ms = (time.perf_counter() - started) * 1000
    evaluate_training_columns(SITUATION, columns, count)  # warm-up
    vectorised = timed(lambda: evaluate_training_columns(SITUATION, columns, count), repeats)
    # naive: one simulation per programme (services.evaluate_situations with one row)
    base = {s: dict(SITUATION.get(s, {})) for s in ("person", "employer", "training")}
    sample = trainings[:naive_sample]

    def one(training: dict) -> None:
        known = {k: v for k, v in training.items() if v is not None}
        services.evaluate_situations([{**base, "training": {**base["training"], **known}}], DATE)

    naive = timed(lambda: [one(t) for t in sample], 1)[0]
    per_programme = naive / naive_sample
    return {
        "programmes": count,
        "build_columns_ms": build_ms,
        "vectorised": stats(vectorised),
        "naive_sample": naive_sample,
        "naive_per_programme_ms": per_programme,
        "naive_extrapolated_s": per_programme * count / 1000,
    }


def synthetic_population(count: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every input field, a fifth unknown, values spread over their ranges."""
    columns: dict[str, np.ndarray] = {}
    for field in FIELDS:
        known = rng.random(count) >= 0.2
        if field.kind == "choice":
            size = len(CHOICE_ENUMS[field.path])  # unknown is index 0
            columns[field.variable] = np.where(known, rng.integers(1, size, count), 0).astype(
                np.int16
            )
            continue
        columns[field.known_variable] = known
        if field.kind == "regions":
            for region in field.choices:
                columns[f"training_recognised_in_{region}"] = known & (rng.random(count) < 0.5)
        elif field.kind == "bool":
            columns[field.variable] = rng.random(count) < 0.5
        elif field.kind == "text":
            committees = np.array(["200", "314", "330.01", "124"], dtype=object)
            columns[field.variable] = np.where(known, committees[rng.integers(0, 4, count)], "")
        else:
            top = min(field.maximum, 400)
            values = rng.uniform(field.minimum, top, count)
            if field.kind == "integer":
                values = np.floor(values)
            columns[field.variable] = np.where(known, values, 0).astype(np.float32)
    physical, contact = "training_physical_contact_hours", "training_contact_hours"
    columns[physical] = np.minimum(columns[physical], columns[contact])
    return columns


def population_child(count: int) -> None:
    """Run in a child process: prints wall times and peak memory as JSON."""
    rng = np.random.default_rng(2)
    started = time.perf_counter()
    columns = synthetic_population(count, rng)
    synthesis = time.perf_counter() - started
    services.incentive_definitions()
    from trajectwijzer.incentives.system import tax_benefit_system

    tax_benefit_system()
    started = time.perf_counter()
    results = run(columns, count, DATE, outcome_names())
    report = summarise(results, education_codes(columns))
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    eligible = {i["id"]: i["total"] for i in report["incentives"]}
    print(
        json.dumps(
            {
                "people": count,
                "synthesis_s": synthesis,
                "wall_s": wall,
                "peak_rss_mb": peak_kb / 1024,
                "eligible": eligible,
            }
        )
    )


def bench_population(count: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child-population", str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def report(single: dict, programmes: dict, population: dict, command: str) -> str:
    a, b, c = single, programmes, population
    v = b["vectorised"]
    ratio = b["naive_extrapolated_s"] * 1000 / v["p50_ms"]
    mark = {True: "met", False: "**missed**"}
    lines = [
        "## Incentives finder",
        "",
        "Measured by `bench/incentives.py` (no database: programmes and people are "
        "synthesised with numpy). One run on a shared 2-core machine: quote medians and "
        "ratios, not single numbers.",
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; evaluation date {DATE.isoformat()}; "
        f"{len(services.incentive_definitions())} incentives.",
        "",
        "| benchmark | figure | target (issue 3) | |",
        "|---|---|---|---|",
        f"| (a) one situation, all incentives (`services.evaluate`, {a['n']} runs) "
        f"| p50 {a['p50_ms']:.1f} ms, p95 {a['p95_ms']:.1f} ms | p50 ≤ 20 ms "
        f"| {mark[a['p50_ms'] <= 20]} |",
        f"| (b) one situation × {b['programmes']:,} programmes, vectorised "
        f"({v['n']} runs) | p50 {v['p50_ms']:.0f} ms, p95 {v['p95_ms']:.0f} ms "
        f"| p95 ≤ 150 ms | {mark[v['p95_ms'] <= 150]} |",
        f"| (b) naive: one simulation per programme ({b['naive_sample']} sampled) "
        f"| {b['naive_per_programme_ms']:.2f} ms each → {b['naive_extrapolated_s']:.0f} s "
        f"for {b['programmes']:,}; vectorised is {ratio:,.0f}× faster | | |",
        f"| (c) {c['people']:,} people × all incentives, one simulation "
        f"| {c['wall_s']:.1f} s, peak RSS {c['peak_rss_mb'] / 1024:.2f} GB "
        f"| ≤ 10 s, ≤ 4 GB | {mark[c['wall_s'] <= 10 and c['peak_rss_mb'] <= 4096]} |",
        "",
        "Notes:",
        "",
        "- (a) includes the next-question search, as API and wizard call it: the "
        "unanswered fields' candidate answers are extra rows of the same vectorised "
        "simulation as the situation itself. The rules alone (one simulation of one row, "
        f"`services.evaluate_situations`) took p50 {a['rules_only']['p50_ms']:.1f} ms, "
        f"p95 {a['rules_only']['p95_ms']:.1f} ms. Most of an OpenFisca simulation's cost "
        "is fixed per variable (resolving its formula for the period), not per row, which "
        "is why the candidates ride along in one simulation instead of a second one.",
        f"- (b) times the evaluation from programme training *columns*; building those "
        f"columns from {b['programmes']:,} training dicts once took "
        f"{b['build_columns_ms']:.0f} ms, a cost the catalogue integration pays once per "
        "catalogue version, not per learner. The naive figure is one OpenFisca simulation "
        "per programme without the next-question search.",
        f"- (c) the child process's peak resident memory (`ru_maxrss`), including Python, "
        f"numpy and the OpenFisca system; synthesising the columns took "
        f"{c['synthesis_s']:.1f} s and is not in the wall time. The CLI's CSV reading "
        "validates each row with the contract (pydantic), which costs far more per row "
        "than the evaluation and is not measured here.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=50_000)
    parser.add_argument("--naive-sample", type=int, default=200)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--output", default=str(ROOT / "docs/performance.md"))
    parser.add_argument("--child-population", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_population:
        population_child(args.child_population)
        return 0
    command = " ".join([".venv/bin/python bench/incentives.py", *sys.argv[1:]])
    services.evaluate(SITUATION)  # builds the tax-benefit system once
    print("(a) one situation …", flush=True)
    single = stats(timed(lambda: services.evaluate(SITUATION), 200))
    base = {s: dict(SITUATION.get(s, {})) for s in ("person", "employer", "training")}
    single["rules_only"] = stats(timed(lambda: services.evaluate_situations([base], DATE), 200))
    print(f"(b) one situation × {args.programmes} programmes …", flush=True)
    programmes = bench_programmes(args.programmes, args.naive_sample, args.repeats)
    print(f"(c) {args.people} people …", flush=True)
    population = bench_population(args.people)
    section = report(single, programmes, population, command)
    write_section(Path(args.output), MARKER, section)
    print(section)
    print(json.dumps({"a": single, "b": programmes, "c": population}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
