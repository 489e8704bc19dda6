from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import models
from django.http import HttpRequest

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import (
    Consent,
    ConsentScope,
    LearnerLink,
    LinkKind,
    Membership,
    MembershipStatus,
    Organisation,
    Role,
    User,
)
from trajectwijzer.catalogue.models import (
    Competence,
    CompetenceFramework,
    Indicator,
    MasteryLevel,
    Module,
    Programme,
    Provider,
    Qualification,
    QualificationKind,
    Region,
)
from trajectwijzer.demo import catalogue_data, loader, people_data

pytestmark = pytest.mark.django_db

DEMO_MODELS: list[type[models.Model]] = [
    Qualification,
    CompetenceFramework,
    MasteryLevel,
    Competence,
    Indicator,
    Provider,
    Programme,
    Module,
    Module.competences.through,
    Organisation,
    User,
    Membership,
    LearnerLink,
    Consent,
]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every demo model, so a rerun can be compared value by value."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in DEMO_MODELS
    }


def run_command() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def programme(external_id: str) -> Programme:
    return Programme.objects.get(external_id=external_id)


def test_running_load_demo_twice_leaves_the_database_unchanged():
    run_command()
    first = snapshot()
    run_command()
    assert snapshot() == first
    assert all(first.values()), "every demo model has rows"


def test_load_demo_restores_a_used_demo():
    run_command()
    learner = User.objects.get(email=people_data.LEARNER_EMAIL)
    learner.set_password("Something-Else-2026")
    learner.save()
    pending = Membership.objects.get(user__email=people_data.PENDING_REGISTRATION["email"])
    pending.status = MembershipStatus.ACTIVE
    pending.save()
    Module.objects.filter(programme__external_id=catalogue_data.HR_SUPPORT, code="ICT").update(
        study_credits=1
    )

    run_command()

    learner.refresh_from_db()
    pending.refresh_from_db()
    assert learner.check_password(people_data.DEMO_PASSWORD)
    assert pending.status == MembershipStatus.PENDING
    assert Module.objects.get(
        programme__external_id=catalogue_data.HR_SUPPORT, code="ICT"
    ).study_credits == Decimal(6)


def test_load_demo_finishes_by_reindexing_the_demo_programmes(monkeypatch):
    reindexed = []
    monkeypatch.setattr(loader, "reindex_programmes", lambda ids: reindexed.append(set(ids)))
    loader.load_demo()
    assert reindexed == [
        set(
            Programme.objects.filter(
                external_id__in=[record["external_id"] for record in catalogue_data.PROGRAMMES]
            ).values_list("pk", flat=True)
        )
    ]


def test_howest_graduaat_has_120_credits_over_four_semesters_of_30():
    loader.load_demo()
    graduaat = programme(catalogue_data.HR_SUPPORT)
    modules = list(graduaat.modules.all())
    assert graduaat.study_credits == 120
    assert sum(module.study_credits for module in modules) == 120
    per_term = {
        term: sum(m.study_credits for m in modules if m.term == term) for term in (1, 2, 3, 4)
    }
    assert per_term == {1: 30, 2: 30, 3: 30, 4: 30}
    assert graduaat.qualification.kind == QualificationKind.EDUCATIONAL
    assert graduaat.qualification.vks_level == 5
    assert graduaat.delivery_modes == ["distance"]
    assert graduaat.provider.organisation.slug == "howest"


def test_howest_graduaat_internships_are_its_workplace_learning():
    loader.load_demo()
    workplace = programme(catalogue_data.HR_SUPPORT).modules.filter(is_workplace_learning=True)
    assert sorted(workplace.values_list("title", flat=True)) == [
        f"Stage als HR-support {n}" for n in (1, 2, 3, 4)
    ]
    for internship in workplace:
        assert sorted(internship.competences.values_list("code", flat=True)) == list("AOPT")


def test_microdegree_is_part_of_the_graduaat_but_not_leave_recognised():
    loader.load_demo()
    microdegree = programme(catalogue_data.MICRODEGREE_HRM)
    graduaat = programme(catalogue_data.HR_SUPPORT)
    assert microdegree.is_microdegree
    assert microdegree.parent == graduaat
    assert Region.FLANDERS in graduaat.leave_recognised_regions
    assert Region.FLANDERS not in microdegree.leave_recognised_regions
    assert sum(m.study_credits for m in microdegree.modules.all()) == 32
    assert set(microdegree.modules.values_list("code", flat=True)) <= set(
        graduaat.modules.values_list("code", flat=True)
    )


def test_care_ladder_has_four_steps_in_order_linked_by_next_step():
    loader.load_demo()
    step = programme(catalogue_data.CARE_LADDER[0])
    steps = []
    while step is not None:
        steps.append(step)
        step = step.next_step
    assert [s.external_id for s in steps] == catalogue_data.CARE_LADDER
    assert [list(s.previous_steps.all()) for s in steps] == [[], *([s] for s in steps[:-1])]
    assert [s.qualification.title for s in steps] == [
        "Huishoudhulp",
        "Logistiek assistent in de zorg",
        "Verzorgende",
        "Zorgkundige",
    ]
    for current, following in pairwise(steps):
        assert f"Volgende stap: {following.title}" in current.description


def test_care_ladder_steps_are_not_parts_of_each_other():
    loader.load_demo()
    steps = Programme.objects.filter(external_id__in=catalogue_data.CARE_LADDER)
    assert [(s.parent, list(s.children.all())) for s in steps] == [(None, [])] * 4


def test_load_demo_clears_the_parents_an_older_demo_gave_the_ladder_steps():
    loader.load_demo()
    # Older demo databases modelled the ladder as parents: each step "part of" the next.
    for lower, higher in pairwise(catalogue_data.CARE_LADDER):
        Programme.objects.filter(external_id=lower).update(parent=programme(higher))

    loader.load_demo()

    ladder = Programme.objects.filter(external_id__in=catalogue_data.CARE_LADDER)
    assert list(ladder.values_list("parent", flat=True)) == [None] * 4
    assert programme(catalogue_data.MICRODEGREE_HRM).parent == programme(catalogue_data.HR_SUPPORT)


def test_krachtig_leraarschap_has_a_common_course_and_four_electives_in_two_lines():
    loader.load_demo()
    modules = programme(catalogue_data.KRACHTIG_LERAARSCHAP).modules.all()
    common = [m for m in modules if not m.is_elective]
    electives = [m for m in modules if m.is_elective]
    assert [(m.title, m.study_credits) for m in common] == [("Handelingsgericht werken", 4)]
    assert len(electives) == 4
    assert {m.elective_group for m in electives} == {
        "Zorgzaam in de klas en op school",
        "Innovatief aan de slag in de klas en op school",
    }
    # Any two electives with the common course give 11 to 12 credits (001:L1510).
    credits = [m.study_credits for m in electives]
    totals = {4 + a + b for i, a in enumerate(credits) for b in credits[i + 1 :]}
    assert totals <= {11, 12}


def test_woodwize_programme_has_the_six_evc_assignments_as_modules():
    loader.load_demo()
    woodworker = programme(catalogue_data.WOODWORKER)
    assert woodworker.provider.kind == "sector_centre"
    assert woodworker.provider.organisation.kind == "sector"
    assert woodworker.qualification.kind == QualificationKind.OCCUPATIONAL
    assert list(woodworker.modules.values_list("title", flat=True)) == [
        "Opdracht werkvoorbereiding",
        "Opdracht schaven",
        "Opdracht zagen",
        "Opdracht boren",
        "Opdracht frezen",
        "Opdracht schuren",
    ]
    assert all(module.competences.count() == 1 for module in woodworker.modules.all())


def test_artevelde_workplace_units_are_workplace_learning():
    loader.load_demo()
    modules = programme(catalogue_data.ACCOUNTING_ADMINISTRATION).modules.all()
    assert [(m.title, m.is_workplace_learning) for m in modules] == [
        ("Werkveldverkenning", True),
        ("Werkveldverdieping", True),
        ("Werkveldautonomie", True),
    ]


def test_frameworks_have_four_levels_ending_autonomous_and_observable_indicators():
    loader.load_demo()
    # The catalogue's frameworks; an employer's own framework for its competence matrix
    # (development demo) has no catalogue modules.
    codes = [record["code"] for record in catalogue_data.FRAMEWORKS]
    for framework in CompetenceFramework.objects.filter(code__in=codes):
        assert list(framework.levels.values_list("rank", flat=True)) == [1, 2, 3, 4]
        assert framework.levels.get(rank=4).title == "Autonoom"
        for competence in framework.competences.all():
            assert competence.indicators.exists()
            assert competence.modules.exists()


def test_programmes_have_french_and_english_titles_and_summaries():
    loader.load_demo()
    for record in Programme.objects.all():
        for language in ("fr", "en"):
            assert record.translations[language]["title"]
            assert record.translations[language]["summary"]
    graduaat = programme(catalogue_data.HR_SUPPORT)
    assert "ressources humaines" in graduaat.localized("summary", "fr")
    assert "human resources" in graduaat.localized("summary", "en")


def test_every_role_has_a_demo_account_that_can_log_in(client):
    # django-axes (the first authentication backend) needs the request it throttles.
    loader.load_demo()
    for role in Role:
        record = next(r for r in people_data.ACCOUNTS if r["role"] == role)
        membership = Membership.objects.get(
            role=role, status=MembershipStatus.ACTIVE, user__email=record["email"]
        )
        assert client.login(
            request=HttpRequest(), email=membership.user.email, password=people_data.DEMO_PASSWORD
        ), role
        client.logout()
    admin = User.objects.get(memberships__role=Role.PLATFORM_ADMIN)
    assert admin.is_staff and admin.is_superuser


def test_pending_registration_cannot_log_in_until_the_provider_admin_validates_it(client):
    loader.load_demo()
    pending = Membership.objects.get(user__email=people_data.PENDING_REGISTRATION["email"])
    assert pending.status == MembershipStatus.PENDING
    assert pending.organisation.slug == "howest"
    assert not client.login(
        request=HttpRequest(), email=pending.user.email, password=people_data.DEMO_PASSWORD
    )

    provider_admin = User.objects.get(
        memberships__role=Role.PROVIDER_ADMIN, memberships__organisation=pending.organisation
    )
    assert list(account_services.pending_memberships_for(provider_admin)) == [pending]
    account_services.decide_membership(provider_admin, pending, approve=True)
    assert client.login(
        request=HttpRequest(), email=pending.user.email, password=people_data.DEMO_PASSWORD
    )


def test_learner_has_coach_mentor_teacher_employer_referrer_and_consent():
    loader.load_demo()
    learner = User.objects.get(email=people_data.LEARNER_EMAIL)
    links = {link.kind: link for link in learner.learner_links.all()}
    assert set(links) == set(LinkKind.values)
    assert links[LinkKind.EMPLOYER].organisation.kind == "employer"
    assert all(link.is_current() for link in links.values())
    consent = learner.consents.get(recipient_user__isnull=False)
    assert consent.scope == ConsentScope.ASSESSMENTS
    assert consent.recipient_user == links[LinkKind.TEACHER].person
    assert consent.is_active
    # development/demo.py: she shares her assessments with her employer's matrix too.
    employer = learner.consents.get(recipient_organisation__isnull=False)
    assert employer.scope == ConsentScope.ASSESSMENTS and employer.is_active
    assert employer.recipient_organisation == links[LinkKind.EMPLOYER].organisation


def test_command_output_lists_every_demo_account_with_the_password():
    output = run_command()
    for account in [*people_data.ACCOUNTS, people_data.PENDING_REGISTRATION]:
        assert account["email"] in output
        assert account["full_name"] in output
    for role in Role:
        assert role.value in output
    assert people_data.DEMO_PASSWORD in output
