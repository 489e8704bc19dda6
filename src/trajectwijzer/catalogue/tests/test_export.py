"""`trajectwijzer catalogue export`: the import format, so that export → import changes nothing."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Module,
    Programme,
    Provider,
    Qualification,
)
from trajectwijzer.cli import main

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> dict:
    hogent = Provider.objects.create(slug="hogent", name="HOGENT", kind="hogeschool")
    syntra = Provider.objects.create(slug="syntra-west", name="Syntra West", kind="syntra")
    qualification = Qualification.objects.create(
        code="BK-ZORG-5", title="Zorgkundige", vks_level=5, kind="beroepskwalificatie"
    )
    framework = CompetenceFramework.objects.create(code="BP-ZORG", title="Zorgkundige")
    competence = Competence.objects.create(framework=framework, code="C1", title="Zorg plannen")
    # The next step on the learning ladder; exported after the graduaat that links to it.
    bachelor = Programme.objects.create(
        external_id="V-VERPLEEGKUNDE",
        provider=hogent,
        title="Bachelor Verpleegkunde",
        kind="bachelor",
        study_area="Zorg",
    )
    graduaat = Programme.objects.create(
        external_id="G-ZORG",
        provider=hogent,
        qualification=qualification,
        framework=framework,
        title="Graduaat Zorg",
        summary="Avondopleiding, ook in Brussel",
        translations={
            "fr": {"title": "Graduat en soins", "description": "Kept on import"},
            "en": {"summary": "Evening programme"},
        },
        kind="graduaat",
        vks_level=5,
        study_area="Zorg",
        delivery_modes=["evening", "blended"],
        locations=["Gent", "Brussel"],
        keywords=["verpleeghulp", "zorgassistent"],
        regions=["flanders", "brussels"],
        start_months=[9, 2],
        study_credits=Decimal("120.0"),
        contact_hours=900,
        workplace_learning_share=30,
        price_eur=Decimal("1250.50"),
        leave_recognised_regions=["flanders"],
        url="https://hogent.be/zorg",
        next_step=bachelor,
    )
    first = Module.objects.create(programme=graduaat, code="Z1", title="Basiszorg", hours=60)
    second = Module.objects.create(
        programme=graduaat,
        code="Z2",
        title="Wondzorg",
        study_credits=Decimal("3.5"),
        term=2,
        learning_outcomes="Verzorgt wonden\nRapporteert",
        is_elective=True,
        elective_group="Keuze A",
        translations={"fr": {"title": "Soins des plaies"}},
    )
    second.prerequisites.add(first)
    second.competences.add(competence)
    Programme.objects.create(
        external_id="M-WONDZORG",
        provider=hogent,
        parent=graduaat,
        title="Microdegree Wondzorg",
        kind="microdegree",
        study_area="Zorg",
        is_published=False,
    )
    Programme.objects.create(
        external_id="S-LASSEN",
        provider=syntra,
        title="Lasser",
        kind="beroepsopleiding",
        study_area="Techniek",
    )
    return {"hogent": hogent}


def snapshot() -> list[tuple]:
    programmes = [tuple(p.values()) for p in Programme.objects.order_by("external_id").values()]
    modules = [tuple(m.values()) for m in Module.objects.order_by("pk").values()]
    links = sorted(Module.competences.through.objects.values_list("module_id", "competence_id"))
    prerequisites = sorted(
        Module.prerequisites.through.objects.values_list("from_module_id", "to_module_id")
    )
    return [programmes, modules, links, prerequisites]


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_then_import_changes_nothing(tmp_path, catalogue, capsys, file_format):
    before = snapshot()
    path = tmp_path / f"catalogue.{file_format}"
    assert main(["catalogue", "export", "-o", str(path)]) == 0
    capsys.readouterr()

    assert main(["catalogue", "import", str(path)]) == 0

    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert snapshot() == before


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_into_an_empty_catalogue_recreates_it(tmp_path, catalogue, capsys, file_format):
    path = tmp_path / f"catalogue.{file_format}"
    main(["catalogue", "export", "--format", file_format, "-o", str(path)])
    Programme.objects.all().delete()
    capsys.readouterr()

    assert main(["catalogue", "import", str(path)]) == 0

    assert "4 created" in capsys.readouterr().out
    micro = Programme.objects.get(external_id="M-WONDZORG")
    assert micro.parent.external_id == "G-ZORG"
    assert micro.is_published is False
    graduaat = Programme.objects.get(external_id="G-ZORG")
    assert graduaat.next_step.external_id == "V-VERPLEEGKUNDE"
    assert graduaat.translations["fr"]["title"] == "Graduat en soins"
    assert graduaat.keywords == ["verpleeghulp", "zorgassistent"]
    assert graduaat.modules.count() == (2 if file_format == "json" else 0)


def test_csv_export_to_stdout_uses_pipes_for_lists(catalogue, capsys):
    assert main(["catalogue", "export", "--provider", "hogent"]) == 0

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["external_id"] for row in rows] == ["G-ZORG", "M-WONDZORG", "V-VERPLEEGKUNDE"]
    graduaat = rows[0]
    assert graduaat["delivery_modes"] == "evening|blended"
    assert graduaat["start_months"] == "9|2"
    assert graduaat["keywords"] == "verpleeghulp|zorgassistent"
    assert graduaat["title_fr"] == "Graduat en soins"
    assert graduaat["summary_en"] == "Evening programme"
    assert graduaat["qualification"] == "BK-ZORG-5"
    assert graduaat["next_step"] == "V-VERPLEEGKUNDE"
    assert rows[1]["parent"] == "G-ZORG"
    assert rows[1]["next_step"] == ""
    assert rows[1]["is_published"] == "false"


def test_json_export_holds_modules(catalogue, capsys):
    main(["catalogue", "export", "--format", "json"])

    records = json.loads(capsys.readouterr().out)
    graduaat = next(r for r in records if r["external_id"] == "G-ZORG")
    assert graduaat["price_eur"] == 1250.5
    assert graduaat["start_months"] == [9, 2]
    wondzorg = next(m for m in graduaat["modules"] if m["code"] == "Z2")
    assert wondzorg["prerequisites"] == ["Z1"]
    assert wondzorg["competences"] == ["C1"]
    assert wondzorg["title_fr"] == "Soins des plaies"


def test_export_of_an_unknown_provider_exits_2(catalogue, capsys):
    assert main(["catalogue", "export", "--provider", "nobody"]) == 2
    assert "no provider with slug 'nobody'" in capsys.readouterr().err
