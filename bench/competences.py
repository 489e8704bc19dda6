"""Competence follow-up benchmark (issue 4, Performance): the coach's group overview.

A group of 200 learners in a programme of 60 indicators (15 competences × 4), each
indicator scored by the learner, the teacher and the mentor about once a month for a
year (10 dated assessments per learner × indicator × role: 360,000 rows), in a
database given by DATABASE_URL (PostgreSQL for the figures in docs/performance.md):

    DATABASE_URL=$(scripts/pg-throwaway start 55411 /tmp/pg-bench) \\
        .venv/bin/python bench/competences.py
    scripts/pg-throwaway stop /tmp/pg-bench

It times the whole page (view, queries, template) through Django's test client as the
coach, p50/p95 over repeated requests, counts its queries, and writes its section of
docs/performance.md (between ``<!-- bench:competences -->`` markers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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

MARKER = "competences"
TARGET_P95_MS = 300


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectwijzer.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    import django

    django.setup()


def build(learners: int, competences: int, indicators: int, rounds: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from trajectwijzer.accounts.models import (
        LearnerLink,
        LinkKind,
        Membership,
        MembershipStatus,
        Organisation,
        Role,
        User,
    )
    from trajectwijzer.catalogue.models import (
        Competence,
        CompetenceFramework,
        Indicator,
        MasteryLevel,
        Module,
        Programme,
        Provider,
    )
    from trajectwijzer.competences.models import Assessment
    from trajectwijzer.trajectories.models import Enrolment, Group

    rng = random.Random(4)
    tag = datetime.now(UTC).strftime("%H%M%S%f")
    org = Organisation.objects.create(name=f"Bench {tag}", slug=f"bench-{tag}", kind="provider")
    provider = Provider.objects.create(
        organisation=org, slug=f"bench-{tag}", name="Bench", kind="hogeschool"
    )
    framework = CompetenceFramework.objects.create(code=f"bench-{tag}", title="Bench framework")
    levels = [
        MasteryLevel.objects.create(framework=framework, rank=r, title=f"L{r}")
        for r in (1, 2, 3, 4)
    ]
    programme = Programme.objects.create(
        external_id=f"BENCH-{tag}",
        provider=provider,
        framework=framework,
        title="Bench programme",
        kind="graduaat",
        study_area="Bench",
    )
    stage = Module.objects.create(
        programme=programme, code="STAGE", title="Stage", is_workplace_learning=True
    )
    indicator_ids = []
    for c in range(competences):
        competence = Competence.objects.create(
            framework=framework, code=f"C{c}", title=f"Competence {c}", position=c
        )
        if c % 2 == 0:
            stage.competences.add(competence)
        for i in range(indicators):
            indicator_ids.append(
                Indicator.objects.create(
                    competence=competence, code=f"C{c}.{i}", title=f"Indicator {c}.{i}", position=i
                ).pk
            )
    password = make_password("Bench-Password-2026")
    coach = User.objects.create(
        email=f"coach-{tag}@bench.example", full_name="Coach", password=password
    )
    teacher = User.objects.create(
        email=f"teacher-{tag}@bench.example", full_name="Teacher", password=password
    )
    mentor = User.objects.create(
        email=f"mentor-{tag}@bench.example", full_name="Mentor", password=password
    )
    for person, role in ((coach, Role.COACH), (teacher, Role.TEACHER), (mentor, Role.MENTOR)):
        Membership.objects.create(
            user=person, organisation=org, role=role, status=MembershipStatus.ACTIVE
        )
    group = Group.objects.create(programme=programme, name="Bench group", academic_year="2025-2026")
    group.teachers.add(teacher)
    people = User.objects.bulk_create(
        User(
            email=f"learner{n}-{tag}@bench.example", full_name=f"Learner {n:03d}", password=password
        )
        for n in range(learners)
    )
    today = dt.date.today()
    start = today - dt.timedelta(days=365)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(learner=p, programme=programme, group=group, started_on=start) for p in people
    )
    LearnerLink.objects.bulk_create(
        [
            LearnerLink(learner=p, kind=LinkKind.COACH, person=coach, started_on=start)
            for p in people
        ]
        + [
            LearnerLink(learner=p, kind=LinkKind.MENTOR, person=mentor, started_on=start)
            for p in people
        ]
    )
    batch: list[Assessment] = []
    total = 0
    for person, enrolment in zip(people, enrolments, strict=True):
        base = rng.uniform(0.5, 1.5)
        for indicator_id in indicator_ids:
            for role, assessor in (("self", person), ("teacher", teacher), ("mentor", mentor)):
                for r in range(rounds):
                    day = start + dt.timedelta(days=int(r * 365 / rounds) + rng.randint(0, 20))
                    step = max(1, min(4, round(base + 3 * r / rounds + rng.uniform(-1, 1))))
                    batch.append(
                        Assessment(
                            learner=person,
                            enrolment=enrolment,
                            indicator_id=indicator_id,
                            role=role,
                            assessor=assessor,
                            level=levels[step - 1],
                            observed_on=min(day, today),
                        )
                    )
                    if len(batch) >= 20000:
                        Assessment.objects.bulk_create(batch)
                        total += len(batch)
                        batch = []
                        print(f"  {total} assessments", flush=True)
    Assessment.objects.bulk_create(batch)
    total += len(batch)
    from trajectwijzer.competences.services import rebuild_latest

    series = rebuild_latest([p.pk for p in people])
    print(f"  {series} series in the latest index", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE competences_assessment")
            cursor.execute("VACUUM ANALYZE competences_latestassessment")
    return {"coach": coach, "group": group, "assessments": total}


def measure(coach, group, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(coach)
    url = reverse("competences:group", args=[group.pk])
    for _ in range(3):  # warm up: connection, templates, caches
        assert client.get(url).status_code == 200
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200
    shown = response.content.decode().count('<th scope="row"><a href="/competences/learners/')
    assert shown > 0, "the coach sees no learners"
    samples, cpu = [], []
    load_before = os.getloadavg()[0]
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    return {
        "p50": statistics.median(samples),
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": percentile(cpu, 0.95),
        "load": (load_before + os.getloadavg()[0]) / 2,
        "p95": percentile(samples, 0.95),
        "max": max(samples),
        "queries": len(executed),
        "learners": shown,
        "bytes": len(response.content),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--competences", type=int, default=15)
    parser.add_argument("--indicators", type=int, default=4, help="per competence")
    parser.add_argument("--rounds", type=int, default=10, help="assessments per series")
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print("building data …", flush=True)
    started = time.perf_counter()
    data = build(args.learners, args.competences, args.indicators, args.rounds)
    build_s = time.perf_counter() - started
    print(f"built {data['assessments']} assessments in {build_s:.0f} s; measuring …", flush=True)
    result = measure(data["coach"], data["group"], args.repeats)
    indicators = args.competences * args.indicators
    verdict = "met" if result["p95"] <= TARGET_P95_MS else "NOT met"
    command = (
        "DATABASE_URL=$(scripts/pg-throwaway start 55411 /tmp/pg-bench) "
        ".venv/bin/python bench/competences.py"
    )
    defaults = (("learners", 200), ("competences", 15), ("indicators", 4), ("rounds", 10))
    extra = [
        f"--{name} {getattr(args, name)}"
        for name, default in defaults
        if getattr(args, name) != default
    ]
    if extra:
        command += " " + " ".join(extra)
    version = connection.pg_version if connection.vendor == "postgresql" else ""
    machine = f"{platform.system()} {platform.machine()}"
    lines = [
        "## Competence follow-up: the coach's group overview",
        "",
        f"Measured by `bench/competences.py` on {connection.vendor} (server version {version}). "
        "One run on a shared 2-core machine; load average during the timed requests "
        f"{result['load']:.1f}"
        + (
            " (other jobs running), so wall times include waiting for a CPU."
            if result["load"] > 2
            else " (a quiet machine)."
        ),
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {machine}",
        f"- Data: {args.learners} learners × {indicators} indicators × 3 roles × "
        f"{args.rounds} dated assessments over a year = {data['assessments']:,} assessments "
        f"(built in {build_s:.0f} s).",
        "",
        "| benchmark | figure | target (issue 4) | |",
        "|---|---|---|---|",
        f"| group overview page (`/competences/groups/<id>/`), whole request through the "
        f"test client, {args.repeats} runs | p50 {result['p50']:.0f} ms, "
        f"p95 {result['p95']:.0f} ms (max {result['max']:.0f} ms) | "
        f"p95 ≤ {TARGET_P95_MS} ms | {verdict} |",
        f"| the same, CPU time of the Django process only (excludes waiting for the CPU and "
        f"for PostgreSQL) | p50 {result['cpu_p50']:.0f} ms, p95 {result['cpu_p95']:.0f} ms | | |",
        f"| queries per request | {result['queries']} | constant | the suite's "
        "`test_group_pages_ask_a_constant_number_of_queries` checks 5 vs 20 learners |",
        "",
        "Notes:",
        "",
        "- The latest assessment per (learner, indicator, role) comes from one query over "
        "`LatestAssessment` (one row per series, kept current on every write; rebuilt here "
        "from the history with one `DISTINCT ON` query after the bulk load); coverage and "
        "disagreement are computed in Python. The page also writes one access-log row per "
        "learner shown (one bulk insert).",
        f"- The rendered page was {result['bytes'] / 1024:.0f} KiB for {result['learners']} "
        "learners.",
    ]
    section = "\n".join(lines) + "\n"
    write_section(Path(args.output), MARKER, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
