"""Facets move from a derived table to an in-memory index (catalogue.facet_index).

Drops ProgrammeFacetValue, adds the SearchIndexState token that tells processes when
to rebuild their index, and gives PostgreSQL's search table a small title-only
tsvector so "title matches first" ranking needs no read of the large document.
"""

from django.db import migrations, models

POSTGRES_ADD = [
    "ALTER TABLE catalogue_programme_search "
    "ADD COLUMN title_document tsvector NOT NULL DEFAULT ''::tsvector"
]
POSTGRES_DROP = ["ALTER TABLE catalogue_programme_search DROP COLUMN title_document"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_index")]

    operations = [
        migrations.DeleteModel(name="ProgrammeFacetValue"),
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True,
                                                        serialize=False)),
                ("version", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(_run({"postgresql": POSTGRES_ADD}), _run({"postgresql": POSTGRES_DROP})),
    ]
