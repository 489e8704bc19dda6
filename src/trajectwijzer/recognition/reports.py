"""The decision letter and the competentiebewijs as PDFs (WeasyPrint, no network),
each in the learner's language (their profile's preferred language), whoever prints it."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .procedures import procedure_for


def _no_network(url: str, *args: Any, **kwargs: Any):
    raise ValueError(f"recognition documents load no external resources ({url})")


def _render(template: str, context: dict[str, Any], language: str) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes a while

    with translation.override(language or "nl"):
        html = render_to_string(template, {**context, "printed_on": timezone.localdate()})
        return HTML(string=html, base_url=None, url_fetcher=_no_network).write_pdf()


def _language(learner) -> str:
    return (getattr(learner, "preferred_language", "") or "nl")[:2]


def decision_letter_pdf(request, decisions) -> bytes:
    """The letter of a request's communicated decisions (superseded ones named as such)."""
    language = _language(request.learner)
    procedure = procedure_for(request.procedure_version)
    with translation.override(language):
        for decision in decisions:
            decision.decided_as_label = _role_label(decision.decided_as)
    return _render(
        "recognition/decision_letter_pdf.html",
        {
            "req": request,
            "procedure_title": procedure.title.get(language),
            "procedure": procedure,
            "decisions": decisions,
            "in_force": [d for d in decisions if not _is_superseded(d, decisions)],
            "language": language,
        },
        language,
    )


def _role_label(value: str) -> str:
    """The deciding role in words (an assessor role, or an accounts role)."""
    from trajectwijzer.accounts.models import Role

    from .models import AssessorRole

    for choices in (AssessorRole, Role):
        if value in choices.values:
            return str(choices(value).label)
    return value


def _is_superseded(decision, decisions) -> bool:
    return any(other.supersedes_id == decision.pk for other in decisions)


def certificate_pdf(certificate) -> bytes:
    """The competentiebewijs: the competences recognised, with their indicators."""
    language = _language(certificate.learner)
    procedure = procedure_for(certificate.request.procedure_version)
    competences = list(
        certificate.competences.select_related("framework").order_by("position", "code")
    )
    return _render(
        "recognition/certificate_pdf.html",
        {
            "certificate": certificate,
            "procedure_title": procedure.title.get(language),
            "competences": competences,
            "language": language,
        },
        language,
    )
