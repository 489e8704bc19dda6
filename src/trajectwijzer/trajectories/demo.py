"""Demo groups and enrolments: the demo learner's distance-learning group at Howest.

Lotte (the demo learner) follows the HR-support graduaat in a group of eight working
students taught by the demo teacher, so group views and cohort figures (shown only
for groups of five or more) have something to show. The classmates are fictitious;
they log in with the demo password too but are not listed on the demo start page.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from trajectwijzer.accounts.models import LearnerLink, LinkKind, Membership, MembershipStatus
from trajectwijzer.demo import catalogue_data
from trajectwijzer.demo.loader import DemoContext, load_user, upsert

from .models import Group, academic_year_of
from .services import enrol

TEACHER = "docent@demo.trajectwijzer.be"
COACH = "coach@demo.trajectwijzer.be"
MENTOR = "mentor@demo.trajectwijzer.be"
LEARNER = "leerling@demo.trajectwijzer.be"
WORKPLACE = "woonzorggroep-netedal"

# (e-mail, name, learns at the demo care employer with the demo mentor)
CLASSMATES: list[tuple[str, str, bool]] = [
    ("jonas.desmet@demo.trajectwijzer.be", "Jonas De Smet", True),
    ("fatima.bouzid@demo.trajectwijzer.be", "Fatima Bouzid", True),
    ("ruben.vandamme@demo.trajectwijzer.be", "Ruben Van Damme", False),
    ("elke.mertens@demo.trajectwijzer.be", "Elke Mertens", False),
    ("tom.jacobs@demo.trajectwijzer.be", "Tom Jacobs", False),
    ("sara.goossens@demo.trajectwijzer.be", "Sara Goossens", False),
    ("dries.wouters@demo.trajectwijzer.be", "Dries Wouters", False),
]


def group_name() -> str:
    return "HR-support afstandsleren"


def load(context: DemoContext) -> None:
    today = timezone.localdate()
    year = academic_year_of(today)
    programme = context.programmes[catalogue_data.HR_SUPPORT]
    group = upsert(Group, {"programme": programme, "academic_year": year, "name": group_name()}, {})
    group.teachers.add(context.users[TEACHER])
    started_on = datetime.date(int(year[:4]), 9, 15)
    howest = context.organisations["howest"]
    workplace = context.organisations[WORKPLACE]

    enrol(
        context.users[LEARNER], programme, group=group, workplace=workplace, started_on=started_on
    )
    for email, full_name, at_workplace in CLASSMATES:
        learner = load_user({"email": email, "full_name": full_name}, is_active=True)
        upsert(
            Membership,
            {"user": learner, "organisation": howest, "role": "learner"},
            {"status": MembershipStatus.ACTIVE},
            create_only={"decided_at": timezone.now()},
        )
        links = [{"kind": LinkKind.COACH, "person": context.users[COACH]}]
        if at_workplace:
            links += [
                {"kind": LinkKind.MENTOR, "person": context.users[MENTOR]},
                {"kind": LinkKind.EMPLOYER, "organisation": workplace},
            ]
        for link in links:
            upsert(
                LearnerLink,
                {
                    "learner": learner,
                    "kind": link["kind"],
                    "person": link.get("person"),
                    "organisation": link.get("organisation"),
                },
                {"ended_on": None},
            )
        enrol(
            learner,
            programme,
            group=group,
            workplace=workplace if at_workplace else None,
            started_on=started_on,
        )
