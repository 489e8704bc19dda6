"""Who may do what in recognition (registered with accounts.policy at start-up).

After the issue's "Access and privacy" (docs/recognition.md):

* the learner: their own requests, evidence, decisions, certificates and proposals;
  they start, submit, withdraw and appeal requests and add and map evidence;
* a workplace mentor, the employer's HR or a coach, each through a current link, may
  *start* a request on the learner's behalf. The employer (and the mentor) see a
  request they started with its status and decisions; anything else of the learner's
  recognition (other requests, evidence, judgements) only with the learner's consent
  for ``ConsentScope.RECOGNITION``;
* the coach (current link) sees status and decisions of every request of their
  learners (the caseload); evidence and judgements only with that consent;
* an assessor sees only requests with a current ``AssessorAssignment`` for them, and
  only while they hold an active assessor membership: evidence, mappings, judgements
  and decisions; the deciding role of the procedure signs off decisions;
* the provider's admins (and the sector admins maintaining the provider's offer) see
  status, assignments and admissibility of their provider's requests and manage them,
  but not the evidence contents unless they are also assigned.

Reads of evidence and judgements by staff go through ``accounts.access`` (logged).
"""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import ConsentScope, LinkKind, Role, User
from trajectwijzer.accounts.policy import (
    consented_scopes,
    has_role,
    is_platform_admin,
    is_signed_in,
    link_kinds_between,
    offer_maintainer_organisations,
    register_rules,
)

VIEW_PROCEDURES = "recognition.view_procedures"  # obj: None
START_REQUEST = "recognition.start_request"  # obj: learner User
VIEW_REQUEST = "recognition.view_request"  # obj: Request (status, steps, decisions)
VIEW_EVIDENCE = "recognition.view_evidence"  # obj: Request (evidence, mappings, judgements)
EDIT_REQUEST = "recognition.edit_request"  # obj: Request (submit a draft, withdraw)
ADD_EVIDENCE = "recognition.add_evidence"  # obj: Request (add and map evidence)
APPEAL_REQUEST = "recognition.appeal_request"  # obj: Request
MANAGE_REQUEST = "recognition.manage_request"  # obj: Request (admissibility, assessors, close)
ASSESS_REQUEST = "recognition.assess_request"  # obj: Request (judge, record, complete steps)
DECIDE_REQUEST = "recognition.decide_request"  # obj: Request (decide, communicate, supersede)
LIST_ASSIGNED_REQUESTS = "recognition.list_assigned_requests"  # obj: None
LIST_PROVIDER_REQUESTS = "recognition.list_provider_requests"  # obj: None
VIEW_PROPOSALS = "recognition.view_proposals"  # obj: learner User
RECORD_PRIOR_QUALIFICATION = "recognition.record_prior_qualification"  # obj: learner User
MANAGE_EXEMPTION_RULES = "recognition.manage_exemption_rules"  # obj: Provider, or None (any)
VIEW_OVERVIEW = "recognition.view_overview"  # obj: Provider, or None (any)

# Link kinds through which someone may start a request for the learner, and the
# ``Request.started_as`` each stands for.
STARTER_LINKS = {
    LinkKind.MENTOR: "mentor",
    LinkKind.EMPLOYER: "employer",
    LinkKind.COACH: "coach",
}

# Deciding roles of a procedure that are assessor roles on an assignment; any other
# value (``provider_admin``) is decided by the provider's admins.
PROVIDER_DECIDES = "provider_admin"


def _is_learner(user: User, request: Any) -> bool:
    return is_signed_in(user) and request.learner_id == user.pk


def _kinds(user: User, learner: User) -> set[str]:
    if not is_signed_in(user) or user.pk == learner.pk:
        return set()
    return link_kinds_between(user, learner)


def has_recognition_consent(user: User, learner: User) -> bool:
    """A current link of any kind *and* an active consent for recognition data.

    Stricter than ``VIEW_PERSONAL_DATA``: coaches and mentors, who read other
    personal data as guides, need the consent here too (the issue's rule).
    """
    kinds = _kinds(user, learner)
    return bool(kinds) and ConsentScope.RECOGNITION in consented_scopes(learner, user)


def maintains_provider(user: User, provider: Any) -> bool:
    return (
        provider is not None
        and provider.organisation_id is not None
        and provider.organisation_id in offer_maintainer_organisations(user)
    )


def assignment_roles(user: User, request: Any) -> set[str]:
    """The assessor roles of ``user``'s current assignments on ``request`` (empty while
    their assessor membership is not active)."""
    if not is_signed_in(user) or not has_role(user, Role.ASSESSOR) or request.pk is None:
        return set()
    cache = getattr(user, "_recognition_assignments", None)
    if cache is None:
        cache = {}
        user._recognition_assignments = cache
    if request.pk not in cache:
        cache[request.pk] = set(
            request.assignments.filter(assessor=user, ended_at__isnull=True).values_list(
                "role", flat=True
            )
        )
    return cache[request.pk]


def is_assigned(user: User, request: Any) -> bool:
    return bool(assignment_roles(user, request))


def _started_it(user: User, request: Any) -> bool:
    """``user`` started the request on the learner's behalf and still stands beside them
    in the capacity they started it in (the employer: any HR of that employer)."""
    if request.started_as == "learner":
        return False
    kinds = _kinds(user, request.learner)
    if request.started_as == "employer":
        if LinkKind.EMPLOYER not in kinds or request.employer_id is None:
            return False
        from trajectwijzer.accounts.policy import consent_organisations

        return request.employer_id in consent_organisations(user, request.learner)
    if request.started_as == "mentor":
        return request.started_by_id == user.pk and LinkKind.MENTOR in kinds
    if request.started_as == "coach":
        return LinkKind.COACH in kinds
    return False


def _rule_view_procedures(user: User, obj: Any) -> bool:
    return True


def _rule_start_request(user: User, learner: User) -> bool:
    if not is_signed_in(user) or learner is None:
        return False
    if user.pk == learner.pk:
        return True
    return bool(_kinds(user, learner) & set(STARTER_LINKS))


def _rule_view_request(user: User, request: Any) -> bool:
    if not is_signed_in(user):
        return False
    if _is_learner(user, request):
        return True
    if is_assigned(user, request) or maintains_provider(user, request.provider):
        return True
    kinds = _kinds(user, request.learner)
    if LinkKind.COACH in kinds:
        return True
    if _started_it(user, request):
        return True
    return bool(kinds) and ConsentScope.RECOGNITION in consented_scopes(request.learner, user)


def _rule_view_evidence(user: User, request: Any) -> bool:
    if not is_signed_in(user):
        return False
    return (
        _is_learner(user, request)
        or is_assigned(user, request)
        or has_recognition_consent(user, request.learner)
    )


def _rule_edit_request(user: User, request: Any) -> bool:
    if _is_learner(user, request):
        return True
    # Whoever started a draft on the learner's behalf may submit it.
    return request.status == "draft" and is_signed_in(user) and _started_it(user, request)


def _rule_add_evidence(user: User, request: Any) -> bool:
    return _is_learner(user, request)


def _rule_appeal_request(user: User, request: Any) -> bool:
    return _is_learner(user, request)


def _rule_manage_request(user: User, request: Any) -> bool:
    return is_signed_in(user) and maintains_provider(user, request.provider)


def _rule_assess_request(user: User, request: Any) -> bool:
    return is_assigned(user, request)


def deciding_role(request: Any) -> str:
    from .queries import procedure_of

    return procedure_of(request.procedure_version).deciding_role


def _rule_decide_request(user: User, request: Any) -> bool:
    if not is_signed_in(user):
        return False
    role = deciding_role(request)
    if role == PROVIDER_DECIDES:
        return maintains_provider(user, request.provider)
    return role in assignment_roles(user, request)


def _rule_list_assigned_requests(user: User, obj: Any) -> bool:
    return has_role(user, Role.ASSESSOR)


def _rule_list_provider_requests(user: User, obj: Any) -> bool:
    return bool(offer_maintainer_organisations(user))


def _rule_view_proposals(user: User, learner: User) -> bool:
    if not is_signed_in(user) or learner is None:
        return False
    return user.pk == learner.pk or LinkKind.COACH in _kinds(user, learner)


def _rule_record_prior_qualification(user: User, learner: User) -> bool:
    return _rule_view_proposals(user, learner)


def _rule_manage_exemption_rules(user: User, provider: Any) -> bool:
    if is_platform_admin(user):
        return True
    if provider is None:
        return bool(offer_maintainer_organisations(user))
    return maintains_provider(user, provider)


def _rule_view_overview(user: User, provider: Any) -> bool:
    return _rule_manage_exemption_rules(user, provider)


register_rules(
    {
        VIEW_PROCEDURES: _rule_view_procedures,
        START_REQUEST: _rule_start_request,
        VIEW_REQUEST: _rule_view_request,
        VIEW_EVIDENCE: _rule_view_evidence,
        EDIT_REQUEST: _rule_edit_request,
        ADD_EVIDENCE: _rule_add_evidence,
        APPEAL_REQUEST: _rule_appeal_request,
        MANAGE_REQUEST: _rule_manage_request,
        ASSESS_REQUEST: _rule_assess_request,
        DECIDE_REQUEST: _rule_decide_request,
        LIST_ASSIGNED_REQUESTS: _rule_list_assigned_requests,
        LIST_PROVIDER_REQUESTS: _rule_list_provider_requests,
        VIEW_PROPOSALS: _rule_view_proposals,
        RECORD_PRIOR_QUALIFICATION: _rule_record_prior_qualification,
        MANAGE_EXEMPTION_RULES: _rule_manage_exemption_rules,
        VIEW_OVERVIEW: _rule_view_overview,
    }
)
