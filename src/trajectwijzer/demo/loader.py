"""Load the demo data: upsert every record by its natural key, in one transaction.

Running the loader again gives the same database: records are matched by external id,
code, slug or e-mail address and only saved when a value differs, so nothing is
duplicated and timestamps stay put. Demo accounts are put back in their demo state
(password, memberships, the pending registration), which resets a demo after use.
The loader adds and updates but never deletes: records others added to the same
frameworks or programmes stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction
from django.utils import timezone

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import (
    LearnerLink,
    Membership,
    MembershipStatus,
    Organisation,
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
)
from trajectwijzer.catalogue.search import reindex_programmes

from . import catalogue_data, people_data
from .people_data import DEMO_DOMAIN


@dataclass(frozen=True)
class DemoContext:
    """What the core demo created, for the demo data of later parts to build on."""

    organisations: dict[str, Organisation]
    users: dict[str, User]  # by e-mail address
    programmes: dict[str, Programme]  # by external id
    frameworks: dict[str, CompetenceFramework]  # by code


# Modules with a ``load(context: DemoContext) -> None`` function that add the demo
# data of one part of the platform, in this order, after the core records exist.
DEMO_EXTENSIONS: list[str] = [
    "trajectwijzer.trajectories.demo",
    "trajectwijzer.competences.demo",
    "trajectwijzer.barometer.demo",
    "trajectwijzer.caseload.demo",
    "trajectwijzer.development.demo",
    "trajectwijzer.instruments.demo",
    "trajectwijzer.recognition.demo",
]


@dataclass(frozen=True)
class DemoAccount:
    """What a person starting the demo needs to log in as someone."""

    role: str
    full_name: str
    email: str
    organisation: str
    password: str
    awaiting_validation: bool = False


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Create or update all demo records and return the demo accounts."""
    qualifications = _load_qualifications()
    frameworks, competences = _load_frameworks(qualifications)
    organisations = _load_organisations()
    providers = _load_providers(organisations)
    programmes = _load_programmes(providers, qualifications, frameworks, competences)
    accounts = _load_people(organisations)
    context = DemoContext(
        organisations=organisations,
        users={user.email: user for user in User.objects.filter(email__endswith=DEMO_DOMAIN)},
        programmes=programmes,
        frameworks=frameworks,
    )
    for module_name in DEMO_EXTENSIONS:
        import_module(module_name).load(context)
    # Last, after the extensions have added their records to the programmes, so the
    # search (and its word list for "did you mean") is what a full reindex gives.
    reindex_programmes([programme.pk for programme in programmes.values()])
    return accounts


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    create_only: dict[str, Any] | None = None,
) -> models.Model:
    """Find the record by ``lookup``, give it ``values``, validate, save if anything changed.

    ``create_only`` values (e.g. start dates) are set on new records and left alone later.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **(create_only or {}), **values)
        instance.full_clean()
        instance.save()
        return instance
    before = {field: _stored_value(instance, field) for field in values}
    for field, value in values.items():
        setattr(instance, field, value)
    # full_clean normalises values (e.g. "2096.40" → Decimal) before the comparison.
    instance.full_clean()
    if any(_stored_value(instance, field) != before[field] for field in values):
        instance.save()
    return instance


def _stored_value(instance: models.Model, field_name: str) -> Any:
    """The value as stored: the id for a foreign key, so comparing costs no query."""
    return getattr(instance, instance._meta.get_field(field_name).attname)


def _model_fields(record: dict[str, Any], *, drop: Iterable[str] = ()) -> dict[str, Any]:
    """The record's values for model fields, without the keys the loader resolves itself."""
    dropped = set(drop)
    return {key: value for key, value in record.items() if key not in dropped}


# Catalogue --------------------------------------------------------------------------


def _load_qualifications() -> dict[str, Qualification]:
    qualifications = {}
    for record in catalogue_data.QUALIFICATIONS:
        values = {
            "shortage_occupation": False,
            "description": "",
            "translations": {},
            **_model_fields(record, drop=["code"]),
        }
        qualifications[record["code"]] = upsert(Qualification, {"code": record["code"]}, values)
    return qualifications


def _load_frameworks(
    qualifications: dict[str, Qualification],
) -> tuple[dict[str, CompetenceFramework], dict[str, dict[str, Competence]]]:
    """Frameworks with their scale, competences and indicators, both by code."""
    frameworks: dict[str, CompetenceFramework] = {}
    competences_by_framework: dict[str, dict[str, Competence]] = {}
    for record in catalogue_data.FRAMEWORKS:
        framework = upsert(
            CompetenceFramework,
            {"code": record["code"]},
            {
                "title": record["title"],
                "qualification": qualifications[record["qualification"]],
                "description": record["description"],
                "translations": record["translations"],
            },
        )
        for level in catalogue_data.MASTERY_SCALE:
            upsert(
                MasteryLevel,
                {"framework": framework, "rank": level["rank"]},
                _model_fields(level, drop=["rank"]),
            )
        competences = {}
        for position, item in enumerate(record["competences"], start=1):
            competence = upsert(
                Competence,
                {"framework": framework, "code": item["code"]},
                {
                    "title": item["title"],
                    "description": item.get("description", ""),
                    "position": position,
                },
            )
            for indicator_position, (code, title) in enumerate(item["indicators"], start=1):
                upsert(
                    Indicator,
                    {"competence": competence, "code": code},
                    {"title": title, "position": indicator_position},
                )
            competences[item["code"]] = competence
        frameworks[record["code"]] = framework
        competences_by_framework[record["code"]] = competences
    return frameworks, competences_by_framework


def _load_providers(organisations: dict[str, Organisation]) -> dict[str, Provider]:
    providers = {}
    for record in catalogue_data.PROVIDERS:
        values = {
            "website": "",
            **_model_fields(record, drop=["slug", "organisation"]),
            "organisation": organisations[record["organisation"]],
        }
        providers[record["slug"]] = upsert(Provider, {"slug": record["slug"]}, values)
    return providers


# Fields a programme record may leave out; set explicitly so a rerun resets them.
_PROGRAMME_DEFAULTS: dict[str, Any] = {
    "qualification": None,
    "framework": None,
    "vks_level": None,
    "duration_months": None,
    "study_credits": None,
    "contact_hours": None,
    "classroom_hours": None,
    "workplace_learning_share": None,
    "price_eur": None,
    "url": "",
    "is_published": True,
}

_MODULE_DEFAULTS: dict[str, Any] = {
    "description": "",
    "study_credits": None,
    "hours": None,
    "term": None,
    "learning_outcomes": "",
    "is_workplace_learning": False,
    "is_exemptable": True,
    "is_elective": False,
    "elective_group": "",
}


def _load_programmes(
    providers: dict[str, Provider],
    qualifications: dict[str, Qualification],
    frameworks: dict[str, CompetenceFramework],
    competences_by_framework: dict[str, dict[str, Competence]],
) -> dict[str, Programme]:
    programmes = {}
    for record in catalogue_data.PROGRAMMES:
        values = {
            **_PROGRAMME_DEFAULTS,
            **_model_fields(
                record,
                drop=[
                    "external_id",
                    "parent",
                    "next_step",
                    "modules",
                    "qualification",
                    "framework",
                ],
            ),
            "provider": providers[record["provider"]],
        }
        if "qualification" in record:
            values["qualification"] = qualifications[record["qualification"]]
        if "framework" in record:
            values["framework"] = frameworks[record["framework"]]
        programme = upsert(Programme, {"external_id": record["external_id"]}, values)
        competences = competences_by_framework.get(record.get("framework"), {})
        _load_modules(programme, record["modules"], competences)
        programmes[record["external_id"]] = programme
    # Links between programmes last: a ladder step's next step is defined after it.
    # A record without a link sets it to None, which also clears a stale one (older
    # demo databases modelled the care ladder as parents).
    for record in catalogue_data.PROGRAMMES:
        links = {
            name: programmes[record[name]] if name in record else None
            for name in ("parent", "next_step")
        }
        upsert(Programme, {"external_id": record["external_id"]}, links)
    return programmes


def _load_modules(
    programme: Programme, records: list[dict[str, Any]], competences: dict[str, Competence]
) -> None:
    for position, record in enumerate(records, start=1):
        values = {
            **_MODULE_DEFAULTS,
            "position": position,
            **_model_fields(record, drop=["code", "competences"]),
        }
        module = upsert(Module, {"programme": programme, "code": record["code"]}, values)
        module.competences.set([competences[code] for code in record.get("competences", [])])


# People -----------------------------------------------------------------------------


def _load_organisations() -> dict[str, Organisation]:
    organisations = {}
    for record in people_data.ORGANISATIONS:
        values = {
            "enterprise_number": "",
            "joint_committee": "",
            "city": "",
            "website": "",
            "accepts_registrations": True,
            **_model_fields(record, drop=["slug"]),
        }
        organisations[record["slug"]] = upsert(Organisation, {"slug": record["slug"]}, values)
    return organisations


def load_user(record: dict[str, Any], *, is_active: bool) -> User:
    email = record["email"]
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.full_name = record["full_name"]
    user.preferred_language = "nl"
    user.is_active = is_active
    user.is_staff = record.get("is_staff", False)
    user.is_superuser = record.get("is_superuser", False)
    # Checking first keeps the stored hash (and so the database) the same on a rerun.
    if not user.has_usable_password() or not user.check_password(people_data.DEMO_PASSWORD):
        validate_password(people_data.DEMO_PASSWORD, user)
        user.set_password(people_data.DEMO_PASSWORD)
    user.full_clean()
    user.save()
    return user


def _load_people(organisations: dict[str, Organisation]) -> list[DemoAccount]:
    accounts = []
    users: dict[str, User] = {}
    for record in people_data.ACCOUNTS:
        user = load_user(record, is_active=True)
        upsert(
            Membership,
            {
                "user": user,
                "organisation": organisations[record["organisation"]],
                "role": record["role"],
            },
            {"status": MembershipStatus.ACTIVE},
            create_only={"decided_at": timezone.now()},
        )
        users[record["email"]] = user
        accounts.append(_account(record, organisations))

    pending = people_data.PENDING_REGISTRATION
    registrant = load_user(pending, is_active=False)
    upsert(
        Membership,
        {
            "user": registrant,
            "organisation": organisations[pending["organisation"]],
            "role": pending["role"],
        },
        {"status": MembershipStatus.PENDING, "decided_at": None, "decided_by": None},
    )
    accounts.append(_account(pending, organisations, awaiting_validation=True))

    learner = users[people_data.LEARNER_EMAIL]
    for link in people_data.LEARNER_LINKS:
        upsert(
            LearnerLink,
            {
                "learner": learner,
                "kind": link["kind"],
                "person": users.get(link.get("person")),
                "organisation": organisations.get(link.get("organisation")),
            },
            {"ended_on": None},
        )
    for consent in people_data.CONSENTS:
        # The service returns the active consent when it exists, so reruns add nothing.
        account_services.give_consent(
            learner,
            scope=consent["scope"],
            recipient_user=users[consent["recipient"]],
            purpose=consent["purpose"],
        )
    return accounts


def _account(
    record: dict[str, Any],
    organisations: dict[str, Organisation],
    *,
    awaiting_validation: bool = False,
) -> DemoAccount:
    return DemoAccount(
        role=str(record["role"]),
        full_name=record["full_name"],
        email=record["email"],
        organisation=organisations[record["organisation"]].name,
        password=people_data.DEMO_PASSWORD,
        awaiting_validation=awaiting_validation,
    )
