"""Demo groups, enrolments and a study plan: the demo learner's group at Howest.

Lotte (the demo learner) follows the HR-support graduaat in a group of eight working
students taught by the demo teacher, so group views and cohort figures (shown only
for groups of five or more) have something to show. The classmates are fictitious;
they log in with the demo password too but are not listed on the demo start page.

Lotte's study plan (issue #11): Howest's two semesters a year (entry in September and
February, seed 000 line 108), two modules exempted by recognition decisions, and the
hours a week she frees; with them she finishes one semester after the four-semester
model path (``LOTTE_HOURS_PER_WEEK``, see docs/trajectories.md for why the hours are
what they are with 27 hours per credit).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from trajectwijzer.accounts.models import LearnerLink, LinkKind, Membership, MembershipStatus
from trajectwijzer.demo import catalogue_data
from trajectwijzer.demo.loader import DemoContext, load_user, upsert

from .models import Group, ModuleEntryMoment, ProviderTerm, StudyPlan, academic_year_of
from .services import enrol, propose_plan

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

    lotte = enrol(
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

    load_plan(lotte, decided_by=context.users[COACH])


# Lotte's exemptions (EVC at Howest: her HR job covers labour law 1 and ICT).
LOTTE_EXEMPT = ("WET1", "ICT")
# With 27 hours per credit the HR-support model path asks 30 credits (810 hours, about
# 54 hours a week over 15 teaching weeks) a semester. The "10 hours a week"
# would take Lotte about six years at that study load, so the demo frees 34 hours a
# week (classes and study): after two exemptions she finishes one semester after the
# model path.
LOTTE_HOURS_PER_WEEK = 34
TEACHING_WEEKS = 15


def load_plan(enrolment, *, decided_by) -> None:
    """Howest's calendar and entry moments, Lotte's exemptions and her first plan."""
    from trajectwijzer.recognition.models import Decision, DecisionOutcome

    programme = enrolment.programme
    provider = programme.provider
    first = int(academic_year_of(enrolment.started_on)[:4])
    for year in range(first, first + 3):
        label = f"{year}-{year + 1}"
        for number, starts_on, ends_on in (
            (1, datetime.date(year, 9, 15), datetime.date(year + 1, 1, 31)),
            (2, datetime.date(year + 1, 2, 1), datetime.date(year + 1, 6, 30)),
        ):
            upsert(
                ProviderTerm,
                {"provider": provider, "academic_year": label, "number": number},
                {
                    "name": f"Semester {number}",
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "teaching_weeks": TEACHING_WEEKS,
                },
            )
    for module in programme.modules.all():
        # "Instap in september en februari" (seed 000 line 108): every module starts in
        # both semesters.
        for number in (1, 2):
            upsert(ModuleEntryMoment, {"module": module, "term_number": number}, {})
    for code in LOTTE_EXEMPT:
        module = programme.modules.get(code=code)
        upsert(
            Decision,
            {"learner": enrolment.learner, "module": module, "provider": provider},
            {"outcome": DecisionOutcome.EXEMPT, "reasoning": "EVC-portfolio (demo)"},
            create_only={
                "valid_from": enrolment.started_on,
                "communicated_at": timezone.now(),
                "decided_by": decided_by,
                "decided_as": "coach",
            },
        )
    if not StudyPlan.objects.filter(enrolment=enrolment).exists():
        propose_plan(
            enrolment.learner,
            enrolment,
            hours_per_week=LOTTE_HOURS_PER_WEEK,
            start=f"{first}-{first + 1}:1",
        )
