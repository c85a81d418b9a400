"""Pairings (a mentor with one or more mentees) and the orders that approve them: matching
proposes, `mentoring.services` creates them, and later stages (plans, meetings) hang off a Pairing.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.tenancy import OrganizationScopedManager
from nastavnik.methodology.models import MentoringForm, RoleModel
from nastavnik.organizations.models import Organization


def order_file_path(instance: Order, filename: str) -> str:
    """Unguessable path: in development media files are served without a permission check."""
    return f"mentoring/{instance.organization_id}/orders/{secrets.token_hex(8)}-{filename}"


class Order(models.Model):
    """An order (приказ) of the organization, with the generated Word file the director signs."""

    class Kind(models.TextChoices):
        PAIRINGS = "pairings", _("об утверждении наставнических пар (групп)")

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="orders", verbose_name=_("организация")
    )
    number = models.CharField(_("номер"), max_length=50)
    date = models.DateField(_("дата"))
    title = models.CharField(_("заголовок"), max_length=300)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.PAIRINGS)
    file = models.FileField(_("файл приказа"), upload_to=order_file_path, blank=True, max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто подготовил"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("приказ")
        verbose_name_plural = _("приказы")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number", "date"], name="order_unique_number")
        ]

    def __str__(self) -> str:
        return f"Приказ № {self.number} от {self.date:%d.%m.%Y}"

    @property
    def download_name(self) -> str:
        """What the browser saves the file as: Russian, without characters file systems refuse."""
        number = "".join("-" if c in '\\/:*?"<>|' else c for c in self.number)
        return f"Приказ № {number} от {self.date:%d.%m.%Y} {self.title}.docx"


class Pairing(models.Model):
    """A mentoring pair or group (наставническая пара/группа): one mentor with one or more mentees."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("индивидуальная")
        GROUP = "group", _("групповая")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        COMPLETED = "completed", _("завершена")
        CANCELLED = "cancelled", _("отменена")

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="pairings", verbose_name=_("организация")
    )
    mentor = models.ForeignKey(
        "participants.MentorProfile", models.PROTECT, related_name="pairings", verbose_name=_("наставник")
    )
    form = models.ForeignKey(
        MentoringForm, models.PROTECT, related_name="pairings", verbose_name=_("форма наставничества")
    )
    role_model = models.ForeignKey(
        RoleModel,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairings",
        verbose_name=_("ролевая модель"),
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    approved_at = models.DateTimeField(_("утверждена"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто утвердил"),
    )
    order = models.ForeignKey(
        Order, models.SET_NULL, null=True, blank=True, related_name="pairings", verbose_name=_("приказ")
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("наставническая пара (группа)")
        verbose_name_plural = _("наставнические пары (группы)")
        ordering = ["-approved_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status"], name="pairing_status")]

    def __str__(self) -> str:
        return f"{self.mentor} ({self.get_kind_display()})"

    def is_related_user(self, user) -> bool:
        """The mentor, a mentee of the pairing, or a parent of such a mentee."""
        if not getattr(user, "is_authenticated", False):
            return False
        if self.mentor.participant.is_self_or_guardian(user):
            return True
        return any(m.mentee.participant.is_self_or_guardian(user) for m in self.members.all())


class PairingMember(models.Model):
    """A mentee of a pairing, with the fit and the reasons the matching gave for putting them there."""

    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="members", verbose_name=_("пара/группа")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )
    mentee = models.ForeignKey(
        "participants.MenteeProfile",
        models.PROTECT,
        related_name="pairing_memberships",
        verbose_name=_("наставляемый"),
    )
    score = models.FloatField(_("совместимость"), null=True, blank=True)
    reasons = models.TextField(_("почему в паре"), blank=True)

    history = HistoricalRecords()
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("наставляемый в паре (группе)")
        verbose_name_plural = _("наставляемые в парах (группах)")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "mentee"], name="pairingmember_unique_mentee")
        ]

    def __str__(self) -> str:
        return str(self.mentee)
