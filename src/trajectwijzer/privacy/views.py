"""The person's own privacy page (download, ask for erasure) and the platform
administrator's pages that carry erasure requests out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from trajectwijzer.accounts import policy

from . import queries, reports, services
from .models import ErasureRequest


def _attachment(response: HttpResponse, extension: str) -> HttpResponse:
    name = f"trajectwijzer-my-data-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/mine.html",
        {
            "declarations": queries.declarations(),
            "open_request": services.open_request_of(request.user),
            # Platform administrators reach the requests they carry out from here.
            "administers_erasure": policy.is_platform_admin(request.user),
        },
    )


@never_cache  # personal data: no cache keeps a copy
@login_required
def export_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        services.export_person(request.user), json_dumps_params={"ensure_ascii": False}
    )
    return _attachment(response, "json")


@never_cache
@login_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    pdf = reports.render_pdf(request.user, services.export_person(request.user))
    return _attachment(HttpResponse(pdf, content_type="application/pdf"), "pdf")


@login_required
@require_POST
def request_erasure(request: HttpRequest) -> HttpResponse:
    services.request_erasure(request.user)
    messages.success(
        request, _("Your request was recorded. A platform administrator will carry it out.")
    )
    return redirect("privacy:mine")


@never_cache
@login_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/requests.html",
        {
            "open_requests": queries.open_requests(request.user),
            "records": queries.recent_records(request.user),
        },
    )


@never_cache
@login_required
def erasure_request(request: HttpRequest, request_id: int) -> HttpResponse:
    """GET: the dry run to check; POST with ``confirm``: carry the erasure out."""
    services.require_erasure_administrator(request.user)
    erasure_request_ = get_object_or_404(
        ErasureRequest.objects.select_related("requested_by"), pk=request_id
    )
    context = {"erasure_request": erasure_request_}
    if request.method == "POST" and erasure_request_.is_open:
        if request.POST.get("confirm") != "yes":
            context["errors"] = [_("Tick the box to confirm the erasure.")]
        else:
            try:
                context["result"] = services.carry_out_request(request.user, erasure_request_)
            except ValidationError as error:
                context["errors"] = error.messages
    if erasure_request_.is_open and "result" not in context:
        context["preview"] = services.preview_request(request.user, erasure_request_)
    status = 400 if context.get("errors") else 200
    return render(request, "privacy/request_detail.html", context, status=status)
