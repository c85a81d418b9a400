"""Consents to personal-data processing and publication: signed scans, links for parents, revocation.

A minor's personal-data consent counts only when given by a parent (legal representative); a revoked one
hides the person from everybody but the curator."""

from __future__ import annotations

import datetime
import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned

from .people import Participant, user_link

CONSENT_LINK_DAYS = 14


def consent_scan_path(instance: Consent, filename: str) -> str:
    return f"participants/{instance.organization_id}/consents/{secrets.token_hex(8)}-{filename}"


def _consent_token() -> str:
    return secrets.token_urlsafe(32)


def _consent_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=CONSENT_LINK_DAYS)


class ConsentKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("обработка персональных данных")
    PUBLICATION = "publication", _("публикация ФИО и фото")


class ConsentRequest(OrganizationOwned, Authored):
    """A link a parent opens on a phone, without an account, to confirm consent. Valid 14 days."""

    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="consent_requests", verbose_name=_("участник")
    )
    kind = models.CharField(
        _("вид согласия"), max_length=16, choices=ConsentKind.choices, default=ConsentKind.PERSONAL_DATA
    )
    token = models.CharField(max_length=64, unique=True, default=_consent_token, editable=False)
    representative_name = models.CharField(_("ФИО законного представителя"), max_length=300, blank=True)
    expires_at = models.DateTimeField(_("действует до"), default=_consent_expiry)
    used_at = models.DateTimeField(_("использована"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("отозвана"), null=True, blank=True)

    class Meta:
        verbose_name = _("ссылка для согласия")
        verbose_name_plural = _("ссылки для согласия")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.participant} ({self.created_at:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("participants:consent_link", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.cancelled_at is None and self.expires_at > timezone.now()


class Consent(OrganizationOwned):
    """A consent to personal-data processing or to publication; by the person or by a parent."""

    Kind = ConsentKind

    class GivenBy(models.TextChoices):
        SELF = "self", _("сам участник")
        PARENT = "parent", _("законный представитель")

    class Method(models.TextChoices):
        SCAN = "scan", _("скан подписанного согласия")
        LINK = "link", _("подтверждено по ссылке")
        ACCOUNT = "account", _("подтверждено в личном кабинете")

    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="consents", verbose_name=_("участник")
    )
    kind = models.CharField(
        _("вид согласия"), max_length=16, choices=Kind.choices, default=Kind.PERSONAL_DATA
    )
    given_by = models.CharField(_("кто дал"), max_length=8, choices=GivenBy.choices, default=GivenBy.SELF)
    representative_name = models.CharField(_("ФИО законного представителя"), max_length=300, blank=True)
    given_at = models.DateTimeField(_("дано"), default=timezone.now)
    method = models.CharField(_("способ"), max_length=8, choices=Method.choices, default=Method.SCAN)
    scan = models.FileField(_("скан согласия"), upload_to=consent_scan_path, blank=True)
    request = models.OneToOneField(
        ConsentRequest,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent",
        verbose_name=_("ссылка"),
    )
    recorded_by = user_link(_("кто внёс"))
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    revoked_by = user_link(_("кто отозвал"))
    revoke_reason = models.TextField(_("причина отзыва"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["participant", "kind", "given_at"], name="consent_latest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.participant}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
