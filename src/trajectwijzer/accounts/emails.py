"""E-mails about registrations, each written in its recipient's preferred language.

Subjects and bodies are templates under ``accounts/emails/``; a message is rendered
inside ``translation.override`` so every person reads it in their own language,
whatever the language of the request that caused it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Membership, MembershipStatus, Organisation, User


def _message(recipient: User, template_prefix: str, context: dict) -> EmailMessage:
    with translation.override(recipient.preferred_language):
        context = {**context, "recipient": recipient}
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        body = render_to_string(f"{template_prefix}_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        # Tells mail clients (and screen readers) which language the text is in.
        headers={"Content-Language": recipient.preferred_language},
    )


def send_registration_waiting(
    membership: Membership, admins: Iterable[User], *, site_url: str = ""
) -> int:
    """Tell the organisation's admins that a registration waits for their validation."""
    context = {
        "membership": membership,
        "person": membership.user,
        "organisation": membership.organisation,
        "pending_url": site_url.rstrip("/") + reverse("accounts:pending"),
    }
    messages = [
        _message(admin, "accounts/emails/registration_waiting", context) for admin in admins
    ]
    return get_connection().send_messages(messages) or 0


def send_registration_for_existing_account(
    owner: User, organisation: Organisation, *, site_url: str = ""
) -> int:
    """Tell an account's owner that someone registered with their address again.

    The registration page answers the same as for a new address, so that it does not
    reveal who has an account; only the owner learns it, here, with the way back in.
    """
    site_url = site_url.rstrip("/")
    context = {
        "organisation": organisation,
        "login_url": site_url + reverse("accounts:login"),
        "password_reset_url": site_url + reverse("accounts:password_reset"),
    }
    return _message(owner, "accounts/emails/registration_existing_account", context).send()


def send_membership_decided(membership: Membership, *, site_url: str = "") -> int:
    """Tell the person whether their registration was validated or rejected."""
    template = (
        "accounts/emails/membership_approved"
        if membership.status == MembershipStatus.ACTIVE
        else "accounts/emails/membership_rejected"
    )
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "login_url": site_url.rstrip("/") + reverse("accounts:login"),
    }
    return _message(membership.user, template, context).send()
