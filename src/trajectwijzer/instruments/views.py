"""Pages: choose an instrument, answer it section by section, read the report,
see a learner's results (coach), and group results with CSV and PDF exports."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trajectwijzer import spreadsheets
from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner_record
from trajectwijzer.accounts.models import Organisation
from trajectwijzer.caseload.models import Signal
from trajectwijzer.caseload.services import signal_text

from . import queries, reports, rules, services
from .definition import shipped_definitions
from .models import Response, ResponseStatus


def _own_response(request: HttpRequest, pk: int) -> Response:
    response = get_object_or_404(Response.objects.select_related("version"), pk=pk)
    if response.respondent_id != request.user.pk:
        raise Http404
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    answerable = queries.answerable(request.user)
    responses = list(queries.responses_of(request.user))
    by_instrument = {}
    for response in responses:
        by_instrument.setdefault(response.version.instrument, []).append(response)
    rows = []
    for definition in answerable:
        mine = by_instrument.get(definition.id, [])
        rows.append(
            {
                "definition": definition,
                "in_progress": next((r for r in mine if not r.is_submitted), None),
                "submitted": [r for r in mine if r.is_submitted],
            }
        )
    group_links = (
        [
            {"definition": d, "groups": queries.visible_result_groups(request.user, d.id)}
            for d in shipped_definitions().values()
        ]
        if policy.can(request.user, rules.LIST_GROUP_RESULTS)
        else []
    )
    group_links = [g for g in group_links if g["groups"]]
    return render(
        request,
        "instruments/index.html",
        {
            "rows": rows,
            "group_links": group_links,
            "learners": queries.learners_with_results(request.user),
            "workshops": queries.workshop_requests_for(request.user)[:50],
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, instrument: str) -> HttpResponse:
    if instrument not in shipped_definitions():
        raise Http404
    response = services.start_response(request.user, instrument)  # PermissionDenied → 403
    return redirect("instruments:answer", pk=response.pk, section=response.section + 1)


def _page_context(definition, response, index, errors=None, values=None):
    section = definition.sections[index]
    answers = dict(response.answers)
    if values:
        answers.update(values)
    items = []
    for item_id in section.items:
        if not definition.visible(item_id, answers):
            continue
        item = definition.items[item_id]
        value = answers.get(item_id)
        items.append(
            {
                "item": item,
                "text": item.text.get(),
                "help": item.help.get() if item.help else "",
                "options": [
                    {
                        "value": str(o.value),
                        "label": o.label.get(),
                        "checked": (str(o.value) in [str(v) for v in value])
                        if isinstance(value, list)
                        else str(o.value) == str(value),
                    }
                    for o in item.options
                ],
                "value": "" if value is None else value,
                "error": (errors or {}).get(item_id, ""),
                "wide": item.type == "likert" and len(item.options) > 5,
            }
        )
    total = len(definition.sections)
    return {
        "definition": definition,
        "title": definition.title.get(),
        "response": response,
        "section": section,
        "section_title": section.title.get(),
        "section_intro": section.intro.get() if section.intro else "",
        "items": items,
        "number": index + 1,
        "total": total,
        "percent": round(100 * index / total),
        "is_last": index == total - 1,
        "errors": errors or {},
        "minutes_left": max(1, round(definition.minutes * (total - index) / total)),
    }


def _form_answers(request: HttpRequest, definition, section) -> dict:
    values = {}
    for item_id in section.items:
        item = definition.items[item_id]
        if item.type == "multiple":
            chosen = request.POST.getlist(item_id)
            if chosen or f"{item_id}__present" in request.POST:
                values[item_id] = chosen
        elif item_id in request.POST:
            values[item_id] = request.POST.get(item_id, "")
        elif item.type in ("likert", "single"):
            values[item_id] = None
    return values


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    response = _own_response(request, pk)
    if response.is_submitted:
        return redirect("instruments:result", pk=response.pk)
    definition = services.definition_of(response.version)
    index = section - 1
    if not 0 <= index < len(definition.sections):
        raise Http404
    if request.method == "GET":
        errors = None
        if request.GET.get("incomplete"):  # sent back here by a refused submission
            from . import scoring

            missing = scoring.missing_required(
                definition, response.answers, definition.sections[index].id
            )
            errors = {item_id: _("Answer this question.") for item_id in missing}
        return render(
            request, "instruments/answer.html", _page_context(definition, response, index, errors)
        )
    values = _form_answers(request, definition, definition.sections[index])
    visible_values = {
        k: v for k, v in values.items() if definition.visible(k, {**response.answers, **values})
    }
    action = request.POST.get("__action", "next")  # item ids start with a letter
    going_back = action == "previous"
    stopping = action == "stop"
    try:
        response = services.save_answers(
            response,
            request.user,
            visible_values,
            section=index,
            require_complete=not (going_back or stopping),
        )
    except services.ResponseError as error:
        messages = {k: _item_message(definition, k, v) for k, v in error.errors.items()}
        context = _page_context(definition, response, index, messages, visible_values)
        return render(request, "instruments/answer.html", context, status=400)
    if going_back:
        response.section = max(0, index - 1)
        response.save(update_fields=["section"])
        return redirect("instruments:answer", pk=response.pk, section=max(1, index))
    if stopping:
        response.section = index
        response.save(update_fields=["section"])
        return redirect("instruments:index")
    if index + 1 < len(definition.sections):
        return redirect("instruments:answer", pk=response.pk, section=index + 2)
    try:
        services.submit(response, request.user)
    except services.Incomplete as incomplete:
        first = definition.items[incomplete.missing[0]]
        number = next(i for i, s in enumerate(definition.sections) if s.id == first.section)
        url = reverse("instruments:answer", args=[response.pk, number + 1])
        return redirect(f"{url}?incomplete=1")
    return redirect("instruments:result", pk=response.pk)


def _item_message(definition, item_id: str, message: str) -> str:
    item = definition.items.get(item_id)
    name = item.text.get() if item else item_id
    if message == services.answer_required():
        return _("Answer this question.")
    return _("“%(question)s”: %(problem)s") % {"question": name, "problem": message}


def _viewable_response(request: HttpRequest, pk: int, *, read: str) -> Response:
    """The submitted response if the viewer may read it (else 404); the read is logged
    when it is about a learner (accounts.access)."""
    response = (
        Response.objects.select_related("version", "subject", "organisation")
        .filter(pk=pk, status=ResponseStatus.SUBMITTED)  # an unfinished one has no result
        .first()
    )
    return access_learner_record(
        request.user,
        response,
        rules.VIEW_INSTRUMENT_RESPONSE,
        learner=response and response.subject_id,
        read=read,
    )


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    response = _viewable_response(request, pk, read="instruments.view_result")
    report = queries.report(response)
    context = {"report": report}
    context["can_request_workshop"] = policy.can(request.user, rules.REQUEST_WORKSHOP, response)
    context["workshop_topic"] = next(
        (f["topic"] for f in report["feedback"] if f["action"] == "request_workshop"), ""
    )
    context["workshops"] = (
        response.workshops.all() if response.respondent_id == request.user.pk else []
    )
    return render(request, "instruments/result.html", context)


@login_required
def result_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    response = _viewable_response(request, pk, read="instruments.result_pdf")
    pdf = reports.render_pdf("instruments/report_pdf.html", {"report": queries.report(response)})
    reply = HttpResponse(pdf, content_type="application/pdf")
    reply["Content-Disposition"] = (
        f'attachment; filename="{response.version.instrument}-{response.pk}.pdf"'
    )
    return reply


@login_required
@require_POST
def request_workshop(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(Response.objects.select_related("version"), pk=pk)
    if not policy.can(request.user, rules.REQUEST_WORKSHOP, response):
        raise Http404
    try:
        services.request_workshop(
            response, request.user, request.POST.get("topic", ""), request.POST.get("message", "")
        )
    except services.ResponseError:
        context = {
            "report": queries.report(response),
            "can_request_workshop": True,
            "workshop_error": _("Name the topic of the workshop (at most 200 characters)."),
            "workshops": response.workshops.all(),
        }
        return render(request, "instruments/result.html", context, status=400)
    return redirect("instruments:result", pk=response.pk)


@login_required
def learner(request: HttpRequest, learner_pk: int) -> HttpResponse:
    """A learner's instrument results and the signals they raised (for their coach)."""
    person, responses = queries.results_about(
        request.user, learner_pk, read="instruments.view_learner_results"
    )
    results = [queries.report(r) for r in responses]
    signals = Signal.objects.filter(learner=person, code__startswith="instruments.").order_by(
        "-raised_at"
    )
    return render(
        request,
        "instruments/learner.html",
        {
            "person": person,
            "results": results,
            "signals": [{"signal": s, "text": signal_text(s)} for s in signals],
        },
    )


def _result_group(request: HttpRequest, instrument: str, kind: str, pk: int) -> queries.ResultGroup:
    from trajectwijzer.trajectories.models import Group

    version = services.current_version(instrument)
    if version is None:
        raise Http404
    moment = request.GET.get("moment", "")[:40]
    if kind == "group":
        group = get_object_or_404(Group.objects.select_related("programme__provider"), pk=pk)
        rg = queries.result_group(version, group=group, moment=moment)
    elif kind == "organisation":
        rg = queries.result_group(
            version, organisation=get_object_or_404(Organisation, pk=pk), moment=moment
        )
    else:
        raise Http404
    if not policy.can(request.user, rules.VIEW_INSTRUMENT_GROUP_RESULTS, rg):
        raise Http404
    return rg


def _comparisons(request: HttpRequest, rg: queries.ResultGroup) -> list[queries.ResultGroup]:
    """Other groups (e.g. other cohorts) or moments the person chose to compare with."""
    compare = []
    for value in request.GET.getlist("compare")[:5]:
        kind, _sep, ident = value.partition(":")
        if kind == "moment" and ident:
            other = queries.result_group(
                rg.version, group=rg.group, organisation=rg.organisation, moment=ident[:40]
            )
        elif kind == "group" and ident.isascii() and ident.isdigit():
            other = next(
                (
                    g
                    for g in queries.visible_result_groups(request.user, rg.version.instrument)
                    if g.group and g.group.pk == int(ident)
                ),
                None,
            )
        else:
            continue
        if other is not None and policy.can(
            request.user, rules.VIEW_INSTRUMENT_GROUP_RESULTS, other
        ):
            compare.append(other)
    return compare


@login_required
def group_results(request: HttpRequest, instrument: str, kind: str, pk: int) -> HttpResponse:
    rg = _result_group(request, instrument, kind, pk)
    compare = _comparisons(request, rg)
    results = queries.group_results(rg, compare)
    others = [
        g for g in queries.visible_result_groups(request.user, instrument) if g.label != rg.label
    ]
    return render(
        request,
        "instruments/group.html",
        {
            "results": results,
            "others": others,
            "moments": queries.moments_of(rg),
            "kind": kind,
            "pk": pk,
            "instrument": instrument,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def group_results_csv(request: HttpRequest, instrument: str, kind: str, pk: int) -> HttpResponse:
    rg = _result_group(request, instrument, kind, pk)
    results = queries.group_results(rg, _comparisons(request, rg))
    reply = HttpResponse(content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{instrument}-{kind}-{pk}.csv"'
    writer = spreadsheets.writer(reply)
    writer.writerow(
        ["group", "instrument", "version", "dimension", "n", "mean", "sd", "min", "median", "max"]
    )
    for serie in results["series"]:
        for d in serie["dimensions"]:
            writer.writerow(
                [
                    serie["label"],
                    instrument,
                    rg.version.version,
                    d["id"],
                    d["n"],
                    _round(d["mean"]),
                    _round(d["sd"]),
                    _round(d["min"]),
                    _round(d["median"]),
                    _round(d["max"]),
                ]
            )
    return reply


def _round(value):
    # A Decimal, not text: the shared CSV writer leaves numbers (a negative mean too) as
    # numbers and escapes only text (see trajectwijzer/spreadsheets.py).
    return "" if value is None else Decimal(f"{value:.4f}")


@login_required
def group_results_pdf(request: HttpRequest, instrument: str, kind: str, pk: int) -> HttpResponse:
    rg = _result_group(request, instrument, kind, pk)
    results = queries.group_results(rg, _comparisons(request, rg))
    pdf = reports.render_pdf("instruments/group_pdf.html", {"results": results})
    reply = HttpResponse(pdf, content_type="application/pdf")
    reply["Content-Disposition"] = f'attachment; filename="{instrument}-{kind}-{pk}.pdf"'
    return reply
