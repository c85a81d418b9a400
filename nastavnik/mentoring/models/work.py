"""The work of a pairing (stage 6): the development plan, the meeting sequence, feedback and reminders.

A plan (индивидуальный план развития) belongs to a pairing and, unless the group shares one plan, to one of its
mentees; it has goals (often started from the mentee's requests) and tasks with due dates. Meetings follow the
methodology's sequence (знакомство → пробная → планирование → рабочие → итоговая); after a held meeting every
mentee and the mentor leave one feedback each (usefulness and comfort, 1–10).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned

from .pairings import Pairing, PairingMember

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(10)]


class DevelopmentPlan(OrganizationOwned, Authored):
    """An individual development plan: of one mentee of the pairing, or of the whole group (member empty)."""

    pairing = models.ForeignKey(Pairing, models.CASCADE, related_name="plans", verbose_name=_("пара/группа"))
    member = models.ForeignKey(
        PairingMember,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("наставляемый"),
        help_text=_("Пусто — общий план группы."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("индивидуальный план развития")
        verbose_name_plural = _("индивидуальные планы развития")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "member"], name="plan_unique_member"),
            models.UniqueConstraint(
                fields=["pairing"], condition=models.Q(member__isnull=True), name="plan_unique_group"
            ),
        ]

    def __str__(self) -> str:
        return f"План: {self.member or self.pairing}"


class Goal(OrganizationOwned):
    """A goal of a plan; `request` is the mentee's request it was started from, if any."""

    plan = models.ForeignKey(DevelopmentPlan, models.CASCADE, related_name="goals", verbose_name=_("план"))
    title = models.CharField(_("цель"), max_length=300)
    description = models.TextField(_("ожидаемый результат"), blank=True)
    request = models.ForeignKey(
        "participants.MenteeRequest",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("запрос наставляемого"),
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("цель плана")
        verbose_name_plural = _("цели плана")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanTask(OrganizationOwned):
    """A task of a goal with its due date and status."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("запланирована")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнена")

    goal = models.ForeignKey(Goal, models.CASCADE, related_name="tasks", verbose_name=_("цель"))
    title = models.CharField(_("задача"), max_length=300)
    due = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    result = models.CharField(_("ожидаемый результат"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("выполнена"), null=True, blank=True)
    position = models.PositiveIntegerField(_("порядок"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("задача плана")
        verbose_name_plural = _("задачи плана")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["organization", "status", "due"], name="plantask_due")]

    def __str__(self) -> str:
        return self.title


class Meeting(OrganizationOwned, Authored):
    """A meeting of the pairing; `kind` follows the methodology's sequence."""

    class Kind(models.TextChoices):
        INTRO = "intro", _("встреча-знакомство")
        TRIAL = "trial", _("пробная рабочая встреча")
        PLANNING = "planning", _("встреча-планирование")
        WORKING = "working", _("рабочая встреча")
        FINAL = "final", _("итоговая встреча")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("запланирована")
        HELD = "held", _("проведена")
        CANCELLED = "cancelled", _("отменена")
        MISSED = "missed", _("не состоялась")

    pairing = models.ForeignKey(
        Pairing, models.CASCADE, related_name="meetings", verbose_name=_("пара/группа")
    )
    kind = models.CharField(_("вид встречи"), max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField(_("начало"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("длительность, мин"), default=45, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    place = models.CharField(_("место"), max_length=200, blank=True)
    url = models.URLField(_("ссылка на видеовстречу"), max_length=500, blank=True)
    topic = models.CharField(_("тема"), max_length=300, blank=True)
    tasks = models.ManyToManyField(
        PlanTask, blank=True, related_name="meetings", verbose_name=_("задачи плана")
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(_("итоги встречи"), blank=True)
    cancel_reason = models.CharField(_("причина отмены"), max_length=300, blank=True)
    held_at = models.DateTimeField(_("отмечена проведённой"), null=True, blank=True)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["calendar_sequence"])

    class Meta:
        verbose_name = _("встреча")
        verbose_name_plural = _("встречи")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["pairing", "status", "starts_at"], name="meeting_pairing"),
            models.Index(fields=["organization", "status", "starts_at"], name="meeting_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%d.%m.%Y %H:%M}"


class Feedback(OrganizationOwned):
    """One person's feedback after one held meeting: two scores and an optional comment.

    A comment marked private goes to the curator only; a parent of a minor never sees the child's comments.
    """

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="feedback", verbose_name=_("встреча"))
    participant = models.ForeignKey(
        "participants.Participant", models.CASCADE, related_name="+", verbose_name=_("участник")
    )
    is_mentor = models.BooleanField(_("от наставника"), default=False)
    usefulness = models.PositiveSmallIntegerField(_("польза"), validators=SCORE_VALIDATORS)
    comfort = models.PositiveSmallIntegerField(_("комфорт"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("комментарий"), blank=True, max_length=2000)
    private = models.BooleanField(_("только куратору"), default=False)
    created_at = models.DateTimeField(_("оставлена"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("обратная связь")
        verbose_name_plural = _("обратная связь")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="feedback_one_per_person"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=10, comfort__gte=1, comfort__lte=10),
                name="feedback_scores_1_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.usefulness}/{self.comfort}"


class WorkReminder(OrganizationOwned):
    """A reminder about a pairing's work that was sent: the key makes every reminder go out once."""

    class Kind(models.TextChoices):
        MEETING_TOMORROW = "meeting_tomorrow", _("встреча завтра")
        FEEDBACK_WAITING = "feedback_waiting", _("ждёт обратная связь")
        IDLE_MENTOR = "idle_mentor", _("пара без встреч — наставнику")
        IDLE_CURATOR = "idle_curator", _("пара без встреч — куратору")
        TASK_DUE = "task_due", _("срок задачи плана")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    key = models.CharField(max_length=100)
    batch = models.CharField(
        max_length=32, help_text="the run that sent it (bulk inserts tell their own rows by it)"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("отправленное напоминание")
        verbose_name_plural = _("отправленные напоминания")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="workreminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
