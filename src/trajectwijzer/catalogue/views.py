"""Public catalogue pages: the search ("studiekiezer"), programmes and providers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trajectwijzer.accounts import policy
from trajectwijzer.incentives import catalogue as incentives

from . import queries, rules
from .search import (
    DEFAULT_PER_PAGE,
    IncentiveFacet,
    InvalidSearchParams,
    Sort,
    parse_search_params,
    search_programmes,
)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """The search page; htmx requests get only the results region to swap in."""
    policy.require(request.user, rules.VIEW_CATALOGUE)
    partial = request.headers.get("HX-Request") == "true"
    situation = incentives.visitor_situation(request)
    facet = _incentive_facet(situation) if situation else None
    try:
        params = parse_search_params(request.GET, facet.choices if facet else None)
    except InvalidSearchParams as error:
        if not partial:
            return render(
                request, "catalogue/search_invalid.html", {"errors": error.errors}, status=400
            )
        # Show the message above the filters and keep them, so the reader can correct.
        response = render(
            request, "catalogue/_search_errors.html", {"errors": error.errors}, status=400
        )
        response["HX-Retarget"] = "#search-errors"
        return response
    result = search_programmes(params, facet)
    if situation:
        # One vectorised evaluation for the programmes on this page only.
        badges = incentives.badges_for_programmes(situation, result.programmes)
        for programme, programme_badges in zip(result.programmes, badges, strict=True):
            programme.incentive_badges = programme_badges
    search_url = reverse("catalogue:search")
    context = {
        "result": result,
        "params": params,
        "sort_options": Sort.LABELS.items(),
        "default_per_page": DEFAULT_PER_PAGE,
        "has_situation": situation is not None,
        "incentives_url": incentives.WIZARD_URL,
        "previous_page_query": params.querystring(page=params.page - 1),
        "next_page_query": params.querystring(page=params.page + 1),
        "did_you_mean_query": params.querystring(q=result.did_you_mean, page=1)
        if result.did_you_mean
        else "",
        "clear_filters_url": f"{search_url}?{urlencode({'q': params.q})}"
        if params.q
        else search_url,
    }
    template = "catalogue/_results.html" if partial else "catalogue/search.html"
    response = render(request, template, context)
    # The same URL answers with a full page or a fragment; caches must keep both apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _incentive_facet(situation: dict) -> IncentiveFacet:
    """The facet "eligible for … for me" for this visitor's answers."""
    return IncentiveFacet(
        choices=incentives.incentive_choices(),
        vectors=lambda index: incentives.eligible_vectors(situation, index.version, index.ids),
        label=_("Eligible for support, for me"),
    )


@require_safe
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, rules.VIEW_CATALOGUE)
    programme = queries.get_programme(pk)
    context = {
        "programme": programme,
        "parent": queries.visible_parent(programme),
        "next_step": queries.visible_next_step(programme),
        "terms": queries.terms_of(programme),
        "incentives_url": incentives.WIZARD_URL,
    }
    situation = incentives.visitor_situation(request)
    if situation:
        context["incentives"] = incentives.explanation_for_programme(situation, programme)
    return render(request, "catalogue/programme.html", context)


@require_safe
def provider_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, rules.VIEW_CATALOGUE)
    provider = queries.get_provider(slug)
    page = queries.provider_programmes(provider, request.GET.get("page"))
    return render(request, "catalogue/provider.html", {"provider": provider, "page": page})
