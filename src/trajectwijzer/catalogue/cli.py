"""``trajectwijzer catalogue …``: import and export of programmes."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("catalogue", help="training catalogue: import, export")
    parser.add_subparsers(dest="action", metavar="ACTION", required=True)
