from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    AccessLogEntry,
    ApiToken,
    Consent,
    LearnerLink,
    Membership,
    MembershipStatus,
    Organisation,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("organisation", "role", "is_admin", "status")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    list_filter = ("is_active", "is_staff", "memberships__role")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    inlines = [MembershipInline]

    def user_change_password(self, request, id, form_url=""):
        """Setting a password here revokes the account's API tokens too; say so."""
        user = self.get_object(request, id)
        revoked = services.active_api_tokens_of(user).count() if user else 0
        response = super().user_change_password(request, id, form_url)
        changed = request.method == "POST" and response.status_code == 302
        if changed and revoked:
            messages.warning(
                request,
                ngettext(
                    "%(count)d API token of this account has been revoked.",
                    "%(count)d API tokens of this account have been revoked.",
                    revoked,
                )
                % {"count": revoked},
            )
        return response


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "city")
    list_filter = ("kind",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "status", "is_admin")
    list_filter = ("role", "status")
    search_fields = ("user__email", "organisation__name")
    raw_id_fields = ("user", "decided_by")
    actions = ["end_memberships"]

    @admin.action(description=_("End the selected memberships and the links they carry"))
    def end_memberships(self, request, queryset):
        """Through the use case, so the learner links end with the membership."""
        ended = 0
        for membership in queryset.filter(status=MembershipStatus.ACTIVE):
            try:
                services.end_membership(request.user, membership)
            except PermissionDenied:
                continue
            ended += 1
        self.message_user(
            request,
            ngettext("%(count)d membership ended.", "%(count)d memberships ended.", ended)
            % {"count": ended},
        )


@admin.register(LearnerLink)
class LearnerLinkAdmin(admin.ModelAdmin):
    list_display = ("learner", "kind", "person", "organisation", "started_on", "ended_on")
    list_filter = ("kind",)
    raw_id_fields = ("learner", "person")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = (
        "learner",
        "scope",
        "recipient_user",
        "recipient_organisation",
        "given_at",
        "withdrawn_at",
    )
    list_filter = ("scope",)
    raw_id_fields = ("learner", "recipient_user")

    def has_change_permission(self, request, obj=None):
        return False  # consent is the learner's to give and withdraw, never staff's to edit


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log proves who read whose
    personal data, so no administrator may add, change or delete an entry (GDPR art.
    5(2)); erasure keeps it too, pointing to the anonymised person."""

    list_display = ("at", "actor", "learner", "action")
    list_filter = ("action",)
    search_fields = ("action",)
    fields = ("at", "actor", "learner", "action")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix")
