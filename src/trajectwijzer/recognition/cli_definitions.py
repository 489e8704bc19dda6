"""Command functions for procedure definitions, called by ``cli.py`` ("matrix" owns it):

``trajectwijzer recognition validate [FILE…]`` — check definition files (every shipped one
when no file is given), each against the catalogue as well: prints ``FILE: ok (slug vN)``
per good file; exit 2 with one ``file:line: reason`` line per problem.
``trajectwijzer recognition sync`` — store the shipped definitions as procedure versions
(all or nothing): an unchanged file keeps its version, a changed one becomes a new version.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trajectwijzer.cli import CommandInputError


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="FILE", help="definition files (YAML)")


def add_sync_arguments(parser: argparse.ArgumentParser) -> None:
    """``sync`` takes no arguments (it always stores the shipped definitions)."""


def _problem_lines(problems) -> str:
    return "\n".join(f"{source}:{line}: {reason}" for source, line, reason in problems)


def handle_validate(args: argparse.Namespace) -> int:
    from .definition import DefinitionError, load_procedure, shipped_paths
    from .procedures import bind_problems

    paths = [Path(f) for f in getattr(args, "files", None) or []] or shipped_paths()
    problems = []
    slugs: dict[str, str] = {}
    for path in paths:
        try:
            procedure = load_procedure(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        found = bind_problems(procedure, str(path))
        if procedure.slug in slugs:
            found.append(
                (str(path), 1, f"slug {procedure.slug!r} is also used by {slugs[procedure.slug]}")
            )
        slugs.setdefault(procedure.slug, str(path))
        if found:
            problems.extend(found)
            continue
        print(f"{path}: ok ({procedure.slug} v{procedure.version})")
    if problems:
        raise CommandInputError("invalid procedure definition:\n" + _problem_lines(problems))
    return 0


def handle_sync(args: argparse.Namespace) -> int:
    from .definition import DefinitionError
    from .models import ProcedureVersion
    from .procedures import sync_procedures

    before = dict(ProcedureVersion.objects.filter(is_current=True).values_list("procedure", "pk"))
    try:
        versions = sync_procedures()
    except DefinitionError as error:
        raise CommandInputError(
            "invalid procedure definition (nothing stored):\n" + _problem_lines(error.problems)
        ) from None
    for version in sorted(versions, key=lambda v: v.procedure):
        earlier = before.get(version.procedure)
        if earlier is None:
            what = "stored"
        elif earlier != version.pk:
            what = "new version"
        else:
            what = "unchanged"
        print(f"{version.procedure}: version {version.version} ({what})")
    return 0
