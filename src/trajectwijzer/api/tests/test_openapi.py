"""The OpenAPI document describes what the API really takes and answers (issue #9, 11)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
from ninja.openapi.schema import OpenAPISchema

from trajectwijzer.api.urls import api

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_no_two_schemas_share_a_component_name(monkeypatch):
    # ninja merges every router's schemas into one namespace, last one winning: two
    # classes named EntryIn made POST /barometer/entries document the competences body.
    recorded: dict[str, list[str]] = defaultdict(list)
    merge = OpenAPISchema.add_schema_definitions

    def record(self, definitions):
        for name, definition in definitions.items():
            recorded[name].append(json.dumps(definition, sort_keys=True, default=str))
        merge(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", record)
    api.get_openapi_schema()

    collisions = {name: set(seen) for name, seen in recorded.items() if len(set(seen)) > 1}
    assert recorded and not collisions, sorted(collisions)


def test_the_barometer_entry_body_is_the_barometer_one(document):
    body = document["paths"]["/api/v1/barometer/entries"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[1]]

    assert set(schema["properties"]) == {"score", "note"}


def _refs(node, where="#"):
    if isinstance(node, dict):
        if "$ref" in node:
            yield where, node["$ref"]
        for key, value in node.items():
            yield from _refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{where}/{index}")


def _resolve(document, ref: str):
    assert ref.startswith("#/"), f"{ref} points outside the document"
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_reference_resolves_inside_the_document(document):
    references = list(_refs(document))
    unresolved = []
    for where, ref in references:
        try:
            _resolve(document, ref)
        except (AssertionError, KeyError) as error:
            unresolved.append((where, ref, str(error)))
    assert len(references) > 50
    assert not unresolved
    # A "$id" would make a client resolve the "$ref"s under it against another document.
    assert '"$id"' not in json.dumps(document)


def test_the_incentives_body_is_the_situation_contract_self_contained(document):
    operation = document["paths"]["/api/v1/incentives/evaluate"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]

    assert set(schema["properties"]) == {"date", "person", "employer", "training"}
    assert "$defs" not in schema
    person = next(s for s in schema["properties"]["person"]["anyOf"] if s.get("type") == "object")
    assert "joint_committee" in person["properties"]


def _is_typed(schema: dict[str, Any]) -> bool:
    """A schema that says what is inside: a component, a list of them, or typed fields."""
    if "$ref" in schema:
        return True
    if schema.get("type") == "array":
        return _is_typed(schema.get("items", {}))
    return bool(schema.get("properties"))


def test_every_operation_documents_a_typed_success_body_and_its_errors(document):
    problems = []
    for name, operation in operations(document):
        responses = {str(code): value for code, value in operation["responses"].items()}
        for code, response in responses.items():
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if schema is None or not _is_typed(schema):
                problems.append(f"{name} {code}: no typed body")
        if operation.get("security") and "401" not in responses:
            problems.append(f"{name}: 401 not documented")
        if "requestBody" in operation and not {"400", "413"} <= set(responses):
            problems.append(f"{name}: 400/413 not documented")
        if "{" in name and "404" not in responses:
            problems.append(f"{name}: 404 not documented")
    assert not problems


def test_error_answers_use_the_shared_error_shape(document):
    seen = set()
    for name, operation in operations(document):
        for code in ("401", "403", "413"):
            response = {str(k): v for k, v in operation["responses"].items()}.get(code)
            if response and (code != "403" or "CSRF" in response["description"]):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (name, code)
                seen.add(code)
    assert seen == {"401", "403", "413"}


def test_list_maxima_are_in_the_document(document):
    schemas = document["components"]["schemas"]

    assert schemas["PlanIn"]["properties"]["goals"]["maxItems"] == 200
    assert schemas["GoalIn"]["properties"]["actions"]["maxItems"] == 20
    assert schemas["RecordIn"]["properties"]["entries"]["maxItems"] == 500
    assert schemas["AnswersIn"]["properties"]["answers"]["maxProperties"] == 500
    modules = schemas["ProgrammeWriteIn"]["properties"]["modules"]["anyOf"][0]
    assert modules["maxItems"] == 200
