"""Who reads and records a learner's competence assessments, MICOON (issue #4).

Registered with accounts.policy at start-up. Who reads a learner's competence
assessments follows the personal-data rule for the "assessments" scope, with two
refinements from the issue:
  * a workplace mentor sees only the competences that belong to workplace learning
    (covered by a workplace-learning module of the programme), by every role;
  * a teacher (linked, or teaching the learner's group) without the learner's
    consent reads back only the assessments they recorded themselves: they wrote
    them, and scoring blind to one's own previous score is not workable. Other
    roles' scores need the consent. Recording needs no consent.
Employer HR and referrers read them only with the learner's active consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trajectwijzer.accounts.models import ConsentScope, LinkKind, Role, User
from trajectwijzer.accounts.policy import (
    consents_to,
    has_role,
    is_signed_in,
    organisations_with_role,
    register_rules,
    relations_to_many,
    taught_group_ids,
)

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
    if not is_signed_in(user) or not user.is_active or not learners:
        return result
    kinds, acting_for = relations_to_many(user, [learner.pk for learner in learners])
    needs_consent = [pk for pk in kinds if kinds[pk] & ASSESSMENTS_WITH_CONSENT]
    consented: set[int] = set()
    if needs_consent:
        orgs = set().union(*(acting_for[pk] for pk in needs_consent))
        for learner_id, user_id, org_id in (
            consents_to(user, orgs)
            .filter(learner_id__in=needs_consent, scope=ConsentScope.ASSESSMENTS)
            .values_list("learner_id", "recipient_user_id", "recipient_organisation_id")
        ):
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
    return is_signed_in(user) and _is_provider_coach(user, group)


def _rule_view_class_competences(user: User, group: Any) -> bool:
    """Teachers of the group and coaches of its provider (group figures only)."""
    if not is_signed_in(user):
        return False
    return group.pk in taught_group_ids(user) or _is_provider_coach(user, group)


register_rules(
    {
        VIEW_ASSESSMENTS: _rule_view_assessments,
        RECORD_ASSESSMENT: _rule_record_assessment,
        FOLLOW_COMPETENCES: _rule_follow_competences,
        VIEW_GROUP_COMPETENCES: _rule_view_group_competences,
        VIEW_CLASS_COMPETENCES: _rule_view_class_competences,
    }
)
