"""Reimbursement to the employer for Vlaams opleidingsverlof (VOV): a flat amount per hour.

An employer incentive: an employer with an establishment in the Flemish Region that kept
paying an employee's wage during VOV hours gets a flat amount per approved hour. It
follows the employee's VOV entitlement (``vlaams_opleidingsverlof``). Sources: the
Flemish Government decision of 25 April 2025 (the cut from 21.30 to 14.91 euros;
date DOUBT in the parameters) and https://www.vlaanderen.be/vlaams-opleidingsverlof.
"""

import numpy as np
from openfisca_core.periods import DAY
from openfisca_core.variables import Variable

from trajectwijzer.incentives import kleene
from trajectwijzer.incentives.entities import Worker
from trajectwijzer.incentives.variables.reading import choice_in

REFERENCE = "https://www.vlaanderen.be/vlaams-opleidingsverlof"
DECISION = (
    "https://www.vlaanderen.be/vlaamse-regering/beslissingen-van-de-vlaamse-regering/"
    "tijdelijke-technische-aanpassingen-voorwaarden-om-in-aanmerking-te-komen-voor-het-"
    "vlaams-opleidingsverlof"
)


class vov_terugbetaling_werkgever__employee_entitled_to_vov(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employee is entitled to Flemish training leave (vlaams_opleidingsverlof)"
    reference = REFERENCE

    def formula(worker, period):
        return worker("vlaams_opleidingsverlof__eligible", period)


class vov_terugbetaling_werkgever__establishment_in_flanders(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employee works at an establishment of the employer in the Flemish Region"
    reference = REFERENCE

    def formula(worker, period):
        return choice_in(worker, period, "person.workplace_region", "flanders")


class vov_terugbetaling_werkgever__eligible(Variable):
    value_type = int
    entity = Worker
    definition_period = DAY
    label = "The employer can claim the VOV reimbursement for this employee: all conditions"
    reference = REFERENCE

    def formula(worker, period):
        return kleene.all_of(
            worker("vov_terugbetaling_werkgever__employee_entitled_to_vov", period),
            worker("vov_terugbetaling_werkgever__establishment_in_flanders", period),
        )


class vov_terugbetaling_werkgever__rate_per_hour(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Flat amount per approved hour of Flemish training leave"
    unit = "currency-EUR"
    reference = DECISION

    def formula(worker, period, parameters):
        rate = parameters(period).vov_terugbetaling_werkgever.rate_per_hour
        return np.full(worker.count, rate, dtype=np.float64)


class vov_terugbetaling_werkgever__max_reimbursement_this_training(Variable):
    value_type = float
    entity = Worker
    definition_period = DAY
    label = "Rate times the VOV hours this training can use (NaN when they are unknown)"
    unit = "currency-EUR"
    reference = DECISION

    def formula(worker, period):
        hours = worker("vlaams_opleidingsverlof__hours_for_this_training", period)
        return (worker("vov_terugbetaling_werkgever__rate_per_hour", period) * hours).astype(
            np.float64
        )
