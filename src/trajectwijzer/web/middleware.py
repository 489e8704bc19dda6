"""Response headers that keep personal data out of caches."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def carries_personal_data(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a browser or a proxy could keep someone's personal data from this response.

    True for every response to a logged-in person (a session) or to an API client with
    a token, for a response that starts a session (login, the incentives wizard keeps
    the visitor's answers there), and for every download. What is left are the public
    pages an anonymous visitor without a session sees: those may stay cacheable.
    """
    user = getattr(request, "user", None)
    return bool(
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or settings.SESSION_COOKIE_NAME in response.cookies
        or "HTTP_AUTHORIZATION" in request.META
        or (user is not None and user.is_authenticated)
        or response.get("Content-Disposition", "").startswith("attachment")
    )


class NoStoreForPersonalDataMiddleware:
    """``Cache-Control: no-store, private`` on every response that may carry personal data.

    Placed before the session middleware, so that it sees the response after the
    session middleware has added the session cookie (login) and after the view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if carries_personal_data(request, response):
            # Django's never_cache: max-age=0, no-cache, no-store, must-revalidate, private.
            add_never_cache_headers(response)
        return response
