"""Full-text index for the catalogue search, in the form the database offers.

PostgreSQL: a tsvector per programme with a GIN index. SQLite: an FTS5 table whose
rowid is the programme id, with the unicode61 tokenizer (diacritics removed) and
prefix indexes for short prefixes such as "HR". ``catalogue.search`` fills both.

There is no foreign key to catalogue_programme on purpose: Django's flush (used by
transactional tests) truncates its own tables without CASCADE and would fail on a
reference from a table it does not know. Rows of deleted programmes are harmless,
since every search joins through catalogue_programme, and go at the next reindex.
"""

from django.db import migrations

POSTGRES_CREATE = [
    "CREATE TABLE catalogue_programme_search ("
    " programme_id bigint PRIMARY KEY,"
    " document tsvector NOT NULL)",
    "CREATE INDEX catalogue_programme_search_document"
    " ON catalogue_programme_search USING gin (document)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS catalogue_programme_search"]
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE catalogue_programme_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
]
SQLITE_DROP = ["DROP TABLE IF EXISTS catalogue_programme_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
