"""Search that finds (issue 15): providers' keywords, a weighted SQLite index, typo words.

* ``Programme.keywords``: the provider's own search words.
* SQLite: the FTS5 table gets three weighted columns (title; summary, keywords,
  modules and competences; description and the rest) holding folded words and their
  Snowball stems, so bm25 can weigh where a word occurs. The table is recreated
  empty: run ``trajectwijzer catalogue reindex`` after migrating a database with
  programmes (``index_health`` reports it stale until then).
* PostgreSQL: ``rank_document``, titles and the middle part with their weights,
  for ``ts_rank_cd`` (ranking over the whole document read it from TOAST for every
  match: 10–50 ms for a broad query over 50,000 programmes).
* Both: ``catalogue_search_word``, the words of the indexed texts, for "did you
  mean"; on PostgreSQL with a ``pg_trgm`` trigram index (the extension is created
  here; it is a trusted extension, so the database owner may), on SQLite with an
  FTS5 ``trigram`` table kept in step by triggers.

No foreign keys to Django's tables, for the reason given in migration 0002.
"""

from django.db import migrations, models

POSTGRES_CREATE = [
    # Titles (A) and the middle part (B) alone, small enough to stay inline: ranked
    # with ts_rank_cd for every match without reading the large document.
    "ALTER TABLE catalogue_programme_search "
    "ADD COLUMN rank_document tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE IF NOT EXISTS catalogue_search_word (word text PRIMARY KEY)",
    "CREATE INDEX IF NOT EXISTS catalogue_search_word_trgm"
    " ON catalogue_search_word USING gin (word gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS catalogue_search_word",
    "ALTER TABLE catalogue_programme_search DROP COLUMN IF EXISTS rank_document",
]

SQLITE_CREATE = [
    "DROP TABLE IF EXISTS catalogue_programme_fts",
    "CREATE VIRTUAL TABLE catalogue_programme_fts USING fts5("
    "title, middle, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
    "CREATE TABLE catalogue_search_word (word TEXT PRIMARY KEY)",
    "CREATE VIRTUAL TABLE catalogue_search_word_trigram USING fts5("
    "word, content = 'catalogue_search_word', tokenize = 'trigram')",
    "CREATE TRIGGER catalogue_search_word_added AFTER INSERT ON catalogue_search_word "
    "BEGIN INSERT INTO catalogue_search_word_trigram (rowid, word) "
    "VALUES (new.rowid, new.word); END",
    "CREATE TRIGGER catalogue_search_word_removed AFTER DELETE ON catalogue_search_word "
    "BEGIN INSERT INTO catalogue_search_word_trigram "
    "(catalogue_search_word_trigram, rowid, word) VALUES ('delete', old.rowid, old.word); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_search_word_added",
    "DROP TRIGGER IF EXISTS catalogue_search_word_removed",
    "DROP TABLE IF EXISTS catalogue_search_word_trigram",
    "DROP TABLE IF EXISTS catalogue_search_word",
    "DROP TABLE IF EXISTS catalogue_programme_fts",
    "CREATE VIRTUAL TABLE catalogue_programme_fts USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_programme_next_step")]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="keywords",
            field=models.JSONField(blank=True, default=list, verbose_name="search keywords"),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
