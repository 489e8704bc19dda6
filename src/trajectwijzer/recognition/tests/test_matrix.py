"""The exemption matrix file: imported whole or refused with row-numbered field errors,
and re-exported unchanged (CSV and JSON)."""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass

import pytest
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from trajectwijzer import spreadsheets
from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.catalogue.importing import FileFormatError
from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module, Qualification
from trajectwijzer.recognition import matrix
from trajectwijzer.recognition.models import ExemptionRule
from trajectwijzer.testing import make_member, make_organisation, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages in English here (they are translated; the API test reads the Dutch)."""
    with translation.override("en"):
        yield


@dataclass
class World:
    org_a: object
    org_b: object
    sector: object
    a_hours: str  # references "provider/programme/module"
    a_no_hours: str
    a_workplace: str
    a_not_exemptable: str
    b_module: str


def _ref(module: Module) -> str:
    return matrix.module_reference(module)


@pytest.fixture
def world(db) -> World:
    org_a = make_organisation(OrganisationKind.PROVIDER, name="School A")
    org_b = make_organisation(OrganisationKind.PROVIDER, name="School B")
    sector = make_organisation(OrganisationKind.SECTOR, name="Sector")
    # A programme external id holding the separator: references still resolve.
    programme_a = make_programme(org_a, external_id="A/PROG")
    programme_b = make_programme(org_b, external_id="B-PROG")
    modules = {
        "hours": Module.objects.create(programme=programme_a, code="M1", title="M1", hours=40),
        "none": Module.objects.create(programme=programme_a, code="M2", title="M2"),
        "wpl": Module.objects.create(
            programme=programme_a,
            code="WPL",
            title="Werkplek",
            hours=80,
            is_workplace_learning=True,
        ),
        "noex": Module.objects.create(
            programme=programme_a, code="NOEX", title="No", hours=10, is_exemptable=False
        ),
        "b": Module.objects.create(programme=programme_b, code="B1", title="B1", hours=60),
    }
    Qualification.objects.create(code="Q1", title="Q1", vks_level=4, kind="beroepskwalificatie")
    framework = CompetenceFramework.objects.create(code="FW", title="FW")
    for code in ("C1", "C2", "C3"):
        Competence.objects.create(framework=framework, code=code, title=code)
    return World(
        org_a=org_a,
        org_b=org_b,
        sector=sector,
        a_hours=_ref(modules["hours"]),
        a_no_hours=_ref(modules["none"]),
        a_workplace=_ref(modules["wpl"]),
        a_not_exemptable=_ref(modules["noex"]),
        b_module=_ref(modules["b"]),
    )


def _rule(world: World, **fields) -> dict:
    record = {
        "code": "R1",
        "source_kind": "qualification",
        "source_qualification": "Q1",
        "source_module": "",
        "source_credential_type": "",
        "source_competences": "",
        "target_module": world.a_hours,
        "grant": "whole",
        "hours": None,
        "valid_from": "2026-01-01",
        "valid_until": "",
        "automatic": False,
        "note": "",
        "maintained_by": world.org_a.slug,
    }
    record.update(fields)
    return record


def _csv_records(records: list[dict]) -> list[tuple[int, object]]:
    return matrix.read_csv(matrix.dumps(records, "csv"), "matrix.csv")


def test_a_valid_file_imports_and_reexports_unchanged_in_both_formats(world):
    records = [
        _rule(world),
        _rule(
            world,
            code="R2",
            source_kind="module",
            source_qualification="",
            source_module=world.b_module,
            grant="hours",
            hours=40,
            valid_until="2028-08-31",
            automatic=True,
            note="=SUM(A1) stays text",
        ),
        _rule(
            world,
            code="R3",
            source_kind="competences",
            source_qualification="",
            source_competences="FW:C1|C2",
            target_module=world.b_module,
            maintained_by=world.org_b.slug,
        ),
        _rule(
            world,
            code="R4",
            source_kind="credential_type",
            source_qualification="",
            source_credential_type="VCA",
        ),
    ]
    text = matrix.dumps(records, "csv")
    assert "'=SUM(A1)" in text  # neutralised for spreadsheets on the way out
    result = matrix.import_rules(matrix.read_csv(text, "m.csv"))
    assert result.errors == [] and result.created == ["R1", "R2", "R3", "R4"]
    assert matrix.dumps(matrix.export_records(), "csv") == text
    rule = ExemptionRule.objects.get(code="R3")
    assert sorted(rule.source_competences.values_list("code", flat=True)) == ["C1", "C2"]
    exported_json = matrix.dumps(matrix.export_records(), "json")
    assert json.loads(exported_json) == records
    again = matrix.import_rules(matrix.read_json(exported_json, "m.json"))
    assert (again.created, again.updated, again.unchanged) == ([], [], ["R1", "R2", "R3", "R4"])


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ({"target_module": "nobody/x/y"}, "target_module", "no provider with slug 'nobody'"),
        ({"source_qualification": "NOPE"}, "source_qualification", "no qualification"),
        ("workplace", "target_module", "workplace learning"),
        ("not_exemptable", "target_module", "cannot be exempted"),
        ({"grant": "hours", "hours": 41}, "hours", "more than the module's 40 hours"),
        ("hours_unknown", "hours", "no hours"),
        ({"grant": "hours"}, "hours", "required when grant is hours"),
        ({"maintained_by": "sector"}, "maintained_by", "does not maintain provider"),
        ({"source_kind": "bogus"}, "source_kind", "allowed: qualification, module"),
        ({"valid_from": "14/10/2026"}, "valid_from", "YYYY-MM-DD"),
        ({"valid_until": "2025-12-31"}, "valid_until", "before valid_from"),
        ({"source_credential_type": "VCA"}, "source_credential_type", "only used when"),
        ({"colour": "red"}, "colour", "unknown field"),
    ],
)
def test_a_bad_row_names_row_field_and_what_is_allowed_and_nothing_is_imported(
    world, fields, field, fragment
):
    if fields == "workplace":
        fields = {"target_module": world.a_workplace}
    elif fields == "not_exemptable":
        fields = {"target_module": world.a_not_exemptable}
    elif fields == "hours_unknown":
        fields = {"target_module": world.a_no_hours, "grant": "hours", "hours": 5}
    elif fields.get("maintained_by") == "sector":
        fields = {"maintained_by": world.sector.slug}
    records = [(1, _rule(world, code="OK")), (2, _rule(world, code="BAD", **fields))]
    result = matrix.import_rules(records)
    assert [(error.row, error.field) for error in result.errors] == [(2, field)]
    assert fragment in result.errors[0].message
    assert str(result.errors[0]).startswith(f"row 2, field {field}: ")
    assert not result.written and not ExemptionRule.objects.exists()


def test_csv_rows_are_numbered_by_their_line(world):
    text = matrix.dumps([_rule(world), _rule(world, code="R2", grant="half")], "csv")
    result = matrix.import_rules(matrix.read_csv(text, "m.csv"))
    assert [str(error) for error in result.errors] == [
        "row 3, field grant: 'half' is not allowed (allowed: whole, hours)"
    ]


# Any file: imported whole or refused, and re-exported unchanged ----------------------

CANONICAL_TEXT = st.text(max_size=12).filter(
    lambda text: text == spreadsheets.trim_text(text) and "\x00" not in text
)


def _records(world: World):
    """Mostly valid rows (so imports succeed often), each perhaps with one bad field."""
    pick = st.sampled_from
    sources = {
        "qualification": ("source_qualification", ["Q1"]),
        "module": ("source_module", [world.b_module, world.a_hours]),
        "credential_type": ("source_credential_type", ["VCA", "Heftruck B"]),
        "competences": ("source_competences", ["FW:C1", "FW:C1|C3"]),
    }
    targets = {world.a_hours: (world.org_a.slug, 40), world.b_module: (world.org_b.slug, 60)}
    bad_values = {
        "code": ["", "x" * 81],
        "source_kind": ["x", ""],
        "source_qualification": ["NOPE", "Q1"],
        "source_module": ["a", "nobody/x/y", world.b_module],
        "source_credential_type": ["x" * 101, "VCA"],
        "source_competences": ["FW:C9", "NO:C1", "FW:C1|C1", "FW:"],
        "target_module": [
            world.a_no_hours,
            world.a_workplace,
            world.a_not_exemptable,
            "",
            "a/A/PROG",
        ],
        "grant": ["", "half", "hours"],
        "hours": [0, 61, "ten", 5],
        "valid_from": ["", "2026-02-30", "20260101"],
        "valid_until": ["2025-06-30", "soon"],
        "automatic": ["maybe", "sometimes"],
        "note": ["\x00"],
        "maintained_by": [world.sector.slug, "nobody", world.org_a.slug, world.org_b.slug],
        "colour": ["red"],
    }

    @st.composite
    def record(draw):
        kind = draw(pick(sorted(sources)))
        column, options = sources[kind]
        target = draw(pick(sorted(targets)))
        organisation, hours = targets[target]
        grant = draw(pick(["whole", "hours"]))
        values = {
            "code": draw(pick(["R1", "R2", "R3", "R4", "R5", "R6"])),
            "source_kind": kind,
            "source_qualification": "",
            "source_module": "",
            "source_credential_type": "",
            "source_competences": "",
            "target_module": target,
            "grant": grant,
            "hours": draw(st.integers(1, hours)) if grant == "hours" else None,
            "valid_from": draw(pick(["2026-01-01", "2027-02-28"])),
            "valid_until": draw(pick(["", "2027-12-31"])),
            "automatic": draw(st.booleans()),
            "note": draw(
                st.one_of(CANONICAL_TEXT, pick(["=1+1", "-3", "'=x", "line\nbreak", "@a"]))
            ),
            "maintained_by": organisation,
        }
        values[column] = draw(pick(options))
        if draw(st.integers(0, 3)) == 0:  # one row in four gets a (probably) bad field
            name = draw(pick(sorted(bad_values)))
            values[name] = draw(pick(bad_values[name]))
        return values

    return record()


def _file(batch: list[dict], file_format: str) -> str:
    if file_format == "json":
        return json.dumps(batch)
    extra = sorted({key for record in batch for key in record} - set(matrix.COLUMNS))
    stream = io.StringIO(newline="")
    writer = spreadsheets.dict_writer(stream, [*matrix.COLUMNS, *extra], lineterminator="\n")
    writer.writeheader()
    writer.writerows(batch)
    return stream.getvalue()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_matrix_file_is_imported_whole_or_refused_and_reexports_unchanged(world, data):
    ExemptionRule.objects.all().delete()
    baseline = _rule(world, code="BASE", note="stored before")
    assert matrix.import_rules([(1, baseline)]).written
    before = matrix.export_records()

    batch = data.draw(st.lists(_records(world), min_size=1, max_size=4), label="rows")
    file_format = data.draw(st.sampled_from(["csv", "json"]), label="format")
    text = _file(batch, file_format)
    try:
        records = matrix.read(text.encode(), file_format, f"matrix.{file_format}")
    except FileFormatError as error:  # an unknown CSV column refuses the file as a whole
        assert file_format == "csv" and "unknown column(s) colour" in str(error)
        assert matrix.export_records() == before
        event("refused")
        return
    result = matrix.import_rules(records)

    rows = {row for row, _record in records}
    event("refused" if result.errors else "imported")
    if result.errors:
        assert all(error.row in rows and error.message for error in result.errors)
        assert not result.written
        assert matrix.export_records() == before  # nothing imported, nothing changed
        return
    assert result.written and sorted(result.created) == sorted(r["code"] for r in batch)
    expected = sorted([baseline, *batch], key=lambda record: record["code"])
    # Re-exported unchanged: the same records, and the same file in the same format.
    assert matrix.export_records() == expected
    assert matrix.dumps(matrix.export_records(), file_format) == matrix.dumps(expected, file_format)
    # And the export imports as "nothing changed".
    again = matrix.import_rules(
        matrix.read(matrix.dumps(expected, file_format).encode(), file_format, "again")
    )
    assert (again.created, again.updated, again.errors) == ([], [], [])


def test_a_changed_row_updates_the_rule_and_its_competences(world):
    matrix.import_rules(
        [
            (
                1,
                _rule(
                    world,
                    source_kind="competences",
                    source_qualification="",
                    source_competences="FW:C1|C2",
                ),
            )
        ]
    )
    result = matrix.import_rules(
        [
            (
                1,
                _rule(
                    world,
                    source_kind="competences",
                    source_qualification="",
                    source_competences="FW:C3",
                    valid_until="2030-12-31",
                ),
            )
        ]
    )
    assert result.updated == ["R1"]
    rule = ExemptionRule.objects.get(code="R1")
    assert list(rule.source_competences.values_list("code", flat=True)) == ["C3"]
    assert rule.valid_until == datetime.date(2030, 12, 31)


def test_an_admin_imports_only_rules_of_a_provider_they_maintain(world):
    admin_a = make_member(Role.PROVIDER_ADMIN, world.org_a, is_admin=True)
    mine = _rule(world, code="A-1")
    theirs = _rule(world, code="B-1", target_module=world.b_module, maintained_by=world.org_b.slug)
    assert matrix.import_rules([(1, mine)], actor=admin_a).written
    result = matrix.import_rules([(1, _rule(world, code="A-2")), (2, theirs)], actor=admin_a)
    assert [(e.row, e.field) for e in result.errors] == [(2, "maintained_by")]
    assert "you do not maintain" in result.errors[0].message
    # A rule of B's cannot be taken over by re-using its code for one of A's modules.
    assert matrix.import_rules([(1, theirs)]).written  # an operator on the command line
    result = matrix.import_rules([(1, _rule(world, code="B-1"))], actor=admin_a)
    assert [(e.row, e.field) for e in result.errors] == [(1, "code")]
    assert sorted(ExemptionRule.objects.values_list("code", flat=True)) == ["A-1", "B-1"]
