"""Pages of the motivation barometer: record and see one's own curve, a coach's view of
a learner's curve, a group's anonymous cohort pattern and its scheduled moments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectwijzer.accounts import policy
from trajectwijzer.trajectories.models import Group

from . import queries, rules, services
from .forms import EntryForm, MomentForm
from .models import NOTE_MAX_LENGTH, Moment, Score


@login_required
def record(request: HttpRequest) -> HttpResponse:
    """Record one's motivation with one tap, and see one's own curve."""
    policy.require(request.user, rules.RECORD_MOTIVATION)
    errors: dict[str, list[str]] = {}
    status = 200
    note = ""
    if request.method == "POST":
        form = EntryForm(request.POST)
        note = request.POST.get("note", "")
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.as_data())
            services.record_entry(request.user, form.cleaned_data["score"], note)
        except ValidationError as error:
            errors = error.message_dict
            status = 400
        else:
            messages.success(request, _("Thank you. Your motivation is recorded."))
            return redirect("barometer:record")
    return render(
        request,
        "barometer/record.html",
        {
            "scores": Score.choices,
            "errors": errors,
            "note": note,
            "note_max": NOTE_MAX_LENGTH,
            "due_moments": services.due_moments(request.user),
            "curve": queries.curve_for(request.user, request.user.pk)[1],
        },
        status=status,
    )


@login_required
def learner_curve(request: HttpRequest, learner_id: int) -> HttpResponse:
    """A learner's curve for their coach (or someone they consented to)."""
    learner, curve = queries.curve_for(request.user, learner_id)
    return render(request, "barometer/learner_curve.html", {"learner": learner, "curve": curve})


@login_required
def groups(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, rules.LIST_BAROMETER_GROUPS)
    return render(
        request, "barometer/groups.html", {"groups": list(queries.groups_for(request.user))}
    )


def _group_for(request: HttpRequest, group_id: int, action: str) -> Group:
    group = get_object_or_404(Group.objects.select_related("programme__provider"), pk=group_id)
    if not policy.can(request.user, action, group):
        raise PermissionDenied(action)
    return group


@login_required
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_for(request, group_id, rules.VIEW_BAROMETER_COHORT)
    return _render_group(request, group, MomentForm(), status=200)


def _render_group(request, group, form, *, status):
    return render(
        request,
        "barometer/group.html",
        {
            "group": group,
            "pattern": queries.cohort_pattern(group),
            "moments": list(Moment.objects.filter(group=group).order_by("date")),
            "can_manage": policy.can(request.user, rules.MANAGE_BAROMETER_MOMENTS, group),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def add_moment(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_for(request, group_id, rules.MANAGE_BAROMETER_MOMENTS)
    form = MomentForm(request.POST)
    if form.is_valid():
        try:
            services.add_moment(request.user, group, **form.cleaned_data)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        else:
            messages.success(request, _("The moment is scheduled."))
            return redirect("barometer:group", group.pk)
    if not policy.can(request.user, rules.VIEW_BAROMETER_COHORT, group):
        raise PermissionDenied
    return _render_group(request, group, form, status=400)


@login_required
@require_POST
def add_default_moments(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _group_for(request, group_id, rules.MANAGE_BAROMETER_MOMENTS)
    services.add_default_moments(request.user, group)
    messages.success(request, _("The default moments of the academic year are scheduled."))
    return redirect("barometer:group", group.pk)


@login_required
@require_POST
def delete_moment(request: HttpRequest, moment_id: int) -> HttpResponse:
    moment = get_object_or_404(Moment.objects.select_related("group"), pk=moment_id)
    group = _group_for(request, moment.group_id, rules.MANAGE_BAROMETER_MOMENTS)
    services.delete_moment(request.user, moment)
    messages.success(request, _("The moment is removed."))
    return redirect("barometer:group", group.pk)
