"""Signals for the learner's coach, raised by feedback rules that say ``signal: true``.

Each such rule gets its own signal code (``instruments.<instrument>.<rule>``) whose
sentence quotes the rule's feedback text in the reader's language, as the feedback the
learner received on that instrument: the text speaks to the learner, the coach reads
it as what the learner was told. The caseload shows it like any other signal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from trajectwijzer.caseload.models import SignalSource
from trajectwijzer.caseload.services import (
    raise_signal,
    register_signal_family,
    register_signal_text,
)

from .definition import Definition, DefinitionError, Rule, shipped_definitions

INTAKE_INSTRUMENTS = frozenset({"intake"})


class _RuleSentence:
    """Formats like a lazy translation: the instrument's title and the rule's text."""

    def __init__(self, definition: Definition, rule: Rule):
        self.definition = definition
        self.rule = rule

    def __str__(self) -> str:
        return (
            str(_("{instrument}, feedback the learner received: “{feedback}”"))
            .format(instrument=self.definition.title, feedback=self.rule.text)
            .replace("{", "{{")
            .replace("}", "}}")
        )


def register_texts() -> None:
    register_signal_family("instruments.", text_for_code)


def signal_code(definition: Definition, rule: Rule) -> str:
    return f"instruments.{definition.id}.{rule.id}"


def register_definition(definition: Definition) -> None:
    for rule in definition.rules:
        if rule.signal:
            register_signal_text(signal_code(definition, rule), _RuleSentence(definition, rule))


def text_for_code(code: str) -> _RuleSentence | None:
    """The sentence of ``instruments.<instrument>.<rule>``, from the shipped definitions
    (read on the first signal shown, not when the process starts)."""
    _, instrument, rule_id = [*code.split(".", 2), "", ""][:3]
    try:
        definition = shipped_definitions().get(instrument)
    except DefinitionError:
        return None  # `trajectwijzer instruments validate` reports the problem
    rule = next((r for r in definition.rules if r.id == rule_id), None) if definition else None
    return _RuleSentence(definition, rule) if rule is not None and rule.signal else None


def raise_for(response, definition: Definition, rule: Rule):
    register_definition(definition)
    source = SignalSource.INTAKE if definition.id in INTAKE_INSTRUMENTS else SignalSource.INSTRUMENT
    return raise_signal(
        response.subject,
        source=source,
        code=signal_code(definition, rule),
        key=f"response-{response.pk}",
        details={
            "instrument": definition.id,
            "version": response.version.version,
            "rule": rule.id,
            "response": response.pk,
        },
    )
