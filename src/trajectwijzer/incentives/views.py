"""The adaptive incentives wizard, its PDF report and sending that report by e-mail.

One question per screen, the one ``services.evaluate`` proposes as ``next_question``;
every answer is validated by the contract and kept with ``queries.remember_situation``
(session, and the profile when logged in). Plain forms with POST-redirect-GET, so the
wizard works without JavaScript.

The session also holds, for this wizard only: the fields answered "I don't know" (not
asked again until the person changes them), the history of answers for "back", whether
the person asked as an employer, and when report e-mails were sent (throttling).
"""

from __future__ import annotations

import copy
import time
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trajectwijzer.accounts.services import client_ip

from . import report_mail, reports, services
from .contract import FIELDS, FIELDS_BY_PATH, SituationInvalid, validate_situation
from .forms import ANSWER, AnswerForm, ReportEmailForm
from .queries import remember_situation, situation_for
from .texts import DEFAULT_LANGUAGE, LANGUAGES

SKIPPED_KEY = "incentives_skipped"
HISTORY_KEY = "incentives_history"
AUDIENCE_KEY = "incentives_for"
MAILS_KEY = "incentives_mails"
MAILS_PER_HOUR = 5
EMPLOYER_FIELDS = frozenset(field.path for field in FIELDS if field.section == "employer")


def _language() -> str:
    language = (translation.get_language() or DEFAULT_LANGUAGE)[:2]
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _answers(request: HttpRequest) -> dict[str, Any]:
    """The stored answers, or none when they no longer follow the contract."""
    answers = copy.deepcopy(situation_for(request) or {})
    try:
        validate_situation(answers)
    except SituationInvalid:
        return {}
    return answers


def _skipped(request: HttpRequest) -> list[str]:
    return [path for path in request.session.get(SKIPPED_KEY, []) if path in FIELDS_BY_PATH]


def _value(answers: dict[str, Any], path: str) -> Any:
    section, name = path.split(".")
    return (answers.get(section) or {}).get(name)


def _set(answers: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of the answers with this field answered (or, with ``None``, unanswered)."""
    section, name = path.split(".")
    answers = copy.deepcopy(answers)
    group = dict(answers.get(section) or {})
    if value is None:
        group.pop(name, None)
    else:
        group[name] = value
    if group:
        answers[section] = group
    else:
        answers.pop(section, None)
    return answers


def _is_employer(request: HttpRequest) -> bool:
    return request.session.get(AUDIENCE_KEY) == "employer"


def _evaluate(request: HttpRequest, answers: dict[str, Any], skipped: list[str]) -> dict:
    """The evaluation; an employer is asked the employer's questions first."""
    language = _language()
    if _is_employer(request):
        employer_first = services.evaluate(
            answers, language, skip=set(skipped) | (set(FIELDS_BY_PATH) - EMPLOYER_FIELDS)
        )
        if employer_first["next_question"] is not None:
            return employer_first
    return services.evaluate(answers, language, skip=skipped)


def _store(request: HttpRequest, answers: dict[str, Any], skipped: list[str], path: str) -> None:
    """Keep the new answers, and how the field was before so "back" can restore it."""
    previous = situation_for(request) or {}
    history = request.session.get(HISTORY_KEY, [])
    history.append(
        {
            "field": path,
            "value": _value(previous, path),
            "skipped": path in request.session.get(SKIPPED_KEY, []),
        }
    )
    request.session[HISTORY_KEY] = history[-100:]
    request.session[SKIPPED_KEY] = skipped
    remember_situation(request, answers)


def _wizard_url(change: str | None = None) -> str:
    url = reverse("incentives:wizard")
    return f"{url}?change={change}#question" if change else url


def _page(
    request: HttpRequest,
    answers: dict[str, Any],
    skipped: list[str],
    path: str | None = None,
    form: AnswerForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    evaluation = _evaluate(request, answers, skipped)
    report = reports.situation_report(answers, skipped, language, evaluation)
    changing = path is not None
    if path is None and evaluation["next_question"]:
        path = evaluation["next_question"]["field"]
    if path is not None and form is None:
        initial = _value(answers, path)
        if isinstance(initial, bool):
            initial = "true" if initial else "false"
        form = AnswerForm(path, language, initial={ANSWER: initial} if initial is not None else {})
    user = request.user
    email_form = ReportEmailForm(
        initial={"email": user.email if getattr(user, "is_authenticated", False) else ""}
    )
    context = {
        "report": report,
        "form": form,
        "field": path,
        "changing": changing,
        "contract_errors": errors or [],
        "employer": _is_employer(request),
        "email_form": email_form,
        "can_go_back": bool(request.session.get(HISTORY_KEY)),
        "has_answers": bool(report["answers"]),
    }
    return render(request, "incentives/wizard.html", context, status=status)


@never_cache
def wizard(request: HttpRequest) -> HttpResponse:
    """GET: the next question (or the one to change) and the results; POST: one answer."""
    audience = request.GET.get("for")
    if audience in ("employer", "worker"):
        request.session[AUDIENCE_KEY] = audience
    answers, skipped = _answers(request), _skipped(request)
    if request.method != "POST":
        change = request.GET.get("change")
        return _page(request, answers, skipped, change if change in FIELDS_BY_PATH else None)

    path = request.POST.get("field", "")
    if path not in FIELDS_BY_PATH:
        return HttpResponseBadRequest(_("This question does not exist."))
    if "dont_know" in request.POST:
        _store(request, _set(answers, path, None), sorted({*skipped, path}), path)
        return redirect(_wizard_url())

    form = AnswerForm(path, _language(), request.POST)
    if not form.is_valid():
        return _page(request, answers, skipped, path, form)
    candidate = _set(answers, path, form.value)
    try:
        validate_situation(candidate, _language())
    except SituationInvalid as invalid:
        # Nothing is kept: the previous answers stay as they were.
        for error in invalid.errors:
            form.add_error(ANSWER, error["message"])
        return _page(request, answers, skipped, path, form)
    _store(request, candidate, [p for p in skipped if p != path], path)
    return redirect(_wizard_url())


@require_POST
def back(request: HttpRequest) -> HttpResponse:
    """Undo the last answer: the field goes back to how it was before it."""
    history = request.session.get(HISTORY_KEY, [])
    if not history:
        messages.info(request, _("There is no answer to undo."))
        return redirect(_wizard_url())
    last = history.pop()
    path = last["field"]
    skipped = [p for p in _skipped(request) if p != path]
    if last["skipped"]:
        skipped.append(path)
    answers = _set(_answers(request), path, last["value"])
    request.session[HISTORY_KEY] = history
    request.session[SKIPPED_KEY] = skipped
    remember_situation(request, answers)
    return redirect(_wizard_url(change=path))


@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    """Forget every answer (also those saved on the profile) and start again."""
    remember_situation(request, {})
    for key in (SKIPPED_KEY, HISTORY_KEY):
        request.session.pop(key, None)
    messages.success(request, _("Your answers were cleared. You can start again."))
    return redirect(_wizard_url())


def _report_pdf(request: HttpRequest) -> bytes:
    answers, skipped = _answers(request), _skipped(request)
    return reports.render_pdf(reports.situation_report(answers, skipped, _language()))


def _filename() -> str:
    return report_mail.report_filename()


@never_cache
def report_pdf(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_report_pdf(request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename()}"'
    return response


def _recent_mails(request: HttpRequest) -> list[float]:
    hour_ago = time.time() - 3600
    return [sent for sent in request.session.get(MAILS_KEY, []) if sent > hour_ago]


@never_cache
def email_report(request: HttpRequest) -> HttpResponse:
    """A form for an address; a background task sends the report as a PDF attachment.

    Limited per session here and per recipient and client address in report_mail.
    """
    user = request.user
    if request.method != "POST":
        initial = {"email": user.email if getattr(user, "is_authenticated", False) else ""}
        return render(request, "incentives/email.html", {"form": ReportEmailForm(initial=initial)})
    form = ReportEmailForm(request.POST)
    if not form.is_valid():
        return render(request, "incentives/email.html", {"form": form}, status=400)
    sent = _recent_mails(request)
    if len(sent) >= MAILS_PER_HOUR:
        form.add_error(
            None,
            _("You have sent %(count)s reports in the last hour. Please try again later.")
            % {"count": MAILS_PER_HOUR},
        )
        return render(request, "incentives/email.html", {"form": form}, status=429)
    address = form.cleaned_data["email"]
    try:
        report_mail.send_report(
            address,
            client_ip(request),
            answers=_answers(request),
            skipped=_skipped(request),
            language=_language(),
            wizard_url=request.build_absolute_uri(reverse("incentives:wizard")),
        )
    except report_mail.ReportMailRefused as refused:
        form.add_error(None, str(refused))
        return render(request, "incentives/email.html", {"form": form}, status=429)
    request.session[MAILS_KEY] = [*sent, time.time()]
    messages.success(request, _("The report is on its way to %(email)s.") % {"email": address})
    return redirect(_wizard_url())
