"""E-mails about registrations, each written in its recipient's preferred language.

Subjects and bodies are templates under ``accounts/emails/``; a message is rendered
inside ``translation.override`` so every person reads it in their own language,
whatever the language of the request that caused it.

Sending happens in a background task (trajectwijzer/tasks.py), enqueued once the
transaction that saved the registration commits: a mail server that is down never
fails the request, and the task is retried. The tasks take ids, not objects, and
render the message when they run.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from trajectwijzer.tasks import enqueue_on_commit, retried_task

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
) -> None:
    """Tell the organisation's admins that a registration waits for their validation."""
    enqueue_on_commit(
        deliver_registration_waiting,
        membership.pk,
        [admin.pk for admin in admins],
        site_url=site_url,
    )


@retried_task
def deliver_registration_waiting(membership_id: int, admin_ids: list[int], site_url: str) -> int:
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    )
    if membership is None:  # erased before the worker got to it: nothing to announce
        return 0
    context = {
        "membership": membership,
        "person": membership.user,
        "organisation": membership.organisation,
        "pending_url": site_url.rstrip("/") + reverse("accounts:pending"),
    }
    admins = User.objects.filter(pk__in=admin_ids, is_active=True).order_by("pk")
    messages = [
        _message(admin, "accounts/emails/registration_waiting", context) for admin in admins
    ]
    return get_connection().send_messages(messages) or 0


def send_registration_for_existing_account(
    owner: User, organisation: Organisation, *, site_url: str = ""
) -> None:
    """Tell an account's owner that someone registered with their address again.

    The registration page answers the same as for a new address, so that it does not
    reveal who has an account; only the owner learns it, here, with the way back in.
    """
    enqueue_on_commit(
        deliver_registration_for_existing_account, owner.pk, organisation.pk, site_url=site_url
    )


@retried_task
def deliver_registration_for_existing_account(
    owner_id: int, organisation_id: int, site_url: str
) -> int:
    owner = User.objects.filter(pk=owner_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if owner is None or organisation is None:
        return 0
    site_url = site_url.rstrip("/")
    context = {
        "organisation": organisation,
        "login_url": site_url + reverse("accounts:login"),
        "password_reset_url": site_url + reverse("accounts:password_reset"),
    }
    return _message(owner, "accounts/emails/registration_existing_account", context).send()


def send_membership_decided(membership: Membership, *, site_url: str = "") -> None:
    """Tell the person whether their registration was validated or rejected."""
    enqueue_on_commit(deliver_membership_decided, membership.pk, site_url=site_url)


@retried_task
def deliver_membership_decided(membership_id: int, site_url: str) -> int:
    membership = (
        Membership.objects.select_related("user", "organisation").filter(pk=membership_id).first()
    )
    if membership is None:
        return 0
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
