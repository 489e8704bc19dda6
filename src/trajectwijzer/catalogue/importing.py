"""The exchange format for programmes: columns, reading CSV and JSON, parsing one record.

A *record* is one programme as a plain mapping (a CSV row or a JSON object). This
module turns records into :class:`ProgrammeRecord` objects with Python values, or
into :class:`RowError` objects that name the row and field the way the user sees
them. It knows nothing of the database: references (provider slug, qualification
code, external ids of the parent and the next step, competence codes) stay codes here
and are resolved by ``services.import_programmes``, which also runs the model's own
validation.

The format is described for people in ``docs/catalogue-import.md``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from trajectwijzer import spreadsheets
from trajectwijzer.safe_input import UnsafeInput, load_json

from .models import Delivery, Region

LIST_SEPARATOR = "|"
TRANSLATED_LANGUAGES = ("fr", "en")
TRANSLATED_FIELDS = ("title", "summary")

# Every column of the CSV format, in export order. JSON objects use the same keys,
# with real lists for the list fields and an extra "modules" list.
PROGRAMME_COLUMNS = (
    "external_id",
    "provider",
    "parent",
    "next_step",
    "qualification",
    "framework",
    "title",
    "title_fr",
    "title_en",
    "summary",
    "summary_fr",
    "summary_en",
    "description",
    "kind",
    "vks_level",
    "study_area",
    "delivery_modes",
    "locations",
    "keywords",
    "regions",
    "start_months",
    "duration_months",
    "study_credits",
    "contact_hours",
    "classroom_hours",
    "workplace_learning_share",
    "language",
    "price_eur",
    "leave_recognised_regions",
    "url",
    "is_published",
)
REQUIRED_CSV_COLUMNS = ("external_id", "provider", "title", "kind", "study_area")
# References to other programmes, by external id: the programme a microdegree is part
# of, and the next step on a learning ladder (leerladder).
PROGRAMME_LINK_COLUMNS = ("parent", "next_step")
REFERENCE_COLUMNS = (*PROGRAMME_LINK_COLUMNS, "qualification", "framework")
TEXT_FIELDS = ("title", "summary", "description", "kind", "study_area", "language", "url")
INTEGER_FIELDS: dict[str, tuple[int, int | None]] = {
    "vks_level": (1, 8),
    "duration_months": (0, None),
    "contact_hours": (0, None),
    "classroom_hours": (0, None),
    "workplace_learning_share": (0, 100),
}
DECIMAL_FIELDS = ("study_credits", "price_eur")
BOOLEAN_DEFAULTS = {"is_published": True}
# The model's clean() checks these lists too; the choices here give the import's
# "(allowed: …)" message before a model instance exists.
CHOICE_LIST_FIELDS: dict[str, list[str]] = {
    "delivery_modes": Delivery.values,
    "regions": Region.values,
    "leave_recognised_regions": Region.values,
}
TEXT_LIST_FIELDS = ("locations", "keywords")
MONTH_LIST_FIELD = "start_months"

MODULE_KEYS = (
    "code",
    "title",
    "title_fr",
    "title_en",
    "description",
    "study_credits",
    "hours",
    "term",
    "learning_outcomes",
    "is_workplace_learning",
    "is_exemptable",
    "is_elective",
    "elective_group",
    "position",
    "competences",
    "prerequisites",
)
MODULE_TEXT_FIELDS = ("code", "title", "description", "learning_outcomes", "elective_group")
MODULE_INTEGER_FIELDS: dict[str, tuple[int, int | None]] = {
    "hours": (0, None),
    "term": (0, None),
    "position": (0, None),
}
MODULE_BOOLEAN_DEFAULTS = {
    "is_workplace_learning": False,
    "is_exemptable": True,
    "is_elective": False,
}

TRUE_WORDS = frozenset({"true", "1", "yes", "y"})
FALSE_WORDS = frozenset({"false", "0", "no", "n"})


class FileFormatError(Exception):
    """The file as a whole cannot be read: wrong encoding, syntax or columns."""


@dataclass(frozen=True)
class RowError:
    row: int
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"row {self.row}, field {self.field}: {self.message}"
        return f"row {self.row}: {self.message}"


@dataclass
class ModuleRecord:
    values: dict[str, Any]
    translations: dict[str, str]
    competence_codes: list[str] | None
    prerequisite_codes: list[str] | None


@dataclass
class ProgrammeRecord:
    """One parsed programme; only the fields present in the source are set.

    A field absent from the record (no column, no JSON key) keeps its stored value on
    update and takes the model default on create.
    """

    row: int
    external_id: str
    provider_slug: str
    values: dict[str, Any] = field(default_factory=dict)
    # (language, field) -> text, "" meaning "remove this translation".
    translations: dict[tuple[str, str], str] = field(default_factory=dict)
    # A REFERENCE_COLUMNS name -> code or external id, "" meaning "none".
    references: dict[str, str] = field(default_factory=dict)
    modules: list[ModuleRecord] | None = None


class _InvalidValue(Exception):
    def __init__(self, message: str, field_name: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_name = field_name


# Reading files -------------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            f"{source} is not UTF-8 encoded (byte 0x{data[error.start]:02x} at position "
            f"{error.start}); save it as UTF-8, in Excel as 'CSV UTF-8'."
        ) from error


def read_csv(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number, {column: value}); the header is line 1.

    Accepts ``,`` or ``;`` as delimiter (Excel in Belgian locales writes ``;``).
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
    _check_columns(header, source)
    rows: list[tuple[int, dict[str, str]]] = []
    line_after_previous_row = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted value may span lines: the row starts right after the previous one.
            start_line = line_after_previous_row
            line_after_previous_row = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                rows.append((start_line, {"": f"{len(cells)} values for {len(header)} columns"}))
                continue
            cells = [spreadsheets.read_cell(cell) for cell in cells]
            rows.append((start_line, dict(zip(header, cells, strict=True))))
    except csv.Error as error:
        raise FileFormatError(
            f"{source}: line {reader.line_num} is not valid CSV: {error}"
        ) from error
    return rows


def _check_columns(header: list[str], source: str) -> None:
    unknown = [column for column in header if column not in PROGRAMME_COLUMNS]
    if unknown:
        raise FileFormatError(
            f"{source}: unknown column(s) {', '.join(unknown)} "
            f"(allowed: {', '.join(PROGRAMME_COLUMNS)})."
        )
    missing = [column for column in REQUIRED_CSV_COLUMNS if column not in header]
    if missing:
        raise FileFormatError(f"{source}: missing required column(s) {', '.join(missing)}.")
    duplicates = sorted({column for column in header if header.count(column) > 1})
    if duplicates:
        raise FileFormatError(f"{source}: column(s) {', '.join(duplicates)} appear twice.")


def read_json(text: str, source: str) -> list[tuple[int, Any]]:
    """Records as (1-based position in the list, object)."""
    try:
        # Bounded depth and no lone surrogates (NUL is named per row further on).
        data = load_json(text, max_bytes=None, allow_nul=True)
    except json.JSONDecodeError as error:
        raise FileFormatError(
            f"{source} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}."
        ) from error
    except UnsafeInput as unsafe:
        raise FileFormatError(f"{source}: {unsafe}.") from None
    if not isinstance(data, list):
        raise FileFormatError(f"{source}: expected a JSON list of programmes, found {_kind(data)}.")
    return list(enumerate(data, start=1))


def _kind(value: Any) -> str:
    return {dict: "an object", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else "a list"
    )


# Parsing one record ----------------------------------------------------------------


def parse_record(row: int, raw: Any) -> ProgrammeRecord | list[RowError]:
    """Parse a CSV row or JSON object; return the record or every problem found in it."""
    if not isinstance(raw, Mapping):
        return [
            RowError(row, None, f"expected an object with programme fields, found {_kind(raw)}")
        ]
    if "" in raw:  # read_csv's marker for a row with the wrong number of cells
        return [RowError(row, None, raw[""])]
    unknown = [key for key in raw if key not in PROGRAMME_COLUMNS and key != "modules"]
    errors = [
        RowError(row, key, f"unknown field (allowed: {', '.join(PROGRAMME_COLUMNS)}, modules)")
        for key in unknown
    ]
    identifiers = {}
    for key in ("external_id", "provider"):
        try:
            identifiers[key] = _text(raw.get(key))
        except _InvalidValue as error:
            errors.append(RowError(row, key, error.message))
            continue
        if not identifiers[key]:
            errors.append(RowError(row, key, "required"))
    record = ProgrammeRecord(
        row=row,
        external_id=identifiers.get("external_id", ""),
        provider_slug=identifiers.get("provider", ""),
    )
    for key, value in raw.items():
        if key in unknown or key in ("external_id", "provider"):
            continue
        try:
            _parse_programme_value(record, key, value)
        except _InvalidValue as error:
            errors.append(RowError(row, error.field_name or key, error.message))
    return errors or record


def _parse_programme_value(record: ProgrammeRecord, key: str, value: Any) -> None:
    if key in REFERENCE_COLUMNS:
        record.references[key] = _text(value)
    elif key == "modules":
        record.modules = _modules(value)
    elif key in TEXT_FIELDS:
        record.values[key] = _text(value)
    elif key in INTEGER_FIELDS:
        record.values[key] = _integer(value, *INTEGER_FIELDS[key])
    elif key in DECIMAL_FIELDS:
        record.values[key] = _decimal(value)
    elif key in BOOLEAN_DEFAULTS:
        record.values[key] = _boolean(value, BOOLEAN_DEFAULTS[key])
    elif key in CHOICE_LIST_FIELDS:
        record.values[key] = _choice_list(value, CHOICE_LIST_FIELDS[key])
    elif key in TEXT_LIST_FIELDS:
        record.values[key] = _text_list(value)
    elif key == MONTH_LIST_FIELD:
        record.values[key] = [_integer(item, 1, 12) for item in _text_list(value)]
    else:
        language = key.rsplit("_", 1)[1]
        record.translations[(language, key.rsplit("_", 1)[0])] = _text(value)


def _modules(value: Any) -> list[ModuleRecord]:
    if not isinstance(value, list):
        raise _InvalidValue(f"expected a list of modules, found {_kind(value)}")
    modules = []
    for index, raw in enumerate(value, start=1):
        prefix = f"modules[{index}]"
        if not isinstance(raw, Mapping):
            raise _InvalidValue(f"expected an object, found {_kind(raw)}", prefix)
        module = ModuleRecord(
            values={}, translations={}, competence_codes=None, prerequisite_codes=None
        )
        for key, item in raw.items():
            name = f"{prefix}.{key}"
            try:
                _parse_module_value(module, key, item)
            except _InvalidValue as error:
                raise _InvalidValue(error.message, name) from None
        module.values.setdefault("position", index - 1)
        modules.append(module)
    return modules


def _parse_module_value(module: ModuleRecord, key: str, value: Any) -> None:
    if key in MODULE_TEXT_FIELDS:
        module.values[key] = _text(value)
    elif key == "study_credits":
        module.values[key] = _decimal(value)
    elif key in MODULE_INTEGER_FIELDS:
        module.values[key] = _integer(value, *MODULE_INTEGER_FIELDS[key])
    elif key in MODULE_BOOLEAN_DEFAULTS:
        module.values[key] = _boolean(value, MODULE_BOOLEAN_DEFAULTS[key])
    elif key in ("title_fr", "title_en"):
        module.translations[key.rsplit("_", 1)[1]] = _text(value)
    elif key == "competences":
        module.competence_codes = _text_list(value)
    elif key == "prerequisites":
        module.prerequisite_codes = _text_list(value)
    else:
        raise _InvalidValue(f"unknown field (allowed: {', '.join(MODULE_KEYS)})")


# Values ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _InvalidValue(f"expected text, found {_kind(value)}")
    if "\x00" in value:
        # PostgreSQL stores no NUL character in text or JSON; refuse it here, by field.
        raise _InvalidValue("contains a NUL character (\\u0000), which text cannot hold")
    return spreadsheets.trim_text(value)


def _integer(value: Any, minimum: int, maximum: int | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _InvalidValue(f"expected a whole number, found {_kind(value)}")
    try:
        number = int(value)
    except ValueError:
        raise _InvalidValue(f"{value.strip()!r} is not a whole number") from None
    if number < minimum or (maximum is not None and number > maximum):
        allowed = f"{minimum}–{maximum}" if maximum is not None else f"{minimum} or more"
        raise _InvalidValue(f"{number} is out of range (allowed: {allowed})")
    return number


def _decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _InvalidValue(f"expected a number, found {_kind(value)}")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise _InvalidValue(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise _InvalidValue(f"{value!r} is not a number")
    if number < 0:
        raise _InvalidValue(f"{value} is out of range (allowed: 0 or more)")
    return number


def _boolean(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _InvalidValue(f"{value!r} is not a yes/no value (allowed: true, false)")


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[Any] = value.split(LIST_SEPARATOR)
    elif isinstance(value, list):
        items = value
    else:
        raise _InvalidValue(f"expected a list, found {_kind(value)}")
    result = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        text = _text(item)
        if text:
            result.append(text)
    return result


def _choice_list(value: Any, allowed: list[str]) -> list[str]:
    items = _text_list(value)
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise _InvalidValue(
            f"unknown value(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})"
        )
    return items
