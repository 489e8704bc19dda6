"""Questionnaire instruments benchmark (issue 5, Performance): group results for an
instrument with 40 items and 5,000 responses must compute in ≤ 1 s.

  (a) scoring: 5,000 answer sets × 40 items → item matrix → 8 dimension scores
      (``scoring.answer_matrix`` + ``scoring.score_matrix``), the vectorised path used
      for a group and for one respondent alike; and one respondent alone;
  (b) group figures from the stored scores: mean, spread, quartiles and the band
      distribution per dimension (``queries.summarise``);
  (c) the group results page's query end to end on a database (SQLite in memory):
      5,000 submitted responses, ``queries.group_results`` (load the scores, summarise,
      draw the chart).

Writes its section of docs/performance.md (between ``<!-- bench:instruments -->``
markers) and leaves the other sections alone.

    .venv/bin/python bench/instruments.py
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from sections import write_section  # noqa: E402

MARKER = "instruments"
ITEMS = 40
DIMENSIONS = 8


def synthetic_definition_text() -> str:
    """40 five-point items in 8 sections; 8 dimensions of 5 items, every third item
    reversed; item 40 only asked when item 1 is 4 or 5."""
    lines = [
        "id: bench",
        "version: 1",
        "minutes: 20",
        "title: {nl: Bench, fr: Bench, en: Bench}",
        "intro: {nl: Bench, fr: Bench, en: Bench}",
        "scales:",
        "  five: {scale: [1, 5]}",
        "sections:",
    ]
    for s in range(DIMENSIONS):
        lines += [f"  - id: s{s}", "    title: {nl: S, fr: S, en: S}", "    items:"]
        for i in range(s * 5 + 1, s * 5 + 6):
            condition = ", show_if: {item: q1, in: [4, 5]}" if i == ITEMS else ""
            lines.append(
                f"      - {{id: q{i}, type: likert, scale: five{condition}, "
                "text: {nl: Q, fr: Q, en: Q}}"
            )
    lines.append("dimensions:")
    for d in range(DIMENSIONS):
        members = ", ".join(
            f"{{item: q{i}, reverse: true}}" if i % 3 == 0 else f"q{i}"
            for i in range(d * 5 + 1, d * 5 + 6)
        )
        lines.append(
            f"  - {{id: d{d}, label: {{nl: D, fr: D, en: D}}, scoring: mean, items: [{members}], "
            "bands: [{id: low, upto: 2.5, label: {nl: L, fr: L, en: L}}, "
            "{id: high, upto: 5, label: {nl: H, fr: H, en: H}}]}"
        )
    return "\n".join(lines) + "\n"


def synthetic_answers(count: int, rng: np.random.Generator) -> list[dict]:
    values = rng.integers(1, 6, size=(count, ITEMS))
    answers = []
    for row in values:
        entry = {f"q{i + 1}": int(v) for i, v in enumerate(row)}
        if entry["q1"] < 4:
            del entry[f"q{ITEMS}"]
        answers.append(entry)
    return answers


def timed(function, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "n": len(ordered),
    }


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "trajectwijzer.settings"
    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def bench(count: int, repeats: int) -> dict:
    from trajectwijzer.instruments import queries, scoring
    from trajectwijzer.instruments.definition import parse_definition

    definition = parse_definition(synthetic_definition_text(), "bench.yaml")
    assert len(definition.items) == ITEMS and len(definition.dimensions) == DIMENSIONS
    rng = np.random.default_rng(5)
    answers = synthetic_answers(count, rng)

    def score_group():
        return scoring.score_matrix(definition, scoring.answer_matrix(definition, answers))

    scores = score_group()
    results = {
        "scoring": stats(timed(score_group, repeats)),
        "one": stats(timed(lambda: scoring.score_answers(definition, answers[0]), 200)),
        "summary": stats(timed(lambda: queries.summarise(definition, scores), repeats)),
    }

    # (c) end to end on a database
    from trajectwijzer.accounts.models import Organisation, User
    from trajectwijzer.instruments.models import InstrumentVersion, Response

    organisation = Organisation.objects.create(name="Bench", slug="bench", kind="provider")
    version = InstrumentVersion.objects.create(
        instrument="bench",
        version=1,
        declared_version=1,
        checksum=definition.checksum,
        definition=definition.raw,
        audience="learner",
    )
    users = User.objects.bulk_create(
        [User(email=f"r{i}@bench.example", full_name=f"R {i}") for i in range(count)]
    )
    now = datetime.now(UTC)
    Response.objects.bulk_create(
        [
            Response(
                version=version,
                respondent=user,
                subject=user,
                organisation=organisation,
                status="submitted",
                answers=a,
                submitted_at=now,
                section=DIMENSIONS,
                scores={
                    f"d{j}": (None if np.isnan(v) else round(float(v), 4))
                    for j, v in enumerate(row)
                },
            )
            for user, a, row in zip(users, answers, scores, strict=True)
        ],
        batch_size=1000,
    )
    rg = queries.result_group(version, organisation=organisation)
    assert rg.respondents == count
    results["end_to_end"] = stats(timed(lambda: queries.group_results(rg), max(5, repeats // 2)))
    results["count"] = count
    return results


def report(results: dict, command: str) -> str:
    def ms(entry: dict) -> str:
        return f"p50 {entry['p50']:.1f} ms, p95 {entry['p95']:.1f} ms ({entry['n']} runs)"

    target_met = results["end_to_end"]["p95"] <= 1000 and results["scoring"]["p95"] <= 1000
    return "\n".join(
        [
            "## Questionnaire instruments (issue 5)",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()} "
            f"({os.cpu_count()} cores, shared), Python {platform.python_version()}, with",
            f"`{command}`. Synthetic instrument: {ITEMS} five-point items, {DIMENSIONS} "
            "dimensions of five (every third item reversed, one conditional item);",
            f"{results['count']:,} respondents with random answers.",
            "",
            "| What | Time |",
            "|---|---|",
            f"| (a) score {results['count']:,} responses × {ITEMS} items (vectorised) | "
            f"{ms(results['scoring'])} |",
            f"| (a) score one respondent (same code) | {ms(results['one'])} |",
            f"| (b) group figures from stored scores (mean, sd, quartiles, bands) | "
            f"{ms(results['summary'])} |",
            "| (c) group results end to end (SQLite: load scores and feedback, summarise, "
            "points of attention, charts) | "
            f"{ms(results['end_to_end'])} |",
            "",
            f"Target ≤ 1 s for group results of 5,000 responses: "
            f"{'met' if target_met else 'NOT met'}. Group pages use (c): scores are stored "
            "at submission, so a page never rescores; (a) is what `trajectwijzer instruments "
            "score` and a re-scoring after a definition change cost.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--output", default=str(ROOT / "docs/performance.md"))
    args = parser.parse_args()
    command = " ".join([".venv/bin/python bench/instruments.py", *sys.argv[1:]])
    setup_django()
    results = bench(args.responses, args.repeats)
    section = report(results, command)
    write_section(Path(args.output), MARKER, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
