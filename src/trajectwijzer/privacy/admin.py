from django.contrib import admin

from .models import ErasureRecord, ErasureRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    """Erasure requests and records change only through the erasure use case (the
    privacy pages and command line), never by hand: they are the audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    list_display = ("pk", "requested_at", "status", "carried_out_at", "carried_out_by")
    list_filter = ("status",)


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    list_display = ("carried_out_at", "channel", "carried_out_by", "request", "files_deleted")
    list_filter = ("channel",)
