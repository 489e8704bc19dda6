"""Re-orientation matching: coverage computed by hand, shortage flags, proposed exemptions."""

from __future__ import annotations

import numpy as np
import pytest

from trajectwijzer.catalogue.models import Competence, Module, Qualification
from trajectwijzer.testing import make_programme

from .. import matching
from .builders import make_framework, make_setup

pytestmark = pytest.mark.django_db


def test_coverage_scores_are_the_mean_profile_over_each_targets_competences():
    profile = {1: 1.0, 2: 0.5, 3: 0.25}
    scores = matching.coverage_scores(profile, [[1, 2], [2, 3, 4], [], [1, 1]])
    # [1,2] → (1 + .5)/2; [2,3,4] → (.5 + .25 + 0)/3; [] → 0; duplicates count once.
    assert np.allclose(scores, [0.75, 0.25, 0.0, 1.0])


def test_profile_values_are_clipped_to_0_1():
    assert np.allclose(matching.coverage_scores({1: 3.0, 2: -1.0}, [[1, 2]]), [0.5])


@pytest.fixture
def catalogue():
    qualification = Qualification.objects.create(
        code="bk-x", title="Beroep X", vks_level=3, kind="beroepskwalificatie",
        shortage_occupation=True,
    )  # fmt: skip
    target = make_framework(
        "target", competences=("T1", "T2", "T3", "T4"), qualification=qualification
    )
    programme = make_programme(framework=target, qualification=qualification, title="Opleiding X")
    t = {c.code: c for c in target.competences.all()}
    m1 = Module.objects.create(programme=programme, code="M1", title="Module 1")
    m1.competences.set([t["T1"], t["T2"]])
    m2 = Module.objects.create(programme=programme, code="M2", title="Module 2")
    m2.competences.set([t["T3"]])
    m3 = Module.objects.create(
        programme=programme, code="M3", title="Workplace", is_exemptable=False
    )
    m3.competences.set([t["T1"]])
    other = make_framework("other", competences=("O1",))
    make_programme(framework=other, title="Other programme")
    return qualification, programme, t


def test_a_profile_ranks_targets_and_proposes_exemptions_by_hand(catalogue):
    qualification, programme, t = catalogue
    # T1 1.0, T2 0.75, T3 0.5, T4 unknown → coverage (1 + .75 + .5 + 0) / 4 = 0.5625
    profile = {t["T1"].pk: 1.0, t["T2"].pk: 0.75, t["T3"].pk: 0.5}
    results = matching.match(profile)
    [q_match] = results["qualification"]
    assert q_match.target == qualification and q_match.coverage == pytest.approx(0.5625)
    assert q_match.shortage_occupation
    assert q_match.percent == 56
    [p_match] = results["programme"]  # "Other programme" covers nothing and is left out
    assert p_match.target == programme and p_match.coverage == pytest.approx(0.5625)
    assert p_match.shortage_occupation
    # M1 (T1 1.0, T2 .75 ≥ .75) proposed; M2 (T3 .5) not; M3 not exemptable.
    assert [e.module.code for e in p_match.exemptions] == ["M1"]
    assert [c.code for c in p_match.covered] == ["T1", "T2"]
    assert [c.code for c in p_match.missing] == ["T3", "T4"]


def test_a_competence_with_the_same_esco_uri_in_another_framework_counts(catalogue):
    _qualification, programme, t = catalogue
    uri = "http://data.europa.eu/esco/skill/test-uri"
    Competence.objects.filter(pk=t["T4"].pk).update(esco_uri=uri)
    pilot = make_framework("pilot", competences=("P1",))
    p1 = pilot.competences.get()
    p1.esco_uri = uri
    p1.save()
    results = matching.match({p1.pk: 1.0})
    [p_match] = results["programme"]
    assert p_match.target == programme and p_match.coverage == pytest.approx(0.25)


def test_a_programme_without_framework_needs_what_its_modules_cover():
    framework = make_framework("modfw", competences=("K1", "K2"))
    programme = make_programme(title="Zonder kader")
    module = Module.objects.create(programme=programme, code="X", title="X")
    module.competences.set(framework.competences.all())
    k1 = framework.competences.get(code="K1")
    [p_match] = matching.match({k1.pk: 1.0})["programme"]
    assert p_match.target == programme and p_match.coverage == pytest.approx(0.5)


def test_a_matrix_row_becomes_a_profile_of_level_over_top_rank():
    setup = make_setup()
    profile = matching.profile_from_row(setup.row_anna)
    assert profile == {setup.competence("A").pk: 0.5, setup.competence("B").pk: 0.5}


def test_a_self_assessment_becomes_a_profile():
    framework = make_framework("self")
    a, b, c = framework.competences.all()
    profile = matching.profile_from_levels(framework.pk, {a.pk: 4, b.pk: 0, c.pk: 9})
    assert profile == {a.pk: 1.0, b.pk: 0.0, c.pk: 1.0}


def test_the_assessments_source_is_the_learners_current_micoon_profile():
    from trajectwijzer.competences import services as assessment_services
    from trajectwijzer.competences.tests.builders import make_cast

    cast = make_cast()
    first = cast.indicators(0)
    top = cast.programme.framework.levels.order_by("rank").last().rank
    assessment_services.record_assessments(
        cast.learner, cast.learner, "self", [assessment_services.Entry(i.pk, top) for i in first]
    )
    competence = first[0].competence
    assert matching.profile_from_assessments(cast.learner, cast.learner) == {competence.pk: 1.0}
