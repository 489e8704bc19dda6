"""`trajectwijzer catalogue import`: upsert by external id, validation, partial and dry runs."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

import pytest

from trajectwijzer.accounts.models import OrganisationKind
from trajectwijzer.catalogue import search
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Module,
    Programme,
    Provider,
    Qualification,
)
from trajectwijzer.cli import main
from trajectwijzer.testing import make_organisation

pytestmark = pytest.mark.django_db

HEADER = (
    "external_id,provider,parent,qualification,title,title_fr,kind,vks_level,study_area,"
    "delivery_modes,regions,start_months,study_credits,workplace_learning_share,is_published"
)


@pytest.fixture
def provider() -> Provider:
    return Provider.objects.create(
        organisation=make_organisation(OrganisationKind.PROVIDER, name="HOGENT"),
        slug="hogent",
        name="HOGENT",
        kind="hogeschool",
    )


@pytest.fixture
def qualification() -> Qualification:
    return Qualification.objects.create(
        code="BK-ZORG-5", title="Zorgkundige", vks_level=5, kind="beroepskwalificatie"
    )


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def csv_file(tmp_path, *rows: str, name: str = "programmes.csv"):
    return write(tmp_path, name, "\n".join([HEADER, *rows]) + "\n")


GRADUAAT = (
    "G-ZORG,hogent,,BK-ZORG-5,Graduaat Zorg,Graduat en soins,graduaat,5,Zorg,"
    "evening|blended,flanders|brussels,9|2,120,30,true"
)
MICRODEGREE = (
    "M-WONDZORG,hogent,G-ZORG,,Microdegree Wondzorg,,microdegree,5,Zorg,evening,flanders,9,12,,"
)


def run_import(path, *extra: str) -> int:
    return main(["catalogue", "import", str(path), *extra])


def test_import_creates_programmes_with_all_values(tmp_path, provider, qualification, capsys):
    code = run_import(csv_file(tmp_path, GRADUAAT, MICRODEGREE))

    assert code == 0
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    graduaat = Programme.objects.get(external_id="G-ZORG")
    assert graduaat.provider == provider
    assert graduaat.qualification == qualification
    assert graduaat.delivery_modes == ["evening", "blended"]
    assert graduaat.regions == ["flanders", "brussels"]
    assert graduaat.start_months == [9, 2]
    assert graduaat.study_credits == Decimal("120")
    assert graduaat.workplace_learning_share == 30
    assert graduaat.translations == {"fr": {"title": "Graduat en soins"}}
    micro = Programme.objects.get(external_id="M-WONDZORG")
    assert micro.parent == graduaat
    assert micro.is_published is True  # blank takes the default


def test_importing_the_same_file_twice_changes_nothing(tmp_path, provider, qualification, capsys):
    path = csv_file(tmp_path, GRADUAAT, MICRODEGREE)
    run_import(path)
    before = list(Programme.objects.values_list("external_id", "updated_at").order_by("pk"))
    capsys.readouterr()

    assert run_import(path) == 0

    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    after = list(Programme.objects.values_list("external_id", "updated_at").order_by("pk"))
    assert after == before


def test_changed_rows_are_updated_and_counted(tmp_path, provider, qualification, capsys):
    run_import(csv_file(tmp_path, GRADUAAT, MICRODEGREE))
    capsys.readouterr()

    changed = GRADUAAT.replace("Graduaat Zorg", "Graduaat in de zorg")
    assert run_import(csv_file(tmp_path, changed, MICRODEGREE)) == 0

    assert "0 created, 1 updated, 1 unchanged" in capsys.readouterr().out
    assert Programme.objects.get(external_id="G-ZORG").title == "Graduaat in de zorg"


def test_parent_may_come_later_in_the_file(tmp_path, provider, qualification):
    assert run_import(csv_file(tmp_path, MICRODEGREE, GRADUAAT)) == 0

    micro = Programme.objects.get(external_id="M-WONDZORG")
    assert micro.parent.external_id == "G-ZORG"


def test_a_reindex_follows_every_write(tmp_path, provider, qualification, monkeypatch):
    reindexed = []
    monkeypatch.setattr(search, "reindex_programmes", lambda ids: reindexed.append(set(ids)))

    run_import(csv_file(tmp_path, GRADUAAT))
    run_import(csv_file(tmp_path, GRADUAAT))  # unchanged: nothing to reindex

    assert reindexed == [set(Programme.objects.values_list("pk", flat=True)), set()]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            GRADUAAT.replace(",graduaat,", ",diploma,"),
            "row 2, field kind: Value 'diploma' is not a valid choice. (allowed: graduaat,",
        ),
        (
            GRADUAAT.replace("evening|blended", "evening|weekend"),
            "row 2, field delivery_modes: unknown value(s) weekend (allowed: day, evening,",
        ),
        (
            GRADUAAT.replace("flanders|brussels", "limburg"),
            "row 2, field regions: unknown value(s) limburg "
            "(allowed: flanders, brussels, wallonia)",
        ),
        (
            GRADUAAT.replace("9|2", "9|13"),
            "row 2, field start_months: 13 is out of range (allowed: 1–12)",
        ),
        (
            GRADUAAT.replace(",5,Zorg,", ",9,Zorg,"),
            "row 2, field vks_level: 9 is out of range (allowed: 1–8)",
        ),
        (
            GRADUAAT.replace(",120,30,", ",120,130,"),
            "row 2, field workplace_learning_share: 130 is out of range (allowed: 0–100)",
        ),
        (
            GRADUAAT.replace(",120,30,", ",-5,30,"),
            "row 2, field study_credits: -5 is out of range (allowed: 0 or more)",
        ),
        (GRADUAAT.replace("Graduaat Zorg", ""), "row 2, field title: This field cannot be blank."),
        (
            GRADUAAT.replace(",hogent,", ",nobody,"),
            "row 2, field provider: no provider with slug 'nobody'",
        ),
        (
            GRADUAAT.replace("BK-ZORG-5", "BK-NONE"),
            "row 2, field qualification: no qualification with code 'BK-NONE'",
        ),
        (
            GRADUAAT.replace(",true", ",maybe"),
            "row 2, field is_published: 'maybe' is not a yes/no value (allowed: true, false)",
        ),
        (
            GRADUAAT.replace(",5,Zorg,", ",five,Zorg,"),
            "row 2, field vks_level: 'five' is not a whole number",
        ),
    ],
)
def test_invalid_rows_are_reported_by_row_and_field(
    tmp_path, provider, qualification, capsys, row, expected
):
    code = run_import(csv_file(tmp_path, row))

    assert code == 2
    assert expected in capsys.readouterr().err
    assert not Programme.objects.exists()


def test_one_invalid_row_means_nothing_is_imported(tmp_path, provider, qualification, capsys):
    bad = MICRODEGREE.replace(",microdegree,", ",nanodegree,")
    code = run_import(csv_file(tmp_path, GRADUAAT, bad))

    assert code == 2
    err = capsys.readouterr().err
    assert "row 3, field kind:" in err
    assert "1 of 2 rows have errors; nothing was imported" in err
    assert not Programme.objects.exists()


def test_partial_imports_the_valid_rows_and_lists_the_others(
    tmp_path, provider, qualification, capsys
):
    bad = GRADUAAT.replace("G-ZORG", "G-BAD").replace(",graduaat,", ",nanodegree,")
    code = run_import(csv_file(tmp_path, GRADUAAT, bad, MICRODEGREE), "--partial")

    assert code == 0
    out, err = capsys.readouterr()
    assert "2 created, 0 updated, 0 unchanged, 1 rows skipped because of errors" in out
    assert "row 3, field kind:" in err
    assert set(Programme.objects.values_list("external_id", flat=True)) == {"G-ZORG", "M-WONDZORG"}


def test_partial_skips_children_of_an_invalid_parent(tmp_path, provider, qualification, capsys):
    bad_parent = GRADUAAT.replace(",graduaat,", ",nanodegree,")
    code = run_import(csv_file(tmp_path, bad_parent, MICRODEGREE), "--partial")

    assert code == 0
    err = capsys.readouterr().err
    assert "row 3, field parent: no programme with external id 'G-ZORG'" in err
    assert not Programme.objects.exists()


def test_dry_run_counts_without_writing(tmp_path, provider, qualification, capsys):
    code = run_import(csv_file(tmp_path, GRADUAAT, MICRODEGREE), "--dry-run")

    assert code == 0
    assert "Would have: 2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert not Programme.objects.exists()


def test_duplicate_external_ids_are_reported(tmp_path, provider, qualification, capsys):
    assert run_import(csv_file(tmp_path, GRADUAAT, GRADUAAT)) == 2
    assert "row 3, field external_id: 'G-ZORG' also appears in row 2" in capsys.readouterr().err


def test_csv_line_numbers_count_lines_inside_quoted_values(
    tmp_path, provider, qualification, capsys
):
    multiline = GRADUAAT.replace("Graduaat Zorg", '"Graduaat\nZorg"')
    bad = MICRODEGREE.replace(",microdegree,", ",nanodegree,")
    run_import(csv_file(tmp_path, multiline, bad))

    assert "row 4, field kind:" in capsys.readouterr().err


def test_semicolon_separated_csv_from_excel_is_read(tmp_path, provider, qualification):
    text = f"{HEADER}\n{GRADUAAT}\n".replace(",", ";")
    assert run_import(write(tmp_path, "excel.csv", text)) == 0
    assert Programme.objects.filter(external_id="G-ZORG").exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("programmes.txt", b"x", "cannot tell the format of"),
        ("missing.csv", None, "missing.csv: no such file"),
        (
            "latin1.csv",
            f"{HEADER}\nG-1,hogent,,,Opleiding é".encode("latin-1"),
            "is not UTF-8 encoded",
        ),
        (
            "columns.csv",
            b"external_id,provider,title,kind,study_area,colour\n",
            "unknown column(s) colour",
        ),
        (
            "required.csv",
            b"external_id,title\n",
            "missing required column(s) provider, kind, study_area",
        ),
        ("empty.csv", b"", "is empty; expected a header line"),
        ("broken.json", b"[{", "is not valid JSON: line 1"),
        (
            "object.json",
            b'{"programmes": []}',
            "expected a JSON list of programmes, found an object",
        ),
    ],
)
def test_unreadable_files_exit_2_naming_the_problem(tmp_path, capsys, name, content, expected):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    assert run_import(path) == 2
    assert expected in capsys.readouterr().err


def test_progress_bar_stays_off_when_stderr_is_not_a_terminal(
    tmp_path, provider, qualification, capsys
):
    run_import(csv_file(tmp_path, GRADUAAT))
    assert "rows" not in capsys.readouterr().err


def test_progress_bar_shows_on_a_terminal_unless_quiet(
    tmp_path, provider, qualification, capsys, monkeypatch
):
    path = csv_file(tmp_path, GRADUAAT)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)

    run_import(path)
    assert "Checking" in capsys.readouterr().err

    run_import(path, "--quiet")
    assert "Checking" not in capsys.readouterr().err


# JSON and modules ------------------------------------------------------------------


@pytest.fixture
def framework(qualification) -> CompetenceFramework:
    framework = CompetenceFramework.objects.create(
        code="BP-ZORG", title="Beroepsprofiel zorgkundige", qualification=qualification
    )
    for code in ("C1", "C2"):
        Competence.objects.create(framework=framework, code=code, title=f"Competentie {code}")
    return framework


def json_file(tmp_path, records: list[dict], name: str = "programmes.json"):
    return write(tmp_path, name, json.dumps(records))


def graduaat_record(**changes) -> dict:
    record = {
        "external_id": "G-ZORG",
        "provider": "hogent",
        "framework": "BP-ZORG",
        "title": "Graduaat Zorg",
        "kind": "graduaat",
        "vks_level": 5,
        "study_area": "Zorg",
        "delivery_modes": ["evening"],
        "start_months": [9],
        "price_eur": 250.5,
        "modules": [
            {"code": "Z1", "title": "Basiszorg", "study_credits": 6, "competences": ["C1"]},
            {
                "code": "Z2",
                "title": "Wondzorg",
                "title_fr": "Soins des plaies",
                "competences": ["C1", "C2"],
                "prerequisites": ["Z1"],
                "is_workplace_learning": True,
            },
        ],
    }
    record.update(changes)
    return record


def test_json_import_creates_modules_with_competences_and_prerequisites(
    tmp_path, provider, framework, capsys
):
    assert run_import(json_file(tmp_path, [graduaat_record()])) == 0

    programme = Programme.objects.get(external_id="G-ZORG")
    assert programme.price_eur == Decimal("250.5")
    z1, z2 = programme.modules.order_by("code")
    assert z1.study_credits == Decimal("6")
    assert set(z2.competences.values_list("code", flat=True)) == {"C1", "C2"}
    assert list(z2.prerequisites.all()) == [z1]
    assert z2.is_workplace_learning
    assert z2.translations == {"fr": {"title": "Soins des plaies"}}


def test_json_import_twice_leaves_modules_unchanged(tmp_path, provider, framework, capsys):
    path = json_file(tmp_path, [graduaat_record()])
    run_import(path)
    module_ids = set(Module.objects.values_list("pk", flat=True))
    capsys.readouterr()

    run_import(path)

    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out
    assert set(Module.objects.values_list("pk", flat=True)) == module_ids


def test_json_modules_list_replaces_the_modules(tmp_path, provider, framework, capsys):
    run_import(json_file(tmp_path, [graduaat_record()]))
    capsys.readouterr()
    record = graduaat_record(
        modules=[{"code": "Z1", "title": "Basiszorg herwerkt", "competences": ["C2"]}]
    )

    run_import(json_file(tmp_path, [record]))

    assert "1 updated" in capsys.readouterr().out
    (z1,) = Programme.objects.get(external_id="G-ZORG").modules.all()
    assert z1.title == "Basiszorg herwerkt"
    assert list(z1.competences.values_list("code", flat=True)) == ["C2"]


def test_json_errors_name_the_position_in_the_list_and_the_module(
    tmp_path, provider, framework, capsys
):
    bad_module = graduaat_record(
        external_id="G-2", modules=[{"code": "Z1", "title": "", "competences": ["C9"]}]
    )
    records = [graduaat_record(), bad_module, graduaat_record(external_id="G-3", vks_level="x")]

    assert run_import(json_file(tmp_path, records)) == 2

    err = capsys.readouterr().err
    assert "row 2, field modules[1].title: This field cannot be blank." in err
    assert "row 2, field modules[1].competences: no competence 'C9'" in err
    assert "row 3, field vks_level: 'x' is not a whole number" in err
    assert not Programme.objects.exists()


def test_csv_import_leaves_modules_alone(tmp_path, provider, framework, qualification):
    run_import(json_file(tmp_path, [graduaat_record()]))
    run_import(csv_file(tmp_path, GRADUAAT))

    assert Programme.objects.get(external_id="G-ZORG").modules.count() == 2


def test_parents_referring_to_each_other_are_both_stored(tmp_path, provider, qualification):
    first = MICRODEGREE.replace("M-WONDZORG,hogent,G-ZORG", "A,hogent,B")
    second = MICRODEGREE.replace("M-WONDZORG,hogent,G-ZORG", "B,hogent,A")

    assert run_import(csv_file(tmp_path, first, second)) == 0

    assert Programme.objects.get(external_id="A").parent.external_id == "B"
    assert Programme.objects.get(external_id="B").parent.external_id == "A"


# Learning ladders: next_step is a link by external id, like parent -----------------

LADDER_HEADER = "external_id,provider,next_step,title,kind,study_area"


def ladder_file(tmp_path, *rows: str):
    return write(tmp_path, "ladder.csv", "\n".join([LADDER_HEADER, *rows]) + "\n")


def next_step_of(external_id: str) -> str | None:
    step = Programme.objects.get(external_id=external_id).next_step
    return step.external_id if step else None


def test_next_step_may_come_later_or_earlier_in_the_file(tmp_path, provider, capsys):
    rows = (
        "HUISHOUDHULP,hogent,LOGISTIEK,Huishoudhulp,beroepsopleiding,Zorg",
        "ZORGKUNDIGE,hogent,,Zorgkundige,beroepsopleiding,Zorg",
        "LOGISTIEK,hogent,VERZORGENDE,Logistiek assistent,beroepsopleiding,Zorg",
        "VERZORGENDE,hogent,ZORGKUNDIGE,Verzorgende,beroepsopleiding,Zorg",
    )

    assert run_import(ladder_file(tmp_path, *rows)) == 0

    assert "4 created" in capsys.readouterr().out
    ladder = ["HUISHOUDHULP", "LOGISTIEK", "VERZORGENDE", "ZORGKUNDIGE", None]
    assert [next_step_of(step) for step in ladder[:-1]] == ladder[1:]
    assert Programme.objects.filter(parent__isnull=False).count() == 0


def test_next_step_may_be_a_stored_programme_and_is_cleared_by_an_empty_value(
    tmp_path, provider, capsys
):
    run_import(ladder_file(tmp_path, "ZORGKUNDIGE,hogent,,Zorgkundige,beroepsopleiding,Zorg"))
    row = "VERZORGENDE,hogent,ZORGKUNDIGE,Verzorgende,beroepsopleiding,Zorg"
    assert run_import(ladder_file(tmp_path, row)) == 0
    assert next_step_of("VERZORGENDE") == "ZORGKUNDIGE"
    capsys.readouterr()

    assert run_import(ladder_file(tmp_path, row)) == 0
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out

    assert run_import(ladder_file(tmp_path, row.replace("ZORGKUNDIGE", ""))) == 0
    assert "0 created, 1 updated, 0 unchanged" in capsys.readouterr().out
    assert next_step_of("VERZORGENDE") is None


def test_a_file_without_next_step_column_keeps_the_stored_next_step(
    tmp_path, provider, qualification
):
    run_import(ladder_file(tmp_path, "ZORGKUNDIGE,hogent,,Zorgkundige,beroepsopleiding,Zorg"))
    run_import(
        ladder_file(tmp_path, "G-ZORG,hogent,ZORGKUNDIGE,Graduaat Zorg,graduaat,Zorg"),
    )

    assert run_import(csv_file(tmp_path, GRADUAAT)) == 0

    assert next_step_of("G-ZORG") == "ZORGKUNDIGE"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "VERZORGENDE,hogent,ONBEKEND,Verzorgende,beroepsopleiding,Zorg",
            "row 2, field next_step: no programme with external id 'ONBEKEND'",
        ),
        (
            "VERZORGENDE,hogent,VERZORGENDE,Verzorgende,beroepsopleiding,Zorg",
            "row 2, field next_step: a programme cannot be its own next step",
        ),
    ],
)
def test_invalid_next_step_is_reported_by_row_and_field(tmp_path, provider, capsys, row, expected):
    assert run_import(ladder_file(tmp_path, row)) == 2

    assert expected in capsys.readouterr().err
    assert not Programme.objects.exists()


def test_partial_skips_rows_whose_next_step_is_an_invalid_row(tmp_path, provider, capsys):
    rows = (
        "VERZORGENDE,hogent,ZORGKUNDIGE,Verzorgende,beroepsopleiding,Zorg",
        "ZORGKUNDIGE,hogent,,Zorgkundige,nanodegree,Zorg",
        "HUISHOUDHULP,hogent,,Huishoudhulp,beroepsopleiding,Zorg",
    )

    assert run_import(ladder_file(tmp_path, *rows), "--partial") == 0

    err = capsys.readouterr().err
    assert "row 3, field kind:" in err
    assert "row 2, field next_step: no programme with external id 'ZORGKUNDIGE'" in err
    assert list(Programme.objects.values_list("external_id", flat=True)) == ["HUISHOUDHULP"]


def test_json_and_the_api_record_take_next_step_as_well(tmp_path, provider, framework):
    records = [
        graduaat_record(external_id="G-ZORG", next_step="BACHELOR", modules=[]),
        graduaat_record(external_id="BACHELOR", kind="bachelor", vks_level=6, modules=[]),
    ]

    assert run_import(json_file(tmp_path, records)) == 0

    assert next_step_of("G-ZORG") == "BACHELOR"
    assert list(Programme.objects.get(external_id="BACHELOR").previous_steps.all()) == [
        Programme.objects.get(external_id="G-ZORG")
    ]


def test_next_steps_referring_to_each_other_are_both_stored(tmp_path, provider):
    # Neither new row can be inserted first with its link set; the update pass sets it.
    rows = (
        "A,hogent,B,Stap A,beroepsopleiding,Zorg",
        "B,hogent,A,Stap B,beroepsopleiding,Zorg",
    )

    assert run_import(ladder_file(tmp_path, *rows)) == 0

    assert (next_step_of("A"), next_step_of("B")) == ("B", "A")
