"""Catalogue search benchmark: 50,000 generated programmes on SQLite and PostgreSQL.

For each database it measures
  1. the search service in-process (p50/p95 over a fixed mix of queries), and
  2. the HTTP search page under a 20-user concurrent load (gunicorn as in
     production, an asyncio client on loopback, a bounded number of requests),
and writes the figures with the command that produced them to its section of
docs/performance.md (``bench/sections.py``; other benchmarks' sections stay).

    make bench                      # both databases, 50,000 programmes
    .venv/bin/python bench/run.py --programmes 5000 --backends sqlite   # quicker
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sections import write_section

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# A realistic mix: free text alone, text with facets, facets alone, the empty
# catalogue page (all facets over everything), ranges, sorting and a deeper page.
QUERIES = [
    "",
    "q=HR",
    "q=zorg",
    "q=boekhouding&delivery=evening",
    "q=HR&delivery=distance",
    "q=marketing&region=flanders&vks=5",
    "vks=5&region=flanders",
    "delivery=blended&leave=flanders",
    "credits_min=10&credits_max=60&sort=credits",
    "microdegree=yes&region=brussels",
    "area=Gezondheidszorg&start=9",
    "q=accounting",
    "q=informatique",
    "kind=bachelor&page=3",
    # Issue 15: stems, compounds, a typo ("did you mean"), field words.
    "q=houtbewerking",
    "q=personeel",
    "q=zorgkndige",
    "q=graduaat afstandsonderwijs",
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def django_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trajectwijzer.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    }


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(database_url: str, programmes: int) -> float:
    env = django_env(database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    started = time.perf_counter()
    run(
        [PYTHON, "manage.py", "generate_catalogue", "--programmes", str(programmes), "--seed", "1"],
        env,
    )
    elapsed = time.perf_counter() - started
    # Production tables are analysed (autovacuum does it): measure the plans it chooses.
    analyse = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    run([PYTHON, "manage.py", "shell", "-c", analyse], env)
    return elapsed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def load(base_url: str, users: int, requests_total: int, think: tuple[float, float]) -> dict:
    """``users`` concurrent users, each waiting ``think`` seconds (uniform) between requests
    as a person reading results does; ``think=(0, 0)`` saturates the server instead."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(requests_total))
    rng = random.Random(7)

    async def user(client: httpx.AsyncClient, offset: int) -> None:
        await asyncio.sleep(rng.uniform(*think))  # users arrive spread out, not in a burst
        for n in counter:
            query = QUERIES[(n + offset) % len(QUERIES)]
            started = time.perf_counter()
            response = await client.get(f"/catalogue/?{query}")
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            await asyncio.sleep(rng.uniform(*think))

    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(user(client, i) for i in range(users)))
        wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "users": users,
        "statuses": statuses,
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "throughput_rps": len(latencies) / wall,
    }


async def warm_up(base_url: str, workers: int) -> None:
    """Every worker builds its facet index once (as after a deploy) before we measure."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
        await asyncio.gather(*(client.get("/catalogue/") for _ in range(workers * 4)))
        for query in QUERIES:
            await client.get(f"/catalogue/?{query}")


def http_benchmark(database_url: str, args: argparse.Namespace) -> dict:
    env = django_env(database_url)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "trajectwijzer.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            raise SystemExit("gunicorn did not become healthy within 60 s")
        asyncio.run(warm_up(base_url, args.workers))
        think = (args.think_min, args.think_max)
        return {
            "users": asyncio.run(load(base_url, args.users, args.requests, think)),
            "saturated": asyncio.run(load(base_url, args.users, args.requests // 2, (0, 0))),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def service_benchmark(database_url: str, rounds: int) -> dict:
    output = run(
        [PYTHON, "bench/search_service.py", json.dumps(QUERIES), str(rounds)],
        django_env(database_url),
    )
    return json.loads(output.strip().splitlines()[-1])


def bench_backend(name: str, args: argparse.Namespace, workdir: Path) -> dict:
    if name == "sqlite":
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        stop = None
    else:
        pg_dir = workdir / "pg"
        database_url = subprocess.run(
            [str(ROOT / "scripts/pg-throwaway"), "start", str(free_port()), str(pg_dir)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

        def stop() -> None:
            subprocess.run([str(ROOT / "scripts/pg-throwaway"), "stop", str(pg_dir)], check=False)

    try:
        load_before = os.getloadavg()[0]
        print(f"[{name}] generating {args.programmes} programmes …", flush=True)
        generate_seconds = prepare(database_url, args.programmes)
        print(f"[{name}] service benchmark …", flush=True)
        service = service_benchmark(database_url, args.rounds)
        print(f"[{name}] HTTP benchmark, {args.users} users …", flush=True)
        http = http_benchmark(database_url, args)
    finally:
        if stop:
            stop()
    return {
        "backend": name,
        "generate_seconds": generate_seconds,
        "service": service,
        "http": http,
        "load": (load_before, os.getloadavg()[0]),
    }


def write_report(results: list[dict], args: argparse.Namespace, command: str) -> str:
    lines = [
        "## Catalogue search",
        "",
        "Catalogue search over generated programmes (`manage.py generate_catalogue`), measured "
        "by `bench/run.py`. Figures are from one run on the machine below; quote medians "
        "and ratios, not single numbers.",
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}",
        f"- Programmes: {args.programmes}; service rounds: {args.rounds} × {len(QUERIES)} "
        f"queries; HTTP: gunicorn with {args.workers} sync workers, DEBUG off, client on the "
        f"same 2-core machine. *Page under load*: {args.requests} requests from {args.users} "
        f"concurrent users, each waiting {args.think_min}–{args.think_max} s between requests "
        f"as a reader does. *Saturated*: {args.requests // 2} requests from {args.users} "
        f"users with no pause (throughput ceiling; latency there is mostly queueing).",
        "- Targets (issues #2, #15): service p95 ≤ 50 ms on PostgreSQL, page p95 ≤ 150 ms.",
        "- Tables analysed (`ANALYZE`) after generating, as autovacuum leaves them in production.",
        "",
        "How a search is answered: the full-text index (PostgreSQL `tsvector` + GIN, SQLite "
        "FTS5) returns the ids of matching programmes; filters, facet counts and ordering "
        "happen in the in-memory facet index of the process (`catalogue/facet_index.py`: "
        "one bit per programme per facet value, counted with popcount); one query reads the "
        "page of programmes. Each process rebuilds its index (about 2 s for 50,000 "
        "programmes) when the catalogue changed; the warm-up requests absorb that here.",
        "",
        "| database | generate (s) | service p50 (ms) | service p95 (ms) | page p50 (ms) "
        "| page p95 (ms) | saturated p50 / p95 (ms) | saturated throughput (req/s) "
        "| HTTP statuses |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s, h, sat = r["service"], r["http"]["users"], r["http"]["saturated"]
        statuses = {
            code: h["statuses"].get(code, 0) + sat["statuses"].get(code, 0)
            for code in {*h["statuses"], *sat["statuses"]}
        }
        lines.append(
            f"| {r['backend']} | {r['generate_seconds']:.1f} | {s['p50_ms']:.1f} | "
            f"{s['p95_ms']:.1f} | {h['p50_ms']:.1f} | {h['p95_ms']:.1f} | "
            f"{sat['p50_ms']:.0f} / {sat['p95_ms']:.0f} | {sat['throughput_rps']:.0f} | "
            f"{statuses} |"
        )
    lines += [
        "",
        "Machine load (1-minute load average, before / after each database's run; above "
        "the 2 cores, other work shared the machine and the figures are inflated): "
        + ", ".join(f"{r['backend']} {r['load'][0]:.1f} / {r['load'][1]:.1f}" for r in results)
        + ".",
        "",
        "### Per query (service, in-process)",
        "",
        "*raw*: the full-text query (or queries) the service sends for the same words, "
        "timed alone (p50); *ratio*: service p50 / raw p50, the cost of everything "
        "around the database match (facets, ranking, the page's programmes).",
        "",
    ]
    header = (
        "| query | "
        + " | ".join(f"{r['backend']} p50 / p95 (ms), hits; raw p50 (ms), ratio" for r in results)
        + " |"
    )
    lines += [header, "|---|" + "---|" * len(results)]
    for query in QUERIES:
        cells = []
        for r in results:
            q = r["service"]["per_query"][query]
            raw = q.get("raw_p50_ms")
            ratio = f"; {raw:.1f}, {q['p50_ms'] / raw:.1f}×" if raw else ""
            cells.append(f"{q['p50_ms']:.1f} / {q['p95_ms']:.1f}, {q['total']}{ratio}")
        lines.append(f"| `{query or '(empty)'}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=50_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--think-min", type=float, default=0.5)
    parser.add_argument("--think-max", type=float, default=1.5)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--output", default=str(ROOT / "docs/performance.md"))
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(
            f"--backends: unknown {', '.join(sorted(unknown))}; allowed: sqlite, postgresql"
        )
    if args.programmes < 1:
        parser.error("--programmes: must be at least 1")
    command = (
        "make bench" if len(sys.argv) == 1 else "python bench/run.py " + " ".join(sys.argv[1:])
    )
    workdir = Path(tempfile.mkdtemp(prefix="trajectwijzer-bench-"))
    os.chmod(workdir, 0o755)
    try:
        results = [bench_backend(name, args, workdir) for name in backends]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = write_report(results, args, command)
    write_section(Path(args.output), "catalogue", report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
