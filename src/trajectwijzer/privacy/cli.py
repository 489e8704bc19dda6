"""``trajectwijzer privacy …``: export a person's data, erase it (GDPR art. 15, 17, 20)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("privacy", help="export or erase a person's personal data")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="print everything about a person as JSON (one key per app)"
    )
    export.add_argument("email")
    export.add_argument(
        "--pdf", type=Path, metavar="FILE", help="also write a readable summary as PDF to FILE"
    )
    export.set_defaults(handler=export_person)
    erase = actions.add_parser("erase", help="erase or anonymise everything about a person")
    erase.add_argument("email")
    erase.add_argument(
        "--dry-run", action="store_true", help="list what would go, per model; change nothing"
    )
    erase.set_defaults(handler=erase_person)


def _person(email: str):
    from trajectwijzer.cli import CommandInputError
    from trajectwijzer.privacy import services

    person = services.person_by_email(email)
    if person is None:
        raise CommandInputError(f"email: no user with e-mail address {email!r}")
    return person


def export_person(args: argparse.Namespace) -> int:
    from django.utils import translation

    from trajectwijzer.cli import CommandInputError
    from trajectwijzer.privacy import reports, services

    person = _person(args.email)
    data = services.export_person(person)
    if args.pdf is not None:
        if not args.pdf.parent.is_dir():
            raise CommandInputError(f"--pdf: folder {args.pdf.parent} does not exist")
        with translation.override(person.preferred_language or None):
            pdf = reports.render_pdf(person, data)
        try:
            args.pdf.write_bytes(pdf)
        except OSError as error:
            raise CommandInputError(f"--pdf: cannot write {args.pdf}: {error.strerror}") from None
    services.record_export_by_operator(person)
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def erase_person(args: argparse.Namespace) -> int:
    from django.conf import settings

    from trajectwijzer.cli import require_lasting_secret_key
    from trajectwijzer.privacy import services
    from trajectwijzer.privacy.models import ErasureChannel

    person = _person(args.email)
    if not args.dry_run:
        # The person's sessions are signed with the web server's key: without it they
        # cannot be found, and the person would stay logged in on them.
        require_lasting_secret_key("privacy erase (it ends the person's sessions)")
    elif settings.SECRET_KEY_IS_EPHEMERAL:
        print("note: sessions not counted (SECRET_KEY is not set; the real erasure needs it)")
    result = services.erase_person(
        person, dry_run=args.dry_run, channel=ErasureChannel.COMMAND_LINE
    )
    heading = "would be" if args.dry_run else "done"
    print(f"{'model':40} {'rows':>6}  outcome ({heading})")
    for line in result.lines:
        print(f"{line.model:40} {line.count:>6}  {line.outcome}")
    verb = "would be deleted" if args.dry_run else "deleted"
    print(f"files: {len(result.files)} {verb} from storage")
    if args.dry_run:
        print("dry run: nothing was changed")
    else:
        print(f"erasure record #{result.record.pk}")
    return 0
