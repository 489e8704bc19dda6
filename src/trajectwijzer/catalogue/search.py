"""Catalogue search: one interface, a PostgreSQL full-text and an SQLite FTS5 backend.

(Being built: see the search work.) ``reindex_programmes`` is the one entry point
that writers (forms, imports, demo data, generators) call after changing programmes.
"""

from __future__ import annotations

from collections.abc import Iterable


def reindex_programmes(programme_ids: Iterable[int] | None = None) -> None:
    """Rebuild the search and facet index for these programmes (all when None)."""
