"""Use cases for enrolments, groups and study plans, called by views, API, CLI and demo.

Study plans use optimistic locking like development's plans: an adjustment names the
version it was based on; when the stored plan moved on meanwhile it is refused with
:class:`PlanConflict` and nothing of it is stored. Every version is kept, with who made
it, when and from which inputs (the audit trail of the plan).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import Organisation, User
from trajectwijzer.caseload.models import SignalSource
from trajectwijzer.caseload.services import raise_signal, register_signal_text
from trajectwijzer.catalogue.models import Module, Programme, Provider
from trajectwijzer.tasks import enqueue_on_commit, retried_task

from . import calendar as ics
from . import emails, planning, rules
from .exemptions import exemptions_for_enrolment
from .models import (
    AnyOfPrerequisite,
    CalendarFeed,
    ClosingDay,
    Enrolment,
    Group,
    ModuleEntryMoment,
    PlanChange,
    PlanningSettings,
    ProviderTerm,
    StudyPlan,
    StudyPlanVersion,
)


@transaction.atomic
def enrol(
    learner: User,
    programme: Programme,
    *,
    group: Group | None = None,
    workplace: Organisation | None = None,
    started_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol ``learner`` in ``programme``; validated before anything is stored.

    Enrolling again with the same start date returns the existing enrolment, updated
    with the given group and workplace, so loaders and imports can be rerun.
    """
    values = {"group": group, "workplace": workplace}
    lookup = {"learner": learner, "programme": programme}
    if started_on is not None:
        lookup["started_on"] = started_on
    enrolment = Enrolment.objects.filter(**lookup).first() or Enrolment(**lookup)
    for name, value in values.items():
        setattr(enrolment, name, value)
    enrolment.full_clean(validate_unique=enrolment.pk is None)
    enrolment.save()
    return enrolment


def end_enrolment(enrolment: Enrolment, ended_on: datetime.date) -> Enrolment:
    enrolment.ended_on = ended_on
    enrolment.full_clean()
    enrolment.save(update_fields=["ended_on"])
    return enrolment


# Study plans (issue #11, item 3) --------------------------------------------------------

DEFAULT_HOURS_PER_WEEK = 10
MAX_PLACEMENTS = 200


class PlanConflict(Exception):
    """The plan changed since the version the adjustment was based on."""

    def __init__(self, plan: StudyPlan, expected: Any) -> None:
        super().__init__(f"plan {plan.pk} is at version {plan.version}, not {expected}")
        self.current_version = plan.version
        self.expected_version = expected


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def calendar_of(provider: Provider) -> tuple[planning.Term, ...]:
    return tuple(
        planning.Term(
            academic_year=t.academic_year,
            number=t.number,
            starts_on=t.starts_on,
            ends_on=t.ends_on,
            weeks=t.teaching_weeks,
        )
        for t in ProviderTerm.objects.filter(provider=provider).order_by("starts_on")
    )


def hours_per_credit_of(provider: Provider) -> int:
    settings_row = PlanningSettings.objects.filter(provider=provider).first()
    return settings_row.hours_per_credit if settings_row else planning.DEFAULT_HOURS_PER_CREDIT


def programme_modules(programme: Programme) -> tuple[planning.ModuleInput, ...]:
    """The programme's modules as engine input (prerequisites within the programme)."""
    modules = list(
        Module.objects.filter(programme=programme)
        .prefetch_related("prerequisites", "entry_moments", "any_of_prerequisites__options")
        .order_by("term", "position", "code")
    )
    codes = {m.code for m in modules}
    return tuple(
        planning.ModuleInput(
            code=m.code,
            title=m.title,
            hours=m.hours,
            credits=m.study_credits,
            model_term=m.term,
            all_of=tuple(sorted(p.code for p in m.prerequisites.all() if p.code in codes)),
            any_of=tuple(
                group
                for group in (
                    tuple(sorted(o.code for o in g.options.all() if o.code in codes))
                    for g in m.any_of_prerequisites.all()
                )
                if group
            ),
            entry_terms=tuple(sorted(e.term_number for e in m.entry_moments.all())),
            is_workplace_learning=m.is_workplace_learning,
            position=m.position,
        )
        for m in modules
    )


def default_start(calendar: tuple[planning.Term, ...], on: datetime.date) -> str | None:
    """The term running on ``on``, else the first one after it, else the last one."""
    for term in calendar:
        if term.ends_on >= on:
            return term.key
    return calendar[-1].key if calendar else None


def _clean_hours(value: Any) -> int:
    try:
        return planning.validate_hours_per_week(value)
    except planning.PlanningError:
        raise _invalid(
            "hours_per_week",
            _("Enter the hours a week you can free, a whole number from %(min)s to %(max)s.")
            % {"min": planning.MIN_HOURS_PER_WEEK, "max": planning.MAX_HOURS_PER_WEEK},
        ) from None


def _clean_start(value: Any, calendar: tuple[planning.Term, ...]) -> str:
    keys = [t.key for t in calendar]
    if not keys:
        raise _invalid("start", _("The provider has no term calendar yet: nothing to plan in."))
    if value not in keys:
        raise _invalid(
            "start",
            _("Choose a start moment of the provider's calendar: %(keys)s.")
            % {"keys": ", ".join(keys)},
        )
    return value


def _clean_placements(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > MAX_PLACEMENTS:
        raise _invalid(
            "placements",
            _("Give the placements as module code → term (e.g. 2026-2027:2), at most %(n)s.")
            % {"n": MAX_PLACEMENTS},
        )
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise _invalid("placements", _("Module codes and terms are text."))
    return dict(value)


def _clean_unavailable(value: Any, calendar: tuple[planning.Term, ...]) -> frozenset[int]:
    numbers = {t.number for t in calendar}
    if value is None:
        return frozenset()
    try:
        chosen = frozenset(int(v) for v in value)
    except (TypeError, ValueError):
        chosen = None
    if chosen is None or not chosen <= numbers:
        raise _invalid(
            "unavailable_terms",
            _("Give the terms you cannot attend as term numbers of the calendar: %(terms)s.")
            % {"terms": ", ".join(map(str, sorted(numbers)))},
        )
    return chosen


def build_input(
    enrolment: Enrolment,
    *,
    hours_per_week: int,
    start: str | None,
    placements: dict[str, str] | None = None,
    unavailable_terms: Any = None,
    on: datetime.date | None = None,
) -> planning.PlanInput:
    """The engine's input for ``enrolment``: its programme, calendar and exemptions."""
    provider = enrolment.programme.provider
    calendar = calendar_of(provider)
    start = start or default_start(calendar, enrolment.started_on)
    return planning.PlanInput(
        modules=programme_modules(enrolment.programme),
        calendar=calendar,
        start=_clean_start(start, calendar),
        hours_per_week=_clean_hours(hours_per_week),
        hours_per_credit=hours_per_credit_of(provider),
        exemptions=tuple(exemptions_for_enrolment(enrolment, on=on)),
        placements=_clean_placements(placements),
        unavailable_terms=_clean_unavailable(unavailable_terms, calendar),
    )


def compute(plan_input: planning.PlanInput) -> planning.Plan:
    try:
        return planning.compute_plan(plan_input)
    except planning.PlanningError as error:
        raise _invalid(error.field, error.message) from None


def warning_text(warning: dict) -> str:
    """A plan warning (as stored) as a sentence for learner and coach."""
    texts = {
        planning.TERM_OVER_HOURS: _(
            "Term %(term)s asks more hours than you can free (%(detail)s hours)."
        ),
        planning.PREREQUISITE_NOT_MET: _(
            "%(module)s in %(term)s comes before its prerequisite %(detail)s is passed."
        ),
        planning.NOT_ATTENDABLE: _(
            "%(module)s is only offered in a moment you cannot attend (%(term)s)."
        ),
        planning.NOT_OFFERED_IN_TERM: _("%(module)s does not start in %(term)s."),
        planning.NOT_PLANNED: _(
            "%(module)s could not be planned: its prerequisites or entry moments never fit."
        ),
    }
    return texts.get(warning["code"], warning["code"]) % warning


def plan_document(version: StudyPlanVersion) -> dict[str, Any]:
    """A stored plan version as API, CLI and pages show it."""
    return {
        "plan_id": version.plan_id,
        "version": version.number,
        "change": version.change,
        "made_by": version.created_by.full_name if version.created_by else None,
        "made_at": version.created_at.isoformat(),
        "hours_per_week": version.hours_per_week,
        "start": version.start,
        "placements": version.placements,
        "unavailable_terms": version.unavailable_terms,
        **version.result,
    }


def _store_version(
    plan: StudyPlan,
    number: int,
    change: str,
    actor: User | None,
    plan_input: planning.PlanInput,
    result: planning.Plan,
) -> StudyPlanVersion:
    return StudyPlanVersion.objects.create(
        plan=plan,
        number=number,
        change=change,
        created_by=actor,
        hours_per_week=plan_input.hours_per_week,
        start=plan_input.start,
        placements=dict(plan_input.placements),
        unavailable_terms=sorted(plan_input.unavailable_terms),
        result=result.as_dict(),
        completion_date=result.completion_date,
    )


@transaction.atomic
def propose_plan(
    actor: User,
    enrolment: Enrolment,
    *,
    hours_per_week: int | None = None,
    start: str | None = None,
    unavailable_terms: Any = None,
) -> StudyPlanVersion:
    """Propose a plan (a new version without hand-fixed placements) for ``enrolment``.

    ``unavailable_terms``: term numbers (of the year) in which the learner cannot follow
    classes; None keeps those of the current version."""
    policy.require(actor, rules.CHANGE_STUDY_PLAN, enrolment)
    plan = StudyPlan.objects.select_for_update().filter(enrolment=enrolment).first()
    previous = plan.current if plan else None
    if hours_per_week is None:
        hours_per_week = previous.hours_per_week if previous else DEFAULT_HOURS_PER_WEEK
    if unavailable_terms is None and previous:
        unavailable_terms = previous.unavailable_terms
    plan_input = build_input(
        enrolment, hours_per_week=hours_per_week, start=start, unavailable_terms=unavailable_terms
    )
    result = compute(plan_input)
    if plan is None:
        plan = StudyPlan.objects.create(enrolment=enrolment, version=1)
    else:
        plan.version += 1
        plan.save(update_fields=["version", "updated_at"])
    return _store_version(plan, plan.version, PlanChange.PROPOSED, actor, plan_input, result)


def _claim_version(plan: StudyPlan, expected: Any) -> None:
    """Move the plan to its next version, only if it is still at ``expected``."""
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        raise _invalid("version", _("The version of the plan you adjusted is required.")) from None
    claimed = StudyPlan.objects.filter(pk=plan.pk, version=expected).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    plan.refresh_from_db()
    if not claimed:
        raise PlanConflict(plan, expected)


@transaction.atomic
def adjust_plan(
    actor: User,
    plan: StudyPlan,
    *,
    version: Any,
    placements: dict[str, str] | None,
    hours_per_week: int | None = None,
    start: str | None = None,
    unavailable_terms: Any = None,
) -> StudyPlanVersion:
    """Save the learner's adjusted plan as a new version, if nobody changed it meanwhile.

    Input is checked before the version is claimed; a conflict or bad input stores nothing.
    """
    enrolment = plan.enrolment
    policy.require(actor, rules.CHANGE_STUDY_PLAN, enrolment)
    current = plan.current
    plan_input = build_input(
        enrolment,
        hours_per_week=current.hours_per_week if hours_per_week is None else hours_per_week,
        start=start or current.start,
        placements=placements,
        unavailable_terms=current.unavailable_terms
        if unavailable_terms is None
        else unavailable_terms,
    )
    result = compute(plan_input)
    _claim_version(plan, version)
    return _store_version(plan, plan.version, PlanChange.ADJUSTED, actor, plan_input, result)


def what_if(
    actor: User,
    enrolment: Enrolment,
    *,
    hours_per_week: Any,
    start: str | None = None,
    unavailable_terms: Any = None,
) -> dict[str, Any]:
    """The plan as it would be with other hours or another start (nothing is saved)."""
    policy.require(actor, rules.VIEW_STUDY_PLAN, enrolment)
    plan_input = build_input(
        enrolment,
        hours_per_week=hours_per_week,
        start=start,
        unavailable_terms=unavailable_terms,
    )
    return {
        "hours_per_week": plan_input.hours_per_week,
        "start": plan_input.start,
        **compute(plan_input).as_dict(),
    }


def _placements_of(result: dict) -> dict[str, str]:
    return {m["code"]: t["key"] for t in result.get("terms", []) for m in t["modules"]}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def changes_between(before: StudyPlanVersion, after: StudyPlanVersion) -> planning.Changes:
    """What moved from one version to the next (module X from term A to B; the date)."""
    return planning.describe_changes(
        _placements_of(before.result),
        _placements_of(after.result),
        before.completion_date,
        after.completion_date,
    )


def recalculate_plan(plan: StudyPlan, *, on: datetime.date | None = None) -> planning.Changes:
    """Recompute ``plan`` from its current inputs (new exemptions, a changed calendar).

    Stores a new version only when something moved, and then tells the coach (a signal
    in the caseload) and the learner (an e-mail). Fixed placements that no longer fit
    the calendar are dropped rather than refused.
    """
    with transaction.atomic():
        plan = StudyPlan.objects.select_for_update().get(pk=plan.pk)
        current = plan.current
        enrolment = plan.enrolment
        calendar = calendar_of(enrolment.programme.provider)
        calendar_keys = {t.key for t in calendar}
        numbers = {t.number for t in calendar}
        start = current.start if current.start in calendar_keys else None
        placements = {k: v for k, v in current.placements.items() if v in calendar_keys}
        try:
            plan_input = build_input(
                enrolment,
                hours_per_week=current.hours_per_week,
                start=start,
                placements=placements,
                unavailable_terms=[n for n in current.unavailable_terms if n in numbers],
                on=on,
            )
            result = compute(plan_input)
        except ValidationError:  # the programme can no longer be planned: keep the version
            return planning.Changes((), current.completion_date, current.completion_date)
        changes = planning.describe_changes(
            _placements_of(current.result),
            result.placements(),
            current.completion_date,
            result.completion_date,
        )
        if not changes.any:
            return changes
        plan.version += 1
        plan.save(update_fields=["version", "updated_at"])
        version = _store_version(
            plan, plan.version, PlanChange.RECALCULATED, None, plan_input, result
        )
        raise_signal(
            enrolment.learner,
            source=SignalSource.PLAN,
            code=PLAN_MOVED_SIGNAL,
            key=f"{plan.pk}:{version.number}",
            details=changes.as_dict(),
        )
        enqueue_on_commit(emails.deliver_plan_moved, version.pk)
    return changes


PLAN_MOVED_SIGNAL = "trajectories.plan_moved"


def _plan_moved_values(details: dict) -> dict:
    dates = details.get("completion_date") or {}
    return {
        "before": dates.get("from") or "–",
        "after": dates.get("to") or "–",
        "moved": len(details.get("moves") or ()),
    }


register_signal_text(
    PLAN_MOVED_SIGNAL,
    gettext_lazy(
        "The study plan was recalculated (a recognition decision or a timetable change): "
        "{moved} module(s) moved, completion date from {before} to {after}."
    ),
    values=_plan_moved_values,
)


@retried_task
def recalculate_plans(enrolment_ids: list[int]) -> dict[str, int]:
    """Recalculate the plans of these enrolments (after a decision or a timetable change)."""
    moved = 0
    plans = StudyPlan.objects.filter(enrolment_id__in=list(enrolment_ids)).order_by("pk")
    for plan in plans.iterator():
        if recalculate_plan(plan).any:
            moved += 1
    return {"plans": len(enrolment_ids), "moved": moved}


def set_any_of_prerequisites(module: Module, groups: list[list[Module]]) -> None:
    """Replace ``module``'s "any of" prerequisite groups; a cycle is refused."""
    edges = {m.code: set() for m in Module.objects.filter(programme_id=module.programme_id)}
    for m in Module.objects.filter(programme_id=module.programme_id).prefetch_related(
        "prerequisites", "any_of_prerequisites__options"
    ):
        edges[m.code] |= {p.code for p in m.prerequisites.all()}
        if m.pk != module.pk:
            for g in m.any_of_prerequisites.all():
                edges[m.code] |= {o.code for o in g.options.all()}
    for group in groups:
        for option in group:
            if option.programme_id != module.programme_id:
                raise _invalid(
                    "any_of_prerequisites",
                    _("%(code)s is not a module of the same programme.") % {"code": option.code},
                )
            edges.setdefault(module.code, set()).add(option.code)
    cycle = planning.find_cycle(edges)
    if cycle:
        raise _invalid(
            "any_of_prerequisites",
            _("These prerequisites would form a cycle: %(cycle)s.") % {"cycle": " → ".join(cycle)},
        )
    with transaction.atomic():
        module.any_of_prerequisites.all().delete()
        for group in groups:
            AnyOfPrerequisite.objects.create(module=module).options.set(group)


def check_prerequisites(module: Module) -> None:
    """Refuse a cycle in the programme's prerequisites (all of and any of), naming the field."""
    modules = programme_modules(module.programme)
    cycle = planning.find_cycle(planning.prerequisite_edges(modules))
    if cycle:
        raise _invalid(
            "prerequisites",
            _("These prerequisites would form a cycle: %(cycle)s.") % {"cycle": " → ".join(cycle)},
        )


@transaction.atomic
def set_entry_moments(module: Module, term_numbers: list[int]) -> list[int]:
    """Replace the moments ``module`` starts in; each must be a term of the provider's
    calendar (an entry moment outside it is refused naming ``entry_moments``)."""
    calendar = {t.number for t in calendar_of(module.programme.provider)}
    numbers = sorted(set(term_numbers))
    outside = [n for n in numbers if n not in calendar]
    if outside or not calendar:
        raise _invalid(
            "entry_moments",
            _("%(numbers)s: not a term of the provider's calendar (terms: %(terms)s).")
            % {
                "numbers": ", ".join(map(str, outside or numbers)),
                "terms": ", ".join(map(str, sorted(calendar))) or "–",
            },
        )
    ModuleEntryMoment.objects.filter(module=module).exclude(term_number__in=numbers).delete()
    for number in numbers:
        ModuleEntryMoment.objects.get_or_create(module=module, term_number=number)
    return numbers


def recalculate_after_decision(learner_id: int, programme_id: int) -> None:
    """Queue the recalculation of the learner's plans in the programme (after commit);
    for recognition to call when it communicates a decision."""
    ids = list(
        StudyPlan.objects.filter(
            enrolment__learner_id=learner_id, enrolment__programme_id=programme_id
        ).values_list("enrolment_id", flat=True)
    )
    if ids:
        enqueue_on_commit(recalculate_plans, ids)


def recalculate_after_timetable_change(provider: Provider) -> int:
    """Queue the recalculation of every plan of the provider's programmes (after commit),
    in batches of 500; for whoever changes the provider's calendar or entry moments."""
    ids = list(
        StudyPlan.objects.filter(enrolment__programme__provider=provider)
        .order_by("enrolment_id")
        .values_list("enrolment_id", flat=True)
    )
    for start in range(0, len(ids), 500):
        enqueue_on_commit(recalculate_plans, ids[start : start + 500])
    return len(ids)


# Persona at intake (issue #11, item 2) ---------------------------------------------------

MAX_PERSONA_REASON = 2000
_YES = {"yes", "true", "1", "on", "ja", "oui"}
_NO = {"no", "false", "0", "off", "nee", "non"}


def _clean_answer(field: str, value: Any) -> bool:
    """A yes/no intake answer; anything else is refused naming the field."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _invalid(field, _("Answer yes or no."))


def _clean_reason(value: Any, *, required: bool) -> str:
    reason = (value or "").strip() if isinstance(value, str) else ""
    if required and not reason:
        raise _invalid("reason", _("Give the reason for the correction."))
    if len(reason) > MAX_PERSONA_REASON:
        raise _invalid(
            "reason",
            _("Keep the reason under %(limit)s characters.") % {"limit": MAX_PERSONA_REASON},
        )
    return reason


def _clean_persona(value: Any) -> str:
    from .persona import Persona

    if value not in Persona.values:
        raise _invalid(
            "persona",
            _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(Persona.values)},
        )
    return value


@transaction.atomic
def decide_persona(
    actor: User,
    enrolment: Enrolment,
    *,
    work_related: Any,
    own_organisation: Any,
    reason: Any = "",
    persona: Any = None,
) -> Any:
    """Record the enrolment's persona from the two quicksheet answers.

    The first decision is the intake (the linked coach or the provider's staff); the
    persona follows the quicksheet and ``reason`` is an optional note. Every later
    decision is a correction by the linked coach: it may set another ``persona`` than
    the quicksheet's and needs a ``reason``. Nothing is overwritten: each decision is a
    new row (who, when, the answers, the reason)."""
    from .models import PersonaChange, PersonaDecision
    from .persona import persona_for

    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    previous = PersonaDecision.objects.filter(enrolment=locked).order_by("-number").first()
    correcting = previous is not None
    policy.require(actor, rules.CORRECT_PERSONA if correcting else rules.SET_PERSONA, enrolment)
    errors: dict[str, list] = {}
    answers = {}
    for field, value in (("work_related", work_related), ("own_organisation", own_organisation)):
        try:
            answers[field] = _clean_answer(field, value)
        except ValidationError as error:
            errors.update(error.message_dict)
    try:
        note = _clean_reason(reason, required=correcting)
    except ValidationError as error:
        errors.update(error.message_dict)
    chosen = None
    if persona not in (None, ""):
        try:
            chosen = _clean_persona(persona)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    derived = persona_for(answers["work_related"], answers["own_organisation"])
    if chosen is not None and chosen != derived and not correcting:
        raise _invalid(
            "persona",
            _(
                "At intake the persona follows the quicksheet; the coach can correct it "
                "afterwards with a reason."
            ),
        )
    return PersonaDecision.objects.create(
        enrolment=locked,
        number=(previous.number + 1) if previous else 1,
        change=PersonaChange.CORRECTION if correcting else PersonaChange.INTAKE,
        work_related=answers["work_related"],
        own_organisation=answers["own_organisation"],
        persona=chosen or derived,
        reason=note,
        decided_by=actor,
    )


# Calendar (issue #11 item 7) -----------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def new_calendar_link(actor: User) -> str:
    """A new secret feed token for ``actor``'s own calendar; any old one stops working.

    Only the token's hash is stored: the token (and so the URL) is shown once.
    """
    if not policy.can(actor, rules.MANAGE_CALENDAR_FEED, actor):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        learner=actor, defaults={"token_hash": _token_hash(token), "created_at": timezone.now()}
    )
    return token


def learner_of_feed(token: str) -> User | None:
    """The active learner whose current feed token is ``token`` (None otherwise)."""
    feed = (
        CalendarFeed.objects.select_related("learner")
        .filter(token_hash=_token_hash(token), learner__is_active=True)
        .first()
    )
    return feed.learner if feed else None


def calendar_of_learner(learner: User, *, on: datetime.date | None = None) -> bytes:
    """The learner's calendar (.ics bytes): planned modules per term and deadlines.

    The caller has checked access (the download view through ``access_learner``, the
    feed by its secret token).
    """
    from trajectwijzer.recognition.models import OPEN_STATUSES, StepRecord

    on = on or timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(learner=learner)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("programme__provider")
    )
    versions = {
        v.plan.enrolment_id: v
        for v in StudyPlanVersion.objects.filter(
            plan__enrolment__in=enrolments, number=F("plan__version")
        ).select_related("plan")
    }
    providers = {e.programme.provider_id for e in enrolments}
    closing: dict[int, set[datetime.date]] = {}
    for day in ClosingDay.objects.filter(provider_id__in=providers):
        closing.setdefault(day.provider_id, set()).add(day.date)
    periods: list[ics.ClassPeriod] = []
    years: set[int] = set()
    for enrolment in enrolments:
        version = versions.get(enrolment.pk)
        if version is None:
            continue
        for term in version.result.get("terms", []):
            years |= {int(term["starts_on"][:4]), int(term["ends_on"][:4])}
    holidays = ics.public_holidays(years)
    for enrolment in enrolments:
        version = versions.get(enrolment.pk)
        if version is None:
            continue
        skipped = set(holidays) | closing.get(enrolment.programme.provider_id, set())
        for term in version.result.get("terms", []):
            starts_on = datetime.date.fromisoformat(term["starts_on"])
            ends_on = datetime.date.fromisoformat(term["ends_on"])
            in_term = frozenset(d for d in skipped if starts_on <= d <= ends_on)
            for module in term["modules"]:
                if module.get("workplace_learning"):
                    continue  # workplace days are not in the data yet
                periods.append(
                    ics.ClassPeriod(
                        uid=f"module-{enrolment.pk}-{module['code']}-{term['key']}"
                        f"@{ics.UID_DOMAIN}",
                        title=f"{module['code']} {module['title']}",
                        starts_on=starts_on,
                        ends_on=ends_on,
                        skipped=in_term,
                    )
                )
    steps = StepRecord.objects.filter(
        request__learner=learner,
        request__status__in=OPEN_STATUSES,
        due_on__isnull=False,
        completed_at__isnull=True,
    ).select_related("request__procedure_version")
    deadlines = [
        ics.Deadline(
            uid=f"recognition-step-{step.pk}@{ics.UID_DOMAIN}",
            title=_("Recognition %(procedure)s: step %(step)s due")
            % {"procedure": step.request.procedure_version.procedure, "step": step.step_key},
            on=step.due_on,
        )
        for step in steps
    ]
    return ics.build(
        periods, deadlines, name=_("Trajectwijzer: %(name)s") % {"name": learner.full_name}
    )
