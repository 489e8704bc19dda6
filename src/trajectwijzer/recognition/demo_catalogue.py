"""Catalogue records the shipped recognition procedures need beyond the core demo.

The core demo (``demo/catalogue_data.py``) has Woodwize's machine operator, Syntra's
childcare programme and Howest's HR support. The GE-START and Educam procedures target
programmes it does not have; they are added here, in the same record shape:

- Odisee (seed 001 lines 1213–1268, 004 lines 81–90): a bachelor in social work for
  working social professionals, built on the shared competence framework for the
  social-agogic programmes ("een gedeeld competentiekader voor de opleidingen sociaal
  agogisch werk binnen Odisee") whose GE-START EVC procedure ends in a competentiebewijs;
- VIVES with Educam and Thomas More (seed 001 lines 1271–1306, "Mobiel tussen werk en
  hogeschool"): a shortened, flexible vehicle-technology programme with its framework;
- Arteveldehogeschool: a graduate programme in social work on the same shared framework,
  the "second provider" where a competentiebewijs from Odisee proposes exemptions through
  a matrix rule (the seeds' "same exemptions across institutions", 001 lines 3185–3210).

Competences, indicators, modules, hours and credits are illustrative: the seeds name the
procedures, not the programmes' contents. ``load()`` adds these records to the demo
(called from ``recognition/demo.py``); ``load_procedure_catalogue()`` builds just the
catalogue the five shipped procedures bind to (the core demo records they name plus these),
for tests.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from trajectwijzer.accounts.models import Organisation, OrganisationKind
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Indicator,
    MasteryLevel,
    Module,
    Programme,
    Provider,
    ProviderKind,
    Qualification,
    QualificationKind,
)

ODISEE_SOCIAL_WORK = "demo-odisee-bachelor-sociaal-werk-werkenden"
ARTEVELDE_SOCIAL_WORK = "demo-artevelde-graduaat-sociaal-werk"
VIVES_VEHICLE_TECHNOLOGY = "demo-vives-autotechnologie-flexibel"

ORGANISATIONS: list[dict] = [
    {
        "slug": "odisee",
        "name": "Odisee hogeschool",
        "kind": OrganisationKind.PROVIDER,
        "city": "Brussel",
        "website": "https://www.odisee.be",
    },
    {
        # 001:L1277: the sector partner of "Mobiel tussen werk en hogeschool".
        "slug": "educam",
        "name": "Educam",
        "kind": OrganisationKind.SECTOR,
        "city": "Brussel",
        "website": "https://www.educam.be",
    },
]

PROVIDERS: list[dict] = [
    {
        "slug": "odisee",
        "organisation": "odisee",
        "name": "Odisee hogeschool",
        "kind": ProviderKind.HOGESCHOOL,
        "description": (
            "Hogeschool met opleidingen sociaal-agogisch werk; ontwikkelde in GE-START een "
            "standaard-EVC-procedure voor sociale professionals zonder diploma hoger onderwijs."
        ),
        "city": "Brussel",
        "region": "flanders",
        "website": "https://www.odisee.be",
    },
]

QUALIFICATIONS: list[dict] = [
    {
        "code": "ok-bachelor-sociaal-werk",
        "title": "Bachelor in het sociaal werk",
        "vks_level": 6,
        "kind": QualificationKind.EDUCATIONAL,
        "translations": {
            "fr": {"title": "Bachelier en travail social"},
            "en": {"title": "Bachelor in social work"},
        },
    },
    {
        "code": "ok-bachelor-autotechnologie",
        "title": "Bachelor in de autotechnologie",
        "vks_level": 6,
        "kind": QualificationKind.EDUCATIONAL,
        "translations": {
            "fr": {"title": "Bachelier en technologie automobile"},
            "en": {"title": "Bachelor in automotive technology"},
        },
    },
]


def _competence(code: str, title: str, indicators: list[tuple[str, str]]) -> dict:
    return {"code": code, "title": title, "indicators": indicators}


FRAMEWORKS: list[dict] = [
    {
        # 001:L1264: "een gedeeld competentiekader voor de opleidingen sociaal agogisch
        # werk binnen Odisee"; the competences themselves are illustrative.
        "code": "sociaal-agogisch-werk",
        "title": "Sociaal-agogisch werk (gedeeld competentiekader)",
        "qualification": "ok-bachelor-sociaal-werk",
        "description": (
            "Gedeeld competentiekader van de sociaal-agogische opleidingen, de basis van de "
            "EVC-procedure GE-START. Illustratieve gegevens: de competenties en indicatoren."
        ),
        "translations": {
            "fr": {"title": "Travail socio-éducatif (référentiel partagé)"},
            "en": {"title": "Social and community work (shared framework)"},
        },
        "competences": [
            _competence(
                "SAW1",
                "Bouwt een professionele relatie op met cliënten en hun netwerk",
                [
                    ("SAW1.1", "Voert een gesprek dat de vraag van de cliënt helder maakt."),
                    ("SAW1.2", "Bewaakt nabijheid en professionele afstand."),
                ],
            ),
            _competence(
                "SAW2",
                "Werkt methodisch: analyseert, plant, voert uit en evalueert",
                [
                    ("SAW2.1", "Maakt een situatieanalyse en een handelingsplan."),
                    ("SAW2.2", "Evalueert het eigen handelen en stuurt het plan bij."),
                ],
            ),
            _competence(
                "SAW3",
                "Werkt samen in een team en met partners in het netwerk",
                [("SAW3.1", "Stemt af met collega's en externe partners rond een cliënt.")],
            ),
            _competence(
                "SAW4",
                "Handelt ethisch en reflecteert op het eigen professioneel handelen",
                [("SAW4.1", "Benoemt een ethisch dilemma en verantwoordt een keuze.")],
            ),
            _competence(
                "SAW5",
                "Versterkt de maatschappelijke positie van cliënten",
                [("SAW5.1", "Zoekt met de cliënt rechten en voorzieningen op en ontsluit ze.")],
            ),
        ],
    },
    {
        # 001:L1292: domain-specific learning outcomes of the vehicle-technology
        # programmes; the competences are illustrative.
        "code": "voertuigtechnologie",
        "title": "Voertuigtechnologie",
        "qualification": "ok-bachelor-autotechnologie",
        "description": (
            "Domeinspecifieke leerresultaten voertuigtechnologie (proeftuin 'Mobiel tussen "
            "werk en hogeschool'). Illustratieve gegevens: de leerresultaten en indicatoren."
        ),
        "translations": {
            "fr": {"title": "Technologie automobile"},
            "en": {"title": "Vehicle technology"},
        },
        "competences": [
            _competence(
                "DIAG",
                "Stelt een diagnose van storingen in voertuigsystemen",
                [
                    ("DIAG.1", "Leest foutcodes uit en interpreteert ze met de documentatie."),
                    ("DIAG.2", "Meet systematisch om de oorzaak van een storing te vinden."),
                ],
            ),
            _competence(
                "ELEK",
                "Onderhoudt en herstelt elektrische en elektronische systemen",
                [("ELEK.1", "Test netwerken (CAN/LIN) en vervangt defecte onderdelen.")],
            ),
            _competence(
                "HV",
                "Werkt veilig aan hybride en elektrische aandrijvingen",
                [("HV.1", "Maakt een hoogvoltagesysteem spanningsloos volgens procedure.")],
            ),
            _competence(
                "AAND",
                "Onderhoudt motor en aandrijflijn volgens de voorschriften van de fabrikant",
                [("AAND.1", "Voert een onderhoudsbeurt uit volgens het fabrieksschema.")],
            ),
        ],
    },
]

_SOCIAL_WORK_MODULES = [
    {"code": "SW-REL", "title": "Relatie en gesprek", "competences": ["SAW1"]},
    {"code": "SW-METH", "title": "Methodisch werken", "competences": ["SAW2"]},
    {"code": "SW-NET", "title": "Samenwerken in team en netwerk", "competences": ["SAW3"]},
    {"code": "SW-ETH", "title": "Ethiek en reflectie", "competences": ["SAW4"]},
    {"code": "SW-MAAT", "title": "Maatschappelijke positie en rechten", "competences": ["SAW5"]},
]

PROGRAMMES: list[dict] = [
    {
        # 001:L1213–1268, 004:L81–90: GE-START at Odisee, learning groups for working
        # social professionals documenting their experience in a portfolio for EVC.
        "external_id": ODISEE_SOCIAL_WORK,
        "provider": "odisee",
        "qualification": "ok-bachelor-sociaal-werk",
        "framework": "sociaal-agogisch-werk",
        "title": "Bachelor Sociaal werk (traject voor werkende sociale professionals)",
        "summary": (
            "Bachelor voor ervaren sociale professionals zonder diploma hoger onderwijs, "
            "verkort via EVC: portfolio, thuisopdrachten, STARR-jurygesprek, simulatie en "
            "twee geïntegreerde opdrachten, met een competentiebewijs."
        ),
        "description": (
            "Werkende sociale professionals documenteren hun ervaringskennis in een portfolio "
            "dat de basis vormt voor de erkenning van eerder verworven competenties (EVC). De "
            "competenties worden gevaloriseerd in een competentiebewijs, dat tot vrijstellingen "
            "en een verkort programma leidt. Illustratieve gegevens: modules, studiepunten en "
            "lesmomenten."
        ),
        "kind": "bachelor",
        "vks_level": 6,
        "study_area": "Sociaal-agogisch werk",
        "delivery_modes": ["evening", "workplace"],
        "locations": ["Brussel"],
        "regions": ["flanders"],
        "start_months": [9],
        "duration_months": 36,
        "study_credits": 180,
        "language": "nl",
        "translations": {
            "fr": {
                "title": "Bachelier en travail social (parcours pour professionnels)",
                "summary": (
                    "Bachelier pour professionnels du social expérimentés sans diplôme de "
                    "l'enseignement supérieur, raccourci par la VAE : portfolio, travaux à "
                    "domicile, entretien STARR avec le jury, simulation et deux missions "
                    "intégrées, avec une attestation de compétences."
                ),
            },
            "en": {
                "title": "Bachelor in social work (track for working professionals)",
                "summary": (
                    "Bachelor for experienced social professionals without a higher-education "
                    "diploma, shortened through recognition of prior learning: portfolio, home "
                    "assignments, STARR jury interview, simulation and two integrated "
                    "assignments, with a competence certificate."
                ),
            },
        },
        "modules": [
            {**module, "study_credits": 6, "term": 1 + index // 3}
            for index, module in enumerate(_SOCIAL_WORK_MODULES)
        ]
        + [
            {
                "code": "SW-STAGE",
                "title": "Werkplekleren sociaal werk",
                "study_credits": 15,
                "term": 4,
                "is_workplace_learning": True,
                "competences": ["SAW1", "SAW2", "SAW3", "SAW4", "SAW5"],
            }
        ],
    },
    {
        # The second provider on the shared framework (illustrative): its matrix rule grants
        # exemptions to holders of an Odisee competentiebewijs for the same competences.
        "external_id": ARTEVELDE_SOCIAL_WORK,
        "provider": "arteveldehogeschool",
        "qualification": "ok-bachelor-sociaal-werk",
        "framework": "sociaal-agogisch-werk",
        "title": "Graduaat Sociaal werk (avondtraject)",
        "summary": "Graduaat in het sociaal werk voor werkenden, in avondonderwijs.",
        "description": (
            "Graduaatsopleiding voor werkenden in de sociale sector. Vrijstellingen op basis "
            "van een competentiebewijs van een andere hogeschool volgen de vrijstellingsmatrix. "
            "Illustratieve gegevens: het hele programma."
        ),
        "kind": "graduaat",
        "vks_level": 5,
        "study_area": "Sociaal-agogisch werk",
        "delivery_modes": ["evening"],
        "locations": ["Gent"],
        "regions": ["flanders"],
        "start_months": [9],
        "duration_months": 24,
        "study_credits": 120,
        "language": "nl",
        "translations": {
            "fr": {
                "title": "Graduat en travail social (cours du soir)",
                "summary": "Graduat en travail social pour travailleurs, en cours du soir.",
            },
            "en": {
                "title": "Graduate programme in social work (evening classes)",
                "summary": "Graduate programme in social work for working adults, in the evening.",
            },
        },
        "modules": [
            {
                "code": "GSW-GESPREK",
                "title": "Gesprekstechnieken",
                "study_credits": 6,
                "hours": 60,
                "competences": ["SAW1"],
            },
            {
                "code": "GSW-METH",
                "title": "Methodisch handelen",
                "study_credits": 6,
                "hours": 60,
                "competences": ["SAW2"],
            },
            {
                "code": "GSW-NET",
                "title": "Netwerken en samenwerken",
                "study_credits": 3,
                "hours": 30,
                "competences": ["SAW3"],
            },
            {
                "code": "GSW-WPL",
                "title": "Werkplekleren",
                "study_credits": 20,
                "is_workplace_learning": True,
                "competences": ["SAW1", "SAW2", "SAW3"],
            },
        ],
    },
    {
        # 001:L1271–1306: Educam with VIVES and Thomas More: intake, quickscan and
        # portfolio, competence interview, a practical test on campus if needed, then the
        # domain-specific learning outcomes acquired; exempt courses lighten the programme
        # and labs in several groups let the learner cluster class days.
        "external_id": VIVES_VEHICLE_TECHNOLOGY,
        "provider": "vives",
        "qualification": "ok-bachelor-autotechnologie",
        "framework": "voertuigtechnologie",
        "title": "Autotechnologie (verkort flexibel traject voor werkenden)",
        "summary": (
            "Verkort en flexibel traject voor werkenden uit de voertuigsector, met vrijstellingen "
            "na een EVC-procedure (quickscan, portfolio, competentiegericht interview)."
        ),
        "description": (
            "Samen met sectorpartner Educam en Thomas More: vooraf wordt gescreend voor welke "
            "vakken de kandidaat een vrijstelling kan krijgen. Labo's lopen in verschillende "
            "groepen, zodat je lesmomenten kunt clusteren. Illustratieve gegevens: vakken, "
            "studiepunten en uren."
        ),
        "kind": "bachelor",
        "vks_level": 6,
        "study_area": "Industriële wetenschappen en technologie",
        "delivery_modes": ["evening", "blended"],
        "locations": ["Brugge"],
        "regions": ["flanders"],
        "start_months": [9, 2],
        "duration_months": 36,
        "study_credits": 180,
        "language": "nl",
        "translations": {
            "fr": {
                "title": "Technologie automobile (parcours court et flexible)",
                "summary": (
                    "Parcours court et flexible pour les travailleurs du secteur automobile, avec "
                    "des dispenses après une procédure VAE (quickscan, portfolio, entretien axé "
                    "sur les compétences)."
                ),
            },
            "en": {
                "title": "Automotive technology (short flexible track for workers)",
                "summary": (
                    "Short, flexible track for workers in the vehicle sector, with exemptions "
                    "after a recognition procedure (quickscan, portfolio, competence-based "
                    "interview)."
                ),
            },
        },
        "modules": [
            {
                "code": "AT-DIAG",
                "title": "Diagnosetechnieken",
                "study_credits": 6,
                "hours": 60,
                "term": 1,
                "competences": ["DIAG"],
            },
            {
                "code": "AT-ELEK",
                "title": "Voertuigelektronica",
                "study_credits": 6,
                "hours": 60,
                "term": 1,
                "competences": ["ELEK"],
            },
            {
                "code": "AT-HV",
                "title": "Hybride en elektrische voertuigen",
                "study_credits": 6,
                "hours": 60,
                "term": 2,
                "competences": ["HV"],
            },
            {
                "code": "AT-AAND",
                "title": "Motor en aandrijflijn",
                "study_credits": 6,
                "hours": 60,
                "term": 2,
                "competences": ["AAND"],
            },
            {
                "code": "AT-STAGE",
                "title": "Werkplekleren in de garage",
                "study_credits": 12,
                "term": 3,
                "is_workplace_learning": True,
                "competences": ["DIAG", "ELEK", "HV", "AAND"],
            },
        ],
    },
]

# The four-step mastery scale every demo framework uses (demo/catalogue_data.py).
_MODULE_DEFAULTS: dict[str, Any] = {
    "description": "",
    "study_credits": None,
    "hours": None,
    "term": None,
    "learning_outcomes": "",
    "is_workplace_learning": False,
    "is_exemptable": True,
    "is_elective": False,
    "elective_group": "",
}


def _upsert(model, lookup: dict, values: dict):
    from trajectwijzer.demo.loader import upsert

    return upsert(model, lookup, values)


def _create(model, lookup: dict, values: dict):
    """Into an empty database (tests): no lookup, no validation round trips."""
    return model._default_manager.create(**lookup, **values)


def _load(
    *,
    qualifications: list[dict],
    frameworks: list[dict],
    organisations: list[dict],
    providers: list[dict],
    programmes: list[dict],
    mastery_scale: list[dict],
    store=_upsert,
) -> dict[str, Programme]:
    """Upsert records of the core demo's shape; references may point at stored records."""
    for record in qualifications:
        store(
            Qualification,
            {"code": record["code"]},
            {
                "shortage_occupation": False,
                "description": "",
                "translations": {},
                **{k: v for k, v in record.items() if k != "code"},
            },
        )
    for record in organisations:
        store(
            Organisation,
            {"slug": record["slug"]},
            {
                "enterprise_number": "",
                "joint_committee": "",
                "city": "",
                "website": "",
                "accepts_registrations": True,
                **{k: v for k, v in record.items() if k != "slug"},
            },
        )
    competences: dict[str, dict[str, Competence]] = {}
    for record in frameworks:
        framework = store(
            CompetenceFramework,
            {"code": record["code"]},
            {
                "title": record["title"],
                "qualification": Qualification.objects.filter(
                    code=record.get("qualification")
                ).first(),
                "description": record.get("description", ""),
                "translations": record.get("translations", {}),
            },
        )
        for level in mastery_scale:
            store(
                MasteryLevel,
                {"framework": framework, "rank": level["rank"]},
                {k: v for k, v in level.items() if k != "rank"},
            )
        by_code = {}
        for position, item in enumerate(record["competences"], start=1):
            competence = store(
                Competence,
                {"framework": framework, "code": item["code"]},
                {
                    "title": item["title"],
                    "description": item.get("description", ""),
                    "position": position,
                },
            )
            for indicator_position, (code, title) in enumerate(item["indicators"], start=1):
                store(
                    Indicator,
                    {"competence": competence, "code": code},
                    {"title": title, "position": indicator_position},
                )
            by_code[item["code"]] = competence
        competences[record["code"]] = by_code
    for record in providers:
        store(
            Provider,
            {"slug": record["slug"]},
            {
                "website": "",
                **{k: v for k, v in record.items() if k not in ("slug", "organisation")},
                "organisation": Organisation.objects.get(slug=record["organisation"]),
            },
        )
    stored: dict[str, Programme] = {}
    for record in programmes:
        framework_code = record.get("framework")
        values = {
            "qualification": Qualification.objects.filter(code=record.get("qualification")).first(),
            "framework": CompetenceFramework.objects.filter(code=framework_code).first(),
            "provider": Provider.objects.get(slug=record["provider"]),
            **{
                k: v
                for k, v in record.items()
                if k
                not in (
                    "external_id",
                    "parent",
                    "next_step",
                    "modules",
                    "qualification",
                    "framework",
                    "provider",
                )
            },
        }
        programme = store(Programme, {"external_id": record["external_id"]}, values)
        by_code = competences.get(framework_code)
        if by_code is None and framework_code:
            by_code = {c.code: c for c in Competence.objects.filter(framework__code=framework_code)}
        for position, module_record in enumerate(record["modules"], start=1):
            module = store(
                Module,
                {"programme": programme, "code": module_record["code"]},
                {
                    **_MODULE_DEFAULTS,
                    "position": position,
                    **{k: v for k, v in module_record.items() if k not in ("code", "competences")},
                },
            )
            module.competences.set(
                [(by_code or {})[code] for code in module_record.get("competences", [])]
            )
        stored[record["external_id"]] = programme
    return stored


@transaction.atomic
def load() -> dict[str, Programme]:
    """Add this module's records to a demo database (after the core demo's catalogue)."""
    from trajectwijzer.catalogue.search import reindex_programmes
    from trajectwijzer.demo import catalogue_data

    programmes = _load(
        qualifications=QUALIFICATIONS,
        frameworks=FRAMEWORKS,
        organisations=ORGANISATIONS,
        providers=PROVIDERS,
        programmes=PROGRAMMES,
        mastery_scale=catalogue_data.MASTERY_SCALE,
    )
    reindex_programmes([programme.pk for programme in programmes.values()])
    return programmes


# The core demo programmes the shipped procedures target.
_CORE_PROGRAMMES = ("HR_SUPPORT", "CHILDCARE", "WOODWORKER")


@transaction.atomic
def load_procedure_catalogue() -> dict[str, Programme]:
    """Only the catalogue the five shipped procedures bind to (for tests): the core
    demo's Howest, Syntra and Woodwize programmes they target, and this module's records,
    created into a database that has none of them.
    """
    from trajectwijzer.demo import catalogue_data, people_data

    external_ids = {getattr(catalogue_data, name) for name in _CORE_PROGRAMMES}
    programmes = [p for p in catalogue_data.PROGRAMMES if p["external_id"] in external_ids]
    framework_codes = {p["framework"] for p in programmes}
    frameworks = [f for f in catalogue_data.FRAMEWORKS if f["code"] in framework_codes]
    qualification_codes = {p.get("qualification") for p in programmes} | {
        f.get("qualification") for f in frameworks
    }
    provider_slugs = {p["provider"] for p in programmes} | {"arteveldehogeschool", "vives"}
    providers = [p for p in catalogue_data.PROVIDERS if p["slug"] in provider_slugs]
    organisation_slugs = {p["organisation"] for p in providers}
    core = _load(
        store=_create,
        qualifications=[
            q for q in catalogue_data.QUALIFICATIONS if q["code"] in qualification_codes
        ],
        frameworks=frameworks,
        organisations=[o for o in people_data.ORGANISATIONS if o["slug"] in organisation_slugs],
        providers=providers,
        programmes=programmes,
        mastery_scale=catalogue_data.MASTERY_SCALE,
    )
    extra = _load(
        store=_create,
        qualifications=QUALIFICATIONS,
        frameworks=FRAMEWORKS,
        organisations=ORGANISATIONS,
        providers=PROVIDERS,
        programmes=PROGRAMMES,
        mastery_scale=catalogue_data.MASTERY_SCALE,
    )
    return {**core, **extra}
