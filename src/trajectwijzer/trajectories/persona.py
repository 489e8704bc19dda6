"""Personas at intake (issue #11, item 2): the 2×2 quicksheet and who may have a
workplace-learning reduction, as data.

The pilot "Werkenden proeven van duaal" (Arteveldehogeschool/Syntra, seed 002) sorts
working students into personas by two questions asked at intake:

1. does the learner's work relate to the target qualification?
2. can the learner learn at the workplace in their own organisation?

The cells, with the seed lines they come from:

* related, own organisation → **upskiller**: "werkende volwassenen die op de werkplek
  reeds activiteiten uitvoeren eigen aan het beroepsprofiel van de opleiding"
  (002 lines 121–123; 165).
* not related, own organisation → **reskiller**: "taken uitvoeren die niet verwant zijn
  met de beoogde kwalificatie, maar die wel de kans krijgen om deeltijds taken uit te
  voeren die wel verwant zijn" (002 lines 124–127; 169).
* not related, not in the own organisation → **skiller**: "werkplekleren binnen de
  context van de opleiding elders dan in de eigen professionele context", "geen
  mogelijkheid om in de eigen job verwante taken aan de opleiding uit te voeren"
  (002 lines 123–124; 167; 288).
* related, not in the own organisation → **mirror colleague**: the seed names the
  mirror colleague as a possible future student at a workplace (002 line 3145, "mirror
  colleagues – mogelijke studenten"; 2016, 2038) who "wordt immers een upskiller eens
  hij/zij in de opleiding zit" (1664–1666). The seed gives no table; this cell is the
  one left by the three definitions above (our reading, documented in
  docs/trajectories.md). The quicksheet itself is referred to in seed 001 line 2677.

Reduction of workplace-learning days (seed 002 lines 1640–1666): the reduced track
"is enkel van toepassing wanneer studenten niet aan werkplekleren doen in hun huidige
functie en organisatie. Dit is dus niet van toepassing voor upskillers"; "De mirror
collegue komt niet in aanmerking"; it makes the programme feasible "voor reskillers,
skillers". The workplace-learning part calls :func:`reduction_allowed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Persona(models.TextChoices):
    UPSKILLER = "upskiller", _("Upskiller")
    SKILLER = "skiller", _("Skiller")
    RESKILLER = "reskiller", _("Reskiller")
    MIRROR_COLLEAGUE = "mirror_colleague", _("Mirror colleague")


@dataclass(frozen=True)
class QuicksheetCell:
    persona: str
    explanation: Any  # lazy text: why this answer pair gives this persona
    seed_lines: str


# (work related to the target qualification, workplace learning in own organisation)
QUICKSHEET: dict[tuple[bool, bool], QuicksheetCell] = {
    (True, True): QuicksheetCell(
        Persona.UPSKILLER,
        _(
            "Your work already relates to the qualification and you can learn at the "
            "workplace in your own organisation."
        ),
        "002:121-123,165",
    ),
    (False, True): QuicksheetCell(
        Persona.RESKILLER,
        _(
            "Your current work does not relate to the qualification, but your own "
            "organisation lets you do related tasks part of the time."
        ),
        "002:124-127,169",
    ),
    (False, False): QuicksheetCell(
        Persona.SKILLER,
        _(
            "Your work does not relate to the qualification and you cannot do related "
            "tasks in your own organisation: you learn at another workplace."
        ),
        "002:123-124,167,288",
    ),
    (True, False): QuicksheetCell(
        Persona.MIRROR_COLLEAGUE,
        _(
            "Your work relates to the qualification, but workplace learning in your own "
            "organisation is not possible (yet)."
        ),
        "002:1664-1666,3145",
    ),
}

# Which personas may have their workplace-learning days reduced (seed 002, 1640–1666).
REDUCTION_ALLOWED: dict[str, bool] = {
    Persona.UPSKILLER: False,
    Persona.SKILLER: True,
    Persona.RESKILLER: True,
    Persona.MIRROR_COLLEAGUE: False,
}


def cell_for(work_related: bool, own_organisation: bool) -> QuicksheetCell:
    return QUICKSHEET[(bool(work_related), bool(own_organisation))]


def persona_for(work_related: bool, own_organisation: bool) -> str:
    """The quicksheet's persona for the two intake answers."""
    return cell_for(work_related, own_organisation).persona


def current_decision(enrolment: Any):
    """The enrolment's latest persona decision, or None while none was made."""
    from .models import PersonaDecision

    return PersonaDecision.objects.filter(enrolment=enrolment).order_by("-number").first()


def reduction_allowed(enrolment: Any) -> bool:
    """Whether the enrolment's current persona may have a workplace-learning reduction.

    False while no persona has been decided: every learner starts with the full track
    (seed 002 line 1646, "Elke student start met een volledig traject")."""
    decision = current_decision(enrolment)
    return decision is not None and REDUCTION_ALLOWED[decision.persona]
