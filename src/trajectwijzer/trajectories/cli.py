"""``trajectwijzer trajectories plan EMAIL [--hours-per-week N]``: a learner's plan as JSON.

Without options it prints the current saved version of the plan of the learner's
latest current enrolment (or, when none was saved, the proposal the platform would
make); ``--hours-per-week`` and ``--start`` print the what-if plan instead. Nothing is
saved. Bad input (an unknown e-mail, 0 or more than 60 hours) exits 2 with one line.
"""

from __future__ import annotations

import argparse
import json

from trajectwijzer.cli import CommandInputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("trajectories", help="enrolments and study plans")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    plan = actions.add_parser("plan", help="print a learner's study plan as JSON")
    plan.add_argument("email", metavar="EMAIL", help="the learner's e-mail address")
    plan.add_argument("--hours-per-week", metavar="N", help="hours a week (1–60): what-if")
    plan.add_argument("--start", metavar="TERM", help="start moment, e.g. 2026-2027:2: what-if")
    plan.add_argument(
        "--enrolment", type=int, metavar="ID", help="which enrolment (default: latest)"
    )
    plan.set_defaults(handler=handle_plan)


def handle_plan(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from trajectwijzer.accounts.models import User

    from . import planning, services
    from .models import Enrolment, StudyPlan

    hours = None
    if args.hours_per_week is not None:
        try:
            hours = planning.validate_hours_per_week(args.hours_per_week)
        except planning.PlanningError as error:
            raise CommandInputError(f"--hours-per-week: {error.message}") from None
    learner = User.objects.filter(email__iexact=args.email.strip()).first()
    if learner is None:
        raise CommandInputError(f"EMAIL: no person with the e-mail address {args.email}")
    enrolments = Enrolment.objects.filter(learner=learner).select_related("programme__provider")
    if args.enrolment is not None:
        enrolment = enrolments.filter(pk=args.enrolment).first()
    else:
        enrolment = enrolments.current().first() or enrolments.first()
    if enrolment is None:
        raise CommandInputError(f"--enrolment: {args.email} has no such enrolment")
    plan = StudyPlan.objects.filter(enrolment=enrolment).first()
    with translation.override(None):
        if plan is not None and hours is None and args.start is None:
            document = services.plan_document(plan.current)
        else:
            previous = plan.current if plan else None
            try:
                plan_input = services.build_input(
                    enrolment,
                    hours_per_week=hours
                    or (previous.hours_per_week if previous else services.DEFAULT_HOURS_PER_WEEK),
                    start=args.start or (previous.start if previous else None),
                )
                result = services.compute(plan_input)
            except ValidationError as error:
                field, messages = next(iter(error.message_dict.items()))
                option = {"start": "--start", "hours_per_week": "--hours-per-week"}.get(
                    field, field
                )
                raise CommandInputError(f"{option}: {messages[0]}") from None
            document = {
                "hours_per_week": plan_input.hours_per_week,
                "start": plan_input.start,
                **result.as_dict(),
            }
        document = {
            "learner": learner.email,
            "programme": enrolment.programme.title,
            "enrolment_id": enrolment.pk,
            **document,
            "warnings": [{**w, "message": services.warning_text(w)} for w in document["warnings"]],
        }
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0
