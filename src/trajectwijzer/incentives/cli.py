"""The incentives finder on the command line.

``trajectwijzer incentives evaluate FILE|- [--lang nl|fr|en]`` reads a situation in the
input contract (docs/incentives.md) and prints the output contract as JSON.

``trajectwijzer incentives simulate --population FILE.csv --date D`` evaluates a whole
population (one row per worker, one column per input field) in one vectorised
simulation and counts per incentive who qualifies, by education level.

Invalid input exits with code 2 and names each field (and row) and its allowed values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from trajectwijzer.cli import CommandInputError

from .texts import DEFAULT_LANGUAGE, LANGUAGES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("incentives", help="training incentives: evaluate a situation")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    evaluate = actions.add_parser(
        "evaluate",
        help="which incentives apply to a situation (JSON in, JSON out)",
        description="Evaluate a situation (JSON, see docs/incentives.md) against every incentive.",
    )
    evaluate.add_argument("file", metavar="FILE", help="situation as JSON, or - for stdin")
    evaluate.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    evaluate.set_defaults(handler=handle_evaluate)
    simulate = actions.add_parser(
        "simulate",
        help="how many people of a population (CSV) qualify, by education level",
        description=(
            "Evaluate a population (CSV, one column per input field with the dotted name as "
            "header, empty cell = unknown, lists separated by |) in one vectorised "
            "simulation; report per incentive yes / no / unknown by education level."
        ),
    )
    simulate.add_argument("--population", required=True, metavar="FILE.csv", help="CSV, - = stdin")
    simulate.add_argument("--date", required=True, type=_date, help="evaluation date, YYYY-MM-DD")
    simulate.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    simulate.add_argument("--format", choices=("text", "json"), default="text")
    simulate.set_defaults(handler=handle_simulate)
    stale = actions.add_parser(
        "stale",
        help="incentives whose rules are not reviewed for a date (maintainer's list)",
        description=(
            "List the incentives whose review_by date (data/incentives.yaml, sector "
            "measure files) lies before --on (default today), with when their sources "
            "were checked and which sources to re-read. See docs/incentives-changelog.md."
        ),
    )
    stale.add_argument("--on", type=_date, default=None, help="evaluation date, YYYY-MM-DD")
    stale.add_argument("--format", choices=("text", "json"), default="text")
    stale.set_defaults(handler=handle_stale)
    record = actions.add_parser(
        "record-change",
        help="record the rule files changed since the manifest under a changelog entry",
        description=(
            "After adding an entry to docs/incentives-changelog.md, record the digests of "
            "the changed parameter, variable and sector-measure files under that entry "
            "(data/rules_manifest.json)."
        ),
    )
    record.add_argument("entry", metavar="ENTRY", help="the entry's id, e.g. 2026-12-04-vov")
    record.set_defaults(handler=handle_record_change)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandInputError(f"cannot read {file}: {error.strerror}") from None


def handle_evaluate(args: argparse.Namespace) -> int:
    from trajectwijzer.safe_input import UnsafeInput, load_json

    from .services import SituationInvalid, evaluate

    try:
        situation = load_json(_read(args.file))
    except json.JSONDecodeError as error:
        raise CommandInputError(f"{args.file} is not valid JSON: {error}") from None
    except UnsafeInput as unsafe:
        raise CommandInputError(f"{args.file}: {unsafe}") from None
    try:
        answer = evaluate(situation, args.lang)
    except SituationInvalid as invalid:
        lines = [f"{e['field']}: {e['message']}" for e in invalid.errors]
        raise CommandInputError("invalid situation:\n  " + "\n  ".join(lines)) from None
    json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def handle_simulate(args: argparse.Namespace) -> int:
    from .contract import EARLIEST_DATE
    from .simulation import PopulationInvalid, format_text, read_population, simulate_population

    if args.date < EARLIEST_DATE:
        raise CommandInputError(f"--date: {EARLIEST_DATE.isoformat()} or later")
    try:
        rows = read_population(_read(args.population), args.date, args.lang)
    except PopulationInvalid as invalid:
        lines = [
            (f"row {e['row']} (line {e['row'] + 1})" if e["row"] else "header")
            + f", {e['field']}: {e['message']}"
            + (
                f" (allowed: {e['allowed']})"
                if e["allowed"] and e["allowed"] not in e["message"]
                else ""
            )
            for e in invalid.errors
        ]
        raise CommandInputError("invalid population:\n  " + "\n  ".join(lines)) from None
    report = simulate_population(rows, args.date)
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_text(report))
    return 0


def handle_stale(args: argparse.Namespace) -> int:
    from .services import stale_incentives

    stale = stale_incentives(args.on)
    if args.format == "json":
        json.dump(stale, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not stale:
        sys.stdout.write("every incentive is reviewed for this date\n")
        return 0
    for item in stale:
        sys.stdout.write(
            f"{item['id']}: review by {item['review_by']} "
            f"({item['days_overdue']} days overdue), sources checked on {item['checked_on']}; "
            f"re-read {item['references'][0]}\n"
        )
    return 0


def handle_record_change(args: argparse.Namespace) -> int:
    from .changelog import ChangelogError, record_change

    try:
        changed = record_change(args.entry)
    except ChangelogError as error:
        raise CommandInputError(str(error)) from None
    sys.stdout.write(
        "\n".join(f"recorded {path} under {args.entry}" for path in changed) or "nothing changed"
    )
    sys.stdout.write("\n")
    return 0
