"""The learner's calendar (issue #11 item 7) through what people get: the .ics download,
the secret feed URL and its renewal, parsed back with ``icalendar``.

One programme with four modules over two semesters (as test_plans.py); term 1 holds
Armistice Day (Wednesday 11 November 2026, a Belgian public holiday) and a provider
closing day (Monday 5 October 2026).
"""

import datetime as dt
import re

import icalendar
import pytest
from dateutil.rrule import rrulestr
from django.test import Client

from trajectwijzer.accounts.models import AccessLogEntry, LinkKind, OrganisationKind, Role
from trajectwijzer.catalogue.models import Module
from trajectwijzer.testing import enrol, link, make_member, make_organisation, make_programme
from trajectwijzer.trajectories import services
from trajectwijzer.trajectories.models import ClosingDay, ProviderTerm

pytestmark = pytest.mark.django_db

HOLIDAY = dt.date(2026, 11, 11)
CLOSING_DAY = dt.date(2026, 10, 5)
DUE_ON = dt.date(2026, 11, 20)


@pytest.fixture
def world():
    provider_org = make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Kalender")
    programme = make_programme(provider_org, title="Graduaat Kalender")
    for number, (start, end) in enumerate(
        [(dt.date(2026, 9, 14), dt.date(2027, 1, 31)), (dt.date(2027, 2, 8), dt.date(2027, 6, 30))],
        start=1,
    ):
        ProviderTerm.objects.create(
            provider=programme.provider,
            academic_year="2026-2027",
            number=number,
            starts_on=start,
            ends_on=end,
            teaching_weeks=15,
        )
    for position, code in enumerate("AB"):
        Module.objects.create(
            programme=programme, code=code, title=f"Module {code}", study_credits=5,
            term=1, position=position,
        )  # fmt: skip
    ClosingDay.objects.create(
        provider=programme.provider, date=CLOSING_DAY, reason="Pedagogische studiedag"
    )
    learner = make_member(Role.LEARNER, provider_org, full_name="Kato Kalender")
    coach = make_member(Role.COACH, provider_org, full_name="Cas Coach")
    link(learner, LinkKind.COACH, person=coach)
    other = make_member(Role.LEARNER, provider_org, full_name="Otto Ander")
    enrolment = enrol(learner, programme, started_on=dt.date(2026, 9, 14))
    services.propose_plan(learner, enrolment, hours_per_week=10)
    _open_request_with_due_step(learner, programme)
    return {
        "learner": learner,
        "coach": coach,
        "stranger": make_member(Role.COACH, provider_org),
        "other": other,
    }


def _open_request_with_due_step(learner, programme):
    from trajectwijzer.recognition.definition import parse_procedure
    from trajectwijzer.recognition.models import ProcedureVersion, Request, StepRecord
    from trajectwijzer.recognition.tests.conftest import TEST_PROCEDURE

    procedure = parse_procedure(TEST_PROCEDURE.read_text(), str(TEST_PROCEDURE))
    version = ProcedureVersion.objects.create(
        procedure=procedure.slug,
        version=1,
        declared_version=1,
        checksum=procedure.checksum,
        definition=procedure.raw,
        provider=programme.provider,
    )
    request = Request.objects.create(
        learner=learner,
        procedure_version=version,
        provider=programme.provider,
        programme=programme,
        started_as="learner",
        started_by=learner,
        status="in_assessment",
        grounds=["evc"],
    )
    StepRecord.objects.create(request=request, step_key="portfolio", position=1, due_on=DUE_ON)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _events(body: bytes) -> tuple[icalendar.Calendar, dict[str, icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(body)
    return calendar, {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def _occurrences(event: icalendar.Event) -> set[dt.date]:
    start = event.decoded("dtstart")
    rule = rrulestr(
        event["rrule"].to_ical().decode(), dtstart=dt.datetime.combine(start, dt.time())
    )
    exdate = event.get("exdate")
    props = exdate if isinstance(exdate, list) else [exdate] if exdate is not None else []
    exdates = {d.dt for prop in props for d in prop.dts}
    return {d.date() for d in rule} - exdates


def _feed_url(client: Client) -> str:
    response = client.post("/trajectories/calendar/new-link/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    match = re.search(
        r'value="https?://[^/"]+(/trajectories/calendar/feed/[^"]+)"', response.content.decode()
    )
    assert match, "the page shows the new link"
    return match.group(1)


def test_download_holds_the_plan_and_deadlines_skipping_holidays_and_closing_days(world):
    response = _client(world["learner"]).get(
        f"/trajectories/calendar/{world['learner'].pk}/calendar.ics"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    calendar, events = _events(response.content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert str(calendar["x-wr-timezone"]) == "Europe/Brussels"
    assert set(events) == {
        "A Module A",
        "B Module B",
        "Erkenning rec-test: stap portfolio af te ronden",
    }
    module_a = events["A Module A"]
    days = _occurrences(module_a)
    assert min(days) == dt.date(2026, 9, 14)
    assert max(days) <= dt.date(2027, 1, 31)
    assert HOLIDAY not in days and HOLIDAY - dt.timedelta(days=1) in days
    assert CLOSING_DAY not in days and CLOSING_DAY + dt.timedelta(days=1) in days
    assert dt.date(2026, 9, 19) not in days  # a Saturday
    deadline = events["Erkenning rec-test: stap portfolio af te ronden"]
    assert deadline.decoded("dtstart") == DUE_ON
    # Stable UIDs: the same calendar again has the same UIDs.
    again = _client(world["learner"]).get(
        f"/trajectories/calendar/{world['learner'].pk}/calendar.ics"
    )
    uids = sorted(str(e["uid"]) for e in _events(response.content)[1].values())
    assert uids == sorted(str(e["uid"]) for e in _events(again.content)[1].values())
    assert len(set(uids)) == 3


def test_coach_downloads_logged_others_get_404(world):
    learner = world["learner"]
    url = f"/trajectories/calendar/{learner.pk}/calendar.ics"
    response = _client(world["coach"]).get(url)
    assert response.status_code == 200
    assert "A Module A" in {str(e["summary"]) for e in _events(response.content)[1].values()}
    assert AccessLogEntry.objects.filter(actor=world["coach"], learner=learner).exists()
    for who in ("stranger", "other"):
        assert _client(world[who]).get(url).status_code == 404
    assert _client().get(url).status_code == 302  # to the login page


def test_feed_by_secret_link_and_renewal(world):
    learner_client = _client(world["learner"])
    first = _feed_url(learner_client)
    response = Client().get(first)  # a calendar app: no session
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "A Module A" in response.content.decode()
    second = _feed_url(learner_client)
    assert second != first
    assert Client().get(first).status_code == 404  # the old link stopped
    assert Client().get(second).status_code == 200
    # Another person's link shows their calendar, never this learner's.
    others = _feed_url(_client(world["other"]))
    body = Client().get(others).content.decode()
    assert "Otto Ander" in body and "Module A" not in body
    assert Client().get("/trajectories/calendar/feed/not-a-token/calendar.ics").status_code == 404
    world["learner"].is_active = False
    world["learner"].save()
    assert Client().get(second).status_code == 404


def test_plan_page_offers_download_and_link(world):
    enrolment = world["learner"].enrolments.get()
    page = _client(world["learner"]).get(f"/trajectories/plans/{enrolment.pk}/").content.decode()
    assert f"/trajectories/calendar/{world['learner'].pk}/calendar.ics" in page
    assert "/trajectories/calendar/new-link/" in page
    coach_page = (
        _client(world["coach"]).get(f"/trajectories/plans/{enrolment.pk}/").content.decode()
    )
    assert f"/trajectories/calendar/{world['learner'].pk}/calendar.ics" in coach_page
    assert "/trajectories/calendar/new-link/" not in coach_page
