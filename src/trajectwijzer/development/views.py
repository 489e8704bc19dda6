"""Pages for competence matrices, development plans and re-orientation.

Objects a person may not see answer 404 (their existence stays hidden); a change a
person may see but not make answers 403. Reads of an employee's row or plan by
someone else are written to the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner_record, log_access
from trajectwijzer.accounts.models import Organisation, User
from trajectwijzer.catalogue.models import CompetenceFramework

from . import forms, matching, queries, reports, rules, services
from .models import CompetenceMatrix, ItemStatus, MatrixRow

CANDIDATE_CRITERIA = (
    # Seed 001 lines 1132–1136: what a candidate for re-orientation needs.
    "aware_of_competences",
    "aware_of_options",
    "interested",
    "motivated",
    "able",
)


def _candidate_criteria() -> list[tuple[str, str]]:
    texts = {
        "aware_of_competences": _("I am aware of my competences and possibilities."),
        "aware_of_options": _(
            "I am aware of suitable and realistic occupations and programmes for me."
        ),
        "interested": _("I am interested in the new occupation or the new programme."),
        "motivated": _("I am motivated to start the retraining and to see it through."),
        "able": _("I have the possibility to complete the retraining (time, money, family)."),
    }
    return [(key, texts[key]) for key in CANDIDATE_CRITERIA]


def _errors_to_messages(request: HttpRequest, error: services.InputError) -> None:
    for field_name, message in error.errors:
        messages.error(request, f"{field_name}: {message}" if field_name else message)


# Index ------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    managed_orgs = Organisation.objects.filter(
        pk__in=rules.matrix_manager_organisations(user)
    ).order_by("name")
    form = forms.MatrixForm(request.POST or None)
    if request.method == "POST":
        organisation = managed_orgs.filter(
            pk=services.parse_id(request.POST.get("organisation"))
        ).first()
        if organisation is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                matrix = services.create_matrix(
                    user, organisation, form.cleaned_data["framework"], form.cleaned_data["title"]
                )
            except services.InputError as error:
                _errors_to_messages(request, error)
            else:
                return redirect("development:matrix", matrix.pk)
    return render(
        request,
        "development/index.html",
        {
            "matrices": queries.managed_matrices(user),
            "managed_orgs": managed_orgs,
            "my_rows": queries.rows_of_employee(user),
            "form": form,
        },
    )


# Matrix ----------------------------------------------------------------------------


def _managed_matrix(request: HttpRequest, pk: int) -> CompetenceMatrix:
    matrix = get_object_or_404(
        CompetenceMatrix.objects.select_related("organisation", "framework"), pk=pk
    )
    if not policy.can(request.user, rules.MANAGE_MATRIX, matrix):
        raise Http404
    return matrix


@login_required
def matrix_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _managed_matrix(request, pk)
    user = request.user
    competences = queries.competences_of(matrix.framework_id)
    scale = queries.scale_of(matrix.framework_id)
    job_roles = list(matrix.job_roles.prefetch_related("requirements__competence"))
    teams = list(matrix.teams.all())
    employees = services.eligible_employees(matrix.organisation)
    action = request.POST.get("form") if request.method == "POST" else None
    team_form = forms.TeamForm(request.POST if action == "team" else None, prefix="team")
    role_form = forms.JobRoleForm(
        request.POST if action == "role" else None,
        prefix="role",
        competences=competences,
        scale=scale,
    )
    row_form = forms.RowForm(
        request.POST if action == "row" else None,
        prefix="row",
        employees=employees,
        job_roles=job_roles,
        teams=teams,
    )
    if action:
        try:
            if action == "team" and team_form.is_valid():
                services.add_team(user, matrix, team_form.cleaned_data["name"])
                messages.success(request, _("Team saved."))
                return redirect("development:matrix", matrix.pk)
            if action == "role" and role_form.is_valid():
                services.save_job_role(
                    user, matrix, role_form.cleaned_data["title"], role_form.levels()
                )
                messages.success(request, _("Job role saved."))
                return redirect("development:matrix", matrix.pk)
            if action == "row" and row_form.is_valid():
                data = row_form.cleaned_data
                employee = next(e for e in employees if e.pk == data["employee"])
                services.add_row(
                    user,
                    matrix,
                    employee,
                    job_role=next((j for j in job_roles if j.pk == data["job_role"]), None),
                    team=next((t for t in teams if t.pk == data["team"]), None),
                )
                messages.success(request, _("Employee saved in the matrix."))
                return redirect("development:matrix", matrix.pk)
        except services.InputError as error:
            _errors_to_messages(request, error)
    views = queries.row_views(matrix, viewer=user)
    log_access(user, [view.row.employee_id for view in views], "development.view_matrix")
    log_access(user, queries.shared_learner_ids(views), "development.view_matrix_micoon")
    return render(
        request,
        "development/matrix.html",
        {
            "matrix": matrix,
            "competences": competences,
            "scale": scale,
            "rows": views,
            "ranked": queries.rank_employees(views),
            "teams": queries.team_views(views),
            "min_team_size": queries.MIN_TEAM_SIZE_FOR_FIGURES,
            "job_roles": job_roles,
            "desired": queries.desired_levels(matrix),
            "team_form": team_form,
            "role_form": role_form,
            "row_form": row_form,
        },
    )


# Row --------------------------------------------------------------------------------


def _visible_row(request: HttpRequest, pk: int) -> MatrixRow:
    row = get_object_or_404(
        MatrixRow.objects.select_related(
            "matrix__organisation", "matrix__framework", "employee", "job_role", "team"
        ),
        pk=pk,
    )
    # Checked here; each page logs its read when it renders (a POST may only write).
    return access_learner_record(
        request.user, row, rules.VIEW_MATRIX_ROW, learner=row.employee_id, log=False
    )


@login_required
def row_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _visible_row(request, pk)
    user = request.user
    may_manage = policy.can(user, rules.MANAGE_MATRIX, row.matrix)
    competences = queries.competences_of(row.matrix.framework_id)
    scale = queries.scale_of(row.matrix.framework_id)
    observation_form = forms.ObservationForm(
        request.POST if request.POST.get("form") == "observation" else None,
        competences=competences,
        scale=scale,
    )
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "observation":
                if not may_manage:
                    raise PermissionDenied
                if observation_form.is_valid():
                    data = observation_form.cleaned_data
                    services.record_observation(
                        user,
                        row,
                        data["competence"],
                        data["level"],
                        observed_on=data["observed_on"],
                        note=data["note"],
                    )
                    messages.success(request, _("Observation saved."))
                    return redirect("development:row", row.pk)
            elif action == "draft":
                plan = services.draft_from_gaps(user, row)
                messages.success(request, _("A draft plan was made from the gaps."))
                return redirect("development:plan", plan.pk)
        except services.InputError as error:
            _errors_to_messages(request, error)
    log_access(user, [row.employee_id], "development.view_matrix_row")
    view = queries.row_views(row.matrix, [row], viewer=user)[0]
    log_access(user, queries.shared_learner_ids([view]), "development.view_matrix_micoon")
    return render(
        request,
        "development/row.html",
        {
            "row": row,
            "view": view,
            "scale": scale,
            "ranked_gaps": view.ranked_gaps(),
            "history": queries.observation_history(row),
            "plans": queries.visible_plans(user, row),
            "may_manage": may_manage,
            "observation_form": observation_form,
        },
    )


# Plan -------------------------------------------------------------------------------


def _visible_plan(request: HttpRequest, pk: int):
    plan = queries.plan_detail(pk)
    # Checked here; each page logs its read when it renders (a POST may only write).
    return access_learner_record(
        request.user, plan, rules.VIEW_PLAN, learner=plan and plan.row.employee_id, log=False
    )


PLAN_OPS = (
    "header",
    "add_goal",
    "goal_status",
    "remove_goal",
    "add_action",
    "action_status",
    "remove_action",
)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _visible_plan(request, pk)
    user = request.user
    may_change = policy.can(user, rules.CHANGE_PLAN, plan)
    matrix = plan.row.matrix
    competences = queries.competences_of(matrix.framework_id)
    scale = queries.scale_of(matrix.framework_id)
    conflict = False
    status = 200
    is_own_draft = plan.drafted_by_employee and user.pk == plan.row.employee_id
    if request.method == "POST" and request.POST.get("op") in ("share", "unshare"):
        if not is_own_draft:
            raise PermissionDenied
        share = request.POST["op"] == "share"
        services.share_plans_with_employer(user, plan.row, share)
        messages.success(
            request,
            _("Your employer can now see the plans you drafted yourself.")
            if share
            else _("Your employer no longer sees the plans you drafted yourself."),
        )
        return redirect("development:plan", plan.pk)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        op = request.POST.get("op")
        change = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
        if op not in PLAN_OPS:
            messages.error(request, _("Unknown change."))
        else:
            try:
                services.change_plan(user, plan, request.POST.get("version"), change)
            except services.PlanConflict:
                conflict = True
                status = 409
                plan = queries.plan_detail(pk)
            except services.InputError as error:
                _errors_to_messages(request, error)
                status = 400
                plan = queries.plan_detail(pk)
            else:
                messages.success(request, _("Plan saved."))
                return redirect("development:plan", plan.pk)
    log_access(user, [plan.row.employee_id], "development.view_plan")
    goals = list(plan.goals.all())
    return render(
        request,
        "development/plan.html",
        {
            "plan": plan,
            "goals": [
                {"goal": goal, "suggestions": queries.suggestions_for(goal.competence)}
                for goal in goals
            ],
            "scale": scale,
            "may_change": may_change,
            "is_own_draft": is_own_draft,
            "shared_with_employer": is_own_draft
            and services.plans_shared_with_employer(user, plan.row),
            "conflict": conflict,
            "header_form": forms.PlanHeaderForm(
                initial={"title": plan.title, "status": plan.status, "note": plan.note}
            ),
            "goal_form": forms.GoalForm(competences=competences, scale=scale),
            "action_form": forms.ActionForm(),
            "item_statuses": ItemStatus.choices,
        },
        status=status,
    )


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _visible_plan(request, pk)
    log_access(request.user, [plan.row.employee_id], "development.plan_pdf")
    response = HttpResponse(reports.render_plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="development-plan-{plan.pk}.pdf"'
    return response


# Re-orientation ---------------------------------------------------------------------


@login_required
def reorientation(request: HttpRequest) -> HttpResponse:
    """Rank qualifications and programmes by how much of them a profile already covers."""
    user: User = request.user
    frameworks = list(CompetenceFramework.objects.order_by("title"))
    source = request.GET.get("source", "self")
    profile: dict[int, float] | None = None
    source_label = ""
    self_framework = None
    self_competences = []
    chosen: dict[int, int] = {}
    scale = None
    my_rows = list(queries.rows_of_employee(user))

    if source == "row":
        row = get_object_or_404(
            MatrixRow.objects.select_related("matrix__framework", "employee"),
            pk=services.parse_id(request.GET.get("row")),
        )
        access_learner_record(
            user,
            row,
            rules.VIEW_MATRIX_ROW,
            learner=row.employee_id,
            read="development.reorientation",
        )
        profile = matching.profile_from_row(row)
        source_label = _("Current levels in %(matrix)s of %(name)s") % {
            "matrix": row.matrix.title,
            "name": row.employee.full_name,
        }
    elif source == "assessments":
        profile = matching.profile_from_assessments(user, user)
        source_label = _("Your competence assessments")
    else:
        source = "self"
        self_framework = next(
            (f for f in frameworks if str(f.pk) == request.GET.get("framework", "")), None
        )
        if self_framework is not None:
            self_competences = queries.competences_of(self_framework.pk)
            scale = queries.scale_of(self_framework.pk)
            chosen = {
                c.pk: services.parse_id(request.GET.get(f"c{c.pk}")) for c in self_competences
            }
            if request.GET.get("assessed"):
                profile = matching.profile_from_levels(self_framework.pk, chosen)
                source_label = _("Your self-assessment on %(framework)s") % {
                    "framework": self_framework.localized("title")
                }
    results = matching.match(profile) if profile is not None else None
    return render(
        request,
        "development/reorientation.html",
        {
            "frameworks": frameworks,
            "source": source,
            "source_label": source_label,
            "self_framework": self_framework,
            "self_competences": [(c, chosen[c.pk]) for c in self_competences],
            "scale_choices": [(0, _("Not at all"))]
            + ([(rank, scale.label(rank)) for rank in sorted(scale.levels)] if scale else []),
            "my_rows": my_rows,
            "results": results,
            "criteria": _candidate_criteria(),
            "threshold": round(matching.EXEMPTION_THRESHOLD * 100),
        },
    )
