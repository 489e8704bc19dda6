"""In a real browser: a learner turns an exemption proposal into an EVK request, uploads
evidence and maps it on a phone; an assessor (the jury chair) judges it and decides a
partial exemption; the learner downloads the decision letter (its text read from the
downloaded bytes) and sees the competences as recognised in MICOON.

Every wait is on something the page shows (a URL, a message, an element), never a sleep.
"""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from trajectwijzer.testing import PASSWORD, enrol
from trajectwijzer.web.tests.test_browser_accessibility import check_page, check_phone_width
from trajectwijzer.web.tests.test_browser_csp import violations  # noqa: F401 (a fixture)

from ..models import (
    AssessorRole,
    Decision,
    DecisionOutcome,
    ExemptionRule,
    PriorQualification,
    Request,
    RequestStatus,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PDF_BYTES = b"%PDF-1.4\n% evidence of the browser test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")


def log_out(page) -> None:
    page.locator("header button.link-button").click()
    page.wait_for_url("**/")


def test_from_proposal_to_decision_letter_and_micoon(
    page,
    recognition_world,
    tmp_path,
    settings,
    violations,  # noqa: F811 (the CSP fixture imported above)
):
    from playwright.sync_api import expect

    from .. import services

    settings.MEDIA_ROOT = tmp_path / "media"
    w = recognition_world
    enrol(w.learner, w.programme)
    # The learner holds a credential the provider's exemption matrix rewards with 10 hours
    # of M2 (an EVK rule), so the platform proposes that exemption.
    PriorQualification.objects.create(
        learner=w.learner,
        kind="credential",
        title="VCA basis",
        credential_type="VCA",
        obtained_on=datetime.date(2024, 3, 1),
    )
    ExemptionRule.objects.create(
        code="REC-TEST-VCA-M2",
        source_kind="credential_type",
        source_credential_type="VCA",
        target_module=w.modules["M2"],
        grant="hours",
        hours=10,
        valid_from=datetime.date(2024, 1, 1),
        maintained_by=w.organisation,
    )

    # On a phone: the proposal becomes a request, evidence is uploaded and mapped.
    page.set_viewport_size(PHONE)
    log_in(page, w.learner.email)
    page.goto("/recognition/")
    page.locator("[data-testid=start-from-proposal][data-rule=REC-TEST-VCA-M2]").click()
    page.wait_for_url("**/recognition/requests/*/")
    req = Request.objects.get(learner=w.learner)
    assert req.grounds == ["evk"] and [m.code for m in req.modules.all()] == ["M2"]

    evidence_form = page.locator("[data-testid=evidence-form]")
    evidence_form.locator("input[name=title]").fill("Werkfiche montage")
    evidence_form.locator("input[name=dated_on]").fill("2026-06-12")
    evidence_form.locator("textarea[name=description]").fill("Fiche van een montage die ik leidde")
    evidence_form.locator("input[name=upload]").set_input_files(
        {"name": "werkfiche.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    evidence_form.locator("[data-testid=add-evidence]").click()
    expect(page.locator(".messages")).to_contain_text("Bewijsstuk toegevoegd")
    uploaded = page.locator("[data-testid=evidence]", has_text="Werkfiche montage")
    map_form = uploaded.locator("[data-testid=map-form]")
    map_form.get_by_label("C2 Competence C2").check()
    map_form.get_by_label("— C1.1 Indicator C1.1").check()
    map_form.locator("[data-testid=save-mapping]").click()
    expect(page.locator(".messages")).to_contain_text("gekoppeld aan 2 leerresultaten")
    path = f"/recognition/requests/{req.public_id}/"
    assert check_phone_width(page, path) == []
    structure = [check_page(page, p) for p in ("/recognition/", "/recognition/start/", path)]
    assert structure == [[], [], []]
    page.set_viewport_size(PHONE)
    page.goto(path)
    page.locator("[data-testid=submit-request]").click()
    expect(page.locator("[data-testid=status]")).to_have_attribute("data-status", "submitted")
    log_out(page)

    # The provider makes it admissible and assigns the jury chair (tested by pages in
    # test_pages.py; here through the services to keep the browser part on the issue).
    req.refresh_from_db()
    services.decide_admissibility(w.provider_admin, req, admissible=True)
    services.assign_assessor(w.provider_admin, req, w.jury_chair, role=AssessorRole.JURY_CHAIR)

    # The jury chair judges the mapping, the steps, and decides a partial exemption.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, w.jury_chair.email)
    page.goto(path)
    expect(page.locator("[data-testid=outcome-matrix]")).to_contain_text("Werkfiche montage")
    judge = page.locator("[data-testid=judge-form][data-outcome=C2]")
    judge.locator("select").select_option("sufficient")
    judge.locator("input[type=text]").fill("Toont de montage zelfstandig")
    judge.locator("[data-testid=save-judgement]").click()
    expect(page.locator(".messages")).to_contain_text("Oordeel bewaard")
    expect(page.locator("[data-testid=outcome-matrix]")).to_contain_text("Voldoende")

    page.locator("[data-testid=pass-step-intake]").click()
    expect(page.locator(".messages")).to_contain_text("De stap is afgerond")
    page.locator("[data-testid=judge-step-portfolio]").click()
    page.wait_for_url("**/steps/portfolio/")
    for code in ("C1", "C2"):
        block = page.locator(f"[data-competence={code}]")
        block.locator("select").first.select_option("sufficient")
    page.locator("[data-testid=save-step-judgements]").click()
    expect(page.locator(".messages")).to_contain_text("Oordelen bewaard")
    page.locator("[data-testid=complete-step-portfolio]").click()
    expect(page.locator("[data-step=portfolio]")).to_contain_text("Geslaagd")
    page.locator("[data-testid=pass-step-jury]").click()
    expect(page.locator("[data-step=jury]")).to_contain_text("Geslaagd")

    # The assessor's pages pass the structural accessibility check.
    assert check_page(page, f"{path}steps/portfolio/") + check_page(page, path) == []
    page.locator("[data-testid=decide]").click()
    page.wait_for_url("**/decide/")
    assert check_page(page, f"{path}decide/") == []
    m2 = w.modules["M2"].pk
    expect(page.locator(f"#id_outcome_{m2}")).to_have_value(DecisionOutcome.PARTLY_EXEMPT)
    expect(page.locator(f"#id_hours_{m2}")).to_have_value("10")
    page.fill(f"#id_remaining_{m2}", "De praktijkmodules van M2 (20 uur)")
    page.locator("[data-testid=save-decisions]").click()
    page.wait_for_url(f"**{path}")
    page.locator("[data-testid=communicate]").click()
    expect(page.locator("[data-testid=status]")).to_have_attribute("data-status", "decided")
    log_out(page)
    decision = Decision.objects.get(request=req)
    assert decision.outcome == DecisionOutcome.PARTLY_EXEMPT and decision.hours_exempted == 10
    assert Request.objects.get(pk=req.pk).status == RequestStatus.DECIDED

    # The learner downloads the letter and sees the competences recognised in MICOON.
    log_in(page, w.learner.email)
    page.goto(path)
    with page.expect_download() as download_info:
        page.locator("[data-testid=decision-letter]").click()
    letter = download_info.value.path().read_bytes()
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(letter)).pages)
    assert "Beslissing over je aanvraag tot erkenning" in text
    assert "Gedeeltelijk vrijgesteld" in text and "10 uur" in text
    assert "De praktijkmodules van M2 (20 uur)" in text

    page.goto("/competences/mine/")
    recognised = page.locator("[data-testid=recognised][data-competence=C2]")
    expect(recognised).to_contain_text("Erkend")
    recognised.get_by_role("link").click()
    page.wait_for_url(f"**{path}")
    # No page of the walk needed anything the Content-Security-Policy refuses.
    assert violations == []
