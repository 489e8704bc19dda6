"""Use cases for people, organisations, memberships, consent and API tokens.

Views, the API and commands call these functions; they hold the rules, check the
policy where an actor is involved, and change state in one transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import policy
from .models import (
    ROLES_BY_ORGANISATION_KIND,
    ApiToken,
    Consent,
    LoginFailure,
    Membership,
    MembershipStatus,
    Organisation,
    User,
)

# Registration (the COMPAS flow: register → validated by an organisation admin → log in)


@transaction.atomic
def register(
    *,
    email: str,
    full_name: str,
    password: str,
    organisation: Organisation,
    role: str,
    preferred_language: str = "nl",
) -> Membership:
    """Create an inactive account with a pending membership; an org admin validates it."""
    allowed_roles = ROLES_BY_ORGANISATION_KIND.get(organisation.kind, ())
    if role not in allowed_roles:
        raise ValidationError(
            {
                "role": f"Role {role!r} does not exist at a {organisation.kind}; "
                f"allowed: {', '.join(allowed_roles)}."
            }
        )
    if not organisation.accepts_registrations:
        raise ValidationError({"organisation": "This organisation does not accept registrations."})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": "An account with this e-mail address already exists."})
    user = User(
        email=email.strip().lower(),
        full_name=full_name.strip(),
        preferred_language=preferred_language,
        is_active=False,
    )
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    return Membership.objects.create(
        user=user, organisation=organisation, role=role, status=MembershipStatus.PENDING
    )


@transaction.atomic
def decide_membership(actor: User, membership: Membership, *, approve: bool) -> Membership:
    """Validate or reject a pending registration; validation activates the account."""
    policy.require(actor, policy.DECIDE_MEMBERSHIP, membership)
    if membership.status != MembershipStatus.PENDING:
        raise ValidationError({"status": "Only pending registrations can be decided."})
    membership.status = MembershipStatus.ACTIVE if approve else MembershipStatus.REJECTED
    membership.decided_at = timezone.now()
    membership.decided_by = actor
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    user = membership.user
    if approve and not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return membership


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
    existing = Consent.objects.filter(
        learner=learner,
        scope=scope,
        recipient_user=recipient_user,
        recipient_organisation=recipient_organisation,
        withdrawn_at__isnull=True,
    ).first()
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


def withdraw_consent(actor: User, consent: Consent) -> Consent:
    if not policy.can(actor, policy.MANAGE_CONSENT, consent.learner):
        raise PermissionDenied("Only the learner can withdraw their consent.")
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
    return consent


# Login throttling ---------------------------------------------------------------


def _throttle_window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def login_is_throttled(email: str, ip_address: str | None) -> bool:
    since = _throttle_window_start()
    limit = settings.LOGIN_THROTTLE_MAX_FAILURES
    failures = LoginFailure.objects.filter(at__gte=since)
    if failures.filter(email=email.strip().lower()).count() >= limit:
        return True
    # A single address may try more accounts, but not endlessly.
    return bool(ip_address) and failures.filter(ip_address=ip_address).count() >= limit * 4


def record_login_failure(email: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(email=email.strip().lower()[:254], ip_address=ip_address)


def clear_login_failures(email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


# API tokens ---------------------------------------------------------------------


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Return the token and its secret key; the key is shown once and never stored."""
    key = "tw_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=_hash_key(key), prefix=key[:8])
    return token, key


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
