"""Vormingsverlof for staff of the Flemish administration (staff statute VPS, part X, title 8).

Source: https://overheid.vlaanderen.be/toelichting-bij-deel-x-de-verloven-en-dienstvrijstellingen-titel-8.
The statute fixes neither which trainings qualify nor how long the leave is: the line
manager judges both. So the leave is at best possible (``unknown``), never settled by the
rules, and no hours are computed. Whether the person falls under the statute (some
agencies have their own) cannot be expressed either.
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

REFERENCE = "https://overheid.vlaanderen.be/toelichting-bij-deel-x-de-verloven-en-dienstvrijstellingen-titel-8"


class vormingsverlof_vlaamse_overheid__flemish_administration(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Works for the Flemish government (person.sector public_flemish)"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.sector", "public_flemish")


class vormingsverlof_vlaamse_overheid__staff_member(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = 'Staff member, contractual or statutory (status "other": unknown)'
    reference = REFERENCE

    def formula(worker, period):
        return public_staff_member(worker, period)


class vormingsverlof_vlaamse_overheid__covered_by_statute(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Covered by the Vlaams personeelsstatuut: not expressible"
    reference = REFERENCE

    def formula(worker, period):
        return not_expressible(worker)


class vormingsverlof_vlaamse_overheid__line_manager_agrees(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The line manager agrees to the training and its duration: discretionary"
    reference = REFERENCE

    def formula(worker, period, parameters):
        decides = parameters(period).vormingsverlof_vlaamse_overheid.line_manager_decides
        return np.full(worker.count, kleene.UNKNOWN if decides else kleene.MET, dtype=np.int8)


class vormingsverlof_vlaamse_overheid__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "Training leave possible for Flemish administration staff: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("vormingsverlof_vlaamse_overheid__flemish_administration", period),
            worker("vormingsverlof_vlaamse_overheid__staff_member", period),
            worker("vormingsverlof_vlaamse_overheid__covered_by_statute", period),
            worker("vormingsverlof_vlaamse_overheid__line_manager_agrees", period),
        )
