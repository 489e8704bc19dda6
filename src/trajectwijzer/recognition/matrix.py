"""The exemption matrix and EVK concordance table as data: import and export (CSV, JSON).

Each row is one :class:`~.models.ExemptionRule`: *this* source (a qualification, a
module of any provider, a credential type, or competences recognised in a
competentiebewijs) grants *that* exemption (a whole module, or hours of it) at the
target module's provider, valid from/until. Woodwize's exemption matrix and its EVK
concordance table (seed 001) are the models.

The catalogue import's rules apply (``docs/catalogue-import.md``): every problem is
reported as "row N, field F: message" naming what is allowed, and nothing is written
when any row has an error. Rules are upserted by ``code``; an import never deletes.
Exporting and importing the export changes nothing, and exporting again gives the
same file. CSV goes through ``trajectwijzer.spreadsheets`` both ways.

Columns (CSV header; the same keys in a JSON list of objects)::

    code, source_kind, source_qualification, source_module, source_credential_type,
    source_competences, target_module, grant, hours, valid_from, valid_until,
    automatic, note, maintained_by

- a module is ``provider slug/programme external id/module code``
  (``woodwize/demo-woodwize-machinaal-houtbewerker/SCHA``);
- ``source_competences`` is ``framework code:competence code|competence code``;
- dates are ``YYYY-MM-DD``; ``hours`` a whole number (JSON: a number or null);
  ``automatic`` true/false (JSON: a boolean); text fields not used are empty.

The format is described for people in ``docs/recognition.md`` ("Exemption matrix").
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from trajectwijzer import spreadsheets
from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import Organisation, User
from trajectwijzer.catalogue.importing import FileFormatError
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Module,
    Programme,
    Provider,
    Qualification,
)
from trajectwijzer.safe_input import UnsafeInput, load_json

from .models import ExemptionRule, RuleGrant, RuleSource

COLUMNS = (
    "code",
    "source_kind",
    "source_qualification",
    "source_module",
    "source_credential_type",
    "source_competences",
    "target_module",
    "grant",
    "hours",
    "valid_from",
    "valid_until",
    "automatic",
    "note",
    "maintained_by",
)
REQUIRED_COLUMNS = ("code", "source_kind", "target_module", "grant", "valid_from", "maintained_by")
MODULE_SEPARATOR = "/"
FRAMEWORK_SEPARATOR = ":"
LIST_SEPARATOR = "|"
# Which source column each source kind fills; the others stay empty.
SOURCE_COLUMN = {
    RuleSource.QUALIFICATION: "source_qualification",
    RuleSource.MODULE: "source_module",
    RuleSource.CREDENTIAL_TYPE: "source_credential_type",
    RuleSource.COMPETENCES: "source_competences",
}
TEXT_LIMITS = {
    "code": 80,
    "source_qualification": 50,
    "source_module": 500,
    "source_credential_type": 100,
    "source_competences": 2000,
    "target_module": 500,
    "note": 5000,
    "maintained_by": 200,
}
MAX_HOURS = 100_000
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "ja"})
FALSE_WORDS = frozenset({"false", "0", "no", "n", "nee", ""})
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class RuleError:
    """One problem with one row: the row (CSV line or JSON position) and the field."""

    row: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return _("row %(row)s, field %(field)s: %(message)s") % {
                "row": self.row,
                "field": self.field,
                "message": self.message,
            }
        return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class MatrixImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    written: bool = False

    @property
    def failed_rows(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def summary(self) -> str:
        return _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
        }


class _Invalid(Exception):
    def __init__(self, field_name: str | None, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    return {
        dict: _("an object"),
        list: _("a list"),
        str: _("text"),
        type(None): _("null"),
    }.get(type(value), _("a value"))


# Reading files ------------------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            _(
                "%(source)s is not UTF-8 encoded (byte 0x%(byte)02x at position %(position)s); "
                "save it as UTF-8, in Excel as 'CSV UTF-8'."
            )
            % {"source": source, "byte": data[error.start], "position": error.start}
        ) from error


def read_csv(text: str, source: str) -> list[tuple[int, Any]]:
    """Rows as (line number, {column: value}); the header is line 1.

    Accepts ``,`` or ``;`` as delimiter (Excel in Belgian locales writes ``;``).
    """
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration:
        raise FileFormatError(
            _("%(source)s is empty; expected a header line.") % {"source": source}
        ) from None
    except csv.Error as error:
        raise FileFormatError(
            _("%(source)s: line 1 is not valid CSV: %(error)s") % {"source": source, "error": error}
        ) from error
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        raise FileFormatError(
            _("%(source)s: unknown column(s) %(columns)s (allowed: %(allowed)s).")
            % {"source": source, "columns": ", ".join(unknown), "allowed": ", ".join(COLUMNS)}
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise FileFormatError(
            _("%(source)s: missing required column(s) %(columns)s.")
            % {"source": source, "columns": ", ".join(missing)}
        )
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if duplicates:
        raise FileFormatError(
            _("%(source)s: column(s) %(columns)s appear twice.")
            % {"source": source, "columns": ", ".join(duplicates)}
        )
    rows: list[tuple[int, Any]] = []
    next_line = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted value may span lines: the row starts right after the previous one.
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                rows.append(
                    (
                        line,
                        _("%(values)s values for %(columns)s columns")
                        % {"values": len(cells), "columns": len(header)},
                    )
                )
                continue
            rows.append(
                (
                    line,
                    {
                        column: spreadsheets.read_cell(cell)
                        for column, cell in zip(header, cells, strict=True)
                    },
                )
            )
    except csv.Error as error:
        raise FileFormatError(
            _("%(source)s: line %(line)s is not valid CSV: %(error)s")
            % {"source": source, "line": reader.line_num, "error": error}
        ) from error
    return rows


def read_json(text: str, source: str) -> list[tuple[int, Any]]:
    """Records as (1-based position in the list, object)."""
    try:
        data = load_json(text, max_bytes=None, allow_nul=True)
    except json.JSONDecodeError as error:
        raise FileFormatError(
            _("%(source)s is not valid JSON: line %(line)s, column %(column)s: %(error)s.")
            % {"source": source, "line": error.lineno, "column": error.colno, "error": error.msg}
        ) from error
    except UnsafeInput as unsafe:
        raise FileFormatError(f"{source}: {unsafe}.") from None
    if not isinstance(data, list):
        raise FileFormatError(
            _("%(source)s: expected a JSON list of exemption rules, found %(found)s.")
            % {"source": source, "found": _kind(data)}
        )
    return list(enumerate(data, start=1))


def read(data: bytes, file_format: str, source: str) -> list[tuple[int, Any]]:
    """The records of a CSV or JSON file; FileFormatError when the file as a whole is bad."""
    text = decode(data, source)
    return read_csv(text, source) if file_format == "csv" else read_json(text, source)


# Parsing one record (no database) -------------------------------------------------------


@dataclass(frozen=True)
class ModuleRef:
    """``provider/programme/module`` as written; the programme may itself hold ``/``."""

    text: str
    provider: str
    # (programme external id, module code) for every place the rest could be split.
    candidates: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CompetencesRef:
    text: str
    # (framework code, competence codes) for every place the text could be split at ":".
    candidates: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass
class _Record:
    row: int
    code: str
    values: dict[str, Any]
    source_qualification: str = ""
    source_module: ModuleRef | None = None
    source_competences: CompetencesRef | None = None
    target_module: ModuleRef | None = None
    maintained_by: str = ""


def _text(raw: Mapping, key: str, *, required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Invalid(key, _("expected text, found %(found)s") % {"found": _kind(value)})
    if "\x00" in value:
        raise _Invalid(key, _("contains a NUL character (\\u0000), which text cannot hold"))
    value = spreadsheets.trim_text(value)
    if required and not value:
        raise _Invalid(key, _("required"))
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        raise _Invalid(
            key,
            _("at most %(limit)s characters (%(given)s given)")
            % {"limit": limit, "given": len(value)},
        )
    return value


def _choice(raw: Mapping, key: str, allowed: Sequence[str]) -> str:
    value = _text(raw, key, required=True)
    if value not in allowed:
        raise _Invalid(
            key,
            _("%(value)r is not allowed (allowed: %(allowed)s)")
            % {"value": value, "allowed": ", ".join(allowed)},
        )
    return value


def _date(raw: Mapping, key: str, *, required: bool) -> datetime.date | None:
    value = raw.get(key)
    if value is None or value == "":
        if required:
            raise _Invalid(key, _("required (a date, YYYY-MM-DD)"))
        return None
    if not isinstance(value, str):
        raise _Invalid(
            key, _("expected a date (YYYY-MM-DD), found %(found)s") % {"found": _kind(value)}
        )
    text = value.strip()
    try:
        if not DATE_PATTERN.match(text):
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise _Invalid(
            key, _("%(value)r is not a date (allowed: YYYY-MM-DD)") % {"value": text[:40]}
        ) from None


def _hours(raw: Mapping) -> int | None:
    value = raw.get("hours")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _Invalid(
            "hours", _("expected a whole number, found %(found)s") % {"found": _kind(value)}
        )
    try:
        number = int(value.strip()) if isinstance(value, str) else value
    except ValueError:
        raise _Invalid(
            "hours", _("%(value)r is not a whole number") % {"value": value.strip()[:40]}
        ) from None
    if not 1 <= number <= MAX_HOURS:
        raise _Invalid(
            "hours",
            _("%(value)s is out of range (allowed: 1–%(max)s)")
            % {"value": number, "max": MAX_HOURS},
        )
    return number


def _boolean(raw: Mapping, key: str) -> bool:
    value = raw.get(key)
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS:
        return True
    if isinstance(value, str) and value.strip().lower() in FALSE_WORDS:
        return False
    raise _Invalid(key, _("%(value)r is not allowed (allowed: true, false)") % {"value": value})


def _module_ref(raw: Mapping, key: str, *, required: bool) -> ModuleRef | None:
    text = _text(raw, key, required=required)
    if not text:
        return None
    provider, _separator, rest = text.partition(MODULE_SEPARATOR)
    positions = [index for index, char in enumerate(rest) if char == MODULE_SEPARATOR]
    candidates = tuple(
        (rest[:index], rest[index + 1 :])
        for index in positions
        if rest[:index] and rest[index + 1 :]
    )
    if not provider or not candidates:
        raise _Invalid(
            key,
            _(
                "%(value)r is not a module reference (allowed: provider slug/programme "
                "external id/module code, e.g. woodwize/demo-woodwize-machinaal-houtbewerker/SCHA)"
            )
            % {"value": text[:80]},
        )
    return ModuleRef(text, provider, candidates)


def _competences_ref(raw: Mapping) -> CompetencesRef | None:
    text = _text(raw, "source_competences")
    if not text:
        return None
    candidates = []
    for index, char in enumerate(text):
        if char != FRAMEWORK_SEPARATOR:
            continue
        framework, codes = text[:index], text[index + 1 :]
        items = tuple(code.strip() for code in codes.split(LIST_SEPARATOR))
        if framework and items and all(items):
            candidates.append((framework, items))
    if not candidates:
        raise _Invalid(
            "source_competences",
            _(
                "%(value)r is not a list of competences (allowed: framework code:competence "
                "code|competence code, e.g. SAW:SAW-01|SAW-02)"
            )
            % {"value": text[:80]},
        )
    return CompetencesRef(text, tuple(candidates))


def parse_record(row: int, raw: Any) -> _Record | list[RuleError]:
    """One CSV row or JSON object as a record with codes, or every problem found in it."""
    if isinstance(raw, str):  # read_csv's marker for a row with the wrong number of cells
        return [RuleError(row, None, raw)]
    if not isinstance(raw, Mapping):
        return [
            RuleError(
                row,
                None,
                _("expected an object with exemption rule fields, found %(found)s")
                % {"found": _kind(raw)},
            )
        ]
    errors = [
        RuleError(
            row,
            str(key),
            _("unknown field (allowed: %(allowed)s)") % {"allowed": ", ".join(COLUMNS)},
        )
        for key in raw
        if key not in COLUMNS
    ]
    record = _Record(row=row, code="", values={})

    def attempt(function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except _Invalid as invalid:
            errors.append(RuleError(row, invalid.field_name, invalid.message))
            return None

    record.code = attempt(_text, raw, "code", required=True) or ""
    source_kind = attempt(_choice, raw, "source_kind", RuleSource.values)
    record.values["source_kind"] = source_kind
    record.source_qualification = attempt(_text, raw, "source_qualification") or ""
    record.source_module = attempt(_module_ref, raw, "source_module", required=False)
    credential_type = attempt(_text, raw, "source_credential_type") or ""
    record.values["source_credential_type"] = credential_type
    record.source_competences = attempt(_competences_ref, raw)
    record.target_module = attempt(_module_ref, raw, "target_module", required=True)
    grant = attempt(_choice, raw, "grant", RuleGrant.values)
    record.values["grant"] = grant
    hours = attempt(_hours, raw)
    record.values["hours"] = hours
    valid_from = attempt(_date, raw, "valid_from", required=True)
    valid_until = attempt(_date, raw, "valid_until", required=False)
    record.values.update(valid_from=valid_from, valid_until=valid_until)
    record.values["automatic"] = attempt(_boolean, raw, "automatic")
    record.values["note"] = attempt(_text, raw, "note") or ""
    record.maintained_by = attempt(_text, raw, "maintained_by", required=True) or ""

    if source_kind:
        given = {
            "source_qualification": record.source_qualification,
            "source_module": record.source_module,
            "source_credential_type": credential_type,
            "source_competences": record.source_competences,
        }
        wanted = SOURCE_COLUMN[source_kind]
        failed_fields = {error.field for error in errors}
        if not given[wanted] and wanted not in failed_fields:
            errors.append(
                RuleError(
                    row,
                    wanted,
                    _("required when source_kind is %(kind)s") % {"kind": source_kind},
                )
            )
        for column, value in given.items():
            if column != wanted and value:
                errors.append(
                    RuleError(
                        row,
                        column,
                        _("only used when source_kind is %(kind)s; leave it empty for %(given)s")
                        % {"kind": _kind_of_column(column), "given": source_kind},
                    )
                )
    if grant == RuleGrant.HOURS and hours is None and "hours" not in {e.field for e in errors}:
        errors.append(RuleError(row, "hours", _("required when grant is hours")))
    if grant == RuleGrant.WHOLE and hours is not None:
        errors.append(
            RuleError(row, "hours", _("only used when grant is hours; leave it empty for whole"))
        )
    if valid_from and valid_until and valid_until < valid_from:
        errors.append(
            RuleError(
                row,
                "valid_until",
                _("%(until)s is before valid_from %(from)s (allowed: on or after it)")
                % {"until": valid_until.isoformat(), "from": valid_from.isoformat()},
            )
        )
    return errors or record


def _kind_of_column(column: str) -> str:
    return next(kind for kind, name in SOURCE_COLUMN.items() if name == column)


# Resolving codes (a constant number of queries for the whole file) ---------------------


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(values)
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


@dataclass
class _Lookups:
    qualifications: dict[str, Qualification]
    organisations: dict[str, Organisation]
    providers: dict[str, Provider]
    programmes: dict[str, Programme]
    modules: dict[tuple[int, str], Module]
    frameworks: dict[str, CompetenceFramework]
    competences: dict[tuple[int, str], Competence]
    rules: dict[str, ExemptionRule]
    rule_competences: dict[int, set[int]]


def _fetch_lookups(records: list[_Record]) -> _Lookups:
    module_refs = [
        ref for record in records for ref in (record.source_module, record.target_module) if ref
    ]
    competence_refs = [record.source_competences for record in records if record.source_competences]
    lookups = _Lookups({}, {}, {}, {}, {}, {}, {}, {}, {})
    for chunk in _chunks({r.source_qualification for r in records} - {""}):
        lookups.qualifications.update(
            (q.code, q) for q in Qualification.objects.filter(code__in=chunk)
        )
    for chunk in _chunks({r.maintained_by for r in records} - {""}):
        lookups.organisations.update(
            (o.slug, o) for o in Organisation.objects.filter(slug__in=chunk)
        )
    for chunk in _chunks({ref.provider for ref in module_refs}):
        lookups.providers.update(
            (p.slug, p)
            for p in Provider.objects.filter(slug__in=chunk).select_related("organisation")
        )
    external_ids = {external_id for ref in module_refs for external_id, _code in ref.candidates}
    for chunk in _chunks(external_ids):
        lookups.programmes.update(
            (p.external_id, p)
            for p in Programme.objects.filter(external_id__in=chunk).select_related("provider")
        )
    codes = {code for ref in module_refs for _external_id, code in ref.candidates}
    programme_ids = [programme.pk for programme in lookups.programmes.values()]
    for chunk in _chunks(programme_ids):
        for code_chunk in _chunks(codes):
            lookups.modules.update(
                ((m.programme_id, m.code), m)
                for m in Module.objects.filter(programme_id__in=chunk, code__in=code_chunk)
            )
    framework_codes = {fw for ref in competence_refs for fw, _codes in ref.candidates}
    for chunk in _chunks(framework_codes):
        lookups.frameworks.update(
            (f.code, f) for f in CompetenceFramework.objects.filter(code__in=chunk)
        )
    competence_codes = {c for ref in competence_refs for _fw, cs in ref.candidates for c in cs}
    framework_ids = [framework.pk for framework in lookups.frameworks.values()]
    for code_chunk in _chunks(competence_codes):
        lookups.competences.update(
            ((c.framework_id, c.code), c)
            for c in Competence.objects.filter(framework_id__in=framework_ids, code__in=code_chunk)
        )
    for chunk in _chunks({r.code for r in records} - {""}):
        lookups.rules.update(
            (rule.code, rule)
            for rule in ExemptionRule.objects.filter(code__in=chunk).select_related("maintained_by")
        )
    through = ExemptionRule.source_competences.through
    rule_ids = [rule.pk for rule in lookups.rules.values()]
    for chunk in _chunks(rule_ids):
        for rule_id, competence_id in through.objects.filter(
            exemptionrule_id__in=chunk
        ).values_list("exemptionrule_id", "competence_id"):
            lookups.rule_competences.setdefault(rule_id, set()).add(competence_id)
    return lookups


def _resolve_module(ref: ModuleRef, key: str, lookups: _Lookups) -> Module:
    provider = lookups.providers.get(ref.provider)
    if provider is None:
        raise _Invalid(key, _("no provider with slug %(slug)r") % {"slug": ref.provider})
    found = []
    for external_id, code in ref.candidates:
        programme = lookups.programmes.get(external_id)
        if programme is None or programme.provider_id != provider.pk:
            continue
        module = lookups.modules.get((programme.pk, code))
        if module is not None:
            module.programme = programme
            programme.provider = provider
            found.append(module)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise _Invalid(key, _("%(value)r names more than one module") % {"value": ref.text})
    programmes = [
        external_id
        for external_id, _code in ref.candidates
        if external_id in lookups.programmes
        and lookups.programmes[external_id].provider_id == provider.pk
    ]
    if not programmes:
        raise _Invalid(
            key,
            _("no programme %(programme)r at provider %(provider)r")
            % {"programme": ref.candidates[0][0], "provider": ref.provider},
        )
    code = next(code for external_id, code in ref.candidates if external_id == programmes[0])
    raise _Invalid(
        key,
        _("no module %(code)r in programme %(programme)r")
        % {"code": code, "programme": programmes[0]},
    )


def _resolve_competences(ref: CompetencesRef, lookups: _Lookups) -> list[Competence]:
    key = "source_competences"
    options = [
        (lookups.frameworks[fw], codes) for fw, codes in ref.candidates if fw in lookups.frameworks
    ]
    if not options:
        raise _Invalid(
            key,
            _("no competence framework with code %(code)r") % {"code": ref.candidates[0][0]},
        )
    framework, codes = options[0]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise _Invalid(
            key, _("competence(s) %(codes)s appear twice") % {"codes": ", ".join(duplicates)}
        )
    missing = [code for code in codes if (framework.pk, code) not in lookups.competences]
    if missing:
        raise _Invalid(
            key,
            _("no competence(s) %(codes)s in framework %(framework)r")
            % {"codes": ", ".join(missing), "framework": framework.code},
        )
    return [lookups.competences[(framework.pk, code)] for code in codes]


@dataclass
class _Plan:
    record: _Record
    rule: ExemptionRule
    is_new: bool
    changed: bool
    competence_ids: list[int] | None


def _may_maintain(actor: User, provider: Provider) -> bool:
    from . import rules

    return policy.can(actor, rules.MANAGE_EXEMPTION_RULES, provider)


def _plan(record: _Record, lookups: _Lookups, actor: User | None) -> _Plan | list[RuleError]:
    errors: list[RuleError] = []
    values = dict(record.values)

    def attempt(function, *args):
        try:
            return function(*args)
        except _Invalid as invalid:
            errors.append(RuleError(record.row, invalid.field_name, invalid.message))
            return None

    qualification = None
    if record.source_qualification:
        qualification = lookups.qualifications.get(record.source_qualification)
        if qualification is None:
            errors.append(
                RuleError(
                    record.row,
                    "source_qualification",
                    _("no qualification with code %(code)r")
                    % {"code": record.source_qualification},
                )
            )
    source_module = (
        attempt(_resolve_module, record.source_module, "source_module", lookups)
        if record.source_module
        else None
    )
    competences = (
        attempt(_resolve_competences, record.source_competences, lookups)
        if record.source_competences
        else None
    )
    target = attempt(_resolve_module, record.target_module, "target_module", lookups)
    if target is not None:
        if target.is_workplace_learning:
            errors.append(
                RuleError(
                    record.row,
                    "target_module",
                    _(
                        "%(module)s is workplace learning, which can never be exempted "
                        "(allowed: a module that is not workplace learning)"
                    )
                    % {"module": record.target_module.text},
                )
            )
        elif not target.is_exemptable:
            errors.append(
                RuleError(
                    record.row,
                    "target_module",
                    _("%(module)s cannot be exempted (the catalogue says no exemption possible)")
                    % {"module": record.target_module.text},
                )
            )
        if source_module is not None and source_module.pk == target.pk:
            errors.append(
                RuleError(record.row, "target_module", _("the same module as source_module"))
            )
        hours = values.get("hours")
        if values.get("grant") == RuleGrant.HOURS and hours is not None:
            if target.hours is None:
                errors.append(
                    RuleError(
                        record.row,
                        "hours",
                        _(
                            "the target module has no hours in the catalogue "
                            "(allowed: grant whole, or record the module's hours first)"
                        ),
                    )
                )
            elif hours > target.hours:
                errors.append(
                    RuleError(
                        record.row,
                        "hours",
                        _(
                            "%(hours)s is more than the module's %(total)s hours "
                            "(allowed: 1–%(total)s)"
                        )
                        % {"hours": hours, "total": target.hours},
                    )
                )
    organisation = lookups.organisations.get(record.maintained_by) if record.maintained_by else None
    if record.maintained_by and organisation is None:
        errors.append(
            RuleError(
                record.row,
                "maintained_by",
                _("no organisation with slug %(slug)r") % {"slug": record.maintained_by},
            )
        )
    if organisation is not None and target is not None:
        provider = target.programme.provider
        if provider.organisation_id != organisation.pk:
            maintainer = provider.organisation.slug if provider.organisation else None
            errors.append(
                RuleError(
                    record.row,
                    "maintained_by",
                    (
                        _(
                            "%(organisation)s does not maintain provider %(provider)s "
                            "(allowed: %(maintainer)s)"
                        )
                        if maintainer
                        else _(
                            "%(organisation)s does not maintain provider %(provider)s, which "
                            "has no maintaining organisation"
                        )
                    )
                    % {
                        "organisation": organisation.slug,
                        "provider": provider.slug,
                        "maintainer": maintainer,
                    },
                )
            )
        elif actor is not None and not _may_maintain(actor, provider):
            errors.append(
                RuleError(
                    record.row,
                    "maintained_by",
                    _("you do not maintain the exemption rules of %(organisation)s")
                    % {"organisation": organisation.slug},
                )
            )
    stored = lookups.rules.get(record.code)
    if (
        stored is not None
        and actor is not None
        and (
            target is None
            or stored.target_module.programme.provider_id != target.programme.provider_id
        )
        and not _may_maintain(actor, stored.target_module.programme.provider)
    ):
        errors.append(
            RuleError(
                record.row,
                "code",
                _(
                    "rule %(code)s is maintained by %(organisation)s, "
                    "whose rules you do not maintain"
                )
                % {"code": record.code, "organisation": stored.maintained_by.slug},
            )
        )
    if errors:
        return errors

    fields = {
        "source_kind": values["source_kind"],
        "source_qualification": qualification,
        "source_module": source_module,
        "source_credential_type": values["source_credential_type"],
        "target_module": target,
        "grant": values["grant"],
        "hours": values["hours"],
        "valid_from": values["valid_from"],
        "valid_until": values["valid_until"],
        "automatic": values["automatic"],
        "note": values["note"],
        "maintained_by": organisation,
    }
    competence_ids = sorted(c.pk for c in competences) if competences is not None else []
    rule = stored or ExemptionRule(code=record.code)
    changed = stored is None
    for name, value in fields.items():
        if name in ("source_qualification", "source_module", "target_module", "maintained_by"):
            current = getattr(rule, f"{name}_id")
            new = value.pk if value is not None else None
            if current != new:
                setattr(rule, name, value)
                changed = True
        elif getattr(rule, name) != value:
            setattr(rule, name, value)
            changed = True
    competences_changed = stored is None or (
        lookups.rule_competences.get(stored.pk, set()) != set(competence_ids)
    )
    return _Plan(
        record=record,
        rule=rule,
        is_new=stored is None,
        changed=changed or competences_changed,
        competence_ids=competence_ids if competences_changed else None,
    )


def import_rules(
    records: Sequence[tuple[int, Any]],
    *,
    actor: User | None = None,
    dry_run: bool = False,
) -> MatrixImportResult:
    """Upsert exemption rules by code from (row number, record) pairs: all or nothing.

    ``actor`` None is an operator on the command line; otherwise the actor must maintain
    the rules of every row's ``maintained_by`` organisation (and of the stored rule it
    replaces). Importing the same records twice changes nothing.
    """
    result = MatrixImportResult()
    parsed: list[_Record] = []
    first_row_of: dict[str, int] = {}
    for row, raw in records:
        outcome = parse_record(row, raw)
        if isinstance(outcome, list):
            result.errors.extend(outcome)
            continue
        earlier = first_row_of.get(outcome.code)
        if earlier is not None:
            result.errors.append(
                RuleError(
                    row,
                    "code",
                    _("%(code)r also appears in row %(row)s")
                    % {"code": outcome.code, "row": earlier},
                )
            )
            continue
        first_row_of[outcome.code] = row
        parsed.append(outcome)
    lookups = _fetch_lookups(parsed)
    plans: list[_Plan] = []
    for record in parsed:
        plan = _plan(record, lookups, actor)
        if isinstance(plan, list):
            result.errors.extend(plan)
        else:
            plans.append(plan)
    result.errors.sort(key=lambda error: error.row)
    if result.errors:
        return result
    for plan in plans:
        bucket = (
            result.created if plan.is_new else result.updated if plan.changed else result.unchanged
        )
        bucket.append(plan.record.code)
    if dry_run:
        return result
    _apply(plans)
    result.written = True
    return result


@transaction.atomic
def _apply(plans: list[_Plan]) -> None:
    through = ExemptionRule.source_competences.through
    for plan in plans:
        if not plan.changed:
            continue
        plan.rule.save()
        if plan.competence_ids is not None:
            if not plan.is_new:
                through.objects.filter(exemptionrule_id=plan.rule.pk).delete()
            through.objects.bulk_create(
                through(exemptionrule_id=plan.rule.pk, competence_id=competence_id)
                for competence_id in plan.competence_ids
            )


# Export ---------------------------------------------------------------------------------


def rules_for_export(maintained_by: Iterable[int] | None = None):
    rules = ExemptionRule.objects.select_related(
        "source_qualification",
        "source_module__programme__provider",
        "target_module__programme__provider",
        "maintained_by",
    ).prefetch_related("source_competences__framework")
    if maintained_by is not None:
        rules = rules.filter(maintained_by_id__in=list(maintained_by))
    return rules.order_by("code")


def maintained_by_viewer(viewer: User) -> set[int] | None:
    """The organisations whose rules ``viewer`` exports (None: all, a platform admin)."""
    if policy.is_platform_admin(viewer):
        return None
    return policy.offer_maintainer_organisations(viewer)


def module_reference(module: Module) -> str:
    programme = module.programme
    return MODULE_SEPARATOR.join((programme.provider.slug, programme.external_id, module.code))


def export_record(rule: ExemptionRule) -> dict[str, Any]:
    """A rule as an import record with JSON values (see the module docstring)."""
    competences = sorted(rule.source_competences.all(), key=lambda c: c.code)
    return {
        "code": rule.code,
        "source_kind": rule.source_kind,
        "source_qualification": rule.source_qualification.code if rule.source_qualification else "",
        "source_module": module_reference(rule.source_module) if rule.source_module else "",
        "source_credential_type": rule.source_credential_type,
        "source_competences": (
            competences[0].framework.code
            + FRAMEWORK_SEPARATOR
            + LIST_SEPARATOR.join(c.code for c in competences)
            if competences
            else ""
        ),
        "target_module": module_reference(rule.target_module),
        "grant": rule.grant,
        "hours": rule.hours,
        "valid_from": rule.valid_from.isoformat(),
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else "",
        "automatic": rule.automatic,
        "note": rule.note,
        "maintained_by": rule.maintained_by.slug,
    }


def export_records(maintained_by: Iterable[int] | None = None) -> list[dict[str, Any]]:
    return [export_record(rule) for rule in rules_for_export(maintained_by)]


def write(records: Iterable[Mapping[str, Any]], file_format: str, stream: IO[str]) -> int:
    """Write records as CSV (through ``spreadsheets``) or JSON; returns how many."""
    records = list(records)
    if file_format == "json":
        json.dump(records, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return len(records)
    writer = spreadsheets.dict_writer(stream, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return len(records)


def dumps(records: Iterable[Mapping[str, Any]], file_format: str) -> str:
    stream = io.StringIO(newline="")
    write(records, file_format, stream)
    return stream.getvalue()
