"""What the home page offers each person, by role. Data, not branching in templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import Role


@dataclass(frozen=True)
class Task:
    title: str
    description: str
    url_name: str
    # The policy action the person must be allowed, when the role alone is not enough.
    requires: str | None = None
    query: str = ""

    @property
    def url(self) -> str:
        url = reverse(self.url_name)
        return f"{url}?{self.query}" if self.query else url


@dataclass(frozen=True)
class Section:
    role: str
    title: str
    tasks: tuple[Task, ...]


SEARCH = Task(
    _("Find a programme"), _("Search the training offer of all providers."), "catalogue:search"
)

PENDING = Task(
    _("Registrations to validate"),
    _("Validate people who registered with your organisation."),
    "accounts:pending",
    requires=policy.VIEW_PENDING_MEMBERSHIPS,
)
OUR_PROGRAMMES = Task(
    _("Our programmes"),
    _("Add and update your programmes and modules."),
    "catalogue:manage",
    # Only organisations linked to a provider have an offer to maintain.
    requires=policy.MANAGE_PROGRAMMES,
)
SUPPORT_FOR_ME = Task(
    _("Which support can I get?"),
    _("Find the training leave and subsidies you qualify for, step by step."),
    "incentives:wizard",
)
SUPPORT_FOR_US = Task(
    _("Which support can we get?"),
    _("Find the training subsidies your organisation qualifies for."),
    "incentives:wizard",
    query="for=employer",
)
MY_LEARNERS = Task(
    _("My learners"),
    _("The learners linked to you, and what they share with you."),
    "accounts:my_learners",
)

TASKS_BY_ROLE: dict[str, tuple[str, tuple[Task, ...]]] = {
    Role.LEARNER: (
        _("As a learner"),
        (
            SEARCH,
            SUPPORT_FOR_ME,
            Task(
                _("My consents"), _("See and withdraw who may see your data."), "accounts:consents"
            ),
            Task(_("My profile"), _("Your name, language and memberships."), "accounts:profile"),
        ),
    ),
    Role.EMPLOYER_HR: (_("As an employer"), (SEARCH, SUPPORT_FOR_US, MY_LEARNERS, PENDING)),
    Role.MENTOR: (_("As a workplace mentor"), (MY_LEARNERS,)),
    Role.COACH: (_("As a trajectory coach"), (MY_LEARNERS, SEARCH)),
    Role.TEACHER: (_("As a teacher"), (MY_LEARNERS,)),
    Role.PROVIDER_ADMIN: (_("As a provider administrator"), (OUR_PROGRAMMES, PENDING)),
    Role.SECTOR_ADMIN: (_("As a sector organisation"), (SEARCH, OUR_PROGRAMMES, PENDING)),
    Role.REFERRER: (_("As a referrer"), (SEARCH, MY_LEARNERS)),
    Role.PLATFORM_ADMIN: (
        _("As platform administrator"),
        (
            PENDING,
            Task(_("Administration"), _("The Django admin for staff."), "admin:index"),
        ),
    ),
}


def _add_part_tasks(tasks_by_role: dict[str, Task]) -> None:
    """A later part adds its tasks (a module of its own) after the role's own ones."""
    for role, task in tasks_by_role.items():
        title, tasks = TASKS_BY_ROLE[role]
        TASKS_BY_ROLE[role] = (title, (*tasks, task))


def _load_part_tasks() -> None:
    from trajectwijzer.instruments.home import TASKS as INSTRUMENT_TASKS

    _add_part_tasks(INSTRUMENT_TASKS)


_part_tasks_loaded = False


def home_sections(user) -> list[Section]:
    global _part_tasks_loaded
    if not _part_tasks_loaded:
        _part_tasks_loaded = True
        _load_part_tasks()
    roles = policy.roles_of(user)
    if getattr(user, "is_superuser", False):
        roles.add(Role.PLATFORM_ADMIN)
    sections = []
    for role, (title, tasks) in TASKS_BY_ROLE.items():
        if role not in roles:
            continue
        allowed = tuple(t for t in tasks if t.requires is None or policy.can(user, t.requires))
        sections.append(Section(role, title, allowed))
    return sections
