"""Recognition benchmark (issue 10, Performance): exemption proposals and the provider overview.

1. Proposals: one learner with ten sources (three diplomas of qualifications, two
   credentials, two modules completed, two exemption decisions in force and a
   competentiebewijs) matched against the exemption rules of every provider, in a
   catalogue of 50,000 generated programmes and 500,000 modules (500 providers), with
   ``proposals.proposals_for`` (a constant number of queries) and, beside it, the naive
   way (one query per rule in force) as a ratio; both must find the same matches.
2. The provider overview (``overview.provider_overview`` and its page through the test
   client) of a provider with 10,000 requests, their decisions and steps.

In a database given by DATABASE_URL (PostgreSQL for the figures in docs/performance.md):

    DATABASE_URL=$(scripts/pg-throwaway start 55412 /tmp/pg-bench) \\
        .venv/bin/python bench/recognition.py
    scripts/pg-throwaway stop /tmp/pg-bench

It writes its section of docs/performance.md (between ``<!-- bench:recognition -->``).
"""

# ruff: noqa: E501 (the Markdown section is written as it reads)
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

MARKER = "recognition"
TARGET_PROPOSALS_P95_MS = 100
TARGET_OVERVIEW_P95_MS = 300
ON = dt.date(2026, 10, 14)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectwijzer.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijklmnop")
    import django

    django.setup()


def _bulk(model, rows, batch: int = 10_000) -> list:
    made = []
    for start in range(0, len(rows), batch):
        made.extend(model.objects.bulk_create(rows[start : start + batch]))
    return made


def build_catalogue(providers: int, programmes: int, modules_per: int, rules: int, tag: str):
    from trajectwijzer.accounts.models import Organisation
    from trajectwijzer.catalogue.models import (
        Competence,
        CompetenceFramework,
        Module,
        Programme,
        Provider,
        Qualification,
    )
    from trajectwijzer.recognition.models import ExemptionRule, RuleGrant, RuleSource

    rng = random.Random(10)
    organisations = _bulk(
        Organisation,
        [
            Organisation(name=f"Bench {n}", slug=f"bench-{tag}-{n}", kind="provider")
            for n in range(providers)
        ],
    )
    provider_rows = _bulk(
        Provider,
        [
            Provider(organisation=o, slug=f"bench-{tag}-{n}", name=f"Bench {n}", kind="cvo")
            for n, o in enumerate(organisations)
        ],
    )
    programme_rows = _bulk(
        Programme,
        [
            Programme(
                external_id=f"B-{tag}-{n}",
                provider=provider_rows[n % providers],
                title=f"Programme {n}",
                kind="graduaat",
                study_area="Bench",
                is_published=False,
            )
            for n in range(programmes)
        ],
    )
    print(f"  {len(programme_rows)} programmes", flush=True)
    module_ids: list[int] = []
    batch: list[Module] = []
    for programme in programme_rows:
        for m in range(modules_per):
            batch.append(
                Module(programme=programme, code=f"M{m}", title=f"Module {m}", hours=40, position=m)
            )
        if len(batch) >= 20_000:
            module_ids.extend(m.pk for m in Module.objects.bulk_create(batch))
            batch = []
    module_ids.extend(m.pk for m in Module.objects.bulk_create(batch))
    print(f"  {len(module_ids)} modules", flush=True)
    # Module id → provider organisation, to give each rule its target's maintainer.
    organisation_of = dict(
        Module.objects.filter(programme__external_id__startswith=f"B-{tag}-")
        .values_list("pk", "programme__provider__organisation_id")
        .iterator(chunk_size=20_000)
    )
    sampled = list(organisation_of)
    qualifications = _bulk(
        Qualification,
        [
            Qualification(
                code=f"BQ-{tag}-{n}", title=f"Q {n}", vks_level=4, kind="beroepskwalificatie"
            )
            for n in range(2_000)
        ],
    )
    framework = CompetenceFramework.objects.create(code=f"bench-{tag}", title="Bench framework")
    competences = _bulk(
        Competence,
        [Competence(framework=framework, code=f"C{n}", title=f"C{n}") for n in range(500)],
    )
    credential_types = [f"Credential {n}" for n in range(200)]
    rule_rows, competence_sets = [], []
    for n in range(rules):
        target = rng.choice(sampled)
        kind = (
            RuleSource.QUALIFICATION,
            RuleSource.MODULE,
            RuleSource.CREDENTIAL_TYPE,
            RuleSource.COMPETENCES,
        )[n % 4]
        rule = ExemptionRule(
            code=f"R-{tag}-{n}",
            source_kind=kind,
            target_module_id=target,
            grant=RuleGrant.WHOLE if n % 3 else RuleGrant.HOURS,
            hours=None if n % 3 else 10,
            valid_from=dt.date(2025, 1, 1),
            valid_until=None if n % 10 else dt.date(2026, 6, 30),  # a tenth ended
            maintained_by_id=organisation_of[target],
        )
        if kind == RuleSource.QUALIFICATION:
            rule.source_qualification = rng.choice(qualifications)
        elif kind == RuleSource.MODULE:
            rule.source_module_id = rng.choice(sampled)
        elif kind == RuleSource.CREDENTIAL_TYPE:
            rule.source_credential_type = rng.choice(credential_types)
        else:
            competence_sets.append((n, rng.sample(competences, rng.randint(1, 3))))
        rule_rows.append(rule)
    rule_rows = _bulk(ExemptionRule, rule_rows)
    through = ExemptionRule.source_competences.through
    _bulk(
        through,
        [
            through(exemptionrule_id=rule_rows[n].pk, competence_id=c.pk)
            for n, chosen in competence_sets
            for c in chosen
        ],
    )
    print(f"  {len(rule_rows)} exemption rules", flush=True)
    return {
        "qualifications": qualifications,
        "competences": competences,
        "credential_types": credential_types,
        "sampled_modules": sampled,
        "rules": rule_rows,
        "providers": provider_rows,
    }


def build_learner(world: dict, tag: str):
    """One learner with ten sources, chosen so that several rules match."""
    from trajectwijzer.accounts.models import User
    from trajectwijzer.catalogue.models import Module
    from trajectwijzer.recognition.models import (
        CompetenceCertificate,
        Decision,
        ExemptionRule,
        PriorQualification,
        ProcedureVersion,
        RecognisedCompetence,
        Request,
        RuleSource,
    )

    learner = User.objects.create(email=f"learner-{tag}@bench.example", full_name="Bench Learner")
    rules = world["rules"]
    by_kind = {kind: [r for r in rules if r.source_kind == kind] for kind in RuleSource.values}
    for rule in by_kind[RuleSource.QUALIFICATION][:3]:
        PriorQualification.objects.create(
            learner=learner,
            kind="diploma",
            title="Diploma",
            obtained_on=dt.date(2015, 6, 30),
            qualification_id=rule.source_qualification_id,
        )
    for rule in by_kind[RuleSource.CREDENTIAL_TYPE][:2]:
        PriorQualification.objects.create(
            learner=learner,
            kind="credential",
            title=rule.source_credential_type,
            obtained_on=dt.date(2020, 1, 1),
            credential_type=rule.source_credential_type,
        )
    module_rules = by_kind[RuleSource.MODULE]
    for rule in module_rules[:2]:
        PriorQualification.objects.create(
            learner=learner,
            kind="module",
            title="Module",
            obtained_on=dt.date(2021, 1, 1),
            module_id=rule.source_module_id,
        )
    for rule in module_rules[2:4]:
        module = Module.objects.select_related("programme").get(pk=rule.source_module_id)
        Decision.objects.create(
            learner=learner,
            provider_id=module.programme.provider_id,
            module=module,
            outcome="exempt",
            reasoning="Bench",
            communicated_at=datetime.now(UTC),
            valid_from=dt.date(2026, 1, 1),
        )
    # A competentiebewijs holding the competences of a few competence rules.
    held = set()
    for rule in by_kind[RuleSource.COMPETENCES][:6]:
        held.update(rule.source_competences.values_list("pk", flat=True))
    provider = world["providers"][0]
    version = ProcedureVersion.objects.create(
        procedure=f"bench-{tag}",
        version=1,
        declared_version=1,
        checksum=f"bench-{tag}",
        definition=_definition(),
        provider=provider,
    )
    request = Request.objects.create(
        learner=learner,
        procedure_version=version,
        provider=provider,
        started_as="learner",
        status="closed",
    )
    certificate = CompetenceCertificate.objects.create(
        number=f"CB-{tag}",
        request=request,
        learner=learner,
        provider=provider,
        valid_from=dt.date(2026, 1, 1),
    )
    RecognisedCompetence.objects.bulk_create(
        RecognisedCompetence(
            learner=learner,
            competence_id=pk,
            certificate=certificate,
            recognised_on=dt.date(2026, 1, 1),
        )
        for pk in held
    )
    assert ExemptionRule.objects.exists()
    return learner, version


def _definition() -> dict:
    """A shipped procedure's definition, stored for the bench provider's version."""
    from trajectwijzer.recognition.definition import shipped_procedures

    procedure = next(iter(shipped_procedures().values()))
    return procedure.raw


def naive_matches(learner_id: int, on: dt.date) -> set[str]:
    """The naive way: every rule in force, one query per rule for the learner's source."""
    from django.db.models import Q

    from trajectwijzer.recognition.models import (
        Decision,
        ExemptionRule,
        PriorQualification,
        RecognisedCompetence,
        RuleSource,
    )

    found = set()
    in_force = Decision.objects.in_force(on)
    decided = set(in_force.filter(learner_id=learner_id).values_list("module_id", flat=True))
    certificate_ok = Q(certificate__valid_from__lte=on) & (
        Q(certificate__valid_until__isnull=True) | Q(certificate__valid_until__gte=on)
    )
    for rule in ExemptionRule.objects.in_force(on).prefetch_related("source_competences"):
        if rule.target_module_id in decided:
            continue
        if rule.source_kind == RuleSource.QUALIFICATION:
            hit = PriorQualification.objects.filter(
                learner_id=learner_id,
                qualification_id=rule.source_qualification_id,
                obtained_on__lte=on,
            ).exists()
        elif rule.source_kind == RuleSource.CREDENTIAL_TYPE:
            hit = PriorQualification.objects.filter(
                learner_id=learner_id,
                credential_type__iexact=rule.source_credential_type,
                obtained_on__lte=on,
            ).exists()
        elif rule.source_kind == RuleSource.MODULE:
            hit = (
                PriorQualification.objects.filter(
                    learner_id=learner_id,
                    kind="module",
                    module_id=rule.source_module_id,
                    obtained_on__lte=on,
                ).exists()
                or in_force.filter(
                    learner_id=learner_id, module_id=rule.source_module_id, outcome="exempt"
                ).exists()
            )
        else:
            wanted = {c.pk for c in rule.source_competences.all()}
            held = set(
                RecognisedCompetence.objects.filter(learner_id=learner_id, competence_id__in=wanted)
                .filter(certificate_ok | Q(decision__in=in_force.values("pk")))
                .values_list("competence_id", flat=True)
            )
            hit = bool(wanted) and held == wanted
        if hit:
            found.add(rule.code)
    return found


def time_calls(function, repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def count_queries(function) -> int:
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        function()
    return len(executed)


def build_overview(version, requests: int, tag: str):
    from trajectwijzer.accounts.models import Membership, MembershipStatus, Role, User
    from trajectwijzer.catalogue.models import Module
    from trajectwijzer.recognition.models import Decision, Request, StepRecord

    rng = random.Random(11)
    provider = version.provider
    learners = _bulk(
        User,
        [User(email=f"o{n}-{tag}@bench.example", full_name=f"L {n}") for n in range(2_000)],
    )
    modules = list(Module.objects.filter(programme__provider=provider)[:10])
    statuses = ["submitted", "in_assessment", "decided", "closed", "not_admissible", "withdrawn"]
    base = datetime(2025, 9, 1, tzinfo=UTC)
    rows = []
    for n in range(requests):
        status = statuses[n % len(statuses)]
        submitted = base + dt.timedelta(days=rng.randint(0, 300))
        decided = status in ("decided", "closed")
        rows.append(
            Request(
                learner=learners[n % len(learners)],
                procedure_version=version,
                provider=provider,
                started_as="learner",
                status=status,
                submitted_at=submitted,
                decided_at=submitted + dt.timedelta(days=rng.randint(5, 120)) if decided else None,
            )
        )
    made = _bulk(Request, rows)
    now = datetime.now(UTC)
    decisions, steps = [], []
    for request in made:
        for position in range(3):
            steps.append(
                StepRecord(
                    request=request,
                    step_key=f"s{position}",
                    position=position,
                    minutes_spent=rng.randint(0, 90),
                )
            )
        if request.decided_at is not None:
            outcome = rng.choice(["exempt", "partly_exempt", "not_exempt"])
            decisions.append(
                Decision(
                    request=request,
                    learner_id=request.learner_id,
                    provider=provider,
                    module=rng.choice(modules),
                    outcome=outcome,
                    hours_exempted=10 if outcome == "partly_exempt" else None,
                    reasoning="Bench",
                    communicated_at=now,
                    valid_from=dt.date(2026, 1, 1),
                )
            )
    _bulk(StepRecord, steps)
    _bulk(Decision, decisions)
    admin = User.objects.create(email=f"admin-{tag}@bench.example", full_name="Admin")
    Membership.objects.create(
        user=admin,
        organisation=provider.organisation,
        role=Role.PROVIDER_ADMIN,
        status=MembershipStatus.ACTIVE,
        is_admin=True,
    )
    return admin, len(decisions), len(steps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--providers", type=int, default=500)
    parser.add_argument("--programmes", type=int, default=50_000)
    parser.add_argument("--modules", type=int, default=10, help="per programme")
    parser.add_argument("--rules", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--output", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from trajectwijzer.recognition import overview, proposals

    call_command("migrate", verbosity=0)
    tag = datetime.now(UTC).strftime("%H%M%S")
    print("building the catalogue and the matrix …", flush=True)
    started = time.perf_counter()
    world = build_catalogue(args.providers, args.programmes, args.modules, args.rules, tag)
    learner, version = build_learner(world, tag)
    admin, decisions, steps = build_overview(version, args.requests, tag)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    build_s = time.perf_counter() - started
    print(f"built in {build_s:.0f} s; measuring …", flush=True)

    fast = {rule.code for rule, _source in proposals._matches(learner.pk, ON)}
    found: dict[str, set[str]] = {}
    naive_queries = count_queries(lambda: found.setdefault("naive", naive_matches(learner.pk, ON)))
    naive = found["naive"]
    assert fast == naive, f"the two ways disagree: {sorted(fast ^ naive)[:10]}"
    shown = len(proposals.proposals_for(learner, on=ON))
    for _ in range(3):
        proposals.proposals_for(learner, on=ON)
    fast_samples = time_calls(lambda: proposals.proposals_for(learner, on=ON), args.repeats)
    fast_queries = count_queries(lambda: proposals.proposals_for(learner, on=ON))
    naive_samples = time_calls(lambda: naive_matches(learner.pk, ON), 2)

    figures = overview.provider_overview(version.provider)
    # The requests made here and the one that issued the learner's competentiebewijs.
    assert sum(f.requests for f in figures.procedures) == args.requests + 1
    service_samples = time_calls(lambda: overview.provider_overview(version.provider), 30)
    service_queries = count_queries(lambda: overview.provider_overview(version.provider))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    url = reverse("recognition_overview:provider", args=[version.provider.slug])
    for _ in range(3):
        assert client.get(url).status_code == 200
    page_samples = time_calls(lambda: client.get(url), 30)
    page_queries = count_queries(lambda: client.get(url))

    p95 = percentile(fast_samples, 0.95)
    naive_median = statistics.median(naive_samples)
    overview_p95 = percentile(page_samples, 0.95)
    verdict = "met" if p95 <= TARGET_PROPOSALS_P95_MS else "NOT met"
    overview_verdict = "met" if overview_p95 <= TARGET_OVERVIEW_P95_MS else "NOT met"
    server = (
        f"{connection.vendor} (server version {connection.pg_version})"
        if connection.vendor == "postgresql"
        else connection.vendor
    )
    defaults = (
        ("providers", 500),
        ("programmes", 50_000),
        ("modules", 10),
        ("rules", 20_000),
        ("requests", 10_000),
        ("repeats", 50),
    )
    extra = [f"--{n} {getattr(args, n)}" for n, d in defaults if getattr(args, n) != d]
    command = (
        "DATABASE_URL=$(scripts/pg-throwaway start 55412 /tmp/pg-bench) "
        ".venv/bin/python bench/recognition.py" + (" " + " ".join(extra) if extra else "")
    )
    load = os.getloadavg()[0]
    section = f"""## Recognition: exemption proposals and the provider overview (issue 10)

Measured by `bench/recognition.py` on {server}. One run on a shared 2-core machine; load average at the end {load:.1f}.

- Command: `{command}`
- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC
- Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}
- Data: {args.providers} providers, {args.programmes:,} programmes, {args.programmes * args.modules:,} modules; {args.rules:,} exemption rules (a quarter each from a qualification, a module, a credential type, competences; a tenth ended); one learner with ten sources (3 diplomas, 2 credentials, 2 modules completed, 2 exemption decisions in force, 1 competentiebewijs); a provider with {args.requests:,} requests, {decisions:,} decisions and {steps:,} steps (built in {build_s:.0f} s).

| benchmark | figure | target (issue 10) | |
|---|---|---|---|
| `proposals.proposals_for` (one learner, every provider's rules), {args.repeats} runs | p50 {statistics.median(fast_samples):.1f} ms, p95 {p95:.1f} ms; {fast_queries} queries; {len(fast)} rules match, {shown} proposals | p95 ≤ {TARGET_PROPOSALS_P95_MS} ms | {verdict} |
| the naive way beside it (one query per rule in force), 2 runs | median {naive_median:.0f} ms; {naive_queries:,} queries; the same {len(naive)} rules | | {naive_median / statistics.median(fast_samples):.0f}× slower |
| `overview.provider_overview`, 30 runs | p50 {statistics.median(service_samples):.1f} ms, p95 {percentile(service_samples, 0.95):.1f} ms; {service_queries} queries | | |
| overview page (`/recognition/overview/<slug>/`), whole request through the test client, 30 runs | p50 {statistics.median(page_samples):.1f} ms, p95 {overview_p95:.1f} ms; {page_queries} queries | p95 ≤ {TARGET_OVERVIEW_P95_MS} ms | {overview_verdict} |

Notes:

- Proposals: the learner's sources in three queries (earlier qualifications, decisions in force, recognised competences), the matching rules in three (qualification, module and credential-type rules by index in one, credential types case-insensitively through an index on `lower(source_credential_type)`; the competence links of the rules sharing one of the learner's competences, then the rules whose every competence the learner holds by id), and one for open requests: a constant number, whatever the number of rules. (Counting per rule in SQL with correlated subqueries was 3–5× slower: PostgreSQL's planner joined every competence rule first.) The suite's `test_proposals_take_a_constant_number_of_queries` checks 1 vs 11 providers' rules.
- The overview: five queries (versions, requests by status, durations of decided requests, decisions by outcome with the hours and credits summed in SQL, step minutes); median and 90th percentile in Python over the decided requests' durations. The suite's `test_the_overview_takes_a_constant_number_of_queries` checks 5 vs 50 requests.
"""
    write_section(Path(args.output), MARKER, section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
