"""Personal data of accounts: the person, their memberships, links, consents, API
tokens, the access log about and by them, login records and sessions.

Erasure keeps the person's row, anonymised, so the records the law or other people
rely on (consents, the access log, decisions they took) stay consistent and point
to nobody identifiable. It runs last, after every other app removed its data.
"""

from __future__ import annotations

import datetime
import re

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectwijzer.privacy.registry import (
    Erasure,
    ErasureLine,
    Outcome,
    PersonalData,
    Provider,
    Section,
    register,
    rows,
)

from .models import (
    AccessLogEntry,
    ApiToken,
    Consent,
    LearnerLink,
    Membership,
    MembershipStatus,
    User,
)

ERASED_NAME = "—"

# django-axes (login throttling) keeps login attempts under the typed username; these
# are its models and the columns worth exporting. Guarded: axes may not be installed.
AXES_MODELS = {
    "axes.AccessAttempt": (
        "ip_address",
        "user_agent",
        "path_info",
        "attempt_time",
        "failures_since_start",
    ),
    "axes.AccessLog": ("ip_address", "user_agent", "path_info", "attempt_time", "logout_time"),
    "axes.AccessFailureLog": (
        "ip_address",
        "user_agent",
        "path_info",
        "attempt_time",
        "locked_out",
    ),
}


def erased_email(person: User) -> str:
    return f"erased-{person.pk}@invalid"


def _axes_models():
    if not apps.is_installed("axes"):
        return []
    found = []
    for label, fields in AXES_MODELS.items():
        try:
            found.append((label, apps.get_model(label), fields))
        except LookupError:
            continue
    return found


def _login_failure_model():
    """The old throttling table (replaced by django-axes); absent once that lands."""
    try:
        return apps.get_model("accounts", "LoginFailure")
    except LookupError:
        return None


def _sessions_of(person: User) -> list[str]:
    """Keys of the person's sessions: the session data is encoded, so decode each.

    Sessions are signed with the web server's SECRET_KEY; a command run without it (an
    ephemeral key, settings.SECRET_KEY_IS_EPHEMERAL) cannot read them and finds none,
    which is why ``trajectwijzer privacy erase`` refuses to run for real without it."""
    if settings.SECRET_KEY_IS_EPHEMERAL:
        return []
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            keys.append(session.session_key)
    return keys


def _admin_entries_naming(person: User):
    """Admin history lines whose description names the person (e.g. their user object)."""
    query = Q(object_repr__icontains=person.email)
    if person.full_name.strip():
        query |= Q(object_repr__icontains=person.full_name)
    return LogEntry.objects.filter(query)


class AccountsProvider(Provider):
    app_label = "accounts"
    erase_order = 100
    personal_data = (
        PersonalData(
            "accounts.User",
            ("email", "full_name", "preferred_language", "last_login", "date_joined"),
            _("Your account: e-mail address, name, language, when you joined and last logged in."),
        ),
        PersonalData(
            "accounts.Membership",
            ("user", "decided_by"),
            _("Your organisations and roles, and who validated them."),
        ),
        PersonalData(
            "accounts.LearnerLink",
            ("learner", "person"),
            _("Who guides you (coach, mentor, teacher, employer, referrer) and whom you guide."),
        ),
        PersonalData(
            "accounts.Consent",
            ("learner", "recipient_user", "purpose"),
            _("The consents you gave to share data, and those given to you."),
        ),
        PersonalData(
            "accounts.AccessLogEntry",
            ("learner", "actor"),
            _("Who read your data, and whose data you read, and when."),
        ),
        PersonalData(
            "accounts.ApiToken", ("user", "name"), _("Your API tokens (never the key itself).")
        ),
        PersonalData(
            "admin.LogEntry",
            ("user", "object_repr"),
            _("Changes you made in the administration, and their descriptions."),
        ),
    )
    sections = {
        "profile": Section(_("Profile"), "accounts.User"),
        "memberships": Section(_("Organisations and roles"), "accounts.Membership"),
        "links": Section(_("Who guides you"), "accounts.LearnerLink"),
        "linked_learners": Section(_("Whom you guide"), "accounts.LearnerLink"),
        "consents_given": Section(_("Consents you gave"), "accounts.Consent"),
        "consents_received": Section(_("Consents given to you"), "accounts.Consent"),
        "api_tokens": Section(_("API tokens"), "accounts.ApiToken"),
        "access_log_about_you": Section(_("Who read your data"), "accounts.AccessLogEntry"),
        "access_log_by_you": Section(_("Whose data you read"), "accounts.AccessLogEntry"),
        "login_attempts": Section(_("Login attempts")),
    }

    def personal_data_declared(self):
        declared = list(self.personal_data)
        for label, _model, fields in _axes_models():
            declared.append(
                PersonalData(label, ("username", *fields), _("Login attempts under your address."))
            )
        return declared

    def export(self, person: User) -> dict:
        login_attempts = []
        for label, model, fields in _axes_models():
            for row in rows(model.objects.filter(username__iexact=person.email), *fields):
                login_attempts.append({"kind": label, **row})
        failure_model = _login_failure_model()
        if failure_model is not None:
            for row in rows(
                failure_model.objects.filter(email__iexact=person.email), "ip_address", "at"
            ):
                login_attempts.append({"kind": "accounts.LoginFailure", **row})
        return {
            "profile": rows(
                User.objects.filter(pk=person.pk),
                "email",
                "full_name",
                "preferred_language",
                "is_active",
                "date_joined",
                "last_login",
            )[0],
            "memberships": rows(
                Membership.objects.filter(user=person),
                "organisation__name",
                "role",
                "is_admin",
                "status",
                "requested_at",
                "decided_at",
            ),
            "links": rows(
                LearnerLink.objects.filter(learner=person),
                "kind",
                "person__full_name",
                "organisation__name",
                "started_on",
                "ended_on",
            ),
            "linked_learners": rows(
                LearnerLink.objects.filter(person=person),
                "kind",
                "learner__full_name",
                "started_on",
                "ended_on",
            ),
            "consents_given": rows(
                Consent.objects.filter(learner=person),
                "scope",
                "recipient_user__full_name",
                "recipient_organisation__name",
                "purpose",
                "given_at",
                "withdrawn_at",
            ),
            "consents_received": rows(
                Consent.objects.filter(recipient_user=person),
                "scope",
                "learner__full_name",
                "purpose",
                "given_at",
                "withdrawn_at",
            ),
            "api_tokens": rows(
                ApiToken.objects.filter(user=person),
                "name",
                "prefix",
                "created_at",
                "last_used_at",
                "revoked_at",
            ),
            "access_log_about_you": rows(
                AccessLogEntry.objects.filter(learner=person), "at", "actor__full_name", "action"
            ),
            "access_log_by_you": rows(
                AccessLogEntry.objects.filter(actor=person), "at", "learner__full_name", "action"
            ),
            "login_attempts": login_attempts,
        }

    def erase(self, person: User, *, dry_run: bool) -> list[ErasureLine]:
        erasure = Erasure(dry_run)
        now = timezone.now()
        # A link counts as current through its end date, so it ends yesterday.
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        erasure.delete(
            "accounts.ApiToken",
            ApiToken.objects.filter(user=person),
            _("The person's API tokens stop working and are removed."),
        )
        for label, model, _fields in _axes_models():
            erasure.delete(
                label,
                model.objects.filter(username__iexact=person.email),
                _("Login attempts under the person's address."),
            )
        failure_model = _login_failure_model()
        if failure_model is not None:
            erasure.delete(
                "accounts.LoginFailure",
                failure_model.objects.filter(email__iexact=person.email),
                _("Login attempts under the person's address."),
            )
        session_keys = _sessions_of(person)
        erasure.delete(
            "sessions.Session",
            Session.objects.filter(session_key__in=session_keys),
            _("The person is logged out everywhere."),
        )
        erasure.update(
            "accounts.Membership",
            Membership.objects.filter(user=person).exclude(status=MembershipStatus.ENDED),
            {"status": MembershipStatus.ENDED},
            Outcome.ENDED,
            _("Memberships end; the rows stay for the organisation's history."),
        )
        erasure.update(
            "accounts.LearnerLink",
            LearnerLink.objects.filter(Q(learner=person) | Q(person=person)).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=yesterday)
            ),
            {"ended_on": yesterday},
            Outcome.ENDED,
            _("Links end: nobody reads or guides the person any more."),
        )
        erasure.update(
            "accounts.Consent",
            Consent.objects.filter(learner=person, withdrawn_at__isnull=True),
            {"withdrawn_at": now},
            Outcome.ANONYMISED,
            _(
                "Consents are withdrawn and kept, pointing to the anonymised person, to prove "
                "what was shared (GDPR art. 7(1))."
            ),
        )
        erasure.keep(
            "accounts.AccessLogEntry",
            AccessLogEntry.objects.filter(Q(learner=person) | Q(actor=person)),
            _(
                "The access log stays, pointing to the anonymised person: it proves who read "
                "personal data (GDPR art. 5(2), 17(3)(e))."
            ),
        )
        entries_naming = _admin_entries_naming(person)
        erasure.run(
            "admin.LogEntry",
            entries_naming.count(),
            Outcome.ANONYMISED,
            _("Administration history keeps the change, not the person's name."),
            lambda: self._anonymise_admin_entries(person, entries_naming),
        )
        erasure.run(
            "accounts.User",
            1,
            Outcome.ANONYMISED,
            _(
                "The account stays as an anonymous, inactive row so kept records stay "
                "consistent; e-mail, name and password are removed."
            ),
            lambda: self._anonymise(person),
        )
        return erasure.lines

    @staticmethod
    def _anonymise_admin_entries(person: User, entries) -> None:
        for entry in entries:
            text = entry.object_repr
            for needle in (person.email, person.full_name):
                if needle.strip():
                    text = _replace_case_insensitive(text, needle, ERASED_NAME)
            entry.object_repr = text
            entry.save(update_fields=["object_repr"])

    @staticmethod
    def _anonymise(person: User) -> None:
        person.email = erased_email(person)
        person.full_name = ERASED_NAME
        person.set_unusable_password()
        person.is_active = False
        person.is_staff = False
        person.is_superuser = False
        person.last_login = None
        person.save()
        person.groups.clear()
        person.user_permissions.clear()


def _replace_case_insensitive(text: str, needle: str, replacement: str) -> str:
    return re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)


register(AccountsProvider())
