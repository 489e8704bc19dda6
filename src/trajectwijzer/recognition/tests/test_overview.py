"""The provider overview: hand-worked figures, five-or-more, constant queries, the page per role."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.recognition import overview
from trajectwijzer.recognition.models import (
    Decision,
    DecisionOutcome,
    Request,
    RequestStatus,
    StepRecord,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _requests(world, statuses_and_days: list[tuple[str, int | None]]) -> list[Request]:
    """Requests of the world's procedure: (status, days from submission to decision)."""
    submitted = timezone.now() - 60 * DAY
    made = Request.objects.bulk_create(
        Request(
            learner=world.learner,
            procedure_version=world.version,
            provider=world.provider,
            programme=world.programme,
            started_by=world.learner,
            started_as="learner",
            status=status,
            submitted_at=submitted,
            decided_at=submitted + days * DAY if days is not None else None,
        )
        for status, days in statuses_and_days
    )
    return made


def _decide(world, request, module_code, outcome, **fields) -> Decision:
    return Decision.objects.create(
        request=request,
        learner=world.learner,
        provider=world.provider,
        module=world.modules[module_code],
        outcome=outcome,
        reasoning="Reasoned",
        communicated_at=timezone.now(),
        valid_from=datetime.date(2026, 9, 1),
        **fields,
    )


@pytest.fixture
def six_requests(recognition_world):
    world = recognition_world
    made = _requests(
        world,
        [
            (RequestStatus.DECIDED, 1),
            (RequestStatus.DECIDED, 2),
            (RequestStatus.CLOSED, 3),
            (RequestStatus.CLOSED, 4),
            (RequestStatus.DECIDED, 10),
            (RequestStatus.IN_ASSESSMENT, None),
        ],
    )
    _decide(world, made[0], "M2", DecisionOutcome.EXEMPT)  # 30 h, 3 credits
    _decide(world, made[1], "M2", DecisionOutcome.EXEMPT)
    _decide(world, made[2], "M1", DecisionOutcome.EXEMPT)  # 40 h
    _decide(world, made[3], "M1", DecisionOutcome.PARTLY_EXEMPT, hours_exempted=10)
    _decide(world, made[4], "M1", DecisionOutcome.NOT_EXEMPT)
    old = _decide(world, made[4], "M2", DecisionOutcome.EXEMPT)  # superseded: not counted
    _decide(world, made[4], "M2", DecisionOutcome.NOT_EXEMPT, supersedes=old)
    StepRecord.objects.bulk_create(
        [
            StepRecord(request=made[0], step_key="portfolio", position=1, minutes_spent=30),
            StepRecord(request=made[5], step_key="portfolio", position=1, minutes_spent=45),
        ]
    )
    return made


def test_hand_worked_figures_of_a_procedure(recognition_world, six_requests):
    figures = {
        f.procedure: f for f in overview.provider_overview(recognition_world.provider).procedures
    }
    test = figures["rec-test"]
    assert test.shown and test.decisions_shown
    assert test.requests == 6 and test.decided == 5
    assert test.by_status == {"decided": 3, "closed": 2, "in_assessment": 1}
    # Days 1, 2, 3, 4, 10: median 3; 90th percentile 4 + 0.6 × (10 − 4) = 7.6.
    assert (test.days_median, test.days_p90) == (3.0, 7.6)
    assert test.outcomes == {"exempt": 3, "partly_exempt": 1, "not_exempt": 2}
    assert test.hours_exempted == 30 + 30 + 40 + 10
    assert test.credits_exempted == 6
    assert (test.assessor_minutes, test.assessor_hours) == (75, 1.2)
    # The procedure without requests shows nothing but that.
    assert not figures["rec-test-deadline"].shown
    assert figures["rec-test-deadline"].as_json() == {
        "procedure": "rec-test-deadline",
        "title": figures["rec-test-deadline"].title,
        "fewer_than": 5,
    }


def test_fewer_than_five_requests_show_no_figures(recognition_world):
    _requests(recognition_world, [(RequestStatus.DECIDED, 2)] * 4)
    [test] = [
        f
        for f in overview.provider_overview(recognition_world.provider).procedures
        if f.procedure == "rec-test"
    ]
    assert not test.shown and set(test.as_json()) == {"procedure", "title", "fewer_than"}


def test_the_overview_takes_a_constant_number_of_queries(
    recognition_world, django_assert_max_num_queries
):
    world = recognition_world

    def queries_for(count: int) -> int:
        Decision.objects.all().delete()
        Request.objects.all().delete()
        made = _requests(world, [(RequestStatus.DECIDED, n % 9 + 1) for n in range(count)])
        for request in made:
            _decide(world, request, "M1", DecisionOutcome.PARTLY_EXEMPT, hours_exempted=5)
        with CaptureQueriesContext(connection) as captured:
            figures = overview.provider_overview(world.provider)
        assert sum(f.requests for f in figures.procedures) == count
        return len(captured)

    assert queries_for(5) == queries_for(50)
    with django_assert_max_num_queries(5):
        overview.provider_overview(world.provider)


def test_the_page_for_the_provider_admin_and_refused_to_others(
    client, recognition_world, six_requests
):
    world = recognition_world
    url = reverse("recognition_overview:provider", args=[world.provider.slug])
    client.force_login(world.provider_admin)
    assert client.get(reverse("recognition_overview:index"))["Location"] == url
    page = client.get(url).content.decode()
    assert re.search(r'data-testid="status-decided">3<', page)
    assert re.search(r'data-testid="days-median">3[.,]0<', page)
    assert re.search(r'data-testid="hours-exempted">110<', page)
    assert 'data-testid="fewer-than-five"' in page  # the deadline procedure
    assert world.learner.full_name not in page
    for person in (world.other_provider_admin, world.learner, world.assessor, world.coach):
        client.force_login(person)
        assert client.get(url).status_code == 403
        index = client.get(reverse("recognition_overview:index"))
        if person == world.other_provider_admin:  # to their own provider's overview
            assert index["Location"].endswith(f"/{world.other_provider.slug}/")
        else:
            assert index.status_code == 403


def test_the_matrix_page_imports_and_exports_for_a_maintainer(client, recognition_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trajectwijzer.recognition import matrix
    from trajectwijzer.recognition.models import ExemptionRule

    world = recognition_world
    url = reverse("recognition_overview:matrix")
    row = {
        "code": "A-1",
        "source_kind": "credential_type",
        "source_credential_type": "VCA",
        "target_module": matrix.module_reference(world.modules["M1"]),
        "grant": "hours",
        "hours": 8,
        "valid_from": "2026-01-01",
        "maintained_by": world.organisation.slug,
    }
    bad = {**row, "code": "A-2", "target_module": matrix.module_reference(world.modules["WPL"])}
    client.force_login(world.provider_admin)
    upload = SimpleUploadedFile("m.csv", matrix.dumps([row, bad], "csv").encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    [error] = re.findall(
        r'data-testid="matrix-errors">.*?<li>(.*?)</li>', response.content.decode(), re.S
    )
    assert "3" in error and "target_module" in error  # in the admin's language (Dutch)
    assert not ExemptionRule.objects.exists()
    upload = SimpleUploadedFile("m.csv", matrix.dumps([row], "csv").encode())
    response = client.post(url, {"file": upload})
    assert (
        response.status_code == 200 and 'data-testid="matrix-result"' in response.content.decode()
    )
    assert list(ExemptionRule.objects.values_list("code", flat=True)) == ["A-1"]
    exported = client.get(reverse("recognition_overview:matrix_export_csv"))
    assert exported["Content-Disposition"] == 'attachment; filename="exemption-matrix.csv"'
    assert exported.content.decode() == matrix.dumps(matrix.export_records(), "csv")
    # Another provider's admin sees none of these rules; others may not use the page.
    client.force_login(world.other_provider_admin)
    assert "A-1" not in client.get(url).content.decode()
    for person in (world.learner, world.coach, world.assessor):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.get(reverse("recognition_overview:matrix_export_json")).status_code == 403
