"""Training incentives as rules as code: an OpenFisca system, evaluated condition by condition."""
