"""Demo organisations and people: one account per role, links around one learner.

The people and the employer are fictitious; the providers, Woodwize and OCMW Mol are
the organisations of the pilots in the seeds (OCMW Mol: 001:L1678, L3640). Every demo
address ends in ``@demo.trajectwijzer.be`` so demo accounts are easy to recognise.
"""

from __future__ import annotations

from trajectwijzer.accounts.models import ConsentScope, LinkKind, OrganisationKind, Role

# One memorable password for every demo account; it passes the project's validators
# (length ≥ 10, not common, not numeric, not like the e-mail address).
DEMO_PASSWORD = "Demo-Traject-2026"
DEMO_DOMAIN = "@demo.trajectwijzer.be"

ORGANISATIONS: list[dict] = [
    {
        "slug": "howest",
        "name": "Howest",
        "kind": OrganisationKind.PROVIDER,
        "city": "Kortrijk",
        "website": "https://www.howest.be",
    },
    {
        "slug": "arteveldehogeschool",
        "name": "Arteveldehogeschool",
        "kind": OrganisationKind.PROVIDER,
        "city": "Gent",
        "website": "https://www.arteveldehogeschool.be",
    },
    {
        "slug": "syntra-midden-vlaanderen",
        "name": "Syntra Midden-Vlaanderen",
        "kind": OrganisationKind.PROVIDER,
        "city": "Gent",
    },
    {
        "slug": "cvo-miras",
        "name": "CVO MIRAS",
        "kind": OrganisationKind.PROVIDER,
        "city": "Vilvoorde",
    },
    {
        "slug": "vives",
        "name": "VIVES Hogeschool",
        "kind": OrganisationKind.PROVIDER,
        "city": "Brugge",
        "website": "https://www.vives.be",
    },
    {
        "slug": "woodwize",
        "name": "Woodwize",
        "kind": OrganisationKind.SECTOR,
        "city": "Brussel",
        "website": "https://www.woodwize.be",
    },
    {
        # Fictitious care employer; joint committee 330 covers care homes.
        "slug": "woonzorggroep-netedal",
        "name": "Woonzorggroep Netedal",
        "kind": OrganisationKind.EMPLOYER,
        "joint_committee": "330",
        "city": "Mol",
    },
    {
        "slug": "ocmw-mol",
        "name": "OCMW Mol",
        "kind": OrganisationKind.REFERRER,
        "city": "Mol",
    },
    {
        "slug": "trajectwijzer",
        "name": "Trajectwijzer",
        "kind": OrganisationKind.PLATFORM,
        "accepts_registrations": False,
    },
]

# One active account per role. The learner works in the administration of a care home
# and follows the Howest HR-support graduaat by distance learning (an upskiller, the
# target group of 000:L237).
ACCOUNTS: list[dict] = [
    {
        "role": Role.LEARNER,
        "organisation": "howest",
        "full_name": "Lotte Vermeulen",
        "email": "leerling@demo.trajectwijzer.be",
    },
    {
        "role": Role.EMPLOYER_HR,
        "organisation": "woonzorggroep-netedal",
        "full_name": "Sofie De Smet",
        "email": "hr@demo.trajectwijzer.be",
    },
    {
        "role": Role.MENTOR,
        "organisation": "woonzorggroep-netedal",
        "full_name": "Pieter Claes",
        "email": "mentor@demo.trajectwijzer.be",
    },
    {
        "role": Role.COACH,
        "organisation": "howest",
        "full_name": "An Peeters",
        "email": "coach@demo.trajectwijzer.be",
    },
    {
        "role": Role.TEACHER,
        "organisation": "howest",
        "full_name": "Koen Maes",
        "email": "docent@demo.trajectwijzer.be",
    },
    {
        # A Howest staff member who assesses recognition requests (issue #10): the
        # stageportfolio of the demo learner (recognition/demo.py).
        "role": Role.ASSESSOR,
        "organisation": "howest",
        "full_name": "Hilde Vandamme",
        "email": "beoordelaar@demo.trajectwijzer.be",
    },
    {
        "role": Role.PROVIDER_ADMIN,
        "organisation": "howest",
        "full_name": "Els Janssens",
        "email": "aanbieder@demo.trajectwijzer.be",
    },
    {
        "role": Role.SECTOR_ADMIN,
        "organisation": "woodwize",
        "full_name": "Bart Willems",
        "email": "sector@demo.trajectwijzer.be",
    },
    {
        "role": Role.REFERRER,
        "organisation": "ocmw-mol",
        "full_name": "Nadia El Khattabi",
        "email": "toeleider@demo.trajectwijzer.be",
    },
    {
        "role": Role.PLATFORM_ADMIN,
        "organisation": "trajectwijzer",
        "full_name": "Joris Wouters",
        "email": "beheer@demo.trajectwijzer.be",
        # The platform admin also manages everything in the Django admin.
        "is_staff": True,
        "is_superuser": True,
    },
]

# A registration waiting for validation by Howest's provider admin, so the validation
# flow can be shown; the account stays inactive until then.
PENDING_REGISTRATION: dict = {
    "role": Role.LEARNER,
    "organisation": "howest",
    "full_name": "Yusuf Demir",
    "email": "registratie@demo.trajectwijzer.be",
}

# The people and the employer around the demo learner.
LEARNER_EMAIL = "leerling@demo.trajectwijzer.be"
LEARNER_LINKS: list[dict] = [
    {"kind": LinkKind.COACH, "person": "coach@demo.trajectwijzer.be"},
    {"kind": LinkKind.MENTOR, "person": "mentor@demo.trajectwijzer.be"},
    {"kind": LinkKind.TEACHER, "person": "docent@demo.trajectwijzer.be"},
    {"kind": LinkKind.EMPLOYER, "organisation": "woonzorggroep-netedal"},
    {"kind": LinkKind.REFERRER, "person": "toeleider@demo.trajectwijzer.be"},
]

CONSENTS: list[dict] = [
    {
        "scope": ConsentScope.ASSESSMENTS,
        "recipient": "docent@demo.trajectwijzer.be",
        "purpose": "Opvolging van de competenties tijdens de stages als HR-support.",
    },
]
