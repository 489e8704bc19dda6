"""The recognition pages, through what each person gets: HTML, the PDFs' text (pypdf on
the served bytes) and the evidence file served.

One walk through a request by pages (start, admissibility, assessors, evidence and its
mapping, judgements, steps, decisions pre-filled from the procedure, communicate), then
who may see what: every role against the request page, the evidence download, the
decision letter and the certificate, allowed and denied.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from trajectwijzer.accounts.models import AccessLogEntry, Consent, ConsentScope, Role
from trajectwijzer.recognition import services
from trajectwijzer.recognition.models import (
    AssessorRole,
    Decision,
    DecisionOutcome,
    Evidence,
    EvidenceMapping,
    Request,
    RequestStatus,
)
from trajectwijzer.testing import enrol, make_member

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n% MARKER evidence bytes\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MARK_EVIDENCE_TITLE = "MARKER-werkstuk-titel"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _url(name: str, req: Request, **kwargs) -> str:
    return reverse(f"recognition:{name}", kwargs={"public_id": req.public_id, **kwargs})


def _walk_to_decision(w, settings, tmp_path):
    """The whole request through the pages; returns the communicated request."""
    settings.MEDIA_ROOT = tmp_path / "media"
    learner, admin = _client(w.learner), _client(w.provider_admin)
    assessor, chair = _client(w.assessor), _client(w.jury_chair)
    m1, m2, stage = w.modules["M1"], w.modules["M2"], w.modules["STAGE"]

    # The learner starts and submits a request.
    page = learner.get(reverse("recognition:start_procedure", args=["rec-test"]))
    assert page.status_code == 200 and "M2" in page.content.decode()
    response = learner.post(
        reverse("recognition:start_procedure", args=["rec-test"]),
        {"modules": [m1.pk, m2.pk, stage.pk], "grounds": ["evc"], "submit": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    req = Request.objects.get(learner=w.learner)
    assert req.status == RequestStatus.SUBMITTED

    # The provider admin finds it admissible and assigns an assessor and the jury chair.
    assert (
        admin.post(_url("admissibility", req), {"admissibility-admissible": "yes"}).status_code
        == 302
    )
    for person, role in ((w.assessor, AssessorRole.ASSESSOR), (w.jury_chair, "jury_chair")):
        response = admin.post(
            _url("assign", req), {"assign-assessor": person.pk, "assign-role": role}
        )
        assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.IN_ASSESSMENT
    assert req.assignments.filter(ended_at__isnull=True).count() == 2

    # The learner uploads evidence and maps it to an indicator and a competence.
    upload = SimpleUploadedFile("werkstuk.pdf", PDF_BYTES, content_type="application/pdf")
    response = learner.post(
        _url("add_evidence", req),
        {
            "kind": "file",
            "title": MARK_EVIDENCE_TITLE,
            "dated_on": "2026-05-01",
            "description": "Een kast die ik maakte",
            "upload": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    evidence = Evidence.objects.get(request=req)
    c1_1, c2 = w.indicators["C1.1"], w.competences["C2"]
    response = learner.post(
        reverse("recognition:map_evidence", args=[evidence.pk]),
        {f"map{evidence.pk}-outcomes": [f"i{c1_1.pk}", f"c{c2.pk}"]},
    )
    assert response.status_code == 302
    assert EvidenceMapping.objects.filter(evidence=evidence).count() == 2

    # The assessor sees the outcomes × evidence matrix and judges a mapping.
    page = assessor.get(_url("request", req)).content.decode()
    assert 'data-testid="outcome-matrix"' in page and MARK_EVIDENCE_TITLE in page
    mapping = EvidenceMapping.objects.get(evidence=evidence, indicator=c1_1)
    response = assessor.post(
        reverse("recognition:judge_mapping", args=[mapping.pk]),
        {f"judge{mapping.pk}-judgement": "sufficient", f"judge{mapping.pk}-comment": "Netjes"},
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.judgement == "sufficient" and mapping.comment == "Netjes"

    # Steps: intake (judged as a whole), the portfolio judged per competence; the
    # practical assignment is then not needed; the jury chair ends the jury step.
    assert (
        assessor.post(_url("complete_step", req, step_key="intake"), {"passed": "yes"}).status_code
        == 302
    )
    form_page = assessor.get(_url("step", req, step_key="portfolio"))
    assert form_page.status_code == 200 and "Kwaliteit" in form_page.content.decode()
    response = assessor.post(
        _url("step", req, step_key="portfolio"),
        {
            f"value_{w.competences['C1'].pk}": "good",
            f"criterion_{w.competences['C1'].pk}_quality": "good",
            f"value_{w.competences['C2'].pk}": "sufficient",
            f"comment_{w.competences['C2'].pk}": "Voldoende bewijs",
            "minutes_spent": "45",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    # The judgements are shown with the scale's labels (in Dutch), the comment with them.
    judged = assessor.get(_url("request", req)).content.decode()
    assert "<td>Goed</td>" in judged and "Voldoende bewijs" in judged
    assert assessor.post(_url("complete_step", req, step_key="portfolio")).status_code == 302
    assert (
        chair.post(_url("complete_step", req, step_key="jury"), {"passed": "yes"}).status_code
        == 302
    )
    statuses = dict(req.steps.values_list("step_key", "status"))
    assert statuses == {
        "intake": "passed",
        "portfolio": "passed",
        "practical": "skipped",
        "jury": "passed",
    }

    # The jury chair decides: the form is pre-filled from the procedure's outcomes.
    decide_page = chair.get(_url("decide", req))
    assert decide_page.status_code == 200
    form = decide_page.context["form"]
    assert form[f"outcome_{m1.pk}"].value() == DecisionOutcome.EXEMPT
    assert form[f"outcome_{m2.pk}"].value() == DecisionOutcome.PARTLY_EXEMPT
    assert form[f"hours_{m2.pk}"].value() == 10
    assert form[f"weeks_{stage.pk}"].value() == 3
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data[f"remaining_{m2.pk}"] = "De praktijkopdrachten van module M2 (20 uur)"
    data[f"remaining_{stage.pk}"] = "Drie weken stage"
    response = chair.post(_url("decide", req), data)
    assert response.status_code == 302, response.content.decode()[:4000]
    assert chair.post(_url("communicate", req)).status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.DECIDED
    return req


def test_a_request_from_start_to_letter_through_the_pages(recognition_world, settings, tmp_path):
    w = recognition_world
    enrol(w.learner, w.programme)
    req = _walk_to_decision(w, settings, tmp_path)
    learner = _client(w.learner)

    page = learner.get(_url("request", req)).content.decode()
    assert 'data-status="decided"' in page
    assert "Eerder verworven competenties (EVC)" in page  # the grounds, in words
    assert page.count('data-testid="decision"') == 3

    # The decision letter, in the learner's language (Dutch), from the served bytes.
    text = _pdf_text(learner.get(_url("decision_letter", req)))
    assert "Beslissing over je aanvraag" in text
    assert "M2" in text and "10 uur" in text
    assert "De praktijkopdrachten van module M2" in text
    assert "3 weken" in text
    assert "beroep" in text  # the procedure allows an appeal (30 days)
    assert "Juryvoorzitter" in text  # who decided, in words

    # The same letter in French for a learner who reads French.
    w.learner.preferred_language = "fr"
    w.learner.save(update_fields=["preferred_language"])
    assert "Décision" in _pdf_text(learner.get(_url("decision_letter", req)))

    # The competentiebewijs lists the recognised competences.
    certificate = _pdf_text(learner.get(_url("certificate_pdf", req)))
    assert "Competence C1" in certificate and "Competence C2" in certificate

    # MICOON shows the recognised competences as recognised, with a link to the request.
    mine = learner.get(reverse("competences:mine")).content.decode()
    assert 'data-testid="recognised" data-competence="C1"' in mine
    assert _url("request", req) in mine
    # The self-assessment does not ask to score a recognised competence again.
    score = learner.get(reverse("competences:score", args=[w.learner.pk]))
    assert score.status_code == 200
    score_page = score.content.decode()
    assert 'data-testid="recognised" data-competence="C1"' in score_page
    assert f'name="level-{w.indicators["C1.1"].pk}"' not in score_page
    assert f'name="level-{w.indicators["C9.1"].pk}"' in score_page  # not recognised: asked
    # The coach (who may see the request's decisions) sees it too; the mentor, who may
    # not see this request, is still asked to score (no recognised mark, no link).
    learner_page = reverse("competences:learner", args=[w.learner.pk])
    coach_view = _client(w.coach).get(learner_page).content.decode()
    assert 'data-testid="recognised" data-competence="C1"' in coach_view
    mentor_view = _client(w.mentor).get(learner_page)
    assert mentor_view.status_code == 200 and "competence-block" in mentor_view.content.decode()
    assert 'data-testid="recognised"' not in mentor_view.content.decode()


def test_bad_input_names_the_field_and_saves_nothing(recognition_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    learner = _client(w.learner)
    req = services.start_request(
        w.learner, w.learner, procedure="rec-test", modules=[w.modules["M1"].pk], grounds=["evc"]
    )
    # A file that is not one of the allowed types (its name says PDF; its content not).
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = learner.post(
        _url("add_evidence", req),
        {"kind": "file", "title": "CV", "dated_on": "2026-05-01", "upload": fake},
    )
    assert response.status_code == 400
    errors = response.context["evidence_form"].errors
    assert "upload" in errors and "PDF" in " ".join(errors["upload"])
    assert not Evidence.objects.filter(request=req).exists()
    # Over the size limit: refused on the upload field with the limit named.
    settings.RECOGNITION_EVIDENCE_MAX_BYTES = 40
    big = SimpleUploadedFile("groot.pdf", PDF_BYTES, content_type="application/pdf")
    response = learner.post(
        _url("add_evidence", req),
        {"kind": "file", "title": "Groot", "dated_on": "2026-05-01", "upload": big},
    )
    assert response.status_code == 400
    assert "40" in " ".join(response.context["evidence_form"].errors["upload"])
    # A link is evidence too (an employer's statement online).
    response = learner.post(
        _url("add_evidence", req),
        {
            "kind": "link",
            "title": "Verklaring werkgever",
            "dated_on": "2026-05-01",
            "url": "https://werkgever.example/verklaring",
        },
    )
    assert response.status_code == 302
    assert Evidence.objects.get(request=req).url == "https://werkgever.example/verklaring"
    page = learner.get(_url("request", req)).content.decode()
    assert 'href="https://werkgever.example/verklaring"' in page
    # A request after the procedure's deadline (15 September, before the course year
    # the learner is enrolled in started).
    enrol(w.learner, w.programme, started_on=datetime.date(2026, 9, 1))
    response = learner.post(
        reverse("recognition:start_procedure", args=["rec-test-deadline"]),
        {"modules": [w.modules["M1"].pk], "grounds": ["evc"], "submit": "on"},
    )
    assert response.status_code == 400
    assert "15" in " ".join(str(e) for e in response.context["form"].non_field_errors())
    assert Request.objects.filter(learner=w.learner).count() == 1


def _decided_request(w, *, started_by=None):
    """A communicated request built by the services (the pages walk is tested above)."""
    req, evidence = _assessed_request(w, started_by=started_by)
    services.decide(
        w.jury_chair,
        req,
        decisions=[
            {"module": w.modules["M1"].pk, "outcome": "exempt", "reasoning": "Portfolio goed"}
        ],
    )
    services.communicate(w.jury_chair, req)
    return req, evidence


def _assessed_request(w, *, started_by=None, modules=("M1",)):
    """A request whose steps are all done, ready for the decision."""
    actor = started_by or w.learner
    req = services.start_request(
        actor,
        w.learner,
        procedure="rec-test",
        modules=[w.modules[code].pk for code in modules],
        grounds=["evc"],
        submit=True,
    )
    services.decide_admissibility(w.provider_admin, req, admissible=True)
    services.assign_assessor(w.provider_admin, req, w.assessor)
    services.assign_assessor(w.provider_admin, req, w.jury_chair, role=AssessorRole.JURY_CHAIR)
    evidence = services.add_evidence(
        w.learner,
        req,
        kind="file",
        title=MARK_EVIDENCE_TITLE,
        dated_on="2026-05-01",
        upload=SimpleUploadedFile("bewijs.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    services.map_evidence(w.learner, evidence, outcomes=[(w.competences["C1"].pk, None)])
    services.complete_step(w.assessor, req, "intake", passed=True)
    services.record_judgements(
        w.assessor,
        req,
        "portfolio",
        judgements=[
            {"competence": "C1", "value": "good"},
            {"competence": "C2", "value": "sufficient"},
        ],
    )
    services.complete_step(w.assessor, req, "portfolio")
    services.complete_step(w.jury_chair, req, "jury", passed=True)
    return req, evidence


def test_who_sees_what_of_a_request(recognition_world, settings, tmp_path):
    """Every role against the request page, its evidence, the letter and the certificate."""
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    req, evidence = _decided_request(w)
    consenting_coach = make_member(Role.COACH, w.organisation, full_name="Cato Coach")
    from trajectwijzer.accounts.models import LinkKind
    from trajectwijzer.testing import link

    link(w.learner, LinkKind.COACH, person=consenting_coach)
    Consent.objects.create(
        learner=w.learner, scope=ConsentScope.RECOGNITION, recipient_user=consenting_coach
    )
    urls = {
        "page": _url("request", req),
        "evidence": reverse("recognition:evidence", args=[evidence.pk]),
        "letter": _url("decision_letter", req),
        "certificate": _url("certificate_pdf", req),
    }
    # who: (page, sees evidence on the page, evidence download, letter, certificate)
    expected = {
        "learner": (w.learner, 200, True, 200, 200, 200),
        "assessor": (w.assessor, 200, True, 200, 200, 200),
        "jury_chair": (w.jury_chair, 200, True, 200, 200, 200),
        "coach": (w.coach, 200, False, 404, 200, 200),
        "consenting_coach": (consenting_coach, 200, True, 200, 200, 200),
        "provider_admin": (w.provider_admin, 200, False, 404, 200, 200),
        "employer_hr": (w.employer_hr, 404, False, 404, 404, 404),  # learner started it
        "mentor": (w.mentor, 404, False, 404, 404, 404),
        "other_assessor": (w.other_assessor, 404, False, 404, 404, 404),
        "other_provider_admin": (w.other_provider_admin, 404, False, 404, 404, 404),
        "stranger": (w.stranger, 404, False, 404, 404, 404),
    }
    problems = []
    for who, (user, page_status, sees, file_status, letter_status, cert_status) in expected.items():
        client = _client(user)
        before = AccessLogEntry.objects.filter(actor=user, learner=w.learner).count()
        page = client.get(urls["page"])
        if page.status_code != page_status:
            problems.append(f"{who}: page {page.status_code}, expected {page_status}")
        body = page.content.decode()
        if (MARK_EVIDENCE_TITLE in body) != sees:
            problems.append(f"{who}: evidence {'shown' if not sees else 'not shown'} on the page")
        download = client.get(urls["evidence"])
        if download.status_code != file_status:
            problems.append(f"{who}: evidence file {download.status_code}, expected {file_status}")
        elif file_status == 200:
            served = b"".join(download.streaming_content)
            if served != PDF_BYTES or not download["Content-Disposition"].startswith("attachment"):
                problems.append(f"{who}: the evidence file was not served as an attachment")
            if "no-store" not in download["Cache-Control"]:
                problems.append(f"{who}: the evidence file may be cached")
        for name, status in (("letter", letter_status), ("certificate", cert_status)):
            got = client.get(urls[name])
            if got.status_code != status:
                problems.append(f"{who}: {name} {got.status_code}, expected {status}")
            elif status == 200 and "M1" not in _pdf_text(got) and name == "letter":
                problems.append(f"{who}: the letter does not name the module")
        logged = AccessLogEntry.objects.filter(actor=user, learner=w.learner).count() - before
        if who != "learner" and page_status == 200 and logged < 1:
            problems.append(f"{who}: read without an access-log entry")
        if page_status == 404 and logged:
            problems.append(f"{who}: refused, yet {logged} access-log entries were written")
    # Nobody signed in: the login page.
    for url in urls.values():
        if Client().get(url).status_code != 302:
            problems.append(f"visitor: {url} not sent to log in")
    assert not problems, "\n".join(problems)


def test_the_employer_sees_the_request_it_started_and_no_evidence(
    recognition_world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    req, evidence = _decided_request(w, started_by=w.employer_hr)
    hr = _client(w.employer_hr)
    page = hr.get(_url("request", req))
    assert page.status_code == 200 and 'data-testid="decision"' in page.content.decode()
    assert MARK_EVIDENCE_TITLE not in page.content.decode()
    assert hr.get(reverse("recognition:evidence", args=[evidence.pk])).status_code == 404
    assert "M1" in _pdf_text(hr.get(_url("decision_letter", req)))


def test_writes_are_refused_to_those_who_may_only_read(recognition_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    req, _evidence = _decided_request(w)
    decision = Decision.objects.get(request=req)
    coach, admin = _client(w.coach), _client(w.provider_admin)
    # The coach may read the request but not decide, assess or add evidence.
    assert coach.post(_url("communicate", req)).status_code == 403
    assert coach.post(_url("complete_step", req, step_key="jury")).status_code == 403
    assert coach.get(_url("decide", req)).status_code == 403
    assert coach.post(_url("add_evidence", req), {}).status_code == 403
    # The provider admin manages but does not decide in a jury-chair procedure.
    assert admin.post(reverse("recognition:supersede", args=[decision.pk]), {}).status_code == 403
    # Someone with no relation gets 404, as if it did not exist.
    assert _client(w.stranger).post(_url("communicate", req)).status_code == 404


def test_lists_and_start_page_per_role(recognition_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    req, _evidence = _decided_request(w)
    index = reverse("recognition:index")
    shows = {
        w.learner: True,
        w.assessor: True,
        w.provider_admin: True,
        w.coach: True,
        w.other_assessor: False,
        w.other_provider_admin: False,
        w.employer_hr: False,
        w.stranger: False,
    }
    link = _url("request", req)
    problems = [
        f"{user.full_name}: {'lists' if not expected else 'does not list'} the request"
        for user, expected in shows.items()
        if (link in _client(user).get(index).content.decode()) != expected
    ]
    assert not problems, problems
    # The coach's view of one learner, and starting a request on their behalf.
    page = _client(w.coach).get(reverse("recognition:learner", args=[w.learner.pk]))
    assert page.status_code == 200 and link in page.content.decode()
    assert (
        _client(w.stranger).get(reverse("recognition:learner", args=[w.learner.pk])).status_code
        == 404
    )
    start = _client(w.coach).get(reverse("recognition:start") + f"?learner={w.learner.pk}")
    assert start.status_code == 200 and "Testprocedure" in start.content.decode()
    refused = _client(w.stranger).get(reverse("recognition:start") + f"?learner={w.learner.pk}")
    assert refused.status_code == 404
    # The employer's HR starts one on the learner's behalf; it shows who started it.
    response = _client(w.employer_hr).post(
        reverse("recognition:start_procedure", args=["rec-test"]),
        {"learner": w.learner.pk, "modules": [w.modules["M2"].pk], "grounds": ["professional"]},
    )
    assert response.status_code == 302
    started = Request.objects.get(learner=w.learner, started_by=w.employer_hr)
    assert started.started_as == "employer" and started.status == RequestStatus.DRAFT
    page = _client(w.learner).get(_url("request", started)).content.decode()
    assert "Hugo HR" in page


def test_start_page_shows_the_assessor_and_provider_tasks(recognition_world):
    w = recognition_world
    tasks = {
        user: [
            t.url
            for s in _client(user).get(reverse("web:home")).context["sections"]
            for t in s.tasks
        ]
        for user in (w.assessor, w.provider_admin, w.learner)
    }
    index = reverse("recognition:index")
    assert all(index in urls for urls in tasks.values())


def test_a_correction_supersedes_and_the_learner_may_appeal(recognition_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    req, _evidence = _decided_request(w)
    old = Decision.objects.get(request=req)
    chair, learner = _client(w.jury_chair), _client(w.learner)
    # The jury chair corrects the communicated whole exemption into a partial one.
    prefix = f"supersede{old.pk}"
    response = chair.post(
        reverse("recognition:supersede", args=[old.pk]),
        {
            f"{prefix}-outcome": "partly_exempt",
            f"{prefix}-hours_exempted": "20",
            f"{prefix}-remaining_part": "De helft van M1",
            f"{prefix}-reasoning": "Rechtzetting: enkel de theorie is aangetoond",
        },
    )
    assert response.status_code == 302
    new = Decision.objects.get(supersedes=old)
    assert new.outcome == DecisionOutcome.PARTLY_EXEMPT and new.hours_exempted == 20
    text = _pdf_text(learner.get(_url("decision_letter", req)))
    assert "vervangen door een latere beslissing" in text and "20 uur" in text
    # The procedure allows an appeal within 30 days: the learner appeals from the page.
    page = learner.get(_url("request", req)).content.decode()
    assert reverse("recognition:appeal", kwargs={"public_id": req.public_id}) in page
    response = learner.post(_url("appeal", req), {"appeal-reason": "Ik toonde ook de praktijk"})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == RequestStatus.IN_APPEAL


def test_a_workplace_module_cannot_be_exempted_the_form_says_where(
    recognition_world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    req, _evidence = _assessed_request(w, modules=("M1", "WPL"))
    m1, wpl = w.modules["M1"].pk, w.modules["WPL"].pk
    response = _client(w.jury_chair).post(
        _url("decide", req),
        {
            f"outcome_{m1}": "exempt",
            f"reasoning_{m1}": "Portfolio goed",
            f"outcome_{wpl}": "exempt",
            f"reasoning_{wpl}": "Werkt al jaren",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert f"outcome_{wpl}" in errors and f"outcome_{m1}" not in errors
    assert "werkplekleren" in " ".join(errors[f"outcome_{wpl}"])
    assert not Decision.objects.filter(request=req).exists()  # nothing half-saved


def test_a_provider_s_long_list_comes_a_page_at_a_time_and_logs_only_what_is_shown(
    recognition_world,
):
    """55 requests at the provider: 50 on the first page, 5 on the second; each visit logs
    only the learners whose requests it showed."""
    w = recognition_world
    learners = [
        make_member(Role.LEARNER, w.organisation, full_name=f"Lerende {n:02d}") for n in range(55)
    ]
    Request.objects.bulk_create(
        Request(
            learner=learner,
            procedure_version=w.version,
            provider=w.provider,
            started_by=learner,
            started_as="learner",
            status=RequestStatus.SUBMITTED,
        )
        for learner in learners
    )
    client = _client(w.provider_admin)
    first = client.get(reverse("recognition:index"))
    assert first.status_code == 200
    assert len(first.context["provider"]) == 50
    assert "?page=2" in first.content.decode()
    logged = set(
        AccessLogEntry.objects.filter(actor=w.provider_admin).values_list("learner_id", flat=True)
    )
    assert len(logged) == 50 and logged <= {learner.pk for learner in learners}
    second = client.get(reverse("recognition:index"), {"page": 2})
    assert len(second.context["provider"]) == 5
    logged = set(
        AccessLogEntry.objects.filter(actor=w.provider_admin).values_list("learner_id", flat=True)
    )
    assert logged == {learner.pk for learner in learners}
