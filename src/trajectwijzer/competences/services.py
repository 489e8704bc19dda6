"""Recording assessments: validated completely before anything is stored.

Pages, the API and the demo loader all record through ``record_assessments``. Every
problem is reported with the field it concerns and what is allowed; if any entry is
wrong, nothing of the batch is stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import User
from trajectwijzer.catalogue.models import Programme
from trajectwijzer.web.forms import unstorable_text_error

from . import queries, rules
from .models import Assessment, AssessorRole, LatestAssessment

MAX_COMMENT_LENGTH = 2000
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".docx", ".odt", ".txt"})


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class AssessmentInputError(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


@dataclass
class Entry:
    """One indicator scored: the level is the rank on the framework's scale."""

    indicator_id: int | str | None
    level: int | str | None
    comment: str = ""
    evidence_url: str = ""
    evidence_file: UploadedFile | None = None
    field_prefix: str = ""  # how the form or API names this entry's fields
    extra: dict = field(default_factory=dict)


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def role_label(role: str) -> str:
    return str(AssessorRole(role).label) if role in AssessorRole.values else role


def record_assessments(
    actor: User,
    learner: User,
    role: str,
    entries: list[Entry],
    *,
    observed_on: datetime.date | None = None,
    programme: Programme | None = None,
    today: datetime.date | None = None,
) -> list[Assessment]:
    """Record ``entries`` by ``actor`` assessing ``learner`` as ``role``; all or nothing.

    Raises ``AssessmentInputError`` naming each wrong field, and
    ``PermissionDenied`` when ``actor`` may not assess ``learner`` in any role.
    """
    policy.require(actor, rules.RECORD_ASSESSMENT, learner)
    visibility = rules.assessment_visibility(actor, learner)
    errors: list[FieldError] = []
    allowed = sorted(visibility.assessing_roles)
    if role not in AssessorRole.values:
        errors.append(
            FieldError(
                "role",
                _("Unknown role %(role)s: choose one of %(allowed)s.")
                % {"role": role, "allowed": ", ".join(allowed)},
            )
        )
    elif role not in visibility.assessing_roles:
        errors.append(
            FieldError(
                "role",
                _("You are not linked to this learner as %(role)s; you may assess as: %(allowed)s.")
                % {
                    "role": role_label(role),
                    "allowed": ", ".join(role_label(r) for r in allowed),
                },
            )
        )
    enrolment = queries.current_enrolment(learner, programme)
    if enrolment is None:
        errors.append(
            FieldError(
                "programme",
                _("The learner has no current enrolment in a programme with competences."),
            )
        )
        raise AssessmentInputError(errors)
    structure = queries.programme_structure(enrolment.programme)
    today = today or timezone.localdate()
    observed_on = observed_on or today
    if observed_on > today:
        errors.append(
            FieldError("observed_on", _("The date lies in the future; use today or earlier."))
        )
    if not entries:
        errors.append(FieldError("levels", _("Score at least one indicator.")))
    ranks = [level.rank for level in structure.levels]
    scale = ", ".join(f"{level.rank} ({level.display_title})" for level in structure.levels)
    records = []
    seen: set[int] = set()
    for entry in entries:
        prefix = entry.field_prefix
        indicator = structure.indicators.get(_as_int(entry.indicator_id))
        if indicator is None:
            errors.append(
                FieldError(
                    f"{prefix}indicator",
                    _("Indicator %(value)s is not part of the programme %(programme)s.")
                    % {"value": entry.indicator_id, "programme": enrolment.programme.display_title},
                )
            )
            continue
        if indicator.pk in seen:
            errors.append(
                FieldError(
                    f"{prefix}indicator",
                    _("Indicator %(code)s is scored twice.") % {"code": indicator.code},
                )
            )
        seen.add(indicator.pk)
        competence = structure.competence_by_indicator[indicator.pk]
        if role == AssessorRole.MENTOR and competence.pk not in structure.workplace_competence_ids:
            errors.append(
                FieldError(
                    f"{prefix}indicator",
                    _(
                        "Indicator %(code)s belongs to %(competence)s, which is not part of "
                        "workplace learning; a mentor scores only workplace competences."
                    )
                    % {"code": indicator.code, "competence": competence.display_title},
                )
            )
        rank = _as_int(entry.level)
        level = structure.level_for_rank(rank) if rank is not None else None
        if level is None:
            errors.append(
                FieldError(
                    f"{prefix}level",
                    _(
                        "Level %(value)s for indicator %(code)s is not on the scale of "
                        "%(framework)s; choose one of: %(scale)s."
                    )
                    % {
                        "value": entry.level,
                        "code": indicator.code,
                        "framework": enrolment.programme.framework.display_title,
                        "scale": scale,
                    },
                )
            )
        comment = (entry.comment or "").strip()
        unstorable = unstorable_text_error(comment)
        if unstorable:
            errors.append(FieldError(f"{prefix}comment", unstorable))
        elif len(comment) > MAX_COMMENT_LENGTH:
            errors.append(
                FieldError(
                    f"{prefix}comment",
                    _("The comment is %(length)d characters long; at most %(max)d are allowed.")
                    % {"length": len(comment), "max": MAX_COMMENT_LENGTH},
                )
            )
        url = (entry.evidence_url or "").strip()
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
                if len(url) > 500:
                    raise ValidationError("too long")
            except ValidationError:
                errors.append(
                    FieldError(
                        f"{prefix}evidence_url",
                        _("Enter a web address starting with https:// (at most 500 characters)."),
                    )
                )
        upload = entry.evidence_file
        if upload is not None:
            extension = PurePath(upload.name or "").suffix.lower()
            if extension not in EVIDENCE_EXTENSIONS:
                errors.append(
                    FieldError(
                        f"{prefix}evidence_file",
                        _("Files of type %(type)s are not accepted; allowed: %(allowed)s.")
                        % {
                            "type": extension or "?",
                            "allowed": ", ".join(sorted(EVIDENCE_EXTENSIONS)),
                        },
                    )
                )
            elif upload.size > MAX_EVIDENCE_BYTES:
                errors.append(
                    FieldError(
                        f"{prefix}evidence_file",
                        _("The file is larger than %(mb)d MB.")
                        % {"mb": MAX_EVIDENCE_BYTES // (1024 * 1024)},
                    )
                )
        if level is not None:
            records.append(
                Assessment(
                    learner=learner,
                    enrolment=enrolment,
                    indicator=indicator,
                    role=role,
                    assessor=actor,
                    level=level,
                    observed_on=observed_on,
                    comment=comment,
                    evidence_url=url,
                    evidence_file=upload,
                )
            )
    if ranks == []:
        errors.append(FieldError("level", _("The framework has no mastery scale yet.")))
    if errors:
        raise AssessmentInputError(errors)
    with transaction.atomic():
        # One writer per learner at a time, so two scorers never race on the latest row.
        list(User.objects.select_for_update().filter(pk=learner.pk).values_list("pk"))
        for record in records:
            record.save()
        _advance_latest(learner, role, records)
    return records


def _advance_latest(learner: User, role: str, records: list[Assessment]) -> None:
    """Point each series' ``LatestAssessment`` at the new record if it is the latest (a
    backdated score joins the history without becoming the current one)."""
    existing = {
        row.indicator_id: row
        for row in LatestAssessment.objects.filter(
            learner=learner, role=role, indicator_id__in=[r.indicator_id for r in records]
        )
    }
    to_create, to_update = [], []
    for record in records:
        row = existing.get(record.indicator_id)
        if row is None:
            to_create.append(
                LatestAssessment(
                    learner=learner,
                    indicator_id=record.indicator_id,
                    role=role,
                    assessment=record,
                    level_id=record.level_id,
                    observed_on=record.observed_on,
                )
            )
        elif (record.observed_on, record.pk) > (row.observed_on, row.assessment_id):
            row.assessment, row.level_id, row.observed_on = (
                record,
                record.level_id,
                record.observed_on,
            )
            to_update.append(row)
    LatestAssessment.objects.bulk_create(to_create)
    LatestAssessment.objects.bulk_update(to_update, ["assessment", "level", "observed_on"])


@transaction.atomic
def rebuild_latest(learner_ids=None) -> int:
    """Recompute ``LatestAssessment`` from the history (all learners, or some); returns
    the number of series. For bulk loads that bypass ``record_assessments``."""
    rows = queries.latest_rows_from_history(learner_ids)
    stale = LatestAssessment.objects.all()
    if learner_ids is not None:
        stale = stale.filter(learner_id__in=list(learner_ids))
    stale.delete()
    LatestAssessment.objects.bulk_create(
        (
            LatestAssessment(
                assessment_id=pk,
                learner_id=learner_id,
                indicator_id=indicator_id,
                role=role,
                level_id=level_id,
                observed_on=observed_on,
            )
            for pk, learner_id, indicator_id, role, level_id, observed_on in rows
        ),
        batch_size=5000,
    )
    return len(rows)
