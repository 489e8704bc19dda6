"""``trajectwijzer accounts …``: operator commands for people and organisations."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("accounts", help="people, organisations and API tokens")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    token = actions.add_parser("create-token", help="create an API token for a user")
    token.add_argument("email")
    token.add_argument("--name", default="cli")
    token.set_defaults(handler=create_token)


def create_token(args: argparse.Namespace) -> int:
    from trajectwijzer.accounts import services
    from trajectwijzer.accounts.models import User
    from trajectwijzer.cli import CommandInputError

    try:
        user = User.objects.get(email__iexact=args.email)
    except User.DoesNotExist:
        raise CommandInputError(f"email: no user with e-mail address {args.email!r}") from None
    _token, key = services.create_api_token(user, name=args.name)
    print(key)
    return 0
