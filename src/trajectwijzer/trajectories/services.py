"""Use cases for enrolments and groups, called by admin, demo loader, commands and API."""

from __future__ import annotations

import datetime

from django.db import transaction

from trajectwijzer.accounts.models import Organisation, User
from trajectwijzer.catalogue.models import Programme

from .models import Enrolment, Group


@transaction.atomic
def enrol(
    learner: User,
    programme: Programme,
    *,
    group: Group | None = None,
    workplace: Organisation | None = None,
    started_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol ``learner`` in ``programme``; validated before anything is stored.

    Enrolling again with the same start date returns the existing enrolment, updated
    with the given group and workplace, so loaders and imports can be rerun.
    """
    values = {"group": group, "workplace": workplace}
    lookup = {"learner": learner, "programme": programme}
    if started_on is not None:
        lookup["started_on"] = started_on
    enrolment = Enrolment.objects.filter(**lookup).first() or Enrolment(**lookup)
    for name, value in values.items():
        setattr(enrolment, name, value)
    enrolment.full_clean(validate_unique=enrolment.pk is None)
    enrolment.save()
    return enrolment


def end_enrolment(enrolment: Enrolment, ended_on: datetime.date) -> Enrolment:
    enrolment.ended_on = ended_on
    enrolment.full_clean()
    enrolment.save(update_fields=["ended_on"])
    return enrolment
