"""Monitoring data the organization enters: its contingent (the denominators of the indicators), the age
range of its learners, the outcome measures of stage 2 with per-person values before and after, the
curator's SWOT; and the region's ladder of targets.

Figures computed from these (indicators, results) live in the read side: `indicators.py`, `results.py`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.core.ownership import Authored, OrganizationOwned
from nastavnik.methodology.indicators import TITLES as INDICATOR_TITLES
from nastavnik.organizations.models import Organization, Region

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
DEFAULT_AGE_FROM = 10
DEFAULT_AGE_TO = 18

INDICATOR_CHOICES = [(code, _(title)) for code, title in INDICATOR_TITLES.items()]  # noqa: INT001


class MonitoringSettings(OrganizationOwned):
    """The organization's monitoring settings: the age range of the learners counted by `learners_involved`.

    Documents differ (from 10, or 11–18), so it is the organization's choice; without a row the default
    10–18 applies. Kept here, not on Organization: only monitoring reads it.
    """

    learners_age_from = models.PositiveSmallIntegerField(
        _("возраст обучающихся от"), default=DEFAULT_AGE_FROM, validators=[MaxValueValidator(30)]
    )
    learners_age_to = models.PositiveSmallIntegerField(
        _("возраст обучающихся до"), default=DEFAULT_AGE_TO, validators=[MaxValueValidator(30)]
    )

    class Meta:
        verbose_name = _("настройки мониторинга")
        verbose_name_plural = _("настройки мониторинга")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="monitoringsettings_one_per_org"),
            models.CheckConstraint(
                condition=models.Q(learners_age_from__lte=models.F("learners_age_to")),
                name="monitoringsettings_age_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learners_age_from}–{self.learners_age_to}"

    def clean(self) -> None:
        if (
            self.learners_age_from is not None
            and self.learners_age_to is not None
            and self.learners_age_from > self.learners_age_to
        ):
            raise ValidationError({"learners_age_to": _("Верхняя граница возраста меньше нижней.")})


class Contingent(OrganizationOwned, Authored):
    """The organization's own figures for one academic year: the denominators of the indicators."""

    academic_year = models.PositiveSmallIntegerField(
        _("учебный год"),
        validators=YEAR_VALIDATORS,
        help_text=_("Первый год учебного года: 2026 означает 2026/27."),
    )
    learners_total = models.PositiveIntegerField(_("обучающихся всего"), default=0)
    learners_in_age = models.PositiveIntegerField(_("из них в возрастном диапазоне"), default=0)
    teachers_total = models.PositiveIntegerField(_("педагогов всего"), default=0)
    young_specialists_total = models.PositiveIntegerField(_("из них молодых специалистов"), default=0)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("контингент")
        verbose_name_plural = _("контингент")
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "academic_year"], name="contingent_one_per_year"),
            models.CheckConstraint(
                condition=models.Q(learners_in_age__lte=models.F("learners_total")),
                name="contingent_in_age_le_total",
            ),
            models.CheckConstraint(
                condition=models.Q(young_specialists_total__lte=models.F("teachers_total")),
                name="contingent_young_le_teachers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year}: {self.learners_total}/{self.teachers_total}"

    def clean(self) -> None:
        errors = {}
        if (self.learners_in_age or 0) > (self.learners_total or 0):
            errors["learners_in_age"] = _(
                "Обучающихся в возрастном диапазоне не может быть больше, чем всего."
            )
        if (self.young_specialists_total or 0) > (self.teachers_total or 0):
            errors["young_specialists_total"] = _("Молодых специалистов не может быть больше, чем педагогов.")
        if errors:
            raise ValidationError(errors)


class RegionalTarget(models.Model):
    """One step of the region's ladder: the figure an indicator should reach in an academic year."""

    region = models.ForeignKey(Region, models.CASCADE, related_name="+", verbose_name=_("регион"))
    code = models.CharField(_("показатель"), max_length=40, choices=INDICATOR_CHOICES)
    academic_year = models.PositiveSmallIntegerField(_("учебный год"), validators=YEAR_VALIDATORS)
    percent = models.DecimalField(
        _("значение"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("Процент для долей, средний балл для удовлетворённости, число для пар."),
    )

    class Meta:
        verbose_name = _("региональный целевой показатель")
        verbose_name_plural = _("региональные целевые показатели")
        ordering = ["region", "code", "academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code", "academic_year"], name="regionaltarget_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.academic_year}: {self.percent}"


class Measure(models.Model):
    """An outcome measure of stage 2 (average grade, attendance, olympiads …), shipped or the organization's.

    Rows without an organization are the shipped catalogue (data migration) shared by all; an organization
    may add its own. Not scoped: shared rows have no organization.
    """

    class Audience(models.TextChoices):
        LEARNERS = "learners", _("обучающиеся")
        TEACHERS = "teachers", _("педагоги")

    class Kind(models.TextChoices):
        NUMBER = "number", _("число")
        YES_NO = "yes_no", _("да (1) или нет (0)")

    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("организация"),
        help_text=_("Пусто — показатель из каталога системы."),
    )
    code = models.SlugField(_("код"), max_length=64)
    title = models.CharField(_("название"), max_length=200)
    audience = models.CharField(_("для кого"), max_length=16, choices=Audience.choices)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.NUMBER)
    unit = models.CharField(_("единица"), max_length=32, blank=True)
    min_value = models.FloatField(_("не меньше"), default=0)
    max_value = models.FloatField(_("не больше"), default=100)
    higher_is_better = models.BooleanField(_("больше — лучше"), default=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("показатель роста")
        verbose_name_plural = _("показатели роста")
        ordering = ["audience", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(organization__isnull=True), name="measure_unique_shipped"
            ),
            models.UniqueConstraint(
                fields=["organization", "code"],
                condition=models.Q(organization__isnull=False),
                name="measure_unique_per_org",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def available_to(cls, organization: Organization) -> models.QuerySet[Measure]:
        return cls.objects.filter(models.Q(organization__isnull=True) | models.Q(organization=organization))


class MeasureValue(OrganizationOwned, Authored):
    """One person's value of one measure in one academic year: before (start) and after (end)."""

    participant = models.ForeignKey(
        "participants.Participant", models.CASCADE, related_name="+", verbose_name=_("участник")
    )
    measure = models.ForeignKey(Measure, models.CASCADE, related_name="values", verbose_name=_("показатель"))
    academic_year = models.PositiveSmallIntegerField(_("учебный год"), validators=YEAR_VALIDATORS)
    before = models.FloatField(_("в начале"), null=True, blank=True)
    after = models.FloatField(_("в конце"), null=True, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("значение показателя роста")
        verbose_name_plural = _("значения показателей роста")
        ordering = ["academic_year", "measure", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "measure", "academic_year"], name="measurevalue_one_per_year"
            )
        ]
        indexes = [models.Index(fields=["organization", "academic_year"], name="measurevalue_year")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.academic_year}: {self.before} → {self.after}"


class Swot(OrganizationOwned, Authored):
    """The curator's SWOT of the programme for one academic year (stage 1 of monitoring)."""

    academic_year = models.PositiveSmallIntegerField(_("учебный год"), validators=YEAR_VALIDATORS)
    strengths = models.TextField(_("сильные стороны"), blank=True, max_length=5000)
    weaknesses = models.TextField(_("слабые стороны"), blank=True, max_length=5000)
    opportunities = models.TextField(_("возможности"), blank=True, max_length=5000)
    threats = models.TextField(_("угрозы"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("SWOT-анализ")
        verbose_name_plural = _("SWOT-анализы")
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "academic_year"], name="swot_one_per_year")
        ]

    def __str__(self) -> str:
        return str(self.academic_year)
