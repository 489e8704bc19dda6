from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


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
    }

    def _client_ip(self) -> str | None:
        return self.request.META.get("REMOTE_ADDR") if self.request else None

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        if services.login_is_throttled(email, self._client_ip()):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            pending = User.objects.filter(email__iexact=email, is_active=False).first()
            if pending is not None and pending.check_password(password):
                raise forms.ValidationError(self.error_messages["pending"], code="pending")
            services.record_login_failure(email, self._client_ip())
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        services.clear_login_failures(email)
        return self.cleaned_data
