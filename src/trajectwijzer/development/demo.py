# ruff: noqa: E501  (demo data reads best one record per line)
"""Demo data for competence matrices, development plans and frameworks as data.

- The competence framework of "Begeleider baby's en peuters" (core catalogue demo
  data, linked to the Syntra demo programme's modules) is also read from
  ``demo_data/begeleider-babys-en-peuters.json`` through the framework import: the
  file adds the competences' French and English titles and proves the exchange format
  (a second import of the file reports it unchanged).
- A demo employer after the meat-processing case of seed 001 (lines 987–1021 and
  3630–3660: Thomas More Kempen, OCMW Mol and a meat-processing company build a
  competence list and matrix, observed by the team leader, leading to a personal
  development plan; job roles such as magazijnier and techniker; a buddy who speaks
  the employee's mother tongue). The company, its twelve employees, the framework's
  competences and all levels are fictitious and illustrative.

Idempotent: everything is upserted by a natural key; observations by (row,
competence, date), the plan by (row, title).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import timezone

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import (
    ConsentScope,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.catalogue import frameworks_io, importing
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Indicator,
    MasteryLevel,
)
from trajectwijzer.demo import catalogue_data
from trajectwijzer.demo.loader import DemoContext, load_user, upsert

from .models import (
    ActionKind,
    CompetenceMatrix,
    DevelopmentPlan,
    ItemStatus,
    JobRole,
    LevelObservation,
    MatrixRow,
    PlanAction,
    PlanGoal,
    PlanStatus,
    RequiredLevel,
    Team,
)

CHILDCARE_FILE = Path(__file__).parent / "demo_data" / "begeleider-babys-en-peuters.json"
CHILDCARE_FRAMEWORK = "begeleider-babys-en-peuters"

EMPLOYER_SLUG = "vleesverwerking-de-kempen"
EMPLOYER_NAME = "Vleesverwerking De Kempen (demo)"
HR_EMAIL = "hr.vleesverwerking@demo.trajectwijzer.be"
TEAM_LEADER_EMAIL = "ploegbaas.vleesverwerking@demo.trajectwijzer.be"
FRAMEWORK_CODE = "vleesverwerking-basis"
MATRIX_TITLE = "Competentiematrix productie en logistiek"

COMPETENCES = [
    ("HYG", "Werkt hygiënisch volgens de voedselveiligheidsregels", "Respecte l'hygiène et la sécurité alimentaire", "Works hygienically following food safety rules",
     [("HYG.1", "Draagt de voorgeschreven werkkledij en wast en ontsmet de handen op de juiste momenten."), ("HYG.2", "Houdt de koudeketen en de scheiding van zones aan.")]),
    ("VEIL", "Werkt veilig met messen en machines", "Travaille en sécurité avec couteaux et machines", "Works safely with knives and machines",
     [("VEIL.1", "Gebruikt snijbestendige handschoenen en schort."), ("VEIL.2", "Zet een machine stil en vergrendelt ze voor reiniging.")]),
    ("SNIJ", "Versnijdt vlees volgens specificatie", "Découpe la viande selon la spécification", "Cuts meat to specification",
     [("SNIJ.1", "Slijpt en onderhoudt het mes."), ("SNIJ.2", "Snijdt porties binnen de gewichtstolerantie.")]),
    ("VERP", "Bedient de verpakkingslijn", "Conduit la ligne d'emballage", "Operates the packaging line",
     [("VERP.1", "Stelt de lijn in voor een nieuw product en controleert de etiketten.")]),
    ("MAG", "Verwerkt goederen in het magazijn", "Traite les marchandises en entrepôt", "Handles goods in the warehouse",
     [("MAG.1", "Verzamelt orders volgens de picklijst."), ("MAG.2", "Rijdt veilig met de heftruck of palletwagen.")]),
    ("TECH", "Voert eerstelijnsonderhoud uit aan installaties", "Assure la maintenance de premier niveau", "Carries out first-line maintenance",
     [("TECH.1", "Voert de dagelijkse controles uit en meldt storingen."), ("TECH.2", "Vervangt slijtdelen volgens de onderhoudsinstructie.")]),
    ("TAAL", "Begrijpt werkinstructies in het Nederlands", "Comprend les consignes de travail en néerlandais", "Understands work instructions in Dutch",
     [("TAAL.1", "Begrijpt mondelinge instructies van de ploegbaas."), ("TAAL.2", "Leest veiligheidspictogrammen en korte werkinstructies.")]),
    ("TEAM", "Werkt samen in de ploeg", "Travaille en équipe", "Works together in the team",
     [("TEAM.1", "Draagt het werk correct over bij een ploegwissel.")]),
]  # fmt: skip

JOB_ROLES = {
    "Productiemedewerker uitsnijderij": {"HYG": 3, "VEIL": 3, "SNIJ": 3, "VERP": 2, "TAAL": 2, "TEAM": 3},
    "Magazijnier": {"HYG": 2, "VEIL": 3, "MAG": 3, "TAAL": 2, "TEAM": 3},
    "Techniker": {"HYG": 2, "VEIL": 4, "TECH": 3, "TAAL": 3, "TEAM": 2},
}  # fmt: skip

# (e-mail local part, name, job role, team, {competence: (earlier level, current level)})
EMPLOYEES = [
    ("piotr.nowak", "Piotr Nowak", "Productiemedewerker uitsnijderij", "Uitsnijderij", {"HYG": (2, 3), "VEIL": (2, 2), "SNIJ": (3, 3), "VERP": (1, 2), "TAAL": (1, 1), "TEAM": (2, 3)}),
    ("ewa.kowalska", "Ewa Kowalska", "Productiemedewerker uitsnijderij", "Uitsnijderij", {"HYG": (3, 3), "VEIL": (3, 3), "SNIJ": (2, 3), "VERP": (2, 2), "TAAL": (1, 2), "TEAM": (3, 3)}),
    ("marek.wisniewski", "Marek Wiśniewski", "Productiemedewerker uitsnijderij", "Uitsnijderij", {"HYG": (3, 4), "VEIL": (3, 3), "SNIJ": (4, 4), "VERP": (2, 3), "TAAL": (3, 3), "TEAM": (3, 4)}),
    ("ahmed.elamrani", "Ahmed El Amrani", "Productiemedewerker uitsnijderij", "Uitsnijderij", {"HYG": (2, 2), "VEIL": (2, 3), "SNIJ": (1, 2), "TAAL": (2, 2), "TEAM": (3, 3)}),
    ("lien.verhoeven", "Lien Verhoeven", "Productiemedewerker uitsnijderij", "Uitsnijderij", {"HYG": (3, 3), "VEIL": (3, 3), "SNIJ": (2, 2), "VERP": (3, 3), "TAAL": (4, 4), "TEAM": (3, 3)}),
    ("mehmet.yilmaz", "Mehmet Yılmaz", "Productiemedewerker uitsnijderij", "Uitsnijderij", {"HYG": (1, 2), "VEIL": (1, 2), "SNIJ": (1, 1), "TAAL": (1, 2), "TEAM": (2, 2)}),
    ("kevin.janssens", "Kevin Janssens", "Magazijnier", "Logistiek", {"HYG": (2, 2), "VEIL": (2, 3), "MAG": (2, 3), "TAAL": (4, 4), "TEAM": (3, 3)}),
    ("olena.shevchenko", "Olena Shevchenko", "Magazijnier", "Logistiek", {"HYG": (2, 2), "VEIL": (2, 2), "MAG": (1, 2), "TAAL": (1, 1), "TEAM": (2, 3)}),
    ("jan.peeters", "Jan Peeters", "Magazijnier", "Logistiek", {"HYG": (2, 3), "VEIL": (3, 3), "MAG": (3, 3), "TAAL": (4, 4), "TEAM": (3, 3)}),
    ("bart.vermeulen", "Bart Vermeulen", "Techniker", "Techniek", {"HYG": (2, 2), "VEIL": (3, 3), "TECH": (2, 3), "TAAL": (4, 4), "TEAM": (2, 2)}),
    ("tomasz.zielinski", "Tomasz Zieliński", "Techniker", "Techniek", {"HYG": (2, 2), "VEIL": (3, 3), "TECH": (2, 2), "TAAL": (2, 2), "TEAM": (2, 2)}),
    ("nadia.benali", "Nadia Benali", "Techniker", "Techniek", {"HYG": (1, 2), "VEIL": (2, 3), "TECH": (1, 2), "TAAL": (3, 3), "TEAM": (2, 2)}),
]  # fmt: skip

EARLIER = datetime.date(2025, 10, 15)
CURRENT = datetime.date(2026, 3, 12)
PLAN_EMPLOYEE = "piotr.nowak"
PLAN_TITLE = "POP Piotr 2026"


def email_of(local_part: str) -> str:
    return f"{local_part}@demo.trajectwijzer.be"


# The demo HR account (hr@demo, Woonzorggroep Netedal, demo/people_data.py) gets a
# matrix on the HR-support roles framework: the demo learner, who follows the HR-support
# graduaat while working in the care home's administration, shares her MICOON scores
# (her mentor's and teacher's) with the employer, so they fill her row; two colleagues
# have only the HR's own observations. Names and levels are fictitious.
CARE_HOME_SLUG = "woonzorggroep-netedal"
CARE_HOME_FRAMEWORK = "hr-support-rollen"
CARE_HOME_MATRIX = "Competentiematrix administratie en HR"
CARE_HOME_JOB_ROLE = "Administratief medewerker HR"
CARE_HOME_LEVELS = {"A": 3, "T": 3, "O": 2, "P": 2}
CARE_HOME_LEARNER = "leerling@demo.trajectwijzer.be"
CARE_HOME_COLLEAGUES = [
    ("els.wouters", "Els Wouters", {"A": 3, "T": 2, "O": 2}),
    ("bram.jacobs", "Bram Jacobs", {"A": 2, "T": 1, "P": 1}),
]  # fmt: skip


def load(context: DemoContext) -> None:
    _load_childcare_framework()
    _load_employer()
    _load_care_home(context)


def _load_childcare_framework() -> None:
    text = importing.decode(CHILDCARE_FILE.read_bytes(), str(CHILDCARE_FILE))
    result = frameworks_io.import_frameworks(frameworks_io.read_json(text, str(CHILDCARE_FILE)))
    if result.errors:
        raise RuntimeError("; ".join(map(str, result.errors)))


def _load_employer() -> None:
    organisation = upsert(
        Organisation,
        {"slug": EMPLOYER_SLUG},
        {
            "name": EMPLOYER_NAME,
            "kind": OrganisationKind.EMPLOYER,
            "city": "Mol",
            "joint_committee": "118",
        },
    )
    hr = _member(HR_EMAIL, "Marleen Peeters", organisation, Role.EMPLOYER_HR)
    team_leader = _member(
        TEAM_LEADER_EMAIL, "Dirk Van Looy", organisation, Role.MENTOR, is_admin=True
    )

    framework = upsert(
        CompetenceFramework,
        {"code": FRAMEWORK_CODE},
        {
            "title": "Basiscompetenties vleesverwerking",
            "qualification": None,
            "description": (
                "Competentielijst voor productie en logistiek in een vleesverwerkend bedrijf, "
                "naar het voorbeeld van de proeftuin 'Talentontwikkeling op het werk' (Thomas "
                "More Kempen, OCMW Mol, een vleesverwerkend bedrijf). Illustratieve gegevens: "
                "de competenties, indicatoren en niveaus."
            ),
            "translations": {
                "fr": {"title": "Compétences de base en transformation de la viande"},
                "en": {"title": "Basic competences in meat processing"},
            },
        },
    )
    for level in catalogue_data.MASTERY_SCALE:
        upsert(
            MasteryLevel,
            {"framework": framework, "rank": level["rank"]},
            {k: v for k, v in level.items() if k != "rank"},
        )
    competences = {}
    for position, (code, title, title_fr, title_en, indicators) in enumerate(COMPETENCES, 1):
        competence = upsert(
            Competence,
            {"framework": framework, "code": code},
            {
                "title": title,
                "position": position,
                "translations": {"fr": {"title": title_fr}, "en": {"title": title_en}},
            },
        )
        for indicator_position, (indicator_code, indicator_title) in enumerate(indicators, 1):
            upsert(
                Indicator,
                {"competence": competence, "code": indicator_code},
                {"title": indicator_title, "position": indicator_position},
            )
        competences[code] = competence

    matrix = upsert(
        CompetenceMatrix,
        {"organisation": organisation, "title": MATRIX_TITLE},
        {"framework": framework},
    )
    job_roles = {}
    for title, levels in JOB_ROLES.items():
        job_role = upsert(JobRole, {"matrix": matrix, "title": title}, {})
        for code, level in levels.items():
            upsert(
                RequiredLevel,
                {"job_role": job_role, "competence": competences[code]},
                {"level": level},
            )
        job_roles[title] = job_role
    teams = {
        name: upsert(Team, {"matrix": matrix, "name": name}, {})
        for name in ("Uitsnijderij", "Logistiek", "Techniek")
    }
    rows = {}
    for local_part, full_name, job_role, team, levels in EMPLOYEES:
        employee = _member(email_of(local_part), full_name, organisation, Role.LEARNER)
        row = upsert(
            MatrixRow,
            {"matrix": matrix, "employee": employee},
            {"job_role": job_roles[job_role], "team": teams[team]},
        )
        for code, (earlier, current) in levels.items():
            for observed_on, level in ((EARLIER, earlier), (CURRENT, current)):
                upsert(
                    LevelObservation,
                    {"row": row, "competence": competences[code], "observed_on": observed_on},
                    {"level": level, "observed_by": team_leader, "note": ""},
                )
        rows[local_part] = row
    _load_plan(rows[PLAN_EMPLOYEE], competences, hr)


def _member(email: str, full_name: str, organisation, role: str, *, is_admin: bool = False):
    user = load_user({"email": email, "full_name": full_name}, is_active=True)
    upsert(
        Membership,
        {"user": user, "organisation": organisation, "role": role},
        {"status": MembershipStatus.ACTIVE, "is_admin": is_admin},
        create_only={"decided_at": timezone.now()},
    )
    return user


def _load_plan(row: MatrixRow, competences: dict[str, Competence], hr) -> None:
    """Piotr's plan: Dutch at work with a Polish-speaking buddy (seed 001 line 3654)."""
    plan = upsert(
        DevelopmentPlan,
        {"row": row, "title": PLAN_TITLE},
        {"status": PlanStatus.AGREED, "drafted_by": hr, "drafted_by_employee": False},
        create_only={
            "note": "Opgesteld in het ontwikkelingsgesprek van maart 2026 met Piotr en de ploegbaas.",
            "updated_by": hr,
        },
    )
    goals = [
        (
            "TAAL",
            2,
            datetime.date(2026, 12, 31),
            "Werkinstructies en veiligheidsafspraken zelfstandig begrijpen.",
            [
                (ActionKind.BUDDY, "Marek (spreekt ook Pools) als taalbuddy op de werkvloer.", ItemStatus.IN_PROGRESS),
                (ActionKind.INTERNAL_TRAINING, "Werkplekgerichte lessen Nederlands, twee uur per week.", ItemStatus.OPEN),
            ],
        ),
        (
            "VEIL",
            3,
            datetime.date(2026, 9, 30),
            "",
            [
                (ActionKind.WORKPLACE_LEARNING, "Meelopen met de preventieadviseur bij de veiligheidsronde.", ItemStatus.OPEN),
            ],
        ),
    ]  # fmt: skip
    for position, (code, target, target_date, description, actions) in enumerate(goals):
        goal = upsert(
            PlanGoal,
            {"plan": plan, "competence": competences[code]},
            {
                "target_level": target,
                "target_date": target_date,
                "description": description,
                "position": position,
            },
        )
        for action_position, (kind, text, status) in enumerate(actions):
            upsert(
                PlanAction,
                {"goal": goal, "kind": kind, "position": action_position},
                {"description": text},
                create_only={"status": status},
            )


def _load_care_home(context: DemoContext) -> None:
    organisation = Organisation.objects.get(slug=CARE_HOME_SLUG)
    framework = CompetenceFramework.objects.get(code=CARE_HOME_FRAMEWORK)
    hr = Membership.objects.filter(
        organisation=organisation, role=Role.EMPLOYER_HR, status=MembershipStatus.ACTIVE
    ).first()
    learner = User.objects.get(email=CARE_HOME_LEARNER)
    competences = {c.code: c for c in framework.competences.all()}
    matrix = upsert(
        CompetenceMatrix,
        {"organisation": organisation, "title": CARE_HOME_MATRIX},
        {"framework": framework},
    )
    job_role = upsert(JobRole, {"matrix": matrix, "title": CARE_HOME_JOB_ROLE}, {})
    for code, level in CARE_HOME_LEVELS.items():
        upsert(
            RequiredLevel, {"job_role": job_role, "competence": competences[code]}, {"level": level}
        )
    upsert(MatrixRow, {"matrix": matrix, "employee": learner}, {"job_role": job_role})
    # The learner's consent: her assessments to the employer (its HR acts for it); the
    # service returns the active consent when it exists, so reruns add nothing.
    account_services.give_consent(
        learner,
        scope=ConsentScope.ASSESSMENTS,
        recipient_organisation=organisation,
        purpose="Competentiematrix van de administratie: opvolging van het graduaat op het werk.",
    )
    for local_part, full_name, levels in CARE_HOME_COLLEAGUES:
        employee = _member(email_of(local_part), full_name, organisation, Role.LEARNER)
        row = upsert(MatrixRow, {"matrix": matrix, "employee": employee}, {"job_role": job_role})
        for code, level in levels.items():
            upsert(
                LevelObservation,
                {"row": row, "competence": competences[code], "observed_on": CURRENT},
                {"level": level, "observed_by": hr.user if hr else None, "note": ""},
            )
