"""What MICOON (``competences``) shows of recognition: the learner's competences
recognised through a decision or a competentiebewijs, each with a link to where it was
decided, so the pages show them as recognised instead of asking to score them again."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from trajectwijzer.accounts import policy

from . import queries, rules
from .models import Request


@dataclass(frozen=True)
class Recognised:
    competence_id: int
    recognised_on: object  # date
    url: str  # the request page with the decision or certificate ("" when none)


def recognised_for(learner, viewer) -> dict[int, Recognised]:
    """Competence id → how it was recognised (``queries.recognised_competences``), for
    what ``viewer`` may know: the learner everything, others only what comes from a
    request they may see (``rules.VIEW_REQUEST``: its decisions). Two queries, plus the
    policy once per request."""
    rows = queries.recognised_competences(learner)
    request_ids = {
        row.certificate.request_id if row.certificate_id is not None else row.decision.request_id
        for row in rows.values()
    } - {None}
    requests = {
        r.pk: r
        for r in Request.objects.filter(pk__in=request_ids).select_related("learner", "provider")
    }
    visible = {
        pk: viewer.pk == learner.pk or policy.can(viewer, rules.VIEW_REQUEST, request)
        for pk, request in requests.items()
    }
    found = {}
    for competence_id, row in rows.items():
        request_id = (
            row.certificate.request_id
            if row.certificate_id is not None
            else row.decision.request_id
        )
        request = requests.get(request_id)
        if request is None:
            if viewer.pk != learner.pk:
                continue  # e.g. granted by a matrix rule: only the learner sees it here
            url = reverse("recognition:index")
        elif not visible[request.pk]:
            continue
        else:
            url = reverse("recognition:request", kwargs={"public_id": request.public_id})
        found[competence_id] = Recognised(competence_id, row.recognised_on, url)
    return found
