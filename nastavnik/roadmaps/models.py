"""The programme and its live plan: Programme → Roadmap → Stage → Activity, with people, proof and risks.

Every row carries its organization (denormalized from its parent) so that the tenancy scope filters it
without joins. "Overdue" is never stored: it is a function of the status, the deadline and today
(`ActivityQuerySet.with_overdue`, `Activity.is_overdue`).
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned
from nastavnik.core.tenancy import OrganizationScopedManager
from nastavnik.methodology.indicators import TITLES as INDICATOR_TITLES
from nastavnik.organizations.models import Organization

from .deadlines import Deadline

if TYPE_CHECKING:
    from nastavnik.accounts.models import User


class Programme(OrganizationOwned, Authored):
    """An organization's mentoring programme: one or several school years, goals and numeric targets."""

    title = models.CharField(_("название"), max_length=500)
    kind = models.CharField(
        _("тип организации шаблона"), max_length=32, choices=Organization.Kind.choices, blank=True
    )
    period_start = models.DateField(_("начало"), null=True, blank=True)
    period_end = models.DateField(_("окончание"), null=True, blank=True)
    academic_year_from = models.PositiveSmallIntegerField(_("с учебного года"))
    academic_year_to = models.PositiveSmallIntegerField(_("по учебный год"))
    goals = models.TextField(_("цели и задачи"), blank=True)

    class Meta:
        verbose_name = _("программа наставничества")
        verbose_name_plural = _("программы наставничества")
        ordering = ["-academic_year_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(academic_year_to__gte=models.F("academic_year_from")),
                name="programme_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def covers(self, academic_year: int) -> bool:
        return self.academic_year_from <= academic_year <= self.academic_year_to


class ProgrammeTarget(OrganizationOwned):
    """A numeric goal of the programme, e.g. «70 % обучающихся 10–18 лет вовлечены к 31.12.2024»."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="targets", verbose_name=_("программа")
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    text = models.TextField(_("показатель"))
    percent = models.DecimalField(_("значение, %"), max_digits=5, decimal_places=2)
    by = models.DateField(_("к дате"), null=True, blank=True)
    indicator_code = models.CharField(
        _("показатель мониторинга"),
        max_length=40,
        blank=True,
        choices=[(code, _(title)) for code, title in INDICATOR_TITLES.items()],  # noqa: INT001
        help_text=_("Какой показатель мониторинга измеряет эта цель; при импорте угадывается по тексту."),
    )

    class Meta:
        verbose_name = _("целевой показатель")
        verbose_name_plural = _("целевые показатели")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.percent} % — {self.text}"


def academic_year_label(year: int | None) -> str:
    return f"{year}/{(year + 1) % 100:02d}" if year else ""


class Roadmap(OrganizationOwned, Authored):
    """The plan of one school year, as approved by the director's order."""

    programme = models.ForeignKey(
        Programme, models.CASCADE, related_name="roadmaps", verbose_name=_("программа")
    )
    title = models.TextField(_("название"))
    academic_year = models.PositiveSmallIntegerField(
        _("учебный год"), help_text=_("Первый год учебного года: 2026 означает 2026/27.")
    )
    approved_by = models.CharField(_("кем утверждена"), max_length=500, blank=True)
    order_number = models.CharField(_("номер приказа"), max_length=64, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    source_filename = models.CharField(_("исходный файл"), max_length=255, blank=True)
    warnings = models.JSONField(_("замечания импорта"), default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-academic_year", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmaps:roadmap", args=[self.organization.slug]) + f"?roadmap={self.pk}"

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)


RECURRENCE_CHOICES = [
    ("weekly", _("еженедельно")),
    ("monthly", _("ежемесячно")),
    ("quarterly", _("ежеквартально")),
    ("half-yearly", _("раз в полугодие")),
    ("yearly", _("ежегодно")),
]


class DeadlineFields(models.Model):
    """A deadline as written («октябрь–ноябрь») and as understood (dates, recurrence, ongoing)."""

    deadline_text = models.CharField(_("срок"), max_length=500, blank=True)
    deadline_start = models.DateField(_("начало срока"), null=True, blank=True)
    deadline_end = models.DateField(_("окончание срока"), null=True, blank=True)
    deadline_recurrence = models.CharField(
        _("периодичность"), max_length=16, choices=RECURRENCE_CHOICES, blank=True
    )
    deadline_ongoing = models.BooleanField(_("постоянно"), default=False)
    deadline_warnings = models.JSONField(_("замечания к сроку"), default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def deadline(self) -> Deadline:
        return Deadline(
            self.deadline_text,
            self.deadline_start,
            self.deadline_end,
            self.deadline_recurrence or None,
            self.deadline_ongoing,
            tuple(self.deadline_warnings or ()),
        )

    def set_deadline(self, deadline: Deadline | None) -> None:
        if deadline is None:
            deadline = Deadline("", None, None, None, False, ())
        self.deadline_text = (deadline.text or "")[:500]
        self.deadline_start = deadline.start
        self.deadline_end = deadline.end
        self.deadline_recurrence = deadline.recurrence or ""
        self.deadline_ongoing = deadline.ongoing
        self.deadline_warnings = list(deadline.warnings)


class Stage(OrganizationOwned, DeadlineFields):
    """A stage of the plan (этап), e.g. «Формирование базы наставляемых»."""

    roadmap = models.ForeignKey(
        Roadmap, models.CASCADE, related_name="stages", verbose_name=_("дорожная карта")
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    number = models.CharField(_("номер"), max_length=32, blank=True)
    title = models.TextField(_("название"))
    task = models.TextField(_("задача"), blank=True)
    expected_result = models.TextField(_("ожидаемый результат"), blank=True)

    class Meta:
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")
        ordering = ["roadmap", "position", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("запланировано")
    IN_PROGRESS = "in_progress", _("выполняется")
    DONE = "done", _("выполнено")
    CANCELLED = "cancelled", _("отменено")


OPEN_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


def month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def in_month_q(first: date, last: date) -> Q:
    return Q(deadline_end__gte=first) & (
        Q(deadline_start__lte=last) | Q(deadline_start__isnull=True, deadline_end__lte=last)
    )


class ActivityQuerySet(models.QuerySet["Activity"]):
    def overdue_q(self, today: date) -> Q:
        return Q(status__in=OPEN_STATUSES, deadline_end__lt=today)

    def with_overdue(self, today: date | None = None) -> ActivityQuerySet:
        """Annotate `overdue_flag`: open and the deadline's end already passed."""
        today = today or timezone.localdate()
        return self.annotate(
            overdue_flag=Case(
                When(self.overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, today: date | None = None) -> ActivityQuerySet:
        return self.filter(self.overdue_q(today or timezone.localdate()))

    def in_month(self, day: date | None = None) -> ActivityQuerySet:
        """Activities whose deadline period touches the month of `day` (an end-only deadline by its end)."""
        first, last = month_bounds(day or timezone.localdate())
        return self.filter(in_month_q(first, last))

    def of_user(self, user: User) -> ActivityQuerySet:
        return self.filter(pk__in=ActivityResponsible.objects.filter(user=user).values("activity_id"))


ActivityManager = models.Manager.from_queryset(ActivityQuerySet)


class Activity(OrganizationOwned, DeadlineFields):
    """One line of the plan: what, by when, who is responsible, what proves it is done."""

    Status = ActivityStatus

    roadmap = models.ForeignKey(
        Roadmap, models.CASCADE, related_name="activities", verbose_name=_("дорожная карта")
    )
    stage = models.ForeignKey(Stage, models.CASCADE, related_name="activities", verbose_name=_("этап"))
    position = models.PositiveIntegerField(_("порядок"), default=0)
    number = models.CharField(_("номер"), max_length=32, blank=True)
    title = models.TextField(_("мероприятие"))
    description = models.TextField(_("содержание"), blank=True)
    expected_result = models.TextField(_("ожидаемый результат"), blank=True)
    proving_document = models.CharField(_("подтверждающий документ"), max_length=500, blank=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    completed_on = models.DateField(_("дата выполнения"), null=True, blank=True)
    note = models.TextField(_("примечание"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The base's scoped manager, with the queryset's methods (overdue, in_month, of_user).
    objects: ClassVar[ActivityManager] = OrganizationScopedManager(  # type: ignore[assignment]
        "organization", ActivityManager
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["roadmap", "stage__position", "position", "id"]
        indexes = [models.Index(fields=["roadmap", "position"], name="activity_roadmap_position")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("roadmaps:activity", args=[self.organization.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Open and past the end of its deadline; uses the query's annotation when present."""
        flag = getattr(self, "overdue_flag", None)
        if flag is not None:
            return bool(flag)
        return self.is_open and self.deadline_end is not None and self.deadline_end < timezone.localdate()

    def is_related_user(self, user: Any) -> bool:
        """The responsible people of an activity may update it (permissions.is_related_person)."""
        if not getattr(user, "is_authenticated", False):
            return False
        user_ids = getattr(self, "responsible_user_ids", None)  # queries.roadmap_activities
        if user_ids is not None:
            return user.pk in user_ids
        cached = getattr(self, "responsible_list", None)  # queries.activity_queryset(as_list=True)
        if cached is None:
            cached = getattr(self, "_prefetched_objects_cache", {}).get("responsible")
        if cached is not None:
            return any(r.user_id == user.pk for r in cached)
        return self.responsible.filter(user=user).exists()


class ActivityResponsible(OrganizationOwned):
    """A responsible person or role of an activity: a label as written, bound to a user when known."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="responsible", verbose_name=_("мероприятие")
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    label = models.CharField(_("ответственный (как записано)"), max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_responsibilities",
        verbose_name=_("пользователь"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ответственный")
        verbose_name_plural = _("ответственные")
        ordering = ["activity", "position", "id"]
        indexes = [models.Index(fields=["organization", "label"], name="responsible_org_label")]

    def __str__(self) -> str:
        return self.label

    @property
    def display(self) -> str:
        if self.user_id and self.user:
            return responsible_display(self.label, self.user.get_short_name())
        return self.label


def responsible_display(label: str, user_name: str) -> str:
    """The label of a responsible person, with the bound user's short name when the label does not say it."""
    if not user_name:
        return label
    return user_name if user_name in label else f"{label} ({user_name})"


def _evidence_path(instance: Evidence, filename: str) -> str:
    """Uploaded proof is stored under a random name: the original one may contain a child's name."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{instance.organization_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(OrganizationOwned, Authored):
    """Proof that an activity was done: an uploaded document or a link (an order on the site, a post)."""

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="evidence", verbose_name=_("мероприятие")
    )
    file = models.FileField(_("файл"), upload_to=_evidence_path, blank=True, max_length=255)
    filename = models.CharField(_("имя файла"), max_length=255, blank=True)
    url = models.URLField(_("ссылка"), max_length=1000, blank=True)
    title = models.CharField(_("описание"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("подтверждение")
        verbose_name_plural = _("подтверждения")
        ordering = ["activity", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="evidence_file_or_url"),
        ]

    def __str__(self) -> str:
        return self.title or self.filename or self.url

    def get_absolute_url(self) -> str:
        if self.file:
            return reverse("roadmaps:evidence", args=[self.organization.slug, self.pk])
        return self.url


class Risk(OrganizationOwned, Authored):
    """A risk of the programme and what the organization does about it: the register (реестр рисков).

    Read from the roadmap on import, typed by the curator, or accepted from a suggestion of the dashboard
    (`source` keeps the suggestion's key, so one signal is not proposed again while its risk is open).
    Level = probability × impact (1–9).
    """

    class Level(models.IntegerChoices):
        LOW = 1, _("низкая")
        MEDIUM = 2, _("средняя")
        HIGH = 3, _("высокая")

    class Status(models.TextChoices):
        OPEN = "open", _("открыт")
        MITIGATING = "mitigating", _("принимаются меры")
        CLOSED = "closed", _("закрыт")

    roadmap = models.ForeignKey(
        Roadmap,
        models.CASCADE,
        related_name="risks",
        null=True,
        blank=True,
        verbose_name=_("дорожная карта"),
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    risk = models.TextField(_("риск"))
    mitigation = models.TextField(_("меры по минимизации"), blank=True)
    probability = models.PositiveSmallIntegerField(
        _("вероятность"), choices=Level.choices, default=Level.MEDIUM
    )
    impact = models.PositiveSmallIntegerField(_("влияние"), choices=Level.choices, default=Level.MEDIUM)
    owner = models.CharField(_("ответственный"), max_length=300, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.OPEN)
    review_date = models.DateField(_("дата пересмотра"), null=True, blank=True)
    source = models.CharField(_("источник"), max_length=64, blank=True, editable=False)
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True, editable=False)
    closing_note = models.TextField(_("итог"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("кто изменил"),
    )
    changed_at = models.DateTimeField(_("изменено"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("риск")
        verbose_name_plural = _("риски")
        ordering = ["roadmap", "position", "id"]

    def __str__(self) -> str:
        return self.risk

    @property
    def level(self) -> int:
        return int(self.probability) * int(self.impact)

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def review_overdue(self, today: date | None = None) -> bool:
        return bool(self.is_open and self.review_date and self.review_date < (today or timezone.localdate()))


class DraftImport(OrganizationOwned):
    """A roadmap read from an uploaded file, waiting for the curator to check and confirm it.

    Kept in the database (not the session) because a draft may hold a thousand rows and because the
    preview URL must survive a second tab or a reload.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("кто загрузил")
    )
    filename = models.CharField(_("имя файла"), max_length=255, blank=True)
    data = models.JSONField(_("черновик"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("черновик импорта")
        verbose_name_plural = _("черновики импорта")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class ReminderLog(OrganizationOwned):
    """A reminder that was sent: one row per activity, user, kind and due date, so none goes twice."""

    class Kind(models.TextChoices):
        WEEK = "week", _("за неделю")
        DAY = "day", _("за день")
        OVERDUE = "overdue", _("просрочено")

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="+", verbose_name=_("мероприятие"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices)
    due = models.DateField(_("срок"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("отправленное напоминание")
        verbose_name_plural = _("отправленные напоминания")
        constraints = [
            models.UniqueConstraint(fields=["activity", "user", "kind", "due"], name="reminderlog_once"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.user_id} {self.kind} {self.due}"
