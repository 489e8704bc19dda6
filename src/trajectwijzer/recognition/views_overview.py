"""The provider overview pages (group figures only; see ``overview.py``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from trajectwijzer.accounts import policy
from trajectwijzer.catalogue.models import Provider

from . import overview, rules


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The providers whose overview the viewer may see; straight to it when only one."""
    providers = overview.overview_providers(request.user)
    if not providers:
        raise PermissionDenied(rules.VIEW_OVERVIEW)
    if len(providers) == 1:
        return redirect("recognition_overview:provider", slug=providers[0].slug)
    return render(request, "recognition/overview/index.html", {"providers": providers})


@login_required
def provider(request: HttpRequest, slug: str) -> HttpResponse:
    found = Provider.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    if not policy.can(request.user, rules.VIEW_OVERVIEW, found):
        raise PermissionDenied(rules.VIEW_OVERVIEW)
    return render(
        request,
        "recognition/overview/provider.html",
        {"overview": overview.provider_overview(found), "min_group": overview.MIN_GROUP},
    )
