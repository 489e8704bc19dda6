"""Pages of recognition (EVC/EVK): thin adapters over services, queries and the policy.

A request is addressed by its ``public_id``. Everyone who may see it gets it through
``accounts.access.access_learner_record`` (404 otherwise, the same as "does not
exist"); a staff read is logged there. Evidence, mappings and judgements are a second,
narrower read (``rules.VIEW_EVIDENCE``), logged separately, so a coach without the
learner's consent sees where a request stands and its decisions but not its evidence.
Evidence files are served only through :func:`evidence_download`, never from a public
media URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import (
    LearnerNotAccessible,
    access_learner,
    access_learner_record,
    log_access,
)
from trajectwijzer.accounts.models import Role, User

from . import forms, pages, queries, reports, rules, services
from .models import (
    DONE_STEP_STATUSES,
    Decision,
    Evidence,
    EvidenceKind,
    Grounds,
    Request,
    RequestStatus,
    StepStatus,
)

# The history's events in words (``RequestEvent.action`` values the services write).
EVENT_LABELS = {
    "created": gettext_lazy("Request started"),
    "submitted": gettext_lazy("Submitted"),
    "admissible": gettext_lazy("Found admissible"),
    "not_admissible": gettext_lazy("Found not admissible"),
    "assessor_assigned": gettext_lazy("Assessor assigned"),
    "assessor_unassigned": gettext_lazy("Assessor no longer assigned"),
    "evidence_added": gettext_lazy("Evidence added"),
    "evidence_mapped": gettext_lazy("Evidence mapped to learning outcomes"),
    "mapping_judged": gettext_lazy("Evidence judged"),
    "judged": gettext_lazy("Judgements recorded"),
    "step_started": gettext_lazy("Step started"),
    "step_handed_in": gettext_lazy("Handed in by the learner"),
    "step_passed": gettext_lazy("Step passed"),
    "step_not_passed": gettext_lazy("Step not passed"),
    "step_skipped": gettext_lazy("Step not needed"),
    "assessment_finished": gettext_lazy("Assessment finished"),
    "decided": gettext_lazy("Decisions recorded"),
    "communicated": gettext_lazy("Decisions communicated"),
    "certificate_issued": gettext_lazy("Competence certificate issued"),
    "superseded": gettext_lazy("Decision corrected"),
    "appealed": gettext_lazy("Appeal lodged"),
    "closed": gettext_lazy("Closed"),
    "withdrawn": gettext_lazy("Withdrawn"),
}

# Where a step takes place (``Step.location`` values of the definitions).
LOCATION_LABELS = {
    "campus": gettext_lazy("on campus"),
    "workplace": gettext_lazy("at the workplace"),
    "online": gettext_lazy("online"),
}

# What the access log calls the two reads of a request.
READ_REQUEST = "recognition.read_request"
READ_EVIDENCE = "recognition.read_evidence"


# Looking things up through the policy ------------------------------------------------


def _request(viewer: User, public_id, action: str = rules.VIEW_REQUEST, *, log: bool = True):
    """The request ``public_id`` if ``viewer`` may do ``action`` on it (404 otherwise)."""
    return queries.request_detail(
        viewer,
        public_id,
        action=action,
        read=READ_REQUEST if action == rules.VIEW_REQUEST else None,
        log=log,
    )


def _can(user: User, action: str, obj) -> bool:
    return policy.can(user, action, obj)


def _may(user: User, action: str, obj) -> None:
    """For a write on a request the viewer may see: 403 when they may not make it."""
    if not policy.can(user, action, obj):
        raise PermissionDenied


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            for problem in problems:
                messages.error(request, problem if name == "__all__" else f"{name}: {problem}")
    else:
        for problem in error.messages:
            messages.error(request, problem)


def _detail(req: Request) -> HttpResponse:
    return redirect("recognition:request", public_id=req.public_id)


# Lists ------------------------------------------------------------------------------


def _report_form_errors(request: HttpRequest, form) -> None:
    """A refused action form, shown as messages above the request page it came from."""
    for name, problems in form.errors.items():
        for problem in problems:
            messages.error(request, f"{name}: {problem}")


REQUESTS_PER_PAGE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The viewer's requests by what they are to them: their own, to assess, their
    provider's, and those of the learners they stand beside."""
    user = request.user
    visible = queries.requests_for(user)
    assigned = queries.assigned_requests(user)
    provider = queries.provider_requests(user)
    listed = {r.pk for r in assigned} | {r.pk for r in provider}
    own = [r for r in visible if r.learner_id == user.pk]
    others = [r for r in visible if r.learner_id != user.pk and r.pk not in listed]
    # A provider's list can hold thousands of requests: show them a page at a time, and
    # log only the learners whose requests are on the page shown.
    number = request.GET.get("page")
    provider = Paginator(provider, REQUESTS_PER_PAGE).get_page(number)
    others = Paginator(others, REQUESTS_PER_PAGE).get_page(number)
    shown = [*own, *assigned, *provider.object_list, *others.object_list]
    log_access(user, sorted({r.learner_id for r in shown}), "recognition.list_requests")
    proposals = []
    if _can(user, rules.VIEW_PROPOSALS, user):
        from .proposals import proposals_for

        proposals = proposals_for(user)
    return render(
        request,
        "recognition/index.html",
        {
            "own": own,
            "assigned": assigned,
            "provider": provider.object_list,
            "others": others.object_list,
            "page": max((provider, others), key=lambda page: page.paginator.num_pages),
            "proposals": proposals,
            "is_learner": policy.has_role(user, Role.LEARNER),
        },
    )


@login_required
def learner_requests(request: HttpRequest, learner_id: int) -> HttpResponse:
    """A learner's requests for someone beside them (the coach's caseload links here):
    only those the viewer may see, status and decisions."""
    learner = access_learner(request.user, learner_id, policy.VIEW_LEARNER, log=False)
    if learner.pk == request.user.pk:
        return redirect("recognition:index")
    shown = queries.learner_requests(request.user, learner)
    log_access(request.user, [learner], READ_REQUEST)
    return render(
        request,
        "recognition/learner.html",
        {
            "learner": learner,
            "requests": shown,
            "may_start": _can(request.user, rules.START_REQUEST, learner),
        },
    )


# Starting a request -----------------------------------------------------------------


def _learner_to_start_for(request: HttpRequest) -> User:
    learner_id = request.GET.get("learner") or request.POST.get("learner")
    if not learner_id or str(learner_id) == str(request.user.pk):
        if not _can(request.user, rules.START_REQUEST, request.user):
            raise PermissionDenied
        return request.user
    try:
        pk = int(learner_id)
    except ValueError:
        raise Http404 from None
    return access_learner(request.user, pk, rules.START_REQUEST, log=False)


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Choose a procedure (for oneself, or ``?learner=`` for a linked learner)."""
    learner = _learner_to_start_for(request)
    versions = pages.current_versions()
    return render(
        request,
        "recognition/start.html",
        {
            "learner": learner,
            "for_other": learner.pk != request.user.pk,
            "procedures": [(v, queries.procedure_of(v)) for v in versions],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start_procedure(request: HttpRequest, procedure: str) -> HttpResponse:
    learner = _learner_to_start_for(request)
    version = pages.current_version(procedure)
    if version is None:
        raise Http404
    definition = queries.procedure_of(version)
    target_modules = pages.target_modules(version, definition)
    form = forms.StartRequestForm(
        request.POST or None, modules=target_modules, grounds=definition.grounds
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            req = services.start_request(
                request.user,
                learner,
                procedure=procedure,
                modules=data["modules"],
                grounds=data["grounds"],
                motivation=data["motivation"],
                submit=data["submit"],
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request was submitted.")
                if data["submit"]
                else _("Your request was saved as a draft."),
            )
            return _detail(req)
    return render(
        request,
        "recognition/start_procedure.html",
        {
            "learner": learner,
            "for_other": learner.pk != request.user.pk,
            "version": version,
            "definition": definition,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def start_from_proposal(request: HttpRequest, rule_code: str) -> HttpResponse:
    """One click: a proposal (an exemption matrix rule that matches) becomes a request
    with EVK grounds and its source attached as evidence."""
    from .proposals import request_from_proposal

    learner = _learner_to_start_for(request)
    try:
        req = request_from_proposal(request.user, learner, rule_code)
    except ValidationError as error:
        _show_errors(request, error)
        return redirect("recognition:index")
    messages.success(request, _("Your request was started from the proposal."))
    return _detail(req)


# The request page --------------------------------------------------------------------


def _steps(req: Request, procedure) -> list[dict]:
    """Every step of the procedure with where the request stands in it (a step's record
    exists once the request is admissible); ``overdue`` past its due date."""
    today = timezone.localdate()
    records = {s.step_key: s for s in req.steps.all()}
    steps = []
    for step in procedure.steps:
        record = records.get(step.key)
        overdue = bool(
            record
            and record.due_on
            and record.due_on < today
            and record.status in (StepStatus.WAITING_ON_LEARNER, StepStatus.WAITING_ON_ASSESSOR)
        )
        steps.append(
            {
                "step": step,
                "record": record,
                "overdue": overdue,
                "where": [str(LOCATION_LABELS.get(place, place)) for place in step.location],
            }
        )
    return steps


def _next(req: Request, steps: list[dict], *, is_learner: bool) -> str:
    """What happens next, in one sentence for the person reading."""
    status = req.status
    if status == RequestStatus.DRAFT:
        return _("Submit the request when it is complete.")
    if status == RequestStatus.SUBMITTED:
        return _("The provider checks whether the request is admissible.")
    if status == RequestStatus.NOT_ADMISSIBLE:
        return _("The request is not admissible.")
    if status == RequestStatus.IN_ASSESSMENT:
        for item in steps:
            record = item["record"]
            if record is None or record.status in DONE_STEP_STATUSES:
                continue
            title = str(item["step"].title)
            if record.status == StepStatus.WAITING_ON_LEARNER:
                if is_learner:
                    return _("Your turn: %(step)s.") % {"step": title}
                return _("Waiting on the learner: %(step)s.") % {"step": title}
            return _("The assessors are working on: %(step)s.") % {"step": title}
        return _("The assessors prepare the decision.")
    if status == RequestStatus.DECIDED:
        return _("The decisions are taken; read them below.")
    if status == RequestStatus.IN_APPEAL:
        return _("The appeal is being handled.")
    return _("The request is closed.")


def _judgement_rows(req: Request, procedure) -> list[tuple]:
    """(judgement, step title, the scale value's label) for the request's judgements."""
    steps = {step.key: step for step in procedure.steps}
    rows = []
    for judgement in pages.judgements(req):
        step = steps.get(judgement.step_key)
        value = step.framework.value(judgement.value) if step else None
        rows.append(
            (
                judgement,
                str(step.title) if step else judgement.step_key,
                str(value.label) if value else judgement.value,
            )
        )
    return rows


def _evidence_context(req: Request, procedure, competences, user, may_add, may_assess) -> dict:
    evidence, mappings = pages.evidence_and_mappings(req)
    by_key = {(m.evidence_id, m.competence_id, m.indicator_id): m for m in mappings}
    rows = []
    for competence in competences:
        rows.append(
            {
                "code": competence.code,
                "title": competence.display_title,
                "is_competence": True,
                "cells": [by_key.get((e.pk, competence.pk, None)) for e in evidence],
            }
        )
        for indicator in competence.indicator_list:
            rows.append(
                {
                    "code": indicator.code,
                    "title": indicator.display_title,
                    "is_competence": False,
                    "cells": [by_key.get((e.pk, competence.pk, indicator.pk)) for e in evidence],
                }
            )
    items = []
    for e in evidence:
        mapped = [m for m in mappings if m.evidence_id == e.pk]
        initial = [
            f"i{m.indicator_id}" if m.indicator_id else f"c{m.competence_id}" for m in mapped
        ]
        items.append(
            {
                "evidence": e,
                "mappings": mapped,
                "map_form": forms.MappingForm(
                    initial={"outcomes": initial}, competences=competences, prefix=f"map{e.pk}"
                )
                if may_add
                else None,
                "judge_forms": [
                    (
                        m,
                        forms.JudgeMappingForm(
                            prefix=f"judge{m.pk}", initial={"comment": m.comment}
                        ),
                    )
                    for m in mapped
                ]
                if may_assess
                else [],
            }
        )
    return {
        "evidence_items": items,
        "matrix_rows": rows,
        "evidence_columns": evidence,
        "judgements": _judgement_rows(req, procedure),
        "evidence_form": forms.EvidenceForm(initial={"dated_on": timezone.localdate()})
        if may_add
        else None,
    }


def _assessor_candidates(req: Request, admin: User) -> list[User]:
    """Active assessors of the request's provider and of the organisations whose offer
    the admin maintains (a sector's assessors for its training centre)."""
    organisations = {req.provider.organisation_id} | policy.offer_maintainer_organisations(admin)
    return pages.assessor_candidates(req, organisations)


@login_required
def request_detail(request: HttpRequest, public_id) -> HttpResponse:
    return _detail_page(request, _request(request.user, public_id))


def _detail_page(request: HttpRequest, req: Request, *, overrides=None, status=200):
    """The request page; ``overrides`` puts bound forms (with their errors) in."""
    user = request.user
    procedure = queries.procedure_of(req.procedure_version)
    is_learner = req.learner_id == user.pk
    may_evidence = _can(user, rules.VIEW_EVIDENCE, req)
    may_add = _can(user, rules.ADD_EVIDENCE, req) and req.is_open
    may_assess = _can(user, rules.ASSESS_REQUEST, req)
    may_manage = _can(user, rules.MANAGE_REQUEST, req)
    may_decide = _can(user, rules.DECIDE_REQUEST, req)
    steps = _steps(req, procedure)
    step_titles = {step.key: str(step.title) for step in procedure.steps}
    decisions = pages.decisions(req)
    if not (may_decide or may_manage):
        decisions = [d for d in decisions if d.communicated_at is not None]
    context = {
        "req": req,
        "procedure": procedure,
        "is_learner": is_learner,
        "steps": steps,
        "next": _next(req, steps, is_learner=is_learner),
        "modules": list(req.modules.order_by("code")),
        "grounds": [Grounds(g).label if g in Grounds.values else g for g in req.grounds],
        "decisions": decisions,
        "communicated": any(d.communicated_at for d in decisions),
        "uncommunicated": [d for d in decisions if d.communicated_at is None],
        "certificate": _has_certificate(req),
        "events": [
            (
                event,
                EVENT_LABELS.get(event.action, event.action),
                step_titles.get(event.step_key, event.step_key),
            )
            for event in req.events.select_related("actor")
        ],
        "assignments": list(
            req.assignments.filter(ended_at__isnull=True).select_related("assessor")
        ),
        "may_evidence": may_evidence,
        "may_add": may_add,
        "may_assess": may_assess,
        "may_manage": may_manage,
        "may_decide": may_decide,
        "may_edit": _can(user, rules.EDIT_REQUEST, req),
        "may_appeal": _can(user, rules.APPEAL_REQUEST, req)
        and procedure.appeal_allowed
        and req.status == RequestStatus.DECIDED,
        "appeal_form": forms.AppealForm(prefix="appeal"),
    }
    if may_decide:
        context["supersede_forms"] = [
            (d, forms.SupersedeForm(prefix=f"supersede{d.pk}", initial={"outcome": d.outcome}))
            for d in decisions
            if d.communicated_at is not None and not _is_superseded(d)
        ]
    if may_evidence:
        # A second read: evidence and judgements (logged apart from the status read).
        access_learner_record(
            user, req, rules.VIEW_EVIDENCE, learner=req.learner_id, read=READ_EVIDENCE
        )
        competences = pages.target_competences(procedure)
        context.update(_evidence_context(req, procedure, competences, user, may_add, may_assess))
    if may_manage:
        context["admissibility_form"] = forms.AdmissibilityForm(prefix="admissibility")
        context["assign_form"] = forms.AssignAssessorForm(
            assessors=_assessor_candidates(req, user), prefix="assign"
        )
    context.update(overrides or {})
    return render(request, "recognition/request.html", context, status=status)


def _is_superseded(decision: Decision) -> bool:
    """Whether a later decision replaces ``decision`` (the reverse one-to-one)."""
    try:
        return decision.superseded_by is not None
    except Decision.superseded_by.RelatedObjectDoesNotExist:
        return False


def _has_certificate(req: Request) -> bool:
    return pages.certificate_of(req) is not None


# Writes on a request ----------------------------------------------------------------


def _post_action(request: HttpRequest, public_id, action: str):
    """The request for a write: 404 if the viewer may not see it, 403 if they may see
    it but not do this."""
    req = _request(request.user, public_id, log=False)
    _may(request.user, action, req)
    return req


def _run(request: HttpRequest, req: Request, call, success: str) -> HttpResponse:
    try:
        call()
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, success)
    return _detail(req)


@login_required
@require_POST
def submit(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.EDIT_REQUEST)
    return _run(
        request,
        req,
        lambda: services.submit_request(request.user, req),
        _("Your request was submitted."),
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.EDIT_REQUEST)
    return _run(
        request,
        req,
        lambda: services.withdraw_request(request.user, req),
        _("The request was withdrawn."),
    )


@login_required
@require_POST
def add_evidence(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.ADD_EVIDENCE)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_evidence(
                request.user,
                req,
                kind=data["kind"],
                title=data["title"],
                dated_on=data["dated_on"],
                description=data["description"],
                upload=data["upload"] if data["kind"] == EvidenceKind.FILE else None,
                url=data["url"] if data["kind"] == EvidenceKind.LINK else "",
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request, _("Evidence added. Now map it to the learning outcomes it shows.")
            )
            return _detail(req)
    # Shown again with its errors on the request page.
    return _detail_page(request, req, overrides={"evidence_form": form}, status=400)


@login_required
@require_POST
def add_micoon_evidence(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.ADD_EVIDENCE)
    return _run(
        request,
        req,
        lambda: services.add_micoon_evidence(request.user, req),
        _("Your MICOON scores were added as evidence."),
    )


def _evidence(request: HttpRequest, pk: int, action: str, *, log: bool) -> Evidence:
    evidence = pages.evidence_with_request(pk)
    if evidence is None:
        raise LearnerNotAccessible
    access_learner_record(
        request.user,
        evidence.request,
        rules.VIEW_EVIDENCE,
        learner=evidence.request.learner_id,
        read=READ_EVIDENCE,
        log=log,
    )
    if action != rules.VIEW_EVIDENCE:
        _may(request.user, action, evidence.request)
    return evidence


@login_required
@require_POST
def map_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk, rules.ADD_EVIDENCE, log=False)
    req = evidence.request
    competences = pages.target_competences(queries.procedure_of(req.procedure_version))
    form = forms.MappingForm(request.POST, competences=competences, prefix=f"map{evidence.pk}")
    if not form.is_valid():
        for name, problems in form.errors.items():
            for problem in problems:
                messages.error(
                    request,
                    f"{form.fields[name].label if name in form.fields else name}: {problem}",
                )
        return _detail(req)
    return _run(
        request,
        req,
        lambda: services.map_evidence(request.user, evidence, outcomes=form.outcome_pairs()),
        _("The evidence is mapped to %(count)d learning outcomes.")
        % {"count": len(form.outcome_pairs())},
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, only for those who may read the request's evidence; always as
    an attachment, never cached, never sniffed as something else."""
    evidence = queries.evidence_for_download(request.user, pk)
    if not evidence.file:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or f"evidence-{evidence.pk}",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def judge_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    mapping = pages.mapping_with_request(pk)
    if mapping is None:
        raise LearnerNotAccessible
    req = _request(request.user, mapping.request.public_id, log=False)
    _may(request.user, rules.ASSESS_REQUEST, req)
    form = forms.JudgeMappingForm(request.POST, prefix=f"judge{mapping.pk}")
    if not form.is_valid():
        _report_form_errors(request, form)
        return _detail(req)
    return _run(
        request,
        req,
        lambda: services.judge_mapping(
            request.user,
            mapping,
            judgement=form.cleaned_data["judgement"],
            comment=form.cleaned_data["comment"],
        ),
        _("Judgement saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, public_id, step_key: str) -> HttpResponse:
    """Record the step's judgements per competence with its criteria and scale."""
    req = _request(request.user, public_id, log=False)
    _may(request.user, rules.ASSESS_REQUEST, req)
    procedure = queries.procedure_of(req.procedure_version)
    definition = next((s for s in procedure.steps if s.key == step_key), None)
    if definition is None:
        raise Http404
    assessed = set(definition.assesses)
    competences = [c for c in pages.target_competences(procedure) if c.code in assessed]
    form = forms.StepJudgementForm(request.POST or None, step=definition, competences=competences)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_judgements(
                request.user,
                req,
                step_key,
                judgements=form.judgements(),
                minutes_spent=form.cleaned_data["minutes_spent"],
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, _("Judgements saved."))
            return _detail(req)
    # Showing the form shows earlier judgements: a read of judgements.
    access_learner_record(
        request.user, req, rules.VIEW_EVIDENCE, learner=req.learner_id, read=READ_EVIDENCE
    )
    record = req.steps.filter(step_key=step_key).first()
    return render(
        request,
        "recognition/step.html",
        {
            "req": req,
            "procedure": procedure,
            "step": definition,
            "record": record,
            "form": form,
            "earlier": [
                row for row in _judgement_rows(req, procedure) if row[0].step_key == step_key
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def complete_step(request: HttpRequest, public_id, step_key: str) -> HttpResponse:
    """Close a step: by its judgements, or (pass rule "judged") by the assessor's verdict."""
    req = _post_action(request, public_id, rules.ASSESS_REQUEST)
    form = forms.CompleteStepForm(request.POST)
    if not form.is_valid():
        _report_form_errors(request, form)
        return _detail(req)
    return _run(
        request,
        req,
        lambda: services.complete_step(
            request.user,
            req,
            step_key,
            passed=form.cleaned_data["passed"],
            minutes_spent=form.cleaned_data["minutes_spent"] or 0,
            note=form.cleaned_data["note"],
        ),
        _("The step is completed."),
    )


@login_required
@require_POST
def hand_in_step(request: HttpRequest, public_id, step_key: str) -> HttpResponse:
    """The learner says their part of a step is done (the portfolio is complete)."""
    req = _post_action(request, public_id, rules.ADD_EVIDENCE)
    return _run(
        request,
        req,
        lambda: services.hand_in_step(request.user, req, step_key),
        _("Handed in: the assessors take it from here."),
    )


@login_required
@require_POST
def supersede(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a communicated decision with a new one that replaces it."""
    decision = pages.decision_with_request(pk)
    if decision is None or decision.request is None:
        raise LearnerNotAccessible
    req = _post_action(request, decision.request.public_id, rules.DECIDE_REQUEST)
    form = forms.SupersedeForm(request.POST, prefix=f"supersede{decision.pk}")
    if not form.is_valid():
        _report_form_errors(request, form)
        return _detail(req)
    return _run(
        request,
        req,
        lambda: services.supersede(request.user, decision, **form.cleaned_data),
        _("The decision was corrected; the new decision replaces it."),
    )


@login_required
@require_POST
def admissibility(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.MANAGE_REQUEST)
    form = forms.AdmissibilityForm(request.POST, prefix="admissibility")
    if not form.is_valid():
        _report_form_errors(request, form)
        return _detail(req)
    return _run(
        request,
        req,
        lambda: services.decide_admissibility(
            request.user,
            req,
            admissible=form.cleaned_data["admissible"],
            reason=form.cleaned_data["reason"],
        ),
        _("Admissibility recorded."),
    )


@login_required
@require_POST
def assign(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.MANAGE_REQUEST)
    candidates = _assessor_candidates(req, request.user)
    form = forms.AssignAssessorForm(request.POST, assessors=candidates, prefix="assign")
    if not form.is_valid():
        _report_form_errors(request, form)
        return _detail(req)
    assessor = next(u for u in candidates if u.pk == form.cleaned_data["assessor"])
    return _run(
        request,
        req,
        lambda: services.assign_assessor(
            request.user, req, assessor, role=form.cleaned_data["role"]
        ),
        _("%(name)s is assigned.") % {"name": assessor.full_name},
    )


def _proposal_initial(req: Request) -> dict:
    """The decide form pre-filled from ``services.proposed_outcomes``."""
    procedure = queries.procedure_of(req.procedure_version)
    titles = {step.key: str(step.title) for step in procedure.steps}
    initial: dict = {}
    for proposal in services.proposed_outcomes(req):
        pk = proposal.module.pk
        initial[f"outcome_{pk}"] = proposal.outcome
        for value, name in (
            (proposal.hours_exempted, "hours"),
            (proposal.credits_exempted, "credits"),
            (proposal.internship_weeks_reduced, "weeks"),
        ):
            if value is not None:
                initial[f"{name}_{pk}"] = value
        if proposal.reason:
            steps = ", ".join(titles.get(k.strip(), k.strip()) for k in proposal.reason.split(","))
            initial[f"reasoning_{pk}"] = _("Passed: %(steps)s.") % {"steps": steps}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, public_id) -> HttpResponse:
    """Decide per requested module (pre-filled from the procedure's outcomes)."""
    req = _request(request.user, public_id, log=False)
    _may(request.user, rules.DECIDE_REQUEST, req)
    procedure = queries.procedure_of(req.procedure_version)
    modules = list(req.modules.order_by("code"))
    form = forms.DecideForm(request.POST or None, modules=modules, initial=_proposal_initial(req))
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                request.user,
                req,
                decisions=form.decisions(),
                valid_from=form.cleaned_data["valid_from"],
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request, _("Decisions saved. Communicate them to the learner when they are final.")
            )
            return _detail(req)
    access_learner_record(
        request.user, req, rules.VIEW_REQUEST, learner=req.learner_id, read=READ_REQUEST
    )
    return render(
        request,
        "recognition/decide.html",
        {"req": req, "procedure": procedure, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def communicate(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.DECIDE_REQUEST)
    return _run(
        request,
        req,
        lambda: services.communicate(request.user, req),
        _("The decisions were communicated to the learner."),
    )


@login_required
@require_POST
def appeal(request: HttpRequest, public_id) -> HttpResponse:
    req = _post_action(request, public_id, rules.APPEAL_REQUEST)
    form = forms.AppealForm(request.POST, prefix="appeal")
    if not form.is_valid():
        messages.error(request, _("reason: say why you appeal."))
        return _detail(req)
    return _run(
        request,
        req,
        lambda: services.appeal(request.user, req, reason=form.cleaned_data["reason"]),
        _("Your appeal was registered."),
    )


# PDFs -------------------------------------------------------------------------------


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
def decision_letter(request: HttpRequest, public_id) -> HttpResponse:
    """The decision letter of a request: its communicated decisions, in the learner's
    language."""
    req = _request(request.user, public_id, log=False)
    decisions = pages.communicated_decisions(req)
    if not decisions:
        raise Http404
    log_access(request.user, [req.learner_id], "recognition.decision_letter")
    return _pdf(reports.decision_letter_pdf(req, decisions), f"decision-{req.public_id}.pdf")


@login_required
def certificate_pdf(request: HttpRequest, public_id) -> HttpResponse:
    """The competentiebewijs of a request, in the learner's language."""
    req = _request(request.user, public_id, log=False)
    certificate = pages.certificate_of(req)
    if certificate is None:
        raise Http404
    log_access(request.user, [req.learner_id], "recognition.certificate")
    return _pdf(reports.certificate_pdf(certificate), f"{certificate.number}.pdf")
