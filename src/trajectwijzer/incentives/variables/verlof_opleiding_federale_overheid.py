"""Training for federal government staff: service exemption for training outside the administration.

Source: a BOSA page on a pre-production host,
https://bosa.d8.pr.belgium.be/nl/themas/werken-bij-de-overheid/werktijd-verlof-en-afwezigheden/opleidingen-en-testen
(undated; DOUBT in the parameters). Contractual staff, trainees and statutory staff have
a right to 5 days of training a year on average over 5 years; training outside the
federal government gives at most 120 hours of service exemption a year, with the
superior's permission, which can be refused for service reasons. So the exemption is at
best possible (``unknown``).
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    choice_in,
    not_expressible,
    public_staff_member,
)

REFERENCE = (
    "https://bosa.d8.pr.belgium.be/nl/themas/werken-bij-de-overheid/"
    "werktijd-verlof-en-afwezigheden/opleidingen-en-testen"
)


class verlof_opleiding_federale_overheid__federal_public_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works for the federal government (person.sector public_federal)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "public_federal")


class verlof_opleiding_federale_overheid__staff_member(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = 'Staff member: contractual, trainee or statutory (status "other": unknown)'
    reference = REFERENCE

    def formula(worker, period):
        return public_staff_member(worker, period)


class verlof_opleiding_federale_overheid__superior_permits(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The superior permits the training (it fits the desired development): not expressible"
    reference = REFERENCE

    def formula(worker, period):
        return not_expressible(worker)


class verlof_opleiding_federale_overheid__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Service exemption for training possible for federal staff: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("verlof_opleiding_federale_overheid__federal_public_sector", period),
            worker("verlof_opleiding_federale_overheid__staff_member", period),
            worker("verlof_opleiding_federale_overheid__superior_permits", period),
        )


class verlof_opleiding_federale_overheid__max_service_exemption_hours_per_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum hours of service exemption a year for training outside the administration"
    unit = "hour"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).verlof_opleiding_federale_overheid
        return np.full(worker.count, rules.max_service_exemption_hours_per_year, dtype=np.float64)


class verlof_opleiding_federale_overheid__average_training_days_per_year(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Days of training a year, on average over 5 years"
    unit = "day"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).verlof_opleiding_federale_overheid
        return np.full(worker.count, rules.average_training_days_per_year, dtype=np.float64)
