"""GDPR: recognition's export holds what it keeps on a person; erasure removes the
learner's requests, evidence files, decisions and certificates and keeps, anonymised,
what an assessor recorded about other learners."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from trajectwijzer.privacy import services as privacy
from trajectwijzer.recognition import services
from trajectwijzer.recognition.models import (
    AssessorRole,
    CompetenceCertificate,
    Decision,
    Evidence,
    Judgement,
    PriorQualification,
    RecognisedCompetence,
    Request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """Messages are asserted in English (the catalogues translate them for nl and fr)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


PDF = b"%PDF-1.4 MARKER-privacy-file\n%%EOF\n"


@pytest.fixture
def decided(recognition_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = recognition_world
    m1 = w.modules["M1"]
    request = services.start_request(
        w.learner,
        w.learner,
        procedure="rec-test",
        modules=[m1.pk],
        grounds=["evk"],
        motivation="MARKER-motivation",
        submit=True,
    )
    evidence = services.add_evidence(
        w.learner,
        request,
        kind="file",
        title="MARKER-evidence",
        dated_on="2026-02-02",
        upload=SimpleUploadedFile("diploma.pdf", PDF),
    )
    services.decide_admissibility(w.provider_admin, request, admissible=True)
    services.assign_assessor(w.provider_admin, request, w.assessor)
    services.assign_assessor(w.provider_admin, request, w.jury_chair, role=AssessorRole.JURY_CHAIR)
    services.complete_step(w.assessor, request, "intake", passed=True)
    services.hand_in_step(w.learner, request, "portfolio")
    services.record_judgements(
        w.assessor,
        request,
        "portfolio",
        judgements=[
            {"competence": "C1", "value": "good", "comment": "MARKER-judgement"},
            {"competence": "C2", "value": "good"},
        ],
    )
    services.complete_step(w.assessor, request, "portfolio")
    services.complete_step(w.jury_chair, request, "jury", passed=True)
    first = services.decide(
        w.jury_chair,
        request,
        decisions=[{"module": m1.pk, "outcome": "not_exempt", "reasoning": "MARKER-first"}],
    )
    services.communicate(w.jury_chair, request)
    services.supersede(w.jury_chair, first[0], outcome="exempt", reasoning="MARKER-corrected")
    services.record_prior_qualification(
        w.coach, w.learner, kind="diploma", title="MARKER-diploma", obtained_on="2015-06-30"
    )
    w.extras.update(request=request, evidence=evidence)
    return w


def test_the_export_holds_the_learner_s_recognition_data(decided):
    w = decided
    exported = privacy.export_person(w.learner)["recognition"]
    text = str(exported)
    for marker in (
        "MARKER-motivation",
        "MARKER-evidence",
        "MARKER-judgement",
        "MARKER-first",
        "MARKER-corrected",
        "MARKER-diploma",
    ):
        assert marker in text, marker
    assert [d["outcome"] for d in exported["decisions"]] == ["not_exempt", "exempt"]
    assert exported["certificates"][0]["number"].startswith("CB-2026-")
    assessor_export = privacy.export_person(w.assessor)["recognition"]
    assert assessor_export["judgements_by_you"][0]["comment"] == "MARKER-judgement"
    assert "MARKER-motivation" not in str(assessor_export)  # the learner's, not theirs


def test_erasing_the_learner_removes_everything_about_them_with_the_files(decided):
    w = decided
    path = w.extras["evidence"].file.name
    assert default_storage.exists(path)
    preview = privacy.erase_person(w.learner, dry_run=True, channel="cli")
    assert path in preview.files and Request.objects.filter(learner=w.learner).exists()
    result = privacy.erase_person(w.learner, dry_run=False, channel="cli")
    counts = {(c["model"], c["outcome"]): c["count"] for c in result.counts()}
    assert counts[("recognition.Decision", "deleted")] == 2
    assert counts[("recognition.Evidence", "deleted")] == 1
    for model in (
        Request,
        Evidence,
        Judgement,
        Decision,
        CompetenceCertificate,
        RecognisedCompetence,
        PriorQualification,
    ):
        assert not model.objects.exists(), model
    assert not default_storage.exists(path)


def test_erasing_an_assessor_keeps_their_judgements_of_others(decided):
    w = decided
    dry = privacy.erase_person(w.assessor, dry_run=True, channel="cli")
    kept = {line.model for line in dry.lines if line.outcome == "kept"}
    assert {"recognition.Judgement", "recognition.AssessorAssignment"} <= kept
    privacy.erase_person(w.assessor, dry_run=False, channel="cli")
    assert Judgement.objects.filter(request=w.extras["request"]).count() == 2
    assert Evidence.objects.filter(pk=w.extras["evidence"].pk).exists()
