"""The provider registry: one provider per app, found in ``<app>/privacy.py``.

A provider declares which models and fields of its app hold personal data (with a
one-line description each), exports a person's data as JSON-serialisable sections,
erases or anonymises it, and names the stored files that go with it. The registry
finds the providers by importing ``privacy`` from every installed trajectwijzer app
at start-up, so a new app adds its own file and edits nothing shared.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import importlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

PROJECT_PACKAGE = "trajectwijzer."


@dataclass(frozen=True)
class PersonalData:
    """Fields of one model that hold personal data, and what they are, in one line."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    description: Promise | str


@dataclass(frozen=True)
class Section:
    """One part of an app's export: its heading and the model its rows come from (the
    PDF takes column headings from that model's translated field names)."""

    label: Promise | str
    model: str | None = None


class Outcome(enum.StrEnum):
    """What erasure does to a model's rows of the person."""

    DELETED = "deleted"
    ANONYMISED = "anonymised"
    ENDED = "ended"
    KEPT = "kept"


OUTCOME_LABELS = {
    Outcome.DELETED: _("deleted"),
    Outcome.ANONYMISED: _("anonymised"),
    Outcome.ENDED: _("ended, kept"),
    Outcome.KEPT: _("kept"),
}


@dataclass(frozen=True)
class ErasureLine:
    """One line of an erasure (or its dry run): how many rows of a model, what happens."""

    model: str
    count: int
    outcome: Outcome
    reason: Promise | str = ""

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "count": self.count,
            "outcome": str(self.outcome),
            "reason": str(self.reason),
        }


@dataclass
class Erasure:
    """Collects a provider's erasure lines and, unless ``dry_run``, carries them out.

    Each step counts its rows first, so the dry run and the real run report the same
    numbers; a step with no rows is left out.
    """

    dry_run: bool
    lines: list[ErasureLine] = field(default_factory=list)

    def _line(self, model: str, count: int, outcome: Outcome, reason) -> bool:
        if count:
            self.lines.append(ErasureLine(model, count, outcome, reason))
        return bool(count) and not self.dry_run

    def delete(self, model: str, queryset: QuerySet, reason: Promise | str = "") -> None:
        if self._line(model, queryset.count(), Outcome.DELETED, reason):
            queryset.delete()

    def update(
        self, model: str, queryset: QuerySet, values: dict[str, Any], outcome: Outcome, reason
    ) -> None:
        if self._line(model, queryset.count(), outcome, reason):
            queryset.update(**values)

    def keep(self, model: str, queryset_or_count, reason: Promise | str) -> None:
        count = (
            queryset_or_count if isinstance(queryset_or_count, int) else queryset_or_count.count()
        )
        self._line(model, count, Outcome.KEPT, reason)

    def run(self, model: str, count: int, outcome: Outcome, reason, action) -> None:
        """A step that needs code of its own (``action()`` runs only for real)."""
        if self._line(model, count, outcome, reason):
            action()


class Provider:
    """What one app holds about a person, and how it exports and erases it.

    Subclasses set ``app_label``, ``personal_data`` and ``sections`` and implement
    ``export``, ``erase`` and (when the app stores files) ``files``. ``erase_order``
    orders the providers during erasure: lower first; accounts anonymises the person
    last, after every other app removed what hangs off them.
    """

    app_label: str = ""
    personal_data: tuple[PersonalData, ...] = ()
    sections: dict[str, Section] = {}
    erase_order: int = 50

    @property
    def verbose_name(self) -> str:
        return str(apps.get_app_config(self.app_label).verbose_name)

    def personal_data_declared(self) -> Iterable[PersonalData]:
        """The declarations; a provider may add some that depend on installed apps."""
        return self.personal_data

    def export(self, person) -> dict[str, Any]:
        raise NotImplementedError

    def erase(self, person, *, dry_run: bool) -> list[ErasureLine]:
        raise NotImplementedError

    def files(self, person) -> list[str]:
        """Storage paths (default storage) of files about the person that erasure deletes."""
        return []


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> Provider:
    if not provider.app_label:
        raise ValueError(f"{type(provider).__name__} names no app_label")
    _providers[provider.app_label] = provider
    return provider


def unregister(app_label: str) -> None:
    _providers.pop(app_label, None)


def providers() -> list[Provider]:
    """Every registered provider in erasure order (and, within one order, by app label)."""
    return sorted(_providers.values(), key=lambda p: (p.erase_order, p.app_label))


def provider_for(app_label: str) -> Provider | None:
    return _providers.get(app_label)


def autodiscover() -> None:
    """Import ``<app>.privacy`` of every installed trajectwijzer app (it registers itself)."""
    for config in apps.get_app_configs():
        if config.name.startswith(PROJECT_PACKAGE) and module_has_submodule(
            config.module, "privacy"
        ):
            importlib.import_module(f"{config.name}.privacy")


# Helpers for exports -------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value as JSON can hold it: dates as ISO text, files as their name."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    return value


def rows(queryset: QuerySet, *fields: str) -> list[dict[str, Any]]:
    """The rows of ``queryset`` as plain dicts of ``fields`` (lookups like ``a__b`` allowed)."""
    return [plain(row) for row in queryset.values(*fields)]


# Coverage: every reference to a person is declared --------------------------------


def person_references() -> list[tuple[str, str]]:
    """(model label, field name) of every field, in every installed app, that points to
    the user model: each one is personal data some provider must account for."""
    from django.conf import settings

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():  # auto-created M2M tables are covered by their field
        for model_field in model._meta.get_fields(include_hidden=True):
            if model_field.auto_created and not model_field.concrete:
                continue  # reverse relations: declared on the other side
            if model_field.is_relation and model_field.related_model is user_model:
                found.append((model._meta.label, model_field.name))
    return found


def uncovered_person_references() -> list[str]:
    declared = {
        (item.model, name)
        for provider in providers()
        for item in provider.personal_data_declared()
        for name in item.fields
    }
    return [
        f"{label}.{name}" for label, name in person_references() if (label, name) not in declared
    ]
