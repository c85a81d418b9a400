"""Reference data of the methodology: forms of mentoring and their role models.

Forms and role models differ between regions and change with new recommendations, so they are rows
shipped with defaults (`defaults.py`, loaded by a data migration) that an administrator may edit, never
hard-coded lists. A row with no organization is shared by the whole installation; an organization may add
its own. This app sits below `participants`, `matching` and `mentoring`, which all refer to it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nastavnik.organizations.models import Organization


class MentoringForm(models.Model):
    class Audience(models.TextChoices):
        PUPILS = "pupils", _("обучающиеся")
        TEACHERS = "teachers", _("педагоги")
        STUDENTS = "students", _("студенты")

    code = models.SlugField(_("код"), max_length=64)
    title = models.CharField(_("название"), max_length=200)
    audience = models.CharField(_("для кого"), max_length=16, choices=Audience.choices)
    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="mentoring_forms",
        verbose_name=_("организация"),
        help_text=_("Пусто — форма доступна всем организациям."),
    )
    is_active = models.BooleanField(_("используется"), default=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("форма наставничества")
        verbose_name_plural = _("формы наставничества")
        ordering = ["position", "title"]
        # The table keeps the name it had when this model lived in `mentoring`: renaming tables would
        # buy nothing and risk the foreign keys of every installation.
        db_table = "mentoring_mentoringform"
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="mentoringform_unique_code")
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def available_to(cls, organization: Organization | int) -> models.QuerySet[MentoringForm]:
        return cls.objects.filter(is_active=True).filter(
            models.Q(organization__isnull=True) | models.Q(organization=organization)
        )


class RoleModel(models.Model):
    form = models.ForeignKey(
        MentoringForm, models.CASCADE, related_name="role_models", verbose_name=_("форма наставничества")
    )
    title = models.CharField(_("название"), max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("ролевая модель")
        verbose_name_plural = _("ролевые модели")
        ordering = ["form", "position", "title"]
        db_table = "mentoring_rolemodel"

    def __str__(self) -> str:
        return self.title
