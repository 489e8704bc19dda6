"""People, organisations, roles, the links around a learner, and consent.

A person logs in with an e-mail address. What a person may do follows from active
memberships (organisation + role) and from learner links (coach, mentor, employer);
the rules themselves live in ``policy.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Sent with ``user`` after a new password of an existing account has been saved, by
# whatever route it was set (password change page, reset link, admin, changepassword,
# ``set_password`` and ``save`` in any service). Django has no such signal; its own
# hook (``password_validation.password_changed``) is for validators.
password_changed = Signal()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True, is_active=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="nl"
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive people cannot log in. Registrations wait for validation."),
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, **kwargs) -> None:
        # ``set_password`` keeps the raw password in ``_password`` until the save; a hash
        # upgrade at login clears it first, so only a real change counts. A new account
        # has nothing to revoke yet.
        new_password_saved = self._password is not None and not self._state.adding
        super().save(**kwargs)
        if new_password_saved:
            password_changed.send(sender=type(self), user=self)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationKind(models.TextChoices):
    PROVIDER = "provider", _("Training provider")
    EMPLOYER = "employer", _("Employer")
    SECTOR = "sector", _("Sector organisation")
    REFERRER = "referrer", _("Referrer")
    PLATFORM = "platform", _("Platform operator")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=20,
        blank=True,
        help_text=_("Belgian KBO/BCE number, e.g. 0123.456.789."),
    )
    joint_committee = models.CharField(
        _("joint committee"),
        max_length=20,
        blank=True,
        help_text=_("Paritair comité of an employer, e.g. 200 or 314."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    accepts_registrations = models.BooleanField(
        _("accepts registrations"),
        default=True,
        help_text=_("People can ask to join this organisation; an admin validates them."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    EMPLOYER_HR = "employer_hr", _("Employer (HR)")
    MENTOR = "mentor", _("Workplace mentor")
    COACH = "coach", _("Trajectory coach")
    TEACHER = "teacher", _("Teacher")
    ASSESSOR = "assessor", _("Assessor (recognition)")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    SECTOR_ADMIN = "sector_admin", _("Sector administrator")
    REFERRER = "referrer", _("Referrer")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


# Roles that make their holder an administrator of the organisation: they validate
# registrations for it. Other roles can be given admin rights with Membership.is_admin.
ADMIN_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.SECTOR_ADMIN, Role.PLATFORM_ADMIN})

# Which roles fit which organisation kind; registration and admin forms offer only these.
ROLES_BY_ORGANISATION_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.PROVIDER: (
        Role.LEARNER,
        Role.COACH,
        Role.TEACHER,
        Role.ASSESSOR,
        Role.PROVIDER_ADMIN,
    ),
    OrganisationKind.EMPLOYER: (Role.LEARNER, Role.EMPLOYER_HR, Role.MENTOR),
    OrganisationKind.SECTOR: (Role.SECTOR_ADMIN, Role.COACH, Role.ASSESSOR),
    OrganisationKind.REFERRER: (Role.REFERRER,),
    OrganisationKind.PLATFORM: (Role.PLATFORM_ADMIN,),
}

# What a person may ask for when registering: the roles of the organisation's kind,
# never platform administrator (only a platform administrator makes another, in the
# admin), and nothing at the platform operator itself.
REGISTRATION_ROLES_BY_ORGANISATION_KIND: dict[str, tuple[str, ...]] = {
    kind: tuple(role for role in roles if role != Role.PLATFORM_ADMIN)
    for kind, roles in ROLES_BY_ORGANISATION_KIND.items()
    if kind != OrganisationKind.PLATFORM
}


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for validation")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")
    ENDED = "ended", _("Ended")


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_admin = models.BooleanField(
        _("organisation admin"),
        default=False,
        help_text=_("Validates registrations and manages members of the organisation."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} @ {self.organisation}"

    @property
    def administers_organisation(self) -> bool:
        return self.status == MembershipStatus.ACTIVE and (
            self.is_admin or self.role in ADMIN_ROLES
        )


class LinkKind(models.TextChoices):
    COACH = "coach", _("Trajectory coach")
    MENTOR = "mentor", _("Workplace mentor")
    TEACHER = "teacher", _("Teacher")
    EMPLOYER = "employer", _("Employer")
    REFERRER = "referrer", _("Referrer")


class LearnerLinkQuerySet(models.QuerySet):
    def current(self, on=None) -> LearnerLinkQuerySet:
        """Links in force on ``on`` (today by default): the link's dates cover the day,
        and a link naming a person counts only while that person holds an active
        membership in the matching role (coach, mentor, teacher, referrer; the link kind
        is the role's value), at the link's organisation if the link names one.

        An employer link names an organisation; which HR members act for it is the
        policy's question (their own active EMPLOYER_HR membership there).
        Memberships carry no dates, so their status is taken as it is now.
        """
        on = on or timezone.localdate()
        role_held = Membership.objects.filter(
            user_id=OuterRef("person_id"), role=OuterRef("kind"), status=MembershipStatus.ACTIVE
        )
        backed = Q(organisation__isnull=True, person__isnull=False) & Exists(role_held)
        backed |= Q(organisation__isnull=False, person__isnull=False) & Exists(
            role_held.filter(organisation_id=OuterRef("organisation_id"))
        )
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            Q(kind=LinkKind.EMPLOYER) | backed,
        )


class LearnerLink(models.Model):
    """Someone (or an employer organisation) who stands in a relation to a learner.

    A coach, mentor, teacher or referrer link names a person; an employer link names
    the employing organisation (its HR members act for it).
    """

    learner = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="learner_links",
        verbose_name=_("learner"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices)
    person = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="linked_learners",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learner_links",
        verbose_name=_("organisation"),
    )
    started_on = models.DateField(_("since"), default=timezone.localdate)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = LearnerLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner link")
        verbose_name_plural = _("learner links")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="employer", organisation__isnull=False))
                | (~Q(kind="employer") & Q(person__isnull=False)),
                name="learnerlink_target_present",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "kind"]),
            models.Index(fields=["learner", "kind"]),
        ]

    def __str__(self) -> str:
        target = self.person or self.organisation
        return f"{self.learner}: {self.get_kind_display()} {target}"

    def is_current(self, on=None) -> bool:
        """Whether this link is in force on ``on`` (see LearnerLinkQuerySet.current)."""
        return LearnerLink.objects.current(on).filter(pk=self.pk).exists()


class ConsentScope(models.TextChoices):
    """What a learner agrees to share. Later parts of the platform add their scopes here."""

    PROFILE = "profile", _("Profile and trajectory")
    ASSESSMENTS = "assessments", _("Competence assessments")
    INSTRUMENTS = "instruments", _("Answers to scans and questionnaires")
    PLANS = "plans", _("Learning and development plans")
    RECOGNITION = "recognition", _("Recognition evidence and judgements")


class ConsentQuerySet(models.QuerySet):
    def active(self) -> ConsentQuerySet:
        """Consents not withdrawn (consents are never deleted, see Consent)."""
        return self.filter(withdrawn_at__isnull=True)

    def naming(self, person: User, organisations=()) -> ConsentQuerySet:
        """Consents given to ``person`` or to one of ``organisations``."""
        return self.filter(
            Q(recipient_user=person) | Q(recipient_organisation_id__in=list(organisations))
        )


class Consent(models.Model):
    """A learner's recorded consent to share one kind of data with a person or organisation.

    Never deleted: withdrawing sets ``withdrawn_at``, so the history stays provable.
    """

    learner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("learner")
    )
    scope = models.CharField(_("what"), max_length=20, choices=ConsentScope.choices)
    recipient_user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("to person"),
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents_received",
        verbose_name=_("to organisation"),
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    given_at = models.DateTimeField(_("since"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_user__isnull=False) | Q(recipient_organisation__isnull=False),
                name="consent_has_recipient",
            )
        ]
        indexes = [models.Index(fields=["learner", "scope"])]

    def __str__(self) -> str:
        recipient = self.recipient_user or self.recipient_organisation
        return f"{self.learner} → {recipient}: {self.scope}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class AccessLogEntry(models.Model):
    """Who read which learner's personal data, when and why: makes staff reads checkable."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    learner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_log")
    action = models.CharField(max_length=100)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} read {self.learner}: {self.action}"


class ApiToken(models.Model):
    """A bearer token for writes through the API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
