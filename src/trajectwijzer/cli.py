"""The platform's command line: ``trajectwijzer <domain> <action> …``.

Each part of the domain contributes its subcommands through a ``cli.py`` module
with ``register(subparsers)``; handlers call the same services as views and API.
``trajectwijzer manage …`` passes through to Django's management commands.

Exit codes: 0 success, 1 failure while running, 2 invalid input or usage, or a
configuration the command cannot run with (one line saying what to set or run).

The commands work in a fresh checkout without configuration: without SECRET_KEY
they run with a key made for the one process (settings.py), because they sign
nothing lasting; those that would (a server, the task worker) ask for SECRET_KEY.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

DOMAIN_CLI_MODULES = (
    "trajectwijzer.catalogue.cli",
    "trajectwijzer.accounts.cli",
    "trajectwijzer.incentives.cli",
    "trajectwijzer.barometer.cli",
    "trajectwijzer.development.cli",
    "trajectwijzer.instruments.cli",
    "trajectwijzer.privacy.cli",
    "trajectwijzer.trajectories.cli",
    "trajectwijzer.recognition.cli",
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


# Read by settings.py while Django sets up: this process may run with a random key.
ephemeral_secret_key_allowed = False

# Management commands that serve requests or run tasks: their sessions, CSRF tokens and
# password-reset links must stay valid beyond this process, so they need SECRET_KEY.
COMMANDS_NEEDING_A_LASTING_SECRET_KEY = frozenset({"runserver", "testserver", "db_worker"})

DATABASE_NOT_READY = (
    "the database has no tables yet (or is not up to date): "
    "run `make demo` or `trajectwijzer manage migrate` first"
)


class ConfigurationError(Exception):
    """The command cannot run with this configuration: one line to stderr, exit code 2."""


def setup_django() -> None:
    global ephemeral_secret_key_allowed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trajectwijzer.settings")
    ephemeral_secret_key_allowed = True
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise ConfigurationError(str(error)) from None


def require_lasting_secret_key(what: str) -> None:
    """Refuse (exit 2) when SECRET_KEY is not configured: ``what`` signs something lasting."""
    from django.conf import settings

    if settings.SECRET_KEY_IS_EPHEMERAL:
        raise ConfigurationError(
            f"{what} needs SECRET_KEY: set SECRET_KEY (see docs/deployment.md)"
        )


def _management_command_needs_a_lasting_key(args: list[str]) -> bool:
    command = args[0] if args else ""
    # check --deploy judges the key too: a key made up for this process would pass it.
    return command in COMMANDS_NEEDING_A_LASTING_SECRET_KEY or (
        command == "check" and "--deploy" in args
    )


def database_problem() -> str | None:
    """Why the database cannot serve the commands, or None when it is migrated."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return f"cannot use the database ({first_line}); check DATABASE_URL"
    return DATABASE_NOT_READY if unapplied else None


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
    try:
        if argv[:1] == ["manage"]:
            return _manage(argv[1:])
        parser = build_parser()
        args = parser.parse_args(argv)
        setup_django()
        return _run_with_a_ready_database(lambda: int(args.handler(args) or 0))
    except (CommandInputError, ConfigurationError) as error:
        print(f"trajectwijzer: error: {error}", file=sys.stderr)
        return EXIT_INVALID_INPUT


def _manage(args: list[str]) -> int:
    setup_django()
    if _management_command_needs_a_lasting_key(args):
        command = "check --deploy" if args[0] == "check" else args[0]
        require_lasting_secret_key(f"`trajectwijzer manage {command}`")
    from django.core.management import execute_from_command_line

    def run() -> int:
        execute_from_command_line(["trajectwijzer manage", *args])
        return 0

    return run() if args[:1] == ["migrate"] else _run_with_a_ready_database(run)


def _run_with_a_ready_database(run: Callable[[], int]) -> int:
    """Run the command; a database without tables is a one-line hint, not a traceback."""
    from django.db import DatabaseError

    try:
        return run()
    except DatabaseError:
        problem = database_problem()
        if problem is None:
            raise
        raise ConfigurationError(problem) from None


if __name__ == "__main__":
    # Run the package's module, not a second copy named __main__: the domain modules
    # import CommandInputError and the settings read the flag from trajectwijzer.cli.
    from trajectwijzer.cli import main as package_main

    sys.exit(package_main())
