"""A development plan as a PDF (WeasyPrint), without any network access."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from . import queries
from .models import DevelopmentPlan


def _no_network(url: str, *args: Any, **kwargs: Any):
    raise ValueError(f"the development plan loads no external resources ({url})")


def plan_document(plan: DevelopmentPlan):
    from weasyprint import HTML  # imported here: loading it takes a while

    view = queries.row_views(plan.row.matrix, [plan.row])[0]
    current = {cell.competence.pk: cell for cell in view.cells}
    scale = queries.scale_of(plan.row.matrix.framework_id)
    html = render_to_string(
        "development/plan_pdf.html",
        {
            "plan": plan,
            "goals": [
                {"goal": goal, "cell": current.get(goal.competence_id)} for goal in plan.goals.all()
            ],
            "scale": scale,
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=None, url_fetcher=_no_network).render()


def render_plan_pdf(plan: DevelopmentPlan) -> bytes:
    return plan_document(plan).write_pdf()
