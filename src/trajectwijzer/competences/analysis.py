"""Pure computations on latest assessments: coverage, disagreement, levels as fractions.

No database here, so the rules are unit-tested directly. Levels are handled as *steps*:
the 1-based position of a level on its framework's ordered scale (a 4-level scale
has steps 1–4), so gaps in the stored ranks never distort a difference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

ROLES = ("self", "teacher", "mentor")

# Latest steps differing this much or more between roles count as disagreement.
DISAGREEMENT_STEPS = 2
# A learner has acquired an indicator once its current level reaches this share of the
# scale (step 3 of 4, "Zelfstandig", on the demo scale).
ACQUIRED_FRACTION = 0.75
# A workplace competence counts as rarely practised in a group when fewer than this
# share of its learners with a mentor have had it observed by the mentor.
RARELY_PRACTISED_SHARE = 0.5


def fraction(step: int, scale_size: int) -> float:
    """A step as a fraction of the scale: the top step is 1.0, step 1 of 4 is 0.25."""
    return step / scale_size if scale_size else 0.0


def combined_step(by_role: Mapping[str, int]) -> int | None:
    """One current step for an indicator from the latest step per role.

    An observation by a professional (teacher or mentor) outweighs the learner's own
    view: the higher of the teacher's and the mentor's latest step counts (each saw the
    learner in a different setting); only when neither has scored, the self-assessment.
    """
    professional = [by_role[role] for role in ("teacher", "mentor") if role in by_role]
    if professional:
        return max(professional)
    return by_role.get("self")


@dataclass
class Coverage:
    """Which indicators and competences nobody (no role) has observed yet."""

    unobserved_indicators: list[int] = field(default_factory=list)
    unobserved_competences: list[int] = field(default_factory=list)
    observed: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.observed / self.total if self.total else 0.0


def coverage(
    indicators_by_competence: Mapping[int, Iterable[int]],
    latest: Mapping[int, Mapping[str, int]],
) -> Coverage:
    """``latest``: indicator id → {role: step} for one learner (absent: never scored)."""
    result = Coverage()
    for competence_id, indicator_ids in indicators_by_competence.items():
        seen_any = False
        for indicator_id in indicator_ids:
            result.total += 1
            if latest.get(indicator_id):
                result.observed += 1
                seen_any = True
            else:
                result.unobserved_indicators.append(indicator_id)
        if not seen_any:
            result.unobserved_competences.append(competence_id)
    return result


@dataclass(frozen=True)
class Disagreement:
    indicator_id: int
    steps: dict[str, int]

    @property
    def spread(self) -> int:
        return max(self.steps.values()) - min(self.steps.values())


def disagreements(
    latest: Mapping[int, Mapping[str, int]], threshold: int = DISAGREEMENT_STEPS
) -> list[Disagreement]:
    """Indicators where the latest steps of two roles differ by ``threshold`` or more."""
    found = []
    for indicator_id, by_role in latest.items():
        if len(by_role) < 2:
            continue
        steps = dict(by_role)
        if max(steps.values()) - min(steps.values()) >= threshold:
            found.append(Disagreement(indicator_id, steps))
    return found


def competence_fractions(
    indicators_by_competence: Mapping[int, Iterable[int]],
    latest: Mapping[int, Mapping[str, int]],
    scale_size: int,
) -> dict[int, float]:
    """Competence id → mean combined level over its indicators, as a fraction 0..1.

    Indicators nobody scored count as 0; a competence none of whose indicators was
    scored is left out (unknown, not "nothing").
    """
    result = {}
    for competence_id, indicator_ids in indicators_by_competence.items():
        ids = list(indicator_ids)
        steps = [combined_step(latest.get(i, {})) for i in ids]
        if not ids or all(step is None for step in steps):
            continue
        result[competence_id] = sum(fraction(s or 0, scale_size) for s in steps) / len(ids)
    return result


def is_acquired(step: int | None, scale_size: int) -> bool:
    return step is not None and fraction(step, scale_size) >= ACQUIRED_FRACTION - 1e-9


# The same rules over a whole group at once (numpy), for the coach's group overview.


@dataclass
class GroupArrays:
    """Per learner (rows) × indicator (columns) results of the same rules as above."""

    observed: np.ndarray  # bool L×I: someone scored the indicator
    disagreement: np.ndarray  # bool L×I: latest steps of two roles differ by ≥ threshold
    unobserved_competences: np.ndarray  # bool L×C: nobody scored any of its indicators
    scored_by_role: np.ndarray  # int L×R: indicators each role has scored


def group_arrays(
    steps: np.ndarray, competence_columns: list[np.ndarray], threshold: int = DISAGREEMENT_STEPS
) -> GroupArrays:
    """``steps``: L×I×R latest steps (0 = never scored), roles in ``ROLES`` order;
    ``competence_columns``: per competence, the indicator columns it holds."""
    present = steps > 0
    observed = present.any(axis=2)
    highest = steps.max(axis=2).astype(np.int16)
    lowest = np.where(present, steps, np.iinfo(steps.dtype).max).min(axis=2).astype(np.int16)
    disagreement = (present.sum(axis=2) >= 2) & (highest - lowest >= threshold)
    learners = steps.shape[0]
    unobserved = np.ones((learners, len(competence_columns)), dtype=bool)
    for index, columns in enumerate(competence_columns):
        if len(columns):
            unobserved[:, index] = ~observed[:, columns].any(axis=1)
    return GroupArrays(observed, disagreement, unobserved, present.sum(axis=1))
