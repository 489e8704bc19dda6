"""The one place that decides who may do what: ``can(user, action, obj)``.

Views, the API, exports and commands all ask this module; none of them decide on
their own. Each action maps to a rule function ``rule(user, obj) -> bool``. Each app
declares its own actions and rules in its ``rules.py`` and registers them with
:func:`register_rules`; accounts' ready() imports every app's ``rules`` module at
start-up, so a new app adds rules without editing this module. This module keeps
``can()``, ``require()``, the registry, the actions about accounts themselves and the
relationship and consent helpers every app's rules share. Rules read memberships and
learner links through a small per-request cache on the user object so that a page
asking many questions stays at a constant number of queries.

Personal data of a learner (answers, scores, plans) is guarded by
``VIEW_PERSONAL_DATA`` with a :class:`PersonalData` object naming the learner and
the consent scope. The learner always sees their own; a linked coach or mentor sees
it because guiding the learner is their task; a teacher or an employer only with
the learner's active consent for that scope. Nobody else, not even a platform
administrator, reads it through the product. A link counts only while it is current
(``LearnerLink.objects.current()``): its dates cover today and the linked person
still holds an active membership in the matching role. Reading goes through
``accounts.access.access_learner``, which asks this module and logs the read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Q

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

Rule = Callable[[User, Any], bool]

# The registry: action name → rule. Filled by register_rules() from accounts (below)
# and from each app's rules.py at start-up.
RULES: dict[str, Rule] = {}


def register_rules(rules: Mapping[str, Rule]) -> None:
    """Add an app's actions; an action name registered twice is a programming error.

    Refusing a duplicate keeps two apps from silently replacing each other's rule (and
    a module imported twice under two names from doing it unnoticed).
    """
    duplicates = sorted(set(rules) & set(RULES))
    if duplicates:
        raise ImproperlyConfigured(f"Policy actions registered twice: {', '.join(duplicates)}")
    RULES.update(rules)


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


# Actions about accounts ---------------------------------------------------------
MANAGE_ORGANISATION = "accounts.manage_organisation"  # obj: Organisation
DECIDE_MEMBERSHIP = "accounts.decide_membership"  # obj: Membership
END_MEMBERSHIP = "accounts.end_membership"  # obj: Membership
VIEW_LEARNER = "accounts.view_learner"  # obj: learner User (name, links; not personal data)
VIEW_PERSONAL_DATA = "accounts.view_personal_data"  # obj: PersonalData
MANAGE_CONSENT = "accounts.manage_consent"  # obj: learner User
VIEW_PENDING_MEMBERSHIPS = "accounts.view_pending_memberships"  # obj: None
LIST_LINKED_LEARNERS = "accounts.list_linked_learners"  # obj: None
USE_ADMIN_SITE = "platform.use_admin_site"  # obj: None


@dataclass(frozen=True)
class PersonalData:
    """A learner's personal data of one consent scope (see ConsentScope)."""

    learner: User
    scope: str


# Cached facts about the acting user --------------------------------------------


def is_signed_in(user: User | None) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def active_memberships(user: User) -> list[Membership]:
    if not is_signed_in(user):
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


# Roles that maintain the offer of the provider linked to their organisation: a
# school's provider admins, and a sector organisation's admins for its sector
# training centre (e.g. Woodwize), which has no provider admins of its own.
OFFER_MAINTAINER_ROLES = (Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN)


def offer_maintainer_organisations(user: User) -> set[int]:
    """Organisations whose provider's programmes ``user`` maintains."""
    return organisations_with_role(user, *OFFER_MAINTAINER_ROLES)


# Relationships between a viewer and a learner --------------------------------------


def current_links(learner: User) -> list[LearnerLink]:
    return list(LearnerLink.objects.current().filter(learner=learner))


def taught_group_ids(user: User) -> set[int]:
    """Groups ``user`` teaches while holding an active TEACHER membership at the group's
    provider organisation (cached per request like the memberships): a teacher who left
    the school no longer stands beside its groups."""
    organisations = organisations_with_role(user, Role.TEACHER)
    if not organisations:
        return set()
    cached = getattr(user, "_policy_taught_groups", None)
    if cached is None:
        from trajectwijzer.trajectories.models import Group

        cached = set(
            Group.objects.filter(
                teachers=user, programme__provider__organisation_id__in=organisations
            ).values_list("pk", flat=True)
        )
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


def link_kinds_between(viewer: User, learner: User) -> set[str]:
    """Kinds of current links through which ``viewer`` stands in relation to ``learner``."""
    return _relations(viewer, learner)[0]


def relations_to_many(viewer: User, learner_ids) -> tuple[dict[int, set[str]], dict[int, set[int]]]:
    """``link_kinds_between`` and ``consent_organisations`` for many learners at once, in a
    constant number of queries (links, group teaching), for pages listing a group."""
    ids = [pk for pk in learner_ids if pk != viewer.pk]
    kinds: dict[int, set[str]] = {pk: set() for pk in ids}
    acting_for: dict[int, set[int]] = {pk: set() for pk in ids}
    if not ids:
        return kinds, acting_for
    employer_orgs = organisations_with_role(viewer, Role.EMPLOYER_HR)
    links = LearnerLink.objects.current().filter(
        Q(person=viewer) | Q(kind=LinkKind.EMPLOYER, organisation_id__in=employer_orgs),
        learner_id__in=ids,
    )
    for link in links.values("learner_id", "kind", "person_id", "organisation_id"):
        if link["person_id"] == viewer.pk:
            kinds[link["learner_id"]].add(link["kind"])
        else:
            kinds[link["learner_id"]].add(LinkKind.EMPLOYER)
            acting_for[link["learner_id"]].add(link["organisation_id"])
    groups = taught_group_ids(viewer)
    if groups:
        from trajectwijzer.trajectories.models import Enrolment

        taught = Enrolment.objects.current().filter(learner_id__in=ids, group_id__in=groups)
        for learner_id in taught.values_list("learner_id", flat=True):
            kinds[learner_id].add(LinkKind.TEACHER)
    return kinds, acting_for


def consent_organisations(viewer: User, learner: User) -> set[int]:
    """Organisations whose consents ``viewer`` may rely on for ``learner``.

    A consent to an organisation is a consent to the learner's employer, for its HR
    members to act on: it counts only for HR members of an employer the learner
    currently works for, never for someone who merely holds another role there.
    """
    return _relations(viewer, learner)[1]


# Consent -----------------------------------------------------------------------------


def consents_to(viewer: User, organisations=()):
    """Active consents naming ``viewer`` or one of ``organisations`` (any learner)."""
    return Consent.objects.active().naming(viewer, organisations)


def _consented_scopes(learner: User, viewer: User, organisations: set[int]) -> set[str]:
    return set(
        consents_to(viewer, organisations).filter(learner=learner).values_list("scope", flat=True)
    )


def has_active_consent(learner: User, scope: str, viewer: User) -> bool:
    return scope in consented_scopes(learner, viewer)


def consented_scopes(learner: User, viewer: User) -> set[str]:
    """Scopes for which ``learner`` has an active consent naming ``viewer`` or the
    employer ``viewer`` acts for as HR (see ``consent_organisations``)."""
    return _consented_scopes(learner, viewer, consent_organisations(viewer, learner))


PERSONAL_DATA_WITHOUT_CONSENT = frozenset({LinkKind.COACH, LinkKind.MENTOR})
PERSONAL_DATA_WITH_CONSENT = frozenset({LinkKind.TEACHER, LinkKind.EMPLOYER, LinkKind.REFERRER})


def visible_personal_data_scopes(user: User, learner: User) -> set[str]:
    """All consent scopes of ``learner``'s personal data that ``user`` may read.

    The VIEW_PERSONAL_DATA rule answers through this function, so a page listing
    many learners asks two queries per learner instead of two per scope.
    """
    if not is_signed_in(user) or not user.is_active:
        return set()
    if user.pk == learner.pk:
        return set(ConsentScope.values)
    kinds, acting_for = _relations(user, learner)
    if kinds & PERSONAL_DATA_WITHOUT_CONSENT:
        return set(ConsentScope.values)
    if kinds & PERSONAL_DATA_WITH_CONSENT:
        return _consented_scopes(learner, user, acting_for)
    return set()


# Rules about accounts --------------------------------------------------------------


def _rule_manage_organisation(user: User, organisation: Organisation) -> bool:
    return is_platform_admin(user) or organisation.pk in administered_organisations(user)


def _rule_decide_membership(user: User, membership: Membership) -> bool:
    if membership.user_id == getattr(user, "pk", None):
        return False  # nobody validates their own registration
    return _rule_manage_organisation(user, membership.organisation)


def _rule_end_membership(user: User, membership: Membership) -> bool:
    """The organisation's administrators end a membership; a person may leave."""
    if not is_signed_in(user):
        return False
    return membership.user_id == user.pk or _rule_manage_organisation(user, membership.organisation)


def _rule_view_learner(user: User, learner: User) -> bool:
    if not is_signed_in(user):
        return False
    if user.pk == learner.pk:
        return True
    return bool(link_kinds_between(user, learner))


def _rule_view_personal_data(user: User, data: PersonalData) -> bool:
    return data.scope in visible_personal_data_scopes(user, data.learner)


def _rule_manage_consent(user: User, learner: User) -> bool:
    return is_signed_in(user) and user.pk == learner.pk


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


register_rules(
    {
        MANAGE_ORGANISATION: _rule_manage_organisation,
        DECIDE_MEMBERSHIP: _rule_decide_membership,
        END_MEMBERSHIP: _rule_end_membership,
        VIEW_LEARNER: _rule_view_learner,
        VIEW_PERSONAL_DATA: _rule_view_personal_data,
        MANAGE_CONSENT: _rule_manage_consent,
        VIEW_PENDING_MEMBERSHIPS: _rule_view_pending_memberships,
        LIST_LINKED_LEARNERS: _rule_list_linked_learners,
        USE_ADMIN_SITE: _rule_use_admin_site,
    }
)
