"""Recognition of prior learning (EVC/EVK): procedures, requests, evidence, decisions.

The seeds' procedures (GE-START, Educam, Woodwize, Syntra, Howest's stageportfolio) are
versioned YAML definitions (``definitions/*.yaml``, parsed by ``definition.py``) synced
into a :class:`ProcedureVersion`. A learner's :class:`Request` (aanvraag) follows one
version through its steps (:class:`StepRecord`), with portfolio :class:`Evidence` mapped
to the target's learning outcomes (:class:`EvidenceMapping`, after Mahara SmartEvidence)
and the assessors' :class:`Judgement` per step and competence. It ends in
:class:`Decision` records, one per module, which the trajectory plan reads through
``queries.exemptions_for`` (module, whole or hours, valid from/until), and, where the
procedure ends in one, a :class:`CompetenceCertificate` (competentiebewijs).

The shared exemption matrix and EVK concordance table are :class:`ExemptionRule` rows:
a source (a qualification, a module of any provider, a credential type, or recognised
competences) grants an exemption of a module at the rule's provider. A learner's
earlier qualifications are :class:`PriorQualification` rows; together with their
certificates and decisions they are matched against every provider's rules
(``proposals.py``).

Decisions are immutable once communicated: a correction is a new decision that
supersedes the old one (``Decision.supersedes``). Every status change is a
:class:`RequestEvent` saying who did what and when.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProcedureVersion(models.Model):
    """One stored version of a procedure definition file (see instruments' versions).

    Once a request follows a version it is never changed: a changed file becomes a new
    version and each request keeps the version it follows.
    """

    procedure = models.CharField(_("procedure"), max_length=80, db_index=True)
    version = models.PositiveIntegerField(_("version"))
    declared_version = models.PositiveIntegerField(_("version in the file"))
    checksum = models.CharField(max_length=64)
    definition = models.JSONField()
    provider = models.ForeignKey(
        "catalogue.Provider",
        on_delete=models.PROTECT,
        related_name="recognition_procedures",
        verbose_name=_("provider"),
        help_text=_("The provider that runs the procedure and decides."),
    )
    is_current = models.BooleanField(default=True)
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "version"], name="procedure_version_once"),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(is_current=True), name="procedure_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure} v{self.version}"

    def parsed(self):
        """The definition as ``definition.Procedure`` objects."""
        from .definition import procedure_from_raw

        return procedure_from_raw(self.definition, source=f"{self.procedure} v{self.version}")


class Grounds(models.TextChoices):
    """On what a request rests (Woodwize's three grounds)."""

    EVK = "evk", _("Earlier qualifications (EVK)")
    EVC = "evc", _("Competences from experience (EVC)")
    PROFESSIONAL = "professional", _("Professional competence")


class StartedAs(models.TextChoices):
    LEARNER = "learner", _("Learner")
    MENTOR = "mentor", _("Workplace mentor")
    EMPLOYER = "employer", _("Employer")
    COACH = "coach", _("Trajectory coach")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    IN_ASSESSMENT = "in_assessment", _("In assessment")
    DECIDED = "decided", _("Decided")
    IN_APPEAL = "in_appeal", _("In appeal")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (
    RequestStatus.DRAFT,
    RequestStatus.SUBMITTED,
    RequestStatus.IN_ASSESSMENT,
    RequestStatus.DECIDED,
    RequestStatus.IN_APPEAL,
)


class Request(models.Model):
    """A recognition request (aanvraag) of one learner under one procedure version."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recognition_requests",
        verbose_name=_("learner"),
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("procedure"),
    )
    provider = models.ForeignKey(
        "catalogue.Provider",
        on_delete=models.PROTECT,
        related_name="recognition_requests",
        verbose_name=_("provider"),
    )
    programme = models.ForeignKey(
        "catalogue.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognition_requests",
        verbose_name=_("programme"),
    )
    modules = models.ManyToManyField(
        "catalogue.Module",
        blank=True,
        related_name="recognition_requests",
        verbose_name=_("target modules"),
    )
    grounds = models.JSONField(_("grounds"), default=list)  # list of Grounds values
    motivation = models.TextField(_("motivation"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="recognition_requests_started",
        verbose_name=_("started by"),
    )
    started_as = models.CharField(_("started as"), max_length=20, choices=StartedAs.choices)
    employer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recognition_requests_started",
        verbose_name=_("employer"),
        help_text=_("The workplace that started the request on the learner's behalf."),
    )
    from_rule = models.ForeignKey(
        "ExemptionRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("from exemption proposal"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    admissibility_decided_at = models.DateTimeField(null=True, blank=True)
    not_admissible_reason = models.TextField(_("reason not admissible"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recognition request")
        verbose_name_plural = _("recognition requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["learner", "status"]),
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["procedure_version", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.procedure_version.procedure} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class RequestEvent(models.Model):
    """Who did what to a request, and when (append-only)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recognition_events",
    )
    action = models.CharField(max_length=40)  # e.g. "submitted", "step_passed", "decided"
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    step_key = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.action} at {self.at:%Y-%m-%d %H:%M}"


class AssessorRole(models.TextChoices):
    ASSESSOR = "assessor", _("Assessor")
    JURY_CHAIR = "jury_chair", _("Jury chair")
    SECTOR_ASSESSOR = "sector_assessor", _("Sector assessor")


class AssessorAssignment(models.Model):
    """An assessor (jury member) assigned to a request; assessors see only these."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recognition_assignments",
        verbose_name=_("assessor"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=AssessorRole.choices, default=AssessorRole.ASSESSOR
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "assessor"],
                condition=Q(ended_at__isnull=True),
                name="assignment_once_while_open",
            )
        ]
        indexes = [models.Index(fields=["assessor", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.assessor} on request {self.request_id}"


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Not started")
    WAITING_ON_LEARNER = "waiting_learner", _("Waiting on the learner")
    WAITING_ON_ASSESSOR = "waiting_assessor", _("Waiting on the assessors")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")
    SKIPPED = "skipped", _("Not needed")


DONE_STEP_STATUSES = (StepStatus.PASSED, StepStatus.NOT_PASSED, StepStatus.SKIPPED)


class StepRecord(models.Model):
    """Where a request stands in one step of its procedure."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="steps")
    step_key = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    minutes_spent = models.PositiveIntegerField(
        _("assessors' minutes"), default=0, help_text=_("Time the assessors spent on this step.")
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "step_key"], name="step_once_per_request")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.step_key} ({self.status})"


class Judgement(models.Model):
    """An assessor's judgement of one competence in one step (append-only; latest counts)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="judgements")
    step_key = models.CharField(max_length=60)
    competence = models.ForeignKey(
        "catalogue.Competence", on_delete=models.PROTECT, related_name="recognition_judgements"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    value = models.CharField(_("judgement"), max_length=40)  # a value of the step's scale
    criteria = models.JSONField(_("criteria"), default=dict)  # criterion key → scale value
    comment = models.TextField(_("comment"), blank=True)
    minutes_spent = models.PositiveIntegerField(default=0)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["request", "step_key", "competence"])]

    def __str__(self) -> str:
        return f"{self.step_key}/{self.competence_id}: {self.value}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Never the learner's name or the original file name in the path.
    return f"recognition/evidence/{instance.request.public_id}/{uuid.uuid4().hex}"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    MICOON = "micoon", _("MICOON scores")
    # Added by "matrix": a qualification, decision or competentiebewijs recorded on the
    # platform, attached when a proposal becomes a request (``snapshot`` describes it).
    RECORD = "record", _("Record on the platform")


class Evidence(models.Model):
    """A piece of portfolio evidence: a work product, certificate, statement, photo…"""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    dated_on = models.DateField(_("date"))
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    snapshot = models.JSONField(default=dict, blank=True)  # MICOON scores at export time
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-dated_on", "pk"]

    def __str__(self) -> str:
        return self.title


class MappingJudgement(models.TextChoices):
    PENDING = "pending", _("Not judged yet")
    SUFFICIENT = "sufficient", _("Sufficient")
    INSUFFICIENT = "insufficient", _("Insufficient")
    NEEDS_MORE = "needs_more", _("Needs more evidence")


class EvidenceMapping(models.Model):
    """Evidence mapped to a learning outcome (a competence, or one of its indicators)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="mappings")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="mappings")
    competence = models.ForeignKey(
        "catalogue.Competence", on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        "catalogue.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judgement = models.CharField(
        max_length=20, choices=MappingJudgement.choices, default=MappingJudgement.PENDING
    )
    comment = models.TextField(blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "indicator"],
                condition=Q(indicator__isnull=False),
                name="mapping_once_per_indicator",
            ),
            models.UniqueConstraint(
                fields=["evidence", "competence"],
                condition=Q(indicator__isnull=True),
                name="mapping_once_per_competence",
            ),
        ]
        indexes = [models.Index(fields=["request", "competence"])]

    def __str__(self) -> str:
        return f"{self.evidence_id} → {self.competence_id}/{self.indicator_id}: {self.judgement}"


class DecisionOutcome(models.TextChoices):
    EXEMPT = "exempt", _("Exempt (whole module)")
    PARTLY_EXEMPT = "partly_exempt", _("Partly exempt")
    NOT_EXEMPT = "not_exempt", _("Not exempt")


class DecisionSource(models.TextChoices):
    PROCEDURE = "procedure", _("Recognition procedure")
    MATRIX_RULE = "matrix_rule", _("Exemption matrix rule")


class DecisionQuerySet(models.QuerySet):
    def in_force(self, on=None) -> DecisionQuerySet:
        """Communicated, not superseded, and valid on ``on``."""
        on = on or timezone.localdate()
        return self.filter(
            communicated_at__isnull=False,
            superseded_by__isnull=True,
            valid_from__lte=on,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))


class Decision(models.Model):
    """The decision on one module: exempt, partly exempt (hours/credits) or not exempt.

    Immutable once communicated (``communicated_at``); a correction is a new decision
    whose ``supersedes`` names the old one. ``queries.exemptions_for`` gives the plan
    the decisions in force.
    """

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognition_decisions"
    )
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="recognition_decisions"
    )
    module = models.ForeignKey(
        "catalogue.Module", on_delete=models.PROTECT, related_name="recognition_decisions"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    hours_exempted = models.PositiveIntegerField(_("hours exempted"), null=True, blank=True)
    credits_exempted = models.DecimalField(
        _("credits exempted"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    internship_weeks_reduced = models.PositiveSmallIntegerField(
        _("internship weeks reduced"), null=True, blank=True
    )
    remaining_part = models.TextField(_("remaining part"), blank=True)
    reasoning = models.TextField(_("reasoning"))
    source = models.CharField(
        max_length=20, choices=DecisionSource.choices, default=DecisionSource.PROCEDURE
    )
    matrix_rule = models.ForeignKey(
        "ExemptionRule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_as = models.CharField(_("decided as"), max_length=30, blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    communicated_at = models.DateTimeField(null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "pk"]
        indexes = [
            models.Index(fields=["learner", "module"]),
            models.Index(fields=["provider", "decided_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="decision_valid_until_after_from",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="partly_exempt")
                | Q(hours_exempted__isnull=False)
                | Q(credits_exempted__isnull=False)
                | Q(internship_weeks_reduced__isnull=False),
                name="decision_partial_says_how_much",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} — {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("communicated_at", flat=True)
            if stored and stored[0] is not None:
                raise ValidationError(
                    _("A communicated decision cannot be changed; record a new decision.")
                )
        super().save(*args, **kwargs)


class CompetenceCertificate(models.Model):
    """A competentiebewijs: competences recognised at the end of a procedure."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    request = models.OneToOneField(Request, on_delete=models.PROTECT, related_name="certificate")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_certificates"
    )
    provider = models.ForeignKey(
        "catalogue.Provider", on_delete=models.PROTECT, related_name="competence_certificates"
    )
    competences = models.ManyToManyField(
        "catalogue.Competence", through="RecognisedCompetence", related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("competence certificate")
        verbose_name_plural = _("competence certificates")

    def __str__(self) -> str:
        return self.number


class RecognisedCompetence(models.Model):
    """A competence recognised for a learner through a certificate or a decision.

    MICOON shows these as recognised (with a link) instead of asking to score them.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognised_competences"
    )
    competence = models.ForeignKey(
        "catalogue.Competence", on_delete=models.PROTECT, related_name="recognitions"
    )
    certificate = models.ForeignKey(
        CompetenceCertificate, on_delete=models.CASCADE, null=True, blank=True
    )
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, null=True, blank=True)
    recognised_on = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(certificate__isnull=False) | Q(decision__isnull=False),
                name="recognised_competence_has_source",
            )
        ]
        indexes = [models.Index(fields=["learner", "competence"])]

    def __str__(self) -> str:
        return f"{self.learner_id}: {self.competence_id}"


class PriorQualificationKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma")
    CERTIFICATE = "certificate", _("Certificate")
    CREDENTIAL = "credential", _("Credential")
    CREDITS = "credits", _("Credits earned elsewhere")
    MODULE = "module", _("Module completed")


class PriorQualification(models.Model):
    """An earlier qualification a learner holds (EVK grounds)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prior_qualifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PriorQualificationKind.choices)
    title = models.CharField(_("title"), max_length=255)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    obtained_on = models.DateField(_("obtained on"))
    qualification = models.ForeignKey(
        "catalogue.Qualification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    module = models.ForeignKey(
        "catalogue.Module", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    credential_type = models.CharField(
        _("credential type"), max_length=100, blank=True, help_text=_("e.g. VCA, HACCP, forklift")
    )
    credits = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("earlier qualification")
        verbose_name_plural = _("earlier qualifications")
        ordering = ["-obtained_on"]

    def __str__(self) -> str:
        return self.title


class RuleSource(models.TextChoices):
    QUALIFICATION = "qualification", _("A qualification")
    MODULE = "module", _("A module of any provider")
    CREDENTIAL_TYPE = "credential_type", _("A credential type")
    COMPETENCES = "competences", _("Recognised competences (competentiebewijs)")


class RuleGrant(models.TextChoices):
    WHOLE = "whole", _("Whole module")
    HOURS = "hours", _("Hours of the module")


class ExemptionRuleQuerySet(models.QuerySet):
    def in_force(self, on=None) -> ExemptionRuleQuerySet:
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class ExemptionRule(models.Model):
    """A row of the exemption matrix / EVK concordance table.

    *This* source grants *that* exemption: a whole module, or hours of it, of the
    target module's provider. Maintained by that provider's (or its sector's) admins.
    """

    code = models.CharField(_("code"), max_length=80, unique=True)
    source_kind = models.CharField(_("source"), max_length=20, choices=RuleSource.choices)
    source_qualification = models.ForeignKey(
        "catalogue.Qualification", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_module = models.ForeignKey(
        "catalogue.Module", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_credential_type = models.CharField(max_length=100, blank=True)
    source_competences = models.ManyToManyField(
        "catalogue.Competence", blank=True, related_name="exemption_rules"
    )
    target_module = models.ForeignKey(
        "catalogue.Module", on_delete=models.CASCADE, related_name="exemption_rules"
    )
    grant = models.CharField(_("grants"), max_length=10, choices=RuleGrant.choices)
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    automatic = models.BooleanField(
        _("granted automatically"),
        default=False,
        help_text=_("Grant without a procedure when the source is recorded."),
    )
    note = models.TextField(_("note"), blank=True)
    maintained_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="exemption_rules"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExemptionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemption rule")
        verbose_name_plural = _("exemption rules")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["source_qualification"]),
            models.Index(fields=["source_module"]),
            models.Index(fields=["source_credential_type"]),
            models.Index(fields=["source_kind"]),
            # Added by "matrix": proposals match credential types case-insensitively.
            models.Index(Lower("source_credential_type"), name="rule_credential_type_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(grant="hours") | Q(hours__isnull=False),
                name="rule_hours_grant_says_hours",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="rule_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.code
