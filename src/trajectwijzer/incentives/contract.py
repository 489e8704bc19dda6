"""The one input contract of CLI, API and wizard (docs/incentives.md).

``FIELDS`` is the single table of input fields. From it come the pydantic models that
validate a situation, the JSON Schema shipped in ``schema/situation.schema.json``,
the OpenFisca input variables (``variables/inputs.py``) and the list of questions the
wizard may ask. Every field is optional: a missing field or ``null`` is unknown.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator

from trajectwijzer.safe_input import UnsafeInput, check_json_value

from .texts import validation_message

SCHEMA_PATH = Path(__file__).parent / "schema" / "situation.schema.json"
REGIONS = ("flanders", "brussels", "wallonia")


@dataclass(frozen=True)
class InputField:
    """One input of the contract: ``path`` is ``section.name``."""

    path: str
    kind: Literal["choice", "bool", "number", "integer", "text", "regions"]
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    # Answers tried when looking for the question that settles most (numbers only; the
    # values sit on both sides of the thresholds the rules use).
    probes: tuple[float, ...] = ()

    def possible_answers(self) -> list[Any]:
        """Representative answers: every choice, both booleans, or the number probes."""
        if self.kind == "choice":
            return list(self.choices)
        if self.kind == "bool":
            return [True, False]
        if self.kind == "regions":
            return [[], *([region] for region in self.choices)]
        return list(self.probes)

    @property
    def section(self) -> str:
        return self.path.split(".")[0]

    @property
    def name(self) -> str:
        return self.path.split(".")[1]

    @property
    def variable(self) -> str:
        """The OpenFisca variable holding this input (``person.sector`` → ``person_sector``)."""
        return self.path.replace(".", "_")

    @property
    def known_variable(self) -> str:
        return f"{self.variable}_known"


WORK_REGIONS = ("flanders", "brussels", "wallonia", "abroad")
HOURS = (0, 32, 76, 200)

FIELDS: tuple[InputField, ...] = (
    InputField(
        "person.residence", "choice", ("flanders", "brussels", "wallonia", "eu_eea", "other")
    ),
    InputField("person.moved_from_eu_eea", "bool"),
    InputField(
        "person.status",
        "choice",
        ("employee", "temp_agency_worker", "self_employed", "jobseeker", "student", "other"),
    ),
    InputField("person.receives_unemployment_benefit", "bool"),
    InputField("person.contract", "choice", ("employment", "apprenticeship", "student_job")),
    InputField(
        "person.sector",
        "choice",
        (
            "private",
            "autonomous_public_company",
            "public_flemish",
            "public_federal",
            "public_local",
            "education",
            "other_public",
        ),
    ),
    InputField("person.workplace_region", "choice", WORK_REGIONS),
    InputField(
        "person.employment_fraction", "number", minimum=0, maximum=1, probes=(0, 0.25, 0.5, 0.8, 1)
    ),
    InputField("person.weekly_hours", "number", minimum=0, maximum=80, probes=(0, 27, 28, 38)),
    InputField("person.schedule", "choice", ("fixed", "variable")),
    InputField("person.seniority_months", "integer", minimum=0, maximum=720, probes=(0, 6, 120)),
    InputField("person.education_level", "choice", ("low", "medium", "high")),
    InputField("person.career_guidance_in_last_6_years", "bool"),
    InputField("person.joint_committee", "text", pattern=r"^[0-9]{3}(\.[0-9]{2})?$"),
    InputField("employer.is_sme", "bool"),
    InputField("employer.headcount", "integer", minimum=0, maximum=1_000_000, probes=(0, 10, 300)),
    # The other two criteria of a small company (Companies Code art. 1:24), in euros.
    InputField(
        "employer.annual_turnover",
        "number",
        minimum=0,
        maximum=1e12,
        probes=(0, 20_000_000),
    ),
    InputField(
        "employer.balance_sheet_total",
        "number",
        minimum=0,
        maximum=1e12,
        probes=(0, 20_000_000),
    ),
    InputField("employer.region", "choice", WORK_REGIONS),
    InputField("employer.pays_training_cost", "bool"),
    InputField("employer.bears_full_wage_cost", "bool"),
    InputField("employer.initiative", "choice", ("employee", "employer", "joint")),
    InputField("training.recognised_regions", "regions", REGIONS),
    InputField("training.in_personal_development_plan", "bool"),
    InputField("training.study_credits", "number", minimum=0, maximum=600, probes=(0, 3, 60)),
    InputField("training.contact_hours", "number", minimum=0, maximum=10_000, probes=HOURS),
    InputField(
        "training.physical_contact_hours", "number", minimum=0, maximum=10_000, probes=HOURS
    ),
    InputField("training.distance", "choice", ("none", "synchronous", "asynchronous")),
    InputField("training.during_working_hours", "bool"),
    InputField("training.abroad", "bool"),
    InputField("training.total_hours", "number", minimum=0, maximum=10_000, probes=HOURS),
)
FIELDS_BY_PATH = {field.path: field for field in FIELDS}
SECTIONS = ("person", "employer", "training")

# The earliest rules the parameters hold: the Flemish schemes as reformed on 1 September
# 2019. Earlier dates cannot be answered honestly, so they are rejected.
EARLIEST_DATE = dt.date(2019, 9, 1)


def _annotation(field: InputField) -> tuple[Any, Any]:
    """The pydantic type and default of one field."""
    if field.kind == "choice":
        return Literal[field.choices] | None, None
    if field.kind == "bool":
        return bool | None, None
    if field.kind == "regions":
        return list[Literal[field.choices]] | None, Field(None, max_length=len(field.choices))
    if field.kind == "text":
        return str | None, Field(None, pattern=field.pattern)
    number = int if field.kind == "integer" else float
    return number | None, Field(None, ge=field.minimum, le=field.maximum, allow_inf_nan=False)


FORBID_EXTRA = ConfigDict(extra="forbid", strict=True)


def _check_physical_hours(training: BaseModel) -> BaseModel:
    physical, contact = training.physical_contact_hours, training.contact_hours
    if physical is not None and contact is not None and physical > contact:
        raise ValueError("physical_contact_hours_exceed_contact_hours")
    return training


def _section_model(section: str) -> type[BaseModel]:
    fields = {field.name: _annotation(field) for field in FIELDS if field.section == section}
    validators = {}
    if section == "training":
        validators["physical_within_contact"] = model_validator(mode="after")(_check_physical_hours)
    return create_model(
        section.capitalize(), __config__=FORBID_EXTRA, __validators__=validators, **fields
    )


Person = _section_model("person")
Employer = _section_model("employer")
Training = _section_model("training")


class Situation(BaseModel):
    """A worker's situation. Every field may be left out or null: it is then unknown."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Situation")

    date: dt.date | None = Field(None, ge=EARLIEST_DATE)
    person: Person | None = None  # type: ignore[valid-type]
    employer: Employer | None = None  # type: ignore[valid-type]
    training: Training | None = None  # type: ignore[valid-type]


class SituationInvalid(Exception):
    """The situation does not follow the contract; ``errors`` name each field."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def _allowed_values(path: str) -> str:
    if path == "date":
        return f"YYYY-MM-DD, {EARLIEST_DATE.isoformat()} or later"
    field = FIELDS_BY_PATH.get(path)
    if field is None:
        return ", ".join(("date", *SECTIONS)) if "." not in path else ""
    if field.kind in ("choice", "regions"):
        return ", ".join(field.choices)
    if field.kind == "bool":
        return "true, false"
    if field.kind == "text":
        return field.pattern or ""
    return f"{field.minimum:g} … {field.maximum:g}"


def _error(err: dict[str, Any], language: str) -> dict[str, str]:
    location = [str(part) for part in err["loc"] if not isinstance(part, int)]
    # pydantic appends the type it tried ("literal['flanders', …]") to union errors.
    location = [part for part in location if "[" not in part and part not in {"str", "float"}]
    path = ".".join(location[:2])
    kind = err["type"]
    if kind == "value_error" and "physical_contact_hours_exceed" in str(err.get("msg")):
        path, kind = "training.physical_contact_hours", "physical_exceeds_contact"
    elif kind == "extra_forbidden":
        kind = "unknown_field"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        kind = "object"
    else:
        kind = "value"
    allowed = _allowed_values(path)
    return {
        "field": path or "(body)",
        "message": validation_message(kind, language, allowed=allowed),
        "allowed": allowed,
    }


def validate_situation(data: Any, language: str = "en") -> Situation:
    """The validated situation, or ``SituationInvalid`` naming every wrong field."""
    if not isinstance(data, dict):
        raise SituationInvalid(
            [
                {
                    "field": "(body)",
                    "message": validation_message("object", language, allowed=""),
                    "allowed": "",
                }
            ]
        )
    try:
        # Bounded depth and storable text first, so a situation built by any caller (not
        # only the API's parser) can neither exhaust the stack nor carry a NUL.
        check_json_value(data)
    except UnsafeInput as unsafe:
        field = unsafe.path or "(body)"
        raise SituationInvalid(
            [{"field": field, "message": unsafe.message, "allowed": ""}]
        ) from None
    try:
        # JSON mode: dates arrive as strings; strict elsewhere so "1" is not a number.
        return Situation.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        errors: list[dict[str, str]] = []
        for err in exc.errors():
            error = _error(err, language)
            if error not in errors:
                errors.append(error)
        raise SituationInvalid(errors) from None


@cache
def json_schema() -> dict[str, Any]:
    """The contract as JSON Schema (draft 2020-12), shipped as ``schema/situation.schema.json``."""
    schema = Situation.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://trajectwijzer.be/schema/incentives/situation.schema.json"
    schema["description"] = (
        "A worker's situation for the incentives finder. Every field is optional; "
        "a missing field or null is unknown and makes the conditions that need it unknown."
    )
    return schema
