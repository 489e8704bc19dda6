"""Group figures cannot be subtracted (issue #9, finding 1; docs/privacy-group-figures.md).

Every test reads the figures the way a user gets them: the API's JSON, the page and
the PDF served. Each fails on the code before the fix, which counted every respondent
of an organisation (small groups included), every respondent of a group whatever
moment they chose, and recomputed the figures on every read.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from trajectwijzer.accounts.models import Role
from trajectwijzer.instruments import queries, releases, rules, services
from trajectwijzer.instruments.models import Response
from trajectwijzer.testing import make_group, make_member

from .builders import definition, full_answers, learner_in_group, submitted

pytestmark = pytest.mark.django_db

INSTRUMENT = "intake"


def _answer(learner, value: int, **start):
    return submitted(learner, INSTRUMENT, full_answers(definition(INSTRUMENT), value), **start)


def _api(client, kind: str, pk: int, **params):
    url = f"/api/v1/instruments/groups/{kind}/{pk}/results"
    return client.get(url, {"instrument": INSTRUMENT, **params})


def _pdf_text(client, kind: str, pk: int, **params) -> str:
    url = reverse("instruments:group_pdf", args=[INSTRUMENT, kind, pk])
    reply = client.get(url, params)
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    body = b"".join(reply.streaming_content) if reply.streaming else reply.content
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def _figures(json: dict) -> list[tuple]:
    """The numbers of an API answer (not its labels)."""
    return [
        (d["id"], d["n"], d["mean"], d["sd"], d["median"], [b["count"] for b in d["distribution"]])
        for d in json["dimensions"]
    ]


@pytest.fixture
def school():
    """A provider with a class group of five (answers 2) and a head of programme
    (the organisation's administrator) who reads the organisation's figures."""
    big = make_group(name="Big")
    organisation = big.programme.provider.organisation
    head = make_member(Role.PROVIDER_ADMIN, organisation, is_admin=True)
    big.teachers.add(make_member(Role.TEACHER, organisation))
    for _ in range(5):
        _answer(learner_in_group(big), 2, moment="start")
    return organisation, big, head


def test_the_release_minimum_is_the_platform_minimum_group_size():
    assert releases.MIN_CHANGES == rules.MIN_GROUP_SIZE == queries.MIN_GROUP_SIZE == 5


def test_an_organisation_figure_leaves_out_a_group_too_small_to_be_shown(client, school):
    """Organisation − the visible group used to be exactly the lone learner's scores."""
    organisation, big, head = school
    small = make_group(big.programme, name="Small")
    _answer(learner_in_group(small), 5, moment="start")
    client.force_login(head)

    assert _api(client, "group", small.pk).status_code == 404  # one learner: refused
    whole = _api(client, "organisation", organisation.pk)
    assert whole.status_code == 200
    big_only = _api(client, "group", big.pk).json()
    assert whole.json()["respondents"] == 5
    assert _figures(whole.json()) == _figures(big_only)  # nothing of the small group in it

    pdf = _pdf_text(client, "organisation", organisation.pk)
    assert "5 respondents" in pdf or "5 respondenten" in pdf
    assert "6 respond" not in pdf


def test_one_new_response_leaves_every_figure_unchanged_until_five_people_changed(client, school):
    organisation, big, head = school
    client.force_login(head)
    page_url = reverse("instruments:group", args=[INSTRUMENT, "group", big.pk])

    before_api = _api(client, "organisation", organisation.pk).json()
    before_group = _api(client, "group", big.pk).json()
    before_page = client.get(page_url).context["results"]["dimensions"]
    before_pdf = _pdf_text(client, "group", big.pk)

    newcomer = learner_in_group(big)
    _answer(newcomer, 5, moment="start")

    assert _api(client, "organisation", organisation.pk).json() == before_api
    assert _api(client, "group", big.pk).json() == before_group
    assert client.get(page_url).context["results"]["dimensions"] == before_page
    assert _pdf_text(client, "group", big.pk) == before_pdf

    for _ in range(4):  # five people new since the figures were published
        _answer(learner_in_group(big), 5, moment="start")
    after = _api(client, "organisation", organisation.pk).json()
    assert after["respondents"] == 10
    assert _figures(after) != _figures(before_api)
    assert client.get(page_url).context["results"]["respondents"] == 10


def test_a_changed_response_does_not_move_the_figures_on_its_own(client, school):
    """Answering again replaces one's earlier response in the figure; one person
    changing their answers is not enough for a new release."""
    _organisation, big, head = school
    client.force_login(head)
    before = _api(client, "group", big.pk).json()
    learner = Response.objects.filter(group=big).first().respondent
    _answer(learner, 5, moment="start")
    assert _api(client, "group", big.pk).json() == before


def test_a_moment_filter_cannot_isolate_fewer_than_five(client, school):
    """The group's figure minus its figure at "start" used to be the one learner who
    chose another moment."""
    _organisation, big, head = school
    _answer(learner_in_group(big), 5, moment="late")
    client.force_login(head)

    assert _api(client, "group", big.pk, moment="late").status_code == 404
    at_start = _api(client, "group", big.pk, moment="start").json()
    whole = _api(client, "group", big.pk).json()
    assert whole["respondents"] == at_start["respondents"] == 5
    assert _figures(whole) == _figures(at_start)

    page = client.get(
        reverse("instruments:group", args=[INSTRUMENT, "group", big.pk]),
        {"compare": "moment:late"},
    )
    assert page.context["moments"] == ["start"]  # "late" is not offered
    assert len(page.context["results"]["series"]) == 1  # nor compared


def test_a_response_gone_from_a_published_figure_withholds_it_instead_of_changing_it(
    client, school
):
    """A deleted response (an erased account) must not show as a difference."""
    _organisation, big, head = school
    client.force_login(head)
    assert _api(client, "group", big.pk).status_code == 200
    Response.objects.filter(group=big).first().delete()
    assert _api(client, "group", big.pk).status_code == 404
    page = client.get(reverse("instruments:group", args=[INSTRUMENT, "group", big.pk]))
    assert page.status_code == 404


def test_a_staff_figure_follows_the_same_release(client):
    """The lecturer self-scan (organisation figures) moves only in steps of five."""
    from trajectwijzer.accounts.models import OrganisationKind
    from trajectwijzer.testing import make_organisation

    school = make_organisation(OrganisationKind.PROVIDER)
    head = make_member(Role.PROVIDER_ADMIN, school, is_admin=True)
    d = definition("selfscan_lecturers")
    for _ in range(5):
        submitted(make_member(Role.TEACHER, school), "selfscan_lecturers", full_answers(d, 2))
    client.force_login(head)
    url = f"/api/v1/instruments/groups/organisation/{school.pk}/results"
    params = {"instrument": "selfscan_lecturers"}
    before = client.get(url, params).json()
    submitted(make_member(Role.TEACHER, school), "selfscan_lecturers", full_answers(d, 4))
    assert client.get(url, params).json() == before
    version = services.current_version("selfscan_lecturers")
    assert queries.result_group(version, organisation=school).respondents == 5
