"""Competence frameworks as data: import and export as JSON or CSV.

A framework travels with its mastery scale (levels), competences (with the ESCO skill
URI), indicators and the catalogue modules that cover each competence. The same
rules as the programme import apply (``docs/catalogue-import.md``): every problem is
reported as ``row N, field F: message`` naming what is allowed, and nothing is
written when any row has an error. Frameworks are upserted by ``code``; levels by
``rank``, competences by ``code`` within the framework, indicators by ``code`` within
the competence. An import adds and updates, it never deletes: a competence may carry
observations, goals and assessments, so removing one is a deliberate act in the admin.
The format is described for people in ``docs/development.md``.

JSON: a list of framework objects::

    {"code", "title", "title_fr", "title_en", "description", "qualification",
     "levels": [{"rank", "title", "title_fr", "title_en", "description"}],
     "competences": [{"code", "title", "title_fr", "title_en", "description", "esco_uri",
                      "indicators": [{"code", "title", "title_fr", "title_en"}],
                      "modules": ["PROGRAMME_EXTERNAL_ID#MODULE_CODE", …]}]}

CSV: one table with a ``type`` column (framework, level, competence, indicator); see
``CSV_COLUMNS``. Rows after a framework row belong to that framework (the
``framework`` column repeats its code); indicator rows name their ``competence``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from trajectwijzer import spreadsheets
from trajectwijzer.safe_input import UnsafeInput, load_json

from .importing import FileFormatError, RowError, _kind
from .models import Competence, CompetenceFramework, Indicator, MasteryLevel, Module, Qualification

ESCO_PREFIX = "http://data.europa.eu/esco/"
MODULE_SEPARATOR = "#"
LIST_SEPARATOR = "|"
LANGUAGES = ("fr", "en")
ROW_TYPES = ("framework", "level", "competence", "indicator")
CSV_COLUMNS = (
    "type",
    "framework",
    "competence",
    "code",
    "rank",
    "title",
    "title_fr",
    "title_en",
    "description",
    "qualification",
    "esco_uri",
    "modules",
)
# Which columns each row type may fill (besides type/framework).
CSV_FIELDS = {
    "framework": {"title", "title_fr", "title_en", "description", "qualification"},
    "level": {"rank", "title", "title_fr", "title_en", "description"},
    "competence": {"code", "title", "title_fr", "title_en", "description", "esco_uri", "modules"},
    "indicator": {"competence", "code", "title", "title_fr", "title_en"},
}
FRAMEWORK_KEYS = ("code", "title", "title_fr", "title_en", "description", "qualification")
LEVEL_KEYS = ("rank", "title", "title_fr", "title_en", "description")
COMPETENCE_KEYS = ("code", "title", "title_fr", "title_en", "description", "esco_uri")
INDICATOR_KEYS = ("code", "title", "title_fr", "title_en")
MAX_RANK = 20


class _Invalid(Exception):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


@dataclass
class FrameworkImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


# Reading ------------------------------------------------------------------------------


def read_json(text: str, source: str) -> list[tuple[int, Any]]:
    import json

    try:
        # Bounded depth and no lone surrogates (NUL is named per row further on).
        data = load_json(text, max_bytes=None, allow_nul=True)
    except json.JSONDecodeError as error:
        raise FileFormatError(
            f"{source} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}."
        ) from error
    except UnsafeInput as unsafe:
        raise FileFormatError(f"{source}: {unsafe}.") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise FileFormatError(f"{source}: expected a JSON list of frameworks, found {_kind(data)}.")
    return list(enumerate(data, start=1))


def read_csv(text: str, source: str) -> tuple[list[tuple[int, Any]], list[RowError]]:
    """CSV rows grouped into framework records like the JSON ones.

    Each nested item remembers its line (``_row``) so errors name the CSV line.
    """
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise FileFormatError(f"{source} is empty; expected a header line.") from None
    except csv.Error as error:
        raise FileFormatError(f"{source}: line 1 is not valid CSV: {error}") from error
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown:
        raise FileFormatError(
            f"{source}: unknown column(s) {', '.join(unknown)} (allowed: {', '.join(CSV_COLUMNS)})."
        )
    missing = [column for column in ("type", "framework", "title") if column not in header]
    if missing:
        raise FileFormatError(f"{source}: missing required column(s) {', '.join(missing)}.")
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if duplicates:
        raise FileFormatError(f"{source}: column(s) {', '.join(duplicates)} appear twice.")

    records: list[tuple[int, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    errors: list[RowError] = []
    next_line = reader.line_num + 1
    try:
        for cells in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                errors.append(
                    RowError(line, None, f"{len(cells)} values for {len(header)} columns")
                )
                continue
            raw = {
                key: spreadsheets.read_cell(value) for key, value in zip(header, cells, strict=True)
            }
            kind = raw.get("type", "")
            if kind not in ROW_TYPES:
                errors.append(
                    RowError(
                        line, "type", f"{kind!r} is not allowed (allowed: {', '.join(ROW_TYPES)})"
                    )
                )
                continue
            extra = [
                key
                for key, value in raw.items()
                if value and key not in ("type", "framework") and key not in CSV_FIELDS[kind]
            ]
            for key in extra:
                allowed = ", ".join(sorted(CSV_FIELDS[kind]))
                errors.append(RowError(line, key, f"not used on a {kind} row (allowed: {allowed})"))
            values = {key: value for key, value in raw.items() if key in CSV_FIELDS[kind]}
            code = raw.get("framework", "")
            if kind == "framework":
                if not code:
                    errors.append(RowError(line, "framework", "required"))
                    continue
                values["code"] = code
                values.update(levels=[], competences=[], _row=line)
                if code in by_code:
                    errors.append(
                        RowError(
                            line,
                            "framework",
                            f"{code!r} also appears in row {by_code[code]['_row']}",
                        )
                    )
                    continue
                by_code[code] = values
                records.append((line, values))
                continue
            framework = by_code.get(code)
            if framework is None:
                errors.append(
                    RowError(line, "framework", f"no framework row for {code!r} above this row")
                )
                continue
            values["_row"] = line
            if kind == "level":
                framework["levels"].append(values)
            elif kind == "competence":
                if "modules" in values:
                    values["modules"] = [
                        item.strip()
                        for item in values["modules"].split(LIST_SEPARATOR)
                        if item.strip()
                    ]
                values["indicators"] = []
                framework["competences"].append(values)
            else:
                competence_code = values.pop("competence", "")
                parent = next(
                    (c for c in framework["competences"] if c.get("code") == competence_code), None
                )
                if parent is None:
                    errors.append(
                        RowError(
                            line,
                            "competence",
                            f"no competence {competence_code!r} of framework {code!r} "
                            "above this row",
                        )
                    )
                    continue
                parent["indicators"].append(values)
    except csv.Error as error:
        raise FileFormatError(
            f"{source}: line {reader.line_num} is not valid CSV: {error}"
        ) from error
    return records, errors


# Validating -------------------------------------------------------------------------


def _text(raw: dict, key: str, path: str, limit: int, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Invalid(f"{path}{key}", f"expected text, found {_kind(value)}")
    value = spreadsheets.trim_text(value)
    if "\x00" in value:
        raise _Invalid(f"{path}{key}", "contains a NUL character (\\u0000), which text cannot hold")
    if required and not value:
        raise _Invalid(f"{path}{key}", "required")
    if len(value) > limit:
        raise _Invalid(f"{path}{key}", f"at most {limit} characters ({len(value)} given)")
    return value


def _check_keys(raw: dict, allowed: tuple[str, ...], path: str) -> None:
    unknown = [key for key in raw if key not in allowed and not key.startswith("_")]
    if unknown:
        raise _Invalid(f"{path}{unknown[0]}", f"unknown field (allowed: {', '.join(allowed)})")


def _translations(raw: dict, path: str, limit: int) -> dict[str, str]:
    return {
        lang: _text(raw, f"title_{lang}", path, limit)
        for lang in LANGUAGES
        if f"title_{lang}" in raw
    }


@dataclass
class _Plan:
    row: int
    code: str
    values: dict[str, Any]
    levels: list[dict[str, Any]]
    competences: list[dict[str, Any]]


def _list(raw: dict, key: str, path: str) -> list:
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(f"{path}{key}", f"expected a list, found {_kind(value)}")
    return value


def _validate(row: int, raw: Any, errors: list[RowError]) -> _Plan | None:
    def error(exc: _Invalid, at: int | None = None) -> None:
        errors.append(RowError(at or row, exc.field_name, exc.message))

    if not isinstance(raw, dict):
        errors.append(
            RowError(row, None, f"expected an object with framework fields, found {_kind(raw)}")
        )
        return None
    before = len(errors)
    try:
        _check_keys(raw, (*FRAMEWORK_KEYS, "levels", "competences"), "")
    except _Invalid as exc:
        error(exc)
    values: dict[str, Any] = {}
    code = ""
    try:
        code = _text(raw, "code", "", 50, required=True)
        values["title"] = _text(raw, "title", "", 255, required=True)
        values["description"] = _text(raw, "description", "", 10_000)
        values["translations"] = _translations(raw, "", 255)
        qualification = _text(raw, "qualification", "", 50)
        values["qualification"] = None
        if qualification:
            values["qualification"] = Qualification.objects.filter(code=qualification).first()
            if values["qualification"] is None:
                raise _Invalid("qualification", f"no qualification with code {qualification!r}")
    except _Invalid as exc:
        error(exc)

    levels: list[dict[str, Any]] = []
    ranks: set[int] = set()
    try:
        raw_levels = _list(raw, "levels", "")
    except _Invalid as exc:
        error(exc)
        raw_levels = []
    for index, level in enumerate(raw_levels, start=1):
        path = f"levels[{index}]."
        at = level.get("_row") if isinstance(level, dict) else None
        try:
            if not isinstance(level, dict):
                raise _Invalid(path[:-1], f"expected an object, found {_kind(level)}")
            _check_keys(level, LEVEL_KEYS, path)
            rank_value = level.get("rank")
            try:
                rank = int(str(rank_value).strip()) if not isinstance(rank_value, bool) else None
            except ValueError:
                rank = None
            if rank is None or not 1 <= rank <= MAX_RANK:
                raise _Invalid(
                    f"{path}rank", f"{rank_value!r} is not allowed (allowed: 1–{MAX_RANK})"
                )
            if rank in ranks:
                raise _Invalid(f"{path}rank", f"rank {rank} appears twice")
            ranks.add(rank)
            levels.append(
                {
                    "rank": rank,
                    "title": _text(level, "title", path, 100, required=True),
                    "description": _text(level, "description", path, 10_000),
                    "translations": _translations(level, path, 100),
                }
            )
        except _Invalid as exc:
            error(exc, at)

    competences: list[dict[str, Any]] = []
    codes: set[str] = set()
    try:
        raw_competences = _list(raw, "competences", "")
    except _Invalid as exc:
        error(exc)
        raw_competences = []
    for index, item in enumerate(raw_competences, start=1):
        path = f"competences[{index}]."
        at = item.get("_row") if isinstance(item, dict) else None
        try:
            if not isinstance(item, dict):
                raise _Invalid(path[:-1], f"expected an object, found {_kind(item)}")
            _check_keys(item, (*COMPETENCE_KEYS, "indicators", "modules"), path)
            competence_code = _text(item, "code", path, 50, required=True)
            if competence_code in codes:
                raise _Invalid(
                    f"{path}code", f"{competence_code!r} appears twice in this framework"
                )
            codes.add(competence_code)
            esco_uri = _text(item, "esco_uri", path, 200)
            if esco_uri:
                try:
                    URLValidator()(esco_uri)
                except ValidationError:
                    raise _Invalid(
                        f"{path}esco_uri", f"{esco_uri!r} is not a web address"
                    ) from None
                if not esco_uri.startswith(ESCO_PREFIX):
                    raise _Invalid(
                        f"{path}esco_uri",
                        f"an ESCO URI starts with {ESCO_PREFIX} ({esco_uri!r} given)",
                    )
            competence = {
                "code": competence_code,
                "title": _text(item, "title", path, 255, required=True),
                "description": _text(item, "description", path, 10_000),
                "esco_uri": esco_uri,
                "translations": _translations(item, path, 255),
                "position": index,
                "indicators": [],
                "modules": None,
            }
            if "modules" in item:
                competence["modules"] = _modules(item, path, code)
        except _Invalid as exc:
            error(exc, at)
            continue
        indicator_codes: set[str] = set()
        raw_indicators = item.get("indicators") or []
        if not isinstance(raw_indicators, list):
            error(
                _Invalid(f"{path}indicators", f"expected a list, found {_kind(raw_indicators)}"), at
            )
            raw_indicators = []
        for indicator_index, indicator in enumerate(raw_indicators, start=1):
            indicator_path = f"{path}indicators[{indicator_index}]."
            indicator_at = indicator.get("_row") if isinstance(indicator, dict) else at
            try:
                if not isinstance(indicator, dict):
                    raise _Invalid(
                        indicator_path[:-1], f"expected an object, found {_kind(indicator)}"
                    )
                _check_keys(indicator, INDICATOR_KEYS, indicator_path)
                indicator_code = _text(indicator, "code", indicator_path, 50, required=True)
                if indicator_code in indicator_codes:
                    raise _Invalid(
                        f"{indicator_path}code",
                        f"{indicator_code!r} appears twice in this competence",
                    )
                indicator_codes.add(indicator_code)
                competence["indicators"].append(
                    {
                        "code": indicator_code,
                        "title": _text(indicator, "title", indicator_path, 500, required=True),
                        "translations": _translations(indicator, indicator_path, 500),
                        "position": indicator_index,
                    }
                )
            except _Invalid as exc:
                error(exc, indicator_at)
        competences.append(competence)
    if len(errors) > before:
        return None
    return _Plan(row=row, code=code, values=values, levels=levels, competences=competences)


def _modules(item: dict, path: str, framework_code: str) -> list[Module]:
    references = item.get("modules")
    if isinstance(references, str):
        references = [r.strip() for r in references.split(LIST_SEPARATOR) if r.strip()]
    if references is None:
        references = []
    if not isinstance(references, list):
        raise _Invalid(f"{path}modules", f"expected a list, found {_kind(references)}")
    modules = []
    for reference in references:
        if (
            not isinstance(reference, str)
            or MODULE_SEPARATOR not in reference
            or "\x00" in reference
        ):
            raise _Invalid(
                f"{path}modules",
                f"{reference!r} is not a module reference "
                "(allowed: PROGRAMME_EXTERNAL_ID#MODULE_CODE)",
            )
        external_id, module_code = (part.strip() for part in reference.split(MODULE_SEPARATOR, 1))
        module = (
            Module.objects.filter(programme__external_id=external_id, code=module_code)
            .select_related("programme__framework")
            .first()
        )
        if module is None:
            raise _Invalid(
                f"{path}modules", f"no module {module_code!r} in programme {external_id!r}"
            )
        framework = module.programme.framework
        if framework is not None and framework.code != framework_code:
            raise _Invalid(
                f"{path}modules",
                f"programme {external_id!r} uses framework {framework.code!r}, "
                f"not {framework_code!r}",
            )
        modules.append(module)
    return modules


# Writing ----------------------------------------------------------------------------


def _merge_translations(stored: dict, new: dict[str, str], field_name: str = "title") -> dict:
    merged = {lang: dict(values) for lang, values in (stored or {}).items()}
    for lang, text in new.items():
        if text:
            merged.setdefault(lang, {})[field_name] = text
        else:
            merged.get(lang, {}).pop(field_name, None)
            if lang in merged and not merged[lang]:
                del merged[lang]
    return merged


def _upsert(model, lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, bool]:
    """Create or update; return (instance, whether anything was written)."""
    instance = model.objects.filter(**lookup).first()
    if "translations" in values:
        values = {
            **values,
            "translations": _merge_translations(
                instance.translations if instance else {}, values["translations"]
            ),
        }
    if instance is None:
        return model.objects.create(**lookup, **values), True
    changed = [
        name
        for name, value in values.items()
        if getattr(instance, instance._meta.get_field(name).attname)
        != (value.pk if hasattr(value, "pk") else value)
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance, bool(changed)


def _apply(plan: _Plan) -> tuple[bool, bool]:
    """Write one framework; return (created, changed)."""
    existing = CompetenceFramework.objects.filter(code=plan.code).exists()
    framework, changed = _upsert(CompetenceFramework, {"code": plan.code}, plan.values)
    for level in plan.levels:
        _instance, level_changed = _upsert(
            MasteryLevel,
            {"framework": framework, "rank": level["rank"]},
            {k: v for k, v in level.items() if k != "rank"},
        )
        changed |= level_changed
    for item in plan.competences:
        values = {
            k: item[k] for k in ("title", "description", "esco_uri", "translations", "position")
        }
        competence, competence_changed = _upsert(
            Competence, {"framework": framework, "code": item["code"]}, values
        )
        changed |= competence_changed
        for indicator in item["indicators"]:
            _instance, indicator_changed = _upsert(
                Indicator,
                {"competence": competence, "code": indicator["code"]},
                {k: indicator[k] for k in ("title", "translations", "position")},
            )
            changed |= indicator_changed
        if item["modules"] is not None:
            wanted = {module.pk for module in item["modules"]}
            stored = set(competence.modules.values_list("pk", flat=True))
            if wanted != stored:
                competence.modules.set(wanted)
                changed = True
    return not existing, changed


def import_frameworks(
    records: Iterable[tuple[int, Any]], *, dry_run: bool = False
) -> FrameworkImportResult:
    """Validate every record, then (only without any error) write them all in one transaction."""
    result = FrameworkImportResult()
    plans: list[_Plan] = []
    first_row: dict[str, int] = {}
    for row, raw in records:
        plan = _validate(row, raw, result.errors)
        if plan is None:
            continue
        if plan.code in first_row:
            result.errors.append(
                RowError(row, "code", f"{plan.code!r} also appears in row {first_row[plan.code]}")
            )
            continue
        first_row[plan.code] = row
        plans.append(plan)
    result.errors.sort(key=lambda e: e.row)
    if result.errors:
        return result
    with transaction.atomic():
        for plan in plans:
            created, changed = _apply(plan)
            (result.created if created else result.updated if changed else result.unchanged).append(
                plan.code
            )
        if dry_run:
            transaction.set_rollback(True)
    return result


# Export -----------------------------------------------------------------------------


def _with_translations(record: dict[str, Any], translations: dict) -> dict:
    """The record with the title_fr and title_en keys of the export format."""
    for lang in LANGUAGES:
        record[f"title_{lang}"] = (translations or {}).get(lang, {}).get("title", "")
    return record


def export_framework(framework: CompetenceFramework) -> dict[str, Any]:
    """The framework in the import format; importing it again changes nothing."""
    record: dict[str, Any] = _with_translations(
        {"code": framework.code, "title": framework.title}, framework.translations
    )
    record["description"] = framework.description
    record["qualification"] = framework.qualification.code if framework.qualification else ""
    record["levels"] = [
        _with_translations(
            {"rank": level.rank, "title": level.title, "description": level.description},
            level.translations,
        )
        for level in framework.levels.order_by("rank")
    ]
    record["competences"] = []
    competences = framework.competences.order_by("position", "code").prefetch_related(
        "indicators", "modules__programme"
    )
    for competence in competences:
        item = _with_translations(
            {"code": competence.code, "title": competence.title}, competence.translations
        )
        item["description"] = competence.description
        item["esco_uri"] = competence.esco_uri
        item["indicators"] = [
            _with_translations({"code": i.code, "title": i.title}, i.translations)
            for i in sorted(competence.indicators.all(), key=lambda i: (i.position, i.code))
        ]
        item["modules"] = sorted(
            f"{m.programme.external_id}{MODULE_SEPARATOR}{m.code}" for m in competence.modules.all()
        )
        record["competences"].append(item)
    return record


def export_csv_rows(record: dict[str, Any]) -> list[dict[str, str]]:
    code = record["code"]
    rows = [
        {
            "type": "framework",
            "framework": code,
            **{k: record[k] for k in FRAMEWORK_KEYS if k != "code"},
        }
    ]
    for level in record["levels"]:
        rows.append({"type": "level", "framework": code, **{k: str(level[k]) for k in LEVEL_KEYS}})
    for item in record["competences"]:
        rows.append(
            {
                "type": "competence",
                "framework": code,
                **{k: item[k] for k in COMPETENCE_KEYS},
                "modules": LIST_SEPARATOR.join(item["modules"]),
            }
        )
        for indicator in item["indicators"]:
            rows.append(
                {
                    "type": "indicator",
                    "framework": code,
                    "competence": item["code"],
                    **{k: indicator[k] for k in INDICATOR_KEYS},
                }
            )
    return rows


def write_csv(records: list[dict[str, Any]], stream) -> None:
    writer = spreadsheets.dict_writer(
        stream, fieldnames=CSV_COLUMNS, lineterminator="\n", restval=""
    )
    writer.writeheader()
    for record in records:
        writer.writerows(export_csv_rows(record))
