"""Search that finds (issue 15): a table of queries and the programme that must be in
the top 3, over one small realistic catalogue, on whichever database the suite runs
(SQLite locally, PostgreSQL in CI). Every example of the issue is in the table."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import translation

from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module
from trajectwijzer.catalogue.search import (
    parse_search_params,
    reindex_programmes,
    search_programmes,
)

from .test_search_builders import make_programme, make_provider, make_qualification

pytestmark = pytest.mark.django_db


def _catalogue() -> None:
    cvo = make_provider("CVO Gent", city="Gent")
    hogeschool = make_provider("Hogeschool Brussel", city="Brussel", region="brussels")
    eafc = make_provider("EAFC Namur", city="Namur", region="wallonia", kind="hogeschool")

    def build(title, **facts):
        return make_programme(title, **{"delivery_modes": ["day"], **facts})

    build(
        "Machinaal houtbewerker",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        summary="Zagen, schaven en frezen met machines.",
        locations=["Gent"],
        delivery_modes=["day"],
    )
    build(
        "Zorgkundige",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        qualification=make_qualification("Zorgkundige", shortage_occupation=True),
        summary="Verzorging en verpleegtechnische handelingen.",
    )
    build(
        "Verzorgende en zorgkundige in de thuiszorg",
        provider=cvo,
        index=False,
        kind="beroepsopleiding",
        summary="Zorg aan huis.",
    )
    build(
        "Graduaat Personeelsbeleid",
        provider=hogeschool,
        index=False,
        summary="Rekrutering, verloning en welzijn op het werk.",
    )
    build(
        "Medewerker personeelsadministratie",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        summary="Loonadministratie en sociale documenten.",
    )
    build(
        "Leraarschap voor zij-instromers",
        provider=hogeschool,
        kind="postgraduate",
        index=False,
        vks_level=6,
        summary="Word leerkracht in het secundair.",
    )
    build(
        "Graduaat Boekhouden",
        provider=hogeschool,
        index=False,
        summary="Dubbel boekhouden en btw.",
        translations={
            "fr": {"title": "Graduat en comptabilité"},
            "en": {"title": "Graduate in bookkeeping"},
        },
    )
    build(
        "Bachelor Accountancy-fiscaliteit",
        provider=hogeschool,
        kind="bachelor",
        index=False,
        vks_level=6,
        summary="Jaarrekeningen en fiscaliteit.",
    )
    build(
        "Begeleider baby's en peuters",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        summary="Werken in een kinderdagverblijf.",
    )
    build(
        "Programmeren",
        provider=hogeschool,
        kind="graduaat",
        index=False,
        delivery_modes=["distance"],
        regions=["brussels"],
        summary="Webtoepassingen bouwen.",
    )
    build(
        "Graduaat Programmeren (dag)",
        provider=hogeschool,
        kind="graduaat",
        index=False,
        delivery_modes=["day"],
        summary="Webtoepassingen bouwen.",
    )
    build(
        "Bachelor Toegepaste informatica",
        provider=hogeschool,
        kind="bachelor",
        index=False,
        delivery_modes=["distance"],
        vks_level=6,
        summary="Software en netwerken.",
    )
    build(
        "Elektrotechniek",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        delivery_modes=["evening"],
        summary="Huishoudelijke installaties.",
    )
    build(
        "Bachelier en soins infirmiers",
        provider=eafc,
        kind="bachelor",
        index=False,
        language="fr",
        regions=["wallonia"],
        vks_level=6,
        summary="Formation en cours du soir.",
    )
    build(
        "Informatique de gestion",
        provider=eafc,
        kind="bachelor",
        index=False,
        language="fr",
        regions=["wallonia"],
        summary="Développement et bases de données.",
    )
    build(
        "Schrijnwerkerij",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        keywords=["meubelmaker", "interieurbouw"],
        summary="Ramen en deuren.",
    )
    framework = CompetenceFramework.objects.create(code="ZORG", title="Zorg")
    Competence.objects.create(framework=framework, code="C1", title="Wondzorg toepassen")
    wound_care = build(
        "Graduaat Verpleegkunde",
        provider=hogeschool,
        index=False,
        framework=framework,
        summary="Verpleegkundige zorg.",
    )
    Module.objects.create(programme=wound_care, code="M1", title="Palliatieve begeleiding")
    build(
        "Logistiek medewerker",
        provider=cvo,
        kind="beroepsopleiding",
        index=False,
        summary="Magazijn en voorraadbeheer.",
        description="Met een stage in HR.",
    )
    reindex_programmes()


@pytest.fixture(scope="class")
def catalogue(django_db_setup, django_db_blocker):
    """The catalogue, built once for the class and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        _catalogue()
        yield
        transaction.set_rollback(True)


def top(query: str, n: int = 3) -> list[str]:
    result = search_programmes(parse_search_params(QueryDict(query)))
    return [p.title for p in result.programmes[:n]]


# query → a programme that must be among the first three results.
RELEVANCE_TABLE = [
    # Stemming.
    ("houtbewerking", "Machinaal houtbewerker"),
    ("zorgkundig", "Zorgkundige"),
    ("verpleegkundig", "Graduaat Verpleegkunde"),
    # Compounds: prefixes, and heads of known compounds on their own.
    ("personeel", "Graduaat Personeelsbeleid"),
    ("personeel", "Medewerker personeelsadministratie"),
    ("leraar", "Leraarschap voor zij-instromers"),
    ("administratie", "Medewerker personeelsadministratie"),
    # Typos: one wrong, missing or extra letter.
    ("zorgkundie", "Zorgkundige"),
    ("zorgkkundige", "Zorgkundige"),
    ("zorgkndige", "Zorgkundige"),
    ("houtbewerkr", "Machinaal houtbewerker"),
    ("personel", "Graduaat Personeelsbeleid"),
    # Synonyms, both ways, and providers' own keywords.
    ("accounting", "Graduaat Boekhouden"),
    ("boekhouding", "Bachelor Accountancy-fiscaliteit"),
    ("HR", "Graduaat Personeelsbeleid"),
    ("personeelsbeleid", "Graduaat Personeelsbeleid"),
    ("kinderbegeleider", "Begeleider baby's en peuters"),
    ("meubelmaker", "Schrijnwerkerij"),
    # Modules and competences.
    ("wondzorg", "Graduaat Verpleegkunde"),
    ("palliatieve", "Graduaat Verpleegkunde"),
    # Words for structured fields.
    ("graduaat afstandsonderwijs", "Programmeren"),
    ("avond", "Elektrotechniek"),
    ("Gent", "Machinaal houtbewerker"),
    ("bachelier", "Bachelier en soins infirmiers"),
    ("bachelor informatica", "Bachelor Toegepaste informatica"),
    # Other languages.
    ("comptabilité", "Graduaat Boekhouden"),
    ("informatique", "Informatique de gestion"),
    ("infirmiers", "Bachelier en soins infirmiers"),
]


@pytest.mark.usefixtures("catalogue")
class TestOneCatalogue:
    @pytest.mark.parametrize(("query", "expected"), RELEVANCE_TABLE)
    def test_query_finds_the_programme_in_the_top_three(self, query, expected):
        assert expected in top(f"q={query}"), top(f"q={query}", n=10)

    @pytest.mark.parametrize(
        ("query", "first"),
        [
            ("zorgkundige", "Zorgkundige"),  # the whole title before a longer title with the word
            ("boekhouden", "Graduaat Boekhouden"),  # the title without its kind
            ("programmeren", "Programmeren"),
        ],
    )
    def test_an_exact_title_comes_first(self, query, first):
        assert top(f"q={query}", n=1) == [first]

    def test_title_words_come_before_a_mention_in_the_description(self):
        titles = top("q=hr", n=10)

        assert titles.index("Graduaat Personeelsbeleid") < titles.index("Logistiek medewerker")

    def test_graduaat_afstandsonderwijs_keeps_only_distance_graduaat_programmes(self):
        assert top("q=graduaat afstandsonderwijs", n=10) == ["Programmeren"]

    def test_a_typo_shows_results_for_the_correction_and_says_so(self):
        # "zorgkundie" is found through its stem; a missing "u" is not.
        result = search_programmes(parse_search_params(QueryDict("q=zorgkndige")))

        assert result.did_you_mean == "zorgkundige"
        assert result.programmes[0].title == "Zorgkundige"

    def test_the_page_says_did_you_mean_and_shows_the_correction_s_results(self, client):
        response = client.get("/catalogue/", {"q": "zorgkndige"})

        text = response.content.decode()
        assert response.status_code == 200
        assert "Bedoelde je" in text
        assert 'href="?q=zorgkundige"' in text
        assert ">Zorgkundige</a>" in text  # the first result's title link

    def test_the_api_gives_did_you_mean_with_the_correction_s_results(self, client):
        body = client.get("/api/v1/catalogue/programmes", {"q": "zorgkndige"}).json()

        assert body["did_you_mean"] == "zorgkundige"
        assert body["results"][0]["title"] == "Zorgkundige"
        exact = client.get("/api/v1/catalogue/programmes", {"q": "zorgkundige"}).json()
        assert exact["did_you_mean"] is None

    def test_a_query_that_matches_asks_no_did_you_mean(self):
        result = search_programmes(parse_search_params(QueryDict("q=zorgkundige")))

        assert result.did_you_mean is None

    def test_nonsense_finds_nothing_and_suggests_nothing(self):
        result = search_programmes(parse_search_params(QueryDict("q=xqzwv")))

        assert (result.total, result.did_you_mean) == (0, None)


def test_a_shortage_occupation_wins_a_tie():
    provider = make_provider()
    make_programme(
        "Opleiding lasser A",
        provider=provider,
        index=False,
        qualification=make_qualification("Lasser", shortage_occupation=False),
    )
    make_programme(
        "Opleiding lasser B",
        provider=provider,
        index=False,
        qualification=make_qualification("Lasser", shortage_occupation=True),
    )
    reindex_programmes()

    assert top("q=lasser", n=2) == ["Opleiding lasser B", "Opleiding lasser A"]


def test_the_sooner_start_wins_a_tie():
    # The clock stands in October 2026: November is sooner than September next year.
    provider = make_provider()
    make_programme("Opleiding lasser A", provider=provider, index=False, start_months=[9])
    make_programme("Opleiding lasser B", provider=provider, index=False, start_months=[11])
    reindex_programmes()

    assert top("q=lasser", n=2) == ["Opleiding lasser B", "Opleiding lasser A"]


def test_study_area_labels_follow_the_readers_language():
    make_programme(
        "Bachelor Verpleegkunde",
        study_area="Gezondheidszorg",
        translations={"fr": {"study_area": "Soins de santé"}, "en": {"study_area": "Health care"}},
    )

    def area_labels() -> list[str]:
        result = search_programmes(parse_search_params(QueryDict("")))
        return [o.label for f in result.facets if f.name == "area" for o in f.options]

    assert area_labels() == ["Gezondheidszorg"]
    with translation.override("fr"):
        assert area_labels() == ["Soins de santé"]
    with translation.override("en"):
        assert area_labels() == ["Health care"]


def test_a_description_without_translation_is_shown_in_its_own_language_and_says_so(client):
    programme = make_programme(
        "Bachelor Verpleegkunde",
        description="Zorg voor patiënten.",
        translations={"fr": {"title": "Bachelier infirmier"}},
    )

    french = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    dutch = client.get(programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "La description n’existe qu’en néerlandais." in french
    assert '<div class="description" lang="nl">' in french
    assert "alleen beschikbaar" not in dutch
    assert '<div class="description">' in dutch


def test_keywords_are_found_and_leave_with_a_change():
    programme = make_programme("Schrijnwerkerij", keywords=["meubelmaker"])
    assert top("q=meubelmaker") == ["Schrijnwerkerij"]

    programme.keywords = []
    programme.save()
    reindex_programmes([programme.pk])

    assert top("q=meubelmaker") == []


def test_study_credits_do_not_change_relevance_order():
    # Sanity: sort=credits still orders by credits, whatever the words' relevance.
    make_programme("Lasser kort", study_credits=Decimal("10"), index=False)
    make_programme("Lasser lang", study_credits=Decimal("60"), index=False)
    reindex_programmes()

    assert top("q=lasser&sort=credits", n=2) == ["Lasser kort", "Lasser lang"]
