"""The mentor's path on record: status decisions, interviews and training (stages 3–4)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nastavnik.core.ownership import OrganizationOwned

from .profiles import MentorProfile


class MentorStatusChange(OrganizationOwned):
    """One decision on a mentor's path (selected after an interview, trained, excluded...)."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="status_changes", verbose_name=_("наставник")
    )
    from_status = models.CharField(_("был статус"), max_length=16, choices=MentorProfile.Status.choices)
    to_status = models.CharField(_("новый статус"), max_length=16, choices=MentorProfile.Status.choices)
    changed_at = models.DateTimeField(_("когда"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто решил"),
    )
    note = models.TextField(_("основание"), blank=True)

    class Meta:
        verbose_name = _("изменение статуса наставника")
        verbose_name_plural = _("изменения статуса наставников")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Interview(OrganizationOwned):
    """An interview (собеседование) with a potential mentor."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="interviews", verbose_name=_("наставник")
    )
    date = models.DateField(_("дата"))
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто проводил"),
    )
    notes = models.TextField(_("итоги"), blank=True)

    class Meta:
        verbose_name = _("собеседование")
        verbose_name_plural = _("собеседования")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor}, {self.date:%d.%m.%Y}"


def certificate_path(instance: TrainingRecord, filename: str) -> str:
    return f"participants/{instance.organization_id}/certificates/{secrets.token_hex(8)}-{filename}"


class TrainingRecord(OrganizationOwned):
    """A course a mentor took (training of mentors, stage 4), with its certificate."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="trainings", verbose_name=_("наставник")
    )
    course = models.CharField(_("курс или программа"), max_length=300)
    hours = models.PositiveSmallIntegerField(
        _("часов"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    date = models.DateField(_("дата окончания"))
    certificate = models.FileField(_("удостоверение или сертификат"), upload_to=certificate_path, blank=True)

    class Meta:
        verbose_name = _("обучение наставника")
        verbose_name_plural = _("обучение наставников")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.course
