"""``trajectwijzer catalogue …``: import and export of programmes.

The file format is described in ``docs/catalogue-import.md``; the work is done by
``catalogue.services`` so the command, the API and the forms validate alike.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, TypeVar

from trajectwijzer import spreadsheets
from trajectwijzer.cli import DATA_FORMATS, CommandInputError, data_format_of, read_input_file

FORMATS = DATA_FORMATS
T = TypeVar("T")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("catalogue", help="training catalogue: import, export, reindex")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    importer = actions.add_parser(
        "import",
        help="create or update programmes from a CSV or JSON file (upsert by external_id)",
        description="Create or update programmes from a CSV or JSON file, matched by "
        "external_id. Without --partial nothing is written when any row is invalid.",
    )
    importer.add_argument("file", metavar="FILE", type=Path)
    importer.add_argument(
        "--format", choices=FORMATS, help="file format (default: from the file extension)"
    )
    importer.add_argument(
        "--partial",
        action="store_true",
        help="import the valid rows and list the invalid ones (exit code 0)",
    )
    importer.add_argument(
        "--dry-run", action="store_true", help="validate and count, but write nothing"
    )
    importer.add_argument("--quiet", action="store_true", help="no progress bar")
    importer.set_defaults(handler=handle_import)

    exporter = actions.add_parser(
        "export",
        help="write programmes as CSV or JSON (modules only in JSON)",
        description="Write programmes in the import format; importing the output changes nothing.",
    )
    exporter.add_argument(
        "--format", choices=FORMATS, help="default: from the -o extension, else csv"
    )
    exporter.add_argument("--provider", metavar="SLUG", help="only this provider's programmes")
    exporter.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="write here instead of stdout"
    )
    exporter.set_defaults(handler=handle_export)
    _register_reindex(actions)


def _register_reindex(actions: argparse._SubParsersAction) -> None:
    reindex = actions.add_parser(
        "reindex",
        help="rebuild the search index (after loaddata or a restore of the rows alone)",
        description="Rebuild the full-text search index of the published programmes and "
        "tell every process to refresh its facet index. With --check only report whether "
        "the index lacks published programmes (exit code 1 when it does).",
    )
    reindex.add_argument(
        "--check", action="store_true", help="report only; exit 1 when the index is stale"
    )
    reindex.add_argument(
        "--queue",
        action="store_true",
        help="leave the rebuild to the task worker (manage.py db_worker) instead of waiting",
    )
    reindex.set_defaults(handler=handle_reindex)


def handle_reindex(args: argparse.Namespace) -> int:
    from . import search

    if args.check:
        health = search.index_health()
        print(
            f"Search index ({health.backend}): {health.published - health.missing} of "
            f"{health.published} published programmes indexed"
            + (", stale: run `trajectwijzer catalogue reindex`." if health.is_stale else ".")
        )
        return 1 if health.is_stale else 0
    if args.queue:
        from .tasks import rebuild_search_index

        result = rebuild_search_index.enqueue()
        print(f"Queued the search index rebuild for the task worker (task {result.id}).")
        return 0
    before, after = search.rebuild_search_index()
    print(
        f"Rebuilt the search index ({after.backend}): {after.published} published programmes "
        f"indexed ({before.missing} were missing before); the facet index of every process "
        "refreshes on its next search."
    )
    return 0


def _progress_bar(quiet: bool, description: str):
    """tqdm on stderr, only for a person watching a terminal."""
    from tqdm import tqdm

    def wrap(items: Iterable[T], total: int) -> Iterable[T]:
        return tqdm(
            items,
            total=total,
            desc=description,
            unit=" rows",
            file=sys.stderr,
            disable=quiet or not sys.stderr.isatty(),
            leave=False,
        )

    return wrap


def handle_import(args: argparse.Namespace) -> int:
    from django.utils import translation

    from . import importing, services

    file_format = data_format_of(args.file, args.format, None)
    data = read_input_file(args.file)
    try:
        text = importing.decode(data, str(args.file))
        read = importing.read_csv if file_format == "csv" else importing.read_json
        records = read(text, str(args.file))
    except importing.FileFormatError as error:
        raise CommandInputError(str(error)) from error

    # Messages in the source language (English), like Django's own management commands,
    # rather than a mix of English and the site's default language.
    with translation.override(None):
        result = services.import_programmes(
            records,
            partial=args.partial,
            dry_run=args.dry_run,
            progress=_progress_bar(args.quiet, "Checking"),
        )
    for error in result.errors:
        print(error, file=sys.stderr)
    if result.errors and not args.partial:
        raise CommandInputError(
            f"{result.failed_rows} of {len(records)} rows have errors; nothing was imported "
            "(fix them, or use --partial to import the valid rows)"
        )
    counts = (
        f"{len(result.created)} created, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged"
    )
    skipped = f", {result.failed_rows} rows skipped because of errors" if result.errors else ""
    if args.dry_run:
        print(f"Dry run, nothing written. Would have: {counts}{skipped}.")
    else:
        print(f"Imported {args.file}: {counts}{skipped}.")
    return 0


def handle_export(args: argparse.Namespace) -> int:
    from . import importing, services
    from .models import Provider

    file_format = data_format_of(args.output, args.format, "csv")
    provider = None
    if args.provider:
        provider = Provider.objects.filter(slug=args.provider).first()
        if provider is None:
            raise CommandInputError(f"no provider with slug {args.provider!r}")
    records = services.export_records(provider, with_modules=file_format == "json")
    if args.output is None:
        _write(records, file_format, sys.stdout, importing.PROGRAMME_COLUMNS)
        return 0
    try:
        with args.output.open("w", encoding="utf-8", newline="") as stream:
            count = _write(records, file_format, stream, importing.PROGRAMME_COLUMNS)
    except OSError as error:
        raise CommandInputError(f"{args.output}: cannot write: {error.strerror}") from error
    print(f"Exported {count} programmes to {args.output}.", file=sys.stderr)
    return 0


def _write(
    records: Iterable[dict[str, Any]], file_format: str, stream: IO[str], columns: tuple[str, ...]
) -> int:
    count = 0
    if file_format == "json":
        # Written record by record so a large catalogue never sits in memory as one string.
        stream.write("[")
        for count, record in enumerate(records, start=1):
            stream.write(",\n  " if count > 1 else "\n  ")
            stream.write(json.dumps(record, ensure_ascii=False, default=_json_number))
        stream.write("\n]\n" if count else "]\n")
        return count
    writer = spreadsheets.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(_csv_cell(record[column]) for column in columns)
        count += 1
    return count


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _csv_cell(value: Any) -> str:
    from .importing import LIST_SEPARATOR

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    # Numbers stay numbers: the shared writer escapes text only (see spreadsheets.py).
    return value
