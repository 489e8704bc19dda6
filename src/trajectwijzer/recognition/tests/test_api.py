"""The recognition API for every role, allowed and denied, through the JSON it returns.

One request walks through the API itself: the learner starts it with evidence, the
provider admin admits it and assigns assessors, the assessors judge and the jury chair
decides and communicates. Then every read is asked by every viewer.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from trajectwijzer.accounts.models import AccessLogEntry, Consent, ConsentScope
from trajectwijzer.accounts.services import create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english(settings):
    """Messages are asserted in English (the catalogues translate them for nl and fr)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


API = "/api/v1/recognition"
PDF = b"%PDF-1.4\nMARKER evidence bytes\n%%EOF\n"


class Caller:
    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.headers = {}
        if user is not None:
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user, name='t')[1]}"}

    def get(self, path):
        return self.client.get(API + path, **self.headers)

    def post(self, path, data=None, **extra):
        if "files" in extra:
            return self.client.post(API + path, {**(data or {}), **extra["files"]}, **self.headers)
        return self.client.post(
            API + path, data or {}, content_type="application/json", **self.headers
        )


@pytest.fixture
def flow(recognition_world, settings, tmp_path):
    """A request decided and communicated through the API; ids in ``w.extras``."""
    settings.MEDIA_ROOT = tmp_path
    w = recognition_world
    learner, admin = Caller(w.learner), Caller(w.provider_admin)
    assessor, chair = Caller(w.assessor), Caller(w.jury_chair)
    m1, m2 = w.modules["M1"], w.modules["M2"]
    created = learner.post(
        "/requests",
        {"procedure": "rec-test", "modules": [m1.pk, m2.pk], "grounds": ["evc"], "submit": True},
    )
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    uploaded = learner.post(
        f"/requests/{rid}/evidence",
        {"kind": "file", "title": "Werkstuk MARKER", "dated_on": "2026-03-01"},
        files={"upload": SimpleUploadedFile("werk.pdf", PDF, content_type="application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.content
    evidence_id = uploaded.json()["id"]
    mapped = learner.post(
        f"/evidence/{evidence_id}/mappings",
        {"outcomes": [{"competence_id": w.competences["C1"].pk}]},
    )
    assert mapped.status_code == 200, mapped.content
    assert admin.post(f"/requests/{rid}/admissibility", {"admissible": True}).status_code == 200
    for user, role in ((w.assessor, "assessor"), (w.jury_chair, "jury_chair")):
        response = admin.post(f"/requests/{rid}/assessors", {"assessor_id": user.pk, "role": role})
        assert response.status_code == 200, response.content
    mapping_id = mapped.json()["mappings"][0]["id"]
    judged = assessor.post(f"/mappings/{mapping_id}/judgement", {"judgement": "sufficient"})
    assert judged.status_code == 200, judged.content
    steps = [
        (assessor, "intake", None, {"passed": True, "minutes_spent": 30}),
        (learner, "portfolio", "hand-in", None),
        (assessor, "portfolio", "judge", {"C1": "good", "C2": "sufficient"}),
        (assessor, "portfolio", "complete", {"minutes_spent": 60}),
        (chair, "jury", "complete", {"passed": True}),
    ]
    for caller, key, what, data in steps:
        if what == "hand-in":
            response = caller.post(f"/requests/{rid}/steps/{key}/hand-in")
        elif what == "judge":
            response = caller.post(
                f"/requests/{rid}/steps/{key}/judgements",
                {
                    "judgements": [
                        {"competence": c, "value": v, "comment": "MARKER-judgement"}
                        for c, v in data.items()
                    ]
                },
            )
        else:
            response = caller.post(f"/requests/{rid}/steps/{key}/complete", data)
        assert response.status_code in (200, 201), (key, what, response.content)
    proposed = chair.get(f"/requests/{rid}/proposed-outcomes")
    assert [(p["module"], p["outcome"], p["hours_exempted"]) for p in proposed.json()] == [
        ("M1", "exempt", None),
        ("M2", "partly_exempt", 10),
    ]
    decided = chair.post(
        f"/requests/{rid}/decisions",
        {
            "decisions": [
                {"module": m1.pk, "outcome": "exempt", "reasoning": "Portfolio goed."},
                {
                    "module": m2.pk,
                    "outcome": "partly_exempt",
                    "hours_exempted": 10,
                    "remaining_part": "Deel 2",
                    "reasoning": "Deels aangetoond.",
                },
            ]
        },
    )
    assert decided.status_code == 200, decided.content
    assert chair.post(f"/requests/{rid}/communicate").status_code == 200
    w.extras.update(request=rid, evidence=evidence_id)
    return w


def viewers(w) -> dict:
    return {
        "learner": w.learner,
        "coach": w.coach,
        "mentor": w.mentor,
        "employer_hr": w.employer_hr,
        "assessor": w.assessor,
        "jury_chair": w.jury_chair,
        "other_assessor": w.other_assessor,
        "provider_admin": w.provider_admin,
        "other_provider_admin": w.other_provider_admin,
        "other_learner": w.other_learner,
        "stranger": w.stranger,
        "anonymous": None,
    }


STATUS_READERS = {"learner", "coach", "assessor", "jury_chair", "provider_admin"}
EVIDENCE_READERS = {"learner", "assessor", "jury_chair"}
READS = {
    "/requests/{request}": (STATUS_READERS, "Portfolio goed."),
    "/requests/{request}/evidence": (EVIDENCE_READERS, "Werkstuk MARKER"),
    "/requests/{request}/judgements": (EVIDENCE_READERS, "MARKER-judgement"),
}


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("path", sorted(READS))
def test_each_read_for_every_role(flow, path):
    w = flow
    allowed, marker = READS[path]
    url = path.format(**w.extras)
    problems = []
    for who, user in viewers(w).items():
        before = AccessLogEntry.objects.filter(actor=user).count() if user else 0
        response = Caller(user).get(url)
        logged = AccessLogEntry.objects.filter(actor=user).count() - before if user else 0
        if who in allowed:
            if response.status_code != 200 or marker not in _body(response):
                problems.append(f"{who}: {response.status_code} without the marker")
            if who != "learner" and not logged:
                problems.append(f"{who}: read not logged")
        else:
            expected = 401 if user is None else 404
            if response.status_code != expected:
                problems.append(f"{who}: {response.status_code}, expected {expected}")
            if marker in response.content.decode(errors="replace"):
                problems.append(f"{who}: sees the marker")
            if logged:
                problems.append(f"{who}: refused but logged")
    assert not problems, "\n".join(problems)


def test_the_evidence_list_links_the_download_page_which_serves_an_attachment(flow):
    [evidence] = Caller(flow.learner).get(f"/requests/{flow.extras['request']}/evidence").json()
    assert evidence["download_url"] == f"/recognition/evidence/{flow.extras['evidence']}/"
    client = Client()
    client.force_login(flow.learner)
    response = client.get(evidence["download_url"])
    assert response["Content-Disposition"].startswith("attachment")
    assert b"MARKER evidence bytes" in b"".join(response.streaming_content)


def test_with_consent_the_coach_and_the_employer_read_evidence_until_withdrawn(flow):
    w = flow
    url = f"/requests/{w.extras['request']}/evidence"
    consents = [
        Consent.objects.create(
            learner=w.learner, scope=ConsentScope.RECOGNITION, recipient_user=w.coach
        ),
        Consent.objects.create(
            learner=w.learner, scope=ConsentScope.RECOGNITION, recipient_organisation=w.employer
        ),
    ]
    for user in (w.coach, w.employer_hr):
        response = Caller(user).get(url)
        assert response.status_code == 200 and "Werkstuk MARKER" in response.content.decode()
    from django.utils import timezone

    for consent in consents:
        consent.withdrawn_at = timezone.now()
        consent.save()
    for user in (w.coach, w.employer_hr):
        assert Caller(user).get(url).status_code == 404


def test_the_employer_sees_a_request_it_started_but_not_the_learner_s_other_requests(flow):
    w = flow
    hr = Caller(w.employer_hr)
    started = hr.post(
        "/requests",
        {
            "procedure": "rec-test",
            "learner_id": w.learner.pk,
            "modules": [w.modules["M1"].pk],
            "grounds": ["professional"],
        },
    )
    assert started.status_code == 201, started.content
    assert started.json()["started_as"] == "employer"
    listed = [r["id"] for r in hr.get("/requests").json()]
    assert listed == [started.json()["id"]]
    assert hr.get(f"/requests/{started.json()['id']}").status_code == 200
    assert hr.get(f"/requests/{w.extras['request']}").status_code == 404


def test_writes_by_those_who_see_but_may_not_act_are_403_and_bad_input_400(flow):
    w = flow
    rid = w.extras["request"]
    coach = Caller(w.coach)
    assert coach.post(f"/requests/{rid}/communicate").status_code == 403
    assert (
        Caller(w.provider_admin).post(f"/requests/{rid}/decisions", {"decisions": []}).status_code
        == 403
    )
    assert Caller(w.stranger).post(f"/requests/{rid}/withdraw").status_code == 404
    bad = Caller(w.learner).post(
        "/requests",
        {
            "procedure": "rec-test",
            "modules": [w.other_programme.modules.get().pk],
            "grounds": ["x"],
        },
    )
    assert bad.status_code == 400
    fields = {e["field"] for e in bad.json()["errors"]}
    assert fields == {"modules", "grounds"}
    too_many = Caller(w.learner).post(
        "/requests", {"procedure": "rec-test", "modules": list(range(51)), "grounds": ["evc"]}
    )
    assert too_many.status_code == 400 and too_many.json()["errors"][0]["field"] == "modules"
    draft = Caller(w.learner).post(
        "/requests", {"procedure": "rec-test", "modules": [w.modules["M1"].pk], "grounds": ["evc"]}
    )
    wrong = Caller(w.learner).post(
        f"/requests/{draft.json()['id']}/evidence",
        {"kind": "file", "title": "Exe", "dated_on": "2026-03-01"},
        files={
            "upload": SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
        },
    )
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "upload"
    closed = Caller(w.learner).post(
        f"/requests/{rid}/evidence",
        {"kind": "link", "title": "Late", "dated_on": "2026-03-01", "url": "https://x.be"},
        files={},
    )
    assert closed.status_code == 400 and closed.json()["errors"][0]["field"] == "status"


def test_procedures_are_listed_for_anyone_signed_in(flow):
    response = Caller(flow.stranger).get("/procedures")
    assert "rec-test" in {p["slug"] for p in response.json()}
    detail = Caller(flow.stranger).get("/procedures/rec-test").json()
    assert [s["key"] for s in detail["steps"]] == ["intake", "portfolio", "practical", "jury"]
    assert Caller(None).get("/procedures").status_code == 401


def test_an_assessor_whose_membership_ended_no_longer_sees_the_assigned_request(flow):
    from trajectwijzer.accounts.models import Membership, MembershipStatus

    w = flow
    url = f"/requests/{w.extras['request']}/evidence"
    assert Caller(w.assessor).get(url).status_code == 200
    Membership.objects.filter(user=w.assessor).update(status=MembershipStatus.ENDED)
    assert Caller(w.assessor).get(url).status_code == 404
    assert Caller(w.assessor).get(f"/requests/{w.extras['request']}").status_code == 404
