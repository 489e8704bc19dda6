"""The request flow through its use cases, with hand-worked decision cases.

The test procedure (fixtures/rec-test.yaml): intake (judged as a whole) → portfolio
(C1, C2; every competence must pass) → practical assignment only when the portfolio did
not pass (C1–C3; no insufficient) → jury deliberation (the jury chair). M1 is exempt
when the portfolio or the practical passed; M2 exempt after the practical, partly (10 of
its 30 hours) after the portfolio alone; the internship STAGE is shortened by 3 weeks
per passed assessment step (at most 6); WPL is workplace learning and never exempt.
"""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trajectwijzer.caseload.models import Signal
from trajectwijzer.recognition import queries, services
from trajectwijzer.recognition.models import (
    AssessorRole,
    Decision,
    DecisionOutcome,
    RecognisedCompetence,
    RequestStatus,
    StepStatus,
)
from trajectwijzer.testing import enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """Messages are asserted in English (the catalogues translate them for nl and fr)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name="bewijs.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict


def start(w, *, modules=("M1", "M2", "STAGE"), actor=None, **extra):
    return services.start_request(
        actor or w.learner,
        w.learner,
        procedure="rec-test",
        modules=[w.modules[code].pk for code in modules],
        grounds=["evc"],
        motivation="Tien jaar ervaring als houtbewerker.",
        **extra,
    )


def in_assessment(w, **extra):
    """Submitted, admissible, with the assessor and the jury chair assigned."""
    request = start(w, submit=True, **extra)
    services.decide_admissibility(w.provider_admin, request, admissible=True)
    services.assign_assessor(w.provider_admin, request, w.assessor)
    services.assign_assessor(w.provider_admin, request, w.jury_chair, role=AssessorRole.JURY_CHAIR)
    return request


def status_of(request, key):
    return request.steps.get(step_key=key).status


def judge(w, request, step, values: dict, *, minutes=0):
    return services.record_judgements(
        w.assessor,
        request,
        step,
        judgements=[
            {"competence": code, "value": value, "criteria": {"quality": value}}
            for code, value in values.items()
        ],
        minutes_spent=minutes,
    )


def through_intake(w, request):
    services.complete_step(w.assessor, request, "intake", passed=True, minutes_spent=30)


def through_portfolio(w, request, values):
    services.hand_in_step(w.learner, request, "portfolio")
    judge(w, request, "portfolio", values, minutes=90)
    services.complete_step(w.assessor, request, "portfolio")


def through_jury(w, request):
    services.complete_step(w.jury_chair, request, "jury", passed=True, minutes_spent=20)


# Starting and submitting -------------------------------------------------------------------


def test_a_learner_starts_and_submits_a_request_with_its_steps_and_history(recognition_world):
    w = recognition_world
    request = start(w, submit=True)
    assert request.status == RequestStatus.SUBMITTED
    assert request.started_as == "learner" and request.programme == w.programme
    assert [s.step_key for s in request.steps.order_by("position")] == [
        "intake",
        "portfolio",
        "practical",
        "jury",
    ]
    assert list(request.events.values_list("action", "to_status")) == [
        ("created", ""),
        ("submitted", RequestStatus.SUBMITTED),
    ]


def test_the_employer_hr_starts_a_request_for_the_learner_on_the_employer_s_behalf(
    recognition_world,
):
    w = recognition_world
    request = start(w, actor=w.employer_hr)
    assert (request.started_as, request.employer, request.started_by) == (
        "employer",
        w.employer,
        w.employer_hr,
    )


@pytest.mark.parametrize("who", ["stranger", "other_learner", "assessor", "provider_admin"])
def test_people_not_beside_the_learner_cannot_start_a_request(recognition_world, who):
    w = recognition_world
    with pytest.raises(PermissionDenied):
        start(w, actor=getattr(w, who))


def test_bad_start_input_is_refused_naming_each_field_and_nothing_is_saved(recognition_world):
    w = recognition_world
    with pytest.raises(ValidationError) as error:
        services.start_request(
            w.learner,
            w.learner,
            procedure="rec-test",
            modules=[w.other_programme.modules.get().pk],
            grounds=["astrology"],
        )
    errors = field_errors(error)
    assert "not a target of this procedure" in errors["modules"][0]
    assert "M1" in errors["modules"][0]
    assert "allowed: evc, evk, professional" in errors["grounds"][0]
    with pytest.raises(ValidationError) as error:
        services.start_request(w.learner, w.learner, procedure="nope", modules=[], grounds=["evc"])
    assert "rec-test" in field_errors(error)["procedure"][0]
    assert not w.learner.recognition_requests.exists()


def test_a_request_after_the_procedure_s_deadline_is_refused(recognition_world):
    """Syntra: a reasoned request before the course year. The learner is enrolled in the
    course year 2026–2027: requests before 15 September 2026; it is 14 October."""
    w = recognition_world
    enrol(w.learner, w.programme, started_on=datetime.date(2026, 9, 1))

    def attempt(on):
        return services.start_request(
            w.learner,
            w.learner,
            procedure="rec-test-deadline",
            modules=[w.modules["M1"].pk],
            grounds=["evc"],
            submit=True,
            on=on,
        )

    with pytest.raises(ValidationError) as error:
        attempt(timezone.localdate())
    assert "2026-09-15" in field_errors(error)["submitted_on"][0]
    assert not w.learner.recognition_requests.exists()  # the draft went with it
    with pytest.raises(ValidationError):
        attempt(datetime.date(2026, 9, 15))  # before 15 September, not on it
    assert attempt(datetime.date(2026, 9, 14)).status == RequestStatus.SUBMITTED


# Evidence ------------------------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_evidence_files_are_checked_by_their_content_and_stored_through_storage(
    recognition_world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    w = recognition_world
    request = start(w)
    evidence = services.add_evidence(
        w.learner,
        request,
        kind="file",
        title="Werkstuk",
        dated_on="2026-05-01",
        upload=upload("../../etc/werkstuk.pdf"),
    )
    assert evidence.content_type == "application/pdf" and evidence.original_name == "werkstuk.pdf"
    assert evidence.file.name.startswith(f"recognition/evidence/{request.public_id}/")
    assert evidence.file.read() == PDF
    docx = services.add_evidence(
        w.learner,
        request,
        kind="file",
        title="Verslag",
        dated_on="2026-05-02",
        upload=upload("verslag.docx", _docx(), "application/octet-stream"),
    )
    assert docx.content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf at all", "allowed: PDF, JPEG, PNG, ODT, DOCX"),
        ("leeg.pdf", b"", "empty"),
        ("groot.pdf", PDF + b"x" * 2048, "at most 1024 bytes"),
    ],
)
def test_an_upload_of_the_wrong_type_or_over_the_limit_is_refused(
    recognition_world, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    settings.RECOGNITION_EVIDENCE_MAX_BYTES = 1024
    w = recognition_world
    request = start(w)
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            w.learner,
            request,
            kind="file",
            title="X",
            dated_on="2026-05-01",
            upload=upload(name, content),
        )
    assert message in field_errors(error)["upload"][0]
    assert not request.evidence.exists() and not list(tmp_path.rglob("*"))


def test_a_link_in_the_future_or_without_https_is_refused(recognition_world):
    w = recognition_world
    request = start(w)
    with pytest.raises(ValidationError) as error:
        services.add_evidence(
            w.learner, request, kind="link", title="Site", dated_on="2099-01-01", url="ftp://x"
        )
    errors = field_errors(error)
    assert "later than today" in errors["dated_on"][0]
    assert "https://" in errors["url"][0]


def test_mapping_to_an_outcome_outside_the_target_is_refused(recognition_world):
    w = recognition_world
    request = start(w)
    evidence = services.add_evidence(
        w.learner, request, kind="link", title="Site", dated_on="2026-01-01", url="https://x.be"
    )
    c1, c9 = w.competences["C1"], w.competences["C9"]
    with pytest.raises(ValidationError) as error:
        services.map_evidence(
            w.learner,
            evidence,
            outcomes=[(c9.pk, None), (c1.pk, w.indicators["C2.1"].pk)],
        )
    errors = field_errors(error)
    assert "not a learning outcome of this procedure" in errors["outcomes.0.competence"][0]
    assert "not an indicator of competence C1" in errors["outcomes.1.indicator"][0]
    assert not evidence.mappings.exists()
    [mapping] = services.map_evidence(
        w.learner, evidence, outcomes=[(c1.pk, w.indicators["C1.1"].pk)]
    )
    assert (mapping.competence, mapping.indicator) == (c1, w.indicators["C1.1"])


# Decisions: hand-worked cases ----------------------------------------------------------------


def test_portfolio_passed_exempts_m1_partly_exempts_m2_and_shortens_the_internship(
    recognition_world, django_capture_on_commit_callbacks
):
    """Portfolio passed (C1 good, C2 sufficient): the practical is not needed (skipped);
    M1 exempt; M2 partly — 10 of 30 hours, the rest followed; STAGE 3 weeks shorter (one
    passed step, 3 weeks each); the certificate recognises C1–C3."""
    w = recognition_world
    request = in_assessment(w)
    assert status_of(request, "intake") == StepStatus.WAITING_ON_ASSESSOR
    through_intake(w, request)
    assert status_of(request, "portfolio") == StepStatus.WAITING_ON_LEARNER
    through_portfolio(w, request, {"C1": "good", "C2": "sufficient"})
    assert status_of(request, "practical") == StepStatus.SKIPPED
    assert status_of(request, "jury") == StepStatus.WAITING_ON_ASSESSOR
    with pytest.raises(PermissionDenied):  # the jury step is the chair's
        services.complete_step(w.assessor, request, "jury", passed=True)
    through_jury(w, request)

    proposed = {p.module.code: p for p in services.proposed_outcomes(request)}
    assert proposed["M1"].outcome == DecisionOutcome.EXEMPT
    assert (proposed["M2"].outcome, proposed["M2"].hours_exempted) == (
        DecisionOutcome.PARTLY_EXEMPT,
        10,
    )
    assert (proposed["STAGE"].outcome, proposed["STAGE"].internship_weeks_reduced) == (
        DecisionOutcome.PARTLY_EXEMPT,
        3,
    )
    with pytest.raises(PermissionDenied):  # the deciding role is the jury chair
        services.decide(w.assessor, request, decisions=[])
    services.decide(
        w.jury_chair,
        request,
        decisions=[
            {"module": w.modules["M1"].pk, "outcome": "exempt", "reasoning": "Portfolio goed."},
            {
                "module": w.modules["M2"].pk,
                "outcome": "partly_exempt",
                "hours_exempted": 10,
                "remaining_part": "Hoofdstukken 3 en 4 (20 uur).",
                "reasoning": "C2 voldoende, C3 niet aangetoond.",
            },
            {
                "module": w.modules["STAGE"].pk,
                "outcome": "partly_exempt",
                "internship_weeks_reduced": 3,
                "remaining_part": "Stage van de resterende weken.",
                "reasoning": "Huidige job dekt een deel.",
            },
        ],
    )
    assert queries.exemptions_for(w.learner) == []  # not communicated yet
    with django_capture_on_commit_callbacks(execute=True):
        services.communicate(w.jury_chair, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED  # the appeal is open for 30 days
    exemptions = {
        e.module_code: e for e in queries.exemptions_for(w.learner, programme=w.programme)
    }
    assert (exemptions["M1"].kind, exemptions["M1"].hours) == ("whole", 40)
    assert (exemptions["M2"].kind, exemptions["M2"].hours) == ("partial", 10)
    assert (exemptions["STAGE"].kind, exemptions["STAGE"].internship_weeks) == ("partial", 3)
    assert exemptions["M1"].valid_until == datetime.date(2031, 10, 13)  # five years
    assert request.certificate.valid_until == datetime.date(2031, 10, 13)
    recognised = queries.recognised_competences(w.learner)
    assert {w.competences[c].pk for c in ("C1", "C2", "C3")} <= set(recognised)
    [message] = mail.outbox
    assert message.to == [w.learner.email] and "Testprocedure" in message.subject
    minutes = sum(request.steps.values_list("minutes_spent", flat=True))
    assert minutes == 30 + 90 + 20


def test_portfolio_not_passed_needs_the_practical_which_exempts_both_modules(recognition_world):
    w = recognition_world
    request = in_assessment(w, modules=("M1", "M2"))
    through_intake(w, request)
    through_portfolio(w, request, {"C1": "insufficient", "C2": "good"})
    assert status_of(request, "portfolio") == StepStatus.NOT_PASSED
    assert status_of(request, "practical") == StepStatus.WAITING_ON_LEARNER
    services.hand_in_step(w.learner, request, "practical")
    judge(w, request, "practical", {"C1": "sufficient", "C3": "good"})  # C2 unjudged: no block
    services.complete_step(w.assessor, request, "practical")
    assert status_of(request, "practical") == StepStatus.PASSED
    proposed = {p.module.code: p.outcome for p in services.proposed_outcomes(request)}
    assert proposed == {"M1": DecisionOutcome.EXEMPT, "M2": DecisionOutcome.EXEMPT}


def test_the_workplace_module_and_wrong_amounts_are_refused_naming_the_field(recognition_world):
    w = recognition_world
    request = in_assessment(w, modules=("M1", "M2", "STAGE", "WPL"))
    through_intake(w, request)
    through_portfolio(w, request, {"C1": "good", "C2": "good"})
    through_jury(w, request)
    with pytest.raises(ValidationError) as error:
        services.decide(
            w.jury_chair,
            request,
            decisions=[
                {"module": w.modules["WPL"].pk, "outcome": "exempt", "reasoning": "Werkt er al."},
                {
                    "module": w.modules["M2"].pk,
                    "outcome": "partly_exempt",
                    "hours_exempted": 30,
                    "reasoning": "Alles?",
                },
                {
                    "module": w.modules["STAGE"].pk,
                    "outcome": "partly_exempt",
                    "internship_weeks_reduced": 9,
                    "hours_exempted": 5,
                    "remaining_part": "rest",
                    "reasoning": "Lange job.",
                },
                {"module": w.other_programme.modules.get().pk, "outcome": "exempt"},
                {"module": w.modules["M1"].pk, "outcome": "exempt", "reasoning": ""},
            ],
        )
    errors = field_errors(error)
    assert "workplace learning, which is never exempted" in errors["decisions.0.outcome"][0]
    assert "Between 1 and 29 hours" in errors["decisions.1.hours_exempted"][0]
    assert "Name the part" in errors["decisions.1.remaining_part"][0]
    assert "At most 6 weeks" in errors["decisions.2.internship_weeks_reduced"][0]
    assert "never reduced in hours" in errors["decisions.2.hours_exempted"][0]
    assert "not a module of this request" in errors["decisions.3.module"][0]
    assert errors["decisions.4.reasoning"]
    assert not Decision.objects.exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_ASSESSMENT


def test_a_communicated_decision_is_immutable_and_corrected_by_a_superseding_one(
    recognition_world,
):
    w = recognition_world
    request = in_assessment(w, modules=("M1", "M2"))
    through_intake(w, request)
    through_portfolio(w, request, {"C1": "good", "C2": "good"})
    through_jury(w, request)
    services.decide(
        w.jury_chair,
        request,
        decisions=[
            {"module": w.modules["M1"].pk, "outcome": "exempt", "reasoning": "Goed."},
            {"module": w.modules["M2"].pk, "outcome": "not_exempt", "reasoning": "Te weinig."},
        ],
    )
    services.communicate(w.jury_chair, request)
    old = request.decisions.get(module=w.modules["M2"])
    old.reasoning = "changed afterwards"
    with pytest.raises(ValidationError):
        old.save()
    with pytest.raises(ValidationError) as error:
        services.decide(
            w.jury_chair,
            request,
            decisions=[{"module": w.modules["M2"].pk, "outcome": "exempt", "reasoning": "x"}],
        )
    assert "supersedes" in field_errors(error)["decisions.0.module"][0]
    services.appeal(w.learner, request, reason="Mijn attest van de werkgever werd vergeten.")
    new = services.supersede(
        w.jury_chair,
        old,
        outcome="partly_exempt",
        hours_exempted=12,
        remaining_part="Deel 2.",
        reasoning="Attest werkgever alsnog bekeken.",
    )
    assert new.supersedes == old and new.communicated_at is not None
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    exemptions = {e.module_code: e for e in queries.exemptions_for(w.learner)}
    assert (exemptions["M2"].kind, exemptions["M2"].hours, exemptions["M2"].decision_id) == (
        "partial",
        12,
        new.pk,
    )
    with pytest.raises(ValidationError) as error:
        services.supersede(w.jury_chair, old, outcome="exempt", reasoning="again")
    assert "superseded already" in field_errors(error)["decision"][0]


def test_no_appeal_where_the_procedure_allows_none_and_the_provider_admin_decides(
    recognition_world,
):
    w = recognition_world
    request = services.start_request(
        w.learner,
        w.learner,
        procedure="rec-test-deadline",
        modules=[w.modules["M1"].pk],
        grounds=["evc"],
        submit=True,
    )
    services.decide_admissibility(w.provider_admin, request, admissible=True)
    services.assign_assessor(w.provider_admin, request, w.assessor)
    services.hand_in_step(w.learner, request, "test")
    services.record_judgements(
        w.assessor, request, "test", judgements=[{"competence": "C1", "value": "fail"}]
    )
    services.complete_step(w.assessor, request, "test")
    [proposal] = services.proposed_outcomes(request)
    assert proposal.outcome == DecisionOutcome.NOT_EXEMPT
    with pytest.raises(PermissionDenied):
        services.decide(w.assessor, request, decisions=[])
    services.decide(
        w.provider_admin,
        request,
        decisions=[{"module": w.modules["M1"].pk, "outcome": "not_exempt", "reasoning": "Proef."}],
    )
    services.communicate(w.provider_admin, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    with pytest.raises(ValidationError) as error:
        services.appeal(w.learner, request, reason="Oneens.")
    assert "no appeal" in field_errors(error)["request"][0]
    assert not RecognisedCompetence.objects.exists()


def test_not_admissible_needs_a_reason_and_an_assessor_must_hold_the_role(recognition_world):
    w = recognition_world
    request = start(w, submit=True)
    with pytest.raises(ValidationError) as error:
        services.decide_admissibility(w.provider_admin, request, admissible=False)
    assert field_errors(error)["reason"]
    with pytest.raises(ValidationError) as error:
        services.assign_assessor(w.provider_admin, request, w.coach)
    assert "no active assessor membership" in field_errors(error)["assessor"][0]
    with pytest.raises(PermissionDenied):
        services.decide_admissibility(w.other_provider_admin, request, admissible=True)
    services.decide_admissibility(w.provider_admin, request, admissible=False, reason="Geen werk.")
    request.refresh_from_db()
    assert (request.status, request.not_admissible_reason) == (
        RequestStatus.NOT_ADMISSIBLE,
        "Geen werk.",
    )


def test_a_step_waiting_on_the_learner_too_long_raises_one_signal_for_the_coach(
    recognition_world,
):
    w = recognition_world
    request = in_assessment(w)
    through_intake(w, request)
    due = request.steps.get(step_key="portfolio").due_on
    assert due == timezone.localdate() + datetime.timedelta(days=30)
    assert services.check_waiting_steps(due).signals == 0
    later = due + datetime.timedelta(days=1)
    assert services.check_waiting_steps(later).signals == 1
    assert services.check_waiting_steps(later).signals == 0  # still open: not raised twice
    signal = Signal.objects.get(learner=w.learner)
    assert signal.source == "recognition" and signal.details["step"] == "portfolio"


def test_withdrawing_ends_the_assignments_and_hides_the_request_from_the_assessor(
    recognition_world,
):
    w = recognition_world
    request = in_assessment(w)
    assert queries.assigned_requests(w.assessor) == [request]
    services.withdraw_request(w.learner, request, reason="Andere job.")
    assert queries.assigned_requests(w.assessor) == []
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_the_signals_command_raises_now_or_through_the_task_worker(recognition_world, capsys):
    from trajectwijzer.recognition import cli_flow

    w = recognition_world
    request = in_assessment(w)
    through_intake(w, request)
    later = request.steps.get(step_key="portfolio").due_on + datetime.timedelta(days=1)
    assert cli_flow.signals(queue=True, on=later) == 0  # the tests' task backend runs it at once
    assert "queued for the task worker" in capsys.readouterr().out
    assert Signal.objects.filter(learner=w.learner).count() == 1
    assert cli_flow.signals(on=later) == 0
    assert "signals raised: 0" in capsys.readouterr().out
