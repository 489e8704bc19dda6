"""The search service: text in three languages, facets, counts, validation, reindexing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import QueryDict

from trajectwijzer.catalogue.models import Module, Programme
from trajectwijzer.catalogue.search import (
    InvalidSearchParams,
    SearchParams,
    parse_search_params,
    query_terms,
    reindex_programmes,
    search_programmes,
)

from .test_search_builders import make_programme, make_provider, make_qualification

pytestmark = pytest.mark.django_db


def titles(query: str = "", **params) -> list[str]:
    parsed = parse_search_params(QueryDict(query)) if query else SearchParams(**params)
    return sorted(p.title for p in search_programmes(parsed).programmes)


def test_short_term_hr_finds_hr_support_by_word_prefix():
    make_programme("Graduaat HR-support")
    make_programme("Bachelor Verpleegkunde")

    assert titles("q=HR") == ["Graduaat HR-support"]
    assert titles("q=hr") == ["Graduaat HR-support"]


def test_all_words_must_match_as_prefixes():
    make_programme("Graduaat HR-support")
    make_programme("Bachelor HR-management")

    assert titles("q=hr supp") == ["Graduaat HR-support"]
    assert titles("q=hr") == ["Bachelor HR-management", "Graduaat HR-support"]


def test_french_and_english_words_find_a_dutch_programme_through_its_translations():
    make_programme(
        "Graduaat Boekhouding",
        translations={
            "fr": {"title": "Graduat en comptabilité", "summary": "Tenue des livres"},
            "en": {"title": "Graduate in accounting", "summary": "Bookkeeping for SMEs"},
        },
    )
    make_programme("Bachelor Verpleegkunde")

    assert titles("q=comptabilité") == ["Graduaat Boekhouding"]
    assert titles("q=comptabilite") == ["Graduaat Boekhouding"]  # accents optional
    assert titles("q=accounting") == ["Graduaat Boekhouding"]
    assert titles("q=bookkeeping") == ["Graduaat Boekhouding"]


def test_text_of_provider_study_area_qualification_and_modules_is_searchable():
    programme = make_programme(
        "Graduaat Zorg",
        provider=make_provider("Thomas More"),
        study_area="Gezondheidszorg",
        qualification=make_qualification("Zorgkundige"),
    )
    Module.objects.create(programme=programme, code="M1", title="Wondzorg en hygiëne")
    reindex_programmes([programme.pk])
    make_programme("Bachelor Informatica")

    for query in ("q=thomas", "q=gezondheid", "q=zorgkundige", "q=wondzorg", "q=hygiene"):
        assert titles(query) == ["Graduaat Zorg"], query


@pytest.mark.parametrize(
    "query",
    [
        'q="',
        "q=*",
        "q=AND",
        "q=hr AND (support",
        "q=NEAR(hr support)",
        "q=hr:*",
        "q=hr' OR 1=1 --",
        "q=!@#$%^&()[]{}<>|\\",
        "q=title:hr",
        "q=-hr +support ^2",
    ],
)
def test_fts_syntax_characters_in_the_query_never_break_the_search(query):
    make_programme("Graduaat HR-support")

    result = search_programmes(parse_search_params(QueryDict(query, mutable=False)))

    assert result.total >= 0


def test_query_terms_keep_only_letters_and_digits():
    assert query_terms('"HR" AND (support*) Santé') == ["hr", "and", "support", "sante"]


def test_only_published_programmes_are_found():
    make_programme("Graduaat HR-support", is_published=False)
    make_programme("Bachelor HR-management")

    assert titles("q=hr") == ["Bachelor HR-management"]
    assert titles() == ["Bachelor HR-management"]


@pytest.mark.parametrize(
    ("query", "matching_facts"),
    [
        ("vks=6", {"vks_level": 6}),
        ("area=Informatica", {"study_area": "Informatica"}),
        ("delivery=distance", {"delivery_modes": ["day", "distance"]}),
        ("region=brussels", {"regions": ["flanders", "brussels"]}),
        ("duration=lt6", {"duration_months": 5}),
        ("duration=6to12", {"duration_months": 12}),
        ("duration=12to24", {"duration_months": 13}),
        ("duration=gt24", {"duration_months": 36}),
        ("start=2", {"start_months": [2, 9]}),
        ("leave=flanders", {"leave_recognised_regions": ["flanders"]}),
        ("kind=bachelor", {"kind": "bachelor"}),
        ("microdegree=yes", {"kind": "microdegree"}),
        ("language=fr", {"language": "fr"}),
        ("credits_min=150", {"study_credits": Decimal("180")}),
        ("credits_max=20", {"study_credits": Decimal("15")}),
        ("credits_min=10&credits_max=20", {"study_credits": Decimal("15")}),
    ],
)
def test_each_filter_keeps_only_matching_programmes(query, matching_facts):
    # The reference programme: VKS 5, Bedrijfsbeheer, evening, Flanders, no known
    # duration, September, 120 credits, not recognised for leave, graduaat, Dutch.
    make_programme("Reference programme", duration_months=None)
    make_programme("Matching programme", **matching_facts)

    assert titles(query) == ["Matching programme"]


def test_values_within_a_facet_are_alternatives_and_facets_combine():
    make_programme("Day in Flanders", delivery_modes=["day"], regions=["flanders"])
    make_programme("Evening in Flanders", delivery_modes=["evening"], regions=["flanders"])
    make_programme("Day in Brussels", delivery_modes=["day"], regions=["brussels"])

    assert titles("delivery=day&delivery=evening&region=flanders") == [
        "Day in Flanders",
        "Evening in Flanders",
    ]


def test_facet_counts_describe_the_current_result_set():
    make_programme("Graduaat HR-support", delivery_modes=["day", "evening"], vks_level=5)
    make_programme("Bachelor HR-management", delivery_modes=["evening"], vks_level=6)
    make_programme("Bachelor Informatica", delivery_modes=["distance"], vks_level=6)

    result = search_programmes(parse_search_params(QueryDict("q=hr")))
    counts = {f.name: {o.value: o.count for o in f.options} for f in result.facets}

    assert result.total == 2
    assert counts["delivery"] == {"day": 1, "evening": 2}
    assert counts["vks"] == {"5": 1, "6": 1}
    assert counts["kind"] == {"graduaat": 2}
    assert counts["region"] == {"flanders": 2}


def test_facet_options_carry_translated_labels_and_selection(settings):
    make_programme("Graduaat HR-support", start_months=[1, 9])

    result = search_programmes(parse_search_params(QueryDict("start=9")))
    start = next(f for f in result.facets if f.name == "start")

    assert [(o.value, o.count, o.selected) for o in start.options] == [
        ("1", 1, False),
        ("9", 1, True),
    ]
    assert [o.label for o in start.options] == ["januari", "september"]  # Dutch by default


def test_a_selected_value_without_results_stays_visible_to_be_unchecked():
    make_programme("Graduaat HR-support", regions=["flanders"])

    result = search_programmes(parse_search_params(QueryDict("region=wallonia")))
    region = next(f for f in result.facets if f.name == "region")

    assert result.total == 0
    assert [(o.value, o.count, o.selected) for o in region.options] == [("wallonia", 0, True)]


def test_sort_by_credits_puts_programmes_without_credits_last():
    make_programme("Big", study_credits=Decimal("180"))
    make_programme("Unknown", study_credits=None)
    make_programme("Small", study_credits=Decimal("15"))

    result = search_programmes(parse_search_params(QueryDict("sort=credits")))

    assert [p.title for p in result.programmes] == ["Small", "Big", "Unknown"]


def test_relevance_puts_a_title_match_before_a_description_match():
    make_programme("Bachelor Informatica", description="Met een module over HR-beleid.")
    make_programme("Graduaat HR-support", description="Personeelswerk.")

    result = search_programmes(parse_search_params(QueryDict("q=hr")))

    assert [p.title for p in result.programmes] == ["Graduaat HR-support", "Bachelor Informatica"]


def test_pages_split_the_results_and_total_counts_all():
    provider = make_provider()
    for n in range(5):
        make_programme(f"Opleiding {n}", provider=provider)

    result = search_programmes(parse_search_params(QueryDict("per_page=2&page=3&sort=title")))

    assert result.total == 5
    assert result.num_pages == 3
    assert [p.title for p in result.programmes] == ["Opleiding 4"]


def test_reindex_after_a_change_finds_the_new_text_and_not_the_old():
    programme = make_programme("Graduaat HR-support", vks_level=5)

    Programme.objects.filter(pk=programme.pk).update(title="Graduaat Logistiek", vks_level=6)
    reindex_programmes([programme.pk])

    assert titles("q=logistiek") == ["Graduaat Logistiek"]
    assert titles("q=support") == []
    assert titles("vks=6") == ["Graduaat Logistiek"]
    assert titles("vks=5") == []


def test_unpublishing_and_reindexing_removes_the_programme_from_text_and_facet_search():
    programme = make_programme("Graduaat HR-support")

    Programme.objects.filter(pk=programme.pk).update(is_published=False)
    reindex_programmes([programme.pk])

    assert titles("q=hr") == []
    assert titles() == []


def test_full_reindex_rebuilds_every_published_programme():
    make_programme("Graduaat HR-support", index=False)
    make_programme("Bachelor Informatica", index=False, is_published=False)

    reindex_programmes()

    assert titles("q=hr") == ["Graduaat HR-support"]
    assert titles() == ["Graduaat HR-support"]


def test_deleted_programmes_drop_out_of_the_results():
    programme = make_programme("Graduaat HR-support")
    programme_id = programme.pk
    programme.delete()
    reindex_programmes([programme_id])

    assert titles("q=hr") == []


def test_unknown_values_in_json_lists_do_not_become_facets():
    make_programme("Odd import", delivery_modes=["day", "telepathy"], start_months=[13, 2])

    result = search_programmes(parse_search_params({}))
    facets = {(f.name, option.value) for f in result.facets for option in f.options}

    assert ("delivery", "day") in facets
    assert ("delivery", "telepathy") not in facets
    assert ("start", "2") in facets
    assert ("start", "13") not in facets


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=" + "x" * 201, "q"),
        ("vks=9", "vks"),
        ("vks=five", "vks"),
        ("area=" + "a" * 101, "area"),
        ("delivery=by-pigeon", "delivery"),
        ("region=paris", "region"),
        ("duration=forever", "duration"),
        ("start=13", "start"),
        ("start=0", "start"),
        ("credits_min=-1", "credits_min"),
        ("credits_max=lots", "credits_max"),
        ("credits_min=nan", "credits_min"),
        ("credits_min=30&credits_max=10", "credits_max"),
        ("microdegree=maybe", "microdegree"),
        ("microdegree=yes&microdegree=no", "microdegree"),
        ("leave=brussels&leave=mars", "leave"),
        ("kind=phd", "kind"),
        ("language=de", "language"),
        ("sort=random", "sort"),
        ("page=0", "page"),
        ("page=-2", "page"),
        ("page=two", "page"),
        ("page=²", "page"),
        ("per_page=³", "per_page"),
        ("page=١٢", "page"),
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
    ],
)
def test_invalid_parameters_name_the_field_and_what_is_allowed(query, field):
    with pytest.raises(InvalidSearchParams) as raised:
        parse_search_params(QueryDict(query))

    assert [error.field for error in raised.value.errors] == [field]
    assert raised.value.errors[0].message


def test_empty_form_values_count_as_absent():
    params = parse_search_params(QueryDict("q=&vks=&credits_min=&sort=&page=&microdegree="))

    assert params == SearchParams()
