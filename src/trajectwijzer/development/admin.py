"""Django admin for platform staff: remove rows, job roles and teams; observations are
shown read-only (they are history and are never changed or deleted)."""

from django.contrib import admin

from .models import (
    CompetenceMatrix,
    DevelopmentPlan,
    JobRole,
    LevelObservation,
    MatrixRow,
    RequiredLevel,
    Team,
)


class RequiredLevelInline(admin.TabularInline):
    model = RequiredLevel
    extra = 0


@admin.register(CompetenceMatrix)
class CompetenceMatrixAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "framework", "created_at")
    list_filter = ("organisation",)
    search_fields = ("title", "organisation__name")


@admin.register(JobRole)
class JobRoleAdmin(admin.ModelAdmin):
    list_display = ("title", "matrix")
    inlines = [RequiredLevelInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "matrix")


@admin.register(MatrixRow)
class MatrixRowAdmin(admin.ModelAdmin):
    list_display = ("employee", "matrix", "job_role", "team")
    list_filter = ("matrix",)
    raw_id_fields = ("employee",)


@admin.register(LevelObservation)
class LevelObservationAdmin(admin.ModelAdmin):
    list_display = ("row", "competence", "level", "observed_on", "observed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "row", "status", "version", "updated_at")
    readonly_fields = ("version",)
