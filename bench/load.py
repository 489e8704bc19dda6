"""Load test: concurrent users over a mix of pages and API calls, on PostgreSQL with demo data.

    DATABASE_URL=postgres://… .venv/bin/python bench/load.py [--users 50] [--duration 300]

Migrates and loads the demo data into DATABASE_URL (a throwaway database), starts one
gunicorn master with ``--workers`` sync worker processes (2 by default) on a loopback
port with production settings, and lets ``--users`` virtual users (an asyncio httpx
client) work for ``--duration`` seconds, each waiting ``--think-min``…``--think-max``
seconds between requests as a person reading a page does. The mix, by user:

  4 in 10 anonymous: catalogue search (text, facets), programme pages, the incentives
                     wizard and ``POST /api/v1/incentives/evaluate``;
  3 in 10 the demo learner (logged in): home, barometer, competences, contact page;
  2 in 10 the demo coach (logged in): caseload, a learner's page in the caseload;
  1 in 10 an API client with the coach's token: caseload learners, a learner's entries,
                     the catalogue API.

Bounded: loopback only (the script starts its own server), at most 900 s, 200 users
and ``--max-requests`` requests. Any status other than the expected one (200), and
any transport error or timeout, is an error. Prints the figures and with ``--write``
replaces the "load" section of docs/performance.md (bench/sections.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform as host_platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sections import write_section
from servers import PYTHON, ROOT, Platform, free_port, production_env

DEMO_PASSWORD = "Demo-Traject-2026"
LEARNER = "leerling@demo.trajectwijzer.be"
COACH = "coach@demo.trajectwijzer.be"
EVALUATE_BODIES = [
    {"person": {"status": "employee", "sector": "private", "workplace_region": "flanders"}},
    {"person": {"status": "employee", "workplace_region": "brussels"}},
    {"person": {"status": "self_employed", "workplace_region": "wallonia"}},
    {"person": {"status": "employee"}, "employer": {"headcount": 25}},
]
SEARCHES = [
    "q=zorg",
    "q=logistiek",
    "",
    "q=opleiding&sort=title",
    "q=verzorgende",
    "page=2",
]
MAX_DURATION, MAX_USERS = 900, 200


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


class Recorder:
    def __init__(self, max_requests: int) -> None:
        self.max_requests = max_requests
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.statuses: Counter[int] = Counter()

    @property
    def count(self) -> int:
        return sum(len(samples) for samples in self.latencies.values())

    async def request(self, client: httpx.AsyncClient, group: str, method: str, url: str, **kw):
        started = time.perf_counter()
        try:
            response = await client.request(method, url, **kw)
        except httpx.HTTPError as error:
            self.errors[f"{group} {url}: {type(error).__name__}"] += 1
            self.latencies[group].append((time.perf_counter() - started) * 1000)
            return None
        self.latencies[group].append((time.perf_counter() - started) * 1000)
        self.statuses[response.status_code] += 1
        if response.status_code != 200:
            self.errors[f"{group} {url}: {response.status_code}"] += 1
        return response


async def log_in(client: httpx.AsyncClient, email: str) -> None:
    page = await client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = await client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": DEMO_PASSWORD},
    )
    if response.status_code != 302:
        raise SystemExit(f"log in as {email} failed with {response.status_code}")


PERSONAS = ["anonymous"] * 4 + ["learner"] * 3 + ["coach"] * 2 + ["api"]


def persona(index: int) -> str:
    return PERSONAS[index % len(PERSONAS)]


def next_request(kind: str, rng: random.Random, data: dict) -> tuple[str, str, str, dict]:
    """(group, method, url, extra) for one request of a user of ``kind``."""
    if kind == "anonymous":
        choice = rng.random()
        if choice < 0.4:
            return "catalogue search", "GET", f"/catalogue/?{rng.choice(SEARCHES)}", {}
        if choice < 0.7:
            pk = rng.choice(data["programmes"])
            return "programme page", "GET", f"/catalogue/programmes/{pk}/", {}
        if choice < 0.8:
            return "incentives wizard", "GET", "/incentives/", {}
        body = rng.choice(EVALUATE_BODIES)
        return "incentives evaluate (API)", "POST", "/api/v1/incentives/evaluate", {"json": body}
    if kind == "learner":
        url = rng.choice(["/", "/barometer/", "/competences/mine/", "/caseload/contact/"])
        return "learner pages", "GET", url, {}
    if kind == "coach":
        url = rng.choice(["/caseload/", f"/caseload/learners/{data['learner_id']}/"])
        return "coach caseload", "GET", url, {}
    url = rng.choice(
        [
            "/api/v1/caseload/learners",
            f"/api/v1/barometer/learners/{data['learner_id']}/entries",
            "/api/v1/catalogue/programmes?q=zorg",
        ]
    )
    return (
        "API reads (token)",
        "GET",
        url,
        {"headers": {"Authorization": f"Bearer {data['token']}"}},
    )


async def run_load(base_url: str, args: argparse.Namespace, data: dict) -> tuple[Recorder, float]:
    recorder = Recorder(args.max_requests)
    limits = httpx.Limits(max_connections=args.users, max_keepalive_connections=args.users)
    clients = [
        httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) for _ in range(args.users)
    ]
    kinds = [persona(index) for index in range(args.users)]
    # Log in before the clock starts (Argon2 is slow on purpose), a few at a time.
    semaphore = asyncio.Semaphore(4)

    async def prepare(client: httpx.AsyncClient, kind: str) -> None:
        if kind in ("learner", "coach"):
            async with semaphore:
                await log_in(client, LEARNER if kind == "learner" else COACH)

    await asyncio.gather(*(prepare(c, k) for c, k in zip(clients, kinds, strict=True)))
    started = time.monotonic()
    deadline = started + args.duration

    async def user(index: int) -> None:
        rng = random.Random(index)
        await asyncio.sleep(rng.uniform(0, args.think_max))  # arrivals spread out
        while time.monotonic() < deadline and recorder.count < args.max_requests:
            group, method, url, extra = next_request(kinds[index], rng, data)
            await recorder.request(clients[index], group, method, url, **extra)
            await asyncio.sleep(rng.uniform(args.think_min, args.think_max))

    await asyncio.gather(*(user(index) for index in range(args.users)))
    wall = time.monotonic() - started
    for client in clients:
        await client.aclose()
    return recorder, wall


def setup_data(platform: Platform, base_url: str) -> dict:
    cli = [PYTHON, "-c", "from trajectwijzer.cli import main; main()"]
    token = subprocess.run(
        [*cli, "accounts", "create-token", COACH, "--name", "load-benchmark"],
        env=platform.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base_url, timeout=60) as client:
        programmes = client.get("/api/v1/catalogue/programmes", params={"q": "zorg"}).json()
        learners = client.get("/api/v1/caseload/learners", headers=headers).json()
    if not programmes.get("results") or not learners:
        raise SystemExit(f"no programmes ({programmes!r:.200}) or learners ({learners!r:.200})")
    return {
        "token": token,
        "programmes": [item["id"] for item in programmes["results"]],
        "learner_id": learners[0]["learner"],
    }


def report(recorder: Recorder, wall: float, args: argparse.Namespace, meta: dict) -> str:
    every = [sample for samples in recorder.latencies.values() for sample in samples]
    errors = sum(recorder.errors.values())
    lines = [
        "## Load: concurrent users over pages and API calls",
        "",
        "Measured by `bench/load.py` (not part of `make bench`: it needs a PostgreSQL "
        "database and runs for minutes). The users: 4 in 10 anonymous (catalogue search, "
        "programme pages, the incentives wizard, `POST /api/v1/incentives/evaluate`), 3 in 10 "
        "the demo learner logged in (home, barometer, competences, contact page), 2 in 10 the "
        "demo coach (caseload, a learner's page), 1 in 10 an API client with the coach's token "
        "(caseload learners, a learner's barometer entries, catalogue search). Every response "
        "other than 200, and every timeout (30 s) or transport error, counts as an error.",
        "",
        f"Command: `{meta['command']}`",
        "",
        f"{args.users} concurrent users for {args.duration} s (think time "
        f"{args.think_min}–{args.think_max} s), one gunicorn master with **{args.workers} sync "
        f"worker processes**, DEBUG off, PostgreSQL {meta['postgres']} with the demo data, "
        f"client and server on the same machine over loopback. Run finished {meta['date']} on "
        f"{meta['cpus']} CPU cores, {meta['python']}; load average {meta['load_before']} before "
        f"and {meta['load_after']} after the run"
        + (
            " — the machine was busy with other work at the time, so the latencies are pessimistic."
            if meta["shared"]
            else " (the machine is shared with other work; it was quiet during this run)."
        ),
        "",
        f"**{len(every)} requests, {errors} errors, {len(every) / wall:.1f} requests/s; "
        f"p50 {statistics.median(every):.0f} ms, p95 {percentile(every, 0.95):.0f} ms, "
        f"p99 {percentile(every, 0.99):.0f} ms.**",
        "",
        "| group | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for group, samples in sorted(recorder.latencies.items()):
        lines.append(
            f"| {group} | {len(samples)} | {statistics.median(samples):.0f} | "
            f"{percentile(samples, 0.95):.0f} | {percentile(samples, 0.99):.0f} |"
        )
    if recorder.errors:
        lines += ["", "Errors:", ""]
        lines += [f"- {what}: {count}" for what, count in recorder.errors.most_common(20)]
    return "\n".join(lines) + "\n"


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--duration", type=int, default=300, help="seconds (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=3.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--no-load", action="store_true", help="the database has the demo data")
    parser.add_argument("--write", action="store_true", help="write docs/performance.md")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS or not 1 <= args.duration <= MAX_DURATION:
        parser.error(f"--users must be 1–{MAX_USERS} and --duration 1–{MAX_DURATION} seconds")
    if not 0 <= args.think_min <= args.think_max:
        parser.error("--think-min must be between 0 and --think-max")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a throwaway PostgreSQL database")

    workdir = Path(tempfile.mkdtemp(prefix="trajectwijzer-load-"))
    platform = Platform(production_env(database_url, workdir), workdir)
    try:
        platform.prepare(load_demo=not args.no_load)
        base_url = platform.start_web("web", free_port(), workers=args.workers)
        data = setup_data(platform, base_url)
        load_before = load_average()
        recorder, wall = asyncio.run(run_load(base_url, args, data))
        load_after = load_average()
        platform.check_alive()
    finally:
        platform.stop()
    version = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False)
    postgres = re.search(r"\) (\d+(?:\.\d+)?)", version.stdout)
    meta = {
        "command": "DATABASE_URL=… .venv/bin/python bench/load.py " + " ".join(sys.argv[1:]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "python": f"Python {host_platform.python_version()}",
        "postgres": postgres.group(1) if postgres else "?",
        "load_before": load_before,
        "load_after": load_after,
        "shared": float(load_before.split(",")[0]) > (os.cpu_count() or 1),
    }
    text = report(recorder, wall, args, meta)
    print(text)
    if args.write:
        write_section(ROOT / "docs" / "performance.md", "load", text)
    shutil.rmtree(workdir, ignore_errors=True)
    return 1 if recorder.errors else 0


if __name__ == "__main__":
    sys.exit(main())
