"""Instruments on the command line.

``trajectwijzer instruments list`` — shipped definitions: id, version, item and dimension counts.
``trajectwijzer instruments validate [FILE…]`` — check definitions (all shipped ones when no
file is given); exit 2 with ``file:line: reason`` for each problem.
``trajectwijzer instruments sync`` — store the shipped definitions as versions.
``trajectwijzer instruments score FILE --responses CSV`` — score a CSV (one row per
respondent, one column per item id; an optional ``respondent`` column) and print the
dimension scores per respondent as CSV.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from trajectwijzer import spreadsheets
from trajectwijzer.cli import CommandInputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "instruments", help="questionnaire instruments: list, check, score"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="shipped definitions with version and counts")
    listing.set_defaults(handler=handle_list)
    validate = actions.add_parser(
        "validate",
        help="check definitions (all shipped ones when no FILE is given)",
        description="Check instrument definitions; exit 2 naming file, line and reason.",
    )
    validate.add_argument("files", nargs="*", metavar="FILE")
    validate.set_defaults(handler=handle_validate)
    sync = actions.add_parser(
        "sync",
        help="store the shipped definitions as versions (after a deploy)",
        description=(
            "Store every shipped definition as its instrument's current version: unchanged "
            "files keep their version, a changed file replaces a version nobody answered, "
            "and becomes a new version once someone has."
        ),
    )
    sync.set_defaults(handler=handle_sync)
    score = actions.add_parser(
        "score",
        help="score a CSV of responses with a definition",
        description=(
            "Score responses: a CSV with one row per respondent and one column per item id "
            "(an optional 'respondent' column names the row; multiple choice values are "
            "separated by |). Prints the dimension scores per respondent as CSV."
        ),
    )
    score.add_argument("file", metavar="FILE", help="definition (YAML) or the id of a shipped one")
    score.add_argument("--responses", required=True, metavar="CSV", help="responses, - = stdin")
    score.set_defaults(handler=handle_score)


def handle_list(args: argparse.Namespace) -> int:
    from .definition import DefinitionError, shipped_definitions

    try:
        definitions = shipped_definitions()
    except DefinitionError as error:
        raise CommandInputError(f"invalid shipped definition:\n{error}") from None
    writer = spreadsheets.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["id", "version", "items", "dimensions", "audience", "minutes"])
    for definition in sorted(definitions.values(), key=lambda d: d.id):
        writer.writerow(
            [
                definition.id,
                definition.version,
                len(definition.items),
                len(definition.dimensions),
                definition.audience,
                definition.minutes,
            ]
        )
    return 0


def handle_sync(args: argparse.Namespace) -> int:
    from .definition import DefinitionError, shipped_definitions
    from .models import InstrumentVersion
    from .services import sync_definition

    try:
        definitions = shipped_definitions()
    except DefinitionError as error:
        raise CommandInputError(f"invalid shipped definition:\n{error}") from None
    for definition in sorted(definitions.values(), key=lambda d: d.id):
        before = InstrumentVersion.objects.filter(instrument=definition.id, is_current=True).first()
        after = sync_definition(definition)
        if before is None:
            what = "stored"
        elif before.pk != after.pk:
            what = "new version"
        elif before.checksum != after.checksum:
            what = "updated (not answered yet)"
        else:
            what = "unchanged"
        print(f"{definition.id}: version {after.version} ({what})")
    return 0


def handle_validate(args: argparse.Namespace) -> int:
    from .definition import DefinitionError, load_definition, shipped_paths

    paths = [Path(f) for f in args.files] or shipped_paths()
    problems = []
    ids: dict[str, str] = {}
    for path in paths:
        try:
            definition = load_definition(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        if definition.id in ids:
            problems.append(
                (str(path), 1, f"id {definition.id!r} is also used by {ids[definition.id]}")
            )
        ids[definition.id] = str(path)
        print(f"{path}: ok ({definition.id} v{definition.version})")
    if problems:
        raise CommandInputError(
            "invalid definition:\n"
            + "\n".join(f"{f}:{line}: {reason}" for f, line, reason in problems)
        )
    return 0


def _load(file: str):
    from .definition import load_definition, shipped_definitions

    if not file.endswith((".yaml", ".yml")) and file in shipped_definitions():
        return shipped_definitions()[file]
    return load_definition(file)


def _score_number(score: float) -> int | float:
    """A score as a number (not text), so the shared CSV writer leaves a negative one as is."""
    rounded = round(float(score), 4)
    return int(rounded) if rounded.is_integer() else rounded


def handle_score(args: argparse.Namespace) -> int:
    from django.utils import translation

    with translation.override("en"):  # messages for operators, in English
        return _score(args)


def _score(args: argparse.Namespace) -> int:
    from . import scoring
    from .definition import DefinitionError

    try:
        definition = _load(args.file)
    except DefinitionError as error:
        raise CommandInputError(f"invalid definition:\n{error}") from None
    try:
        text = (
            sys.stdin.read()
            if args.responses == "-"
            else Path(args.responses).read_text("utf-8-sig")
        )
    except OSError as error:
        raise CommandInputError(f"cannot read {args.responses}: {error.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    unknown = [c for c in columns if c != "respondent" and c not in definition.items]
    if unknown:
        raise CommandInputError(
            f"{args.responses}: unknown column(s) {', '.join(unknown)}; "
            f"allowed: respondent and the item ids of {definition.id}"
        )
    rows, names, problems = [], [], []
    for number, row in enumerate(reader, start=2):
        answers = {}
        for column in columns:
            if column == "respondent":
                continue
            raw = (row.get(column) or "").strip()
            if not raw:
                continue
            value = raw.split("|") if definition.items[column].type == "multiple" else raw
            try:
                answers[column] = scoring.clean_answer(definition, column, value)
            except scoring.AnswerError as error:
                problems.append(f"row {number}, column {column}: {error.message}")
        answers = {
            k: v for k, v in answers.items() if v is not None and definition.visible(k, answers)
        }
        missing = scoring.missing_required(definition, answers)
        if missing:
            problems.append(
                f"row {number}: no answer to {', '.join(missing)} (incomplete, not scored)"
            )
        rows.append(answers)
        names.append(row.get("respondent") or str(number - 1))
    if problems:
        raise CommandInputError("invalid responses:\n  " + "\n  ".join(problems))
    matrix = scoring.score_matrix(definition, scoring.answer_matrix(definition, rows))
    writer = spreadsheets.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["respondent", *[d.id for d in definition.dimensions]])
    for name, scores in zip(names, matrix, strict=True):
        writer.writerow([name, *["" if s != s else _score_number(s) for s in scores]])
    return 0
