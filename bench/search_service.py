"""Time the catalogue search service in-process: ``search_programmes(parse_search_params(q))``.

Run by bench/run.py with DATABASE_URL pointing at a generated catalogue; prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from urllib.parse import parse_qs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectwijzer.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402

from trajectwijzer.catalogue import linguistics, search  # noqa: E402
from trajectwijzer.catalogue.search import parse_search_params, search_programmes  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def raw_text_queries(query: str) -> list[str]:
    """The full-text queries the service sends for this query's words (none without)."""
    terms = linguistics.analyse(parse_search_params(parse_qs(query)).terms)
    if not terms:
        return []
    backend = search.backend()
    plain = [term for term in terms if not term.facets]
    groups = ([plain] if plain else []) + [[term] for term in terms if term.facets]
    return [backend.text_query(group) for group in groups]


def time_raw(text_queries: list[str], rounds: int) -> float | None:
    if not text_queries:
        return None
    backend = search.backend()
    samples = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        for text_query in text_queries:
            backend.matches(text_query)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples[1:])


def main() -> int:
    queries = json.loads(sys.argv[1])
    rounds = int(sys.argv[2])
    per_query: dict[str, list[float]] = {q: [] for q in queries}
    all_samples: list[float] = []
    for query in queries:  # warm-up: caches, prepared plans, page cache
        search_programmes(parse_search_params(parse_qs(query)))
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            result = search_programmes(parse_search_params(parse_qs(query)))
            list(result.programmes)
            elapsed = (time.perf_counter() - started) * 1000
            per_query[query].append(elapsed)
            all_samples.append(elapsed)
    totals = {q: search_programmes(parse_search_params(parse_qs(q))).total for q in queries}
    raw = {q: time_raw(raw_text_queries(q), rounds) for q in queries}
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "samples": len(all_samples),
                "p50_ms": statistics.median(all_samples),
                "p95_ms": percentile(all_samples, 0.95),
                "per_query": {
                    q: {
                        "p50_ms": statistics.median(s),
                        "p95_ms": percentile(s, 0.95),
                        "total": totals[q],
                        "raw_p50_ms": raw[q],
                    }
                    for q, s in per_query.items()
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
