"""Django admin for the catalogue: platform staff correct data here.

Programme and module changes made here keep the search index current, like every
other door into the catalogue.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Competence,
    CompetenceFramework,
    Indicator,
    MasteryLevel,
    Module,
    Programme,
    Provider,
    Qualification,
)


class ReindexesProgrammesAdmin(admin.ModelAdmin):
    """Admin of a record whose text is part of its programmes' search documents.

    A change to those fields, or a deletion (which deletes or unlinks the programmes),
    reindexes the programmes concerned.
    """

    programmes_lookup = ""  # Programme field that points to this model
    indexed_fields: tuple[str, ...] = ()

    def _programme_ids(self, queryset) -> list[int]:
        return list(
            Programme.objects.filter(**{f"{self.programmes_lookup}__in": queryset}).values_list(
                "pk", flat=True
            )
        )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change and set(form.changed_data) & set(self.indexed_fields):
            services.reindex_after_admin_change(
                self._programme_ids(self.model.objects.filter(pk=form.instance.pk))
            )

    def delete_model(self, request, obj) -> None:
        ids = self._programme_ids(self.model.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        services.reindex_after_admin_change(ids)

    def delete_queryset(self, request, queryset) -> None:
        ids = self._programme_ids(queryset)
        super().delete_queryset(request, queryset)
        services.reindex_after_admin_change(ids)


@admin.register(Qualification)
class QualificationAdmin(ReindexesProgrammesAdmin):
    list_display = ("code", "title", "vks_level", "kind", "shortage_occupation")
    list_filter = ("kind", "vks_level", "shortage_occupation")
    search_fields = ("code", "title")
    programmes_lookup = "qualification"
    indexed_fields = ("title", "translations")


class MasteryLevelInline(admin.TabularInline):
    model = MasteryLevel
    extra = 0
    fields = ("rank", "title", "description")


class CompetenceInline(admin.TabularInline):
    model = Competence
    extra = 0
    fields = ("code", "title", "esco_uri", "position")
    show_change_link = True


@admin.register(CompetenceFramework)
class CompetenceFrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "qualification")
    search_fields = ("code", "title", "qualification__code")
    autocomplete_fields = ("qualification",)
    inlines = [MasteryLevelInline, CompetenceInline]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("code", "title", "position")


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "framework")
    list_filter = ("framework",)
    search_fields = ("code", "title", "framework__code")
    list_select_related = ("framework",)
    inlines = [IndicatorInline]


@admin.register(Provider)
class ProviderAdmin(ReindexesProgrammesAdmin):
    list_display = ("name", "slug", "kind", "city", "region", "organisation")
    list_filter = ("kind", "region")
    search_fields = ("name", "slug", "city")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("organisation",)
    list_select_related = ("organisation",)
    programmes_lookup = "provider"
    indexed_fields = ("name", "translations")


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = (
        "code",
        "title",
        "study_credits",
        "hours",
        "term",
        "is_workplace_learning",
        "is_exemptable",
        "is_elective",
        "elective_group",
        "position",
    )
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "external_id", "provider", "kind", "vks_level", "is_published")
    list_filter = ("is_published", "kind", "vks_level", "language", "provider__kind")
    search_fields = ("title", "external_id", "provider__name", "study_area")
    list_select_related = ("provider",)
    raw_id_fields = ("parent", "next_step")
    autocomplete_fields = ("provider", "qualification", "framework")
    readonly_fields = ("updated_at",)
    inlines = [ModuleInline]
    actions = ["publish", "unpublish"]

    def save_related(self, request, form, formsets, change) -> None:
        # Modules are saved after the programme; reindex once both are stored.
        super().save_related(request, form, formsets, change)
        services.reindex_after_admin_change([form.instance.pk])

    def delete_model(self, request, obj) -> None:
        programme_id = obj.pk
        super().delete_model(request, obj)
        services.reindex_after_admin_change([programme_id])

    def delete_queryset(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        services.reindex_after_admin_change(ids)

    @admin.action(description=_("Publish the selected programmes"))
    def publish(self, request, queryset) -> None:
        self._set_published(queryset, True)

    @admin.action(description=_("Unpublish the selected programmes"))
    def unpublish(self, request, queryset) -> None:
        self._set_published(queryset, False)

    def _set_published(self, queryset, published: bool) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(is_published=published, updated_at=timezone.now())
        services.reindex_after_admin_change(ids)


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "programme", "term", "study_credits")
    search_fields = ("code", "title", "programme__title", "programme__external_id")
    list_filter = ("is_workplace_learning", "is_elective", "is_exemptable")
    list_select_related = ("programme",)
    raw_id_fields = ("programme",)
    filter_horizontal = ("competences", "prerequisites")

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        ids = [form.instance.programme_id]
        if change and "programme" in form.changed_data:
            ids.append(form.initial["programme"])  # moved: the old programme loses its text
        services.reindex_after_admin_change(ids)

    def delete_model(self, request, obj) -> None:
        programme_id = obj.programme_id
        super().delete_model(request, obj)
        services.reindex_after_admin_change([programme_id])

    def delete_queryset(self, request, queryset) -> None:
        ids = set(queryset.values_list("programme_id", flat=True))
        super().delete_queryset(request, queryset)
        services.reindex_after_admin_change(ids)
