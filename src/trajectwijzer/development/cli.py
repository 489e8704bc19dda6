"""``trajectwijzer competences …``: import and export of competence frameworks.

The work is done by ``catalogue.frameworks_io``; the rules match the catalogue import
(row-numbered errors naming the field and what is allowed, nothing imported on any
error, exit code 2). The format is described in ``docs/development.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trajectwijzer.cli import DATA_FORMATS, CommandInputError, data_format_of, read_input_file

FORMATS = DATA_FORMATS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "competences", help="competence frameworks: import, export (CSV or JSON)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    importer = actions.add_parser(
        "import",
        help="create or update competence frameworks from a CSV or JSON file (by code)",
        description="Create or update frameworks with their scale, competences, indicators "
        "and module links. Nothing is written when any row is invalid.",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    importer.add_argument(
        "--format", choices=FORMATS, help="file format (default: from the file extension)"
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="validate and count, but write nothing"
    )
    importer.set_defaults(handler=handle_import)

    exporter = actions.add_parser(
        "export",
        help="write one framework as CSV or JSON (importing it again changes nothing)",
    )
    exporter.add_argument("framework", metavar="FRAMEWORK_CODE")
    exporter.add_argument("--format", choices=FORMATS, default=None, help="default: json")
    exporter.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write here instead of stdout"
    )
    exporter.set_defaults(handler=handle_export)


def handle_import(args: argparse.Namespace) -> int:
    from trajectwijzer.catalogue import frameworks_io, importing

    file_format = data_format_of(args.file, args.format, None)
    data = read_input_file(args.file)
    try:
        text = importing.decode(data, str(args.file))
        if file_format == "csv":
            records, errors = frameworks_io.read_csv(text, str(args.file))
        else:
            records, errors = frameworks_io.read_json(text, str(args.file)), []
    except importing.FileFormatError as error:
        raise CommandInputError(str(error)) from error
    result = frameworks_io.import_frameworks(records, dry_run=args.dry_run or bool(errors))
    all_errors = sorted([*errors, *result.errors], key=lambda error: error.row)
    for error in all_errors:
        print(error, file=sys.stderr)
    if all_errors:
        rows = len({error.row for error in all_errors})
        raise CommandInputError(f"{rows} rows have errors; nothing was imported")
    if args.dry_run:
        print(f"Dry run, nothing written. Would have: {result.summary}.")
    else:
        print(f"Imported {args.file}: {result.summary}.")
    return 0


def handle_export(args: argparse.Namespace) -> int:
    from trajectwijzer.catalogue import frameworks_io
    from trajectwijzer.catalogue.models import CompetenceFramework

    file_format = data_format_of(args.output, args.format, "json")
    framework = CompetenceFramework.objects.filter(code=args.framework).first()
    if framework is None:
        codes = ", ".join(CompetenceFramework.objects.values_list("code", flat=True))
        raise CommandInputError(f"no framework with code {args.framework!r} (known: {codes})")
    record = frameworks_io.export_framework(framework)

    def write(stream) -> None:
        if file_format == "json":
            stream.write(json.dumps([record], ensure_ascii=False, indent=2) + "\n")
        else:
            frameworks_io.write_csv([record], stream)

    if args.output is None:
        write(sys.stdout)
        return 0
    try:
        with args.output.open("w", encoding="utf-8", newline="") as stream:
            write(stream)
    except OSError as error:
        raise CommandInputError(f"{args.output}: cannot write: {error.strerror}") from error
    print(f"Exported framework {framework.code} to {args.output}.", file=sys.stderr)
    return 0
