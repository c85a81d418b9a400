"""Where everything lives: regions, municipalities and the organizations that run programmes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    name = models.CharField(_("название"), max_length=200, unique=True)
    slug = models.SlugField(_("код"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="municipalities", verbose_name=_("регион")
    )
    name = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("код"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name")]

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("школа")
        CORRECTIONAL_SCHOOL = "correctional_school", _("коррекционная школа")
        KINDERGARTEN = "kindergarten", _("детский сад")
        COLLEGE = "college", _("колледж")
        ADDITIONAL_EDUCATION = "additional_education", _("дополнительное образование")
        OTHER = "other", _("другое")

    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="organizations", verbose_name=_("муниципалитет")
    )
    kind = models.CharField(_("тип"), max_length=32, choices=Kind.choices, default=Kind.SCHOOL)
    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    slug = models.SlugField(_("код"), max_length=64, unique=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    site = models.URLField(_("сайт"), blank=True)
    pairing_idle_days = models.PositiveSmallIntegerField(
        _("дней без встреч, после которых пара требует внимания"),
        default=21,
        validators=[MinValueValidator(3), MaxValueValidator(180)],
    )
    require_staff_two_factor = models.BooleanField(
        _("требовать двухфакторную аутентификацию от сотрудников"),
        default=False,
        help_text=_(
            "Администрация, куратор и рабочая группа подключают её до работы со страницами организации."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("organizations:detail", args=[self.slug])

    @property
    def organization(self) -> "Organization":
        """Lets permission checks treat an organization like any object that belongs to one."""
        return self
