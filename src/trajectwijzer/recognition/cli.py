"""``trajectwijzer recognition …``: procedure definitions, the exemption matrix, proposals,
signals for the coach.

- ``validate [FILE…]`` and ``sync``: procedure definitions (``cli_definitions.py``);
- ``matrix import FILE [--dry-run]`` and ``matrix export [FILE] [--maintainer SLUG]``: the
  exemption matrix as CSV or JSON (``matrix.py``; nothing imported on any error);
- ``propose EMAIL [--date DATE] [--grant]``: the learner's exemption proposals as a JSON
  list (``proposals.py``); ``--grant`` first grants the rules marked automatic;
- ``signals [--queue]``: caseload signals for steps waiting on the learner too long
  (``cli_flow.py``).

Bad input exits with code 2 and one line (``trajectwijzer.cli.CommandInputError``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from trajectwijzer.cli import DATA_FORMATS, CommandInputError, data_format_of, read_input_file

from . import cli_definitions, cli_flow


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "recognition",
        help="recognition of prior learning: procedures, exemption matrix, proposals",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    validate = actions.add_parser(
        "validate",
        help="check procedure definition files (default: the shipped ones)",
        description="Check procedure definitions and their catalogue references; "
        "exit 2 with one file:line: reason line per problem.",
    )
    cli_definitions.add_validate_arguments(validate)
    validate.set_defaults(handler=cli_definitions.handle_validate)

    sync = actions.add_parser(
        "sync",
        help="store the shipped procedure definitions as versions",
        description="Store the shipped definitions; a changed file becomes a new version.",
    )
    cli_definitions.add_sync_arguments(sync)
    sync.set_defaults(handler=cli_definitions.handle_sync)

    matrix_parser = actions.add_parser(
        "matrix", help="exemption matrix and EVK concordance table: import, export"
    )
    matrix_actions = matrix_parser.add_subparsers(
        dest="matrix_action", metavar="ACTION", required=True
    )
    importer = matrix_actions.add_parser(
        "import",
        help="create or update exemption rules from CSV or JSON (upsert by code)",
        description="Create or update exemption rules from a CSV or JSON file, matched by "
        "code. Nothing is written when any row is invalid.",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    importer.add_argument(
        "--format", choices=DATA_FORMATS, help="file format (default: from the file extension)"
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="validate and count, but write nothing"
    )
    importer.set_defaults(handler=handle_matrix_import)

    exporter = matrix_actions.add_parser(
        "export",
        help="write exemption rules as CSV or JSON (the import format)",
        description="Write exemption rules in the import format; importing the output "
        "changes nothing.",
    )
    exporter.add_argument(
        "file", metavar="FILE", type=Path, nargs="?", help="write here (default: stdout)"
    )
    exporter.add_argument(
        "--format", choices=DATA_FORMATS, help="default: from the FILE extension, else csv"
    )
    exporter.add_argument(
        "--maintainer", metavar="SLUG", help="only rules maintained by this organisation"
    )
    exporter.set_defaults(handler=handle_matrix_export)

    propose = actions.add_parser(
        "propose",
        help="a learner's exemption proposals at every provider, as a JSON list",
        description="Match the learner's earlier qualifications, competence certificates "
        "and decisions against every provider's exemption rules in force.",
    )
    propose.add_argument("email", metavar="EMAIL")
    propose.add_argument(
        "--date",
        type=_date,
        help="the rules and decisions in force on DATE (YYYY-MM-DD; default today)",
    )
    propose.add_argument(
        "--grant",
        action="store_true",
        help="first grant the rules marked automatic (communicated decisions)",
    )
    propose.set_defaults(handler=handle_propose)

    signals = actions.add_parser(
        "signals",
        help="signal coaches about steps waiting on the learner too long",
        description="Raise a caseload signal for each step that waits on the learner past "
        "the procedure's maximum duration (idempotent while the signal is open).",
    )
    cli_flow.add_signals_arguments(signals)
    signals.set_defaults(handler=cli_flow.handle_signals)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def handle_matrix_import(args: argparse.Namespace) -> int:
    from django.utils import translation

    from trajectwijzer.catalogue.importing import FileFormatError

    from . import matrix

    file_format = data_format_of(args.file, args.format, None)
    data = read_input_file(args.file)
    # Messages in the source language (English), like Django's own management commands.
    with translation.override(None):
        try:
            records = matrix.read(data, file_format, str(args.file))
        except FileFormatError as error:
            raise CommandInputError(str(error)) from None
        result = matrix.import_rules(records, dry_run=args.dry_run)
        for error in result.errors:
            print(error, file=sys.stderr)
        if result.errors:
            raise CommandInputError(
                f"{result.failed_rows} of {len(records)} rows have errors; nothing was imported"
            )
        if args.dry_run:
            print(f"Dry run, nothing written. Would have: {result.summary}.")
        else:
            print(f"Imported {args.file}: {result.summary}.")
    return 0


def handle_matrix_export(args: argparse.Namespace) -> int:
    from trajectwijzer.accounts.models import Organisation

    from . import matrix

    file_format = data_format_of(args.file, args.format, "csv")
    maintained_by = None
    if args.maintainer:
        organisation = Organisation.objects.filter(slug=args.maintainer).first()
        if organisation is None:
            raise CommandInputError(f"no organisation with slug {args.maintainer!r}")
        maintained_by = [organisation.pk]
    records = matrix.export_records(maintained_by)
    if args.file is None:
        matrix.write(records, file_format, sys.stdout)
        return 0
    try:
        with args.file.open("w", encoding="utf-8", newline="") as stream:
            count = matrix.write(records, file_format, stream)
    except OSError as error:
        raise CommandInputError(f"{args.file}: cannot write: {error.strerror}") from None
    print(f"Exported {count} exemption rules to {args.file}.", file=sys.stderr)
    return 0


def handle_propose(args: argparse.Namespace) -> int:
    from django.utils import translation

    from trajectwijzer.accounts.models import User

    from . import proposals

    learner = User.objects.filter(email__iexact=args.email.strip(), is_active=True).first()
    if learner is None:
        raise CommandInputError(f"no active user with e-mail {args.email!r}")
    with translation.override(learner.preferred_language or "nl"):
        if args.grant:
            granted = proposals.grant_automatic(learner, on=args.date)
            if granted:
                print(
                    f"Granted {len(granted)} exemption(s) automatically: "
                    + ", ".join(d.matrix_rule.code for d in granted),
                    file=sys.stderr,
                )
        found = proposals.proposals_for(learner, on=args.date)
    json.dump([proposal.as_json() for proposal in found], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
