"""Use cases for matrices and development plans; pages, API and demo call these.

Every function checks the policy for its actor and validates before it writes, inside
one transaction, so nothing is half saved. Plans use optimistic locking: a change
names the version it was based on; when the stored plan moved on meanwhile the change
is refused with :class:`PlanConflict` and nothing of it is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import (
    LearnerLink,
    LinkKind,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module, Programme

from . import queries, rules
from .models import (
    ActionKind,
    CompetenceMatrix,
    DevelopmentPlan,
    ItemStatus,
    JobRole,
    LevelObservation,
    MatrixRow,
    PlanAction,
    PlanGoal,
    PlanStatus,
    RequiredLevel,
    Team,
)

CATALOGUE_KINDS = {ActionKind.MODULE, ActionKind.PROGRAMME}


class InputError(Exception):
    """Bad input: a list of (field, message) pairs, field None for the whole input."""

    def __init__(self, errors: list[tuple[str | None, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" if f else m for f, m in errors))
        self.errors = errors


class PlanConflict(Exception):
    """The plan changed since the version the change was based on."""

    def __init__(self, plan: DevelopmentPlan, expected: int) -> None:
        super().__init__(f"plan {plan.pk} is at version {plan.version}, not {expected}")
        self.current_version = plan.version
        self.expected_version = expected


def _one(field: str | None, message: str) -> InputError:
    return InputError([(field, message)])


# Employees --------------------------------------------------------------------------


def is_employee_of(user: User, organisation: Organisation) -> bool:
    """A platform user working for ``organisation``: a learner member or linked as employee."""
    if Membership.objects.filter(
        user=user, organisation=organisation, role=Role.LEARNER, status=MembershipStatus.ACTIVE
    ).exists():
        return True
    return (
        LearnerLink.objects.current()
        .filter(learner=user, kind=LinkKind.EMPLOYER, organisation=organisation)
        .exists()
    )


def eligible_employees(organisation: Organisation) -> list[User]:
    members = Q(
        memberships__organisation=organisation,
        memberships__role=Role.LEARNER,
        memberships__status=MembershipStatus.ACTIVE,
    )
    linked = Q(
        pk__in=LearnerLink.objects.current()
        .filter(kind=LinkKind.EMPLOYER, organisation=organisation)
        .values("learner_id")
    )
    return list(User.objects.filter(members | linked, is_active=True).distinct())


# Matrices ---------------------------------------------------------------------------


@transaction.atomic
def create_matrix(
    actor: User, organisation: Organisation, framework: CompetenceFramework, title: str
) -> CompetenceMatrix:
    policy.require(actor, rules.MANAGE_MATRICES, organisation)
    title = (title or "").strip()
    if organisation.kind != OrganisationKind.EMPLOYER:
        raise _one("organisation", _("Competence matrices belong to an employer."))
    if not title:
        raise _one("title", _("A title is required."))
    if CompetenceMatrix.objects.filter(organisation=organisation, title=title).exists():
        raise _one("title", _("This organisation already has a matrix with this title."))
    return CompetenceMatrix.objects.create(
        organisation=organisation, framework=framework, title=title
    )


@transaction.atomic
def add_team(actor: User, matrix: CompetenceMatrix, name: str) -> Team:
    policy.require(actor, rules.MANAGE_MATRIX, matrix)
    name = (name or "").strip()
    if not name:
        raise _one("name", _("A name is required."))
    team, _created = Team.objects.get_or_create(matrix=matrix, name=name)
    return team


def _check_level(field: str, level: Any, scale: queries.Scale, allow_zero: bool = False) -> int:
    allowed = sorted(scale.levels)
    if isinstance(level, bool) or not isinstance(level, int):
        try:
            level = int(str(level).strip())
        except (TypeError, ValueError):
            raise _one(field, _("Expected a whole number.")) from None
    if level == 0 and allow_zero:
        return 0
    if level not in scale.levels:
        raise _one(
            field,
            _("Level %(level)s is not on the scale (allowed: %(allowed)s).")
            % {"level": level, "allowed": ", ".join(map(str, allowed))},
        )
    return level


def _competence_in(framework_id: int, competence: Any, field: str) -> Competence:
    """A competence of the framework, given as object, id or code."""
    query = Competence.objects.filter(framework_id=framework_id)
    if isinstance(competence, Competence):
        found = query.filter(pk=competence.pk).first()
    elif isinstance(competence, int) and not isinstance(competence, bool):
        found = query.filter(pk=parse_id(competence)).first()
    else:
        code = str(competence or "").strip()
        # PostgreSQL refuses a NUL in a query parameter; no stored code has one.
        found = None if "\x00" in code else query.filter(code=code).first()
    if found is None:
        codes = ", ".join(query.values_list("code", flat=True))
        raise _one(
            field,
            _("%(value)s is not a competence of this framework (allowed: %(allowed)s).")
            % {"value": competence, "allowed": codes},
        )
    return found


@transaction.atomic
def save_job_role(
    actor: User,
    matrix: CompetenceMatrix,
    title: str,
    levels: dict[Any, Any],
    *,
    description: str = "",
) -> JobRole:
    """Create or change a job role with its desired level per competence (0 = none)."""
    policy.require(actor, rules.MANAGE_MATRIX, matrix)
    title = (title or "").strip()
    if not title:
        raise _one("title", _("A title is required."))
    scale = queries.scale_of(matrix.framework_id)
    wanted: dict[int, int] = {}
    errors: list[tuple[str | None, str]] = []
    for key, level in levels.items():
        try:
            competence = _competence_in(matrix.framework_id, key, f"levels.{key}")
            checked = _check_level(f"levels.{key}", level, scale, allow_zero=True)
        except InputError as error:
            errors += error.errors
            continue
        if checked:
            wanted[competence.pk] = checked
    if errors:
        raise InputError(errors)
    job_role, _created = JobRole.objects.update_or_create(
        matrix=matrix, title=title, defaults={"description": description}
    )
    job_role.requirements.exclude(competence_id__in=wanted).delete()
    for competence_id, level in wanted.items():
        RequiredLevel.objects.update_or_create(
            job_role=job_role, competence_id=competence_id, defaults={"level": level}
        )
    return job_role


@transaction.atomic
def add_row(
    actor: User,
    matrix: CompetenceMatrix,
    employee: User,
    *,
    job_role: JobRole | None = None,
    team: Team | None = None,
) -> MatrixRow:
    """Put an employee in the matrix (or change their job role and team)."""
    policy.require(actor, rules.MANAGE_MATRIX, matrix)
    if not is_employee_of(employee, matrix.organisation):
        raise _one(
            "employee",
            _(
                "%(name)s does not work for %(organisation)s on the platform: they need an "
                "active learner membership of the organisation or an employer link to it."
            )
            % {"name": employee.full_name, "organisation": matrix.organisation.name},
        )
    if job_role is not None and job_role.matrix_id != matrix.pk:
        raise _one("job_role", _("This job role belongs to another matrix."))
    if team is not None and team.matrix_id != matrix.pk:
        raise _one("team", _("This team belongs to another matrix."))
    row, _created = MatrixRow.objects.update_or_create(
        matrix=matrix, employee=employee, defaults={"job_role": job_role, "team": team}
    )
    return row


@transaction.atomic
def record_observation(
    actor: User,
    row: MatrixRow,
    competence: Any,
    level: Any,
    *,
    observed_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> LevelObservation:
    """Add an observed level; earlier observations stay as history."""
    policy.require(actor, rules.MANAGE_MATRIX, row.matrix)
    found = _competence_in(row.matrix.framework_id, competence, "competence")
    checked = _check_level("level", level, queries.scale_of(row.matrix.framework_id))
    today = today or timezone.localdate()
    observed_on = observed_on or today
    if observed_on > today:
        raise _one("observed_on", _("An observation cannot be dated in the future."))
    note = _text(note, "note", 500)
    return LevelObservation.objects.create(
        row=row,
        competence=found,
        level=checked,
        observed_on=observed_on,
        observed_by=actor,
        note=note,
    )


# Plans ------------------------------------------------------------------------------


@dataclass
class _GoalData:
    competence: Competence
    target_level: int
    target_date: dt.date | None
    status: str
    description: str
    actions: list[dict[str, Any]]


def _date(value: Any, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise _one(field, _("Expected a date as YYYY-MM-DD.")) from None


def _choice(value: Any, choices: type, field: str, default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices.values:
        raise _one(
            field,
            _("%(value)s is not allowed (allowed: %(allowed)s).")
            % {"value": value, "allowed": ", ".join(choices.values)},
        )
    return value


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _one(field, _("Expected text."))
    value = value.strip()
    if "\x00" in value:
        raise _one(field, _("Contains a NUL character, which text cannot hold."))
    if required and not value:
        raise _one(field, _("This field is required."))
    if len(value) > limit:
        raise _one(field, _("At most %(limit)s characters.") % {"limit": limit})
    return value


def parse_id(value: Any) -> int:
    """A record id from input, 0 (matching nothing) when it is not a whole number."""
    if isinstance(value, bool):
        return 0
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**31 else 0


def _clean_action(data: dict[str, Any], prefix: str) -> dict[str, Any]:
    errors: list[tuple[str | None, str]] = []
    values: dict[str, Any] = {}
    checks = {
        "kind": lambda: _choice(data.get("kind"), ActionKind, f"{prefix}.kind", ""),
        "description": lambda: _text(data.get("description"), f"{prefix}.description", 500),
        "target_date": lambda: _date(data.get("target_date"), f"{prefix}.target_date"),
        "status": lambda: _choice(data.get("status"), ItemStatus, f"{prefix}.status", "open"),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except InputError as error:
            errors += error.errors
    kind = values.get("kind")
    if not kind and "kind" not in {f.rsplit(".", 1)[-1] for f, _m in errors if f}:
        errors.append((f"{prefix}.kind", _("This field is required.")))
    values["module"] = values["programme"] = None
    if kind == ActionKind.MODULE:
        module = Module.objects.filter(
            pk=parse_id(data.get("module_id")), programme__is_published=True
        ).first()
        if module is None:
            errors.append((f"{prefix}.module_id", _("Choose a module of a published programme.")))
        else:
            values["module"], values["programme"] = module, module.programme
    elif kind == ActionKind.PROGRAMME:
        programme = Programme.objects.filter(
            pk=parse_id(data.get("programme_id")), is_published=True
        ).first()
        if programme is None:
            errors.append((f"{prefix}.programme_id", _("Choose a published programme.")))
        values["programme"] = programme
    elif kind and not values.get("description"):
        errors.append(
            (
                f"{prefix}.description",
                _("Describe the action (which training, which buddy, which task)."),
            )
        )
    if errors:
        raise InputError(errors)
    return values


def _clean_plan(matrix: CompetenceMatrix, data: dict[str, Any]) -> dict[str, Any]:
    """Validate a whole plan document; raise InputError with every problem found."""
    scale = queries.scale_of(matrix.framework_id)
    errors: list[tuple[str | None, str]] = []
    clean: dict[str, Any] = {"goals": []}
    for name, check in {
        "title": lambda: _text(data.get("title"), "title", 200, required=True),
        "status": lambda: _choice(data.get("status"), PlanStatus, "status", PlanStatus.DRAFT),
        "note": lambda: _text(data.get("note"), "note", 5000),
    }.items():
        try:
            clean[name] = check()
        except InputError as error:
            errors += error.errors
    goals = data.get("goals") or []
    if not isinstance(goals, list):
        errors.append(("goals", _("Expected a list of goals.")))
        goals = []
    for index, goal in enumerate(goals, start=1):
        prefix = f"goals[{index}]"
        if not isinstance(goal, dict):
            errors.append((prefix, _("Expected a goal object.")))
            continue
        try:
            competence = _competence_in(
                matrix.framework_id, goal.get("competence"), f"{prefix}.competence"
            )
        except InputError as error:
            errors += error.errors
            competence = None
        values: dict[str, Any] = {}
        for name, check in {
            "target_level": lambda g=goal, p=prefix: _check_level(
                f"{p}.target_level", g.get("target_level"), scale
            ),
            "target_date": lambda g=goal, p=prefix: _date(g.get("target_date"), f"{p}.target_date"),
            "status": lambda g=goal, p=prefix: _choice(
                g.get("status"), ItemStatus, f"{p}.status", "open"
            ),
            "description": lambda g=goal, p=prefix: _text(
                g.get("description"), f"{p}.description", 500
            ),
        }.items():
            try:
                values[name] = check()
            except InputError as error:
                errors += error.errors
        actions = []
        raw_actions = goal.get("actions") or []
        if not isinstance(raw_actions, list):
            errors.append((f"{prefix}.actions", _("Expected a list of actions.")))
            raw_actions = []
        for action_index, action in enumerate(raw_actions, start=1):
            action_prefix = f"{prefix}.actions[{action_index}]"
            if not isinstance(action, dict):
                errors.append((action_prefix, _("Expected an action object.")))
                continue
            try:
                actions.append(_clean_action(action, action_prefix))
            except InputError as error:
                errors += error.errors
        if competence is not None and len(values) == 4:
            clean["goals"].append(_GoalData(competence=competence, actions=actions, **values))
    if errors:
        raise InputError(errors)
    return clean


def _claim_version(plan: DevelopmentPlan, expected: Any, actor: User) -> None:
    """Move the plan to the next version, only if it is still at ``expected``."""
    expected = parse_id(expected)
    if not expected:
        raise _one("version", _("The version of the plan you edited is required."))
    claimed = DevelopmentPlan.objects.filter(pk=plan.pk, version=expected).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=actor
    )
    if not claimed:
        plan.refresh_from_db()
        raise PlanConflict(plan, expected)
    plan.refresh_from_db()


def _write_goals(plan: DevelopmentPlan, goals: list[_GoalData]) -> None:
    plan.goals.all().delete()
    for position, goal in enumerate(goals):
        stored = PlanGoal.objects.create(
            plan=plan,
            competence=goal.competence,
            target_level=goal.target_level,
            target_date=goal.target_date,
            status=goal.status,
            description=goal.description,
            position=position,
        )
        for action_position, action in enumerate(goal.actions):
            PlanAction.objects.create(goal=stored, position=action_position, **action)


def plan_document(plan: DevelopmentPlan) -> dict[str, Any]:
    """The plan as the API and ``save_plan`` exchange it."""
    return {
        "id": plan.pk,
        "version": plan.version,
        "employee": plan.row.employee.full_name,
        "matrix_id": plan.row.matrix_id,
        "title": plan.title,
        "status": plan.status,
        "note": plan.note,
        "drafted_by_employee": plan.drafted_by_employee,
        "goals": [
            {
                "competence": goal.competence.code,
                "target_level": goal.target_level,
                "target_date": goal.target_date.isoformat() if goal.target_date else None,
                "status": goal.status,
                "description": goal.description,
                "actions": [
                    {
                        "kind": action.kind,
                        "programme_id": action.programme_id,
                        "module_id": action.module_id,
                        "description": action.description,
                        "target_date": action.target_date.isoformat()
                        if action.target_date
                        else None,
                        "status": action.status,
                    }
                    for action in goal.actions.all()
                ],
            }
            for goal in plan.goals.all()
        ],
    }


@transaction.atomic
def create_plan(actor: User, row: MatrixRow, data: dict[str, Any]) -> DevelopmentPlan:
    policy.require(actor, rules.CREATE_PLAN, row)
    clean = _clean_plan(row.matrix, data)
    plan = DevelopmentPlan.objects.create(
        row=row,
        title=clean["title"],
        status=clean["status"],
        note=clean["note"],
        drafted_by=actor,
        drafted_by_employee=actor.pk == row.employee_id,
        updated_by=actor,
    )
    _write_goals(plan, clean["goals"])
    return plan


@transaction.atomic
def save_plan(
    actor: User, plan: DevelopmentPlan, data: dict[str, Any], expected_version: Any
) -> DevelopmentPlan:
    """Replace the plan's content, if nobody changed it since ``expected_version``."""
    policy.require(actor, rules.CHANGE_PLAN, plan)
    clean = _clean_plan(plan.row.matrix, data)
    _claim_version(plan, expected_version, actor)
    plan.title, plan.status, plan.note = clean["title"], clean["status"], clean["note"]
    plan.save(update_fields=["title", "status", "note"])
    _write_goals(plan, clean["goals"])
    return plan


def draft_from_gaps(
    actor: User, row: MatrixRow, title: str | None = None, *, today: dt.date | None = None
) -> DevelopmentPlan:
    """A draft plan with a goal for each gap of the row, largest gap first."""
    view = queries.row_views(row.matrix, [row])[0]
    goals = [
        {"competence": cell.competence.pk, "target_level": cell.desired}
        for cell in view.ranked_gaps()
    ]
    title = title or _("Development plan %(date)s") % {
        "date": (today or timezone.localdate()).strftime("%d/%m/%Y")
    }
    return create_plan(actor, row, {"title": title, "goals": goals})


def change_plan(
    actor: User, plan: DevelopmentPlan, expected_version: Any, change: dict[str, Any]
) -> DevelopmentPlan:
    """Apply one edit of the plan page to the stored document, then save it (locked).

    ``change`` is {"op": …, …}: header (title, status, note), add_goal, goal_status,
    remove_goal, add_action, action_status, remove_action; goals and actions by their
    1-based position as shown on the page.
    """
    document = plan_document(plan)
    op = change.get("op")
    goals = document["goals"]

    def goal_at(key: str = "goal") -> dict[str, Any]:
        try:
            return goals[int(change.get(key)) - 1]
        except (TypeError, ValueError, IndexError):
            raise _one(key, _("This goal is no longer in the plan.")) from None

    if op == "header":
        for name in ("title", "status", "note"):
            document[name] = change.get(name, document[name])
    elif op == "add_goal":
        goals.append(
            {
                "competence": change.get("competence"),
                "target_level": change.get("target_level"),
                "target_date": change.get("target_date") or None,
                "description": change.get("description", ""),
                "actions": [],
            }
        )
    elif op == "goal_status":
        goal_at()["status"] = change.get("status")
    elif op == "remove_goal":
        goals.remove(goal_at())
    elif op in ("add_action", "action_status", "remove_action"):
        goal = goal_at()
        if op == "add_action":
            goal["actions"].append(
                {
                    key: change.get(key) or None
                    for key in ("kind", "programme_id", "module_id", "description", "target_date")
                }
            )
        else:
            try:
                action = goal["actions"][int(change.get("action")) - 1]
            except (TypeError, ValueError, IndexError):
                raise _one("action", _("This action is no longer in the plan.")) from None
            if op == "remove_action":
                goal["actions"].remove(action)
            else:
                action["status"] = change.get("status")
    else:
        raise _one("op", _("Unknown change."))
    return save_plan(actor, plan, document, expected_version)


# Sharing an employee's own plans with the employer ------------------------------------


def plans_shared_with_employer(employee: User, row: MatrixRow) -> bool:
    from trajectwijzer.accounts.models import Consent, ConsentScope

    return (
        Consent.objects.active()
        .filter(
            learner=employee,
            scope=ConsentScope.PLANS,
            recipient_organisation_id=row.matrix.organisation_id,
        )
        .exists()
    )


@transaction.atomic
def share_plans_with_employer(employee: User, row: MatrixRow, share: bool) -> None:
    """The employee gives (or withdraws) consent ``plans`` to the employer of ``row``.

    A consent, like any other on the platform: recorded, listed on the consents page,
    never deleted but withdrawn. It covers the plans the employee drafts themselves.
    """
    from trajectwijzer.accounts import services as account_services
    from trajectwijzer.accounts.models import Consent, ConsentScope

    if employee.pk != row.employee_id:
        raise PermissionError("only the employee shares their own plans")
    if share:
        account_services.give_consent(
            employee,
            scope=ConsentScope.PLANS,
            recipient_organisation=row.matrix.organisation,
            purpose=_("Development plans in the competence matrix %(matrix)s")
            % {"matrix": row.matrix.title},
        )
        return
    for consent in Consent.objects.active().filter(
        learner=employee,
        scope=ConsentScope.PLANS,
        recipient_organisation_id=row.matrix.organisation_id,
    ):
        account_services.withdraw_consent(employee, consent)
