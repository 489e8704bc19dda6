"""The one place that decides who may do what: ``can(user, action, obj)``.

Views, the API, exports and commands all ask this module; none of them decide on
their own. Each action maps to a rule function ``rule(user, obj) -> bool``. Rules
read memberships and learner links through a small per-request cache on the user
object so that a page asking many questions stays at a constant number of queries.

Personal data of a learner (answers, scores, plans) is guarded by
``VIEW_PERSONAL_DATA`` with a :class:`PersonalData` object naming the learner and
the consent scope. The learner always sees their own; a linked coach or mentor sees
it because guiding the learner is their task; a teacher or an employer only with
the learner's active consent for that scope. Nobody else, not even a platform
administrator, reads it through the product.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from .models import (
    Consent,
    ConsentScope,
    LearnerLink,
    LinkKind,
    Membership,
    MembershipStatus,
    Organisation,
    Role,
    User,
)

# Actions ---------------------------------------------------------------------
VIEW_CATALOGUE = "catalogue.view"
CREATE_PROGRAMME = "catalogue.create_programme"  # obj: Provider
CHANGE_PROGRAMME = "catalogue.change_programme"  # obj: Programme
IMPORT_PROGRAMMES = "catalogue.import_programmes"  # obj: Provider or None (all providers)
MANAGE_PROGRAMMES = "catalogue.manage_programmes"  # obj: None (maintains some provider's offer)
EXPORT_PROGRAMMES = "catalogue.export_programmes"  # obj: Provider or None
MANAGE_ORGANISATION = "accounts.manage_organisation"  # obj: Organisation
DECIDE_MEMBERSHIP = "accounts.decide_membership"  # obj: Membership
VIEW_LEARNER = "accounts.view_learner"  # obj: learner User (name, links; not personal data)
VIEW_PERSONAL_DATA = "accounts.view_personal_data"  # obj: PersonalData
MANAGE_CONSENT = "accounts.manage_consent"  # obj: learner User
VIEW_PENDING_MEMBERSHIPS = "accounts.view_pending_memberships"  # obj: None
LIST_LINKED_LEARNERS = "accounts.list_linked_learners"  # obj: None
USE_ADMIN_SITE = "platform.use_admin_site"  # obj: None
VIEW_GROUP = "trajectories.view_group"  # obj: Group (who is in it; group figures)


@dataclass(frozen=True)
class PersonalData:
    """A learner's personal data of one consent scope (see ConsentScope)."""

    learner: User
    scope: str


# Cached facts about the acting user --------------------------------------------


def active_memberships(user: User) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_policy_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).select_related(
                "organisation"
            )
        )
        user._policy_memberships = cached
    return cached


def roles_of(user: User) -> set[str]:
    return {m.role for m in active_memberships(user)}


def has_role(user: User, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_platform_admin(user: User) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.PLATFORM_ADMIN)


def organisations_with_role(user: User, *roles: str) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if m.role in roles}


def administered_organisations(user: User) -> set[int]:
    return {m.organisation_id for m in active_memberships(user) if m.administers_organisation}


def current_links(learner: User) -> list[LearnerLink]:
    today = timezone.localdate()
    return list(
        LearnerLink.objects.filter(learner=learner, started_on__lte=today).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
    )


def _relations(viewer: User, learner: User) -> tuple[set[str], set[int]]:
    """Kinds of current links between ``viewer`` and ``learner``, and the employer
    organisations through which ``viewer`` (as their HR) stands beside the learner."""
    employer_orgs = organisations_with_role(viewer, Role.EMPLOYER_HR)
    kinds: set[str] = set()
    acting_for: set[int] = set()
    for link in current_links(learner):
        if link.person_id == viewer.pk:
            kinds.add(link.kind)
        elif link.kind == LinkKind.EMPLOYER and link.organisation_id in employer_orgs:
            kinds.add(LinkKind.EMPLOYER)
            acting_for.add(link.organisation_id)
    if LinkKind.TEACHER not in kinds and teaches_learner(viewer, learner):
        kinds.add(LinkKind.TEACHER)
    return kinds, acting_for


def taught_group_ids(user: User) -> set[int]:
    """Groups ``user`` teaches (cached per request like the memberships)."""
    if not has_role(user, Role.TEACHER):
        return set()
    cached = getattr(user, "_policy_taught_groups", None)
    if cached is None:
        from trajectwijzer.trajectories.models import Group

        cached = set(Group.objects.filter(teachers=user).values_list("pk", flat=True))
        user._policy_taught_groups = cached
    return cached


def teaches_learner(teacher: User, learner: User) -> bool:
    """Whether ``learner`` is currently enrolled in a group ``teacher`` teaches.

    A teacher of a group stands beside its learners as if linked to each of them, so
    the same consent rules apply as for a teacher link.
    """
    groups = taught_group_ids(teacher)
    if not groups:
        return False
    from trajectwijzer.trajectories.models import Enrolment

    return Enrolment.objects.current().filter(learner=learner, group_id__in=groups).exists()


def link_kinds_between(viewer: User, learner: User) -> set[str]:
    """Kinds of current links through which ``viewer`` stands in relation to ``learner``."""
    return _relations(viewer, learner)[0]


def consent_organisations(viewer: User, learner: User) -> set[int]:
    """Organisations whose consents ``viewer`` may rely on for ``learner``.

    A consent to an organisation is a consent to the learner's employer, for its HR
    members to act on: it counts only for HR members of an employer the learner
    currently works for, never for someone who merely holds another role there.
    """
    return _relations(viewer, learner)[1]


def _recipient_is(viewer: User, organisations: set[int]) -> Q:
    return Q(recipient_user=viewer) | Q(recipient_organisation_id__in=organisations)


def _consented_scopes(learner: User, viewer: User, organisations: set[int]) -> set[str]:
    return set(
        Consent.objects.filter(
            _recipient_is(viewer, organisations), learner=learner, withdrawn_at__isnull=True
        ).values_list("scope", flat=True)
    )


def has_active_consent(learner: User, scope: str, viewer: User) -> bool:
    return scope in consented_scopes(learner, viewer)


def consented_scopes(learner: User, viewer: User) -> set[str]:
    """Scopes for which ``learner`` has an active consent naming ``viewer`` or the
    employer ``viewer`` acts for as HR (see ``consent_organisations``)."""
    return _consented_scopes(learner, viewer, consent_organisations(viewer, learner))


# Rules ---------------------------------------------------------------------------


# Roles that maintain the offer of the provider linked to their organisation: a
# school's provider admins, and a sector organisation's admins for its sector
# training centre (e.g. Woodwize), which has no provider admins of its own.
OFFER_MAINTAINER_ROLES = (Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN)


def offer_maintainer_organisations(user: User) -> set[int]:
    """Organisations whose provider's programmes ``user`` maintains."""
    return organisations_with_role(user, *OFFER_MAINTAINER_ROLES)


def _maintains_offer_of(user: User, provider: Any) -> bool:
    if provider is None or provider.organisation_id is None:
        return False
    return provider.organisation_id in offer_maintainer_organisations(user)


def _rule_view_catalogue(user: User, obj: Any) -> bool:
    return True  # the catalogue is public


def _rule_create_programme(user: User, provider: Any) -> bool:
    return is_platform_admin(user) or _maintains_offer_of(user, provider)


def _rule_change_programme(user: User, programme: Any) -> bool:
    return is_platform_admin(user) or _maintains_offer_of(user, programme.provider)


def _rule_import_programmes(user: User, provider: Any) -> bool:
    if is_platform_admin(user):
        return True
    return provider is not None and _maintains_offer_of(user, provider)


def _rule_manage_programmes(user: User, obj: Any) -> bool:
    if is_platform_admin(user):
        return True
    organisations = offer_maintainer_organisations(user)
    return bool(organisations) and (
        Organisation.objects.filter(pk__in=organisations, provider__isnull=False).exists()
    )


def _rule_manage_organisation(user: User, organisation: Organisation) -> bool:
    return is_platform_admin(user) or organisation.pk in administered_organisations(user)


def _rule_decide_membership(user: User, membership: Membership) -> bool:
    if membership.user_id == getattr(user, "pk", None):
        return False  # nobody validates their own registration
    return _rule_manage_organisation(user, membership.organisation)


def _rule_view_learner(user: User, learner: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == learner.pk:
        return True
    return bool(link_kinds_between(user, learner))


PERSONAL_DATA_WITHOUT_CONSENT = frozenset({LinkKind.COACH, LinkKind.MENTOR})
PERSONAL_DATA_WITH_CONSENT = frozenset({LinkKind.TEACHER, LinkKind.EMPLOYER, LinkKind.REFERRER})


def visible_personal_data_scopes(user: User, learner: User) -> set[str]:
    """All consent scopes of ``learner``'s personal data that ``user`` may read.

    The VIEW_PERSONAL_DATA rule answers through this function, so a page listing
    many learners asks two queries per learner instead of two per scope.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.pk == learner.pk:
        return set(ConsentScope.values)
    kinds, acting_for = _relations(user, learner)
    if kinds & PERSONAL_DATA_WITHOUT_CONSENT:
        return set(ConsentScope.values)
    if kinds & PERSONAL_DATA_WITH_CONSENT:
        return _consented_scopes(learner, user, acting_for)
    return set()


def _rule_view_personal_data(user: User, data: PersonalData) -> bool:
    return data.scope in visible_personal_data_scopes(user, data.learner)


def _rule_manage_consent(user: User, learner: User) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk == learner.pk


def _rule_view_pending_memberships(user: User, obj: Any) -> bool:
    return is_platform_admin(user) or bool(administered_organisations(user))


# Roles whose holders stand beside learners; they get the "my learners" overview.
ROLES_WITH_LINKED_LEARNERS = frozenset(
    {Role.COACH, Role.MENTOR, Role.TEACHER, Role.REFERRER, Role.EMPLOYER_HR}
)


def _rule_list_linked_learners(user: User, obj: Any) -> bool:
    return has_role(user, *ROLES_WITH_LINKED_LEARNERS)


def _rule_use_admin_site(user: User, obj: Any) -> bool:
    return bool(getattr(user, "is_staff", False)) and getattr(user, "is_active", False)


def _rule_view_group(user: User, group: Any) -> bool:
    """Teachers of the group, and the coaches and offer maintainers of its provider."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_platform_admin(user) or group.pk in taught_group_ids(user):
        return True
    provider_organisation = group.programme.provider.organisation_id
    if provider_organisation is None:
        return False
    return provider_organisation in organisations_with_role(
        user, Role.COACH, *OFFER_MAINTAINER_ROLES
    )


RULES: dict[str, Callable[[User, Any], bool]] = {
    VIEW_CATALOGUE: _rule_view_catalogue,
    CREATE_PROGRAMME: _rule_create_programme,
    CHANGE_PROGRAMME: _rule_change_programme,
    IMPORT_PROGRAMMES: _rule_import_programmes,
    MANAGE_PROGRAMMES: _rule_manage_programmes,
    EXPORT_PROGRAMMES: _rule_view_catalogue,
    MANAGE_ORGANISATION: _rule_manage_organisation,
    DECIDE_MEMBERSHIP: _rule_decide_membership,
    VIEW_LEARNER: _rule_view_learner,
    VIEW_PERSONAL_DATA: _rule_view_personal_data,
    MANAGE_CONSENT: _rule_manage_consent,
    VIEW_PENDING_MEMBERSHIPS: _rule_view_pending_memberships,
    LIST_LINKED_LEARNERS: _rule_list_linked_learners,
    USE_ADMIN_SITE: _rule_use_admin_site,
    VIEW_GROUP: _rule_view_group,
}

# Each later part of the platform adds its actions and rules in its own section below
# (constants, rule functions, then ``RULES.update({...})``), so parts built in
# parallel do not edit the same lines.

# Competence assessments, MICOON (issue #4) -----------------------------------------
# Who reads a learner's competence assessments follows the personal-data rule for the
# "assessments" scope, with two refinements from the issue:
#   * a workplace mentor sees only the competences that belong to workplace learning
#     (covered by a workplace-learning module of the programme), by every role;
#   * a teacher (linked, or teaching the learner's group) without the learner's
#     consent reads back only the assessments they recorded themselves: they wrote
#     them, and scoring blind to one's own previous score is not workable. Other
#     roles' scores need the consent. Recording needs no consent.
# Employer HR and referrers read them only with the learner's active consent.
VIEW_ASSESSMENTS = "competences.view_assessments"  # obj: learner User
RECORD_ASSESSMENT = "competences.record_assessment"  # obj: learner User
FOLLOW_COMPETENCES = "competences.follow"  # obj: None (coach, mentor or teacher overview)
VIEW_GROUP_COMPETENCES = "competences.view_group"  # obj: Group (coach: per learner)
VIEW_CLASS_COMPETENCES = "competences.view_class"  # obj: Group (teacher: group figures)

ASSESSOR_SELF, ASSESSOR_TEACHER, ASSESSOR_MENTOR = "self", "teacher", "mentor"
ASSESSOR_ROLE_BY_LINK = {LinkKind.TEACHER: ASSESSOR_TEACHER, LinkKind.MENTOR: ASSESSOR_MENTOR}
ASSESSMENTS_WITH_CONSENT = frozenset({LinkKind.TEACHER, LinkKind.EMPLOYER, LinkKind.REFERRER})


@dataclass(frozen=True)
class AssessmentVisibility:
    """How much of a learner's assessments a viewer reads."""

    workplace_only: bool = False  # only competences of workplace learning (mentors)
    own_only: bool = False  # only what the viewer recorded (teacher without consent)
    assessing_roles: frozenset[str] = frozenset()  # roles in which the viewer may record


def assessment_visibilities(user: User, learners) -> dict[int, AssessmentVisibility | None]:
    """For each learner, what ``user`` may read and record (None: nothing).

    Answers for many learners in a constant number of queries (links, group teaching,
    consents), so group pages do not grow in queries with the group.
    """
    learners = list(learners)
    result: dict[int, AssessmentVisibility | None] = {learner.pk: None for learner in learners}
    if not getattr(user, "is_authenticated", False) or not user.is_active or not learners:
        return result
    ids = [learner.pk for learner in learners if learner.pk != user.pk]
    kinds: dict[int, set[str]] = {pk: set() for pk in ids}
    acting_for: dict[int, set[int]] = {pk: set() for pk in ids}
    if ids:
        today = timezone.localdate()
        employer_orgs = organisations_with_role(user, Role.EMPLOYER_HR)
        links = LearnerLink.objects.filter(learner_id__in=ids, started_on__lte=today).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today),
            Q(person=user) | Q(kind=LinkKind.EMPLOYER, organisation_id__in=employer_orgs),
        )
        for link in links.values("learner_id", "kind", "person_id", "organisation_id"):
            if link["person_id"] == user.pk:
                kinds[link["learner_id"]].add(link["kind"])
            else:
                kinds[link["learner_id"]].add(LinkKind.EMPLOYER)
                acting_for[link["learner_id"]].add(link["organisation_id"])
        groups = taught_group_ids(user)
        if groups:
            from trajectwijzer.trajectories.models import Enrolment

            taught = Enrolment.objects.current().filter(learner_id__in=ids, group_id__in=groups)
            for learner_id in taught.values_list("learner_id", flat=True):
                kinds[learner_id].add(LinkKind.TEACHER)
        needs_consent = [pk for pk in ids if kinds[pk] & ASSESSMENTS_WITH_CONSENT]
        consented: set[int] = set()
        if needs_consent:
            orgs = set().union(*(acting_for[pk] for pk in needs_consent))
            for learner_id, user_id, org_id in Consent.objects.filter(
                _recipient_is(user, orgs),
                learner_id__in=needs_consent,
                scope=ConsentScope.ASSESSMENTS,
                withdrawn_at__isnull=True,
            ).values_list("learner_id", "recipient_user_id", "recipient_organisation_id"):
                if user_id == user.pk or org_id in acting_for[learner_id]:
                    consented.add(learner_id)
    for learner in learners:
        if learner.pk == user.pk:
            result[learner.pk] = AssessmentVisibility(assessing_roles=frozenset({ASSESSOR_SELF}))
            continue
        found = kinds[learner.pk]
        roles = frozenset(ASSESSOR_ROLE_BY_LINK[k] for k in found if k in ASSESSOR_ROLE_BY_LINK)
        if LinkKind.COACH in found or (
            found & ASSESSMENTS_WITH_CONSENT and learner.pk in consented
        ):
            result[learner.pk] = AssessmentVisibility(assessing_roles=roles)
        elif LinkKind.MENTOR in found:
            result[learner.pk] = AssessmentVisibility(
                workplace_only=True, own_only=False, assessing_roles=roles
            )
        elif LinkKind.TEACHER in found:
            result[learner.pk] = AssessmentVisibility(own_only=True, assessing_roles=roles)
    return result


def assessment_visibility(user: User, learner: User) -> AssessmentVisibility | None:
    return assessment_visibilities(user, [learner])[learner.pk]


def _rule_view_assessments(user: User, learner: User) -> bool:
    return assessment_visibility(user, learner) is not None


def _rule_record_assessment(user: User, learner: User) -> bool:
    visibility = assessment_visibility(user, learner)
    return visibility is not None and bool(visibility.assessing_roles)


def _rule_follow_competences(user: User, obj: Any) -> bool:
    return has_role(user, Role.COACH, Role.MENTOR, Role.TEACHER)


def _is_provider_coach(user: User, group: Any) -> bool:
    organisation = group.programme.provider.organisation_id
    return organisation is not None and organisation in organisations_with_role(user, Role.COACH)


def _rule_view_group_competences(user: User, group: Any) -> bool:
    """Coaches of the group's provider; each learner's row still needs their own link."""
    return getattr(user, "is_authenticated", False) and _is_provider_coach(user, group)


def _rule_view_class_competences(user: User, group: Any) -> bool:
    """Teachers of the group and coaches of its provider (group figures only)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return group.pk in taught_group_ids(user) or _is_provider_coach(user, group)


RULES.update(
    {
        VIEW_ASSESSMENTS: _rule_view_assessments,
        RECORD_ASSESSMENT: _rule_record_assessment,
        FOLLOW_COMPETENCES: _rule_follow_competences,
        VIEW_GROUP_COMPETENCES: _rule_view_group_competences,
        VIEW_CLASS_COMPETENCES: _rule_view_class_competences,
    }
)


# Competence matrices, development plans, re-orientation (issue #4) -----------------

# An employer's competence matrix is the employer's own record of its employees'
# observed levels (seed 001 lines 987–1021: the team leader observes). Its managers
# are the employer organisation's HR members and its members with organisation-admin
# rights (e.g. a mentor acting as team leader). An employee sees their own row and
# plans, never a colleague's. A development plan drafted by a manager is a shared
# work document of employer and employee; a plan the employee drafts is theirs: the
# managers see and change it only while the employee gives the employer (or that
# manager) consent for ``plans``. Coaches and mentors linked to the employee read
# plans like any personal data of scope ``plans`` (PersonalData), but only the
# employee and the managers change them. Platform admins have no access through the
# product. See docs/development.md.
MANAGE_MATRICES = "development.manage_matrices"  # obj: Organisation, or None (any)
MANAGE_MATRIX = "development.manage_matrix"  # obj: CompetenceMatrix
VIEW_MATRIX_ROW = "development.view_matrix_row"  # obj: MatrixRow
CREATE_PLAN = "development.create_plan"  # obj: MatrixRow
VIEW_PLAN = "development.view_plan"  # obj: DevelopmentPlan
CHANGE_PLAN = "development.change_plan"  # obj: DevelopmentPlan
USE_REORIENTATION = "development.use_reorientation"  # obj: None


def matrix_manager_organisations(user: User) -> set[int]:
    """Employer organisations whose competence matrices ``user`` manages."""
    return {
        m.organisation_id
        for m in active_memberships(user)
        if m.organisation.kind == "employer" and (m.role == Role.EMPLOYER_HR or m.is_admin)
    }


def _rule_manage_matrices(user: User, organisation: Any) -> bool:
    managed = matrix_manager_organisations(user)
    if organisation is None:
        return bool(managed)
    return organisation.pk in managed


def _rule_manage_matrix(user: User, matrix: Any) -> bool:
    return matrix.organisation_id in matrix_manager_organisations(user)


def _rule_view_matrix_row(user: User, row: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return row.employee_id == user.pk or _rule_manage_matrix(user, row.matrix)


def _rule_create_plan(user: User, row: Any) -> bool:
    return _rule_view_matrix_row(user, row)


def _manager_may_use_plan(user: User, plan: Any) -> bool:
    row = plan.row
    if not _rule_manage_matrix(user, row.matrix):
        return False
    if not plan.drafted_by_employee:
        return True
    return Consent.objects.filter(
        _recipient_is(user, {row.matrix.organisation_id}),
        learner_id=row.employee_id,
        scope=ConsentScope.PLANS,
        withdrawn_at__isnull=True,
    ).exists()


def _rule_change_plan(user: User, plan: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return plan.row.employee_id == user.pk or _manager_may_use_plan(user, plan)


def _rule_view_plan(user: User, plan: Any) -> bool:
    if _rule_change_plan(user, plan):
        return True
    employee = plan.row.employee
    return ConsentScope.PLANS in visible_personal_data_scopes(user, employee)


def _rule_use_reorientation(user: User, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


RULES.update(
    {
        MANAGE_MATRICES: _rule_manage_matrices,
        MANAGE_MATRIX: _rule_manage_matrix,
        VIEW_MATRIX_ROW: _rule_view_matrix_row,
        CREATE_PLAN: _rule_create_plan,
        VIEW_PLAN: _rule_view_plan,
        CHANGE_PLAN: _rule_change_plan,
        USE_REORIENTATION: _rule_use_reorientation,
    }
)

# Questionnaire instruments (issue #5) ----------------------------------------------
# Answering: learners answer the learner instruments (motivatiescan, intake, screening,
# survey, quickscan, factor interview), teachers the lecturer self-scan, workplace
# mentors and employer HR the leerscan. A learner's response is personal data of scope
# "instruments": the learner, a linked coach or mentor, and (with consent) a teacher,
# employer or referrer see it (VIEW_PERSONAL_DATA). A lecturer's self-scan is seen by
# the lecturer only; a workplace's leerscan by the respondent and the HR and mentors of
# that workplace. Group results (obj: instruments.queries.ResultGroup) only for at least
# MIN_GROUP_SIZE respondents: a class group for those who may view the group; an
# organisation's staff or workplace results for that organisation's administrators
# (the head of programme for lecturers) and platform administrators.
ANSWER_INSTRUMENT = "instruments.answer"  # obj: instruments.definition.Definition
VIEW_INSTRUMENT_RESPONSE = "instruments.view_response"  # obj: instruments.models.Response
VIEW_INSTRUMENT_GROUP_RESULTS = "instruments.view_group_results"  # obj: ResultGroup
REQUEST_WORKSHOP = "instruments.request_workshop"  # obj: Response (lecturer self-scan)
MIN_GROUP_SIZE = 5

INSTRUMENT_AUDIENCE_ROLES = {
    "learner": (Role.LEARNER,),
    "lecturer": (Role.TEACHER,),
    "workplace": (Role.MENTOR, Role.EMPLOYER_HR),
}


def _rule_answer_instrument(user: User, definition: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return has_role(user, *INSTRUMENT_AUDIENCE_ROLES.get(definition.audience, ()))


def _rule_view_instrument_response(user: User, response: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if response.respondent_id == user.pk:
        return True
    if response.subject_id is not None:
        return ConsentScope.INSTRUMENTS in visible_personal_data_scopes(user, response.subject)
    if response.version.audience == "workplace" and response.organisation_id is not None:
        return response.organisation_id in organisations_with_role(
            user, Role.MENTOR, Role.EMPLOYER_HR
        )
    return False  # a lecturer's self-scan stays with the lecturer


def _rule_view_instrument_group_results(user: User, result_group: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if result_group.respondents < MIN_GROUP_SIZE:
        return False
    if result_group.group is not None:
        return _rule_view_group(user, result_group.group)
    if result_group.organisation is not None:
        return is_platform_admin(user) or (
            result_group.organisation.pk in administered_organisations(user)
            or result_group.organisation.pk
            in organisations_with_role(user, *OFFER_MAINTAINER_ROLES)
        )
    return is_platform_admin(user)


def _rule_request_workshop(user: User, response: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and response.respondent_id == user.pk
        and response.version.audience == "lecturer"
        and response.is_submitted
        and response.organisation_id is not None
    )


RULES.update(
    {
        ANSWER_INSTRUMENT: _rule_answer_instrument,
        VIEW_INSTRUMENT_RESPONSE: _rule_view_instrument_response,
        VIEW_INSTRUMENT_GROUP_RESULTS: _rule_view_instrument_group_results,
        REQUEST_WORKSHOP: _rule_request_workshop,
    }
)

# Motivation barometer and coach caseload (issue #5) --------------------------------

# Individual barometer entries are personal data of scope "instruments". Stricter than
# VIEW_PERSONAL_DATA: only the learner and their trajectory coach read them without
# consent; every other linked person (teacher, workplace mentor, employer, referrer)
# needs the learner's active consent for that scope. Cohort patterns follow VIEW_GROUP
# and are shown only for groups of at least barometer.queries.MIN_GROUP_SIZE learners.
RECORD_MOTIVATION = "barometer.record"  # obj: None (the acting learner records their own)
VIEW_BAROMETER_ENTRIES = "barometer.view_entries"  # obj: learner User
VIEW_BAROMETER_COHORT = "barometer.view_cohort"  # obj: Group
MANAGE_BAROMETER_MOMENTS = "barometer.manage_moments"  # obj: Group
LIST_BAROMETER_GROUPS = "barometer.list_groups"  # obj: None
# The caseload: a coach works with the learners linked to them as coach. Notes,
# follow-ups and referrals are read and written only by the learner's current coaches.
VIEW_CASELOAD = "caseload.view"  # obj: None
COACH_LEARNER = "caseload.coach_learner"  # obj: learner User (signals, notes, follow-ups)
ACKNOWLEDGE_SIGNAL = "caseload.acknowledge_signal"  # obj: Signal
ASK_QUESTION = "caseload.ask_question"  # obj: None (the acting learner asks)
VIEW_QUESTION = "caseload.view_question"  # obj: Question
ANSWER_QUESTION = "caseload.answer_question"  # obj: Question
LIST_RECEIVED_QUESTIONS = "caseload.list_received_questions"  # obj: None


def _rule_record_motivation(user: User, obj: Any) -> bool:
    return has_role(user, Role.LEARNER)


def _rule_view_barometer_entries(user: User, learner: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk == learner.pk:
        return True
    kinds = link_kinds_between(user, learner)
    if LinkKind.COACH in kinds:
        return True
    return bool(kinds) and ConsentScope.INSTRUMENTS in consented_scopes(learner, user)


def _rule_manage_barometer_moments(user: User, group: Any) -> bool:
    """Coaches and offer maintainers of the group's provider (not its teachers)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_platform_admin(user):
        return True
    provider_organisation = group.programme.provider.organisation_id
    return provider_organisation is not None and provider_organisation in (
        organisations_with_role(user, Role.COACH, *OFFER_MAINTAINER_ROLES)
    )


def _rule_list_barometer_groups(user: User, obj: Any) -> bool:
    return is_platform_admin(user) or has_role(
        user, Role.COACH, Role.TEACHER, *OFFER_MAINTAINER_ROLES
    )


def _rule_view_caseload(user: User, obj: Any) -> bool:
    return has_role(user, Role.COACH)


def _rule_coach_learner(user: User, learner: User) -> bool:
    if not getattr(user, "is_authenticated", False) or user.pk == learner.pk:
        return False
    return LinkKind.COACH in link_kinds_between(user, learner)


def _rule_acknowledge_signal(user: User, signal: Any) -> bool:
    return _rule_coach_learner(user, signal.learner)


def _rule_ask_question(user: User, obj: Any) -> bool:
    return has_role(user, Role.LEARNER)


def _rule_view_question(user: User, question: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.pk in (question.learner_id, question.recipient_id)


def _rule_answer_question(user: User, question: Any) -> bool:
    return getattr(user, "is_authenticated", False) and user.pk == question.recipient_id


def _rule_list_received_questions(user: User, obj: Any) -> bool:
    return has_role(user, Role.COACH, Role.TEACHER)


RULES.update(
    {
        RECORD_MOTIVATION: _rule_record_motivation,
        VIEW_BAROMETER_ENTRIES: _rule_view_barometer_entries,
        VIEW_BAROMETER_COHORT: _rule_view_group,
        MANAGE_BAROMETER_MOMENTS: _rule_manage_barometer_moments,
        LIST_BAROMETER_GROUPS: _rule_list_barometer_groups,
        VIEW_CASELOAD: _rule_view_caseload,
        COACH_LEARNER: _rule_coach_learner,
        ACKNOWLEDGE_SIGNAL: _rule_acknowledge_signal,
        ASK_QUESTION: _rule_ask_question,
        VIEW_QUESTION: _rule_view_question,
        ANSWER_QUESTION: _rule_answer_question,
        LIST_RECEIVED_QUESTIONS: _rule_list_received_questions,
    }
)


def can(user: User, action: str, obj: Any = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj``. Unknown actions are refused."""
    rule = RULES.get(action)
    if rule is None:
        raise KeyError(f"Unknown policy action {action!r}")
    if user is not None and getattr(user, "is_authenticated", False) and not user.is_active:
        return False
    return rule(user, obj)


def require(user: User, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(action)
