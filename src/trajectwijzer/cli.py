"""The platform's command line: ``trajectwijzer <domain> <action> …``.

Each part of the domain contributes its subcommands through a ``cli.py`` module
with ``register(subparsers)``; handlers call the same services as views and API.
``trajectwijzer manage …`` passes through to Django's management commands.

Exit codes: 0 success, 1 failure while running, 2 invalid input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

DOMAIN_CLI_MODULES = (
    "trajectwijzer.catalogue.cli",
    "trajectwijzer.accounts.cli",
    "trajectwijzer.incentives.cli",
    "trajectwijzer.barometer.cli",
    "trajectwijzer.development.cli",
    "trajectwijzer.instruments.cli",
    "trajectwijzer.privacy.cli",
)

EXIT_INVALID_INPUT = 2


class CommandInputError(Exception):
    """Bad input from the command line: printed to stderr, exit code 2."""


DATA_FORMATS = ("csv", "json")


def data_format_of(path: Path | None, explicit: str | None, default: str | None) -> str:
    """``--format`` if given, else the file's extension, else ``default``; or refuse."""
    if explicit:
        return explicit
    suffix = path.suffix.lower().lstrip(".") if path else ""
    if suffix in DATA_FORMATS:
        return suffix
    if default:
        return default
    raise CommandInputError(
        f"cannot tell the format of {path} from its extension; pass --format csv or --format json"
    )


def read_input_file(path: Path) -> bytes:
    """The file's bytes, or a CommandInputError naming the file (never a traceback)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandInputError(f"{path}: no such file") from None
    except OSError as error:
        raise CommandInputError(f"{path}: cannot read: {error.strerror}") from error


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectwijzer.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trajectwijzer",
        description="Trajectwijzer: qualifying trajectories for working adults.",
    )
    subparsers = parser.add_subparsers(dest="domain", metavar="COMMAND", required=True)
    manage = subparsers.add_parser(
        "manage", help="run a Django management command (migrate, load_demo, …)", add_help=False
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    for module_name in DOMAIN_CLI_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["trajectwijzer manage", *argv[1:]])
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_django()
    try:
        return int(args.handler(args) or 0)
    except CommandInputError as error:
        print(f"trajectwijzer: error: {error}", file=sys.stderr)
        return EXIT_INVALID_INPUT


if __name__ == "__main__":
    sys.exit(main())
