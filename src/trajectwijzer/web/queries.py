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

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Section:
    role: str
    title: str
    tasks: tuple[Task, ...]


SEARCH = Task(
    _("Find a programme"), _("Search the training offer of all providers."), "catalogue:search"
)

TASKS_BY_ROLE: dict[str, tuple[str, tuple[Task, ...]]] = {
    Role.LEARNER: (
        _("As a learner"),
        (
            SEARCH,
            Task(
                _("My consents"), _("See and withdraw who may see your data."), "accounts:consents"
            ),
        ),
    ),
    Role.EMPLOYER_HR: (
        _("As an employer"),
        (
            SEARCH,
            Task(
                _("Registrations to validate"),
                _("Validate colleagues who registered."),
                "accounts:pending",
            ),
        ),
    ),
    Role.MENTOR: (
        _("As a workplace mentor"),
        (
            Task(
                _("My learners"),
                _("The learners you guide at the workplace."),
                "accounts:my_learners",
            ),
        ),
    ),
    Role.COACH: (
        _("As a trajectory coach"),
        (
            Task(
                _("My learners"),
                _("The learners you coach, with their links."),
                "accounts:my_learners",
            ),
            SEARCH,
        ),
    ),
    Role.TEACHER: (
        _("As a teacher"),
        (Task(_("My learners"), _("The learners in your groups."), "accounts:my_learners"),),
    ),
    Role.PROVIDER_ADMIN: (
        _("As a provider administrator"),
        (
            Task(
                _("Our programmes"),
                _("Add and update your programmes and modules."),
                "catalogue:manage",
            ),
            Task(
                _("Registrations to validate"),
                _("Validate staff and learners who registered."),
                "accounts:pending",
            ),
        ),
    ),
    Role.SECTOR_ADMIN: (
        _("As a sector organisation"),
        (
            SEARCH,
            Task(
                _("Registrations to validate"),
                _("Validate people who registered."),
                "accounts:pending",
            ),
        ),
    ),
    Role.REFERRER: (
        _("As a referrer"),
        (
            SEARCH,
            Task(_("My learners"), _("The people you referred."), "accounts:my_learners"),
        ),
    ),
    Role.PLATFORM_ADMIN: (
        _("As platform administrator"),
        (
            Task(
                _("Registrations to validate"), _("All pending registrations."), "accounts:pending"
            ),
            Task(_("Administration"), _("The Django admin for staff."), "admin:index"),
        ),
    ),
}


def home_sections(user) -> list[Section]:
    roles = policy.roles_of(user)
    if getattr(user, "is_superuser", False):
        roles.add(Role.PLATFORM_ADMIN)
    return [
        Section(role, title, tasks)
        for role, (title, tasks) in TASKS_BY_ROLE.items()
        if role in roles
    ]
