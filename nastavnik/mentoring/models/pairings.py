"""Pairings (a mentor with one or more mentees) and the orders that approve them: matching
proposes, `mentoring.services` creates them, and later stages (plans, meetings) hang off a Pairing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned
from nastavnik.methodology.models import MentoringForm, RoleModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nastavnik.accounts.models import User


def order_file_path(instance: Order, filename: str) -> str:
    """Unguessable path: in development media files are served without a permission check."""
    return f"mentoring/{instance.organization_id}/orders/{secrets.token_hex(8)}-{filename}"


class Order(OrganizationOwned, Authored):
    """An order (приказ) of the organization, with the generated Word file the director signs."""

    class Kind(models.TextChoices):
        PAIRINGS = "pairings", _("об утверждении наставнических пар (групп)")

    number = models.CharField(_("номер"), max_length=50)
    date = models.DateField(_("дата"))
    title = models.CharField(_("заголовок"), max_length=300)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.PAIRINGS)
    file = models.FileField(_("файл приказа"), upload_to=order_file_path, blank=True, max_length=255)

    history = HistoricalRecords()

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


class Pairing(OrganizationOwned):
    """A mentoring pair or group (наставническая пара/группа): one mentor with one or more mentees."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("индивидуальная")
        GROUP = "group", _("групповая")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        COMPLETED = "completed", _("завершена")
        ENDED_EARLY = "ended_early", _("прекращена досрочно")
        CANCELLED = "cancelled", _("отменена")

    class EndReason(models.TextChoices):
        INCOMPATIBILITY = "incompatibility", _("несовместимость")
        MOVED = "moved", _("переезд")
        ILLNESS = "illness", _("болезнь")
        PARTICIPANT_WISH = "participant_wish", _("по желанию участника")
        LEFT_ORGANIZATION = "left_organization", _("выбытие из организации")
        OTHER = "other", _("другое")

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
    plan_per_mentee = models.BooleanField(
        _("план у каждого наставляемого"),
        default=True,
        help_text=_(
            "Для группы: отдельный план развития у каждого наставляемого или один общий план группы."
        ),
    )
    summary = models.TextField(_("итоги работы"), blank=True)
    ended_at = models.DateTimeField(_("завершена"), null=True, blank=True)
    end_reason = models.CharField(
        _("причина досрочного прекращения"), max_length=32, choices=EndReason.choices, blank=True
    )
    end_comment = models.TextField(_("комментарий к прекращению"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("наставническая пара (группа)")
        verbose_name_plural = _("наставнические пары (группы)")
        ordering = ["-approved_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status"], name="pairing_status")]

    def __str__(self) -> str:
        return f"{self.mentor} ({self.get_kind_display()})"

    if TYPE_CHECKING:
        # Set for display by mentoring.queries (annotate_consent, label, my_pairings), never stored.
        annotated_revoked_at: dt.datetime | None
        mentor_name: str
        mentor_hidden: bool
        mine: list[PairingMember]
        # Set by mentoring.overview.with_attention (the figures themselves are queryset annotations).
        attention_reasons: list[str]
        progress: int | None
        # Set for the list page by mentoring.overview.load_page and the view (docs/performance.md).
        member_list: list[Any]  # overview.MemberRow (the app's models do not import its read side)
        stage: str | None
        last_meeting_at: dt.datetime | None
        next_meeting_at: dt.datetime | None
        feedback_average: float | None
        stage_label: str
        kind_label: str
        status_label: str
        last_meeting_on: str
        next_meeting_on: str
        feedback_average_text: str
        meetings_held: int
        meetings_label: str
        feedback_missing: int
        feedback_missing_label: str
        url: str

    def is_related_user(self, user: User | AnonymousUser) -> bool:
        """The mentor, a mentee of the pairing, or a parent of such a mentee."""
        if not getattr(user, "is_authenticated", False):
            return False
        if self.mentor.participant.is_self_or_guardian(user):
            return True
        return any(m.mentee.participant.is_self_or_guardian(user) for m in self.members.all())


class PairingMember(OrganizationOwned):
    """A mentee of a pairing, with the fit and the reasons the matching gave for putting them there."""

    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="members", verbose_name=_("пара/группа")
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

    class Meta:
        verbose_name = _("наставляемый в паре (группе)")
        verbose_name_plural = _("наставляемые в парах (группах)")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "mentee"], name="pairingmember_unique_mentee")
        ]

    if TYPE_CHECKING:
        annotated_revoked_at: dt.datetime | None
        display_name: str
        hidden: bool

    def __str__(self) -> str:
        return str(self.mentee)
