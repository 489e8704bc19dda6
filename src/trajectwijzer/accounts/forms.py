from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    REGISTRATION_ROLES_BY_ORGANISATION_KIND,
    ConsentScope,
    LearnerLink,
    Organisation,
    OrganisationKind,
    Role,
    User,
)


class LoginForm(AuthenticationForm):
    """E-mail login with throttling and a clear word for registrations awaiting validation."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The e-mail address or password is not correct."),
        "throttled": _(
            "Too many failed attempts. Wait a few minutes and try again, or reset your password."
        ),
        "pending": _(
            "Your registration is waiting for validation by your organisation. "
            "You can log in as soon as it has been validated."
        ),
        "inactive": _(
            "Your account is not active: your registration was not accepted or your "
            "access has ended. Contact your organisation."
        ),
    }

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        # django-axes (first backend) refuses a locked (account, address) pair before any
        # password check and counts each failure; its middleware answers the lockout.
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
            inactive = User.objects.filter(email__iexact=email, is_active=False).first()
            if inactive is not None and inactive.check_password(password):
                services.forget_failed_login(self.request, email)
                code = "pending" if services.awaits_validation(inactive) else "inactive"
                raise forms.ValidationError(self.error_messages[code], code=code)
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name: people look for the language they can read."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class OrganisationSelect(forms.Select):
    """Each organisation option names the roles one can ask for there (``data-roles``).

    ``static/trajectwijzer/registration-roles.js`` reads them to offer only those roles
    once an organisation is chosen; without scripts the role's help text says it.
    """

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        organisation = getattr(value, "instance", None)
        if organisation is not None:
            roles = REGISTRATION_ROLES_BY_ORGANISATION_KIND.get(organisation.kind, ())
            option["attrs"]["data-roles"] = " ".join(roles)
        return option


class OrganisationChoiceField(forms.ModelChoiceField):
    widget = OrganisationSelect

    def label_from_instance(self, organisation: Organisation) -> str:
        details = [str(organisation.get_kind_display())]
        if organisation.city:
            details.append(organisation.city)
        return f"{organisation.name} ({', '.join(details)})"


class RegistrationRoleField(forms.ChoiceField):
    """Offers the roles a person may ask for; any other known role reaches the service,
    which refuses it naming the roles that fit the chosen organisation."""

    def valid_value(self, value) -> bool:
        return value in Role.values


def registration_role_choices() -> list[tuple[str, str]]:
    offered = {role for roles in REGISTRATION_ROLES_BY_ORGANISATION_KIND.values() for role in roles}
    return [(value, label) for value, label in Role.choices if value in offered]


def _roles_by_kind_help() -> str:
    """One line per organisation kind naming its roles, so people pick a fitting pair."""
    return "; ".join(
        f"{OrganisationKind(kind).label}: {', '.join(str(Role(r).label) for r in roles)}"
        for kind, roles in REGISTRATION_ROLES_BY_ORGANISATION_KIND.items()
    )


class RegistrationForm(forms.Form):
    """Asks what ``services.register`` needs and shows the service's problems per field."""

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_("At least 10 characters; not only digits and not a common password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirmation = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=language_choices,
        help_text=_("Pages and e-mails use this language."),
    )
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation that validates your registration."),
    )
    role = RegistrationRoleField(label=_("Role"), choices=registration_role_choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = services.organisations_open_to_registration()
        self.fields["role"].help_text = format_lazy(
            "{}: {}", _("Roles per kind of organisation"), _roles_by_kind_help()
        )

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        confirmation = cleaned.get("password_confirmation")
        if password and confirmation and password != confirmation:
            self.add_error(
                "password_confirmation", _("The two passwords are not the same. Type them again.")
            )
        # The service's rules, run here so every problem shows in one round.
        problems = services.registration_problems(
            email=cleaned.get("email"),
            full_name=cleaned.get("full_name"),
            password=cleaned.get("password"),
            organisation=cleaned.get("organisation"),
            role=cleaned.get("role"),
        )
        for field, messages in problems.items():
            for message in messages:
                self.add_error(field, message)
        return cleaned

    def registration_data(self) -> dict:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "full_name": data["full_name"],
            "password": data["password"],
            "preferred_language": data["preferred_language"],
            "organisation": data["organisation"],
            "role": data["role"],
        }


class LanguageAwarePasswordResetForm(PasswordResetForm):
    """Writes the reset e-mail in the account holder's language, not the requester's."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        with translation.override(context["user"].preferred_language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = language_choices()


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say where you use it, e.g. “HR system import”."),
    )


class LinkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, link: LearnerLink) -> str:
        return f"{link.get_kind_display()}: {link.person or link.organisation}"


class ConsentForm(forms.Form):
    """Give consent to someone currently linked to the learner; other links are refused."""

    link = LinkChoiceField(label=_("To whom"), queryset=LearnerLink.objects.none())
    scope = forms.ChoiceField(label=_("What they may see"), choices=ConsentScope.choices)
    purpose = forms.CharField(
        label=_("Purpose (optional)"),
        max_length=300,
        required=False,
        help_text=_("Why you share this, e.g. “to plan my workplace learning”."),
    )

    def __init__(self, *args, learner: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = services.current_links_of(learner)


class MembershipDecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Validate")), (REJECT, _("Reject"))])

    @property
    def approves(self) -> bool:
        return self.cleaned_data["decision"] == self.APPROVE
