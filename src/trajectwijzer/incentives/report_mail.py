"""E-mailing the incentives report: limits per recipient and per client, and the task.

Anyone may e-mail the report, logged in or not, so the form must never turn the
platform into a mail relay: the subject and body are fixed texts of the platform,
the only attachment is the platform's own report of validated answers (no answer is
free text: the one text field, the joint committee, must match a number pattern), and
the number of e-mails is limited per browser session (views.py), per recipient
address and per client address. The last two are counted in the database
(``ReportMail``), so two web processes share them.

The PDF is laid out in the background task, not in the request: WeasyPrint takes a
while and the mail server may be down (trajectwijzer/tasks.py retries).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from trajectwijzer.tasks import enqueue_on_commit, retried_task

from . import reports
from .models import ReportMail

PER_RECIPIENT_PER_DAY = 3
PER_CLIENT_PER_HOUR = 10
_KEY_SALT = "trajectwijzer.incentives.report_mail"
# PostgreSQL advisory lock that serialises the check-and-count of report e-mails.
_ADVISORY_LOCK = 0x7477_6D61  # "twma"


class ReportMailRefused(Exception):
    """Sending now would exceed a limit; the message says which, in the reader's language."""


def _key(kind: str, value: str) -> str:
    return salted_hmac(f"{_KEY_SALT}.{kind}", value.strip().lower(), algorithm="sha256").hexdigest()


def refusal(recipient: str, client_address: str | None) -> str | None:
    """Why a report may not be sent to ``recipient`` from ``client_address`` now, or None."""
    now = timezone.now()
    to_recipient = ReportMail.objects.filter(
        recipient_key=_key("recipient", recipient), sent_at__gt=now - datetime.timedelta(days=1)
    ).count()
    if to_recipient >= PER_RECIPIENT_PER_DAY:
        return _(
            "This address has already received %(count)s reports today. Please try again tomorrow."
        ) % {"count": PER_RECIPIENT_PER_DAY}
    from_client = ReportMail.objects.filter(
        client_key=_key("client", client_address or ""),
        sent_at__gt=now - datetime.timedelta(hours=1),
    ).count()
    if from_client >= PER_CLIENT_PER_HOUR:
        return _(
            "Too many reports were sent from your network in the last hour. Please try again later."
        )
    return None


def _one_at_a_time() -> None:
    """Two processes checking the limits at once must not both squeeze in under them.

    SQLite transactions here start IMMEDIATE (settings.py), which already serialises
    them; PostgreSQL takes a transaction-scoped advisory lock (report e-mails are rare,
    so the wait is negligible).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK])


@transaction.atomic
def send_report(
    recipient: str,
    client_address: str | None,
    *,
    answers: dict[str, Any],
    skipped: list[str],
    language: str,
    wizard_url: str,
) -> None:
    """Count the e-mail against the limits and enqueue it; raise ReportMailRefused if over."""
    _one_at_a_time()
    reason = refusal(recipient, client_address)
    if reason is not None:
        raise ReportMailRefused(reason)
    ReportMail.objects.filter(sent_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    ReportMail.objects.create(
        recipient_key=_key("recipient", recipient), client_key=_key("client", client_address or "")
    )
    enqueue_on_commit(
        deliver_report,
        recipient,
        answers=answers,
        skipped=skipped,
        language=language,
        wizard_url=wizard_url,
    )


def report_filename() -> str:
    return _("incentives-report") + ".pdf"


@retried_task
def deliver_report(
    recipient: str, *, answers: dict[str, Any], skipped: list[str], language: str, wizard_url: str
) -> int:
    """Lay out the report as a PDF and e-mail it (a background task, retried on failure)."""
    with translation.override(language):
        pdf = reports.render_pdf(reports.situation_report(answers, skipped, language))
        message = EmailMessage(
            subject=_("Your Trajectwijzer incentives report"),
            body=_(
                "Attached is the report of the training incentives you may be entitled to, "
                "based on your answers in Trajectwijzer.\n\n"
                "This is information, not a decision: the organisation that grants each "
                "incentive decides.\n\n"
                "You can change your answers at any time: %(url)s"
            )
            % {"url": wizard_url},
            to=[recipient],
            headers={"Content-Language": language},
        )
        message.attach(report_filename(), pdf, "application/pdf")
    return message.send()
