"""Vlaams zorgkrediet with the training motive: Flemish public-sector staff reduce work to train.

Sources: https://www.vlaanderen.be/vlaams-zorgkrediet/wie-komt-in-aanmerking-voor-vlaams-zorgkrediet
(who: the Flemish government services under the VPS except De Lijn, official and free
education, municipalities, OCMWs and provinces, and a few others; contractual or
statutory, whatever the seniority) and
https://www.vlaanderen.be/vlaams-zorgkrediet/vlaams-zorgkrediet-opnemen-om-een-opleiding-te-volgen
(the training conditions). The allowance depends on the work regime, the interruption,
living alone and age; the official page points to a simulator and no amount table was
found, so no amount is computed.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import (
    at_least,
    choice_in,
    is_true,
    number,
    public_staff_member,
    recognised_in,
)

WHO = "https://www.vlaanderen.be/vlaams-zorgkrediet/wie-komt-in-aanmerking-voor-vlaams-zorgkrediet"
REFERENCE = "https://www.vlaanderen.be/vlaams-zorgkrediet/vlaams-zorgkrediet-opnemen-om-een-opleiding-te-volgen"


class vlaams_zorgkrediet__staff_member(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = 'Staff member, contractual or statutory (status "other": unknown)'
    reference = WHO

    def formula(worker, period):
        return public_staff_member(worker, period)


class vlaams_zorgkrediet__flemish_public_sector(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "Flemish public sector: Flemish government services; education or a local authority "
        "in Flanders (in Brussels: unknown, it depends on the community or authority)"
    )
    reference = WHO

    def formula(worker, period):
        flemish_government = choice_in(worker, period, "person.sector", "public_flemish")
        education_or_local = choice_in(worker, period, "person.sector", "education", "public_local")
        region = choice_in(worker, period, "person.workplace_region", "flanders")
        in_brussels = choice_in(worker, period, "person.workplace_region", "brussels")
        # In Brussels both Flemish- and French-community schools, and the Flemish
        # Community Commission next to non-Flemish authorities: not decidable.
        region = np.where(in_brussels == kleene.MET, kleene.UNKNOWN, region).astype(np.int8)
        return kleene.any_of(flemish_government, kleene.all_of(education_or_local, region))


class vlaams_zorgkrediet__recognised_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = (
        "Organised, subsidised or recognised by the Flemish government with a registered "
        "provider (in the Opleidingsdatabank: met; otherwise unknown)"
    )
    reference = REFERENCE

    def formula(worker, period):
        recognised = recognised_in(worker, period, "flanders")
        return np.where(recognised == kleene.MET, kleene.MET, kleene.UNKNOWN).astype(np.int8)


class vlaams_zorgkrediet__enough_training(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "At least 120 contact hours or 9 study credits a year"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_zorgkrediet
        return kleene.any_of(
            at_least(number(worker, period, "training.contact_hours"), rules.min_contact_hours),
            at_least(number(worker, period, "training.study_credits"), rules.min_study_credits),
        )


class vlaams_zorgkrediet__distance_with_credits(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Not at a distance, or a distance training of at least 9 study credits"
    reference = REFERENCE

    def formula(worker, period, parameters):
        rules = parameters(period).vlaams_zorgkrediet
        return kleene.any_of(
            choice_in(worker, period, "training.distance", "none"),
            at_least(number(worker, period, "training.study_credits"), rules.min_study_credits),
        )


class vlaams_zorgkrediet__not_abroad(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Not abroad (abroad: unknown, allowed when a Belgian institution organises it)"
    reference = REFERENCE

    def formula(worker, period):
        abroad = is_true(worker, period, "training.abroad")
        return np.select([abroad == kleene.NOT_MET], [kleene.MET], kleene.UNKNOWN).astype(np.int8)


class vlaams_zorgkrediet__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Can take Vlaams zorgkrediet to follow this training: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("vlaams_zorgkrediet__staff_member", period),
            worker("vlaams_zorgkrediet__flemish_public_sector", period),
            worker("vlaams_zorgkrediet__recognised_training", period),
            worker("vlaams_zorgkrediet__enough_training", period),
            worker("vlaams_zorgkrediet__distance_with_credits", period),
            worker("vlaams_zorgkrediet__not_abroad", period),
        )


class vlaams_zorgkrediet__max_months(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Maximum months of Vlaams zorgkrediet with the training motive (DOUBT: secondary)"
    unit = "month"
    reference = WHO

    def formula(worker, period, parameters):
        months = parameters(period).vlaams_zorgkrediet.max_months
        return np.full(worker.count, months, dtype=np.float64)
