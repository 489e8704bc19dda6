"""Study-plan pages: the learner's "my plan" (with what-if, propose and adjust) and the
same page for the learner's coach. Thin: reads in queries.py, changes in services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner

from . import planning, queries, rules, services


@login_required
def my_plans(request: HttpRequest) -> HttpResponse:
    """The signed-in learner's enrolments, each with a link to its plan."""
    enrolments = queries.own_enrolments(request.user)
    if len(enrolments) == 1:
        return redirect("trajectories:plan", enrolments[0].pk)
    return render(request, "trajectories/my_plans.html", {"enrolments": enrolments})


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        for problem in problems:
            messages.error(request, f"{field}: {problem}")


def _placement_rows(document: dict | None, modules, term_keys: list[str]) -> list[dict]:
    placed = {}
    if document:
        placed = {m["code"]: t["key"] for t in document["terms"] for m in t["modules"]}
    exempted = set(document["exempted"]) if document else set()
    return [
        {"code": m.code, "title": m.title, "term": placed.get(m.code, ""), "terms": term_keys}
        for m in modules
        if m.code not in exempted
    ]


@login_required
def plan(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The plan of one enrolment: terms, completion date, model path, warnings, what-if."""
    view = queries.plan_of(request.user, enrolment_id, read=rules.VIEW_STUDY_PLAN)
    enrolment = view.enrolment
    may_change = policy.can(request.user, rules.CHANGE_STUDY_PLAN, enrolment)
    document = services.plan_document(view.version) if view.version else None
    calendar = services.calendar_of(enrolment.programme.provider)
    term_keys = [t.key for t in calendar]
    current_hours = document["hours_per_week"] if document else services.DEFAULT_HOURS_PER_WEEK
    current_start = (
        document["start"] if document else services.default_start(calendar, enrolment.started_on)
    )
    what_if = None
    what_if_error = ""
    hours = request.GET.get("hours_per_week")
    if hours is not None:
        try:
            what_if = services.what_if(
                request.user,
                enrolment,
                hours_per_week=hours,
                start=request.GET.get("start") or current_start,
                unavailable_terms=request.GET.getlist("unavailable_terms"),
            )
        except ValidationError as error:
            what_if_error = "; ".join(m for ms in error.message_dict.values() for m in ms)
    elif not document and calendar:
        try:
            what_if = services.what_if(
                request.user, enrolment, hours_per_week=current_hours, start=current_start
            )
        except ValidationError as error:
            what_if_error = "; ".join(m for ms in error.message_dict.values() for m in ms)
    modules = services.programme_modules(enrolment.programme)
    return render(
        request,
        "trajectories/plan.html",
        {
            "enrolment": enrolment,
            "learner": enrolment.learner,
            "is_own": request.user.pk == enrolment.learner_id,
            "document": document,
            "warnings": [services.warning_text(w) for w in document["warnings"]]
            if document
            else [],
            "versions": queries.versions_of(view.plan) if view.plan else [],
            "may_change": may_change,
            "may_view_persona": policy.can(request.user, rules.VIEW_PERSONA, enrolment),
            "term_keys": term_keys,
            "hours": hours or current_hours,
            "start": request.GET.get("start") or current_start,
            "what_if": what_if,
            "what_if_warnings": [services.warning_text(w) for w in what_if["warnings"]]
            if what_if
            else [],
            "what_if_error": what_if_error,
            "placements": _placement_rows(document, modules, term_keys),
            "term_numbers": sorted({t.number for t in calendar}),
            "unavailable": [str(n) for n in (document or {}).get("unavailable_terms", [])]
            if hours is None
            else request.GET.getlist("unavailable_terms"),
            "min_hours": planning.MIN_HOURS_PER_WEEK,
            "max_hours": planning.MAX_HOURS_PER_WEEK,
            "may_download_calendar": policy.can(
                request.user, rules.DOWNLOAD_CALENDAR, enrolment.learner
            ),
            "calendar_feed": queries.own_calendar_feed(request.user)
            if request.user.pk == enrolment.learner_id
            else None,
        },
    )


@login_required
@require_POST
def change_plan(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """Propose a new plan or save an adjusted version (learner and coach)."""
    view = queries.plan_of(request.user, enrolment_id, log=False)
    enrolment = view.enrolment
    if not policy.can(request.user, rules.CHANGE_STUDY_PLAN, enrolment):
        raise PermissionDenied
    op = request.POST.get("op")
    try:
        if op == "propose" or view.plan is None:
            services.propose_plan(
                request.user,
                enrolment,
                hours_per_week=request.POST.get("hours_per_week"),
                start=request.POST.get("start") or None,
                unavailable_terms=request.POST.getlist("unavailable_terms"),
            )
        else:
            placements = {
                key.removeprefix("placement-"): value
                for key, value in request.POST.items()
                if key.startswith("placement-") and value
            }
            services.adjust_plan(
                request.user,
                view.plan,
                version=request.POST.get("version"),
                placements=placements,
                hours_per_week=request.POST.get("hours_per_week"),
            )
    except services.PlanConflict:
        messages.error(
            request,
            _(
                "Your change was not saved: someone else changed this plan meanwhile. "
                "Below is the plan as it is now; make your change again."
            ),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Plan saved."))
    return redirect("trajectories:plan", enrolment.pk)


def _answers_of(decision) -> dict:
    """The current answers, to prefill the correction form."""
    if decision is None:
        return {}
    return {
        "work_related": "yes" if decision.work_related else "no",
        "own_organisation": "yes" if decision.own_organisation else "no",
    }


@login_required
def persona(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The enrolment's persona and why; the intake form (coach, provider staff) and the
    correction form (coach, with a reason)."""
    from .persona import QUICKSHEET, Persona

    is_post = request.method == "POST"
    view = queries.persona_of(request.user, enrolment_id, read=rules.VIEW_PERSONA, log=not is_post)
    enrolment = view.enrolment
    action = rules.CORRECT_PERSONA if view.current else rules.SET_PERSONA
    may_decide = policy.can(request.user, action, enrolment)
    form_errors: dict = {}
    if is_post:
        if not may_decide:
            raise PermissionDenied
        try:
            services.decide_persona(
                request.user,
                enrolment,
                work_related=request.POST.get("work_related"),
                own_organisation=request.POST.get("own_organisation"),
                reason=request.POST.get("reason", ""),
                persona=request.POST.get("persona") or None,
            )
        except ValidationError as error:
            form_errors = error.message_dict
        else:
            messages.success(request, _("Persona saved."))
            return redirect("trajectories:persona", enrolment.pk)
    history = [
        {**queries.persona_document(d), "when": d.decided_at} for d in reversed(view.decisions)
    ]
    return render(
        request,
        "trajectories/persona.html",
        {
            "enrolment": enrolment,
            "learner": enrolment.learner,
            "is_own": request.user.pk == enrolment.learner_id,
            "current": history[0] if history else None,
            "history": history,
            "may_decide": may_decide,
            "correcting": view.current is not None,
            "personas": Persona.choices,
            "quicksheet": [
                {
                    "work_related": key[0],
                    "own_organisation": key[1],
                    "persona": cell.persona,
                    "label": Persona(cell.persona).label,
                    "explanation": cell.explanation,
                }
                for key, cell in QUICKSHEET.items()
            ],
            "form_errors": form_errors,
            "posted": request.POST if is_post else _answers_of(view.current),
        },
        status=400 if form_errors else 200,
    )


# Calendar ---------------------------------------------------------------------------


def _calendar_response(body: bytes, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    if attachment:
        response["Content-Disposition"] = 'attachment; filename="trajectwijzer.ics"'
    return response


@login_required
def calendar_download(request: HttpRequest, learner_id: int) -> HttpResponse:
    """A one-off .ics of the learner's calendar: the learner, or their coach (logged)."""
    learner = access_learner(request.user, learner_id, rules.DOWNLOAD_CALENDAR)
    return _calendar_response(services.calendar_of_learner(learner), attachment=True)


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The learner's feed by its secret token (no session: calendar apps poll it).

    An unknown, replaced or another's token answers 404 like any missing page.
    """
    learner = services.learner_of_feed(token)
    if learner is None:
        raise Http404
    return _calendar_response(services.calendar_of_learner(learner), attachment=False)


@login_required
@require_POST
def calendar_new_link(request: HttpRequest) -> HttpResponse:
    """Make a new secret feed link (the old one stops) and show it, once."""
    token = services.new_calendar_link(request.user)
    url = request.build_absolute_uri(reverse("trajectories:calendar_feed", args=[token]))
    response = render(request, "trajectories/calendar_link.html", {"feed_url": url})
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response
