"""What the wizard and its report show about one situation, and the report as a PDF.

``situation_report`` turns the answers and ``services.evaluate``'s output contract into
what people read: incentive titles, the answers in words, conditions grouped by
outcome. The wizard page, the PDF and the e-mail all show that same report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote, urlsplit

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .contract import FIELDS, FIELDS_BY_PATH
from .labels import entitlement_label, incentive_name
from .texts import load

ELIGIBLE_LABELS = {
    "yes": _("You qualify"),
    "no": _("You do not qualify"),
    "unknown": _("Not decided yet"),
}

CONDITION_LABELS = {True: _("Met"), False: _("Not met"), None: _("Unknown")}


def _format_number(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _entitlement_value(value: Any, unit: str) -> str:
    if value is None:
        return str(_("not known yet"))
    if unit == "EUR":
        return f"€ {_format_number(value)}"
    if unit == "/1":
        return f"{_format_number(round(value * 100, 2))} %"
    if unit == "hour":
        return str(_("%(count)s hours") % {"count": _format_number(value)})
    if unit == "month":
        return str(_("%(count)s months") % {"count": _format_number(value)})
    if unit == "day":
        days = ngettext("%(count)s day", "%(count)s days", 1 if value == 1 else 2)
        return str(days % {"count": _format_number(value)})
    return f"{_format_number(value)} {unit}"


def answer_label(path: str, value: Any, language: str) -> str:
    """An answer as the person chose it: the option's label, yes/no, or the number."""
    field = FIELDS_BY_PATH[path]
    options = load("texts")["questions"][path].get("options", {})
    if field.kind == "choice":
        return options[value][language]
    if field.kind == "regions":
        if not value:
            return str(_("None of these"))
        return ", ".join(options[region][language] for region in value)
    if field.kind == "bool":
        for option in load("texts")["yes_no_options"]:
            if option["value"] is value:
                return option["label"][language]
    if isinstance(value, float):
        return _format_number(value)
    return str(value)


def question_text(path: str, language: str) -> str:
    return load("texts")["questions"][path]["question"][language]


def answer_rows(answers: dict[str, Any], skipped: list[str], language: str) -> list[dict]:
    """Every answer given (and every "I don't know"), in the order of the contract."""
    rows = []
    for field in FIELDS:
        value = (answers.get(field.section) or {}).get(field.name)
        if value is not None:
            label = answer_label(field.path, value, language)
        elif field.path in skipped:
            label = str(_("I don't know"))
        else:
            continue
        rows.append(
            {"field": field.path, "question": question_text(field.path, language), "answer": label}
        )
    return rows


def link_name(url: str) -> str:
    """A readable name for an official link: the page (from its last path segment) and
    the host, e.g. "Vlaams opleidingsverlof (vlaanderen.be)". Never the raw URL, which
    would not wrap on a phone."""
    parts = urlsplit(url)
    host = parts.hostname or url
    host = host.removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        return host
    page = unquote(segments[-1]).rsplit(".", 1)[0] if "." in segments[-1] else segments[-1]
    page = unquote(page).replace("-", " ").replace("_", " ").strip()
    words = page.split(" ")
    if len(words) > 1 and words[0].isdigit():
        page = " ".join(words[1:])
    if not page or page.isdigit():
        return host
    if len(page) > 60:
        page = page[:57].rsplit(" ", 1)[0] + " …"
    return f"{page[:1].upper()}{page[1:]} ({host})"


# The three states of the summary: the word, the icon (text, not colour alone) and the
# CSS class that colours it.
STATES = {
    "yes": {"title": _("What you can get"), "icon": "✓"},
    "unknown": {"title": _("What might apply"), "icon": "?"},
    "no": {"title": _("What does not apply"), "icon": "✗"},
}


def summary(results: list[dict[str, Any]], next_question: dict | None) -> list[dict]:
    """The report's first block: the incentives grouped by state, with the amount or
    hours for those that apply and, for those undecided, the one question (the
    contract's ``next_question``) that would settle most of them."""
    groups = []
    for state, texts in STATES.items():
        items = [
            {
                "id": result["id"],
                "title": result["title"],
                "amounts": result["amounts"] if state != "no" else [],
            }
            for result in results
            if result["eligible"] == state
        ]
        groups.append(
            {
                "state": state,
                "title": str(texts["title"]),
                "icon": texts["icon"],
                "items": items,
                "question": next_question["question"]
                if state == "unknown" and items and next_question
                else None,
            }
        )
    return groups


def _result(result: dict[str, Any]) -> dict[str, Any]:
    entitlement = result["entitlement"]
    amounts, note = [], None
    if entitlement:
        note = entitlement.get("note")
        amounts = [
            {
                "label": entitlement_label(key),
                "value": _entitlement_value(item["value"], item["unit"]),
            }
            for key, item in entitlement.items()
            if key != "note"
        ]
    return {
        **result,
        "title": incentive_name(result["id"]),
        "eligible_label": str(ELIGIBLE_LABELS[result["eligible"]]),
        "conditions": [
            {**condition, "label": str(CONDITION_LABELS[condition["met"]])}
            for condition in result["conditions"]
        ],
        "amounts": amounts,
        "entitlement_note": note,
        "links": [{"url": url, "name": link_name(url)} for url in result["references"]],
        "review_checked_on": dt.date.fromisoformat(result["review"]["checked_on"]),
        "review_by": dt.date.fromisoformat(result["review"]["review_by"]),
    }


def situation_report(
    answers: dict[str, Any], skipped: list[str], language: str, evaluation: dict | None = None
) -> dict[str, Any]:
    """The answers and every incentive's result, ready for a template."""
    if evaluation is None:
        evaluation = services.evaluate(answers, language, skip=skipped)
    results = [_result(result) for result in evaluation["results"]]
    return {
        "date": dt.date.fromisoformat(evaluation["date"]),
        "rules_checked_until": services.rules_checked_until(),
        "answers": answer_rows(answers, skipped, language),
        "summary": summary(results, evaluation["next_question"]),
        "results": results,
        "warnings": evaluation["warnings"],
        "next_question": evaluation["next_question"],
    }


def _no_network(url: str, *args: Any, **kwargs: Any):
    """The report loads nothing: its CSS is inline and it has no images or fonts."""
    raise ValueError(f"the incentives report loads no external resources ({url})")


def report_document(report: dict[str, Any]):
    """The report laid out in pages (a WeasyPrint document), without any network access."""
    from weasyprint import HTML  # imported here: loading it takes a while

    html = render_to_string("incentives/report_pdf.html", {"report": report})
    return HTML(string=html, base_url=None, url_fetcher=_no_network).render()


def render_pdf(report: dict[str, Any]) -> bytes:
    """The report as a PDF (WeasyPrint)."""
    return report_document(report).write_pdf()
