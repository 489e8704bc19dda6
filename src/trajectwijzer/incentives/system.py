"""The OpenFisca tax-benefit system of the incentives, country-template style.

Variables live in ``variables/`` (Python), parameters in ``parameters/`` (dated YAML
with references), test cases in ``tests/openfisca/`` (OpenFisca YAML). The variable
modules are imported as normal modules and their classes added explicitly, because the
input variables are generated from the contract (OpenFisca's directory loader only
finds classes written out in the source).
"""

from __future__ import annotations

import inspect
from functools import cache
from pathlib import Path
from types import ModuleType

from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from .entities import entities
from .sectors import measure_parameters, measure_variables, sector_measures
from .variables import (
    betaald_educatief_verlof_brussel,
    conge_education_paye_wallonie,
    individueel_opleidingsrecht,
    inputs,
    kmo_portefeuille,
    opleidingscheques,
    premie_werkplekleren_werkgever,
    tijdskrediet_opleiding,
    verlof_opleiding_federale_overheid,
    vlaams_opleidingskrediet,
    vlaams_opleidingsverlof,
    vlaams_zorgkrediet,
    vormingsverlof_vlaamse_overheid,
    vov_terugbetaling_werkgever,
    vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding,
)

PARAMETERS_DIR = Path(__file__).parent / "parameters"
RULE_MODULES: tuple[ModuleType, ...] = (
    vlaams_opleidingsverlof,
    opleidingscheques,
    betaald_educatief_verlof_brussel,
    conge_education_paye_wallonie,
    kmo_portefeuille,
    tijdskrediet_opleiding,
    vlaams_opleidingskrediet,
    vlaams_zorgkrediet,
    vormingsverlof_vlaamse_overheid,
    verlof_opleiding_federale_overheid,
    individueel_opleidingsrecht,
    vrijstelling_doorstorting_bedrijfsvoorheffing_opleiding,
    vov_terugbetaling_werkgever,
    premie_werkplekleren_werkgever,
)


def _variables_defined_in(module: ModuleType) -> list[type[Variable]]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, Variable)
        and value.__module__ == module.__name__
    ]


class IncentivesTaxBenefitSystem(TaxBenefitSystem):
    CURRENCY = "€"

    def __init__(self) -> None:
        super().__init__(entities)
        self.add_variables(*inputs.INPUT_VARIABLES)
        for module in RULE_MODULES:
            self.add_variables(*_variables_defined_in(module))
        self.load_parameters(str(PARAMETERS_DIR))
        for measure in sector_measures():
            self.add_variables(*measure_variables(measure))
            self.parameters.add_child(measure["id"], measure_parameters(measure))


@cache
def tax_benefit_system() -> IncentivesTaxBenefitSystem:
    """Built once per process: loading parameters and variables takes a while."""
    return IncentivesTaxBenefitSystem()
