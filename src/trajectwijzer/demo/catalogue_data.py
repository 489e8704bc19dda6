"""Catalogue demo records: qualifications, competence frameworks, providers, programmes.

Facts come from the seed reports (``/work/shared/seeds``; comments cite file and line,
e.g. ``000:L111``). Details the seeds do not give are filled in plausibly, and each
record that contains such details says so in its description ("Illustratieve
gegevens: …"), so nobody mistakes them for facts.

Records refer to each other by natural key: providers by slug, qualifications and
frameworks by code, programmes by external id, competences by their code within the
programme's framework.
"""

from __future__ import annotations

from trajectwijzer.catalogue.models import (
    Delivery,
    ProgrammeKind,
    ProviderKind,
    QualificationKind,
    Region,
)

FLANDERS = Region.FLANDERS.value

# --- Qualifications (VKS) -----------------------------------------------------------

QUALIFICATIONS: list[dict] = [
    {
        # 000:L100–118: graduaat HR-support, 120 SP; graduaat = VKS 5 (domain brief).
        "code": "ok-graduaat-hr-support",
        "title": "Graduaat HR-support",
        "vks_level": 5,
        "kind": QualificationKind.EDUCATIONAL,
        "description": (
            "Breed opgeleide hr-medewerker, onmiddellijk inzetbaar in de vier hr-sectoren: "
            "hr-departement in bedrijven, sociale secretariaten, uitzendsector en werving- "
            "en selectiebureaus."
        ),
        "translations": {
            "fr": {"title": "Graduat en soutien RH"},
            "en": {"title": "Graduate in HR support"},
        },
    },
    {
        # 002:L92: graduaat Accounting Administration at Arteveldehogeschool.
        "code": "ok-graduaat-accounting-administration",
        "title": "Graduaat Accounting Administration",
        "vks_level": 5,
        "kind": QualificationKind.EDUCATIONAL,
        "translations": {
            "fr": {"title": "Graduat en administration comptable"},
            "en": {"title": "Graduate in Accounting Administration"},
        },
    },
    {
        # 001:L3485: beroepskwalificerend traject "Begeleider baby's en peuters"
        # (Learn@work); the VKS level is not in the seeds.
        "code": "bk-begeleider-babys-en-peuters",
        "title": "Begeleider baby's en peuters",
        "vks_level": 4,
        "kind": QualificationKind.OCCUPATIONAL,
        "shortage_occupation": True,
        "description": (
            "Beroepskwalificatie voor begeleid(st)ers in de kinderopvang; voor hen geldt een "
            "kwalificatieplicht tegen 2024. Illustratieve gegevens: VKS-niveau en "
            "knelpuntstatus."
        ),
        "translations": {
            "fr": {"title": "Accompagnateur de bébés et de bambins"},
            "en": {"title": "Childcare worker for babies and toddlers"},
        },
    },
    {
        # 001:L1359–1366: EVC standard "Machinaal houtbewerker" (Woodwize, Qrios, VDAB).
        "code": "bk-machinaal-houtbewerker",
        "title": "Machinaal houtbewerker",
        "vks_level": 3,
        "kind": QualificationKind.OCCUPATIONAL,
        "description": (
            "Beroepskwalificatie met een EVC-standaard van zes praktijkopdrachten. "
            "Illustratieve gegevens: VKS-niveau."
        ),
        "translations": {
            "fr": {"title": "Ouvrier du bois sur machines"},
            "en": {"title": "Woodworking machine operator"},
        },
    },
    # The CVO MIRAS care ladder (001:L3393, L3209); the VKS levels are not in the seeds.
    {
        "code": "bk-huishoudhulp",
        "title": "Huishoudhulp",
        "vks_level": 2,
        "kind": QualificationKind.OCCUPATIONAL,
        "description": "Eerste trede van de zorgleerladder. Illustratieve gegevens: VKS-niveau.",
        "translations": {
            "fr": {"title": "Aide ménager"},
            "en": {"title": "Home help"},
        },
    },
    {
        "code": "bk-logistiek-assistent-zorg",
        "title": "Logistiek assistent in de zorg",
        "vks_level": 2,
        "kind": QualificationKind.OCCUPATIONAL,
        "description": "Tweede trede van de zorgleerladder. Illustratieve gegevens: VKS-niveau.",
        "translations": {
            "fr": {"title": "Assistant logistique en soins"},
            "en": {"title": "Logistics assistant in care"},
        },
    },
    {
        "code": "bk-verzorgende",
        "title": "Verzorgende",
        "vks_level": 3,
        "kind": QualificationKind.OCCUPATIONAL,
        "description": "Derde trede van de zorgleerladder. Illustratieve gegevens: VKS-niveau.",
        "translations": {
            "fr": {"title": "Aide familial et soignant"},
            "en": {"title": "Care assistant"},
        },
    },
    {
        # 001:L2710: "de vraag naar zorgkundigen is groot".
        "code": "bk-zorgkundige",
        "title": "Zorgkundige",
        "vks_level": 4,
        "kind": QualificationKind.OCCUPATIONAL,
        "shortage_occupation": True,
        "description": (
            "Eindpunt van de zorgleerladder; de vraag naar zorgkundigen is groot. "
            "Illustratieve gegevens: VKS-niveau."
        ),
        "translations": {
            "fr": {"title": "Aide-soignant"},
            "en": {"title": "Healthcare assistant"},
        },
    },
]

# --- Competence frameworks -------------------------------------------------------

# One four-step scale for every demo framework. The top step is autonomous mastery, as
# Arteveldehogeschool's "A-leerdoelen" (002:L1766: "A van autonoom beheersingsniveau");
# the lower step names are illustrative.
MASTERY_SCALE: list[dict] = [
    {
        "rank": 1,
        "title": "Oriënterend",
        "description": "Kent de handeling en voert ze uit onder directe sturing.",
        "translations": {"fr": {"title": "Orientation"}, "en": {"title": "Orienting"}},
    },
    {
        "rank": 2,
        "title": "Begeleid",
        "description": "Voert de handeling uit met begeleiding van mentor of docent.",
        "translations": {"fr": {"title": "Accompagné"}, "en": {"title": "Guided"}},
    },
    {
        "rank": 3,
        "title": "Zelfstandig",
        "description": "Voert de handeling zelfstandig uit in vertrouwde situaties.",
        "translations": {"fr": {"title": "Indépendant"}, "en": {"title": "Independent"}},
    },
    {
        "rank": 4,
        "title": "Autonoom",
        "description": (
            "Voert de handeling zelfstandig uit in nieuwe situaties en neemt er "
            "verantwoordelijkheid voor."
        ),
        "translations": {"fr": {"title": "Autonome"}, "en": {"title": "Autonomous"}},
    },
]

FRAMEWORKS: list[dict] = [
    {
        # 000:L125: "A T O P = 4 rollen van een HR-support"; the internships train all four.
        # LR 1 and indicator 1.5.1 are quoted from the stageportfolio (000:L566–568).
        "code": "hr-support-rollen",
        "title": "Rollen van de HR-support",
        "qualification": "ok-graduaat-hr-support",
        "description": (
            "De vier rollen van een HR-support (Administratieve partner, HR-tools en -flows, "
            "Organisatiepartner, People partner), gevolgd tijdens de stages en in het "
            "stageportfolio. Illustratieve gegevens: de beheersingsschaal en alle "
            "indicatoren behalve 1.5.1."
        ),
        "translations": {
            "fr": {"title": "Rôles du soutien RH"},
            "en": {"title": "Roles of the HR support"},
        },
        "competences": [
            {
                "code": "A",
                "title": "Administratieve partner",
                "description": "Verzorgt de personeelsadministratie binnen het wettelijk kader.",
                "indicators": [
                    (
                        "A.1",
                        "Verwerkt in- en uitdiensttredingen en afwezigheden correct en tijdig.",
                    ),
                    ("A.2", "Stelt een arbeidsovereenkomst op volgens de geldende regels."),
                ],
            },
            {
                "code": "T",
                "title": "HR-tools en -flows",
                "description": "Gebruikt en verbetert de digitale hr-instrumenten en processen.",
                "indicators": [
                    ("T.1", "Zoekt personeelsgegevens op in het hr-systeem en werkt ze bij."),
                    ("T.2", "Maakt een eenvoudige hr-rapportering uit personeelsgegevens."),
                ],
            },
            {
                "code": "O",
                "title": "Organisatiepartner",
                "description": (
                    "Draagt bij aan de uitvoering van de verschillende acties en plannen binnen "
                    "een duurzaam personeelsbeleid, rekening houdend met de strategische "
                    "doelstellingen van de organisatie en het welzijn van de medewerkers."
                ),
                "indicators": [
                    (
                        "1.5.1",
                        "Brengt als ambassadeur van de organisatie de waarden, visie en missie "
                        "ervan naar voor in alle aspecten van zijn werk, rekening houdend met de "
                        "cultuur van de organisatie.",
                    ),
                    ("O.2", "Werkt mee aan een actie rond werkbaar werk of diversiteit."),
                ],
            },
            {
                "code": "P",
                "title": "People partner",
                "description": "Is aanspreekpunt voor medewerkers en leidinggevenden.",
                "indicators": [
                    ("P.1", "Voert een onthaalgesprek met een nieuwe medewerker."),
                    (
                        "P.2",
                        "Communiceert helder en respectvol met medewerkers en leidinggevenden, "
                        "in het Nederlands en in het Engels of Frans.",
                    ),
                ],
            },
        ],
    },
    {
        # 001:L1384–1406: the six assignments of the EVC assessment and their machines.
        "code": "machinaal-houtbewerker",
        "title": "Machinaal houtbewerker",
        "qualification": "bk-machinaal-houtbewerker",
        "description": (
            "Competenties uit de EVC-standaard machinaal houtbewerker: werkvoorbereiding en "
            "vijf machinale bewerkingen. Illustratieve gegevens: de beheersingsschaal en de "
            "indicatoren."
        ),
        "translations": {
            "fr": {"title": "Ouvrier du bois sur machines"},
            "en": {"title": "Woodworking machine operator"},
        },
        "competences": [
            {
                "code": "WV",
                "title": "Bereidt het werk voor",
                "indicators": [
                    ("WV.1", "Leest de werktekening en stelt een stuklijst op."),
                    ("WV.2", "Kiest het hout en controleert het op kwasten, scheuren en vocht."),
                ],
            },
            {
                "code": "SCHA",
                "title": "Schaaft op de vlak- en vandikteschaafmachine of vierzijdige "
                "schaafmachine",
                "indicators": [
                    ("SCHA.1", "Stelt de machine in op de gevraagde dikte en breedte."),
                    ("SCHA.2", "Controleert maatvoering en haaksheid van het geschaafde stuk."),
                ],
            },
            {
                "code": "ZAAG",
                "title": "Zaagt op de paneelzaag of opdeelzaag",
                "indicators": [
                    (
                        "ZAAG.1",
                        "Stelt zaagblad en geleider in en zaagt op maat volgens de stuklijst.",
                    ),
                    ("ZAAG.2", "Werkt veilig met beschermkap, duwhout en beschermingsmiddelen."),
                ],
            },
            {
                "code": "BOOR",
                "title": "Boort op de langgatboormachine of meerspillige boormachine",
                "indicators": [
                    ("BOOR.1", "Stelt diameter, diepte en positie van de boringen in."),
                    ("BOOR.2", "Controleert de boringen met een meetinstrument of mal."),
                ],
            },
            {
                "code": "FREE",
                "title": "Freest op de verticale freesmachine",
                "indicators": [
                    ("FREE.1", "Monteert het freesgereedschap en stelt het in."),
                    ("FREE.2", "Freest een profiel volgens tekening en controleert het resultaat."),
                ],
            },
            {
                "code": "SCHU",
                "title": "Schuurt op de lange bandschuurmachine of breedbandschuurmachine",
                "indicators": [
                    ("SCHU.1", "Kiest de korrel en stelt de schuurmachine in."),
                    ("SCHU.2", "Controleert het schuurresultaat op krassen en vlakheid."),
                ],
            },
        ],
    },
    {
        # 001:L3485 (Learn@work), L1463 (exemption tests): the competences of the
        # qualifying programme, one per campus module; the same framework is exchanged
        # as a file in development/demo_data/ (loaded through the framework import).
        "code": "begeleider-babys-en-peuters",
        "title": "Begeleider baby's en peuters",
        "qualification": "bk-begeleider-babys-en-peuters",
        "description": (
            "Competenties van het beroepskwalificerend traject Begeleider baby's en peuters "
            "(Learn@work, seed 001 r. 3485; vrijstellingsproeven r. 1463), ingedeeld volgens "
            "de modules van het demotraject bij Syntra. Illustratieve gegevens: de "
            "competenties, indicatoren en de beheersingsschaal; de officiële "
            "beroepskwalificatie is de referentie."
        ),
        "translations": {
            "fr": {"title": "Accompagnateur de bébés et de bambins"},
            "en": {"title": "Childcare worker for babies and toddlers"},
        },
        "competences": [
            {
                "code": "COM",
                "title": "Communiceert met ouders en het team",
                "indicators": [
                    (
                        "COM.1",
                        "Bespreekt bij het brengen en halen de dag van het kind met de ouder.",
                    ),
                    (
                        "COM.2",
                        "Geeft observaties over een kind door aan collega's en verantwoordelijke.",
                    ),
                ],
            },
            {
                "code": "VERZ",
                "title": "Verzorgt baby's en peuters en waakt over hun gezondheid",
                "indicators": [
                    ("VERZ.1", "Verzorgt, voedt en laat rusten volgens het ritme van elk kind."),
                    (
                        "VERZ.2",
                        "Herkent signalen van ziekte of onwelzijn en handelt volgens de afspraken.",
                    ),
                ],
            },
            {
                "code": "ONTW",
                "title": "Stimuleert spel en ontwikkeling",
                "indicators": [
                    ("ONTW.1", "Richt de ruimte in en biedt spel aan dat past bij de leeftijd."),
                    (
                        "ONTW.2",
                        "Volgt de ontwikkeling van een kind op en stemt de begeleiding erop af.",
                    ),
                ],
            },
            {
                "code": "VEIL",
                "title": "Werkt veilig en hygiënisch",
                "indicators": [
                    ("VEIL.1", "Past de hygiëneregels toe bij verzorging, voeding en schoonmaak."),
                    ("VEIL.2", "Voorkomt ongevallen en handelt correct bij een ongeval."),
                ],
            },
        ],
    },
]

# --- Providers ---------------------------------------------------------------------

# ``organisation`` is the slug of the accounts Organisation whose admins maintain the
# provider's offer (see people_data.ORGANISATIONS).
PROVIDERS: list[dict] = [
    {
        "slug": "howest",
        "organisation": "howest",
        "name": "Howest",
        "kind": ProviderKind.HOGESCHOOL,
        "description": "Hogeschool West-Vlaanderen, met campussen in Kortrijk en Brugge.",
        "city": "Kortrijk",
        "region": FLANDERS,
        "website": "https://www.howest.be",
    },
    {
        "slug": "arteveldehogeschool",
        "organisation": "arteveldehogeschool",
        "name": "Arteveldehogeschool",
        "kind": ProviderKind.HOGESCHOOL,
        "description": "Hogeschool in Gent; graduaten met afstandstraject en werkplekleren.",
        "city": "Gent",
        "region": FLANDERS,
        "website": "https://www.arteveldehogeschool.be",
    },
    {
        # 001:L1767: Syntra Midden-Vlaanderen built MICOON in the Learn@work pilot.
        "slug": "syntra-midden-vlaanderen",
        "organisation": "syntra-midden-vlaanderen",
        "name": "Syntra Midden-Vlaanderen",
        "kind": ProviderKind.SYNTRA,
        "description": (
            "Centrum voor ondernemersvorming; volgt competenties op de werkplek op met MICOON "
            "(Methodiek en Instrument voor Competentie-Opvolging Online)."
        ),
        "city": "Gent",
        "region": FLANDERS,
    },
    {
        "slug": "cvo-miras",
        "organisation": "cvo-miras",
        "name": "CVO MIRAS",
        "kind": ProviderKind.CVO,
        "description": (
            "Centrum voor volwassenenonderwijs; promotor van de proeftuin 'Groeien in (de) "
            "Zorg' met een leerladder van huishoudhulp tot zorgkundige. Illustratieve "
            "gegevens: vestigingsplaats."
        ),
        "city": "Vilvoorde",
        "region": FLANDERS,
    },
    {
        "slug": "vives",
        "organisation": "vives",
        "name": "VIVES Hogeschool",
        "kind": ProviderKind.HOGESCHOOL,
        "description": "Hogeschool in West-Vlaanderen; microdegrees in afstandsonderwijs.",
        "city": "Brugge",
        "region": FLANDERS,
        "website": "https://www.vives.be",
    },
    {
        # Woodwize is the sector organisation and runs the sector's training centre, so its
        # provider record is maintained by the sector organisation itself.
        "slug": "woodwize",
        "organisation": "woodwize",
        "name": "Woodwize",
        "kind": ProviderKind.SECTOR_CENTRE,
        "description": (
            "Opleidingscentrum van de houtsector: beroepskwalificerende trajecten op de "
            "werkplek, een uniform vrijstellingenbeleid en het platform COMPAS. "
            "Illustratieve gegevens: vestigingsplaats."
        ),
        "city": "Brussel",
        "region": FLANDERS,
        "website": "https://www.woodwize.be",
    },
]

# --- Programmes ----------------------------------------------------------------------

HR_SUPPORT = "demo-howest-graduaat-hr-support-afstand"
MICRODEGREE_HRM = "demo-howest-microdegree-hrm"
ACCOUNTING_ADMINISTRATION = "demo-artevelde-graduaat-accounting-administration"
CHILDCARE = "demo-syntra-begeleider-babys-en-peuters"
WOODWORKER = "demo-woodwize-machinaal-houtbewerker"
KRACHTIG_LERAARSCHAP = "demo-vives-microdegree-krachtig-leraarschap"
# The care ladder from the first step to the last (001:L3393).
CARE_LADDER = [
    "demo-miras-huishoudhulp",
    "demo-miras-logistiek-assistent-zorg",
    "demo-miras-verzorgende",
    "demo-miras-zorgkundige",
]

_HOWEST_TUITION = (
    "Illustratieve gegevens: het studiegeld (vast bedrag plus bedrag per studiepunt) en "
    "de campussteden."
)

PROGRAMMES: list[dict] = [
    {
        # 000:L100–126 (programme, table, roles), L102 (fully distance, Teams on Tuesday and
        # Thursday evening), L108 (start September and February), L239 (two-year model
        # path), L816 (registered in the Opleidingsdatabank).
        "external_id": HR_SUPPORT,
        "provider": "howest",
        "qualification": "ok-graduaat-hr-support",
        "framework": "hr-support-rollen",
        "title": "Graduaat HR-support (afstandsonderwijs)",
        "summary": (
            "Praktijkgerichte graduaatsopleiding van 120 studiepunten in twee jaar, volledig "
            "in afstandsonderwijs, voor werkenden met een administratieve of hr-functie."
        ),
        "description": (
            "Volledig afstandsonderwijs zonder fysieke contactmomenten: online lessen via "
            "Teams op dinsdag- en donderdagavond van 19.30 tot 21.30 uur; ook examens, "
            "permanente evaluaties en opdrachten gebeuren op afstand. De opleiding leidt "
            "breed inzetbare hr-medewerkers op voor hr-departementen, sociale secretariaten, "
            "de uitzendsector en werving- en selectiebureaus. Een derde van de studiepunten "
            "is werkplekleren; de vier stages zijn jaarvakken en mogen als lintstage (bv. één "
            "dag per week). Met een stageportfolio toon je eerder verworven competenties aan "
            "en kort je de stage in. Het afstandstraject richt zich op upskillers die steun "
            "krijgen van hun werkgever. Instap in september en februari. "
            "Opgenomen in de Opleidingsdatabank (Vlaams opleidingsverlof). " + _HOWEST_TUITION
        ),
        "kind": ProgrammeKind.GRADUAAT,
        "vks_level": 5,
        "study_area": "Handelswetenschappen en bedrijfskunde",
        "delivery_modes": [Delivery.DISTANCE],
        "locations": ["Kortrijk", "Brugge"],
        "regions": [FLANDERS],
        "start_months": [9, 2],
        "duration_months": 24,
        "study_credits": 120,
        "classroom_hours": 0,
        "workplace_learning_share": 33,
        "language": "nl",
        "price_eur": "2096.40",
        "leave_recognised_regions": [FLANDERS],
        "url": "https://www.howest.be",
        "translations": {
            "fr": {
                "title": "Graduat en soutien RH (enseignement à distance)",
                "summary": (
                    "Graduat pratique en ressources humaines de 120 crédits en deux ans, "
                    "entièrement à distance, pour les travailleurs exerçant une fonction "
                    "administrative ou RH."
                ),
            },
            "en": {
                "title": "Graduate programme in HR support (distance learning)",
                "summary": (
                    "Practice-oriented two-year graduate programme in human resources "
                    "(120 credits), fully by distance learning, for working adults in an "
                    "administrative or HR job."
                ),
            },
        },
        # The programme table, 000:L111–124. Roles per unit (A, T, O, P) as in the table.
        "modules": [
            {
                "code": "WET1",
                "title": "Wetgeving in de HR-praktijk 1",
                "description": (
                    "Arbeidsovereenkomsten (6 SP) en Juridisch kader voor de HR-support (2 SP)."
                ),
                "study_credits": 8,
                "term": 1,
                "competences": ["A"],
            },
            {
                "code": "PC1",
                "title": "Professioneel communiceren 1",
                "description": "Nederlands (4 SP) en Engels/Frans (2 SP).",
                "study_credits": 6,
                "term": 1,
                "competences": ["P"],
            },
            {
                "code": "ORG",
                "title": "Organisatie en HR",
                "study_credits": 10,
                "term": 1,
                "competences": ["O", "P"],
            },
            {
                "code": "ICT",
                "title": "ICT-tools voor de HR-support",
                "study_credits": 6,
                "term": 1,
                "competences": ["T"],
            },
            {
                "code": "WET2",
                "title": "Wetgeving in de HR-praktijk 2",
                "study_credits": 6,
                "term": 2,
                "competences": ["A"],
            },
            {
                "code": "PC2",
                "title": "Professioneel communiceren 2",
                "description": "Nederlands (4 SP) en Engels/Frans (2 SP).",
                "study_credits": 6,
                "term": 2,
                "competences": ["P"],
            },
            {
                "code": "STAGE1",
                "title": "Stage als HR-support 1",
                "description": (
                    "Werkplekleren in de vier rollen van de HR-support. Jaarvak; lintstage "
                    "mogelijk. Het stageportfolio kan de stage inkorten."
                ),
                "study_credits": 6,
                "term": 2,
                "is_workplace_learning": True,
                "competences": ["A", "T", "O", "P"],
            },
            {
                "code": "LOOP",
                "title": "Loopbaan- en uitstroomondersteuning",
                "study_credits": 6,
                "term": 2,
                "competences": ["O"],
            },
            {
                "code": "WSO",
                "title": "Werving, selectie en onthaal",
                "study_credits": 6,
                "term": 2,
                "competences": ["O"],
            },
            {
                "code": "WET3",
                "title": "Wetgeving in de HR-praktijk 3",
                "study_credits": 6,
                "term": 3,
                "competences": ["A"],
            },
            {
                "code": "PC3",
                "title": "Professioneel communiceren 3",
                "description": "Nederlands (4 SP) en Engels/Frans (2 SP).",
                "study_credits": 6,
                "term": 3,
                "competences": ["P"],
            },
            {
                "code": "STAGE2",
                "title": "Stage als HR-support 2",
                "description": (
                    "Werkplekleren in de vier rollen van de HR-support. Jaarvak; lintstage "
                    "mogelijk. Het stageportfolio kan de stage inkorten."
                ),
                "study_credits": 6,
                "term": 3,
                "is_workplace_learning": True,
                "competences": ["A", "T", "O", "P"],
            },
            {
                "code": "PROF",
                "title": "Professionalisering",
                "study_credits": 3,
                "term": 3,
                "competences": ["A", "T", "O", "P"],
            },
            {
                "code": "TOOL",
                "title": "HR-toolkit",
                "description": "HR-toolkit 1 (6 SP) en HR-toolkit 2 (3 SP).",
                "study_credits": 9,
                "term": 3,
                "competences": ["T", "O"],
            },
            {
                "code": "STAGE3",
                "title": "Stage als HR-support 3",
                "description": (
                    "Werkplekleren in de vier rollen van de HR-support. Jaarvak; lintstage "
                    "mogelijk. Het stageportfolio kan de stage inkorten."
                ),
                "study_credits": 6,
                "term": 4,
                "is_workplace_learning": True,
                "competences": ["A", "T", "O", "P"],
            },
            {
                "code": "WWD",
                "title": "Werkbaar werk en diversiteit op de werkvloer",
                "study_credits": 6,
                "term": 4,
                "competences": ["O", "P"],
            },
            {
                "code": "STAGE4",
                "title": "Stage als HR-support 4",
                "description": (
                    "Werkplekleren in de vier rollen van de HR-support. Jaarvak; lintstage "
                    "mogelijk. Het stageportfolio kan de stage inkorten."
                ),
                "study_credits": 6,
                "term": 4,
                "is_workplace_learning": True,
                "competences": ["A", "T", "O", "P"],
            },
            {
                "code": "PROJ",
                "title": "HR-projectmanagement",
                "description": (
                    "Jaarmodule over semester 3 en 4; de studiepunten tellen in semester 4."
                ),
                "study_credits": 12,
                "term": 4,
                "competences": ["T", "O"],
            },
        ],
    },
    {
        # 000:L219–230 (one year, HR units only, no internship, no diploma, programme table),
        # L233 (started September 2021), L816 (not in the Opleidingsdatabank).
        "external_id": MICRODEGREE_HRM,
        "provider": "howest",
        "parent": HR_SUPPORT,
        "framework": "hr-support-rollen",
        "title": "Microdegree HRM",
        "summary": (
            "Eenjarige microdegree van 32 studiepunten met de hr-opleidingsonderdelen uit "
            "het graduaat HR-support, voor wie al in hr werkt."
        ),
        "description": (
            "Selectie van hr-gerelateerde opleidingsonderdelen uit het graduaat HR-support, "
            "in afstandsonderwijs; geen stage, geen projecten, eerder theoretische modules. "
            "Leidt niet tot een diploma. Let op: de microdegree staat niet in de "
            "Opleidingsdatabank, de moederopleiding wel; Vlaams opleidingsverlof geldt dus "
            "niet zonder meer. " + _HOWEST_TUITION
        ),
        "kind": ProgrammeKind.MICRODEGREE,
        "vks_level": 5,
        "study_area": "Handelswetenschappen en bedrijfskunde",
        "delivery_modes": [Delivery.DISTANCE],
        "locations": ["Kortrijk", "Brugge"],
        "regions": [FLANDERS],
        "start_months": [9],
        "duration_months": 12,
        "study_credits": 32,
        "classroom_hours": 0,
        "workplace_learning_share": 0,
        "language": "nl",
        "price_eur": "681.40",
        "leave_recognised_regions": [],
        "url": "https://www.howest.be",
        "translations": {
            "fr": {
                "title": "Microdegree GRH",
                "summary": (
                    "Microdegree d'un an (32 crédits) en gestion des ressources humaines, "
                    "composée des unités RH du graduat en soutien RH."
                ),
            },
            "en": {
                "title": "Microdegree HRM",
                "summary": (
                    "One-year microdegree (32 credits) in human resource management, made of "
                    "the HR course units of the graduate programme in HR support."
                ),
            },
        },
        "modules": [
            {
                "code": "WET1",
                "title": "Wetgeving in de HR-praktijk 1",
                "study_credits": 8,
                "term": 1,
                "competences": ["A"],
            },
            {
                "code": "WET2",
                "title": "Wetgeving in de HR-praktijk 2",
                "study_credits": 6,
                "term": 1,
                "competences": ["A"],
            },
            {
                "code": "WSO",
                "title": "Werving, selectie en onthaal",
                "study_credits": 6,
                "term": 1,
                "competences": ["O"],
            },
            {
                "code": "WET3",
                "title": "Wetgeving in de HR-praktijk 3",
                "study_credits": 6,
                "term": 2,
                "competences": ["A"],
            },
            {
                "code": "LOOP",
                "title": "Loopbaan- en uitstroomondersteuning",
                "study_credits": 6,
                "term": 2,
                "competences": ["O"],
            },
        ],
    },
    {
        # 002:L92 (the graduaat), L1620–1772 (workplace learning: 40 days a year, reduction
        # only in werkveldverkenning, at most 2 × 5 days, never below 20 days; werkveld-
        # autonomie holds only autonomous-level goals); one third workplace learning by
        # decree (000:L102).
        "external_id": ACCOUNTING_ADMINISTRATION,
        "provider": "arteveldehogeschool",
        "qualification": "ok-graduaat-accounting-administration",
        "title": "Graduaat Accounting Administration",
        "summary": (
            "Graduaatsopleiding van 120 studiepunten met een derde werkplekleren, op de "
            "campus of in een afstandstraject voor werkenden."
        ),
        "description": (
            "Het werkplekleren loopt via drie opleidingsonderdelen: werkveldverkenning, "
            "werkveldverdieping en werkveldautonomie, normaal 40 dagen per opleidingsjaar. "
            "In het afstandstraject kunnen skillers en reskillers het werkplekleren in "
            "werkveldverkenning inkorten op basis van beheerste competenties (trialoog met "
            "student, mentor en coach, opvolging met MICOON). Illustratieve gegevens: "
            "studiepunten en semesters van de werkveldonderdelen (de andere "
            "opleidingsonderdelen zijn niet opgenomen), instapmaand, studiegeld en "
            "opname in de Opleidingsdatabank."
        ),
        "kind": ProgrammeKind.GRADUAAT,
        "vks_level": 5,
        "study_area": "Handelswetenschappen en bedrijfskunde",
        "delivery_modes": [Delivery.DAY, Delivery.DISTANCE, Delivery.WORKPLACE],
        "locations": ["Gent"],
        "regions": [FLANDERS],
        "start_months": [9],
        "duration_months": 24,
        "study_credits": 120,
        "workplace_learning_share": 33,
        "language": "nl",
        "price_eur": "2096.40",
        "leave_recognised_regions": [FLANDERS],
        "url": "https://www.arteveldehogeschool.be",
        "translations": {
            "fr": {
                "title": "Graduat en administration comptable",
                "summary": (
                    "Graduat de 120 crédits dont un tiers d'apprentissage sur le lieu de "
                    "travail, sur le campus ou à distance pour les travailleurs."
                ),
            },
            "en": {
                "title": "Graduate programme in Accounting Administration",
                "summary": (
                    "120-credit graduate programme with one third workplace learning, on "
                    "campus or by distance learning for working adults."
                ),
            },
        },
        "modules": [
            {
                "code": "WVK",
                "title": "Werkveldverkenning",
                "description": (
                    "Werkplekleren, normaal 40 dagen. In het afstandstraject kan het voor "
                    "skillers en reskillers met ten hoogste 10 dagen (2 × 5) worden ingekort, "
                    "nooit onder 20 dagen; na 8 à 10 dagen volgt een trialooggesprek op de "
                    "werkplek."
                ),
                "study_credits": 12,
                "term": 2,
                "is_workplace_learning": True,
            },
            {
                "code": "WVD",
                "title": "Werkveldverdieping",
                "description": (
                    "Werkplekleren, 40 dagen. Inkorten is (nog) niet mogelijk; de hogeschool "
                    "overweegt het na een positieve evaluatie van de proeftuin."
                ),
                "study_credits": 12,
                "term": 3,
                "is_workplace_learning": True,
                "is_exemptable": False,
            },
            {
                "code": "WVA",
                "title": "Werkveldautonomie",
                "description": (
                    "Werkplekleren met uitsluitend A-leerdoelen (autonoom beheersingsniveau), "
                    "die alleen hier worden geëvalueerd; daarom geen inkorting."
                ),
                "study_credits": 16,
                "term": 4,
                "is_workplace_learning": True,
                "is_exemptable": False,
            },
        ],
    },
    {
        # 001:L3485 (Learn@work: childcare workers, proeftuinen in Gent, Hasselt and
        # Roeselare), L1463–1478 (exemption tests for many modules, campus and workplace
        # components, workplace learning never exemptable, internship at own workplace),
        # L1767 (MICOON).
        "external_id": CHILDCARE,
        "provider": "syntra-midden-vlaanderen",
        "qualification": "bk-begeleider-babys-en-peuters",
        "framework": "begeleider-babys-en-peuters",
        "title": "Begeleider baby's en peuters",
        "summary": (
            "Beroepskwalificerend traject voor (nog niet gekwalificeerde) begeleid(st)ers in "
            "de kinderopvang, met campusleren, werkplekleren en vrijstellingsproeven."
        ),
        "description": (
            "Het traject bestaat uit campusleren en werkplekleren. Werkende cursisten lopen "
            "stage op de eigen werkplek en kunnen vóór het cursusjaar een gemotiveerde "
            "vrijstellingsproef aanvragen voor heel wat modules; de proef gebeurt op de "
            "campus of op de werkplek. Het werkplekleren is nooit vrijstelbaar. Competenties "
            "worden op de werkplek opgevolgd met MICOON door cursist, docent en mentor. "
            "Illustratieve gegevens: modules en hun uren, lesmomenten, instapmaand, duur en "
            "prijs, opname in de Opleidingsdatabank."
        ),
        "kind": ProgrammeKind.VOCATIONAL,
        "vks_level": 4,
        "study_area": "Personenzorg",
        "delivery_modes": [Delivery.EVENING, Delivery.WORKPLACE],
        "locations": ["Gent"],
        "regions": [FLANDERS],
        "start_months": [9],
        "duration_months": 12,
        "contact_hours": 190,
        "classroom_hours": 190,
        "workplace_learning_share": 50,
        "language": "nl",
        "price_eur": "480.00",
        "leave_recognised_regions": [FLANDERS],
        "translations": {
            "fr": {
                "title": "Accompagnateur de bébés et de bambins",
                "summary": (
                    "Formation qualifiante pour les accompagnateurs en accueil d'enfants, "
                    "avec cours, apprentissage sur le lieu de travail et épreuves de dispense."
                ),
            },
            "en": {
                "title": "Childcare worker for babies and toddlers",
                "summary": (
                    "Vocational qualification for childcare workers, combining classes, "
                    "workplace learning and exemption tests."
                ),
            },
        },
        "modules": [
            {
                "code": "COM",
                "competences": ["COM"],
                "title": "Communicatie met ouders en team",
                "hours": 40,
                "term": 1,
            },
            {
                "code": "VERZ",
                "competences": ["VERZ"],
                "title": "Verzorging en gezondheid van baby's en peuters",
                "hours": 60,
                "term": 1,
            },
            {
                "code": "ONTW",
                "competences": ["ONTW"],
                "title": "Spel en ontwikkelingsstimulering",
                "hours": 60,
                "term": 2,
            },
            {
                "code": "VEIL",
                "competences": ["VEIL"],
                "title": "Veiligheid en hygiëne in de kinderopvang",
                "hours": 30,
                "term": 1,
            },
            {
                "code": "WPL",
                "title": "Werkplekleren in de kinderopvang",
                "competences": ["COM", "VERZ", "ONTW", "VEIL"],
                "description": (
                    "Op de eigen werkplek mogelijk; alle competenties van het traject moeten "
                    "hier worden aangetoond. Niet vrijstelbaar."
                ),
                "hours": 190,
                "term": 2,
                "is_workplace_learning": True,
                "is_exemptable": False,
            },
        ],
    },
    {
        # 001:L1359–1420 (EVC standard and assessment at a real or simulated workplace,
        # CVO Qrios as test centre, partial exemptions, uniform exemption matrix valid only
        # within Woodwize), 001:L2848 (internal training recognised, evaluation in COMPAS).
        "external_id": WOODWORKER,
        "provider": "woodwize",
        "qualification": "bk-machinaal-houtbewerker",
        "framework": "machinaal-houtbewerker",
        "title": "Machinaal houtbewerker",
        "summary": (
            "Beroepskwalificerend traject op de werkplek, met een EVC-assessment van zes "
            "praktijkopdrachten dat ook in het eigen bedrijf kan doorgaan."
        ),
        "description": (
            "Werkenden die op de werkvloer zijn opgeleid, tonen hun competenties aan in zes "
            "praktijkopdrachten (werkvoorbereiding, schaven, zagen, boren, frezen, schuren), "
            "op een reële of gesimuleerde werkplek, met de machines van het eigen bedrijf. "
            "CVO Qrios is het testcentrum. Wie niet voor de volledige proef slaagt, krijgt "
            "vrijstellingen voor de geslaagde onderdelen. Vrijstellingen op basis van EVK, "
            "EVC of beroepsbekwaamheid vraag je op elk moment aan via Woodwize; ze gelden "
            "enkel binnen Woodwize. Illustratieve gegevens: uren per opdracht, instap "
            "doorlopend en kosteloos voor werkgevers uit de sector."
        ),
        "kind": ProgrammeKind.VOCATIONAL,
        "vks_level": 3,
        "study_area": "Hout",
        "delivery_modes": [Delivery.WORKPLACE],
        "locations": [],
        "regions": [FLANDERS],
        "start_months": list(range(1, 13)),
        "duration_months": 6,
        "contact_hours": 0,
        "classroom_hours": 0,
        "workplace_learning_share": 100,
        "language": "nl",
        "price_eur": "0.00",
        "leave_recognised_regions": [],
        "url": "https://www.woodwize.be",
        "translations": {
            "fr": {
                "title": "Ouvrier du bois sur machines",
                "summary": (
                    "Parcours qualifiant sur le lieu de travail, avec une épreuve de "
                    "validation des compétences en six missions pratiques."
                ),
            },
            "en": {
                "title": "Woodworking machine operator",
                "summary": (
                    "Workplace-based occupational qualification with a six-assignment "
                    "recognition of prior learning assessment that can take place at the "
                    "learner's own company."
                ),
            },
        },
        "modules": [
            {
                "code": "WV",
                "title": "Opdracht werkvoorbereiding",
                "hours": 16,
                "is_workplace_learning": True,
                "competences": ["WV"],
            },
            {
                "code": "SCHA",
                "title": "Opdracht schaven",
                "description": "Vlak- en vandikteschaafmachine of vierzijdige schaafmachine.",
                "hours": 24,
                "is_workplace_learning": True,
                "competences": ["SCHA"],
            },
            {
                "code": "ZAAG",
                "title": "Opdracht zagen",
                "description": "Paneelzaag of opdeelzaag.",
                "hours": 24,
                "is_workplace_learning": True,
                "competences": ["ZAAG"],
            },
            {
                "code": "BOOR",
                "title": "Opdracht boren",
                "description": "Langgatboormachine of meerspillige boormachine.",
                "hours": 16,
                "is_workplace_learning": True,
                "competences": ["BOOR"],
            },
            {
                "code": "FREE",
                "title": "Opdracht frezen",
                "description": "Verticale freesmachine.",
                "hours": 24,
                "is_workplace_learning": True,
                "competences": ["FREE"],
            },
            {
                "code": "SCHU",
                "title": "Opdracht schuren",
                "description": "Lange bandschuurmachine of breedbandschuurmachine.",
                "hours": 16,
                "is_workplace_learning": True,
                "competences": ["SCHU"],
            },
        ],
    },
    {
        # 001:L1496–1530 and L3534–3545: common unit "Handelingsgericht werken" (4 SP), then
        # two units from an elective package with two thematic lines of two units each;
        # 11 to 12 SP in total; distance learning; credits stack towards a banaba (VKS 6).
        "external_id": KRACHTIG_LERAARSCHAP,
        "provider": "vives",
        "title": "Microdegree Krachtig leraarschap",
        "summary": (
            "Microdegree in afstandsonderwijs voor leraren: een gemeenschappelijk "
            "opleidingsonderdeel en twee keuzeonderdelen uit twee thematische lijnen."
        ),
        "description": (
            "Iedereen start met 'Handelingsgericht werken' (4 SP) en kiest daarna twee "
            "opleidingsonderdelen uit het keuzepakket: beide uit één thematische lijn "
            "('Zorgzaam in de klas en op school' of 'Innovatief aan de slag in de klas en op "
            "school') om te verdiepen, of één per lijn om te verbreden. Samen 11 à 12 "
            "studiepunten, afhankelijk van de keuzes. Wie slaagt, krijgt een getuigschrift en "
            "credits die meetellen in een bachelor-na-bacheloropleiding. Illustratieve "
            "gegevens: titels en studiepunten van de keuzeonderdelen, semesters, instapmaand, "
            "studiegeld en VKS-niveau."
        ),
        "kind": ProgrammeKind.MICRODEGREE,
        "vks_level": 6,
        "study_area": "Onderwijs",
        "delivery_modes": [Delivery.DISTANCE],
        "locations": ["Brugge"],
        "regions": [FLANDERS],
        "start_months": [9],
        "duration_months": 12,
        "study_credits": 12,
        "classroom_hours": 0,
        "language": "nl",
        "price_eur": "419.40",
        "leave_recognised_regions": [],
        "url": "https://www.vives.be",
        "translations": {
            "fr": {
                "title": "Microdegree Enseigner avec force",
                "summary": (
                    "Microdegree à distance pour enseignants : un cours commun et deux cours "
                    "au choix parmi deux lignes thématiques."
                ),
            },
            "en": {
                "title": "Microdegree Powerful teaching",
                "summary": (
                    "Distance-learning microdegree for teachers: one common course unit and "
                    "two electives from two thematic lines."
                ),
            },
        },
        "modules": [
            {
                "code": "HGW",
                "title": "Handelingsgericht werken",
                "description": (
                    "Systematische verdieping van de basisinzichten uit de lerarenopleiding; "
                    "nodig om daarna thematisch te verdiepen."
                ),
                "study_credits": 4,
                "term": 1,
            },
            {
                "code": "ZZ1",
                "title": "Leerlingenbegeleiding en zorgcontinuüm",
                "study_credits": 4,
                "term": 2,
                "is_elective": True,
                "elective_group": "Zorgzaam in de klas en op school",
            },
            {
                "code": "ZZ2",
                "title": "Welbevinden en klasklimaat",
                "study_credits": 4,
                "term": 2,
                "is_elective": True,
                "elective_group": "Zorgzaam in de klas en op school",
            },
            {
                "code": "INN1",
                "title": "Digitale didactiek",
                "study_credits": 4,
                "term": 2,
                "is_elective": True,
                "elective_group": "Innovatief aan de slag in de klas en op school",
            },
            {
                "code": "INN2",
                "title": "Onderzoekend en innovatief lesgeven",
                "study_credits": 3,
                "term": 2,
                "is_elective": True,
                "elective_group": "Innovatief aan de slag in de klas en op school",
            },
        ],
    },
    # The care ladder of CVO MIRAS, "Groeien in (de) Zorg" (001:L3393: huishoudhulp →
    # logistiek assistent in de zorg → verzorgende → zorgkundige, with intermediate
    # certificates; L1608 selection interview; L1814 competence bundle; L2394 small
    # teaching team; L2710–2720 started September 2021, woonzorgcentra as employers).
    # Each step names the next one (``next_step``): a learning ladder, not parts of a
    # programme, so no step has a parent.
    {
        "external_id": CARE_LADDER[0],
        "provider": "cvo-miras",
        "next_step": CARE_LADDER[1],
        "qualification": "bk-huishoudhulp",
        "title": "Huishoudhulp (zorg)",
        "summary": (
            "Eerste stap van de zorgleerladder: een haalbaar tussencertificaat voor "
            "laaggeschoolde medewerkers, met veel leren op de werkplek."
        ),
        "description": (
            "Stap 1 van 4 van de leerladder huishoudhulp – logistiek assistent in de zorg – "
            "verzorgende – zorgkundige. Volgende stap: Logistiek assistent in de zorg. "
            "Een selectiegesprek met cursist en werkgever gaat vooraf; een "
            "competentiebundel geeft cursist, mentor en stageleerkracht overzicht. "
            "Illustratieve gegevens: modules en uren, duur, lesdagen en prijs, opname in de "
            "Opleidingsdatabank, vestigingsplaats."
        ),
        "kind": ProgrammeKind.VOCATIONAL,
        "vks_level": 2,
        "study_area": "Personenzorg",
        "delivery_modes": [Delivery.DAY, Delivery.WORKPLACE],
        "locations": ["Vilvoorde"],
        "regions": [FLANDERS],
        "start_months": [9],
        "duration_months": 5,
        "contact_hours": 120,
        "classroom_hours": 120,
        "workplace_learning_share": 40,
        "language": "nl",
        "price_eur": "90.00",
        "leave_recognised_regions": [FLANDERS],
        "translations": {
            "fr": {
                "title": "Aide ménager (soins)",
                "summary": (
                    "Première marche de l'échelle des soins : un certificat intermédiaire "
                    "accessible, avec beaucoup d'apprentissage sur le lieu de travail."
                ),
            },
            "en": {
                "title": "Home help (care)",
                "summary": (
                    "First step of the care ladder: an attainable intermediate certificate "
                    "with much learning at the workplace."
                ),
            },
        },
        "modules": [
            {"code": "HH-LES", "title": "Huishoudhulp: theorie en praktijk", "hours": 120},
            {
                "code": "HH-WPL",
                "title": "Werkplekleren huishoudhulp",
                "hours": 80,
                "is_workplace_learning": True,
            },
        ],
    },
    {
        "external_id": CARE_LADDER[1],
        "provider": "cvo-miras",
        "next_step": CARE_LADDER[2],
        "qualification": "bk-logistiek-assistent-zorg",
        "title": "Logistiek assistent in de zorg",
        "summary": (
            "Tweede stap van de zorgleerladder: logistieke ondersteuning in zorgvoorzieningen, "
            "met werkplekleren in de eigen organisatie."
        ),
        "description": (
            "Stap 2 van 4 van de leerladder. Vorige stap: Huishoudhulp (zorg). Volgende stap: "
            "Verzorgende. Werkplekleren in de eigen organisatie verkleint de kans op verloop "
            "na de opleiding. Illustratieve gegevens: modules en uren, duur, lesdagen en "
            "prijs, opname in de Opleidingsdatabank, vestigingsplaats."
        ),
        "kind": ProgrammeKind.VOCATIONAL,
        "vks_level": 2,
        "study_area": "Personenzorg",
        "delivery_modes": [Delivery.DAY, Delivery.WORKPLACE],
        "locations": ["Vilvoorde"],
        "regions": [FLANDERS],
        "start_months": [9, 2],
        "duration_months": 5,
        "contact_hours": 80,
        "classroom_hours": 80,
        "workplace_learning_share": 50,
        "language": "nl",
        "price_eur": "60.00",
        "leave_recognised_regions": [FLANDERS],
        "translations": {
            "fr": {
                "title": "Assistant logistique en soins",
                "summary": (
                    "Deuxième marche de l'échelle des soins : soutien logistique dans les "
                    "structures de soins, avec apprentissage dans sa propre organisation."
                ),
            },
            "en": {
                "title": "Logistics assistant in care",
                "summary": (
                    "Second step of the care ladder: logistics support in care settings, with "
                    "workplace learning in one's own organisation."
                ),
            },
        },
        "modules": [
            {"code": "LA-LES", "title": "Logistiek assistent: theorie en praktijk", "hours": 80},
            {
                "code": "LA-WPL",
                "title": "Werkplekleren logistiek assistent",
                "hours": 80,
                "is_workplace_learning": True,
            },
        ],
    },
    {
        "external_id": CARE_LADDER[2],
        "provider": "cvo-miras",
        "next_step": CARE_LADDER[3],
        "qualification": "bk-verzorgende",
        "title": "Verzorgende",
        "summary": (
            "Derde stap van de zorgleerladder: verzorgende in de thuiszorg of een "
            "woonzorgcentrum, met stage op de werkvloer."
        ),
        "description": (
            "Stap 3 van 4 van de leerladder. Vorige stap: Logistiek assistent in de zorg. "
            "Volgende stap: Zorgkundige. Illustratieve gegevens: modules en uren, duur, "
            "lesdagen en prijs, opname in de Opleidingsdatabank, vestigingsplaats."
        ),
        "kind": ProgrammeKind.VOCATIONAL,
        "vks_level": 3,
        "study_area": "Personenzorg",
        "delivery_modes": [Delivery.DAY, Delivery.WORKPLACE],
        "locations": ["Vilvoorde"],
        "regions": [FLANDERS],
        "start_months": [9, 2],
        "duration_months": 6,
        "contact_hours": 200,
        "classroom_hours": 200,
        "workplace_learning_share": 50,
        "language": "nl",
        "price_eur": "150.00",
        "leave_recognised_regions": [FLANDERS],
        "translations": {
            "fr": {
                "title": "Aide familial et soignant",
                "summary": (
                    "Troisième marche de l'échelle des soins : aide familial et soignant à "
                    "domicile ou en maison de repos, avec stage sur le terrain."
                ),
            },
            "en": {
                "title": "Care assistant",
                "summary": (
                    "Third step of the care ladder: care assistant in home care or a care "
                    "home, with an internship at work."
                ),
            },
        },
        "modules": [
            {"code": "VZ-LES", "title": "Verzorgende: theorie en praktijk", "hours": 200},
            {
                "code": "VZ-WPL",
                "title": "Werkplekleren verzorgende",
                "hours": 200,
                "is_workplace_learning": True,
            },
        ],
    },
    {
        "external_id": CARE_LADDER[3],
        "provider": "cvo-miras",
        "qualification": "bk-zorgkundige",
        "title": "Zorgkundige",
        "summary": (
            "Eindpunt van de zorgleerladder: zorgkundige, een knelpuntberoep, via een "
            "flexibel traject met veel werkplekleren."
        ),
        "description": (
            "Stap 4 van 4 en eindpunt van de leerladder. Vorige stap: Verzorgende. Er is een "
            "grote vraag naar zorgkundigen; woonzorgcentra rekruteren mee cursisten. "
            "Illustratieve gegevens: modules en uren, duur, lesdagen en prijs, opname in de "
            "Opleidingsdatabank, vestigingsplaats."
        ),
        "kind": ProgrammeKind.VOCATIONAL,
        "vks_level": 4,
        "study_area": "Personenzorg",
        "delivery_modes": [Delivery.DAY, Delivery.WORKPLACE],
        "locations": ["Vilvoorde"],
        "regions": [FLANDERS],
        "start_months": [9],
        "duration_months": 6,
        "contact_hours": 200,
        "classroom_hours": 200,
        "workplace_learning_share": 55,
        "language": "nl",
        "price_eur": "150.00",
        "leave_recognised_regions": [FLANDERS],
        "translations": {
            "fr": {
                "title": "Aide-soignant",
                "summary": (
                    "Dernière marche de l'échelle des soins : aide-soignant, un métier en "
                    "pénurie, via un parcours flexible avec beaucoup d'apprentissage sur le "
                    "lieu de travail."
                ),
            },
            "en": {
                "title": "Healthcare assistant",
                "summary": (
                    "Last step of the care ladder: healthcare assistant, a shortage "
                    "occupation, through a flexible path with much workplace learning."
                ),
            },
        },
        "modules": [
            {"code": "ZK-LES", "title": "Zorgkundige: theorie en praktijk", "hours": 200},
            {
                "code": "ZK-WPL",
                "title": "Werkplekleren zorgkundige",
                "hours": 240,
                "is_workplace_learning": True,
            },
        ],
    },
]
