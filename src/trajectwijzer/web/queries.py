"""What the home page offers each person, by role. Data, not branching in templates."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import Role
from trajectwijzer.barometer import home as barometer_home
from trajectwijzer.caseload import home as caseload_home
from trajectwijzer.catalogue import rules as catalogue_rules
from trajectwijzer.competences import rules as competences_rules
from trajectwijzer.competences import texts as competence_texts
from trajectwijzer.development import rules as development_rules
from trajectwijzer.development import tasks as development_tasks
from trajectwijzer.instruments import home as instrument_tasks
from trajectwijzer.recognition import home as recognition_home
from trajectwijzer.trajectories import home as trajectories_home


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
    requires=catalogue_rules.MANAGE_PROGRAMMES,
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

MY_MOTIVATION = Task(**barometer_home.MY_MOTIVATION)
GROUP_BAROMETER = Task(**barometer_home.GROUP_BAROMETER)
MY_CONTACT_POINTS = Task(**caseload_home.MY_CONTACT_POINTS)
MY_PLAN = Task(**trajectories_home.MY_PLAN)
MY_CASELOAD = Task(**caseload_home.MY_CASELOAD)
QUESTIONS_TO_ME = Task(**caseload_home.QUESTIONS_TO_ME)
MY_COMPETENCES = Task(
    competence_texts.MY_COMPETENCES, competence_texts.MY_COMPETENCES_HELP, "competences:mine"
)
FOLLOW_COMPETENCES = Task(
    competence_texts.FOLLOW_COMPETENCES,
    competence_texts.FOLLOW_COMPETENCES_HELP,
    "competences:overview",
    requires=competences_rules.FOLLOW_COMPETENCES,
)
# Tasks of later parts live with their texts in the part's own app (and catalogue).
COMPETENCE_MATRICES = Task(
    *development_tasks.COMPETENCE_MATRICES, requires=development_rules.MANAGE_MATRICES
)
MY_DEVELOPMENT = Task(*development_tasks.MY_DEVELOPMENT)
REORIENTATION = Task(*development_tasks.REORIENTATION)
FILL_IN_SCANS = Task(*instrument_tasks.FILL_IN)
SCAN_RESULTS = Task(*instrument_tasks.FOLLOW_UP)
LECTURER_SCAN = Task(*instrument_tasks.STAFF_SCAN)
WORKPLACE_SCAN = Task(*instrument_tasks.WORKPLACE_SCAN)
MY_RECOGNITION = Task(**recognition_home.MY_REQUESTS)
TO_ASSESS = Task(**recognition_home.TO_ASSESS)
PROVIDER_RECOGNITION = Task(**recognition_home.PROVIDER_REQUESTS)
RECOGNITION_OVERVIEW = Task(**recognition_home.OVERVIEW)
EXEMPTION_MATRIX = Task(**recognition_home.EXEMPTION_MATRIX)
LEARNERS_RECOGNITION = Task(**recognition_home.LEARNERS_REQUESTS)

TASKS_BY_ROLE: dict[str, tuple[str, tuple[Task, ...]]] = {
    Role.LEARNER: (
        _("As a learner"),
        (
            SEARCH,
            SUPPORT_FOR_ME,
            MY_PLAN,
            MY_MOTIVATION,
            MY_CONTACT_POINTS,
            MY_COMPETENCES,
            MY_DEVELOPMENT,
            REORIENTATION,
            FILL_IN_SCANS,
            MY_RECOGNITION,
            Task(
                _("My consents"), _("See and withdraw who may see your data."), "accounts:consents"
            ),
            Task(_("My profile"), _("Your name, language and memberships."), "accounts:profile"),
        ),
    ),
    Role.EMPLOYER_HR: (
        _("As an employer"),
        (
            SEARCH,
            SUPPORT_FOR_US,
            MY_LEARNERS,
            COMPETENCE_MATRICES,
            WORKPLACE_SCAN,
            LEARNERS_RECOGNITION,
            PENDING,
        ),
    ),
    Role.MENTOR: (
        _("As a workplace mentor"),
        (FOLLOW_COMPETENCES, MY_LEARNERS, COMPETENCE_MATRICES, WORKPLACE_SCAN),
    ),
    Role.COACH: (
        _("As a trajectory coach"),
        (
            MY_CASELOAD,
            MY_LEARNERS,
            FOLLOW_COMPETENCES,
            SCAN_RESULTS,
            QUESTIONS_TO_ME,
            GROUP_BAROMETER,
            LEARNERS_RECOGNITION,
            SEARCH,
        ),
    ),
    Role.TEACHER: (
        _("As a teacher"),
        (MY_LEARNERS, FOLLOW_COMPETENCES, QUESTIONS_TO_ME, GROUP_BAROMETER, LECTURER_SCAN),
    ),
    Role.ASSESSOR: (recognition_home.ASSESSOR_SECTION, (TO_ASSESS,)),
    Role.PROVIDER_ADMIN: (
        _("As a provider administrator"),
        (
            OUR_PROGRAMMES,
            PROVIDER_RECOGNITION,
            RECOGNITION_OVERVIEW,
            EXEMPTION_MATRIX,
            GROUP_BAROMETER,
            SCAN_RESULTS,
            PENDING,
        ),
    ),
    Role.SECTOR_ADMIN: (
        _("As a sector organisation"),
        (
            SEARCH,
            OUR_PROGRAMMES,
            PROVIDER_RECOGNITION,
            RECOGNITION_OVERVIEW,
            EXEMPTION_MATRIX,
            PENDING,
        ),
    ),
    Role.REFERRER: (_("As a referrer"), (SEARCH, MY_LEARNERS)),
    Role.PLATFORM_ADMIN: (
        _("As platform administrator"),
        (
            PENDING,
            Task(_("Administration"), _("The Django admin for staff."), "admin:index"),
        ),
    ),
}


def home_sections(user) -> list[Section]:
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


@dataclass(frozen=True)
class Notice:
    """Something due for this person, shown above their tasks (never a pop-up)."""

    text: str
    url: str
    link_text: str


# Functions ``(user) -> list[Notice]`` that parts of the platform contribute to the
# start page (a due barometer moment, open signals in a caseload, …).
HOME_NOTICE_PROVIDERS: list[str] = [
    "trajectwijzer.barometer.home.notices",
    "trajectwijzer.caseload.home.notices",
]


def home_notices(user) -> list[Notice]:
    if not getattr(user, "is_authenticated", False):
        return []
    notices: list[Notice] = []
    for path in HOME_NOTICE_PROVIDERS:
        module_name, function_name = path.rsplit(".", 1)
        notices.extend(getattr(import_module(module_name), function_name)(user))
    return notices
