import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from . import queries

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """The start page: what this person can do, by role; the catalogue for visitors."""
    return render(
        request,
        "web/home.html",
        {
            "sections": queries.home_sections(request.user),
            "notices": queries.home_notices(request.user),
        },
    )


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for ``/favicon.ico`` whatever the page links: send them to the static
    icon (a temporary redirect, as the static file's hashed name changes with its content)."""
    return HttpResponseRedirect(static("trajectwijzer/favicon.svg"))


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # The reason (host, user, driver message) goes to the log, not to any caller.
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
