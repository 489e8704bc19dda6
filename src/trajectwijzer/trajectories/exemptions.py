"""The one place the plan reads a learner's exemptions: recognition's decisions in force.

Recognition publishes them as ``recognition.queries.exemptions_for`` (module, whole or
partial with hours/credits, valid from/until); this adapter turns them into the planning
engine's plain ``Exemption`` inputs for the modules of the enrolment's programme.
"""

from __future__ import annotations

import datetime as dt

from .models import Enrolment
from .planning import Exemption


def exemptions_for_enrolment(enrolment: Enrolment, on: dt.date | None = None) -> list[Exemption]:
    """Whole and partial exemptions in force on ``on`` for the enrolment's modules."""
    from trajectwijzer.recognition.queries import exemptions_for

    return [
        Exemption(
            code=found.module_code,
            whole=found.kind == "whole",
            hours=None if found.kind == "whole" else found.hours,
            credits=None if found.kind == "whole" else found.credits,
        )
        for found in exemptions_for(enrolment.learner_id, programme=enrolment.programme_id, on=on)
    ]
