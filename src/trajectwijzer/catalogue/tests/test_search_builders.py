"""Builders for the search, page and API tests: catalogue records as providers enter them.

Every builder that changes programmes reindexes them, as the writers in the product do.
(No tests here; kept in one place so the search tests share one vocabulary.)
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from trajectwijzer.accounts.models import OrganisationKind
from trajectwijzer.catalogue.models import Programme, Provider, Qualification
from trajectwijzer.catalogue.search import reindex_programmes
from trajectwijzer.testing import make_organisation

_numbers = itertools.count(1)


def make_provider(name: str = "HOGENT", **extra: Any) -> Provider:
    number = next(_numbers)
    defaults = {
        "slug": f"provider-{number}",
        "kind": "hogeschool",
        "city": "Gent",
        "region": "flanders",
    }
    return Provider.objects.create(
        organisation=make_organisation(OrganisationKind.PROVIDER, name=f"{name} {number}"),
        name=name,
        **{**defaults, **extra},
    )


def make_qualification(title: str = "HR-medewerker", **extra: Any) -> Qualification:
    defaults = {
        "code": f"BK-{next(_numbers):04d}",
        "vks_level": 5,
        "kind": "beroepskwalificatie",
    }
    return Qualification.objects.create(title=title, **{**defaults, **extra})


def make_programme(title: str = "Graduaat HR-support", *, index: bool = True, **extra: Any):
    """A published programme with plausible facts; reindexed unless ``index=False``."""
    if "provider" not in extra:
        extra["provider"] = make_provider()
    defaults: dict[str, Any] = {
        "external_id": f"P-{next(_numbers)}",
        "summary": "Opleiding voor werkenden.",
        "kind": "graduaat",
        "vks_level": 5,
        "study_area": "Bedrijfsbeheer",
        "delivery_modes": ["evening"],
        "regions": ["flanders"],
        "start_months": [9],
        "duration_months": 24,
        "study_credits": Decimal("120"),
        "contact_hours": 600,
        "language": "nl",
    }
    programme = Programme.objects.create(title=title, **{**defaults, **extra})
    if index:
        reindex_programmes([programme.pk])
    return programme


def make_programmes(count: int, title: str = "Bachelor Informatica", **extra: Any) -> list:
    """``count`` programmes of one provider, indexed together."""
    provider = extra.pop("provider", None) or make_provider()
    programmes = [
        make_programme(f"{title} {n}", provider=provider, index=False, **extra)
        for n in range(1, count + 1)
    ]
    reindex_programmes([p.pk for p in programmes])
    return programmes
