"""``trajectwijzer incentives evaluate FILE|- [--lang nl|fr|en]``: the finder on the command line.

Reads a situation in the input contract (docs/incentives.md), prints the output
contract as JSON. Invalid input exits with code 2 and names each field and its
allowed values.
"""

from __future__ import annotations

import argparse
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


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandInputError(f"cannot read {file}: {error.strerror}") from None


def handle_evaluate(args: argparse.Namespace) -> int:
    from .services import SituationInvalid, evaluate

    try:
        situation = json.loads(_read(args.file))
    except json.JSONDecodeError as error:
        raise CommandInputError(f"{args.file} is not valid JSON: {error}") from None
    try:
        answer = evaluate(situation, args.lang)
    except SituationInvalid as invalid:
        lines = [f"{e['field']}: {e['message']}" for e in invalid.errors]
        raise CommandInputError("invalid situation:\n  " + "\n  ".join(lines)) from None
    json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
