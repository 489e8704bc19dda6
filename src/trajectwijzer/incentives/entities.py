"""OpenFisca entities: one, the situation of a worker (person, employer and training together).

The incentives in scope are decided per worker and per training, never per household,
so a single person entity keeps simulations small and vectorised over many situations.
"""

from openfisca_core.entities import build_entity

Worker = build_entity(
    key="worker",
    plural="workers",
    label="The situation of one worker following one training",
    doc="Person, employer and training inputs of one evaluation; see docs/incentives.md.",
    is_person=True,
)

entities = [Worker]
