"""Bad input is refused where it enters the API (issue #9, findings 3 and 4).

Text no column can store (NUL, a lone surrogate), JSON nested without limit, bodies
over the size limit, over-long path segments and lists without end were 500s or ran
the worker past its timeout; each is now a 400 (or 413) naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from trajectwijzer.caseload.models import CoachNote, FollowUp, Question, Referral
from trajectwijzer.development.models import DevelopmentPlan, JobRole
from trajectwijzer.safe_input import MAX_JSON_BYTES, MAX_JSON_DEPTH

from .world import ApiWorld, build_api_world

pytestmark = pytest.mark.django_db

API = "/api/v1"
NUL = "a\u0000b"
LONE_SURROGATE = "a\ud800b"


@pytest.fixture
def world() -> ApiWorld:
    return build_api_world()


@dataclass(frozen=True)
class Write:
    """One write endpoint: who calls it, where, a body carrying ``text`` in one field,
    and the name the 400 must give that field."""

    who: str
    method: str
    url: Callable[[ApiWorld], str]
    body: Callable[[ApiWorld, str], dict[str, Any]]
    field: str
    valid: str = "ab"  # a text the field accepts


# fmt: off
WRITES = {
    "barometer entry": Write(
        "learner", "post", lambda w: "/barometer/entries", lambda w, t: {"score": 3, "note": t},
        "note",
    ),
    "barometer moment": Write(
        "coach", "post", lambda w: f"/barometer/groups/{w.cast.group.pk}/moments",
        lambda w, t: {"kind": "start", "date": "2030-01-10", "label": t}, "label",
    ),
    "coach note": Write(
        "coach", "post", lambda w: f"/caseload/learners/{w.cast.learner.pk}/notes",
        lambda w, t: {"text": t}, "text",
    ),
    "follow-up": Write(
        "coach", "post", lambda w: f"/caseload/learners/{w.cast.learner.pk}/follow-ups",
        lambda w, t: {"due_on": "2030-01-10", "what": t}, "what",
    ),
    "referral": Write(
        "coach", "post", lambda w: f"/caseload/learners/{w.cast.learner.pk}/referrals",
        lambda w, t: {"service": "VDAB", "reason": t}, "reason",
    ),
    "question": Write(
        "learner", "post", lambda w: "/caseload/questions",
        lambda w, t: {"kind": "trajectory", "subject": "Stage", "body": t}, "body",
    ),
    "answer": Write(
        "coach", "post", lambda w: f"/caseload/questions/{w.question.pk}/answer",
        lambda w, t: {"answer": t}, "answer",
    ),
    "assessment": Write(
        "coach", "post", lambda w: f"/competences/learners/{w.cast.learner.pk}/assessments",
        lambda w, t: {
            "role": "teacher",
            "entries": [{"indicator_id": w.cast.indicators()[0].pk, "level": 2, "comment": t}],
        },
        "entries.0.comment",
    ),
    "job role": Write(
        "hr", "put", lambda w: f"/development/matrices/{w.development.matrix.pk}/job-roles/Lasser",
        lambda w, t: {"levels": {"A": 2}, "description": t}, "description",
    ),
    "matrix row": Write(
        "hr", "post", lambda w: f"/development/matrices/{w.development.matrix.pk}/rows",
        lambda w, t: {"employee_email": w.development.anna.email, "job_role": t}, "job_role",
        valid="Operator",
    ),
    "observation": Write(
        "hr", "post", lambda w: f"/development/rows/{w.development.row_anna.pk}/observations",
        lambda w, t: {"competence": "A", "level": 2, "note": t}, "note",
    ),
    "plan": Write(
        "hr", "post", lambda w: f"/development/rows/{w.development.row_anna.pk}/plans",
        lambda w, t: {"title": "POP", "goals": [{"competence": "A", "target_level": 2,
                                                 "description": t}]},
        "goals.0.description",
    ),
    "plan change": Write(
        "hr", "put", lambda w: f"/development/plans/{w.plan.pk}",
        lambda w, t: {"title": t, "version": w.plan.version}, "title",
    ),
    "scan start": Write(
        "learner", "post", lambda w: "/instruments/responses",
        lambda w, t: {"instrument": "motivatiescan", "moment": t}, "moment",
    ),
    "scan answers": Write(
        "learner", "patch", lambda w: f"/instruments/responses/{w.open_response.pk}",
        lambda w, t: {"answers": {"remark": t}}, "answers.remark",
    ),
    "answer key": Write(
        "learner", "patch", lambda w: f"/instruments/responses/{w.open_response.pk}",
        lambda w, t: {"answers": {t: 3}}, "answers",
    ),
    "programme": Write(
        "provider_admin", "put", lambda w: "/catalogue/manage/programmes/T-1",
        lambda w, t: {"provider": w.cast.programme.provider.slug, "title": t}, "title",
    ),
}
# fmt: on


def send(client, world: ApiWorld, write: Write, body: Any, *, raw: bytes | None = None):
    call = getattr(client, write.method)
    data = raw if raw is not None else json.dumps(body)  # ensure_ascii: "\ud800" stays escaped
    return call(
        API + write.url(world),
        data=data,
        content_type="application/json",
        headers=world.bearer(write.who),
    )


def stored_rows() -> dict[str, int]:
    models = (CoachNote, FollowUp, Referral, Question, DevelopmentPlan, JobRole)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize("text", [NUL, LONE_SURROGATE], ids=["nul", "lone-surrogate"])
@pytest.mark.parametrize("name", list(WRITES))
def test_text_no_column_can_store_is_400_naming_the_field_and_nothing_is_stored(
    client, world, name, text
):
    write = WRITES[name]
    before = stored_rows()

    response = send(client, world, write, write.body(world, text))

    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert error["field"] == write.field
    assert ("NUL" if "\x00" in text else "surrogate") in error["message"]
    assert stored_rows() == before


def test_the_same_bodies_without_the_bad_character_are_not_refused_for_that_field(client, world):
    # The table above names real fields of working requests: only the character differs.
    for name, write in WRITES.items():
        response = send(client, world, write, write.body(world, write.valid))
        assert response.status_code < 500, (name, response.content)
        named = [error["field"] for error in response.json().get("errors", [])]
        assert write.field not in named, (name, response.content)


def test_nul_in_a_query_parameter_is_400_naming_it(client, world):
    response = client.get(
        f"{API}/instruments/groups/group/{world.cast.group.pk}/results",
        {"instrument": "motivatiescan", "moment": "start\x00"},
        headers=world.bearer("coach"),
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "moment"


def test_a_job_role_title_longer_than_stored_in_the_url_is_400_naming_it(client, world):
    matrix = world.development.matrix
    url = f"{API}/development/matrices/{matrix.pk}/job-roles/{'L' * 101}"

    response = client.put(
        url, data={"levels": {"A": 2}}, content_type="application/json", headers=world.bearer("hr")
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "title"
    assert not JobRole.objects.filter(matrix=matrix, title__startswith="LLLL").exists()


def test_a_nul_in_a_path_segment_is_400_naming_it(client, world):
    matrix = world.development.matrix
    url = f"{API}/development/matrices/{matrix.pk}/job-roles/Lasser%00"

    response = client.put(
        url, data={"levels": {"A": 2}}, content_type="application/json", headers=world.bearer("hr")
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "title"


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_json_nested_10000_deep_on_the_public_evaluation_is_400(client, opening):
    closing = "]" if opening == "[" else "}"
    body = '{"person":' + opening * 10_000 + "1" + closing * 10_000 + "}"

    response = client.post(f"{API}/incentives/evaluate", data=body, content_type="application/json")

    assert response.status_code == 400
    assert f"deeper than {MAX_JSON_DEPTH}" in response.json()["errors"][0]["message"]


def test_json_deeper_than_the_limit_is_refused_on_a_schema_endpoint_too(client, world):
    write = WRITES["scan answers"]
    nested: Any = 1
    for _ in range(MAX_JSON_DEPTH + 1):
        nested = [nested]

    response = send(client, world, write, {"answers": {"remark": nested}})

    assert response.status_code == 400
    assert f"deeper than {MAX_JSON_DEPTH}" in response.json()["errors"][0]["message"]


def test_nul_and_a_lone_surrogate_in_the_situation_are_400_naming_the_path(client):
    for text in (NUL, LONE_SURROGATE):
        body = json.dumps({"person": {"joint_committee": text}})
        response = client.post(
            f"{API}/incentives/evaluate", data=body, content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "person.joint_committee"


def test_a_body_over_the_size_limit_is_413(client, world):
    write = WRITES["coach note"]
    padding = b" " * MAX_JSON_BYTES
    response = send(client, world, write, None, raw=b'{"text": "x"}' + padding)

    assert response.status_code == 413
    assert str(MAX_JSON_BYTES) in response.json()["detail"]
    assert not CoachNote.objects.exists()


# Finding 4: every list has a maximum ---------------------------------------------------


def test_a_plan_with_20000_goals_is_refused_naming_the_goals(client, world):
    write = WRITES["plan"]
    goals = [{"competence": "A", "target_level": 2}] * 20_000
    before = DevelopmentPlan.objects.count()

    response = send(client, world, write, {"title": "POP", "goals": goals})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "goals"
    assert DevelopmentPlan.objects.count() == before


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("plan", lambda w: {"title": "POP", "goals": [
            {"competence": "A", "target_level": 2, "actions": [{"kind": "buddy"}] * 21}]},
         "goals.0.actions"),
        ("assessment", lambda w: {"role": "teacher", "entries": [
            {"indicator_id": 1, "level": 1}] * 501}, "entries"),
        ("scan answers", lambda w: {"answers": {f"q{i}": 1 for i in range(501)}}, "answers"),
        ("job role", lambda w: {"levels": {f"C{i}": 1 for i in range(501)}}, "levels"),
        ("programme", lambda w: {"provider": "x", "modules": [{"code": "M"}] * 201}, "modules"),
        ("programme", lambda w: {"provider": "x", "locations": ["Gent"] * 101}, "locations"),
    ],
    ids=["actions", "entries", "answers", "levels", "modules", "locations"],
)  # fmt: skip
def test_a_list_over_its_maximum_is_400_naming_it(client, world, name, body, field):
    response = send(client, world, WRITES[name], body(world))

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert "at most" in response.json()["errors"][0]["message"]
