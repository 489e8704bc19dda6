"""One OpenFisca input variable per field of the contract, plus a ``…_known`` flag.

Generated from ``contract.FIELDS`` so the contract and the rules cannot drift apart.
Choice fields become enums whose first member ``unknown`` is the default; yes/no and
number fields get a companion boolean ``<name>_known`` (false by default), because a
bool or a float has no value left over to mean "not answered". The list
``training.recognised_regions`` becomes one boolean per region plus one known flag.
"""

from __future__ import annotations

from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives.contract import FIELDS, InputField
from trajectwijzer.incentives.entities import Worker

UNKNOWN_MEMBER = "unknown"
CHOICE_ENUMS: dict[str, type[Enum]] = {}


def _input_variable(name: str, value_type: type, label: str, **extra: object) -> type[Variable]:
    attributes = {
        "value_type": value_type,
        "entity": Worker,
        "definition_period": DAY,
        "label": label,
        **extra,
    }
    return type(name, (Variable,), attributes)


def _choice_enum(field: InputField) -> type[Enum]:
    members = {UNKNOWN_MEMBER: UNKNOWN_MEMBER, **{choice: choice for choice in field.choices}}
    return Enum(field.variable.title().replace("_", ""), members)


def _variables_of(field: InputField) -> list[type[Variable]]:
    label = f"Input {field.path}"
    known = _input_variable(field.known_variable, bool, f"{field.path} was answered")
    if field.kind == "choice":
        enum = CHOICE_ENUMS[field.path] = _choice_enum(field)
        return [
            _input_variable(
                field.variable,
                Enum,
                label,
                possible_values=enum,
                default_value=enum[UNKNOWN_MEMBER],
            )
        ]
    if field.kind == "regions":
        return [
            known,
            *(
                _input_variable(f"training_recognised_in_{region}", bool, f"{label}: {region}")
                for region in field.choices
            ),
        ]
    value_type = {"bool": bool, "number": float, "integer": int, "text": str}[field.kind]
    return [_input_variable(field.variable, value_type, label), known]


INPUT_VARIABLES = [variable for field in FIELDS for variable in _variables_of(field)]
