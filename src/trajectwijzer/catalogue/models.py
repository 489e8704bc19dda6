"""The training catalogue ("overzichtelijke studiekiezer").

Qualifications (VKS) and competence frameworks describe *what* is learned;
providers, programmes and modules describe *where and how*. Texts are stored in the
programme's own language with optional translations in ``translations``
({"fr": {"title": …, "summary": …}, "en": {…}}), so search covers all three
languages and pages show the reader's language when it exists.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts.models import Organisation

CONTENT_LANGUAGES = ("nl", "fr", "en")


class Region(models.TextChoices):
    FLANDERS = "flanders", _("Flanders")
    BRUSSELS = "brussels", _("Brussels")
    WALLONIA = "wallonia", _("Wallonia")


class Delivery(models.TextChoices):
    DAY = "day", _("Day classes")
    EVENING = "evening", _("Evening classes")
    DISTANCE = "distance", _("Distance learning")
    BLENDED = "blended", _("Blended learning")
    WORKPLACE = "workplace", _("Workplace learning")


class ContentLanguage(models.TextChoices):
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    EN = "en", _("English")


class TranslatedMixin(models.Model):
    """Texts in the record's language, with translations picked by the active language."""

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        translated = (self.translations or {}).get(language, {}).get(field)
        return translated or getattr(self, field)

    @property
    def display_title(self) -> str:
        return self.localized("title")


class QualificationKind(models.TextChoices):
    OCCUPATIONAL = "beroepskwalificatie", _("Occupational qualification")
    EDUCATIONAL = "onderwijskwalificatie", _("Educational qualification")


class Qualification(TranslatedMixin):
    code = models.CharField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=255)
    vks_level = models.PositiveSmallIntegerField(
        _("VKS level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=QualificationKind.choices)
    shortage_occupation = models.BooleanField(
        _("related to a shortage occupation"),
        default=False,
        help_text=_("Knelpuntberoep according to VDAB, Actiris or Forem."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vks_level__gte=1, vks_level__lte=8), name="qualification_vks_1_8"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (VKS {self.vks_level})"


class CompetenceFramework(TranslatedMixin):
    """A set of competences with one mastery scale, e.g. a professional profile."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=255)
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="frameworks",
        verbose_name=_("qualification"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competence framework")
        verbose_name_plural = _("competence frameworks")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class MasteryLevel(TranslatedMixin):
    """One step on a framework's scale; the highest rank means autonomous mastery."""

    framework = models.ForeignKey(
        CompetenceFramework, on_delete=models.CASCADE, related_name="levels"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("mastery level")
        verbose_name_plural = _("mastery levels")
        ordering = ["framework", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "rank"], name="masterylevel_unique_rank")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"


class Competence(TranslatedMixin):
    framework = models.ForeignKey(
        CompetenceFramework, on_delete=models.CASCADE, related_name="competences"
    )
    code = models.CharField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    esco_uri = models.URLField(_("ESCO skill URI"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["framework", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="competence_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(TranslatedMixin):
    """A concrete, observable action that shows (part of) a competence."""

    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=50)
    title = models.CharField(_("observable action"), max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["competence", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["competence", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProviderKind(models.TextChoices):
    HOGESCHOOL = "hogeschool", _("University college (hogeschool)")
    UNIVERSITY = "university", _("University")
    CVO = "cvo", _("Adult education centre (CVO)")
    SYNTRA = "syntra", _("Syntra")
    SECTOR_CENTRE = "sector_centre", _("Sector training centre")
    VDAB = "vdab", _("VDAB")
    PRIVATE = "private", _("Private provider")
    COMPANY = "company", _("Company")


class Provider(TranslatedMixin):
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provider",
        verbose_name=_("organisation"),
        help_text=_("The organisation whose provider admins maintain this provider's offer."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    description = models.TextField(_("description"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:provider", kwargs={"slug": self.slug})


class ProgrammeKind(models.TextChoices):
    GRADUAAT = "graduaat", _("Graduate programme (graduaat)")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    POSTGRADUATE = "postgraduate", _("Postgraduate")
    MICRODEGREE = "microdegree", _("Microdegree")
    VOCATIONAL = "beroepsopleiding", _("Vocational training")
    MODULE = "module", _("Single module")


class Programme(TranslatedMixin):
    """A programme a working learner can enrol in.

    Multi-valued facts (delivery modes, regions, start months, leave recognition) are
    JSON lists of choice values; ``catalogue.search`` indexes them for facets.
    """

    external_id = models.CharField(
        _("external id"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used by imports, e.g. the provider's own code."),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("provider")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent programme"),
        help_text=_("For a microdegree: the programme it is part of."),
    )
    next_step = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="previous_steps",
        verbose_name=_("next step on the learning ladder"),
        help_text=_(
            "The programme a graduate of this one can continue with towards a higher "
            "qualification (leerladder), e.g. verzorgende → zorgkundige."
        ),
    )
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("qualification"),
    )
    framework = models.ForeignKey(
        CompetenceFramework,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("competence framework"),
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    vks_level = models.PositiveSmallIntegerField(
        _("VKS level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    study_area = models.CharField(_("study area"), max_length=100)
    delivery_modes = models.JSONField(_("delivery modes"), default=list, blank=True)
    locations = models.JSONField(_("locations"), default=list, blank=True)
    # The provider's own search words (issue 15): found by the catalogue search like
    # the summary, e.g. a job title the programme leads to that its texts do not name.
    keywords = models.JSONField(_("search keywords"), default=list, blank=True)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    start_months = models.JSONField(
        _("start months"),
        default=list,
        blank=True,
        help_text=_("Months (1–12) in which one can start."),
    )
    duration_months = models.PositiveSmallIntegerField(
        _("model duration (months)"), null=True, blank=True
    )
    study_credits = models.DecimalField(
        _("study credits (SP/ECTS)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    contact_hours = models.PositiveIntegerField(_("contact hours"), null=True, blank=True)
    classroom_hours = models.PositiveIntegerField(
        _("physical classroom hours"), null=True, blank=True
    )
    workplace_learning_share = models.PositiveSmallIntegerField(
        _("share of workplace learning (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    language = models.CharField(
        _("language of instruction"), max_length=2, choices=ContentLanguage.choices, default="nl"
    )
    price_eur = models.DecimalField(
        _("price (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    leave_recognised_regions = models.JSONField(
        _("recognised for paid training leave in"),
        default=list,
        blank=True,
        help_text=_("For Flanders: registered in the Opleidingsdatabank."),
    )
    url = models.URLField(_("web page"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title", "id"]
        indexes = [
            models.Index(fields=["is_published", "vks_level"]),
            models.Index(fields=["is_published", "study_area"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vks_level__isnull=True)
                | models.Q(vks_level__gte=1, vks_level__lte=8),
                name="programme_vks_1_8",
            ),
            models.CheckConstraint(
                condition=models.Q(workplace_learning_share__isnull=True)
                | models.Q(workplace_learning_share__lte=100),
                name="programme_workplace_share_max_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:programme", kwargs={"pk": self.pk})

    @property
    def is_microdegree(self) -> bool:
        return self.kind == ProgrammeKind.MICRODEGREE

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for field, allowed in (
            ("delivery_modes", Delivery.values),
            ("regions", Region.values),
            ("leave_recognised_regions", Region.values),
        ):
            values = getattr(self, field) or []
            unknown = [v for v in values if v not in allowed]
            if not isinstance(values, list) or unknown:
                errors[field] = _("Unknown value(s) %(values)s; allowed: %(allowed)s.") % {
                    "values": ", ".join(map(str, unknown)) or repr(values),
                    "allowed": ", ".join(allowed),
                }
        months = self.start_months or []
        if not isinstance(months, list) or any(
            not isinstance(m, int) or not 1 <= m <= 12 for m in months
        ):
            errors["start_months"] = _("Start months are whole numbers from 1 to 12.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A programme cannot be its own parent.")
        if self.next_step_id and self.next_step_id == self.pk:
            errors["next_step"] = _("A programme cannot be its own next step.")
        if errors:
            raise ValidationError(errors)


class Module(TranslatedMixin):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="modules", verbose_name=_("programme")
    )
    code = models.CharField(_("code"), max_length=50)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    study_credits = models.DecimalField(
        _("study credits"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    hours = models.PositiveIntegerField(_("hours"), null=True, blank=True)
    term = models.PositiveSmallIntegerField(
        _("term / semester"),
        null=True,
        blank=True,
        help_text=_("In which semester or term of the model path the module is taken."),
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_for",
        verbose_name=_("prerequisites"),
    )
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="modules", verbose_name=_("competences covered")
    )
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One learning outcome per line.")
    )
    is_workplace_learning = models.BooleanField(_("workplace learning"), default=False)
    is_exemptable = models.BooleanField(
        _("exemption possible"),
        default=True,
        help_text=_("Whether prior learning (EVC/EVK) can exempt a learner from this module."),
    )
    is_elective = models.BooleanField(_("elective"), default=False)
    elective_group = models.CharField(
        _("elective group"),
        max_length=100,
        blank=True,
        help_text=_("Modules in the same group are alternatives to choose from."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["programme", "term", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="module_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def learning_outcome_list(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class SearchIndexState(models.Model):
    """One row whose token changes whenever the catalogue's search index changes.

    Every process keeps an in-memory facet index (``catalogue.facet_index``) and
    rebuilds it when this token differs from the one it was built at. A random token,
    not a counter, so a rolled-back change can never be mistaken for a later one.
    """

    SINGLETON = 1
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON)
    version = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"search index {self.version} ({self.changed_at:%Y-%m-%d %H:%M})"
