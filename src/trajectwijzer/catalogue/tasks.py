"""The catalogue's bulk recalculation as a background task: rebuilding the search index
of every published programme (after a restore or a large import) without holding a
request or a terminal for it. ``trajectwijzer catalogue reindex --queue`` enqueues it."""

from __future__ import annotations

from trajectwijzer.tasks import retried_task


@retried_task
def rebuild_search_index() -> dict:
    from . import search

    before, after = search.rebuild_search_index()
    return {"backend": after.backend, "published": after.published, "missing": before.missing}
