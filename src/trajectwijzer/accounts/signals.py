from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from . import services
from .models import User, password_changed


@receiver(user_logged_in)
def follow_preferred_language(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    """From the moment of login the interface speaks the person's preferred language.

    Switches the rest of this request; the login view keeps it in the language cookie
    (Django no longer keeps the language in the session).
    """
    if request is None or not user.preferred_language:
        return
    translation.activate(user.preferred_language)
    request.LANGUAGE_CODE = user.preferred_language


@receiver(password_changed)
def revoke_api_tokens_after_password_change(sender, user: User, **kwargs) -> None:
    """Whoever knew the old password may have made a token with it: none outlives it."""
    services.revoke_all_api_tokens(user)


@receiver(password_changed)
def lift_login_lockouts_after_password_change(sender, user: User, **kwargs) -> None:
    """A new password (e.g. by a reset link) proves the account is theirs: log in at once."""
    services.forget_failed_logins(user)
