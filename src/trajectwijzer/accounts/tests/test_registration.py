import re
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import (
    Membership,
    MembershipStatus,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.testing import PASSWORD, make_member, make_organisation

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Spring-Meadow-Lantern-42"


def registration_data(organisation, **overrides):
    data = {
        "full_name": "Nora Nieuw",
        "email": "Nora.Nieuw@example.org",
        "password": NEW_PASSWORD,
        "password_confirmation": NEW_PASSWORD,
        "preferred_language": "fr",
        "organisation": organisation.pk,
        "role": Role.LEARNER,
    }
    return {**data, **overrides}


@pytest.fixture
def provider():
    return make_organisation(OrganisationKind.PROVIDER, name="Hogeschool West")


def test_register_page_offers_only_organisations_that_accept_registrations(client, provider):
    closed = make_organisation(OrganisationKind.PROVIDER, accepts_registrations=False)
    response = client.get(reverse("accounts:register"))
    assert response.status_code == 200
    offered = list(response.context["form"].fields["organisation"].queryset)
    assert provider in offered
    assert closed not in offered


def test_registration_creates_inactive_account_and_mails_the_admins(
    client, provider, django_capture_on_commit_callbacks
):
    admin = make_member(Role.PROVIDER_ADMIN, provider, preferred_language="en")
    make_member(Role.TEACHER, provider)  # not an admin: gets no mail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register"), registration_data(provider))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get(email="nora.nieuw@example.org")
    assert not user.is_active
    assert user.preferred_language == "fr"
    membership = user.memberships.get()
    assert (membership.organisation, membership.role) == (provider, Role.LEARNER)
    assert membership.status == MembershipStatus.PENDING

    assert [message.to for message in mail.outbox] == [[admin.email]]
    message = mail.outbox[0]
    assert "Nora Nieuw" in message.subject
    assert "http://testserver" + reverse("accounts:pending") in message.body
    assert message.extra_headers["Content-Language"] == "en"


def test_registration_done_page_says_it_awaits_validation(client):
    response = client.get(reverse("accounts:register_done"))
    assert response.status_code == 200
    assert b"waiting for validation" in response.content


def test_registration_at_organisation_without_admins_mails_platform_admins(
    provider, django_capture_on_commit_callbacks
):
    platform_admin = make_member(Role.PLATFORM_ADMIN, preferred_language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(
            email="x@example.org",
            full_name="X",
            password=NEW_PASSWORD,
            organisation=provider,
            role=Role.COACH,
        )
    assert [message.to for message in mail.outbox] == [[platform_admin.email]]


def test_each_admin_gets_the_mail_in_their_own_language(
    provider, django_capture_on_commit_callbacks
):
    make_member(Role.PROVIDER_ADMIN, provider, preferred_language="fr")
    make_member(Role.TEACHER, provider, is_admin=True, preferred_language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(
            email="y@example.org",
            full_name="Y",
            password=NEW_PASSWORD,
            organisation=provider,
            role=Role.LEARNER,
        )
    assert sorted(m.extra_headers["Content-Language"] for m in mail.outbox) == ["fr", "nl"]


def test_role_that_does_not_fit_the_organisation_is_refused_naming_allowed_roles(client):
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Bakkerij Janssens")
    response = client.post(
        reverse("accounts:register"), registration_data(employer, role=Role.TEACHER)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["role"]
    assert len(errors) == 1
    assert "Teacher" in errors[0]
    assert "Bakkerij Janssens" in errors[0]
    assert "Learner, Employer (HR), Workplace mentor" in errors[0]
    assert not User.objects.filter(email="nora.nieuw@example.org").exists()
    # The error summary links to the field.
    assert b'href="#id_role"' in response.content


def test_all_problems_are_reported_together(client):
    employer = make_organisation(OrganisationKind.EMPLOYER)
    make_member(Role.LEARNER, email="taken@example.org")
    response = client.post(
        reverse("accounts:register"),
        registration_data(
            employer,
            role=Role.COACH,
            email="Taken@example.org",
            password="1234567890",
            password_confirmation="1234567890",
        ),
    )
    # Whether the address has an account is not one of the problems (see below).
    assert set(response.context["form"].errors) == {"role", "password"}


def test_an_address_longer_than_an_account_holds_is_refused_on_the_email_field(client, provider):
    # Valid syntax, 312 characters: the form's EmailField accepts up to 320, the account
    # holds 254 and PostgreSQL refused the insert with a 500.
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com"
    response = client.post(reverse("accounts:register"), registration_data(provider, email=email))
    assert response.status_code == 200
    assert "at most 254 characters" in str(response.context["form"].errors["email"])
    assert not User.objects.exists()
    with pytest.raises(ValidationError) as raised:
        services.register(
            email=email,
            full_name="Z",
            password=NEW_PASSWORD,
            organisation=provider,
            role=Role.LEARNER,
        )
    assert "email" in raised.value.message_dict


def test_passwords_must_match(client, provider):
    response = client.post(
        reverse("accounts:register"),
        registration_data(provider, password_confirmation="Something-Else-123"),
    )
    assert "password_confirmation" in response.context["form"].errors
    assert not User.objects.filter(email="nora.nieuw@example.org").exists()


def test_organisation_that_does_not_accept_registrations_is_refused(client):
    closed = make_organisation(OrganisationKind.PROVIDER, accepts_registrations=False)
    response = client.post(reverse("accounts:register"), registration_data(closed))
    assert "organisation" in response.context["form"].errors
    with pytest.raises(Exception, match="does not accept registrations"):
        services.register(
            email="z@example.org",
            full_name="Z",
            password=NEW_PASSWORD,
            organisation=closed,
            role=Role.LEARNER,
        )


def test_logged_in_person_is_sent_home_from_register(client):
    client.force_login(make_member(Role.LEARNER))
    response = client.get(reverse("accounts:register"))
    assert response.status_code == 302


def test_stored_password_uses_argon2(real_password_hashing, client, provider):
    client.post(reverse("accounts:register"), registration_data(provider))
    user = User.objects.get(email="nora.nieuw@example.org")
    assert user.password.startswith("argon2")
    assert user.check_password(NEW_PASSWORD)


# Validation: the whole COMPAS flow --------------------------------------------------


def test_register_validate_then_log_in(client, provider, django_capture_on_commit_callbacks):
    admin = make_member(Role.PROVIDER_ADMIN, provider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:register"), registration_data(provider))
    login = {"username": "nora.nieuw@example.org", "password": NEW_PASSWORD}

    response = client.post(reverse("accounts:login"), login)
    assert "waiting for validation" in str(response.context["form"].non_field_errors())

    membership = Membership.objects.get(user__email="nora.nieuw@example.org")
    admin_client = Client()
    admin_client.force_login(admin)
    pending_page = admin_client.get(reverse("accounts:pending"))
    assert list(pending_page.context["memberships"]) == [membership]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:decide", args=[membership.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.decided_by == admin
    assert [m.to for m in mail.outbox] == [["nora.nieuw@example.org"]]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"
    assert "http://testserver" + reverse("accounts:login") in mail.outbox[0].body

    response = client.post(reverse("accounts:login"), login)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(membership.user_id)


def test_rejected_person_hears_it_by_mail_and_at_login(
    client, provider, django_capture_on_commit_callbacks
):
    admin = make_member(Role.PROVIDER_ADMIN, provider)
    membership = services.register(
        email="r@example.org",
        full_name="Rejected Person",
        password=NEW_PASSWORD,
        organisation=provider,
        role=Role.LEARNER,
        preferred_language="nl",
    )
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:decide", args=[membership.pk]), {"decision": "reject"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert [m.to for m in mail.outbox] == [["r@example.org"]]
    # The e-mail speaks the person's language, whatever the admin's screen shows.
    assert "niet aanvaard" in mail.outbox[0].subject
    assert mail.outbox[0].extra_headers["Content-Language"] == "nl"

    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "r@example.org", "password": NEW_PASSWORD}
    )
    errors = str(response.context["form"].non_field_errors())
    assert "not accepted" in errors
    assert "waiting for validation" not in errors


# The pending page: who sees and decides ------------------------------------------------


@pytest.fixture
def two_pending(provider):
    other = make_organisation(OrganisationKind.PROVIDER, name="CVO Noord")
    ours = services.register(
        email="ours@example.org",
        full_name="Ours",
        password=NEW_PASSWORD,
        organisation=provider,
        role=Role.LEARNER,
    )
    theirs = services.register(
        email="theirs@example.org",
        full_name="Theirs",
        password=NEW_PASSWORD,
        organisation=other,
        role=Role.LEARNER,
    )
    return ours, theirs


def test_admin_sees_only_registrations_of_their_organisations(client, provider, two_pending):
    ours, _theirs = two_pending
    client.force_login(make_member(Role.PROVIDER_ADMIN, provider))
    response = client.get(reverse("accounts:pending"))
    assert response.status_code == 200
    assert list(response.context["memberships"]) == [ours]
    assert b"Theirs" not in response.content


def test_platform_admin_sees_all_registrations(client, two_pending):
    client.force_login(make_member(Role.PLATFORM_ADMIN))
    response = client.get(reverse("accounts:pending"))
    assert set(response.context["memberships"]) == set(two_pending)


def test_member_made_admin_of_the_employer_may_validate(client):
    employer = make_organisation(OrganisationKind.EMPLOYER)
    hr = make_member(Role.EMPLOYER_HR, employer, is_admin=True)
    colleague = services.register(
        email="c@example.org",
        full_name="C",
        password=NEW_PASSWORD,
        organisation=employer,
        role=Role.MENTOR,
    )
    client.force_login(hr)
    assert list(client.get(reverse("accounts:pending")).context["memberships"]) == [colleague]
    client.post(reverse("accounts:decide", args=[colleague.pk]), {"decision": "approve"})
    colleague.refresh_from_db()
    assert colleague.status == MembershipStatus.ACTIVE


@pytest.mark.parametrize("role", [Role.LEARNER, Role.TEACHER, Role.COACH])
def test_non_admins_can_neither_see_nor_decide(client, provider, two_pending, role):
    ours, _theirs = two_pending
    client.force_login(make_member(role, provider))
    assert client.get(reverse("accounts:pending")).status_code == 403
    response = client.post(reverse("accounts:decide", args=[ours.pk]), {"decision": "approve"})
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.status == MembershipStatus.PENDING


def test_admin_cannot_decide_for_another_organisation(client, provider, two_pending):
    _ours, theirs = two_pending
    client.force_login(make_member(Role.PROVIDER_ADMIN, provider))
    response = client.post(reverse("accounts:decide", args=[theirs.pk]), {"decision": "approve"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == MembershipStatus.PENDING
    assert not theirs.user.is_active


def test_deciding_twice_says_it_was_decided_already(client, provider, two_pending):
    ours, _theirs = two_pending
    client.force_login(make_member(Role.PROVIDER_ADMIN, provider))
    url = reverse("accounts:decide", args=[ours.pk])
    client.post(url, {"decision": "approve"})
    response = client.post(url, {"decision": "reject"}, follow=True)
    assert "already been decided" in response.content.decode()
    ours.refresh_from_db()
    assert ours.status == MembershipStatus.ACTIVE


def test_decision_needs_post_with_csrf_token_and_a_known_decision(provider, two_pending):
    ours, _theirs = two_pending
    admin = make_member(Role.PROVIDER_ADMIN, provider)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    url = reverse("accounts:decide", args=[ours.pk])
    assert strict.get(url).status_code == 405
    assert strict.post(url, {"decision": "approve"}).status_code == 403
    page = strict.get(reverse("accounts:pending")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert strict.post(url, {"decision": "maybe", "csrfmiddlewaretoken": token}).status_code == 400
    response = strict.post(url, {"decision": "approve", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == MembershipStatus.ACTIVE


def test_nobody_decides_their_own_registration(provider):
    admin = make_member(Role.PROVIDER_ADMIN, provider)
    own = Membership.objects.create(
        user=admin, organisation=provider, role=Role.TEACHER, status=MembershipStatus.PENDING
    )
    assert own not in services.pending_memberships_for(admin)
    with pytest.raises(Exception, match="decide_membership"):
        services.decide_membership(admin, own, approve=True)


# Registration does not reveal who has an account ----------------------------------


def without_csrf_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_registering_with_a_taken_address_answers_exactly_as_for_a_new_one(
    provider, django_capture_on_commit_callbacks
):
    admin = make_member(Role.PROVIDER_ADMIN, provider)
    owner = make_member(Role.TEACHER, email="nora.nieuw@example.org", preferred_language="fr")
    answers = []
    for email in ("Nora.Nieuw@example.org", "someone.new@example.org"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:register"), registration_data(provider, email=email), follow=True
            )
        answers.append(
            (response.redirect_chain, response.status_code, without_csrf_tokens(response.content))
        )
    assert answers[0] == answers[1]
    assert answers[0][0] == [(reverse("accounts:register_done"), 302)]

    # Nothing was made or changed for the taken address …
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert list(owner.memberships.values_list("role", flat=True)) == [Role.TEACHER]
    assert User.objects.filter(email__iexact="nora.nieuw@example.org").count() == 1
    # … but its owner hears about it, in their own language, with the way back in.
    to_owner = [m for m in mail.outbox if m.to == ["nora.nieuw@example.org"]]
    assert len(to_owner) == 1
    assert to_owner[0].extra_headers["Content-Language"] == "fr"
    assert to_owner[0].subject == "Quelqu'un a essayé de s'inscrire avec votre adresse e-mail"
    assert "http://testserver" + reverse("accounts:login") in to_owner[0].body
    assert "http://testserver" + reverse("accounts:password_reset") in to_owner[0].body
    assert NEW_PASSWORD not in to_owner[0].body
    # The admins hear only of the real registration.
    to_admin = [m for m in mail.outbox if m.to == [admin.email]]
    assert len(to_admin) == 1
    assert "someone.new@example.org" in to_admin[0].body


def test_both_answers_hash_the_password_once(provider):
    make_member(Role.LEARNER, email="taken@example.org")
    hashings = []
    original = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        hashings.append(password)
        return original(self, password, salt)

    with mock.patch.object(MD5PasswordHasher, "encode", counting_encode):
        for email in ("taken@example.org", "free@example.org"):
            hashings.clear()
            result = services.register(
                email=email,
                full_name="Nora Nieuw",
                password=NEW_PASSWORD,
                organisation=provider,
                role=Role.LEARNER,
            )
            assert hashings == [NEW_PASSWORD], email
            assert (result is None) == (email == "taken@example.org")


# Which roles a person may ask for --------------------------------------------------


def option_values(content: str, select_name: str) -> list[str]:
    select = re.search(rf'<select name="{select_name}".*?</select>', content, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_page_never_offers_platform_administrator_nor_the_platform(client, provider):
    platform = make_organisation(OrganisationKind.PLATFORM, name="Trajectwijzer beheer")
    assert platform.accepts_registrations  # the default: the page must not rely on it
    content = client.get(reverse("accounts:register")).content.decode()
    assert Role.PLATFORM_ADMIN not in option_values(content, "role")
    assert str(platform.pk) not in option_values(content, "organisation")
    assert str(provider.pk) in option_values(content, "organisation")


def test_each_organisation_names_the_roles_one_can_ask_for_there(client, provider):
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Bakkerij Janssens")
    referrer = make_organisation(OrganisationKind.REFERRER, name="OCMW Gent")
    content = client.get(reverse("accounts:register")).content.decode()

    def roles_of(organisation):
        option = re.search(rf'<option value="{organisation.pk}"[^>]*>', content).group(0)
        return re.search(r'data-roles="([^"]*)"', option).group(1).split()

    assert roles_of(provider) == ["learner", "coach", "teacher", "assessor", "provider_admin"]
    assert roles_of(employer) == ["learner", "employer_hr", "mentor"]
    assert roles_of(referrer) == ["referrer"]
    # The role follows the organisation through a script file, never an inline script.
    assert '<script src="/static/trajectwijzer/registration-roles.js" defer></script>' in content
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", content)


def test_a_crafted_platform_administrator_request_is_refused_on_the_role_field(client, provider):
    response = client.post(
        reverse("accounts:register"), registration_data(provider, role=Role.PLATFORM_ADMIN)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["role"]
    assert errors == [
        "“Platform administrator” is not a role you can ask for at Hogeschool West "
        "(Training provider). Choose one of: Learner, Trajectory coach, Teacher, "
        "Assessor (recognition), Provider administrator."
    ]
    assert not User.objects.filter(email="nora.nieuw@example.org").exists()


def test_a_crafted_request_for_the_platform_organisation_is_refused(client):
    platform = make_organisation(OrganisationKind.PLATFORM)
    response = client.post(
        reverse("accounts:register"), registration_data(platform, role=Role.PLATFORM_ADMIN)
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(email="nora.nieuw@example.org").exists()


def test_an_unknown_role_is_refused_on_the_role_field(client, provider):
    response = client.post(reverse("accounts:register"), registration_data(provider, role="king"))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.exists()


def test_the_service_refuses_platform_administrator_for_every_caller(provider):
    platform = make_organisation(OrganisationKind.PLATFORM)
    for organisation, field in ((provider, "role"), (platform, "organisation")):
        with pytest.raises(ValidationError) as raised:
            services.register(
                email="x@example.org",
                full_name="X",
                password=NEW_PASSWORD,
                organisation=organisation,
                role=Role.PLATFORM_ADMIN,
            )
        assert field in raised.value.message_dict
    assert not User.objects.filter(email="x@example.org").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_role_choice_follows_the_organisation_in_the_browser(page):
    referrer = make_organisation(OrganisationKind.REFERRER, name="OCMW Gent")
    employer = make_organisation(OrganisationKind.EMPLOYER, name="Bakkerij Janssens")
    page.goto(reverse("accounts:register"))

    def offered_roles():
        return page.eval_on_selector_all(
            "#id_role option", "options => options.filter(o => !o.disabled).map(o => o.value)"
        )

    page.select_option("#id_organisation", str(employer.pk))
    assert offered_roles() == ["learner", "employer_hr", "mentor"]
    page.select_option("#id_role", "mentor")
    page.select_option("#id_organisation", str(referrer.pk))
    assert offered_roles() == ["referrer"]
    assert page.input_value("#id_role") == "referrer"
