"""Questionnaire instruments (issue #5); registered with accounts.policy at start-up.

Answering: learners answer the learner instruments (motivatiescan, intake, screening,
survey, quickscan, factor interview), teachers the lecturer self-scan, workplace
mentors and employer HR the leerscan. A learner's response is personal data of scope
"instruments": the learner, a linked coach or mentor, and (with consent) a teacher,
employer or referrer see it (VIEW_PERSONAL_DATA). A lecturer's self-scan is seen by
the lecturer only; a workplace's leerscan by the respondent and the HR and mentors of
that workplace. Group results (obj: instruments.queries.ResultGroup) only for at least
MIN_GROUP_SIZE respondents: a class group for those who may view the group; an
organisation's staff or workplace results for that organisation's administrators
(the head of programme for lecturers) and platform administrators.
"""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import ConsentScope, Role, User
from trajectwijzer.accounts.policy import (
    OFFER_MAINTAINER_ROLES,
    administered_organisations,
    has_role,
    is_platform_admin,
    is_signed_in,
    organisations_with_role,
    register_rules,
    visible_personal_data_scopes,
)
from trajectwijzer.trajectories.rules import view_group

ANSWER_INSTRUMENT = "instruments.answer"  # obj: instruments.definition.Definition
VIEW_INSTRUMENT_RESPONSE = "instruments.view_response"  # obj: instruments.models.Response
VIEW_INSTRUMENT_GROUP_RESULTS = "instruments.view_group_results"  # obj: ResultGroup
REQUEST_WORKSHOP = "instruments.request_workshop"  # obj: Response (lecturer self-scan)
# Whether any group's results could be shown to the user at all (obj: None): lets a page
# skip working out every instrument's published figures for people who see none.
LIST_GROUP_RESULTS = "instruments.list_group_results"
MIN_GROUP_SIZE = 5

INSTRUMENT_AUDIENCE_ROLES = {
    "learner": (Role.LEARNER,),
    "lecturer": (Role.TEACHER,),
    "workplace": (Role.MENTOR, Role.EMPLOYER_HR),
}


def _rule_answer_instrument(user: User, definition: Any) -> bool:
    if not is_signed_in(user):
        return False
    return has_role(user, *INSTRUMENT_AUDIENCE_ROLES.get(definition.audience, ()))


def _rule_view_instrument_response(user: User, response: Any) -> bool:
    if not is_signed_in(user):
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
    if not is_signed_in(user):
        return False
    if result_group.respondents < MIN_GROUP_SIZE:
        return False
    if result_group.group is not None:
        return view_group(user, result_group.group)
    if result_group.organisation is not None:
        return is_platform_admin(user) or (
            result_group.organisation.pk in administered_organisations(user)
            or result_group.organisation.pk
            in organisations_with_role(user, *OFFER_MAINTAINER_ROLES)
        )
    return is_platform_admin(user)


def _rule_list_group_results(user: User, obj: Any) -> bool:
    """Everyone VIEW_INSTRUMENT_GROUP_RESULTS can let through for some group: teachers
    and coaches (a group they teach or of their provider), offer maintainers, the
    administrators of an organisation, and platform administrators."""
    if not is_signed_in(user):
        return False
    return (
        is_platform_admin(user)
        or has_role(user, Role.TEACHER, Role.COACH, *OFFER_MAINTAINER_ROLES)
        or bool(administered_organisations(user))
    )


def _rule_request_workshop(user: User, response: Any) -> bool:
    return (
        is_signed_in(user)
        and response.respondent_id == user.pk
        and response.version.audience == "lecturer"
        and response.is_submitted
        and response.organisation_id is not None
    )


register_rules(
    {
        ANSWER_INSTRUMENT: _rule_answer_instrument,
        VIEW_INSTRUMENT_RESPONSE: _rule_view_instrument_response,
        VIEW_INSTRUMENT_GROUP_RESULTS: _rule_view_instrument_group_results,
        REQUEST_WORKSHOP: _rule_request_workshop,
        LIST_GROUP_RESULTS: _rule_list_group_results,
    }
)
