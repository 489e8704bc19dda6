"""What MICOON (``competences``) shows of recognition: the learner's competences
recognised through a decision or a competentiebewijs, each with a link to where it was
decided, so the pages show them as recognised instead of asking to score them again."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from trajectwijzer.accounts import policy

from . import queries, rules


@dataclass(frozen=True)
class Recognised:
    competence_id: int
    recognised_on: object  # date
    url: str  # the request page with the decision or certificate ("" when none)


def recognised_for(learner, viewer) -> dict[int, Recognised]:
    """Competence id → how it was recognised (``queries.recognised_competences``), for
    what ``viewer`` may know: the learner everything, others only what comes from a
    request they may see (``rules.VIEW_REQUEST``: its decisions)."""
    found = {}
    for competence_id, row in queries.recognised_competences(learner).items():
        request = None
        if row.certificate_id is not None:
            request = row.certificate.request
        elif row.decision_id is not None:
            request = row.decision.request
        if viewer.pk != learner.pk and (
            request is None or not policy.can(viewer, rules.VIEW_REQUEST, request)
        ):
            continue
        url = (
            reverse("recognition:request", kwargs={"public_id": request.public_id})
            if request is not None
            else reverse("recognition:index")
        )
        found[competence_id] = Recognised(competence_id, row.recognised_on, url)
    return found
