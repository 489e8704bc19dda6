"""Catalogue search: one interface, a PostgreSQL full-text and an SQLite FTS5 backend.

Two derived indexes serve the public search ("studiekiezer"):

* a full-text document per published programme (PostgreSQL: ``tsvector`` table with
  a GIN index; SQLite: an FTS5 virtual table), created by migrations 0002 and 0003;
* an in-memory facet index per process (``facet_index``): filters, facet counts and
  ordering as vector operations, rebuilt when ``SearchIndexState`` says the catalogue
  changed.

``reindex_programmes`` is the one entry point that writers (forms, imports, demo data,
generators) call after changing programmes. ``parse_search_params`` turns a query
string into validated :class:`SearchParams` for the page and the API alike, and
``search_programmes`` answers it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from . import facet_index, linguistics
from .models import (
    Competence,
    ContentLanguage,
    Delivery,
    Module,
    Programme,
    ProgrammeKind,
    Region,
)

# Index structures (created by migration 0002_search_index) ----------------------

POSTGRES_TABLE = "catalogue_programme_search"
SQLITE_TABLE = "catalogue_programme_fts"


# Parameters -------------------------------------------------------------------

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


class DurationBucket:
    """Model duration ranges offered as one facet (months, bounds inclusive)."""

    BOUNDS: dict[str, tuple[int, int | None]] = {
        "lt6": (0, 5),
        "6to12": (6, 12),
        "12to24": (13, 24),
        "gt24": (25, None),
    }
    LABELS: dict[str, Promise] = {
        "lt6": _("Less than 6 months"),
        "6to12": _("6 to 12 months"),
        "12to24": _("13 to 24 months"),
        "gt24": _("More than 24 months"),
    }

    @classmethod
    def of(cls, months: int | None) -> str | None:
        if months is None:
            return None
        for bucket, (low, high) in cls.BOUNDS.items():
            if months >= low and (high is None or months <= high):
                return bucket
        return None


class Sort:
    RELEVANCE = "relevance"
    TITLE = "title"
    CREDITS = "credits"
    DURATION = "duration"
    LABELS: dict[str, Promise] = {
        "relevance": _("Relevance"),
        "title": _("Title"),
        "credits": _("Study credits"),
        "duration": _("Duration"),
    }


YES_NO_LABELS: dict[str, Promise] = {"yes": _("Yes"), "no": _("No")}


@dataclass(frozen=True)
class FacetDefinition:
    """A facet: its query parameter (also its key in the facet index) and values."""

    name: str
    label: Promise
    # Allowed values with their labels in display order, built when asked so labels
    # follow the active language; None means free values (study areas come from the
    # data and are shown as written).
    choices: Callable[[], Mapping[str, Any]] | None
    multiple: bool = True

    def allowed_values(self) -> list[str]:
        return list(self.choices()) if self.choices else []


def _vks_levels() -> dict[str, str]:
    return {str(n): gettext("Level %(n)s") % {"n": n} for n in range(1, 9)}


def _months() -> dict[str, Any]:
    return {str(m): MONTHS[m] for m in range(1, 13)}


FACETS: tuple[FacetDefinition, ...] = (
    FacetDefinition("kind", _("Kind of programme"), lambda: dict(ProgrammeKind.choices)),
    FacetDefinition("area", _("Study area"), None),
    FacetDefinition("vks", _("VKS level"), _vks_levels),
    FacetDefinition("delivery", _("How classes are given"), lambda: dict(Delivery.choices)),
    FacetDefinition("region", _("Region"), lambda: dict(Region.choices)),
    FacetDefinition("duration", _("Duration"), lambda: DurationBucket.LABELS),
    FacetDefinition("start", _("Start month"), _months),
    FacetDefinition("microdegree", _("Microdegree"), lambda: YES_NO_LABELS, multiple=False),
    FacetDefinition(
        "leave", _("Recognised for paid training leave in"), lambda: dict(Region.choices)
    ),
    FacetDefinition(
        "language",
        _("Language of instruction"),
        lambda: dict(ContentLanguage.choices),
        multiple=False,
    ),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}

# The visitor's own facet, "eligible for … for me" (issue 3): its values are incentive
# ids and its programme sets depend on who searches, so it is not in the shared index.
INCENTIVE_PARAM = "incentive"
INCENTIVES_WIZARD_PATH = "/incentives/"


@dataclass(frozen=True)
class IncentiveFacet:
    """The facet "eligible for … for me" for one visitor.

    ``choices``: incentive id → name, in display order. ``vectors(index)``: per
    incentive id, a boolean vector aligned with ``index.ids`` (True where this visitor
    is eligible), so filtering and counting are vector operations like other facets.
    """

    choices: Mapping[str, str]
    vectors: Callable[[facet_index.FacetIndex], Mapping[str, np.ndarray]]
    label: str = ""


MAX_AREA_LENGTH = 100


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class InvalidSearchParams(ValueError):
    """A query string the search cannot answer; names each field and what it allows."""

    def __init__(self, errors: Sequence[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    vks: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    delivery: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    duration: tuple[str, ...] = ()
    start: tuple[str, ...] = ()
    leave: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    microdegree: str | None = None
    language: str | None = None
    # "Eligible for … for me": incentive ids, only with a visitor's answers (IncentiveFacet).
    incentive: tuple[str, ...] = ()
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    sort: str = Sort.RELEVANCE
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def selected(self, facet: str) -> tuple[str, ...]:
        value = getattr(self, facet)
        if value is None:
            return ()
        return value if isinstance(value, tuple) else (value,)

    @property
    def terms(self) -> list[str]:
        return query_terms(self.q)

    @property
    def has_filters(self) -> bool:
        """Whether anything narrows the catalogue; page, size and sort do not."""
        return bool(
            self.terms
            or any(self.selected(facet.name) for facet in FACETS)
            or self.incentive
            or self.credits_min is not None
            or self.credits_max is not None
        )

    def query_items(self, **overrides: Any) -> list[tuple[str, str]]:
        """The parameters as query-string pairs (defaults left out), e.g. for page links."""
        params = replace(self, **overrides)
        items: list[tuple[str, str]] = []
        if params.q:
            items.append(("q", params.q))
        for facet in FACETS:
            items.extend((facet.name, value) for value in params.selected(facet.name))
        items.extend((INCENTIVE_PARAM, value) for value in params.incentive)
        for name in ("credits_min", "credits_max"):
            if getattr(params, name) is not None:
                items.append((name, str(getattr(params, name))))
        if params.sort != Sort.RELEVANCE:
            items.append(("sort", params.sort))
        if params.per_page != DEFAULT_PER_PAGE:
            items.append(("per_page", str(params.per_page)))
        if params.page != 1:
            items.append(("page", str(params.page)))
        return items

    def querystring(self, **overrides: Any) -> str:
        return urlencode(self.query_items(**overrides))


def _allowed(values: Iterable[str]) -> str:
    return _("allowed: %(values)s") % {"values": ", ".join(values)}


def parse_search_params(
    query: Mapping[str, Any], incentive_choices: Collection[str] | None = None
) -> SearchParams:
    """Validate a QueryDict (or a dict of lists) into SearchParams.

    Empty values count as absent, because a plain GET form sends every empty input.
    Raises InvalidSearchParams naming every offending field. ``incentive_choices`` are
    the incentive ids the visitor may filter on; None when the visitor has not
    answered the incentive questions, and then the ``incentive`` parameter is refused.
    """

    def values_of(name: str) -> list[str]:
        raw = query.getlist(name) if hasattr(query, "getlist") else query.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        return [str(v).strip() for v in raw if str(v).strip()]

    errors: list[FieldError] = []
    parsed: dict[str, Any] = {}

    q_values = values_of("q")
    q = " ".join(q_values)
    if len(q) > MAX_QUERY_LENGTH:
        errors.append(
            FieldError("q", _("At most %(n)s characters are allowed.") % {"n": MAX_QUERY_LENGTH})
        )
    parsed["q"] = q

    for facet in FACETS:
        values = list(dict.fromkeys(values_of(facet.name)))
        if facet.choices is not None:
            allowed = facet.allowed_values()
            unknown = [v for v in values if v not in allowed]
            if unknown:
                errors.append(
                    FieldError(
                        facet.name,
                        _("Unknown value %(values)s; %(allowed)s.")
                        % {"values": ", ".join(unknown), "allowed": _allowed(allowed)},
                    )
                )
                continue
        elif any(len(v) > MAX_AREA_LENGTH for v in values):
            errors.append(
                FieldError(
                    facet.name,
                    _("Values are at most %(n)s characters long.") % {"n": MAX_AREA_LENGTH},
                )
            )
            continue
        if facet.multiple:
            parsed[facet.name] = tuple(values)
        elif len(values) > 1:
            errors.append(
                FieldError(
                    facet.name,
                    _("Give one value only; %(allowed)s.")
                    % {"allowed": _allowed(facet.allowed_values())},
                )
            )
        else:
            parsed[facet.name] = values[0] if values else None

    incentives = list(dict.fromkeys(values_of(INCENTIVE_PARAM)))
    if incentives and incentive_choices is None:
        errors.append(
            FieldError(
                INCENTIVE_PARAM,
                _(
                    "This filter needs your answers: answer the questions about your "
                    "situation first at %(url)s."
                )
                % {"url": INCENTIVES_WIZARD_PATH},
            )
        )
    elif incentives:
        unknown = [v for v in incentives if v not in incentive_choices]
        if unknown:
            errors.append(
                FieldError(
                    INCENTIVE_PARAM,
                    _("Unknown value %(values)s; %(allowed)s.")
                    % {"values": ", ".join(unknown), "allowed": _allowed(incentive_choices)},
                )
            )
        else:
            parsed[INCENTIVE_PARAM] = tuple(incentives)

    for name in ("credits_min", "credits_max"):
        value = _single(values_of(name), name, errors)
        if value is None:
            continue
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0 or number > 10000:
            errors.append(FieldError(name, _("Give a number from 0 to 10000.")))
        else:
            parsed[name] = number
    low, high = parsed.get("credits_min"), parsed.get("credits_max")
    if low is not None and high is not None and low > high:
        errors.append(
            FieldError("credits_max", _("The maximum must not be lower than the minimum."))
        )

    sort = _single(values_of("sort"), "sort", errors)
    if sort is not None:
        if sort in Sort.LABELS:
            parsed["sort"] = sort
        else:
            errors.append(
                FieldError(
                    "sort",
                    _("Unknown sort order; %(allowed)s.") % {"allowed": _allowed(Sort.LABELS)},
                )
            )

    for name, upper in (("page", None), ("per_page", MAX_PER_PAGE)):
        value = _single(values_of(name), name, errors)
        if value is None:
            continue
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        number = int(value) if value.isascii() and value.isdigit() and len(value) <= 6 else 0
        if number < 1 or (upper is not None and number > upper):
            message = (
                _("Give a whole number from 1 to %(n)s.") % {"n": upper}
                if upper
                else _("Give a whole number from 1 up.")
            )
            errors.append(FieldError(name, message))
        else:
            parsed[name] = number

    if errors:
        raise InvalidSearchParams(errors)
    return SearchParams(**parsed)


def _single(values: list[str], name: str, errors: list[FieldError]) -> str | None:
    if len(values) > 1:
        errors.append(FieldError(name, _("Give one value only.")))
        return None
    return values[0] if values else None


# Text handling ----------------------------------------------------------------

fold = linguistics.fold


def query_terms(q: str) -> list[str]:
    """Words of the user's query; everything else (quotes, *, AND, brackets) is dropped.

    Only letters and digits reach the FTS syntax, so no user input can form an
    operator or break the quoting.
    """
    return linguistics.words(q)[:MAX_QUERY_TERMS]


# Backends -----------------------------------------------------------------------

PARTS = ("titles", "middles", "bodies")
WORDS_TABLE = "catalogue_search_word"
SQLITE_WORDS_TRIGRAM = "catalogue_search_word_trigram"
MIN_SUGGESTED_WORD = 4


@dataclass
class SearchDocument:
    """The texts of one programme per language, in three parts weighted for relevance.

    ``titles``: titles. ``middles``: summary, keywords, study area, module titles,
    competences, qualification, locations. ``bodies``: description and provider.
    """

    programme_id: int
    titles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    middles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    bodies: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def text(self, part: str, language: str) -> str:
        """Folded text of one part in one language; Dutch with its compound heads."""
        text = fold(" ".join(t for t in getattr(self, part)[language] if t))
        return linguistics.with_compound_heads(text) if language == "nl" else text

    def all_text(self, part: str) -> str:
        return " ".join(self.text(part, language) for language in ContentLanguage.values)

    def words(self) -> set[str]:
        """Words worth suggesting for a typo: at least four letters, not numbers."""
        return {
            word
            for part in PARTS
            for language in ContentLanguage.values
            for word in linguistics.words(self.text(part, language))
            if len(word) >= MIN_SUGGESTED_WORD and not word.isdigit()
        }


# A term's text query: for each alternative of each term, for each word, the prefixes
# (word and stems) it may match; built by each backend into its own syntax.


class PostgresBackend:
    """tsvector per programme, each language stemmed by its own configuration.

    Text of every language is also indexed with 'simple' (no stemming, no stop words),
    so names, acronyms and words of another language still match. Weights: titles A,
    summary/keywords/modules/competences B, description C. Ranked by ``ts_rank`` with
    those weights over the small ``rank_document`` (titles and middle part), so a
    match in the description alone ranks last. ``ts_rank_cd`` was measured 3–6 times
    slower per match with synonym-expanded queries (decision 0006).
    """

    NAME = "PostgreSQL full text (tsvector)"
    TABLE = POSTGRES_TABLE
    ID_COLUMN = "programme_id"
    CONFIGS = {"nl": "dutch", "fr": "french", "en": "english"}
    BATCH = 500
    # ts_rank weights for {D, C, B, A}: a title word counts 2.5 times a middle word.
    RANK_WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"

    def text_query(self, terms: Sequence[linguistics.QueryTerm]) -> str:
        """The tsquery for these terms, built by PostgreSQL once and sent back as text.

        Each word may match in any language (OR of its stems), all words of an
        alternative must match (AND), any alternative of a term (OR), all terms (AND).
        Words hold only letters and digits, so the ':*' prefix syntax is safe. Passing
        the result as a constant lets the planner estimate how many programmes match
        and choose a hash join for broad queries instead of one index probe per
        programme.
        """
        distinct = list(dict.fromkeys(linguistics.expanded_words(terms)))
        if not distinct:
            return ""
        configs = (*self.CONFIGS.values(), "simple")
        columns = ", ".join(f"to_tsquery('{config}', %s)::text" for config in configs)
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([f"SELECT {columns}"] * len(distinct)),
                [
                    f"{word}:*" if prefix else word
                    for word, prefix in distinct
                    for _config in configs
                ],
            )
            rows = cursor.fetchall()
        # The stems often coincide ('hr':* in every language); repeating them would
        # only skew the planner's estimate of how many programmes match.
        stems = {
            key: " | ".join(dict.fromkeys(stem for stem in row if stem))
            for key, row in zip(distinct, rows, strict=True)
        }

        def alternative(group: Sequence[str], typed: bool) -> str:
            keys = [(word, linguistics.as_prefix(word, typed)) for word in group]
            return " & ".join(f"({stems[key]})" for key in keys if stems[key])

        clauses = []
        for term in terms:
            alternatives = [
                a
                for position, group in enumerate(term.alternatives)
                if (a := alternative(group, position == 0))
            ]
            if alternatives:
                clauses.append("(" + " | ".join(f"({a})" for a in alternatives) + ")")
        return " & ".join(clauses)

    def matches(self, text_query: str) -> list[tuple[int, bool, float]]:
        """(programme id, whether the title alone matches, rank) for every match."""
        if not text_query:
            return []
        with transaction.atomic(), connection.cursor() as cursor:
            # On analysed tables the planner takes a broad prefix query ('zorg':*, a few
            # thousand of 50,000 rows) for a sequential scan, 2–3 times slower than the
            # GIN index here (decision 0006); keep this one query on the index.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                f"SELECT programme_id, title_document @@ q, "
                f"ts_rank('{self.RANK_WEIGHTS}', rank_document, q, 1) "
                f"FROM {POSTGRES_TABLE}, CAST(%s AS tsquery) AS q WHERE document @@ q",
                [text_query],
            )
            return cursor.fetchall()

    def known_prefix(self, word: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {WORDS_TABLE} WHERE word LIKE %s LIMIT 1",
                [word.replace("%", "").replace("_", "") + "%"],
            )
            return cursor.fetchone() is not None

    def similar_words(self, word: str, limit: int = 30) -> list[str]:
        """Indexed words sharing trigrams with ``word``, most similar first (pg_trgm)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM {WORDS_TABLE} WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def delete(self, cursor: Any, programme_ids: Sequence[int] | None) -> None:
        if programme_ids is None:
            cursor.execute(f"TRUNCATE {POSTGRES_TABLE}")
            cursor.execute(f"TRUNCATE {WORDS_TABLE}")
        else:
            cursor.execute(
                f"DELETE FROM {POSTGRES_TABLE} WHERE programme_id = ANY(%s)", [list(programme_ids)]
            )

    def write(self, cursor: Any, documents: Sequence[SearchDocument]) -> None:
        weights = {"titles": "A", "middles": "B", "bodies": "C"}
        weighted = []
        for position, language in enumerate(self.CONFIGS):
            config = self.CONFIGS[language]
            for part, weight in weights.items():
                weighted.append(
                    f"setweight(to_tsvector('{config}', v.{part[0]}{position}), '{weight}')"
                )
        for part, weight in weights.items():
            weighted.append(f"setweight(to_tsvector('simple', v.all_{part}), '{weight}')")
        # Titles alone, small enough to stay inline: "title matches first" reads it
        # for every match without touching the large document.
        title_only = [
            f"to_tsvector('{config}', v.t{position})"
            for position, config in enumerate(self.CONFIGS.values())
        ] + ["to_tsvector('simple', v.all_titles)"]
        # Titles and middle parts with their weights, for ts_rank_cd: a match in the
        # description alone ranks 0 and is ordered by the tie-breakers.
        ranked = [w for w in weighted if "v.b" not in w and "v.all_bodies" not in w]
        names = [f"{part[0]}{position}" for position in range(3) for part in PARTS]
        columns = ", ".join(["id", *names, *(f"all_{part}" for part in PARTS)])
        row = "(%s::bigint" + ", %s::text" * (len(names) + len(PARTS)) + ")"
        for start in range(0, len(documents), self.BATCH):
            batch = documents[start : start + self.BATCH]
            params: list[Any] = []
            for document in batch:
                params.append(document.programme_id)
                for language in self.CONFIGS:
                    params.extend(document.text(part, language) for part in PARTS)
                params.extend(document.all_text(part) for part in PARTS)
            cursor.execute(
                f"INSERT INTO {POSTGRES_TABLE} "
                "(programme_id, document, title_document, rank_document) "
                f"SELECT v.id, {' || '.join(weighted)}, {' || '.join(title_only)}, "
                f"{' || '.join(ranked)} "
                f"FROM (VALUES {', '.join([row] * len(batch))}) AS v({columns})",
                params,
            )
        new_words = sorted(set().union(*(document.words() for document in documents)))
        if new_words:
            cursor.execute(
                f"INSERT INTO {WORDS_TABLE} (word) SELECT unnest(%s::text[]) "
                "ON CONFLICT DO NOTHING",
                [new_words],
            )


class SqliteBackend:
    """FTS5 table with title, middle and body columns of folded words and their stems.

    Stems come from the same Snowball algorithms PostgreSQL uses (``linguistics``):
    each word of a text is stored followed by its stem in the text's language, and a
    query word matches as a prefix of the word or of any of its stems. Ranked by
    bm25 with column weights like PostgreSQL's.
    """

    NAME = "SQLite FTS5"
    TABLE = SQLITE_TABLE
    ID_COLUMN = "rowid"
    BATCH = 500
    COLUMN_WEIGHTS = (10.0, 4.0, 1.0)  # title, middle, body

    def text_query(self, terms: Sequence[linguistics.QueryTerm]) -> str:
        # Quoted phrases with a trailing * are prefix queries; words have no quotes,
        # but doubling them keeps the quoting safe whatever the tokenisation becomes.
        def word_query(word: str, typed: bool) -> str:
            star = "*" if linguistics.as_prefix(word, typed) else ""
            prefixes = linguistics.query_stems(word) if star else [word]
            return (
                "("
                + " OR ".join('"{}"{}'.format(p.replace('"', '""'), star) for p in prefixes)
                + ")"
            )

        clauses = []
        for term in terms:
            alternatives = [
                "(" + " AND ".join(word_query(word, position == 0) for word in group) + ")"
                for position, group in enumerate(term.alternatives)
                if group
            ]
            if alternatives:
                clauses.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(clauses)

    def matches(self, text_query: str) -> list[tuple[int, bool, float]]:
        """(programme id, whether the title alone matches, rank) for every match."""
        if not text_query:
            return []
        weights = ", ".join(str(w) for w in self.COLUMN_WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, rowid IN (SELECT rowid FROM {SQLITE_TABLE} "
                f"WHERE {SQLITE_TABLE} MATCH %s), -bm25({SQLITE_TABLE}, {weights}) "
                f"FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH %s",
                [f"title : ({text_query})", text_query],
            )
            return [(rowid, bool(in_title), score) for rowid, in_title, score in cursor]

    def known_prefix(self, word: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {WORDS_TABLE} WHERE word >= %s AND word < %s LIMIT 1",
                [word, word + "\U0010ffff"],
            )
            return cursor.fetchone() is not None

    def similar_words(self, word: str, limit: int = 30) -> list[str]:
        """Indexed words sharing most trigrams with ``word`` (FTS5 trigram tokenizer)."""
        grams = linguistics.trigrams(word)
        if not grams:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word FROM {SQLITE_WORDS_TRIGRAM} WHERE {SQLITE_WORDS_TRIGRAM} "
                "MATCH %s ORDER BY rank LIMIT %s",
                [" OR ".join(f'"{gram}"' for gram in grams), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def delete(self, cursor: Any, programme_ids: Sequence[int] | None) -> None:
        if programme_ids is None:
            cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
            cursor.execute(f"DELETE FROM {WORDS_TABLE}")
            return
        for start in range(0, len(programme_ids), self.BATCH):
            batch = list(programme_ids[start : start + self.BATCH])
            placeholders = ", ".join(["%s"] * len(batch))
            cursor.execute(f"DELETE FROM {SQLITE_TABLE} WHERE rowid IN ({placeholders})", batch)

    def write(self, cursor: Any, documents: Sequence[SearchDocument]) -> None:
        def column(document: SearchDocument, part: str) -> str:
            return " ".join(
                linguistics.stemmed_text(document.text(part, language), language)
                for language in ContentLanguage.values
            )

        cursor.executemany(
            f"INSERT INTO {SQLITE_TABLE} (rowid, title, middle, body) VALUES (%s, %s, %s, %s)",
            [(d.programme_id, *(column(d, part) for part in PARTS)) for d in documents],
        )
        new_words = sorted(set().union(*(document.words() for document in documents)))
        cursor.executemany(
            f"INSERT OR IGNORE INTO {WORDS_TABLE} (word) VALUES (%s)", [(w,) for w in new_words]
        )


def backend() -> PostgresBackend | SqliteBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise ImproperlyConfigured(
        f"Catalogue search supports PostgreSQL and SQLite, not {connection.vendor}."
    )


# Indexing -------------------------------------------------------------------------

REINDEX_BATCH = 1000


_LIST_FACET_VALUES = {
    "delivery": frozenset(Delivery.values),
    "region": frozenset(Region.values),
    "leave": frozenset(Region.values),
    "start": frozenset(str(m) for m in range(1, 13)),
}


def facet_values(programme: Programme) -> Iterator[tuple[str, str]]:
    """(facet, value) pairs of a programme; each programme has exactly one 'kind'."""
    yield "kind", programme.kind
    yield "language", programme.language
    yield "microdegree", "yes" if programme.is_microdegree else "no"
    if programme.study_area:
        yield "area", programme.study_area[:MAX_AREA_LENGTH]
    if programme.vks_level is not None:
        yield "vks", str(programme.vks_level)
    bucket = DurationBucket.of(programme.duration_months)
    if bucket:
        yield "duration", bucket
    for facet, values in (
        ("delivery", programme.delivery_modes),
        ("region", programme.regions),
        ("leave", programme.leave_recognised_regions),
        ("start", programme.start_months),
    ):
        allowed = _LIST_FACET_VALUES[facet]
        # JSON lists may hold anything an import wrote; only known values become facets.
        for value in dict.fromkeys(str(v) for v in values or []):
            if value in allowed:
                yield facet, value


def _translations(record: Any) -> Iterator[tuple[str, dict[str, str]]]:
    for language, texts in (record.translations or {}).items():
        if language in ContentLanguage.values and isinstance(texts, dict):
            yield language, texts


def search_document(
    programme: Programme, modules: Iterable[Module], competences: Iterable[Any] = ()
) -> SearchDocument:
    document = SearchDocument(programme.pk)
    own = programme.language if programme.language in ContentLanguage.values else "nl"
    document.titles[own].append(programme.title)
    document.middles[own].extend(
        [
            programme.summary,
            programme.study_area,
            *(str(word) for word in programme.keywords or [] if isinstance(word, str)),
            *(str(place) for place in programme.locations or [] if isinstance(place, str)),
            programme.provider.city,
        ]
    )
    document.bodies[own].extend([programme.description, programme.provider.name])
    for language, texts in _translations(programme):
        document.titles[language].append(str(texts.get("title", "")))
        document.middles[language].extend(
            str(texts.get(name, "")) for name in ("summary", "study_area")
        )
        document.bodies[language].append(str(texts.get("description", "")))
    if programme.qualification is not None:
        document.middles[own].append(programme.qualification.title)
        for language, texts in _translations(programme.qualification):
            document.middles[language].append(str(texts.get("title") or ""))
    for record in [*modules, *competences]:
        document.middles[own].append(record.title)
        for language, texts in _translations(record):
            document.middles[language].append(str(texts.get("title") or ""))
    for language, texts in _translations(programme.provider):
        document.bodies[language].append(str(texts.get("name") or ""))
    return document


def _batches(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex_programmes(programme_ids: Iterable[int] | None = None) -> None:
    """Rebuild the search and facet index for these programmes (all when None).

    Unpublished and deleted programmes leave the index. Works in batches of bulk
    inserts and deletes by id list, so the whole catalogue reindexes in seconds. The
    facet index of every process is marked stale in the same transaction.
    """
    search_backend = backend()
    with transaction.atomic(), connection.cursor() as cursor:
        if programme_ids is None:
            search_backend.delete(cursor, None)
            ids = list(
                Programme.objects.filter(is_published=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            requested = sorted({int(pk) for pk in programme_ids})
            for batch in _batches(requested, REINDEX_BATCH):
                search_backend.delete(cursor, batch)
            ids = requested
        for batch in _batches(ids, REINDEX_BATCH):
            _index_batch(batch, search_backend, cursor)
        facet_index.bump_version()


@dataclass(frozen=True)
class IndexHealth:
    """How the full-text index compares with the published catalogue."""

    backend: str
    published: int
    missing: int  # published programmes without a document: a search cannot find them

    @property
    def is_stale(self) -> bool:
        return self.missing > 0


def index_health() -> IndexHealth:
    """Which published programmes the full-text index lacks.

    The index tables are not Django models, so ``dumpdata``/``loaddata`` (and any copy of
    the rows alone) leave them empty: the catalogue is all there, its search finds nothing.
    """
    search_backend = backend()
    programmes = Programme._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM "
            f"{search_backend.TABLE} i WHERE i.{search_backend.ID_COLUMN} = p.id)) "
            f"FROM {programmes} p WHERE p.is_published"
        )
        published, missing = cursor.fetchone()
    return IndexHealth(search_backend.NAME, published, missing)


def rebuild_search_index() -> tuple[IndexHealth, IndexHealth]:
    """Rebuild the whole index and mark every process's facet index stale.

    Returns the health before and after, for the command line to report.
    """
    before = index_health()
    reindex_programmes(None)
    return before, index_health()


def _index_batch(ids: Sequence[int], search_backend: Any, cursor: Any) -> None:
    programmes = list(
        Programme.objects.filter(pk__in=ids, is_published=True)
        .select_related("provider", "qualification")
        .order_by()
    )
    modules_by_programme: dict[int, list[Module]] = defaultdict(list)
    modules = Module.objects.filter(programme_id__in=[p.pk for p in programmes]).order_by()
    for module in modules.only("programme_id", "title", "translations"):
        modules_by_programme[module.programme_id].append(module)
    competences_by_framework: dict[int, list[Competence]] = defaultdict(list)
    frameworks = {p.framework_id for p in programmes if p.framework_id}
    if frameworks:
        competences = Competence.objects.filter(framework_id__in=frameworks).order_by()
        for competence in competences.only("framework_id", "title", "translations"):
            competences_by_framework[competence.framework_id].append(competence)
    search_backend.write(
        cursor,
        [
            search_document(
                p, modules_by_programme[p.pk], competences_by_framework.get(p.framework_id, ())
            )
            for p in programmes
        ],
    )


# Searching ------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    multiple: bool
    options: list[FacetOption]

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    programmes: list[Programme]
    facets: list[Facet]
    # When the words matched nothing: the corrected query whose results these are.
    did_you_mean: str | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.per_page))

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1

    @property
    def has_next(self) -> bool:
        return self.params.page < self.num_pages

    @property
    def first_index(self) -> int:
        return (self.params.page - 1) * self.params.per_page + 1 if self.programmes else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.programmes) - 1 if self.programmes else 0


@dataclass
class TextMatch:
    """Which indexed programmes match a query's words, in their title, and how well."""

    mask: np.ndarray  # bool: matches every term
    title_mask: np.ndarray  # bool: every term matches in the title (or names its value)
    score: np.ndarray  # float64: the backend's weighted rank, higher is better


def _text_match(index: facet_index.FacetIndex, terms: Sequence[linguistics.QueryTerm]) -> TextMatch:
    """Match the terms in the full-text index, words that name a field value as well.

    Plain terms go to the database in one query. A term naming a field value
    ("graduaat", "avond") matches a programme with that value or with the word in its
    text, so it is asked on its own and OR-ed with the facet's row; each such term
    costs one more query (queries rarely hold more than one or two).
    """
    search_backend = backend()
    size = index.size
    mask = np.ones(size, dtype=bool)
    title_mask = np.ones(size, dtype=bool)
    score = np.zeros(size, dtype=np.float64)
    plain = [term for term in terms if not term.facets]
    groups = ([plain] if plain else []) + [[term] for term in terms if term.facets]
    for group in groups:
        rows = search_backend.matches(search_backend.text_query(group))
        positions, found = index.positions_of([row[0] for row in rows])
        group_mask = np.zeros(size, dtype=bool)
        group_mask[positions] = True
        group_title = np.zeros(size, dtype=bool)
        group_title[positions] = np.fromiter((bool(r[1]) for r in rows), bool, len(rows))[found]
        score[positions] += np.fromiter((float(r[2]) for r in rows), np.float64, len(rows))[found]
        named = [index.row(facet, value) for facet, value in group[0].facets]
        named = [row for row in named if row is not None]
        if len(group) == 1 and named:
            # The kind, delivery or region the word names counts like a title word.
            has_value = np.any(named, axis=0)
            group_mask |= has_value
            group_title |= has_value
        mask &= group_mask
        title_mask &= group_title
    return TextMatch(mask, title_mask & mask, score)


def _suggestion(words: Sequence[str]) -> list[str] | None:
    """The query with each unknown word replaced by a word one letter away, if any.

    A word is known when some indexed word starts with it or with one of its stems,
    or when it is a synonym or names a field value; short words and numbers are
    left as typed.
    """
    search_backend = backend()
    corrected: list[str] = []
    changed = False
    for word in words:
        if (
            len(word) < MIN_SUGGESTED_WORD
            or word.isdigit()
            or linguistics.is_listed(word)
            or any(search_backend.known_prefix(p) for p in linguistics.query_stems(word))
        ):
            corrected.append(word)
            continue
        candidate = linguistics.closest_word(word, search_backend.similar_words(word))
        changed = changed or candidate is not None
        corrected.append(candidate or word)
    return corrected if changed else None


def _filter_mask(index: facet_index.FacetIndex, params: SearchParams) -> np.ndarray:
    """Which indexed programmes pass the facet and credit filters."""
    mask = np.ones(index.size, dtype=bool)
    for facet in FACETS:
        selected = params.selected(facet.name)
        if selected:
            # Values within a facet are alternatives (OR); facets combine with AND.
            rows = [index.row(facet.name, value) for value in selected]
            present = [row for row in rows if row is not None]
            mask &= np.any(present, axis=0) if present else False
    with np.errstate(invalid="ignore"):  # unknown credits (NaN) never match a range
        if params.credits_min is not None:
            mask &= index.credits >= float(params.credits_min)
        if params.credits_max is not None:
            mask &= index.credits <= float(params.credits_max)
    return mask


RELEVANCE_BANDS = 10  # scores within a tenth of the best one count as equally relevant


def _months_until_start(index: facet_index.FacetIndex, today: date) -> np.ndarray:
    """Per programme, months from this month to its next start month (12: unknown)."""
    soon = np.full(index.size, 12, dtype=np.int64)
    for ahead in range(11, -1, -1):  # nearer months overwrite later ones
        row = index.row("start", str((today.month - 1 + ahead) % 12 + 1))
        if row is not None:
            soon[row] = ahead
    return soon


def _relevance_rank(
    index: facet_index.FacetIndex, words: Sequence[str], text: TextMatch, today: date
) -> np.ndarray:
    """Order for a text search: the whole title first, then title words, then the
    weighted rank in bands; ties go to shortage occupations, then the soonest start,
    and only then to the title's alphabetical order."""
    key = facet_index.title_key(list(words))
    exact = (index.title_keys == key) | (index.core_title_keys == key)
    tier = np.where(exact, 0, np.where(text.title_mask, 1, 2)).astype(np.int64)
    band = np.zeros(index.size, dtype=np.int64)
    best = float(text.score[text.mask].max()) if text.mask.any() else 0.0
    if best > 0:
        band = RELEVANCE_BANDS - np.clip(
            np.floor(text.score / best * RELEVANCE_BANDS), 0, RELEVANCE_BANDS
        ).astype(np.int64)
    shortage = np.where(index.shortage, 0, 1)
    soon = _months_until_start(index, today)
    composite = ((tier * (RELEVANCE_BANDS + 1) + band) * 2 + shortage) * 13 + soon
    return composite * max(index.size, 1) + index.rank_by_title


def _rank(
    index: facet_index.FacetIndex,
    params: SearchParams,
    text: TextMatch | None,
    words: Sequence[str],
    today: date,
) -> np.ndarray:
    if params.sort == Sort.CREDITS:
        return index.rank_by_credits
    if params.sort == Sort.DURATION:
        return index.rank_by_duration
    if params.sort == Sort.RELEVANCE and text is not None:
        return _relevance_rank(index, words, text, today)
    return index.rank_by_title


def _facets(
    params: SearchParams,
    counts: Mapping[str, Mapping[str, int]],
    index: facet_index.FacetIndex,
) -> list[Facet]:
    language = (get_language() or "nl")[:2]
    facets = []
    for definition in FACETS:
        facet_counts_ = counts.get(definition.name, {})
        selected = set(params.selected(definition.name))
        if definition.choices is None:
            # Study areas are data: their labels come from the programmes' translations.
            labels = {
                value: index.area_labels.get(value, {}).get(language) or value
                for value in set(facet_counts_) | selected
            }
            labels = dict(sorted(labels.items(), key=lambda item: item[1].casefold()))
        else:
            labels = {
                value: str(label)
                for value, label in definition.choices().items()
                if value in facet_counts_ or value in selected
            }
        options = [
            FacetOption(value, label, facet_counts_.get(value, 0), value in selected)
            for value, label in labels.items()
        ]
        facets.append(Facet(definition.name, str(definition.label), definition.multiple, options))
    return facets


def _incentive_facet(
    params: SearchParams,
    facet: IncentiveFacet,
    vectors: Mapping[str, np.ndarray],
    mask: np.ndarray,
) -> Facet:
    """Incentives for which at least one programme of the result is eligible, counted."""
    selected = set(params.incentive)
    options = []
    for value, label in facet.choices.items():
        vector = vectors.get(value)
        count = int(np.count_nonzero(vector & mask)) if vector is not None else 0
        if count or value in selected:
            options.append(FacetOption(value, str(label), count, value in selected))
    return Facet(INCENTIVE_PARAM, str(facet.label), True, options)


def search_programmes(
    params: SearchParams,
    incentive_facet: IncentiveFacet | None = None,
    *,
    today: date | None = None,
) -> SearchResult:
    """Answer a search in a small, fixed number of queries whatever the number of results.

    One tiny query checks the facet index is current; a text search adds one query to
    the full-text index (two on PostgreSQL, which first turns the words into a
    tsquery) plus one per word naming a field value; when the words match nothing, a
    few more look for a spelling one letter away ("did you mean"). One query reads
    the page of programmes with provider and qualification. Filtering, facet counts
    and ordering happen in the in-memory facet index.
    """
    today = today or timezone.localdate()
    index = facet_index.current(facet_values)
    words = params.terms
    text = _text_match(index, linguistics.analyse(words)) if words else None
    did_you_mean = None
    if text is not None and not text.mask.any():
        suggestion = _suggestion(words)
        if suggestion is not None:
            corrected = _text_match(index, linguistics.analyse(suggestion))
            if corrected.mask.any():
                text, words, did_you_mean = corrected, suggestion, " ".join(suggestion)
    mask = _filter_mask(index, params)
    if text is not None:
        mask &= text.mask
    vectors: Mapping[str, np.ndarray] = {}
    if incentive_facet is not None:
        vectors = incentive_facet.vectors(index)
        if params.incentive:
            # Alternatives (OR) within the facet, AND with the others.
            present = [vectors[value] for value in params.incentive if value in vectors]
            mask &= np.any(present, axis=0) if present else False
    total = int(mask.sum())
    offset = (params.page - 1) * params.per_page
    rank = _rank(index, params, text, words, today)
    page_ids = index.top(mask, rank, offset, params.per_page)
    page: list[Programme] = []
    if page_ids:
        by_id = Programme.objects.select_related("provider", "qualification", "parent").in_bulk(
            page_ids
        )
        page = [by_id[pk] for pk in page_ids if pk in by_id]
    facets = _facets(params, index.counts(mask), index)
    if incentive_facet is not None:
        # The visitor's own facet comes first: it answers "what can I get support for?".
        facets.insert(0, _incentive_facet(params, incentive_facet, vectors, mask))
    return SearchResult(
        params=params, total=total, programmes=page, facets=facets, did_you_mean=did_you_mean
    )
