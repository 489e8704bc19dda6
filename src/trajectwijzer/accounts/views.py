"""Pages for registering, logging in, profiles, registrations to validate, consent and
the learners linked to someone. Rules live in ``services`` and ``policy``; these views
only translate HTTP into their calls."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import policy, services
from .access import access_learner
from .forms import (
    ApiTokenForm,
    ConsentForm,
    LanguageAwarePasswordResetForm,
    LoginForm,
    MembershipDecisionForm,
    ProfileForm,
    RegistrationForm,
)
from .models import ApiToken, Consent, Membership


def _site_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for links in e-mails sent on its behalf."""
    return request.build_absolute_uri("/").rstrip("/")


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Store the language in the cookie that LocaleMiddleware reads on every request.

    Django keeps no language in the session any more, so the cookie is what makes
    the following pages appear in the person's language.
    """
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# Logging in and out, passwords -----------------------------------------------------


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        # The user_logged_in receiver (signals.py) switched this request to the
        # person's language; keep it for the pages that follow.
        return _remember_language(response, self.request.LANGUAGE_CODE)


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """django-axes' answer while an (account, address) pair is locked (AXES_LOCKOUT_CALLABLE).

    429 with the same page whether or not the account exists, so a lockout tells an
    attacker nothing; the reset link keeps working, and a new password lifts the lock.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "accounts/login_locked_out.html",
        {"minutes": int(cool_off.total_seconds() // 60)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = LanguageAwarePasswordResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    email_template_name = "accounts/emails/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


def _tell_api_tokens_revoked(request: HttpRequest, count: int) -> None:
    """Saving the new password revoked the account's API tokens (models.password_changed)."""
    if count:
        messages.warning(
            request,
            ngettext(
                "%(count)d API token of your account has been revoked: it was made while "
                "the old password was valid. Create a new one in your profile if a system "
                "still needs it.",
                "%(count)d API tokens of your account have been revoked: they were made while "
                "the old password was valid. Create new ones in your profile if systems "
                "still need them.",
                count,
            )
            % {"count": count},
        )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form) -> HttpResponse:
        revoked = services.active_api_tokens_of(form.user).count()
        response = super().form_valid(form)
        _tell_api_tokens_revoked(self.request, revoked)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form) -> HttpResponse:
        revoked = services.active_api_tokens_of(form.user).count()
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        _tell_api_tokens_revoked(self.request, revoked)
        return response


# Registration and its validation ----------------------------------------------------


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    if request.method == "POST":
        form = RegistrationForm(request.POST)
        if form.is_valid():
            try:
                services.register(**form.registration_data(), site_url=_site_url(request))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("accounts:register_done")
    else:
        form = RegistrationForm(initial={"preferred_language": request.LANGUAGE_CODE})
    return render(request, "accounts/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, policy.VIEW_PENDING_MEMBERSHIPS)
    return render(
        request,
        "accounts/pending.html",
        {"memberships": services.pending_memberships_for(request.user)},
    )


@login_required
@require_POST
def decide_membership(request: HttpRequest, membership_id: int) -> HttpResponse:
    policy.require(request.user, policy.VIEW_PENDING_MEMBERSHIPS)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=membership_id
    )
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose to validate or to reject."))
    try:
        services.decide_membership(
            request.user, membership, approve=form.approves, site_url=_site_url(request)
        )
    except ValidationError:
        messages.error(request, _("This registration has already been decided."))
    else:
        template = (
            _("%(person)s has been validated as %(role)s.")
            if form.approves
            else _("The registration of %(person)s as %(role)s has been rejected.")
        )
        messages.success(
            request,
            template % {"person": membership.user, "role": membership.get_role_display()},
        )
    return redirect("accounts:pending")


# Profile and API tokens ---------------------------------------------------------------


def _render_profile(
    request: HttpRequest,
    *,
    profile_form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token_key: str = "",
) -> HttpResponse:
    context = {
        "profile_form": profile_form or ProfileForm(instance=request.user, prefix="profile"),
        "token_form": token_form or ApiTokenForm(prefix="token"),
        "memberships": services.memberships_of(request.user),
        "tokens": services.api_tokens_of(request.user),
        "new_token_key": new_token_key,
    }
    return render(request, "accounts/profile.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_profile(request)
    form = ProfileForm(request.POST, instance=request.user, prefix="profile")
    if not form.is_valid():
        return _render_profile(request, profile_form=form)
    user = form.save()
    messages.success(request, _("Your profile has been saved."))
    return _remember_language(redirect("accounts:profile"), user.preferred_language)


@never_cache  # the new key appears in this response only; no cache may keep it
@login_required
@require_POST
def create_api_token(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST, prefix="token")
    if not form.is_valid():
        return _render_profile(request, token_form=form)
    _token, key = services.create_api_token(request.user, name=form.cleaned_data["name"])
    return _render_profile(request, new_token_key=key)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_api_token(request.user, token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:profile")


# Consent ---------------------------------------------------------------------------------


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """Everyone manages the consents about their own data here.

    Not limited to people with an active learner role: someone whose programme
    ended must still be able to see and withdraw what they once shared.
    """
    learner = request.user
    policy.require(learner, policy.MANAGE_CONSENT, learner)
    form = ConsentForm(request.POST if request.method == "POST" else None, learner=learner)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_consent_through_link(
                learner,
                form.cleaned_data["link"],
                scope=form.cleaned_data["scope"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your consent has been recorded."))
            return redirect("accounts:consents")
    return render(
        request,
        "accounts/consents.html",
        {"form": form, "consents": services.consents_of(learner)},
    )


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, consent_id: int) -> HttpResponse:
    # Looked up among the person's own consents: someone else's stays invisible (404).
    consent = get_object_or_404(Consent, pk=consent_id, learner=request.user)
    services.withdraw_consent(request.user, consent)
    messages.success(request, _("Your consent has been withdrawn."))
    return redirect("accounts:consents")


# Learners linked to the viewer ----------------------------------------------------------


@login_required
def my_learners(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, policy.LIST_LINKED_LEARNERS)
    return render(
        request,
        "accounts/my_learners.html",
        {"linked_learners": services.linked_learners_for(request.user)},
    )


@login_required
def learner_detail(request: HttpRequest, learner_id: int) -> HttpResponse:
    # 404 whether the learner does not exist or may not be seen; the read is logged.
    learner = access_learner(request.user, learner_id, policy.VIEW_LEARNER)
    return render(
        request,
        "accounts/learner_detail.html",
        {
            "learner": learner,
            "links": services.current_links_of(learner),
            "consents": services.consents_given_to(request.user, learner),
        },
    )
