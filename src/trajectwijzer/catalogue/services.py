"""Use cases that change the catalogue: save and publish programmes, import, export.

Forms, the API, the Django admin and the command line all call these functions, so
a programme is validated, permission-checked and reindexed for search the same way
whichever door it comes through. Every write ends with
``search.reindex_programmes`` inside the same transaction, so the search index never
describes data that was rolled back.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User

from . import importing, rules, search
from .importing import ModuleRecord, ProgrammeRecord, RowError
from .models import Competence, CompetenceFramework, Module, Programme, Provider, Qualification

# Lookups go through IN lists in chunks: SQLite refuses statements with too many
# parameters, and 50,000 external ids in one list is too many for it.
LOOKUP_CHUNK_SIZE = 900
WRITE_BATCH_SIZE = 500
REFERENCE_FIELDS = ("provider", *importing.PROGRAMME_LINK_COLUMNS, "qualification", "framework")
SELF_LINK_MESSAGES = {
    "parent": "a programme cannot be its own parent",
    "next_step": "a programme cannot be its own next step",
}
MODULE_FIELDS = [
    *importing.MODULE_TEXT_FIELDS,
    "study_credits",
    *importing.MODULE_INTEGER_FIELDS,
    *importing.MODULE_BOOLEAN_DEFAULTS,
    "translations",
]

T = TypeVar("T")


def _chunks(values: Iterable[T], size: int = LOOKUP_CHUNK_SIZE) -> Iterator[list[T]]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _no_progress(items: Iterable[T], total: int) -> Iterable[T]:
    return items


# Programmes one at a time (forms, admin, API) ------------------------------------------


def manageable_providers(actor: User) -> list[Provider]:
    """Providers whose programmes ``actor`` may create and change, by name."""
    providers = Provider.objects.only("id", "name", "slug", "organisation_id").order_by("name")
    if not policy.is_platform_admin(actor):
        # Narrow the candidates in the database; the policy still decides each one.
        providers = providers.filter(organisation__in=policy.offer_maintainer_organisations(actor))
    return [
        provider for provider in providers if policy.can(actor, rules.CREATE_PROGRAMME, provider)
    ]


def new_external_id(provider: Provider) -> str:
    """An external id for a programme made in a form, unique in practice and recognisable."""
    return f"{provider.slug}-{secrets.token_hex(4)}"


def _require_may_write(actor: User, stored: Programme | None, provider: Provider) -> None:
    """Changing needs rights on the stored programme; moving or creating, on the target provider."""
    if stored is not None:
        policy.require(actor, rules.CHANGE_PROGRAMME, stored)
    if stored is None or stored.provider_id != provider.pk:
        policy.require(actor, rules.CREATE_PROGRAMME, provider)


@transaction.atomic
def save_programme(
    actor: User,
    programme: Programme,
    *,
    save_modules: Callable[[Programme], object] | None = None,
) -> Programme:
    """Create or change one programme (and, through ``save_modules``, its modules)."""
    stored = (
        Programme.objects.select_related("provider").get(pk=programme.pk) if programme.pk else None
    )
    _require_may_write(actor, stored, programme.provider)
    programme.full_clean()
    programme.save()
    if save_modules is not None:
        save_modules(programme)
    search.reindex_programmes([programme.pk])
    return programme


@transaction.atomic
def set_published(actor: User, programme: Programme, published: bool) -> Programme:
    policy.require(actor, rules.CHANGE_PROGRAMME, programme)
    if programme.is_published != published:
        programme.is_published = published
        programme.save(update_fields=["is_published", "updated_at"])
        search.reindex_programmes([programme.pk])
    return programme


def reindex_after_admin_change(programme_ids: Iterable[int]) -> None:
    """The Django admin saves through its own forms; it still keeps the index current."""
    search.reindex_programmes(list(programme_ids))


def upsert_programme(actor: User, external_id: str, data: dict[str, Any]) -> ImportResult:
    """Create or change the programme ``external_id`` from one import record (the API's PUT)."""
    return import_programmes([(1, {**data, "external_id": external_id})], actor=actor)


# Import ------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    programme_ids: list[int] = field(default_factory=list)

    @property
    def failed_rows(self) -> int:
        return len({error.row for error in self.errors})


@dataclass
class _ModulePlan:
    module: Module
    changed: bool
    competence_ids: list[int] | None
    prerequisite_codes: list[str] | None


@dataclass
class _ProgrammePlan:
    record: ProgrammeRecord
    programme: Programme
    is_new: bool
    changed_fields: set[str] = field(default_factory=set)
    # Parent and next step by external id ("" for none), only those the record names:
    # a link left out stays as it is.
    links: dict[str, str] = field(default_factory=dict)
    links_changed: bool = False
    modules: list[_ModulePlan] | None = None
    deleted_module_ids: list[int] = field(default_factory=list)
    modules_changed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.changed_fields) or self.links_changed or self.modules_changed


@dataclass
class _Lookups:
    """Everything planning needs from the database, fetched up front in a few queries."""

    providers: dict[str, Provider]
    qualifications: dict[str, int]
    frameworks: dict[str, int]
    programmes: dict[str, Programme]
    external_id_by_pk: dict[int, str]
    pk_by_external_id: dict[str, int]
    modules: dict[int, dict[str, Module]]
    module_competences: dict[int, set[int]]
    module_prerequisites: dict[int, set[int]]
    competences: dict[tuple[int, str], int]


def import_programmes(
    records: Sequence[tuple[int, Any]],
    *,
    partial: bool = False,
    dry_run: bool = False,
    actor: User | None = None,
    progress: Callable[[Iterable[Any], int], Iterable[Any]] = _no_progress,
) -> ImportResult:
    """Upsert programmes by external id from (row number, record) pairs.

    Without ``partial`` nothing is written when any row has an error; with it the
    valid rows are written and the errors returned. ``actor`` is None for operators on
    the command line; otherwise every row must be allowed by the policy, or the whole
    call raises PermissionDenied. Writing the same records twice changes nothing.
    """
    result = ImportResult()
    parsed: list[ProgrammeRecord] = []
    first_row_of: dict[str, int] = {}
    for row, raw in progress(records, len(records)):
        outcome = importing.parse_record(row, raw)
        if isinstance(outcome, list):
            result.errors.extend(outcome)
            continue
        earlier_row = first_row_of.get(outcome.external_id)
        if earlier_row is not None:
            message = f"{outcome.external_id!r} also appears in row {earlier_row}"
            result.errors.append(RowError(row, "external_id", message))
            continue
        first_row_of[outcome.external_id] = row
        parsed.append(outcome)

    lookups = _fetch_lookups(parsed)
    plans: list[_ProgrammePlan] = []
    for record in parsed:
        plan = _plan_programme(record, lookups, actor)
        if isinstance(plan, list):
            result.errors.extend(plan)
        else:
            plans.append(plan)
    plans = _resolve_links(plans, lookups, result.errors)
    result.errors.sort(key=lambda error: error.row)

    if result.errors and not partial:
        return result
    for plan in plans:
        bucket = (
            result.created if plan.is_new else result.updated if plan.changed else result.unchanged
        )
        bucket.append(plan.record.external_id)
    if dry_run:
        return result
    _apply(plans, lookups)
    result.written = True
    result.programme_ids = [plan.programme.pk for plan in plans]
    return result


def _fetch_lookups(records: list[ProgrammeRecord]) -> _Lookups:
    slugs = {record.provider_slug for record in records}
    qualification_codes = {r.references.get("qualification") for r in records} - {None, ""}
    framework_codes = {r.references.get("framework") for r in records} - {None, ""}
    external_ids = [record.external_id for record in records]

    providers: dict[str, Provider] = {}
    for chunk in _chunks(slugs):
        providers.update((p.slug, p) for p in Provider.objects.filter(slug__in=chunk))
    qualifications: dict[str, int] = {}
    for chunk in _chunks(qualification_codes):
        qualifications.update(
            Qualification.objects.filter(code__in=chunk).values_list("code", "pk")
        )
    frameworks: dict[str, int] = {}
    for chunk in _chunks(framework_codes):
        frameworks.update(
            CompetenceFramework.objects.filter(code__in=chunk).values_list("code", "pk")
        )
    programmes: dict[str, Programme] = {}
    for chunk in _chunks(external_ids):
        programmes.update(
            (p.external_id, p)
            for p in Programme.objects.filter(external_id__in=chunk).select_related("provider")
        )

    # Links (parent, next step) are compared by external id: the current links of
    # stored programmes, and programmes the file links to that are not in the file.
    external_id_by_pk = {p.pk: ext for ext, p in programmes.items()}
    current_link_pks = {
        getattr(p, f"{name}_id")
        for p in programmes.values()
        for name in importing.PROGRAMME_LINK_COLUMNS
    } - {None, *external_id_by_pk}
    for chunk in _chunks(current_link_pks):
        external_id_by_pk.update(
            Programme.objects.filter(pk__in=chunk).values_list("pk", "external_id")
        )
    pk_by_external_id = {ext: pk for pk, ext in external_id_by_pk.items()}
    named_links = {
        r.references.get(name) for r in records for name in importing.PROGRAMME_LINK_COLUMNS
    } - {None, ""}
    for chunk in _chunks(named_links - set(pk_by_external_id)):
        pk_by_external_id.update(
            Programme.objects.filter(external_id__in=chunk).values_list("external_id", "pk")
        )

    programme_pks_with_modules = [
        programmes[r.external_id].pk
        for r in records
        if r.modules is not None and r.external_id in programmes
    ]
    modules: dict[int, dict[str, Module]] = {}
    module_competences: dict[int, set[int]] = {}
    module_prerequisites: dict[int, set[int]] = {}
    for chunk in _chunks(programme_pks_with_modules):
        module_pks = []
        for module in Module.objects.filter(programme_id__in=chunk):
            modules.setdefault(module.programme_id, {})[module.code] = module
            module_pks.append(module.pk)
        for module_chunk in _chunks(module_pks):
            for module_id, competence_id in Module.competences.through.objects.filter(
                module_id__in=module_chunk
            ).values_list("module_id", "competence_id"):
                module_competences.setdefault(module_id, set()).add(competence_id)
            for from_id, to_id in Module.prerequisites.through.objects.filter(
                from_module_id__in=module_chunk
            ).values_list("from_module_id", "to_module_id"):
                module_prerequisites.setdefault(from_id, set()).add(to_id)

    framework_ids = set(frameworks.values()) | {
        p.framework_id for p in programmes.values() if p.framework_id
    }
    competences: dict[tuple[int, str], int] = {}
    if any(r.modules for r in records):
        for chunk in _chunks(framework_ids):
            for pk, framework_id, code in Competence.objects.filter(
                framework_id__in=chunk
            ).values_list("pk", "framework_id", "code"):
                competences[(framework_id, code)] = pk

    return _Lookups(
        providers=providers,
        qualifications=qualifications,
        frameworks=frameworks,
        programmes=programmes,
        external_id_by_pk=external_id_by_pk,
        pk_by_external_id=pk_by_external_id,
        modules=modules,
        module_competences=module_competences,
        module_prerequisites=module_prerequisites,
        competences=competences,
    )


def _assign(obj: Any, name: str, value: Any, changed: set[str]) -> None:
    attribute = f"{name}_id" if name in REFERENCE_FIELDS else name
    if getattr(obj, attribute) != value:
        setattr(obj, attribute, value)
        changed.add(name)


def merged_translations(current: dict | None, updates: dict[tuple[str, str], str]) -> dict:
    """Set or clear the translated texts the record names; keep the others."""
    translations = copy.deepcopy(current or {})
    for (language, name), text in updates.items():
        if text:
            translations.setdefault(language, {})[name] = text
        elif name in translations.get(language, {}):
            del translations[language][name]
            if not translations[language]:
                del translations[language]
    return translations


def _model_errors(
    obj: Programme | Module, row: int, exclude: list[str], prefix: str = ""
) -> list[RowError]:
    """The model's own field and clean() rules, as row errors."""
    try:
        obj.clean_fields(exclude=exclude)
        obj.clean()
    except ValidationError as error:
        errors = []
        for name, messages in error.message_dict.items():
            choices = obj._meta.get_field(name).choices if name != "__all__" else None
            allowed = f" (allowed: {', '.join(str(c[0]) for c in choices)})" if choices else ""
            errors.extend(
                RowError(row, f"{prefix}{name}" if name != "__all__" else None, f"{m}{allowed}")
                for m in messages
            )
        return errors
    return []


def _plan_programme(
    record: ProgrammeRecord, lookups: _Lookups, actor: User | None
) -> _ProgrammePlan | list[RowError]:
    row = record.row
    errors: list[RowError] = []
    provider = lookups.providers.get(record.provider_slug)
    if provider is None:
        return [RowError(row, "provider", f"no provider with slug {record.provider_slug!r}")]
    stored = lookups.programmes.get(record.external_id)
    if actor is not None:
        _require_may_write(actor, stored, provider)
    programme = stored or Programme(external_id=record.external_id)
    plan = _ProgrammePlan(record=record, programme=programme, is_new=stored is None)
    changed = plan.changed_fields
    _assign(programme, "provider", provider.pk, changed)
    for name, table in (
        ("qualification", lookups.qualifications),
        ("framework", lookups.frameworks),
    ):
        if name not in record.references:
            continue
        code = record.references[name]
        if code and code not in table:
            errors.append(RowError(row, name, f"no {name} with code {code!r}"))
            continue
        _assign(programme, name, table.get(code), changed)
    for name, value in record.values.items():
        _assign(programme, name, value, changed)
    if record.translations:
        _assign(
            programme,
            "translations",
            merged_translations(programme.translations, record.translations),
            changed,
        )
        for (language, name), text in record.translations.items():
            limit = Programme._meta.get_field(name).max_length
            if len(text) > limit:
                errors.append(
                    RowError(row, f"{name}_{language}", f"longer than {limit} characters")
                )
    errors += _model_errors(programme, row, exclude=list(REFERENCE_FIELDS))
    for name in importing.PROGRAMME_LINK_COLUMNS:
        if name not in record.references:
            continue
        target = plan.links[name] = record.references[name]
        if target == record.external_id:
            errors.append(RowError(row, name, SELF_LINK_MESSAGES[name]))
        current_id = getattr(programme, f"{name}_id")
        current = lookups.external_id_by_pk.get(current_id) if current_id else ""
        if not plan.is_new and current != target:
            plan.links_changed = True
    if record.modules is not None:
        errors += _plan_modules(plan, lookups)
    return errors or plan


def _plan_modules(plan: _ProgrammePlan, lookups: _Lookups) -> list[RowError]:
    row = plan.record.row
    stored = {} if plan.is_new else lookups.modules.get(plan.programme.pk, {})
    framework_id = plan.programme.framework_id
    errors: list[RowError] = []
    plans: list[_ModulePlan] = []
    seen_codes: set[str] = set()
    for index, record in enumerate(plan.record.modules or [], start=1):
        prefix = f"modules[{index}]."
        code = record.values.get("code", "")
        if code in seen_codes:
            errors.append(
                RowError(row, f"{prefix}code", f"{code!r} appears twice in this programme")
            )
            continue
        seen_codes.add(code)
        module_plan, module_errors = _plan_module(
            record, stored.get(code), framework_id, lookups, row, prefix
        )
        errors += module_errors
        plans.append(module_plan)
        if module_plan.module.pk is None or module_plan.changed:
            plan.modules_changed = True
    for index, record in enumerate(plan.record.modules or [], start=1):
        unknown = [c for c in record.prerequisite_codes or [] if c not in seen_codes]
        if unknown:
            errors.append(
                RowError(
                    row,
                    f"modules[{index}].prerequisites",
                    f"no module {', '.join(unknown)} in this programme",
                )
            )
    plan.modules = plans
    plan.deleted_module_ids = [m.pk for code, m in stored.items() if code not in seen_codes]
    if plan.deleted_module_ids:
        plan.modules_changed = True
    if not plan.modules_changed:
        plan.modules_changed = _module_links_changed(plans, lookups, stored)
    return errors


def _plan_module(
    record: ModuleRecord,
    stored: Module | None,
    framework_id: int | None,
    lookups: _Lookups,
    row: int,
    prefix: str,
) -> tuple[_ModulePlan, list[RowError]]:
    errors: list[RowError] = []
    module = stored or Module(code=record.values.get("code", ""))
    changed: set[str] = set()
    for name, value in record.values.items():
        _assign(module, name, value, changed)
    if record.translations:
        updates = {(language, "title"): text for language, text in record.translations.items()}
        _assign(module, "translations", merged_translations(module.translations, updates), changed)
    errors += _model_errors(module, row, exclude=["programme"], prefix=prefix)
    competence_ids = None
    if record.competence_codes is not None:
        competence_ids = []
        for code in record.competence_codes:
            competence_id = lookups.competences.get((framework_id, code)) if framework_id else None
            if competence_id is None:
                errors.append(
                    RowError(
                        row,
                        f"{prefix}competences",
                        f"no competence {code!r} in the programme's competence framework",
                    )
                )
            else:
                competence_ids.append(competence_id)
    return _ModulePlan(module, bool(changed), competence_ids, record.prerequisite_codes), errors


def _module_links_changed(
    plans: list[_ModulePlan], lookups: _Lookups, stored: dict[str, Module]
) -> bool:
    code_by_pk = {module.pk: code for code, module in stored.items()}
    for plan in plans:
        pk = plan.module.pk
        if plan.competence_ids is not None and set(
            plan.competence_ids
        ) != lookups.module_competences.get(pk, set()):
            return True
        if plan.prerequisite_codes is not None:
            current = {code_by_pk.get(p) for p in lookups.module_prerequisites.get(pk, set())}
            if set(plan.prerequisite_codes) != current:
                return True
    return False


def _resolve_links(
    plans: list[_ProgrammePlan], lookups: _Lookups, errors: list[RowError]
) -> list[_ProgrammePlan]:
    """Drop rows whose parent or next step is neither stored nor a valid row of the file.

    Repeats until stable, because dropping a row also breaks the rows that link to it.
    """
    while True:
        in_file = {plan.record.external_id for plan in plans}
        broken: dict[int, list[RowError]] = {}
        for plan in plans:
            for name, target in plan.links.items():
                if target and target not in in_file and target not in lookups.pk_by_external_id:
                    broken.setdefault(id(plan), []).append(
                        RowError(
                            plan.record.row,
                            name,
                            f"no programme with external id {target!r} "
                            "(neither stored nor a valid row of this file)",
                        )
                    )
        if not broken:
            return plans
        for row_errors in broken.values():
            errors.extend(row_errors)
        plans = [plan for plan in plans if id(plan) not in broken]


@transaction.atomic
def _apply(plans: list[_ProgrammePlan], lookups: _Lookups) -> None:
    now = timezone.now()
    pk_by_external_id = dict(lookups.pk_by_external_id)
    _create_link_targets_first([plan for plan in plans if plan.is_new], pk_by_external_id)
    changed_plans = [plan for plan in plans if not plan.is_new and plan.changed_fields]
    for plan in changed_plans:
        plan.programme.updated_at = now
    if changed_plans:
        fields = set().union(*(plan.changed_fields for plan in changed_plans))
        Programme.objects.bulk_update(
            [plan.programme for plan in changed_plans],
            sorted(fields | {"updated_at"}),
            batch_size=WRITE_BATCH_SIZE,
        )

    pk_by_external_id.update((plan.record.external_id, plan.programme.pk) for plan in plans)
    relinked, relinked_fields = [], set()
    for plan in plans:
        changed: set[str] = set()
        for name, target in plan.links.items():
            _assign(plan.programme, name, pk_by_external_id[target] if target else None, changed)
        if changed:
            relinked.append(plan.programme)
            relinked_fields |= changed
    if relinked:
        Programme.objects.bulk_update(
            relinked, sorted(relinked_fields), batch_size=WRITE_BATCH_SIZE
        )

    _apply_modules([plan for plan in plans if plan.modules_changed])
    search.reindex_programmes([plan.programme.pk for plan in plans if plan.is_new or plan.changed])


def _create_link_targets_first(
    new_plans: list[_ProgrammePlan], pk_by_external_id: dict[str, int]
) -> None:
    """Insert new programmes generation by generation with their links already set.

    bulk_update is slow for tens of thousands of rows; inserting a parent or next step
    before the rows linking to it avoids a second pass. Rows left over (links forming
    a cycle) are inserted with the links known so far and get the others in the
    update pass of ``_apply``.
    """
    waiting = new_plans
    while waiting:
        ready, blocked = [], []
        for plan in waiting:
            targets = [target for target in plan.links.values() if target]
            if all(target in pk_by_external_id for target in targets):
                ready.append(plan)
            else:
                blocked.append(plan)  # it links to a new row not inserted yet
        if not ready:
            ready, blocked = blocked, []
        for plan in ready:
            for name, target in plan.links.items():
                setattr(plan.programme, f"{name}_id", pk_by_external_id.get(target))
        Programme.objects.bulk_create(
            [plan.programme for plan in ready], batch_size=WRITE_BATCH_SIZE
        )
        pk_by_external_id.update((plan.record.external_id, plan.programme.pk) for plan in ready)
        waiting = blocked


def _apply_modules(plans: list[_ProgrammePlan]) -> None:
    deleted = [pk for plan in plans for pk in plan.deleted_module_ids]
    for chunk in _chunks(deleted):
        Module.objects.filter(pk__in=chunk).delete()
    new_modules, changed_modules = [], []
    for plan in plans:
        for module_plan in plan.modules or []:
            module = module_plan.module
            if module.pk is None:
                module.programme_id = plan.programme.pk
                new_modules.append(module)
            elif module_plan.changed:
                changed_modules.append(module)
    Module.objects.bulk_create(new_modules, batch_size=WRITE_BATCH_SIZE)
    Module.objects.bulk_update(changed_modules, MODULE_FIELDS, batch_size=WRITE_BATCH_SIZE)

    competence_links = Module.competences.through
    prerequisite_links = Module.prerequisites.through
    for plan in plans:
        module_by_code = {m.module.code: m.module for m in plan.modules or []}
        with_competences = [m for m in plan.modules or [] if m.competence_ids is not None]
        with_prerequisites = [m for m in plan.modules or [] if m.prerequisite_codes is not None]
        competence_links.objects.filter(
            module_id__in=[m.module.pk for m in with_competences]
        ).delete()
        competence_links.objects.bulk_create(
            competence_links(module_id=m.module.pk, competence_id=competence_id)
            for m in with_competences
            for competence_id in set(m.competence_ids or [])
        )
        prerequisite_links.objects.filter(
            from_module_id__in=[m.module.pk for m in with_prerequisites]
        ).delete()
        prerequisite_links.objects.bulk_create(
            prerequisite_links(from_module_id=m.module.pk, to_module_id=module_by_code[code].pk)
            for m in with_prerequisites
            for code in set(m.prerequisite_codes or [])
        )


# Export ------------------------------------------------------------------------------


def programmes_for_export(provider: Provider | None = None) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related(
        "provider", "parent", "next_step", "qualification", "framework"
    ).order_by("provider__slug", "external_id")
    if provider is not None:
        programmes = programmes.filter(provider=provider)
    return programmes


def export_records(
    provider: Provider | None = None, *, with_modules: bool = True
) -> Iterator[dict[str, Any]]:
    """Programmes as import records (JSON values), so that export → import changes nothing."""
    programmes = programmes_for_export(provider)
    if with_modules:
        programmes = programmes.prefetch_related("modules__competences", "modules__prerequisites")
    # iterator() with a chunk size keeps memory flat and prefetches per chunk, which
    # also keeps each IN list within SQLite's parameter limit.
    for programme in programmes.iterator(chunk_size=LOOKUP_CHUNK_SIZE):
        record = _programme_record(programme)
        if with_modules:
            record["modules"] = [_module_record(module) for module in programme.modules.all()]
        yield record


def _programme_record(programme: Programme) -> dict[str, Any]:
    translations = programme.translations or {}
    record: dict[str, Any] = {
        "external_id": programme.external_id,
        "provider": programme.provider.slug,
        "parent": programme.parent.external_id if programme.parent else "",
        "next_step": programme.next_step.external_id if programme.next_step else "",
        "qualification": programme.qualification.code if programme.qualification else "",
        "framework": programme.framework.code if programme.framework else "",
    }
    for name in importing.PROGRAMME_COLUMNS:
        if name in record:
            continue
        base, _, language = name.rpartition("_")
        if language in importing.TRANSLATED_LANGUAGES and base in importing.TRANSLATED_FIELDS:
            record[name] = translations.get(language, {}).get(base, "")
        else:
            record[name] = getattr(programme, name)
    return record


def _module_record(module: Module) -> dict[str, Any]:
    translations = module.translations or {}
    return {
        "code": module.code,
        "title": module.title,
        "title_fr": translations.get("fr", {}).get("title", ""),
        "title_en": translations.get("en", {}).get("title", ""),
        "description": module.description,
        "study_credits": module.study_credits,
        "hours": module.hours,
        "term": module.term,
        "learning_outcomes": module.learning_outcomes,
        "is_workplace_learning": module.is_workplace_learning,
        "is_exemptable": module.is_exemptable,
        "is_elective": module.is_elective,
        "elective_group": module.elective_group,
        "position": module.position,
        "competences": sorted(c.code for c in module.competences.all()),
        "prerequisites": sorted(p.code for p in module.prerequisites.all()),
    }
