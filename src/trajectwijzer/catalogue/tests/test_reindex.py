"""Issue #9 finding 10: a restore keeps the search.

``dumpdata`` → empty database → ``loaddata`` brought every table back but not the
full-text index (not a Django model), so searching found nothing and no command could
rebuild it. Now ``loaddata`` of catalogue rows rebuilds it, and ``trajectwijzer
catalogue reindex`` rebuilds it on demand (``--check`` detects a stale one). Runs on
SQLite by default and on PostgreSQL when DATABASE_URL points there (CI).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from trajectwijzer.catalogue import search
from trajectwijzer.catalogue.models import (
    Module,
    Programme,
    Provider,
    Qualification,
    SearchIndexState,
)
from trajectwijzer.cli import main

from .test_search_builders import make_programme

pytestmark = pytest.mark.django_db

API = "/api/v1/catalogue"


def found(client, q: str = "zorg") -> int:
    response = client.get(f"{API}/programmes", {"q": q})
    assert response.status_code == 200
    return response.json()["total"]


def lose_the_index() -> None:
    """What a restore of the rows alone leaves: programmes without search documents."""
    with connection.cursor() as cursor:
        search.backend().delete(cursor, None)


@pytest.fixture
def zorg_programmes():
    for title in ("Graduaat Zorg", "Bachelor Verpleegkunde zorg", "Zorgkundige"):
        make_programme(title)
    make_programme("Bachelor Informatica")


def test_reindex_rebuilds_a_lost_index_and_refreshes_facet_indexes(client, zorg_programmes, capsys):
    assert found(client) == 3
    lose_the_index()
    assert found(client) == 0
    version = SearchIndexState.objects.get().version

    assert main(["catalogue", "reindex", "--check"]) == 1
    assert "0 of 4 published programmes indexed, stale" in capsys.readouterr().out

    assert main(["catalogue", "reindex"]) == 0

    out = capsys.readouterr().out
    assert "Rebuilt the search index" in out and "4 published programmes indexed" in out
    assert "(4 were missing before)" in out
    assert found(client) == 3
    assert SearchIndexState.objects.get().version != version
    assert main(["catalogue", "reindex", "--check"]) == 0
    assert "4 of 4 published programmes indexed." in capsys.readouterr().out


def test_dumpdata_then_loaddata_into_an_empty_catalogue_keeps_the_search(
    client, zorg_programmes, tmp_path, capsys
):
    backup = tmp_path / "catalogue.json"
    call_command("dumpdata", "catalogue", "accounts.organisation", output=str(backup))
    Module.objects.all().delete()
    Programme.objects.all().delete()
    Provider.objects.all().delete()
    Qualification.objects.all().delete()
    lose_the_index()
    assert found(client) == 0

    call_command("loaddata", str(backup))

    assert Programme.objects.count() == 4
    assert found(client) == 3
    assert "Rebuilt the catalogue search index: 4 published programmes" in capsys.readouterr().out


def test_the_rebuild_can_be_left_to_the_task_worker(client, zorg_programmes, capsys):
    """A bulk recalculation as a background task: ``--queue`` stores the task and
    returns; the index is back once the worker has run it."""
    from trajectwijzer.testing_tasks import database_tasks, run_worker_once, task_log

    lose_the_index()
    with database_tasks():
        assert main(["catalogue", "reindex", "--queue"]) == 0
        assert "Queued the search index rebuild" in capsys.readouterr().out
        assert found(client) == 0  # nothing rebuilt yet: the worker has not run
        assert run_worker_once() == 1
        assert task_log() == [("rebuild_search_index", "SUCCESSFUL", 1)]
    assert found(client) == 3
