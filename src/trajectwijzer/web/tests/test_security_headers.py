"""Content-Security-Policy on every response, and no-store on responses with personal data.

Every page without URL arguments is fetched by a visitor and by a person of each kind
(learner, coach, employer, provider administrator, platform administrator with the
Django admin); each response must carry the strict policy, and each HTML page must
need nothing that policy refuses (no inline script, <style>, style="…" or on…=).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import Role
from trajectwijzer.testing import make_member

pytestmark = pytest.mark.django_db

# Fetching these as a GET would change state or needs a form's POST only.
NOT_FETCHED = {"/accounts/logout/", "/i18n/setlang/"}


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']}: no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_policy(response) -> None:
    policy = csp_directives(response)
    where = response.request["PATH_INFO"]
    assert policy["default-src"] == ["'self'"], where
    assert policy["script-src"] == ["'self'"], where
    assert policy["style-src"] == ["'self'"], where
    assert policy["object-src"] == ["'none'"], where
    assert policy["base-uri"] == ["'self'"], where
    assert policy["frame-ancestors"] == ["'none'"], where
    assert policy["form-action"] == ["'self'"], where
    assert set(policy["img-src"]) <= {"'self'", "data:"}, where
    unsafe = [v for values in policy.values() for v in values if v.startswith("'unsafe-")]
    assert unsafe == [], where


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would refuse to run or apply in an HTML page."""

    def __init__(self):
        super().__init__()
        self.refused: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        data_block = attributes.get("type") in {"application/json", "application/ld+json"}
        if tag == "script" and "src" not in attributes and not data_block:
            self.refused.append("inline <script>")
        if tag == "style":
            self.refused.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.refused.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.refused.append(f"{name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.refused.append(f"javascript: URL on <{tag}>")


def refused_inline_code(response) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.refused


def paths_without_arguments(patterns=None, prefix: str = "/") -> list[str]:
    """Every URL of the URLconf that needs no argument, admin included."""
    paths = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or route.startswith("^") or "(" in route:
            continue
        if isinstance(entry, URLResolver):
            paths += paths_without_arguments(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append(prefix + route)
    return sorted(set(paths) - NOT_FETCHED)


def clients_for_each_kind_of_person() -> dict[str, Client]:
    people = {
        "visitor": None,
        "learner": make_member(Role.LEARNER),
        "coach": make_member(Role.COACH),
        "employer": make_member(Role.EMPLOYER_HR),
        "provider admin": make_member(Role.PROVIDER_ADMIN, is_admin=True),
        "platform admin": make_member(Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True),
    }
    clients = {}
    for kind, person in people.items():
        clients[kind] = Client(raise_request_exception=False)
        if person is not None:
            clients[kind].force_login(person)
    return clients


def test_the_walk_reaches_pages_of_every_app_and_the_admin():
    paths = paths_without_arguments()
    for expected in (
        "/",
        "/catalogue/",
        "/incentives/",
        "/barometer/",
        "/caseload/",
        "/competences/",
        "/development/",
        "/instruments/",
        "/accounts/profile/",
        "/admin/",
        "/admin/accounts/user/",
        "/api/v1/docs",
        "/api/v1/openapi.json",
    ):
        assert expected in paths


def test_every_page_for_every_kind_of_person_carries_the_strict_policy_and_no_inline_code():
    problems = []
    for kind, client in clients_for_each_kind_of_person().items():
        for path in paths_without_arguments():
            response = client.get(path)
            assert response.status_code < 500, f"{kind} {path}: {response.status_code}"
            assert_strict_policy(response)
            problems += [f"{kind} {path}: {found}" for found in refused_inline_code(response)]
    assert problems == []


def test_an_unknown_page_and_a_server_error_carry_the_policy(client, settings):
    settings.ROOT_URLCONF = "trajectwijzer.web.tests.failing_urls"
    not_found = client.get("/does-not-exist/")
    assert not_found.status_code == 404
    assert_strict_policy(not_found)
    failing = Client(raise_request_exception=False).get("/fails/")
    assert failing.status_code == 500
    assert_strict_policy(failing)
    assert refused_inline_code(failing) == []


def test_a_refused_form_shows_our_page_not_djangos_inline_styled_one():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x"})
    assert response.status_code == 403
    assert_strict_policy(response)
    assert "Het formulier is verlopen" in response.content.decode()
    assert refused_inline_code(response) == []


# Cache-Control -------------------------------------------------------------------


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def assert_not_stored(response) -> None:
    directives = cache_control(response)
    assert {"no-store", "private"} <= directives, response.get("Cache-Control")
    assert "public" not in directives


def test_a_logged_in_page_is_not_stored(client):
    client.force_login(make_member(Role.LEARNER))
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_logging_in_is_not_stored(client):
    from trajectwijzer.testing import PASSWORD

    user = make_member(Role.LEARNER)
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and "sessionid" in response.cookies
    assert_not_stored(response)


def test_the_public_catalogue_stays_cacheable_for_a_visitor_without_session(client):
    response = client.get(reverse("catalogue:search"))
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_the_incentives_report_pdf_of_a_visitor_is_not_stored(client):
    for field, value in {
        "person.status": "employee",
        "person.sector": "private",
        "person.workplace_region": "brussels",
    }.items():
        client.post(reverse("incentives:wizard"), {"field": field, "answer": value})
    response = client.get(reverse("incentives:report_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert_not_stored(response)
    assert_strict_policy(response)


def test_a_group_csv_export_is_not_stored(client):
    from trajectwijzer.instruments.tests.builders import (
        definition,
        full_answers,
        group_with_learners,
        submitted,
    )

    group, learners = group_with_learners(5)
    for n, learner in enumerate(learners, start=1):
        submitted(
            learner,
            "survey_working_students",
            full_answers(definition("survey_working_students"), n),
        )
    client.force_login(make_member(Role.PROVIDER_ADMIN, group.programme.provider.organisation))
    response = client.get(
        reverse("instruments:group_csv", args=["survey_working_students", "group", group.pk])
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert_not_stored(response)


def test_an_api_read_with_a_token_is_not_stored(client):
    learner = make_member(Role.LEARNER)
    _token, key = account_services.create_api_token(learner, name="test")
    response = client.get("/api/v1/barometer/entries", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert_not_stored(response)


def test_a_public_api_read_without_credentials_stays_cacheable(client):
    response = client.get("/api/v1/catalogue/programmes")
    assert response.status_code == 200
    assert "no-store" not in cache_control(response)


def test_an_uploaded_file_download_is_not_stored(client):
    # Any attachment is personal until proven otherwise, also for a caller without session.
    from django.http import HttpResponse

    from trajectwijzer.web.middleware import NoStoreForPersonalDataMiddleware

    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    from django.test import RequestFactory

    request = RequestFactory().get("/x.csv")
    response = NoStoreForPersonalDataMiddleware(download)(request)
    assert_not_stored(response)
