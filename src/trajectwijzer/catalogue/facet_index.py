"""An in-memory facet index of the published catalogue, shared by all searches of a process.

Counting facets in SQL means touching one row per (programme, facet value) of the
result set: about half a million rows for a broad search over 50,000 programmes,
100–500 ms on PostgreSQL. Held in memory as one boolean column per facet value, the
same counts are a popcount over packed bits (well under a millisecond), and filtering
and ordering are vector operations. The database stays the source of truth: the index
is rebuilt from it whenever ``SearchIndexState.version`` changes, which
``reindex_programmes`` bumps in the same transaction as any change to the catalogue.
Each search costs one tiny query to read that version.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from . import linguistics
from .models import Programme, ProgrammeKind, SearchIndexState


@dataclass(frozen=True)
class FacetIndex:
    version: str
    ids: np.ndarray  # programme ids, ascending (int64)
    keys: tuple[tuple[str, str], ...]  # (facet, value) for each row of `matrix`
    matrix: np.ndarray  # bool, len(keys) × len(ids): True where the programme has the value
    packed: np.ndarray  # the same bits packed 8 per byte, for counting with popcount
    credits: np.ndarray  # float64, NaN when unknown
    # Position of each programme in each sort order (0 = first), for top-k selection.
    rank_by_title: np.ndarray
    rank_by_credits: np.ndarray
    rank_by_duration: np.ndarray
    # Relevance (issue 15): a shortage occupation breaks ties; a query equal to a
    # title (or to the title without its kind, "Boekhouding" for "Graduaat
    # Boekhouding") puts it first. Title keys are hashes of the folded title words,
    # valid within this process only.
    shortage: np.ndarray  # bool
    title_keys: np.ndarray  # int64
    core_title_keys: np.ndarray  # int64
    # Study area (facet value, written in Dutch) → its label per language, from the
    # programmes' translations.
    area_labels: dict[str, dict[str, str]]

    @property
    def size(self) -> int:
        return len(self.ids)

    def row(self, facet: str, value: str) -> np.ndarray | None:
        position = self._key_positions.get((facet, value))
        return None if position is None else self.matrix[position]

    @property
    def _key_positions(self) -> dict[tuple[str, str], int]:
        cached = self.__dict__.get("_positions")
        if cached is None:
            cached = {key: i for i, key in enumerate(self.keys)}
            object.__setattr__(self, "_positions", cached)
        return cached

    def mask_of_ids(self, programme_ids: Sequence[int]) -> np.ndarray:
        """Boolean mask of the indexed programmes among ``programme_ids`` (others ignored)."""
        wanted = np.asarray(programme_ids, dtype=np.int64)
        mask = np.zeros(self.size, dtype=bool)
        if len(wanted) and self.size:
            positions = np.searchsorted(self.ids, wanted)
            positions[positions == self.size] = 0
            mask[positions[self.ids[positions] == wanted]] = True
        return mask

    def positions_of(self, programme_ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Positions in the index of those ``programme_ids`` it holds, and which ones."""
        wanted = np.asarray(programme_ids, dtype=np.int64)
        if not len(wanted) or not self.size:
            return np.zeros(0, dtype=np.int64), np.zeros(len(wanted), dtype=bool)
        positions = np.searchsorted(self.ids, wanted)
        positions[positions == self.size] = 0
        found = self.ids[positions] == wanted
        return positions[found], found

    def counts(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        # AND each value's packed bits with the packed result mask and count the ones:
        # a few hundred kilobytes of work for 50,000 programmes.
        totals = np.bitwise_count(self.packed & np.packbits(mask)).sum(axis=1)
        counts: dict[str, dict[str, int]] = {}
        for (facet, value), count in zip(self.keys, totals.tolist(), strict=True):
            if count:
                counts.setdefault(facet, {})[value] = int(count)
        return counts

    def top(self, mask: np.ndarray, rank: np.ndarray, offset: int, limit: int) -> list[int]:
        """Ids of the matching programmes at positions offset..offset+limit of ``rank``."""
        positions = np.flatnonzero(mask)
        keys = rank[positions]
        wanted = min(offset + limit, len(positions))
        if wanted <= 0 or offset >= len(positions):
            return []
        if wanted < len(positions):
            nearest = np.argpartition(keys, wanted - 1)[:wanted]
        else:
            nearest = np.arange(len(positions))
        ordered = nearest[np.argsort(keys[nearest], kind="stable")]
        return self.ids[positions[ordered[offset:wanted]]].tolist()


def _ranks(order: Iterable[int], size: int) -> np.ndarray:
    rank = np.empty(size, dtype=np.int64)
    rank[np.fromiter(order, dtype=np.int64, count=size)] = np.arange(size)
    return rank


FIELDS = (
    "id",
    "title",
    "kind",
    "language",
    "study_area",
    "vks_level",
    "duration_months",
    "study_credits",
    "delivery_modes",
    "regions",
    "leave_recognised_regions",
    "start_months",
    "qualification__shortage_occupation",
)


def title_key(title_words: Sequence[str]) -> int:
    return hash(" ".join(title_words))


def _core(title_words: list[str], kind_words: frozenset[str]) -> list[str]:
    core = list(title_words)
    while len(core) > 1 and core[0] in kind_words:
        core.pop(0)
    return core


def _area_labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    rows = (
        Programme.objects.filter(is_published=True)
        .values_list("study_area", "translations__fr__study_area", "translations__en__study_area")
        .distinct()
    )
    for area, french, english in rows:
        known = labels.setdefault(area, {})
        for language, label in (("fr", french), ("en", english)):
            if isinstance(label, str) and label.strip():
                known.setdefault(language, label.strip())
    return labels


def build(version: str, facet_values) -> FacetIndex:
    """Read the published programmes and lay out their facets; ``facet_values`` is
    ``search.facet_values`` (passed in to keep one definition of what a facet holds)."""
    # Plain rows instead of model instances: building 50,000 instances would double
    # the time of a rebuild. They carry the attributes ``facet_values`` reads.
    programmes = [
        SimpleNamespace(**row, is_microdegree=row["kind"] == ProgrammeKind.MICRODEGREE)
        for row in Programme.objects.filter(is_published=True).order_by("pk").values(*FIELDS)
    ]
    size = len(programmes)
    ids = np.fromiter((p.id for p in programmes), dtype=np.int64, count=size)
    key_rows: dict[tuple[str, str], list[int]] = {}
    for position, programme in enumerate(programmes):
        for key in facet_values(programme):
            key_rows.setdefault(key, []).append(position)
    keys = tuple(sorted(key_rows))
    matrix = np.zeros((len(keys), size), dtype=bool)
    for row, key in enumerate(keys):
        matrix[row, key_rows[key]] = True
    credits = np.array(
        [float(p.study_credits) if p.study_credits is not None else np.nan for p in programmes],
        dtype=np.float64,
    )
    titles = [(p.title.casefold(), p.id) for p in programmes]
    by_title = sorted(range(size), key=titles.__getitem__)
    title_rank = _ranks(by_title, size)

    def nulls_last(values: list) -> list[int]:
        return sorted(range(size), key=lambda i: (values[i] is None, values[i] or 0, title_rank[i]))

    kind_words = frozenset(
        word
        for word, pairs in linguistics.field_words().items()
        if any(facet == "kind" for facet, _value in pairs)
    )
    folded = [linguistics.words(p.title) for p in programmes]
    return FacetIndex(
        version=version,
        ids=ids,
        keys=keys,
        matrix=matrix,
        packed=np.packbits(matrix, axis=1),
        credits=credits,
        rank_by_title=title_rank,
        rank_by_credits=_ranks(nulls_last([p.study_credits for p in programmes]), size),
        rank_by_duration=_ranks(nulls_last([p.duration_months for p in programmes]), size),
        shortage=np.fromiter(
            (bool(p.qualification__shortage_occupation) for p in programmes),
            dtype=bool,
            count=size,
        ),
        title_keys=np.fromiter((title_key(w) for w in folded), dtype=np.int64, count=size),
        core_title_keys=np.fromiter(
            (title_key(_core(w, kind_words)) for w in folded), dtype=np.int64, count=size
        ),
        area_labels=_area_labels(),
    )


_lock = threading.Lock()
_current: FacetIndex | None = None


def current_version() -> str:
    return (
        SearchIndexState.objects.filter(pk=SearchIndexState.SINGLETON)
        .values_list("version", flat=True)
        .first()
        or ""
    )


def current(facet_values) -> FacetIndex:
    """The index for the catalogue as the database has it now (rebuilt when stale)."""
    global _current
    version = current_version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = build(version, facet_values)
        return _current


def bump_version() -> None:
    """Mark every process's index stale; call inside the transaction that changed data."""
    SearchIndexState.objects.update_or_create(
        pk=SearchIndexState.SINGLETON, defaults={"version": uuid.uuid4().hex}
    )
