"""Words for the catalogue search: folding, stems, compounds, synonyms, field words.

Both search backends see the same words: documents and queries are folded (lower
case, no diacritics) here; Dutch compound heads are added to the documents here; the
query's synonyms and structured-field words are found here. Stemming is each
backend's own job on PostgreSQL (text search configurations ``dutch``, ``french``,
``english``, all Snowball stemmers) and done here for SQLite with the same Snowball
algorithms (``snowballstemmer``), so the two backends agree on what a word finds.

The word lists are data (``search_data/*.yaml``), maintained without code changes.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
import yaml

DATA_DIR = Path(__file__).resolve().parent / "search_data"
LANGUAGES = ("nl", "fr", "en")
SNOWBALL_NAMES = {"nl": "dutch", "fr": "french", "en": "english"}

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without diacritics, so "santé" finds "sante" on every backend."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of a text: letters and digits only, nothing else survives."""
    return _WORD.findall(fold(text))


# Stems -------------------------------------------------------------------------

_stemmers = threading.local()  # Snowball stemmer objects keep state: one per thread


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of a folded word in one of the content languages."""
    stemmers = getattr(_stemmers, "by_language", None)
    if stemmers is None:
        stemmers = _stemmers.by_language = {
            code: snowballstemmer.stemmer(name) for code, name in SNOWBALL_NAMES.items()
        }
    return stemmers[language].stemWord(word)


def query_stems(word: str) -> list[str]:
    """The word and its stems in the three languages, as prefixes a document may hold.

    Stems shorter than three letters would match far too much as prefixes, so they
    are left out unless they are the word itself.
    """
    found = [word]
    for language in LANGUAGES:
        stemmed = stem(word, language)
        if len(stemmed) >= 3 and stemmed not in found:
            found.append(stemmed)
    return found


# Compounds ---------------------------------------------------------------------

LINKING = ("s", "e", "en")  # Dutch linking morphemes: personeel-s-beleid


@cache
def _compound_heads() -> tuple[str, ...]:
    data = yaml.safe_load((DATA_DIR / "compound_parts.yaml").read_text(encoding="utf-8"))
    heads = {fold(str(head)) for head in data.get("nl", [])}
    # Longest first, so "verpleegkunde" wins over "kunde".
    return tuple(sorted((h for h in heads if len(h) >= 4), key=len, reverse=True))


@lru_cache(maxsize=100_000)
def compound_head(word: str) -> str | None:
    """The known head a Dutch compound ends with ("beleid" of "personeelsbeleid")."""
    for head in _compound_heads():
        if len(word) > len(head) + 2 and word.endswith(head):
            modifier = word[: -len(head)]
            for link in LINKING:
                if modifier.endswith(link) and len(modifier) - len(link) >= 3:
                    modifier = modifier[: -len(link)]
                    break
            if len(modifier) >= 3:
                return head
    return None


def with_compound_heads(text: str) -> str:
    """Dutch text with the head of each known compound appended once."""
    heads = dict.fromkeys(h for w in words(text) if (h := compound_head(w)))
    return f"{text} {' '.join(heads)}" if heads else text


def stemmed_text(text: str, language: str) -> str:
    """Folded words, each followed by its stem when that differs (SQLite documents)."""
    out: list[str] = []
    for word in words(text):
        out.append(word)
        stemmed = stem(word, language)
        if stemmed != word and len(stemmed) >= 2:
            out.append(stemmed)
    return " ".join(out)


# Query analysis ----------------------------------------------------------------


@dataclass(frozen=True)
class QueryTerm:
    """One word (or synonym phrase) of a query and what it may match.

    ``alternatives``: groups of words; the term matches a document in which all words
    of any one group occur (each as a prefix, in any language). The first group is
    what the user typed. ``facets``: structured values the word names (facet, value);
    a programme with one of them matches the term as well.
    """

    text: str
    alternatives: tuple[tuple[str, ...], ...]
    facets: tuple[tuple[str, str], ...] = ()


MAX_PHRASE = 4


def _phrase(text: str) -> tuple[str, ...]:
    # Single letters ("baby's" → "baby", "s") carry nothing as prefixes.
    return tuple(w for w in words(text) if len(w) >= 2)


@cache
def _synonyms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Phrase (folded words) → the phrases of its synonym groups, in all languages."""
    data = yaml.safe_load((DATA_DIR / "synonyms.yaml").read_text(encoding="utf-8")) or {}
    by_phrase: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for language in LANGUAGES:
        for group in data.get(language) or []:
            phrases = [p for p in (_phrase(str(member)) for member in group) if p]
            for phrase in phrases:
                known = by_phrase.setdefault(phrase, [])
                known.extend(p for p in phrases if p not in known)
    return {phrase: tuple(group) for phrase, group in by_phrase.items()}


@cache
def _field_words() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded word → (facet, value) pairs it names."""
    data = yaml.safe_load((DATA_DIR / "field_words.yaml").read_text(encoding="utf-8")) or {}
    named: dict[str, list[tuple[str, str]]] = {}
    for facet, values in data.items():
        for value, names in values.items():
            for name in names:
                phrase = _phrase(str(name))
                if len(phrase) == 1:  # whole single words only
                    named.setdefault(phrase[0], []).append((str(facet), str(value)))
    return {word: tuple(dict.fromkeys(pairs)) for word, pairs in named.items()}


def field_words() -> dict[str, tuple[tuple[str, str], ...]]:
    return _field_words()


def analyse(query_words: Iterable[str]) -> list[QueryTerm]:
    """Terms of a query: synonym phrases grouped (longest first), field words marked."""
    remaining = list(query_words)
    if any(len(word) > 1 for word in remaining):
        # Single letters ("baby's" gives "baby", "s") would match nearly everything.
        remaining = [word for word in remaining if len(word) > 1]
    synonyms = _synonyms()
    named = _field_words()
    terms: list[QueryTerm] = []
    position = 0
    while position < len(remaining):
        for length in range(min(MAX_PHRASE, len(remaining) - position), 0, -1):
            phrase = tuple(remaining[position : position + length])
            group = synonyms.get(phrase)
            if group is not None:
                others = tuple(p for p in group if p != phrase)
                facets = named.get(phrase[0], ()) if length == 1 else ()
                terms.append(QueryTerm(" ".join(phrase), (phrase, *others), facets))
                position += length
                break
        else:
            word = remaining[position]
            terms.append(QueryTerm(word, ((word,),), named.get(word, ())))
            position += 1
    return terms


def is_listed(word: str) -> bool:
    """Whether the word is in the synonym lists or names a field value."""
    return (word,) in _synonyms() or word in _field_words()


MIN_PREFIX_SYNONYM = 4


def as_prefix(word: str, typed: bool) -> bool:
    """Whether a query word matches as a prefix: always when typed, but a short synonym
    ("it" for "informatica") only as a whole word, or it would match "italiaans"."""
    return typed or len(word) >= MIN_PREFIX_SYNONYM


def expanded_words(terms: Iterable[QueryTerm]) -> Iterator[tuple[str, bool]]:
    """Every (word, as a prefix) of the terms' alternatives, the typed group first."""
    for term in terms:
        for position, alternative in enumerate(term.alternatives):
            for word in alternative:
                yield word, as_prefix(word, position == 0)


# Typos -------------------------------------------------------------------------


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def closest_word(term: str, candidates: Iterable[str]) -> str | None:
    """The candidate one letter away from ``term`` (wrong, missing or extra letter).

    A candidate may also be a longer word that starts one letter away from the term
    ("personel" → "personeelsbeleid" through "personeel"); whole words win over such
    prefixes, then the more common spelling order given by the backend.
    """
    whole: list[str] = []
    prefixed: list[str] = []
    for candidate in candidates:
        if candidate == term or candidate.startswith(term):
            continue
        if edit_distance(term, candidate, 1) <= 1:
            whole.append(candidate)
        elif any(
            edit_distance(term, candidate[:length], 1) <= 1
            for length in (len(term) - 1, len(term), len(term) + 1)
            if 0 < length < len(candidate)
        ):
            prefixed.append(candidate)
    if whole:
        return whole[0]
    if prefixed:
        # The corrected prefix, not the whole compound: it finds the compound's family.
        best = prefixed[0]
        for length in (len(term) + 1, len(term), len(term) - 1):
            if 0 < length < len(best) and edit_distance(term, best[:length], 1) <= 1:
                return best[:length]
    return None


def trigrams(word: str) -> list[str]:
    return list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))
