"""`manage.py generate_catalogue`: reproducible catalogues for scale tests."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict

from trajectwijzer.catalogue.models import Programme, Provider, Qualification
from trajectwijzer.catalogue.search import parse_search_params, search_programmes

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(
        Programme.objects.order_by("external_id").values_list(
            "external_id", "title", "kind", "vks_level", "regions", "provider__slug"
        )
    )


def test_generates_the_requested_programmes_and_providers_and_indexes_them():
    call_command("generate_catalogue", programmes=120, providers=4, seed=11)

    assert Programme.objects.count() == 120
    assert Provider.objects.count() == 4
    assert search_programmes(parse_search_params({})).total == 120
    microdegrees = Programme.objects.filter(kind="microdegree")
    assert microdegrees.count() == 12
    assert not microdegrees.filter(parent__isnull=True).exists()
    assert Programme.objects.exclude(translations={}).exists()
    everything = search_programmes(parse_search_params(QueryDict("")))
    assert everything.total == 120


def test_the_same_seed_gives_the_same_catalogue():
    call_command("generate_catalogue", programmes=30, providers=2, seed=5)
    first = snapshot()
    Programme.objects.all().delete()
    Provider.objects.all().delete()
    Qualification.objects.all().delete()

    call_command("generate_catalogue", programmes=30, providers=2, seed=5)

    assert snapshot() == first


def test_a_second_run_with_the_same_seed_is_refused():
    call_command("generate_catalogue", programmes=1, seed=3)

    with pytest.raises(CommandError, match="seed"):
        call_command("generate_catalogue", programmes=1, seed=3)


@pytest.mark.parametrize(
    "arguments", [{"programmes": 0}, {"programmes": -5}, {"programmes": 3, "providers": 0}]
)
def test_bad_counts_are_refused(arguments):
    with pytest.raises(CommandError):
        call_command("generate_catalogue", **arguments)
