"""Procedure versions: sync definition files into the database, checked against the catalogue.

``definition.parse_procedure`` checks a file on its own; here it is *bound*: the
provider, programme, qualification, framework, competences, modules and quickscan
instruments it names must exist, and no outcome may exempt a module that cannot be
exempted (``is_exemptable`` off, or workplace learning — seed 001 lines 1463–1478:
Syntra's workplace learning is never exempt — unless the procedure declares
``exempts_workplace_learning``). A problem is refused with file, line and reason.

``sync_procedures`` stores each file as its procedure's current
:class:`~trajectwijzer.recognition.models.ProcedureVersion`: an unchanged file keeps
its version (no new row); a changed file becomes a new version, and requests keep the
version they follow.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .definition import (
    DefinitionError,
    Procedure,
    load_procedure,
    procedure_from_raw,
    shipped_paths,
    shipped_procedures,
)
from .models import ProcedureVersion

Problem = tuple[str, int, str]

_PARSED: dict[str, Procedure] = {}


def procedure_for(version: ProcedureVersion) -> Procedure:
    """The stored version's definition as objects (parsed once per checksum)."""
    cached = _PARSED.get(version.checksum)
    if cached is None:
        try:
            shipped = shipped_procedures().get(version.procedure)
        except DefinitionError:
            shipped = None
        if shipped is not None and shipped.checksum == version.checksum:
            cached = shipped
        else:
            cached = procedure_from_raw(version.definition, f"{version} (stored)")
        _PARSED[version.checksum] = cached
    return cached


def current_version(slug: str) -> ProcedureVersion | None:
    """The current stored version of procedure ``slug`` (None when never synced)."""
    return ProcedureVersion.objects.filter(procedure=slug, is_current=True).first()


def exemption_refusal(module, procedure: Procedure | None = None, *, whole: bool = True):
    """Why ``module`` may not be exempted — None when it may (translated text otherwise).

    ``whole``: a whole-module exemption (or hours of it); False for a reduction of
    internship weeks. A module the catalogue marks not exemptable never is; workplace
    learning is never exempted whole (Syntra, seed 001 line 1478) unless ``procedure``
    declares ``exempts_workplace_learning`` (Woodwize's workplace-based standard).
    """
    if not module.is_exemptable:
        return _("Module %(code)s cannot be exempted (allowed: modules open to exemption).") % {
            "code": module.code
        }
    if (
        whole
        and module.is_workplace_learning
        and not (procedure is not None and procedure.exempts_workplace_learning)
    ):
        return _(
            "Module %(code)s is workplace learning, which is never exempted; only its "
            "internship weeks can be reduced."
        ) % {"code": module.code}
    return None


def workplace_exemptions_allowed(provider) -> bool:
    """Whether ``provider`` runs a current procedure that exempts workplace learning."""
    return any(
        procedure_for(version).exempts_workplace_learning
        for version in ProcedureVersion.objects.filter(provider=provider, is_current=True)
    )


def bind_problems(procedure: Procedure, source: str) -> list[Problem]:
    """What in ``procedure`` does not match the catalogue (empty: it binds)."""
    from trajectwijzer.catalogue.models import (
        Competence,
        CompetenceFramework,
        Module,
        Programme,
        Provider,
        Qualification,
    )

    problems: list[Problem] = []
    lines = procedure.lines

    def error(key: str, reason: str) -> None:
        problems.append((source, lines.get(key, 1), reason))

    target = procedure.target
    provider = Provider.objects.filter(slug=procedure.provider).first()
    if provider is None:
        error("provider", f"provider {procedure.provider!r} is not in the catalogue")
    if target.qualification and not Qualification.objects.filter(code=target.qualification):
        error(
            "target.qualification",
            f"target.qualification {target.qualification!r} is not in the catalogue",
        )
    framework = CompetenceFramework.objects.filter(code=target.framework).first()
    if framework is None:
        error("target.framework", f"target.framework {target.framework!r} is not in the catalogue")
    else:
        known = set(
            Competence.objects.filter(framework=framework, code__in=target.competences).values_list(
                "code", flat=True
            )
        )
        for code in target.competences:
            if code not in known:
                error(
                    f"competence:{code}",
                    f"target.competences: {code!r} is not a competence of framework "
                    f"{target.framework!r}",
                )
    programme = None
    if target.programme:
        programme = (
            Programme.objects.filter(external_id=target.programme)
            .select_related("provider", "framework")
            .first()
        )
        if programme is None:
            error(
                "target.programme",
                f"target.programme {target.programme!r} is not in the catalogue",
            )
        elif provider is not None and programme.provider_id != provider.pk:
            error(
                "target.programme",
                f"target.programme {target.programme!r} is offered by "
                f"{programme.provider.slug!r}, not by the procedure's provider "
                f"{procedure.provider!r}",
            )
        elif framework is not None and programme.framework_id not in (None, framework.pk):
            error(
                "target.framework",
                f"target.framework {target.framework!r} is not the framework of programme "
                f"{target.programme!r} ({programme.framework.code!r})",
            )
    if programme is not None:
        modules = {m.code: m for m in Module.objects.filter(programme=programme)}
        for code in target.modules:
            if code not in modules:
                error(
                    f"module:{code}",
                    f"target.modules: {code!r} is not a module of programme {target.programme!r}",
                )
        for outcome in procedure.outcomes:
            module = modules.get(outcome.module)
            if module is None:
                continue
            where = f"outcome {outcome.module}"
            if not module.is_exemptable:
                problems.append(
                    (
                        source,
                        outcome.line,
                        f"{where}: module {module.code!r} cannot be exempted "
                        "(the catalogue marks it not exemptable)",
                    )
                )
            elif (
                module.is_workplace_learning
                and outcome.whole
                and not procedure.exempts_workplace_learning
            ):
                problems.append(
                    (
                        source,
                        outcome.line,
                        f"{where}: module {module.code!r} is workplace learning, which is "
                        "never exempted (only internship weeks may be reduced; a procedure "
                        "whose provider does exempt it says exempts_workplace_learning: true)",
                    )
                )
            if outcome.partly_hours and module.hours and outcome.partly_hours > module.hours:
                problems.append(
                    (
                        source,
                        outcome.line,
                        f"{where}: partly_hours ({outcome.partly_hours}) exceeds the "
                        f"module's {module.hours} hours",
                    )
                )
            if outcome.internship_weeks_per_step and not module.is_workplace_learning:
                problems.append(
                    (
                        source,
                        outcome.line,
                        f"{where}: internship weeks can only shorten a workplace-learning "
                        f"module; {module.code!r} is not one",
                    )
                )
    instrument_steps = [s for s in procedure.steps if s.instrument]
    if instrument_steps:
        from trajectwijzer.instruments.definition import shipped_definitions

        instruments = shipped_definitions()
        for step in instrument_steps:
            if step.instrument not in instruments:
                error(
                    f"instrument:{step.key}",
                    f"step {step.key}: instrument {step.instrument!r} is not a shipped "
                    f"instrument (known: {', '.join(sorted(instruments))})",
                )
    return problems


def check_paths(paths: list[Path] | None = None) -> tuple[list[Procedure], list[Problem]]:
    """Parse and bind every file; the procedures that passed and every problem found."""
    paths = shipped_paths() if paths is None else [Path(p) for p in paths]
    procedures: list[Procedure] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for path in paths:
        try:
            procedure = load_procedure(path)
        except DefinitionError as error:
            problems.extend(error.problems)
            continue
        found = bind_problems(procedure, str(path))
        if procedure.slug in slugs:
            found.append(
                (str(path), 1, f"slug {procedure.slug!r} is also used by {slugs[procedure.slug]}")
            )
        slugs.setdefault(procedure.slug, str(path))
        if found:
            problems.extend(found)
        else:
            procedures.append(procedure)
    return procedures, problems


def sync_procedure(procedure: Procedure) -> ProcedureVersion:
    """Make ``procedure`` (already bound) the current version of its slug."""
    from trajectwijzer.catalogue.models import Provider

    versions = ProcedureVersion.objects.select_for_update().filter(procedure=procedure.slug)
    same = versions.filter(checksum=procedure.checksum).order_by("-version").first()
    if same is not None:
        if not same.is_current:
            versions.filter(is_current=True).update(is_current=False)
            same.is_current = True
            same.save(update_fields=["is_current"])
        return same
    latest = versions.order_by("-version").first()
    number = procedure.version if latest is None else max(procedure.version, latest.version + 1)
    versions.filter(is_current=True).update(is_current=False)
    return ProcedureVersion.objects.create(
        procedure=procedure.slug,
        version=number,
        declared_version=procedure.version,
        checksum=procedure.checksum,
        definition=procedure.raw,
        provider=Provider.objects.get(slug=procedure.provider),
        is_current=True,
        synced_at=timezone.now(),
    )


@transaction.atomic
def sync_procedures(paths: list[Path] | None = None) -> list[ProcedureVersion]:
    """Store each file (the shipped ones when ``paths`` is None) as a current version.

    All or nothing: any file that does not parse or bind raises :class:`DefinitionError`
    (every problem, with file and line) and nothing is stored.
    """
    procedures, problems = check_paths(paths)
    if problems:
        raise DefinitionError(problems)
    return [sync_procedure(procedure) for procedure in procedures]
