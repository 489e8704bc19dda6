"""Every role (and a visitor) against every accounts page and every policy action.

The expectations are written out as tables so a reader sees at a glance who may do
what; a test fails if a page or action is added without a row here.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts import policy, services
from trajectwijzer.accounts.models import (
    ConsentScope,
    LinkKind,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.barometer import rules as barometer_rules
from trajectwijzer.caseload import rules as caseload_rules
from trajectwijzer.caseload.models import Question, Signal
from trajectwijzer.catalogue import rules as catalogue_rules
from trajectwijzer.catalogue.models import Programme, Provider, ProviderKind
from trajectwijzer.competences import rules as competences_rules
from trajectwijzer.development import rules as development_rules
from trajectwijzer.instruments import rules as instruments_rules
from trajectwijzer.recognition import rules as recognition_rules
from trajectwijzer.testing import PASSWORD, link, make_member, make_organisation
from trajectwijzer.trajectories import rules as trajectories_rules
from trajectwijzer.trajectories.models import Enrolment, Group

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
EVERYONE = frozenset({ANONYMOUS, *Role.values})
ROLES = frozenset(Role.values)
LINKED_TO_LEARNER = frozenset(
    {Role.EMPLOYER_HR, Role.MENTOR, Role.COACH, Role.TEACHER, Role.REFERRER}
)
ORG_ADMINS = frozenset({Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.PLATFORM_ADMIN})
PROVIDER_MANAGERS = frozenset({Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN})
# The sector's own training centre (like Woodwize's) is maintained by the sector admins.
SECTOR_CENTRE_MANAGERS = frozenset({Role.SECTOR_ADMIN, Role.PLATFORM_ADMIN})

# Pages: who gets 200. Everyone else is redirected to login (visitors), sent on
# (logged-in people on login/register), refused (403) or told it does not exist (404).
PAGES = {
    "login": (reverse("accounts:login"), {ANONYMOUS}, "redirect"),
    "register": (reverse("accounts:register"), {ANONYMOUS}, "redirect"),
    "register_done": (reverse("accounts:register_done"), EVERYONE, None),
    "password_reset": (reverse("accounts:password_reset"), EVERYONE, None),
    "password_reset_done": (reverse("accounts:password_reset_done"), EVERYONE, None),
    "password_reset_complete": (reverse("accounts:password_reset_complete"), EVERYONE, None),
    "password_change": (reverse("accounts:password_change"), ROLES, None),
    "profile": (reverse("accounts:profile"), ROLES, None),
    "consents": (reverse("accounts:consents"), ROLES, None),
    "pending": (reverse("accounts:pending"), ORG_ADMINS, 403),
    "my_learners": (reverse("accounts:my_learners"), LINKED_TO_LEARNER, 403),
    "learner_detail": (None, {Role.LEARNER, *LINKED_TO_LEARNER}, 404),
}


def test_every_page_of_the_accounts_urls_is_in_the_matrix():
    from trajectwijzer.accounts.urls import urlpatterns

    post_only = {"logout", "decide", "create_token", "revoke_token", "withdraw_consent"}
    token_pages = {"password_reset_confirm"}  # covered by the reset flow test
    assert {p.name for p in urlpatterns} == set(PAGES) | post_only | token_pages


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_page_access(client, world, page, who):
    url, allowed, denied_with = PAGES[page]
    url = url or reverse("accounts:learner_detail", args=[world.learner.pk])
    if who != ANONYMOUS:
        client.force_login(world.user(who))
    response = client.get(url)
    if who in allowed:
        assert response.status_code == 200
    elif who == ANONYMOUS:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    elif denied_with == "redirect":
        assert response.status_code == 302
        assert response["Location"] == reverse("web:home")
    else:
        assert response.status_code == denied_with


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_pages_render_in_the_layout_with_landmarks(client, world, who):
    if who != ANONYMOUS:
        client.force_login(world.user(who))
    for page, (url, allowed, _denied) in PAGES.items():
        if who not in allowed:
            continue
        url = url or reverse("accounts:learner_detail", args=[world.learner.pk])
        content = client.get(url).content.decode()
        assert '<main id="main"' in content, page
        assert "<h1>" in content, page


# Policy actions --------------------------------------------------------------------


def make_sector_centre(sector: Organisation) -> Provider:
    return Provider.objects.create(
        organisation=sector,
        slug=f"{sector.slug}-opleidingscentrum",
        name=f"Opleidingscentrum {sector.name}",
        kind=ProviderKind.SECTOR_CENTRE,
    )


@pytest.fixture
def objects(world):
    provider = Provider.objects.create(
        organisation=world.provider,
        slug="hogeschool-oost",
        name="Hogeschool Oost",
        kind=ProviderKind.PRIVATE,
    )
    applicant = User.objects.create_user(
        email="applicant@example.org", password=PASSWORD, full_name="A", is_active=False
    )
    pending = Membership.objects.create(
        user=applicant, organisation=world.provider, role=Role.TEACHER
    )
    sector_centre = make_sector_centre(world.user(Role.SECTOR_ADMIN).memberships.get().organisation)
    return {
        "provider": provider,
        "programme": Programme(provider=provider, title="Graduaat HR-support"),
        "sector_centre": sector_centre,
        "sector_programme": Programme(provider=sector_centre, title="Machinaal houtbewerker"),
        "organisation": world.provider,
        "pending_membership": pending,
        "learner": world.learner,
        "profile_data": policy.PersonalData(world.learner, ConsentScope.PROFILE),
        # Taught by none of the world's people; its teachers are tested with trajectories.
        "group": Group(programme=Programme(provider=provider), name="Klas A"),
        # The learner's enrolment at the provider, whose study plan (issue #11) it guards.
        "enrolment": Enrolment(learner=world.learner, programme=Programme(provider=provider)),
        # Motivation barometer and coach caseload (issue #5): a signal about the learner
        # and a trajectory question the learner asked their coach.
        "signal": Signal(learner=world.learner, code="barometer.low_score"),
        "question": Question(learner=world.learner, recipient=world.user(Role.COACH)),
        **development_objects(world),
        **instrument_objects(world, provider),
        **recognition_objects(world, provider),
    }


def development_objects(world) -> dict:
    """A competence matrix at the learner's employer with the learner's row and a plan
    the employer drafted (issue #4; the rules are tested in depth in development)."""
    from trajectwijzer.development.models import CompetenceMatrix, DevelopmentPlan, MatrixRow

    matrix = CompetenceMatrix(organisation=world.employer, title="Productie")
    row = MatrixRow(matrix=matrix, employee=world.learner)
    return {
        "employer": world.employer,
        "matrix": matrix,
        "matrix_row": row,
        "plan": DevelopmentPlan(row=row, title="POP", drafted_by_employee=False),
    }


def instrument_objects(world, provider) -> dict:
    """Questionnaire instruments (issue #5): unsaved responses and result groups."""
    from trajectwijzer.instruments.definition import shipped_definitions
    from trajectwijzer.instruments.models import InstrumentVersion, Response
    from trajectwijzer.instruments.queries import ResultGroup

    learner_version = InstrumentVersion(instrument="motivatiescan", audience="learner")
    lecturer_version = InstrumentVersion(instrument="selfscan_lecturers", audience="lecturer")
    group = Group(programme=Programme(provider=provider), name="Klas B")
    teacher = world.user(Role.TEACHER)
    return {
        "instrument": shipped_definitions()["motivatiescan"],
        "instrument_response": Response(
            version=learner_version, respondent=world.learner, subject=world.learner
        ),
        "selfscan_response": Response(
            version=lecturer_version,
            respondent=teacher,
            organisation=teacher.memberships.get().organisation,
            status="submitted",
        ),
        "result_group": ResultGroup(version=learner_version, group=group, respondents=5),
        "small_result_group": ResultGroup(version=learner_version, group=group, respondents=4),
    }


def recognition_objects(world, provider) -> dict:
    """Recognition requests (issue #10): the learner's own, with the world's assessor
    assigned as jury chair (the test procedure's deciding role), and one the employer
    started; the full role x page and API matrices are in recognition/tests."""
    from trajectwijzer.recognition.definition import parse_procedure
    from trajectwijzer.recognition.models import AssessorAssignment, ProcedureVersion, Request
    from trajectwijzer.recognition.tests.conftest import TEST_PROCEDURE

    procedure = parse_procedure(TEST_PROCEDURE.read_text(), str(TEST_PROCEDURE))
    version = ProcedureVersion.objects.create(
        procedure=procedure.slug,
        version=1,
        declared_version=1,
        checksum=procedure.checksum,
        definition=procedure.raw,
        provider=provider,
    )
    own = Request.objects.create(
        learner=world.learner, procedure_version=version, provider=provider, started_as="learner"
    )
    AssessorAssignment.objects.create(
        request=own, assessor=world.user(Role.ASSESSOR), role="jury_chair"
    )
    started = Request.objects.create(
        learner=world.learner,
        procedure_version=version,
        provider=provider,
        started_as="employer",
        started_by=world.user(Role.EMPLOYER_HR),
        employer=world.employer,
    )
    return {"rec_request": own, "rec_employer_request": started, "rec_provider": provider}


# action, the object it is asked about (key in `objects`), who may.
ACTIONS = [
    (catalogue_rules.VIEW_CATALOGUE, None, EVERYONE),
    (catalogue_rules.EXPORT_PROGRAMMES, None, EVERYONE),
    (catalogue_rules.CREATE_PROGRAMME, "provider", PROVIDER_MANAGERS),
    (catalogue_rules.CHANGE_PROGRAMME, "programme", PROVIDER_MANAGERS),
    (catalogue_rules.IMPORT_PROGRAMMES, "provider", PROVIDER_MANAGERS),
    (catalogue_rules.IMPORT_PROGRAMMES, None, {Role.PLATFORM_ADMIN}),
    (catalogue_rules.CREATE_PROGRAMME, "sector_centre", SECTOR_CENTRE_MANAGERS),
    (catalogue_rules.CHANGE_PROGRAMME, "sector_programme", SECTOR_CENTRE_MANAGERS),
    (catalogue_rules.IMPORT_PROGRAMMES, "sector_centre", SECTOR_CENTRE_MANAGERS),
    (catalogue_rules.MANAGE_PROGRAMMES, None, {*PROVIDER_MANAGERS, Role.SECTOR_ADMIN}),
    (policy.MANAGE_ORGANISATION, "organisation", PROVIDER_MANAGERS),
    (policy.DECIDE_MEMBERSHIP, "pending_membership", PROVIDER_MANAGERS),
    # Ending follows the same administrators (the member themself may leave: tested in
    # test_memberships.py).
    (policy.END_MEMBERSHIP, "pending_membership", PROVIDER_MANAGERS),
    (policy.VIEW_PENDING_MEMBERSHIPS, None, ORG_ADMINS),
    (policy.VIEW_LEARNER, "learner", {Role.LEARNER, *LINKED_TO_LEARNER}),
    (policy.VIEW_PERSONAL_DATA, "profile_data", {Role.LEARNER, Role.COACH, Role.MENTOR}),
    (policy.MANAGE_CONSENT, "learner", {Role.LEARNER}),
    (policy.LIST_LINKED_LEARNERS, None, LINKED_TO_LEARNER),
    (policy.USE_ADMIN_SITE, None, set()),
    (
        trajectories_rules.VIEW_GROUP,
        "group",
        {Role.COACH, Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN},
    ),
    # Study plans (issue #11): the learner, their linked coach and the provider's offer
    # maintainers read; learner and coach change. HR reads with consent (trajectories tests).
    (
        trajectories_rules.VIEW_STUDY_PLAN,
        "enrolment",
        {Role.LEARNER, Role.COACH, Role.PROVIDER_ADMIN},
    ),
    (trajectories_rules.CHANGE_STUDY_PLAN, "enrolment", {Role.LEARNER, Role.COACH}),
    # Persona at intake (issue #11, item 2): learner, linked coach and the provider's
    # staff read; coach and staff decide at intake; only the coach corrects.
    (
        trajectories_rules.VIEW_PERSONA,
        "enrolment",
        {Role.LEARNER, Role.COACH, Role.PROVIDER_ADMIN},
    ),
    (trajectories_rules.SET_PERSONA, "enrolment", {Role.COACH, Role.PROVIDER_ADMIN}),
    (trajectories_rules.CORRECT_PERSONA, "enrolment", {Role.COACH}),
    # The learner's calendar (.ics): the learner and their coach; the secret feed link is
    # the learner's own.
    (trajectories_rules.DOWNLOAD_CALENDAR, "learner", {Role.LEARNER, Role.COACH}),
    (trajectories_rules.MANAGE_CALENDAR_FEED, "learner", {Role.LEARNER}),
    # Competence matrices and development plans (issue #4): the employer's HR manages;
    # the employee sees their own row; linked coach and mentor read plans.
    (development_rules.MANAGE_MATRICES, None, {Role.EMPLOYER_HR}),
    (development_rules.MANAGE_MATRICES, "employer", {Role.EMPLOYER_HR}),
    (development_rules.MANAGE_MATRIX, "matrix", {Role.EMPLOYER_HR}),
    (development_rules.VIEW_MATRIX_ROW, "matrix_row", {Role.LEARNER, Role.EMPLOYER_HR}),
    (development_rules.CREATE_PLAN, "matrix_row", {Role.LEARNER, Role.EMPLOYER_HR}),
    (
        development_rules.VIEW_PLAN,
        "plan",
        {Role.LEARNER, Role.EMPLOYER_HR, Role.MENTOR, Role.COACH},
    ),
    (development_rules.CHANGE_PLAN, "plan", {Role.LEARNER, Role.EMPLOYER_HR}),
    (development_rules.USE_REORIENTATION, None, ROLES),
    # Motivation barometer and coach caseload (issue #5); the full role × page and API
    # matrices are in barometer/tests and caseload/tests.
    (barometer_rules.RECORD_MOTIVATION, None, {Role.LEARNER}),
    (barometer_rules.VIEW_BAROMETER_ENTRIES, "learner", {Role.LEARNER, Role.COACH}),
    (
        barometer_rules.VIEW_BAROMETER_COHORT,
        "group",
        {Role.COACH, Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN},
    ),
    (
        barometer_rules.MANAGE_BAROMETER_MOMENTS,
        "group",
        {Role.COACH, Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN},
    ),
    (
        barometer_rules.LIST_BAROMETER_GROUPS,
        None,
        {Role.COACH, Role.TEACHER, Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.PLATFORM_ADMIN},
    ),
    (
        instruments_rules.LIST_GROUP_RESULTS,
        None,
        {Role.COACH, Role.TEACHER, Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.PLATFORM_ADMIN},
    ),
    (caseload_rules.VIEW_CASELOAD, None, {Role.COACH}),
    (caseload_rules.COACH_LEARNER, "learner", {Role.COACH}),
    (caseload_rules.ACKNOWLEDGE_SIGNAL, "signal", {Role.COACH}),
    (caseload_rules.ASK_QUESTION, None, {Role.LEARNER}),
    (caseload_rules.VIEW_QUESTION, "question", {Role.LEARNER, Role.COACH}),
    (caseload_rules.ANSWER_QUESTION, "question", {Role.COACH}),
    (caseload_rules.LIST_RECEIVED_QUESTIONS, None, {Role.COACH, Role.TEACHER}),
]

# Competence assessments, MICOON (issue #4): the world's teacher is linked without
# consent, so reads back only their own scores (competences/tests hold the full matrix).
ACTIONS += [
    (
        competences_rules.VIEW_ASSESSMENTS,
        "learner",
        {Role.LEARNER, Role.COACH, Role.MENTOR, Role.TEACHER},
    ),
    (competences_rules.RECORD_ASSESSMENT, "learner", {Role.LEARNER, Role.MENTOR, Role.TEACHER}),
    (competences_rules.FOLLOW_COMPETENCES, None, {Role.COACH, Role.MENTOR, Role.TEACHER}),
    (competences_rules.VIEW_GROUP_COMPETENCES, "group", {Role.COACH}),
    (competences_rules.VIEW_CLASS_COMPETENCES, "group", {Role.COACH}),
    # Questionnaire instruments (issue #5)
    (instruments_rules.ANSWER_INSTRUMENT, "instrument", {Role.LEARNER}),
    (
        instruments_rules.VIEW_INSTRUMENT_RESPONSE,
        "instrument_response",
        {Role.LEARNER, Role.COACH, Role.MENTOR},
    ),
    (instruments_rules.REQUEST_WORKSHOP, "selfscan_response", {Role.TEACHER}),
    (
        instruments_rules.VIEW_INSTRUMENT_GROUP_RESULTS,
        "result_group",
        {Role.COACH, Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN},
    ),
    (instruments_rules.VIEW_INSTRUMENT_GROUP_RESULTS, "small_result_group", set()),
]

# Recognition of prior learning (issue #10): no consent in this world, so the coach sees
# status and decisions but no evidence, the employer only the request it started.
REC_STATUS = {Role.LEARNER, Role.COACH, Role.ASSESSOR, Role.PROVIDER_ADMIN}
ACTIONS += [
    (recognition_rules.VIEW_PROCEDURES, None, EVERYONE),
    (
        recognition_rules.START_REQUEST,
        "learner",
        {Role.LEARNER, Role.MENTOR, Role.EMPLOYER_HR, Role.COACH},
    ),
    (recognition_rules.VIEW_REQUEST, "rec_request", REC_STATUS),
    (
        recognition_rules.VIEW_REQUEST,
        "rec_employer_request",
        {Role.LEARNER, Role.COACH, Role.PROVIDER_ADMIN, Role.EMPLOYER_HR},
    ),
    (recognition_rules.VIEW_EVIDENCE, "rec_request", {Role.LEARNER, Role.ASSESSOR}),
    (recognition_rules.VIEW_EVIDENCE, "rec_employer_request", {Role.LEARNER}),
    (recognition_rules.EDIT_REQUEST, "rec_request", {Role.LEARNER}),
    (recognition_rules.EDIT_REQUEST, "rec_employer_request", {Role.LEARNER, Role.EMPLOYER_HR}),
    (recognition_rules.ADD_EVIDENCE, "rec_request", {Role.LEARNER}),
    (recognition_rules.APPEAL_REQUEST, "rec_request", {Role.LEARNER}),
    (recognition_rules.MANAGE_REQUEST, "rec_request", {Role.PROVIDER_ADMIN}),
    (recognition_rules.ASSESS_REQUEST, "rec_request", {Role.ASSESSOR}),
    (recognition_rules.ASSESS_REQUEST, "rec_employer_request", set()),
    (recognition_rules.DECIDE_REQUEST, "rec_request", {Role.ASSESSOR}),
    (recognition_rules.LIST_ASSIGNED_REQUESTS, None, {Role.ASSESSOR}),
    (
        recognition_rules.LIST_PROVIDER_REQUESTS,
        None,
        {Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN},
    ),
    (recognition_rules.VIEW_PROPOSALS, "learner", {Role.LEARNER, Role.COACH}),
    (recognition_rules.RECORD_PRIOR_QUALIFICATION, "learner", {Role.LEARNER, Role.COACH}),
    (recognition_rules.MANAGE_EXEMPTION_RULES, "rec_provider", PROVIDER_MANAGERS),
    (recognition_rules.MANAGE_EXEMPTION_RULES, "sector_centre", SECTOR_CENTRE_MANAGERS),
    (
        recognition_rules.MANAGE_EXEMPTION_RULES,
        None,
        {Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.PLATFORM_ADMIN},
    ),
    (recognition_rules.VIEW_OVERVIEW, "rec_provider", PROVIDER_MANAGERS),
]


# Actions of the foundation, tested here; each later app tests its own actions against
# its pages and endpoints in its tests/test_access_matrix.py.
CORE_PREFIXES = ("accounts.", "catalogue.", "platform.", "trajectories.")


def test_every_core_policy_action_is_in_the_matrix():
    core = {action for action in policy.RULES if action.startswith(CORE_PREFIXES)}
    listed = {action for action, _obj, _allowed in ACTIONS}
    assert core <= listed
    assert listed <= set(policy.RULES)


def test_every_policy_action_is_named_after_an_installed_app():
    from django.apps import apps

    labels = {config.label for config in apps.get_app_configs()} | {"platform"}
    assert {action.split(".")[0] for action in policy.RULES} <= labels


@pytest.mark.parametrize(("action", "obj_key", "allowed"), ACTIONS)
@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_policy_action(world, objects, action, obj_key, allowed, who):
    user = AnonymousUser() if who == ANONYMOUS else world.user(who)
    obj = objects[obj_key] if obj_key else None
    assert policy.can(user, action, obj) is (who in allowed)


def test_unknown_action_is_refused_loudly(world):
    with pytest.raises(KeyError):
        policy.can(world.learner, "accounts.do_anything")


def test_inactive_people_may_do_nothing(world, objects):
    world.learner.is_active = False
    assert not policy.can(world.learner, policy.MANAGE_CONSENT, world.learner)
    assert not policy.can(world.learner, policy.VIEW_PERSONAL_DATA, objects["profile_data"])


def test_active_staff_may_use_the_admin_site_and_inactive_staff_not():
    staff = make_member(Role.PLATFORM_ADMIN, is_staff=True)
    assert policy.can(staff, policy.USE_ADMIN_SITE)
    staff.is_active = False
    assert not policy.can(staff, policy.USE_ADMIN_SITE)


def test_admin_flag_makes_any_member_an_organisation_admin(world, objects):
    hr_admin = make_member(Role.TEACHER, world.provider, is_admin=True)
    assert policy.can(hr_admin, policy.DECIDE_MEMBERSHIP, objects["pending_membership"])
    assert policy.can(hr_admin, policy.VIEW_PENDING_MEMBERSHIPS)


def test_admin_of_another_organisation_decides_nothing_here(objects):
    other_admin = make_member(Role.PROVIDER_ADMIN, make_organisation(OrganisationKind.PROVIDER))
    assert not policy.can(other_admin, policy.DECIDE_MEMBERSHIP, objects["pending_membership"])
    assert not policy.can(other_admin, policy.MANAGE_ORGANISATION, objects["organisation"])


# Programmes of a sector's training centre ----------------------------------------------

PROGRAMME_ACTIONS = [
    (catalogue_rules.CREATE_PROGRAMME, "sector_centre"),
    (catalogue_rules.CHANGE_PROGRAMME, "sector_programme"),
    (catalogue_rules.IMPORT_PROGRAMMES, "sector_centre"),
]


@pytest.mark.parametrize(("action", "obj_key"), PROGRAMME_ACTIONS)
def test_admins_of_another_sector_or_provider_may_not_maintain_a_sector_centre(
    objects, action, obj_key
):
    other_sector_admin = make_member(Role.SECTOR_ADMIN)
    other_provider_admin = make_member(Role.PROVIDER_ADMIN)
    for outsider in (other_sector_admin, other_provider_admin):
        assert not policy.can(outsider, action, objects[obj_key])


@pytest.mark.parametrize(("action", "obj_key"), PROGRAMME_ACTIONS)
def test_only_active_sector_admins_of_the_sector_maintain_its_centre(
    world, objects, action, obj_key
):
    sector = objects["sector_centre"].organisation
    coach = make_member(Role.COACH, sector)
    applicant = make_member(Role.SECTOR_ADMIN, sector)
    applicant.memberships.update(status=MembershipStatus.PENDING)
    for person in (coach, fresh(applicant)):
        assert not policy.can(person, action, objects[obj_key])


def test_sector_and_provider_admins_without_a_provider_have_no_offer_to_manage():
    for role in (Role.SECTOR_ADMIN, Role.PROVIDER_ADMIN):
        assert not policy.can(make_member(role), catalogue_rules.MANAGE_PROGRAMMES)


# VIEW_PERSONAL_DATA in detail --------------------------------------------------------


def fresh(user: User) -> User:
    """The same person as a new request sees them (no cached memberships)."""
    return User.objects.get(pk=user.pk)


def may_see(user: User, learner: User, scope: str = ConsentScope.PROFILE) -> bool:
    return policy.can(fresh(user), policy.VIEW_PERSONAL_DATA, policy.PersonalData(learner, scope))


def consent_to(world, kind: str, scope: str):
    return services.give_consent_through_link(
        world.learner, world.learner.learner_links.get(kind=kind), scope=scope
    )


@pytest.mark.parametrize("scope", ConsentScope.values)
def test_learner_self_and_linked_coach_and_mentor_see_every_scope(world, scope):
    for role in (Role.LEARNER, Role.COACH, Role.MENTOR):
        assert may_see(world.user(role), world.learner, scope)


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.TEACHER, LinkKind.TEACHER),
        (Role.EMPLOYER_HR, LinkKind.EMPLOYER),
        (Role.REFERRER, LinkKind.REFERRER),
    ],
)
def test_teacher_employer_and_referrer_see_only_consented_scopes_until_withdrawal(
    world, role, kind
):
    viewer = world.user(role)
    assert not may_see(viewer, world.learner, ConsentScope.ASSESSMENTS)
    consent = consent_to(world, kind, ConsentScope.ASSESSMENTS)
    assert may_see(viewer, world.learner, ConsentScope.ASSESSMENTS)
    assert not may_see(viewer, world.learner, ConsentScope.INSTRUMENTS)
    services.withdraw_consent(world.learner, consent)
    assert not may_see(viewer, world.learner, ConsentScope.ASSESSMENTS)


def test_consent_to_the_employer_covers_its_hr_but_not_another_employer(world):
    consent_to(world, LinkKind.EMPLOYER, ConsentScope.PLANS)
    colleague_hr = make_member(Role.EMPLOYER_HR, world.employer)
    other_hr = make_member(Role.EMPLOYER_HR, make_organisation(OrganisationKind.EMPLOYER))
    assert may_see(colleague_hr, world.learner, ConsentScope.PLANS)
    assert not may_see(other_hr, world.learner, ConsentScope.PLANS)


def test_mentor_of_the_employer_does_not_see_through_the_employer_consent(world):
    consent_to(world, LinkKind.EMPLOYER, ConsentScope.PLANS)
    unlinked_mentor = make_member(Role.MENTOR, world.employer)
    assert not may_see(unlinked_mentor, world.learner, ConsentScope.PLANS)


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MENTOR])
def test_a_linked_teacher_who_is_no_hr_of_the_employer_does_not_see_through_its_consent(
    world, role
):
    # The teacher also works at the employer, but not as HR: the consent to the
    # employer is for its HR, not for every member.
    teacher = world.user(Role.TEACHER)
    Membership.objects.create(
        user=teacher, organisation=world.employer, role=role, status=MembershipStatus.ACTIVE
    )
    consent_to(world, LinkKind.EMPLOYER, ConsentScope.PLANS)
    assert not may_see(teacher, world.learner, ConsentScope.PLANS)
    assert not policy.has_active_consent(world.learner, ConsentScope.PLANS, fresh(teacher))


def test_hr_of_a_former_employer_does_not_see_through_its_old_consent(world):
    # Hilde is HR at the current employer and at a former one that still holds a consent.
    hr = world.user(Role.EMPLOYER_HR)
    former = make_organisation(OrganisationKind.EMPLOYER)
    Membership.objects.create(
        user=hr, organisation=former, role=Role.EMPLOYER_HR, status=MembershipStatus.ACTIVE
    )
    old_link = link(world.learner, LinkKind.EMPLOYER, organisation=former)
    services.give_consent_through_link(world.learner, old_link, scope=ConsentScope.PLANS)
    old_link.ended_on = timezone.localdate() - timedelta(days=1)
    old_link.save()
    assert not may_see(hr, world.learner, ConsentScope.PLANS)


@pytest.mark.parametrize(
    "role", [Role.COACH, Role.TEACHER, Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.LEARNER]
)
def test_unlinked_people_see_nothing(world, role):
    assert not may_see(make_member(role, world.provider), world.learner)


def test_platform_admins_and_superusers_see_nothing(world):
    consent_to(world, LinkKind.TEACHER, ConsentScope.PROFILE)
    superuser = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    assert not may_see(world.user(Role.PLATFORM_ADMIN), world.learner)
    assert not may_see(superuser, world.learner)


@pytest.mark.parametrize(
    ("role", "kind"), [(Role.COACH, LinkKind.COACH), (Role.TEACHER, LinkKind.TEACHER)]
)
def test_ended_links_give_nothing_even_with_consent_left_active(world, role, kind):
    consent_to(world, kind, ConsentScope.PROFILE)
    world.learner.learner_links.filter(kind=kind).update(
        ended_on=timezone.localdate() - timedelta(days=1)
    )
    assert not may_see(world.user(role), world.learner)
    assert not policy.can(fresh(world.user(role)), policy.VIEW_LEARNER, world.learner)


def test_link_that_has_not_started_gives_nothing(world):
    future_coach = make_member(Role.COACH, world.provider)
    future = link(world.learner, LinkKind.COACH, person=future_coach)
    future.started_on = timezone.localdate() + timedelta(days=7)
    future.save()
    assert not may_see(future_coach, world.learner)


def test_anonymous_sees_nothing(world):
    data = policy.PersonalData(world.learner, ConsentScope.PROFILE)
    assert not policy.can(AnonymousUser(), policy.VIEW_PERSONAL_DATA, data)
    assert policy.visible_personal_data_scopes(AnonymousUser(), world.learner) == set()
