from django.contrib import admin

from .models import Enrolment, Group


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
