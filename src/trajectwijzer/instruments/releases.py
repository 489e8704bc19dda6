"""Releases of group figures: a published figure moves only when at least
``MIN_CHANGES`` people changed.

A figure read before and after one person adds or changes their data would
otherwise give away that person's data (the difference of two means is their
score). So every figure is computed from a *release*: the set of people (and
what of theirs) it includes. Reading a figure compares the release with the
current data; when at least ``MIN_CHANGES`` people are new, changed or gone, the
release advances to the current data, otherwise the figure stays exactly as it
was published. The instruments, the barometer and the competences use this; the
guarantee is written down in docs/privacy-group-figures.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import GroupFigureRelease

# The platform's minimum group size (instruments.rules.MIN_GROUP_SIZE; a test keeps them equal).
MIN_CHANGES = 5


def changed_people(released: Mapping[int, Any], current: Mapping[int, Any]) -> int:
    """How many people are new, gone or included with something else."""
    return sum(
        1
        for person in released.keys() | current.keys()
        if released.get(person) != current.get(person)
    )


def _members(release: GroupFigureRelease | None) -> dict[int, Any]:
    return {int(k): v for k, v in release.members.items()} if release else {}


def settle_many(
    current_by_key: Mapping[str, Mapping[int, Any]],
    figures: Callable[[str], Any] | None = None,
) -> dict[str, GroupFigureRelease]:
    """The release to publish for each key, advanced to the current data where at
    least MIN_CHANGES people changed since the last release.

    ``current_by_key`` maps a figure key to {person id: what of theirs the figure
    would include now}. ``figures(key)`` computes the numbers to keep with a release
    that advances (only for figures that cannot be recomputed from the members).
    Keys never released and without current data get an empty, unsaved release.
    """
    keys = list(current_by_key)
    with transaction.atomic():
        stored = {
            r.key: r for r in GroupFigureRelease.objects.select_for_update().filter(key__in=keys)
        }
        result: dict[str, GroupFigureRelease] = {}
        for key in keys:
            release = stored.get(key)
            current = {int(k): v for k, v in current_by_key[key].items()}
            if changed_people(_members(release), current) >= MIN_CHANGES:
                if release is None:
                    release = GroupFigureRelease(key=key)
                release.members = {str(k): v for k, v in sorted(current.items())}
                release.figures = figures(key) if figures else None
                release.released_at = timezone.now()
                try:
                    with transaction.atomic():
                        release.save()
                except IntegrityError:  # another process released it first: publish theirs
                    release = GroupFigureRelease.objects.get(key=key)
            result[key] = release or GroupFigureRelease(key=key)
    return result


def settle(
    key: str, current: Mapping[int, Any], figures: Callable[[], Any] | None = None
) -> GroupFigureRelease:
    """``settle_many`` for one figure."""
    return settle_many({key: current}, (lambda _key: figures()) if figures else None)[key]


def members_of(release: GroupFigureRelease) -> dict[int, Any]:
    """Person id → what of theirs the release includes."""
    return _members(release)
