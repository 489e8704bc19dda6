"""Export holds the person's data from every app; erasure leaves nothing identifying in
the database or storage, keeps what the law requires, and touches nobody else."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest

from trajectwijzer.accounts.models import (
    AccessLogEntry,
    Consent,
    LearnerLink,
    Membership,
    MembershipStatus,
    User,
)
from trajectwijzer.barometer.models import Entry
from trajectwijzer.caseload.models import CoachNote, Question
from trajectwijzer.competences.models import Assessment
from trajectwijzer.development.models import DevelopmentPlan, MatrixRow
from trajectwijzer.instruments.models import Response
from trajectwijzer.privacy import registry, services
from trajectwijzer.privacy.models import ErasureChannel, ErasureRecord, ErasureRequest

from .builders import CLASSMATE_EMAIL, CLASSMATE_NAME, PERSON_EMAIL, PERSON_NAME

pytestmark = pytest.mark.django_db


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")
            counts[table] = cursor.fetchone()[0]
    return counts


def table_contents() -> dict[str, list[tuple]]:
    """Every row of every table (the test database is small): a dry run must leave all equal."""
    with connection.cursor() as cursor:
        contents = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            contents[table] = sorted(map(repr, cursor.fetchall()))
    return contents


def cells_containing(needle: str) -> list[str]:
    """Every table and column whose text holds ``needle`` (case-insensitive), columns of
    any type cast to text, so JSON, text and char columns are all searched."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quoted_table} "
                    f"WHERE LOWER(CAST({quoted_column} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def classmate_counts(classmate: User) -> dict[str, int]:
    """Rows about the classmate in each app: erasing someone else must leave them all."""
    return {
        "enrolments": classmate.enrolments.count(),
        "links": LearnerLink.objects.filter(learner=classmate).count(),
        "consents": Consent.objects.filter(learner=classmate, withdrawn_at__isnull=True).count(),
        "tokens": classmate.api_tokens.count(),
        "coach_notes": CoachNote.objects.filter(learner=classmate).count(),
        "questions": Question.objects.filter(learner=classmate).count(),
        "signals": classmate.signals.count(),
        "entries": Entry.objects.filter(learner=classmate).count(),
        "assessments": Assessment.objects.filter(learner=classmate).count(),
        "matrix_rows": MatrixRow.objects.filter(employee=classmate).count(),
        "plans": DevelopmentPlan.objects.filter(row__employee=classmate).count(),
        "responses": Response.objects.filter(respondent=classmate).count(),
        "access_log": AccessLogEntry.objects.filter(learner=classmate).count(),
    }


# Export ---------------------------------------------------------------------------


def test_the_export_holds_the_persons_data_from_every_app(world):
    data = services.export_person(world.person)
    assert set(data) == {p.app_label for p in registry.providers()}
    assert data["accounts"]["profile"]["email"] == PERSON_EMAIL
    assert data["accounts"]["memberships"][0]["role"] == "learner"
    assert {row["kind"] for row in data["accounts"]["links"]} == {
        "coach",
        "teacher",
        "mentor",
        "employer",
    }
    assert data["accounts"]["consents_given"][0]["purpose"] == "Opvolging xq"
    assert data["accounts"]["api_tokens"][0]["name"] == "token xq"
    assert data["accounts"]["access_log_about_you"][0]["actor__full_name"] == "Cas Coach"
    assert data["trajectories"]["enrolments"][0]["workplace__name"] == "Werkgever Privacy"
    assert data["caseload"]["coach_notes"][0]["text"] == f"Gesprek met {PERSON_NAME} (xq)."
    assert data["caseload"]["follow_ups"][0]["what"] == f"Bellen naar {PERSON_EMAIL}"
    assert data["caseload"]["referrals"][0]["reason"] == "Geld xq"
    assert data["caseload"]["questions_asked"][0]["subject"] == "Vraag xq"
    assert {"about": PERSON_NAME} in [s["details"] for s in data["caseload"]["signals"]]
    assert data["barometer"]["entries"][0]["note"] == f"Gaat goed, {PERSON_NAME}"
    assessments = data["competences"]["assessments_about_you"]
    assert {(a["role"], a["level__rank"]) for a in assessments} == {("self", 2), ("teacher", 3)}
    assert any(a["evidence_file"] == world.evidence_path for a in assessments)
    assert data["development"]["plans"][0]["title"] == f"Plan van {PERSON_NAME}"
    assert data["development"]["goals"][0]["description"] == "Doel xq"
    assert data["development"]["actions"][0]["description"] == "Buddy xq"
    assert data["development"]["observations"][0]["note"] == "Observatie xq"
    response = data["instruments"]["responses"][0]
    assert response["version__instrument"] == "motivatiescan"
    assert response["status"] == "submitted"
    assert response["answers"]
    assert data["incentives"]["saved_situation"][0]["answers"] == {"person": {"status": "employee"}}
    assert data["privacy"]["erasure_requests"][0]["status"] == "open"
    json.dumps(data)  # serialisable as it is


def test_the_export_holds_nothing_of_the_classmate(world):
    text = json.dumps(services.export_person(world.person))
    assert PERSON_NAME in text
    assert CLASSMATE_NAME not in text
    assert CLASSMATE_EMAIL not in text
    assert json.loads(text)["caseload"]["referrals"][0]["reason"] == "Geld xq"


# Erasure --------------------------------------------------------------------------


def test_the_dry_run_lists_what_goes_and_changes_nothing(world):
    before = table_contents()
    result = services.erase_person(world.person, dry_run=True, channel=ErasureChannel.COMMAND_LINE)
    assert table_contents() == before
    assert default_storage.exists(world.evidence_path)
    lines = {(line.model, line.outcome): line.count for line in result.lines}
    assert lines[("caseload.CoachNote", "deleted")] == 1
    assert lines[("competences.Assessment", "deleted")] == 2
    assert lines[("accounts.User", "anonymised")] == 1
    assert lines[("accounts.Consent", "anonymised")] == 1
    assert lines[("admin.LogEntry", "anonymised")] == 1
    assert result.files == [world.evidence_path]
    assert result.record is None
    # The real run then does exactly what the dry run announced.
    real = services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    assert [(line.model, line.count, line.outcome) for line in real.lines] == [
        (line.model, line.count, line.outcome) for line in result.lines
    ]


def test_after_erasure_nothing_identifying_remains_in_the_database_or_storage(world):
    assert cells_containing(PERSON_EMAIL)  # the scan finds the person before
    assert cells_containing(PERSON_NAME)
    assert default_storage.exists(world.evidence_path)

    services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)

    assert cells_containing(PERSON_EMAIL) == []
    assert cells_containing(PERSON_NAME) == []
    assert not default_storage.exists(world.evidence_path)
    # The classmate is still fully there.
    assert cells_containing(CLASSMATE_EMAIL)
    assert cells_containing(CLASSMATE_NAME)


def test_erasure_deletes_exactly_what_it_reports_and_leaves_others_untouched(world):
    before = table_counts()
    classmate_before = classmate_counts(world.classmate)
    result = services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    after = table_counts()
    deleted: dict[str, int] = {}
    for line in result.lines:
        if line.outcome == registry.Outcome.DELETED and "." in line.model:
            table = _table_of(line.model)
            deleted[table] = deleted.get(table, 0) + line.count
    assert deleted["caseload_coachnote"] == 1
    assert deleted["instruments_response"] == 1
    assert deleted["development_matrixrow"] == 1
    for table, count in before.items():
        expected = count - deleted.get(table, 0)
        if table in {"privacy_erasurerecord"}:
            expected += 1
        assert after[table] == expected, table
    assert classmate_counts(world.classmate) == classmate_before


def _table_of(model_label: str) -> str:
    if model_label == "trajectories.Group.teachers":
        return "trajectories_group_teachers"
    return apps.get_model(model_label)._meta.db_table


def test_erasure_keeps_what_the_law_requires_without_naming_the_person(world):
    person_id = world.person.pk
    services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)

    person = User.objects.get(pk=person_id)
    assert person.email == f"erased-{person_id}@invalid"
    assert person.full_name == "—"
    assert not person.is_active
    assert not person.has_usable_password()
    assert set(Membership.objects.filter(user=person).values_list("status", flat=True)) == {
        MembershipStatus.ENDED
    }
    assert not any(link.is_current() for link in LearnerLink.objects.filter(learner=person))
    consent = Consent.objects.get(learner=person)  # kept, withdrawn
    assert consent.withdrawn_at is not None
    assert AccessLogEntry.objects.filter(learner=person, actor=world.coach).exists()
    assert person.api_tokens.count() == 0
    record = ErasureRecord.objects.get()
    assert record.request == ErasureRequest.objects.get(requested_by=person)
    assert record.request.status == "carried_out"
    assert record.files_deleted == 1
    assert {"model": "barometer.Entry", "count": 1, "outcome": "deleted"} in record.counts
    assert all(set(line) == {"model", "count", "outcome"} for line in record.counts)
    from django.contrib.admin.models import LogEntry

    history = LogEntry.objects.get(object_id=str(person_id))
    assert (history.object_repr, history.user) == ("—", world.admin)


def test_an_erased_person_cannot_log_in_any_more(client, world):
    from trajectwijzer.testing import PASSWORD

    assert client.login(email=PERSON_EMAIL, password=PASSWORD, request=HttpRequest())
    client.logout()
    client.force_login(world.person)
    services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    assert not client.login(email=PERSON_EMAIL, password=PASSWORD, request=HttpRequest())
    # The session that was open is gone too.
    assert client.get("/privacy/").status_code == 302


def test_a_coach_who_is_erased_leaves_the_notes_of_their_learners(world):
    notes_before = CoachNote.objects.filter(author=world.coach).count()
    result = services.erase_person(world.coach, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    assert CoachNote.objects.filter(author=world.coach).count() == notes_before == 2
    assert ("caseload.CoachNote", registry.Outcome.KEPT) in {
        (line.model, line.outcome) for line in result.lines
    }
    assert cells_containing("Cas Coach") == []
    # Their learners stay linked to nobody current.
    assert not LearnerLink.objects.filter(person=world.coach, ended_on__isnull=True).exists()


def test_staff_exports_hold_what_they_wrote_without_the_learners_identity(world):
    teacher = services.export_person(world.teacher)
    assert [g["name"] for g in teacher["trajectories"]["groups_taught"]]
    written = teacher["competences"]["assessments_by_you"]
    assert {a["comment"] for a in written} == {
        f"{PERSON_NAME} toont vooruitgang",
        f"{CLASSMATE_NAME} toont vooruitgang",
    }
    assert all("learner" not in key for a in written for key in a)
    coach = services.export_person(world.coach)
    assert len(coach["caseload"]["notes_written"]) == 2
    assert len(coach["accounts"]["access_log_by_you"]) == 2


def test_an_erasure_that_fails_halfway_changes_nothing_and_keeps_the_files(world, monkeypatch):
    before = table_contents()

    def broken(person, *, dry_run):
        raise RuntimeError("storage of the last app is down")

    # Accounts runs last: every other provider has deleted its rows by then.
    monkeypatch.setattr(registry.provider_for("accounts"), "erase", broken)
    with pytest.raises(RuntimeError):
        services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    assert table_contents() == before
    assert default_storage.exists(world.evidence_path)


def test_erasure_removes_the_queued_e_mails_that_carry_the_persons_address(
    world, django_capture_on_commit_callbacks
):
    """The task worker stores an e-mail's arguments (the report e-mail names its
    recipient): erasure deletes those rows too, and only those."""
    from django_tasks_db.models import DBTaskResult

    from trajectwijzer.incentives.report_mail import send_report
    from trajectwijzer.testing_tasks import database_tasks

    with database_tasks(), django_capture_on_commit_callbacks(execute=True):
        for recipient in (PERSON_EMAIL, "someone.else@example.org"):
            send_report(
                recipient,
                "192.0.2.1",
                answers={},
                skipped=[],
                language="nl",
                wizard_url="https://example.org/incentives/",
            )
    assert DBTaskResult.objects.count() == 2
    services.erase_person(world.person, dry_run=False, channel=ErasureChannel.COMMAND_LINE)
    remaining = [str(row.args_kwargs) for row in DBTaskResult.objects.all()]
    assert len(remaining) == 1 and "someone.else@example.org" in remaining[0]
