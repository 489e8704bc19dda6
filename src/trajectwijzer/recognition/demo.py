"""Demo data for recognition of prior learning (issue #10).

After the seeds (docs/recognition.md): the shipped procedures synced against the demo
catalogue (plus the programmes ``demo_catalogue`` adds), and three learners walked
through them with the same use cases the pages call (``services``):

- a Woodwize machine operator halfway through the six practical assignments of the EVC
  standard "machinaal houtbewerker", two of them passed (seed 001, lines 1359–1420);
- Howest's demo learner (HR support) with a stageportfolio decision that shortens her
  first internship by 3 weeks (seed 000, lines 528–568);
- a GE-START social worker at Odisee with a competentiebewijs (seed 004, lines 81–160)
  which, through a rule of the exemption matrix, proposes an exemption at Artevelde
  (the seeds' "same exemptions across institutions").

The people and their evidence are fictitious. Idempotent: a learner who already has a
request under a procedure is left as they are; the matrix rule is upserted by code.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from trajectwijzer.accounts.models import (
    LearnerLink,
    LinkKind,
    Membership,
    MembershipStatus,
    Organisation,
    Role,
)
from trajectwijzer.catalogue.models import Module
from trajectwijzer.demo.loader import DemoContext, load_user, upsert

from . import queries, services
from .models import AssessorRole, Request

DOMAIN = "demo.trajectwijzer.be"

WOODWIZE = "woodwize-machinaal-houtbewerker"
HOWEST = "howest-stageportfolio"
GE_START = "ge-start-sociaal-werk"

# e-mail local part → (full name, organisation slug, role, is_admin); Howest's assessor
# (beoordelaar@) is one of the core demo accounts (demo/people_data.py).
PEOPLE = {
    "houtbewerker": ("Jens De Wolf", "woodwize", Role.LEARNER, False),
    "beoordelaar.woodwize": ("Wim Schrijnwerkers", "woodwize", Role.ASSESSOR, False),
    "sociaalwerker": ("Sara Haddou", "odisee", Role.LEARNER, False),
    "jury.odisee": ("Tom Goossens", "odisee", Role.ASSESSOR, False),
    "juryvoorzitter.odisee": ("Karin Wuyts", "odisee", Role.ASSESSOR, False),
    "aanbieder.odisee": ("Ludo Verstraete", "odisee", Role.PROVIDER_ADMIN, True),
}

MATRIX_RULE = {
    "code": "ARTEVELDE-GSW-GESPREK-GESTART",
    "source_kind": "competences",
    "source_qualification": "",
    "source_module": "",
    "source_credential_type": "",
    "source_competences": "sociaal-agogisch-werk:SAW1",
    "grant": "whole",
    "hours": None,
    "valid_from": "2026-01-01",
    "valid_until": "",
    "automatic": False,
    "note": (
        "Een GE-START competentiebewijs voor 'relaties aangaan' (SAW1) geeft vrijstelling voor "
        "het opleidingsonderdeel gesprekstechnieken: dezelfde vrijstelling bij elke instelling "
        "(seed 001, r. 3185-3210)."
    ),
    "maintained_by": "arteveldehogeschool",
}


def email(local_part: str) -> str:
    return f"{local_part}@{DOMAIN}"


def load(context: DemoContext) -> None:
    from .demo_catalogue import load as load_recognition_catalogue
    from .procedures import sync_procedures

    load_recognition_catalogue()
    sync_procedures()
    people = {local: _person(local, *record) for local, record in PEOPLE.items()}
    users = {**context.users, **{email(k): v for k, v in people.items()}}
    _woodwize(users)
    _howest(users)
    _ge_start(users)
    _matrix_rule()


def _person(local_part: str, full_name: str, organisation: str, role: str, is_admin: bool):
    user = load_user({"email": email(local_part), "full_name": full_name}, is_active=True)
    upsert(
        Membership,
        {"user": user, "organisation": Organisation.objects.get(slug=organisation), "role": role},
        {"status": MembershipStatus.ACTIVE, "is_admin": is_admin},
        create_only={"decided_at": timezone.now()},
    )
    return user


def _started(learner, procedure: str) -> bool:
    return Request.objects.filter(learner=learner, procedure_version__procedure=procedure).exists()


def _modules(request_procedure: str, codes: list[str]) -> list[int]:
    from .procedures import current_version, procedure_for

    proc = procedure_for(current_version(request_procedure))
    return list(
        Module.objects.filter(
            programme__external_id=proc.target.programme, code__in=codes
        ).values_list("pk", flat=True)
    )


def _pass_steps(request: Request, assessors: dict, *, count: int | None = None) -> None:
    """Walk ``count`` steps (all when None): the learner hands in, the assessor (or the
    jury chair, where the step is theirs) judges every competence with the first passing
    value of the step's scale and completes the step."""
    proc = services.procedure(request)
    done = 0
    while count is None or done < count:
        record = queries.current_step(request)
        if record is None:
            return
        step = proc.step(record.step_key)
        judge = assessors.get(step.assessor_role, assessors["assessor"])
        if record.status == "waiting_learner":
            services.hand_in_step(request.learner, request, step.key)
        value = next(v.value for v in step.framework.scale if v.passes)
        if step.assesses:
            services.record_judgements(
                judge,
                request,
                step.key,
                judgements=[
                    {"competence": code, "value": value, "comment": "Aangetoond in de praktijk."}
                    for code in step.assesses
                ],
                minutes_spent=45,
            )
        services.complete_step(
            judge,
            request,
            step.key,
            passed=True if step.pass_rule == "judged" else None,
            minutes_spent=15,
        )
        done += 1


def _woodwize(users: dict) -> None:
    learner = users[email("houtbewerker")]
    if _started(learner, WOODWIZE):
        return
    sector_admin = users[email("sector")]
    request = services.start_request(
        learner,
        learner,
        procedure=WOODWIZE,
        modules=_modules(WOODWIZE, ["WV", "SCHA", "ZAAG", "BOOR", "FREE", "SCHU"]),
        grounds=["evc"],
        motivation="Twaalf jaar ervaring als machinaal houtbewerker in een meubelfabriek.",
        submit=True,
    )
    services.add_evidence(
        learner,
        request,
        kind="link",
        title="Foto's van zelfgemaakte meubelonderdelen",
        dated_on=timezone.localdate() - datetime.timedelta(days=60),
        url="https://example.org/portfolio/jens-de-wolf",
        description="Werkstukken van de voorbije jaren: geschaafde en gefreesde onderdelen.",
    )
    services.decide_admissibility(sector_admin, request, admissible=True)
    assessor = users[email("beoordelaar.woodwize")]
    services.assign_assessor(sector_admin, request, assessor)
    # Werkvoorbereiding and schaven passed; zagen now waits on the learner.
    _pass_steps(request, {"assessor": assessor}, count=2)


def _howest(users: dict) -> None:
    learner = users[email("leerling")]
    if _started(learner, HOWEST):
        return
    admin = users[email("aanbieder")]
    assessor = users[email("beoordelaar")]
    request = services.start_request(
        learner,
        learner,
        procedure=HOWEST,
        modules=_modules(HOWEST, ["STAGE1"]),
        grounds=["evc"],
        motivation=(
            "Ik werk al drie jaar op de personeelsdienst van een woonzorgcentrum: "
            "loonadministratie, onthaal van nieuwe medewerkers en planning."
        ),
        submit=True,
    )
    services.add_evidence(
        learner,
        request,
        kind="link",
        title="Verklaring van de werkgever over mijn takenpakket",
        dated_on=timezone.localdate() - datetime.timedelta(days=30),
        url="https://example.org/verklaring-werkgever",
        description="Getekend door de HR-verantwoordelijke van Woonzorggroep Netedal.",
    )
    services.decide_admissibility(admin, request, admissible=True)
    services.assign_assessor(admin, request, assessor)
    _pass_steps(request, {"assessor": assessor})
    stage = request.modules.get(code="STAGE1")
    services.decide(
        assessor,
        request,
        decisions=[
            {
                "module": stage.pk,
                "outcome": "partly_exempt",
                "internship_weeks_reduced": 3,
                "remaining_part": "De overige stageweken met de opdrachten rond rekrutering.",
                "reasoning": (
                    "De leerdoelen administratie en onthaal zijn aangetoond met bewijs uit de "
                    "huidige job; de stage wordt met 3 weken ingekort."
                ),
            }
        ],
    )
    services.communicate(assessor, request)


def _ge_start(users: dict) -> None:
    learner = users[email("sociaalwerker")]
    coach = users[email("coach")]
    LearnerLink.objects.get_or_create(learner=learner, kind=LinkKind.COACH, person=coach)
    if _started(learner, GE_START):
        return
    admin = users[email("aanbieder.odisee")]
    jury = users[email("jury.odisee")]
    chair = users[email("juryvoorzitter.odisee")]
    request = services.start_request(
        learner,
        learner,
        procedure=GE_START,
        modules=_modules(GE_START, ["SW-REL", "SW-METH", "SW-NET", "SW-ETH", "SW-MAAT"]),
        grounds=["evc", "professional"],
        motivation="Acht jaar begeleider in de bijzondere jeugdzorg, zonder diploma.",
        submit=True,
    )
    services.add_evidence(
        learner,
        request,
        kind="link",
        title="Reflectieverslag over een begeleidingstraject",
        dated_on=timezone.localdate() - datetime.timedelta(days=90),
        url="https://example.org/portfolio/sara-haddou",
    )
    services.decide_admissibility(admin, request, admissible=True)
    services.assign_assessor(admin, request, jury)
    services.assign_assessor(admin, request, chair, role=AssessorRole.JURY_CHAIR)
    _pass_steps(request, {"assessor": jury, AssessorRole.JURY_CHAIR: chair})
    services.decide(
        chair,
        request,
        decisions=[
            {
                "module": proposal.module.pk,
                "outcome": proposal.outcome,
                "reasoning": "De jury erkent de competenties op basis van alle proeven.",
            }
            for proposal in services.proposed_outcomes(request)
        ],
    )
    services.communicate(chair, request)


def _matrix_rule() -> None:
    from . import matrix

    target = Module.objects.select_related("programme__provider").get(
        programme__external_id="demo-artevelde-graduaat-sociaal-werk", code="GSW-GESPREK"
    )
    result = matrix.import_rules(
        [(1, {**MATRIX_RULE, "target_module": matrix.module_reference(target)})]
    )
    if result.errors:
        raise RuntimeError("; ".join(map(str, result.errors)))
