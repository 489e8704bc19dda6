"""``trajectwijzer barometer …``: reminders, missed-moment signals, scheduled moments.

Run ``trajectwijzer barometer remind`` once a day (cron, systemd timer): it e-mails
the learners whose moment's answer window is open (once per learner and moment) and
raises a signal for each learner who let a window close without an entry.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

from trajectwijzer.cli import CommandInputError


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date as YYYY-MM-DD") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("barometer", help="motivation barometer: reminders, moments")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    remind = actions.add_parser(
        "remind",
        help="e-mail learners whose moment is due (once each) and signal missed moments",
    )
    remind.add_argument("--date", type=_date, help="act as if today were DATE (YYYY-MM-DD)")
    remind.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL", ""),
        help="address of the platform for links in e-mails (default: $SITE_URL)",
    )
    remind.set_defaults(handler=handle_remind)

    signals = actions.add_parser(
        "signals", help="raise a signal for each learner who missed a moment (no e-mail)"
    )
    signals.add_argument("--date", type=_date, help="act as if today were DATE (YYYY-MM-DD)")
    signals.add_argument(
        "--queue",
        action="store_true",
        help="leave the check to the task worker (manage.py db_worker) instead of waiting",
    )
    signals.set_defaults(handler=handle_signals)

    moments = actions.add_parser("moments", help="list or schedule a group's moments")
    moments.add_argument("--group", type=int, required=True, metavar="ID", help="group id")
    moments.add_argument(
        "--defaults",
        action="store_true",
        help="schedule the default moments of the group's academic year",
    )
    moments.add_argument("--add", metavar="KIND", help="schedule a moment of KIND on --date")
    moments.add_argument("--date", metavar="DATE", help="date of the moment (YYYY-MM-DD)")
    moments.add_argument("--label", default="", help="optional label, e.g. 'Semester 2'")
    moments.set_defaults(handler=handle_moments)


def handle_remind(args: argparse.Namespace) -> int:
    from django.utils import translation

    from . import services

    with translation.override(None):
        sent = services.send_reminders(args.date, site_url=args.site_url)
        missed = services.check_missed_moments(args.date)
    print(f"reminders queued: {sent.reminders} (moments with an open window: {len(sent.moments)})")
    print(f"missed-moment signals raised: {missed.signals}")
    if sent.failed:
        print(f"reminders not queued (retried next run): {sent.failed}", file=sys.stderr)
        return 1
    return 0


def handle_signals(args: argparse.Namespace) -> int:
    from django.utils import translation

    from . import services

    if args.queue:
        from .tasks import check_missed_moments

        result = check_missed_moments.enqueue(args.date.isoformat() if args.date else None)
        print(f"missed-moment check queued for the task worker (task {result.id})")
        return 0
    with translation.override(None):
        missed = services.check_missed_moments(args.date)
    print(f"missed-moment signals raised: {missed.signals}")
    return 0


def handle_moments(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from trajectwijzer.trajectories.models import Group

    from . import services
    from .models import Moment

    group = Group.objects.filter(pk=args.group).first()
    if group is None:
        raise CommandInputError(f"--group: no group with id {args.group}")
    with translation.override(None):
        if args.defaults:
            services.add_default_moments(None, group)
        if args.add is not None:
            if not args.date:
                raise CommandInputError("--date: required with --add (YYYY-MM-DD)")
            try:
                services.add_moment(None, group, kind=args.add, date=args.date, label=args.label)
            except ValidationError as error:
                problems = "; ".join(
                    f"--{'add' if field == 'kind' else field}: {' '.join(messages)}"
                    for field, messages in error.message_dict.items()
                )
                raise CommandInputError(problems) from None
        for moment in Moment.objects.filter(group=group).order_by("date"):
            print(f"{moment.pk}\t{moment.date.isoformat()}\t{moment.kind}\t{moment.label}")
    return 0
