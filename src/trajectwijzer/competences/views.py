"""Pages of competence follow-up: thin adapters over queries and services."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner, log_access
from trajectwijzer.accounts.models import User
from trajectwijzer.recognition.micoon import recognised_for
from trajectwijzer.trajectories.models import Group

from . import charts, queries, reports, rules, services
from .models import Assessment, AssessorRole


def _visible_learner(
    viewer: User, learner_id: int, *, reading: bool = True
) -> tuple[User, rules.AssessmentVisibility]:
    """The learner and what ``viewer`` sees of their assessments; 404 hides the rest.
    The read is logged (accounts.access) unless ``reading`` is off (a write)."""
    learner = access_learner(viewer, learner_id, rules.VIEW_ASSESSMENTS, log=reading)
    return learner, rules.assessment_visibility(viewer, learner)


def chart_context(overview: queries.LearnerOverview) -> dict:
    structure = overview.structure
    today = timezone.localdate()
    start = overview.enrolment.started_on
    blocks = []
    for block in overview.blocks:
        title = _("Progress over time: %(competence)s") % {
            "competence": block.competence.display_title
        }
        blocks.append(
            {
                "block": block,
                "chart": charts.progress_chart(
                    block.series, structure.scale_size, title, min(start, today), today
                ),
            }
        )
    heatmap_rows = [
        (f"{b.competence.code} {b.competence.display_title}", b.mean_by_role)
        for b in overview.blocks
    ]
    return {
        "overview": overview,
        "blocks": blocks,
        "heatmap": charts.heatmap(
            heatmap_rows, structure.scale_size, _("Latest level per role and competence")
        ),
        "roles": queries.ROLE_ORDER,
        "role_labels": [AssessorRole(r).label for r in queries.ROLE_ORDER],
        "levels": structure.levels,
    }


def _learner_page(request: HttpRequest, learner: User, visibility) -> HttpResponse:
    overview = queries.learner_overview(request.user, learner, visibility)
    context = {
        "learner": learner,
        "is_self": learner.pk == request.user.pk,
        "visibility": visibility,
        "can_record": bool(visibility.assessing_roles),
    }
    if overview is not None:
        context.update(chart_context(overview))
        # Recognised through a decision or competentiebewijs: shown as such (issue #10).
        recognised = recognised_for(learner, request.user)
        for item in context["blocks"]:
            item["recognised"] = recognised.get(item["block"].competence.pk)
    return render(request, "competences/learner.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    visibility = rules.assessment_visibility(request.user, request.user)
    return _learner_page(request, request.user, visibility)


@login_required
def learner(request: HttpRequest, learner_id: int) -> HttpResponse:
    if learner_id == request.user.pk:
        return redirect("competences:mine")
    person, visibility = _visible_learner(request.user, learner_id)
    return _learner_page(request, person, visibility)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, rules.FOLLOW_COMPETENCES)
    return render(
        request,
        "competences/overview.html",
        {
            "followed": queries.followed_learners(request.user),
            "groups": queries.followed_groups(request.user),
            "is_coach": policy.has_role(request.user, "coach"),
        },
    )


def _role_for(request: HttpRequest, visibility) -> str | None:
    roles = visibility.assessing_roles
    wanted = request.POST.get("role") or request.GET.get("as")
    if wanted:
        return wanted
    for role in (AssessorRole.MENTOR, AssessorRole.TEACHER, AssessorRole.SELF):
        if role in roles:
            return role
    return None


def _entries_from_post(request: HttpRequest, indicator_ids) -> list[services.Entry]:
    entries = []
    for pk in indicator_ids:
        level = request.POST.get(f"level-{pk}", "")
        if level == "":
            continue
        entries.append(
            services.Entry(
                indicator_id=pk,
                level=level,
                comment=request.POST.get(f"comment-{pk}", ""),
                evidence_url=request.POST.get(f"url-{pk}", ""),
                evidence_file=request.FILES.get(f"file-{pk}"),
            )
        )
    # Levels posted for indicators the form did not show (tampering, stale form).
    shown = {str(pk) for pk in indicator_ids}
    for name, value in request.POST.items():
        if name.startswith("level-") and name[6:] not in shown and value:
            entries.append(services.Entry(indicator_id=name[6:], level=value))
    return entries


@login_required
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, learner_id: int) -> HttpResponse:
    """One screen per visit: every indicator the role scores, a few clicks each."""
    # Showing the form is a read (logged below); a saved score is a write.
    person, visibility = _visible_learner(request.user, learner_id, reading=False)
    if not visibility.assessing_roles:
        raise PermissionDenied
    role = _role_for(request, visibility)
    errors: list[services.FieldError] = []
    workplace_only = role == AssessorRole.MENTOR
    overview = queries.learner_overview(
        request.user,
        person,
        rules.AssessmentVisibility(
            workplace_only=workplace_only or visibility.workplace_only,
            own_only=visibility.own_only,
            assessing_roles=visibility.assessing_roles,
        ),
    )
    observed_on_text = timezone.localdate().isoformat()
    if request.method == "POST" and overview is not None:
        observed_on_text = request.POST.get("observed_on", "")
        try:
            observed_on = datetime.date.fromisoformat(observed_on_text)
        except ValueError:
            observed_on = None
            errors.append(
                services.FieldError(
                    "observed_on", _("Enter the date of the observation as YYYY-MM-DD.")
                )
            )
        entries = _entries_from_post(request, list(overview.structure.indicators))
        if not errors:
            try:
                records = services.record_assessments(
                    request.user,
                    person,
                    role or "",
                    entries,
                    observed_on=observed_on,
                    programme=overview.enrolment.programme,
                )
            except services.AssessmentInputError as error:
                errors = error.errors
            else:
                messages.success(
                    request,
                    _("%(count)d scores saved for %(name)s.")
                    % {"count": len(records), "name": person.full_name},
                )
                target = "competences:mine" if person.pk == request.user.pk else None
                if target:
                    return redirect(target)
                return redirect("competences:learner", learner_id=person.pk)
    log_access(request.user, [person], rules.VIEW_ASSESSMENTS)
    form_blocks = []
    recognised = recognised_for(person, request.user)
    for block in overview.blocks if overview else []:
        items = []
        for row in block.rows:
            pk = row.indicator.pk
            items.append(
                {
                    "indicator": row.indicator,
                    "previous": row.latest.get(role),
                    "others": [
                        (services.role_label(r), a) for r, a in row.latest.items() if r != role
                    ],
                    "selected": request.POST.get(f"level-{pk}", ""),
                    "comment": request.POST.get(f"comment-{pk}", ""),
                    "url": request.POST.get(f"url-{pk}", ""),
                }
            )
        form_blocks.append(
            {
                "competence": block.competence,
                # Recognised competences are not scored again (issue #10).
                "recognised": recognised.get(block.competence.pk),
                "items": items,
            }
        )
    return render(
        request,
        "competences/score.html",
        {
            "learner": person,
            "overview": overview,
            "role": role,
            "role_label": services.role_label(role) if role else "",
            "roles": [(r, services.role_label(r)) for r in sorted(visibility.assessing_roles)],
            "errors": errors,
            "observed_on": observed_on_text,
            "today": timezone.localdate().isoformat(),
            "form_blocks": form_blocks,
            "levels": overview.structure.levels if overview else [],
        },
        status=400 if errors else 200,
    )


@login_required
def report_pdf(request: HttpRequest, learner_id: int) -> HttpResponse:
    if learner_id == request.user.pk:
        person, visibility = request.user, rules.assessment_visibility(request.user, request.user)
    else:
        person, visibility = _visible_learner(request.user, learner_id, reading=False)
    overview = queries.learner_overview(request.user, person, visibility)
    if overview is None:
        raise Http404
    log_access(request.user, [person], rules.VIEW_ASSESSMENTS)
    pdf = reports.render_pdf(chart_context(overview))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"competences-{timezone.localdate().isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("programme__provider"), pk=group_id)
    policy.require(request.user, rules.VIEW_GROUP_COMPETENCES, group)
    overview = queries.group_overview(request.user, group)
    log_access(request.user, [s.learner for s in overview.learners], rules.VIEW_GROUP_COMPETENCES)
    return render(
        request,
        "competences/group.html",
        {"overview": overview, "group": group, "learner_rows": _learner_rows(overview)},
    )


def _learner_rows(overview: queries.GroupOverview) -> str:
    """The per-learner table rows, built once in Python: for a group of 200 the template
    engine (and a {% url %} per row) costs more than all the queries together."""
    learners_url = reverse("competences:learner", args=[1]).removesuffix("1/")
    none = mark_safe('<span class="meta">–</span>')
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}{}/">{}</a></th><td class="num">{} / {}</td>'
        '<td class="num">{}</td><td>{}</td><td class="num">{} / {} / {}</td></tr>',
        (
            (
                learners_url,
                s.learner.pk,
                s.learner.full_name,
                s.observed,
                s.total,
                s.unobserved_competences,
                format_html_join(
                    " ", '<span class="badge warn">{}</span>', ((c,) for c in s.disagreement_codes)
                )
                or none,
                s.scored_by_role.get("self", 0),
                s.scored_by_role.get("teacher", 0),
                s.scored_by_role.get("mentor", 0),
            )
            for s in overview.learners
        ),
    )


@login_required
def group_class(request: HttpRequest, group_id: int) -> HttpResponse:
    group = get_object_or_404(Group.objects.select_related("programme__provider"), pk=group_id)
    policy.require(request.user, rules.VIEW_CLASS_COMPETENCES, group)
    return render(
        request,
        "competences/class.html",
        {
            "overview": queries.class_overview(group),
            "group": group,
            "min_learners": queries.GROUP_FIGURES_MIN_LEARNERS,
        },
    )


@login_required
def evidence(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """An evidence file, only for those who may read that assessment."""
    assessment = Assessment.objects.filter(pk=assessment_id).select_related("learner").first()
    if assessment is None or not assessment.evidence_file:
        raise Http404
    # Checked like the assessments page; logged once below, after the file-level checks.
    _learner, visibility = _visible_learner(request.user, assessment.learner_id, reading=False)
    if visibility.own_only and assessment.assessor_id != request.user.pk:
        raise Http404
    if visibility.workplace_only:
        structure = queries.programme_structure(assessment.enrolment.programme)
        competence = structure.competence_by_indicator.get(assessment.indicator_id)
        if competence is None or competence.pk not in structure.workplace_competence_ids:
            raise Http404
    log_access(request.user, [assessment.learner_id], "competences.evidence")
    return FileResponse(
        assessment.evidence_file.open("rb"), as_attachment=True, filename=assessment.evidence_name
    )
