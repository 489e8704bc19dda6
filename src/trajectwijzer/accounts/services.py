"""Use cases for people, organisations, memberships, consent and API tokens.

Views, the API and commands call these functions; they hold the rules, check the
policy where an actor is involved, and change state in one transaction.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails, policy
from .models import (
    ADMIN_ROLES,
    REGISTRATION_ROLES_BY_ORGANISATION_KIND,
    ApiToken,
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

# Registration (the COMPAS flow: register → validated by an organisation admin → log in)


def organisations_open_to_registration():
    """Where people can ask to join: organisations that accept it, never the platform."""
    return Organisation.objects.filter(
        accepts_registrations=True, kind__in=list(REGISTRATION_ROLES_BY_ORGANISATION_KIND)
    ).order_by("name")


def registration_role_misfit(organisation: Organisation, role: str) -> str | None:
    """Why a person cannot ask for ``role`` at ``organisation`` (naming what they can), or None."""
    allowed_roles = REGISTRATION_ROLES_BY_ORGANISATION_KIND.get(organisation.kind, ())
    if role in allowed_roles:
        return None
    return _(
        "“%(role)s” is not a role you can ask for at %(organisation)s (%(kind)s). "
        "Choose one of: %(allowed)s."
    ) % {
        "role": Role(role).label if role in Role.values else role,
        "organisation": organisation.name,
        "kind": organisation.get_kind_display(),
        "allowed": ", ".join(str(Role(r).label) for r in allowed_roles),
    }


def registration_problems(
    *,
    email: str | None,
    full_name: str | None,
    password: str | None,
    organisation: Organisation | None,
    role: str | None,
) -> dict[str, list[str]]:
    """Everything that stops a registration, per field; checks needing a missing value skip.

    Forms call this to show all problems in one round; ``register`` calls it for
    every caller, so the rules live here only. Whether the address already has an
    account is none of them: that must not show (``register`` tells the owner).
    """
    problems: dict[str, list[str]] = {}
    if organisation is not None:
        if not organisations_open_to_registration().filter(pk=organisation.pk).exists():
            problems["organisation"] = [_("This organisation does not accept registrations.")]
        elif role and (misfit := registration_role_misfit(organisation, role)):
            problems["role"] = [misfit]
    if email:
        try:
            # The model's own rules (address syntax, at most 254 characters): a longer
            # address passes a form's EmailField and the database refuses it.
            User._meta.get_field("email").run_validators(email.strip())
        except ValidationError as error:
            problems["email"] = error.messages
    if password:
        # Compared with the name and address the person gives (similarity check).
        candidate = User(email=(email or "").strip().lower(), full_name=(full_name or "").strip())
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            problems["password"] = error.messages
    return problems


@transaction.atomic
def register(
    *,
    email: str,
    full_name: str,
    password: str,
    organisation: Organisation,
    role: str,
    preferred_language: str = "nl",
    site_url: str = "",
) -> Membership | None:
    """Create an inactive account with a pending membership; an org admin validates it.

    Once the registration is committed, the organisation's admins get an e-mail with
    a link to the pending page on ``site_url``.

    If the address already has an account, nothing is created and the caller learns
    nothing it could show (None, where it would show "registration received" all
    the same): the account's owner gets an e-mail instead, so only they find out.
    The password is hashed in both cases, so the answer takes as long either way.
    """
    problems = registration_problems(
        email=email, full_name=full_name, password=password, organisation=organisation, role=role
    )
    if problems:
        raise ValidationError(problems)
    email = email.strip().lower()
    user = User(
        email=email,
        full_name=full_name.strip(),
        preferred_language=preferred_language,
        is_active=False,
    )
    user.set_password(password)  # before knowing whether the address is taken: see above
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # registered at the same moment by a parallel request
            existing = User.objects.filter(email__iexact=email).first()
            if existing is None:
                raise
    if existing is not None:
        transaction.on_commit(
            lambda: emails.send_registration_for_existing_account(
                existing, organisation, site_url=site_url
            )
        )
        return None
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, status=MembershipStatus.PENDING
    )
    transaction.on_commit(
        lambda: emails.send_registration_waiting(
            membership, organisation_admins(organisation), site_url=site_url
        )
    )
    return membership


def organisation_admins(organisation: Organisation) -> list[User]:
    """Who validates registrations for ``organisation``: its admins, else platform admins.

    Without the fallback a registration at an organisation that has no admin yet
    would wait unseen; platform admins see every pending registration anyway.
    """
    admin_membership = Q(role__in=ADMIN_ROLES) | Q(is_admin=True)
    admins = User.objects.filter(
        is_active=True,
        memberships__in=Membership.objects.filter(
            admin_membership, organisation=organisation, status=MembershipStatus.ACTIVE
        ),
    ).distinct()
    if admins.exists():
        return list(admins)
    return list(
        User.objects.filter(
            Q(is_superuser=True)
            | Q(
                memberships__role=Role.PLATFORM_ADMIN,
                memberships__status=MembershipStatus.ACTIVE,
            ),
            is_active=True,
        ).distinct()
    )


@transaction.atomic
def decide_membership(
    actor: User, membership: Membership, *, approve: bool, site_url: str = ""
) -> Membership:
    """Validate or reject a pending registration; validation activates the account.

    The person hears the decision by e-mail, with a login link on ``site_url``.
    """
    policy.require(actor, policy.DECIDE_MEMBERSHIP, membership)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError({"status": _("Only pending registrations can be decided.")})
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    user = membership.user
    if approve and not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    transaction.on_commit(lambda: emails.send_membership_decided(membership, site_url=site_url))
    return membership


# The link kind a membership role carries: a coach's membership carries their coach
# links, and so on. Employer links name the organisation, not a person: ending an HR
# membership ends no link (the policy stops counting that person as the employer's HR).
LINK_KIND_OF_ROLE = {
    Role.COACH: LinkKind.COACH,
    Role.MENTOR: LinkKind.MENTOR,
    Role.TEACHER: LinkKind.TEACHER,
    Role.REFERRER: LinkKind.REFERRER,
}


@transaction.atomic
def end_membership(actor: User, membership: Membership, *, on=None) -> Membership:
    """End an active membership and the learner links it carried, in one transaction.

    The links current today end on ``on`` (today by default): those naming the membership's
    organisation, and those naming no organisation unless the person still holds the
    role elsewhere. The policy already stops counting a link whose person no longer
    holds the role; ending the links keeps the record saying so too. Who ended what and
    when is written to the admin history of the membership and of each link (Django's
    LogEntry, shown under "History"); ``decided_by``/``decided_at`` keep the validation.
    """
    policy.require(actor, policy.END_MEMBERSHIP, membership)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"status": _("Only active memberships can be ended.")})
    on = on or timezone.localdate()
    carried_links: list[int] = []
    kind = LINK_KIND_OF_ROLE.get(membership.role)
    if kind is not None:
        carried = Q(organisation=membership.organisation)
        held_elsewhere = (
            Membership.objects.filter(
                user=membership.user_id, role=membership.role, status=MembershipStatus.ACTIVE
            )
            .exclude(pk=membership.pk)
            .exists()
        )
        if not held_elsewhere:
            carried |= Q(organisation__isnull=True)
        # Asked before the membership ends: afterwards current() no longer counts them.
        carried_links = list(
            LearnerLink.objects.current()
            .filter(carried, person=membership.user_id, kind=kind)
            .values_list("pk", flat=True)
        )
    membership.status = MembershipStatus.ENDED
    membership.save(update_fields=["status"])
    ended = LearnerLink.objects.filter(pk__in=carried_links)
    # A link that started after ``on`` ends the day it started (never before it began).
    ended.update(ended_on=Greatest(Value(on), F("started_on")))
    _audit_change(actor, Membership.objects.filter(pk=membership.pk), "status")
    _audit_change(actor, ended, "ended_on")
    return membership


def _audit_change(actor: User, changed, field: str) -> None:
    """One admin-history line per changed object, in the admin's own message format."""
    if changed.exists():
        LogEntry.objects.log_actions(
            actor.pk, changed, CHANGE, change_message=[{"changed": {"fields": [field]}}]
        )


def awaits_validation(user: User) -> bool:
    return Membership.objects.filter(user=user, status=MembershipStatus.PENDING).exists()


def pending_memberships_for(actor: User):
    """Registrations the actor may decide on, oldest first."""
    orgs = policy.administered_organisations(actor)
    queryset = Membership.objects.filter(status=MembershipStatus.PENDING).select_related(
        "user", "organisation"
    )
    if not policy.is_platform_admin(actor):
        queryset = queryset.filter(organisation_id__in=orgs).exclude(user=actor)
    return queryset.order_by("requested_at")


# Consent -------------------------------------------------------------------------


@transaction.atomic
def give_consent(
    learner: User,
    *,
    scope: str,
    recipient_user: User | None = None,
    recipient_organisation: Organisation | None = None,
    purpose: str = "",
) -> Consent:
    if (recipient_user is None) == (recipient_organisation is None):
        raise ValidationError(
            {"recipient": "Name exactly one recipient: a person or an organisation."}
        )
    existing = (
        Consent.objects.active()
        .filter(
            learner=learner,
            scope=scope,
            recipient_user=recipient_user,
            recipient_organisation=recipient_organisation,
        )
        .first()
    )
    if existing:
        return existing
    consent = Consent(
        learner=learner,
        scope=scope,
        recipient_user=recipient_user,
        recipient_organisation=recipient_organisation,
        purpose=purpose,
    )
    consent.full_clean()
    consent.save()
    return consent


def give_consent_through_link(
    actor: User, link: LearnerLink, *, scope: str, purpose: str = ""
) -> Consent:
    """The learner shares ``scope`` with someone currently linked to them.

    Consent goes to the linked person, or for an employer link to the organisation
    (its HR members act for it).
    """
    if not policy.can(actor, policy.MANAGE_CONSENT, link.learner):
        raise PermissionDenied("Only the learner can give their consent.")
    if not link.is_current():
        raise ValidationError({"recipient": _("This link has ended; choose a current one.")})
    return give_consent(
        link.learner,
        scope=scope,
        recipient_user=link.person if link.kind != LinkKind.EMPLOYER else None,
        recipient_organisation=link.organisation if link.kind == LinkKind.EMPLOYER else None,
        purpose=purpose,
    )


def withdraw_consent(actor: User, consent: Consent) -> Consent:
    if not policy.can(actor, policy.MANAGE_CONSENT, consent.learner):
        raise PermissionDenied("Only the learner can withdraw their consent.")
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
    return consent


def consents_of(learner: User):
    """Every consent the learner gave, active ones first, newest first within each."""
    return (
        Consent.objects.filter(learner=learner)
        .select_related("recipient_user", "recipient_organisation")
        .order_by(F("withdrawn_at").desc(nulls_first=True), "-given_at")
    )


def consents_given_to(viewer: User, learner: User):
    """The learner's consents naming ``viewer`` or the employer ``viewer`` acts for as HR."""
    organisations = policy.consent_organisations(viewer, learner)
    return consents_of(learner).filter(
        Q(recipient_user=viewer) | Q(recipient_organisation_id__in=organisations)
    )


# Learners and the people around them ----------------------------------------------


def current_links_of(learner: User):
    """The learner's current links, with the people and organisations they name."""
    return (
        LearnerLink.objects.current()
        .filter(learner=learner)
        .select_related("person", "organisation")
        .order_by("kind", "started_on")
    )


@dataclass(frozen=True)
class LinkedLearner:
    """A learner as seen by someone linked to them: how, and which data they may read."""

    learner: User
    link_kinds: tuple[str, ...]
    visible_scopes: tuple[str, ...]

    @property
    def link_labels(self) -> list[str]:
        return [LinkKind(kind).label for kind in self.link_kinds]

    @property
    def visible_scope_labels(self) -> list[str]:
        return [ConsentScope(scope).label for scope in self.visible_scopes]


def linked_learners_for(viewer: User) -> list[LinkedLearner]:
    """Learners currently linked to ``viewer`` in person or, for HR, through the employer."""
    employer_orgs = policy.organisations_with_role(viewer, Role.EMPLOYER_HR)
    links = (
        LearnerLink.objects.current()
        .filter(
            Q(person=viewer) | Q(kind=LinkKind.EMPLOYER, organisation_id__in=employer_orgs),
            learner__is_active=True,
        )
        .select_related("learner")
        .order_by("learner__full_name", "learner__email")
    )
    kinds_by_learner: dict[int, tuple[User, set[str]]] = {}
    for link in links:
        kinds_by_learner.setdefault(link.learner_id, (link.learner, set()))[1].add(link.kind)
    linked = []
    for learner, kinds in kinds_by_learner.values():
        visible = policy.visible_personal_data_scopes(viewer, learner)
        linked.append(
            LinkedLearner(
                learner=learner,
                link_kinds=tuple(sorted(kinds)),
                visible_scopes=tuple(scope for scope in ConsentScope.values if scope in visible),
            )
        )
    return linked


# Profile -------------------------------------------------------------------------


def memberships_of(user: User):
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


# Login throttling (django-axes counts; these tell it who and from where) -------------


def login_username(request, credentials: dict | None) -> str | None:
    """The account a login attempt names, as axes counts it: the address in lower case.

    Without it "Lien@…" and "lien@…" would be two accounts to guess at.
    """
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") or source.get("email")
    return username.strip().lower()[:254] if isinstance(username, str) else None


def client_ip(request) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or the hop our outermost proxy wrote.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies in front of us appends the address it
    was reached from to X-Forwarded-For, and the nearest one is ``REMOTE_ADDR``; so
    the client is the N-th hop from the right. Hops further left are whatever the
    client sent, and a client that sends the header without a trusted proxy changes
    nothing. A chain shorter than N came through fewer proxies: its left-most hop is
    still one a trusted proxy wrote. Anything that is not an address is ignored.
    """
    remote_addr = _ip_address_or_none(request.META.get("REMOTE_ADDR"))
    trusted_proxies = settings.TRUSTED_PROXY_COUNT
    if trusted_proxies <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    return _ip_address_or_none(hops[-min(trusted_proxies, len(hops))]) or remote_addr


def _ip_address_or_none(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def forget_failed_login(request, email: str) -> None:
    """Undo the failure axes counted for a right password of an account not yet active.

    That person knows the password: like a successful login, it clears the count of
    this (account, address) pair, so waiting for validation never ends in a lockout.
    """
    from axes.handlers.proxy import AxesProxyHandler  # axes' models: import on use

    username = login_username(request, {"username": email})
    if username:  # without one, axes would reset every account tried from the address
        AxesProxyHandler.reset_attempts(
            ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
            username=username,
        )


def forget_failed_logins(user: User) -> None:
    """Clear the failures counted for ``user``'s account from every address."""
    from axes.handlers.proxy import AxesProxyHandler  # axes' models: import on use

    username = login_username(None, {"username": user.email})
    if username:  # without one, axes would reset every attempt of everyone
        AxesProxyHandler.reset_attempts(username=username)


# API tokens ---------------------------------------------------------------------


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Return the token and its secret key; the key is shown once and never stored."""
    key = "tw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_hash_key(key), prefix=key[:8])
    return token, key


def api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at"
    )


def revoke_api_token(actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDenied("Only the owner revokes a token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def active_api_tokens_of(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def revoke_all_api_tokens(user: User) -> int:
    """Revoke every token of ``user`` still in use; returns how many.

    Runs after each password change or reset (``models.password_changed``).
    """
    return active_api_tokens_of(user).update(revoked_at=timezone.now())


def user_for_api_key(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
