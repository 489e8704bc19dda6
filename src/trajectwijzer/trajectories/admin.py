from django.contrib import admin

from .models import (
    ClosingDay,
    Enrolment,
    Group,
    ModuleEntryMoment,
    PlanningSettings,
    ProviderTerm,
    StudyPlan,
    StudyPlanVersion,
)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "academic_year", "programme"]
    list_filter = ["academic_year"]
    search_fields = ["name", "programme__title"]
    autocomplete_fields = ["teachers"]
    raw_id_fields = ["programme"]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["learner", "programme", "group", "workplace", "started_on", "ended_on"]
    list_filter = ["group__academic_year"]
    search_fields = ["learner__email", "learner__full_name", "programme__title"]
    raw_id_fields = ["learner", "programme", "group", "workplace"]


@admin.register(PlanningSettings)
class PlanningSettingsAdmin(admin.ModelAdmin):
    list_display = ["provider", "hours_per_credit"]
    raw_id_fields = ["provider"]


@admin.register(ProviderTerm)
class ProviderTermAdmin(admin.ModelAdmin):
    list_display = ["provider", "academic_year", "number", "name", "starts_on", "ends_on"]
    list_filter = ["academic_year"]
    raw_id_fields = ["provider"]


@admin.register(ModuleEntryMoment)
class ModuleEntryMomentAdmin(admin.ModelAdmin):
    list_display = ["module", "term_number"]
    raw_id_fields = ["module"]


class StudyPlanVersionInline(admin.TabularInline):
    model = StudyPlanVersion
    extra = 0
    can_delete = False
    fields = ["number", "change", "created_by", "created_at", "hours_per_week", "start"]
    readonly_fields = fields


@admin.register(StudyPlan)
class StudyPlanAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "version", "updated_at"]
    raw_id_fields = ["enrolment"]
    readonly_fields = ["version"]
    inlines = [StudyPlanVersionInline]


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    """The provider's closing days (no classes): the learners' calendars skip them."""

    list_display = ["provider", "date", "reason"]
    list_filter = ["provider"]
    raw_id_fields = ["provider"]
