"""Questionnaires (анкеты): the builder, the personal links respondents open, and their answers.

A Questionnaire without an organization is a template shipped with the system (data migration 0002);
curators copy it into their organization and edit the copy. Sections and questions carry the
organization of their questionnaire (null for shipped templates), so they are scoped like everything else.
Respondents have no account: an Invitation with an unguessable token is their key to exactly one form.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import Authored, OrganizationOwned
from nastavnik.core.tenancy import OrganizationScopedManager
from nastavnik.organizations.models import Organization

INVITATION_DAYS = 21
TOKEN_BYTES = 32


class ShippedTemplateManager(models.Manager[Any]):
    """Shipped templates are reference data of the whole installation: readable without a scope."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return super().get_queryset().filter(organization__isnull=True)


class ShippedTemplatePartManager(models.Manager[Any]):
    """Sections and questions of shipped templates (their organization is null)."""

    def get_queryset(self) -> models.QuerySet[Any]:
        return (
            super().get_queryset().filter(organization__isnull=True, questionnaire__organization__isnull=True)
        )


class Questionnaire(Authored):
    class Audience(models.TextChoices):
        MENTEE = "mentee", _("наставляемые")
        MENTOR = "mentor", _("наставники")
        BOTH = "both", _("наставники и наставляемые")

    class Purpose(models.TextChoices):
        MENTOR_CANDIDATE = "mentor_candidate", _("анкета потенциального наставника")
        MENTEE = "mentee", _("анкета наставляемого")
        PREFERENCES = "preferences", _("предпочтения после групповой встречи")
        SATISFACTION_MENTOR_INTERIM = (
            "satisfaction_mentor_interim",
            _("удовлетворённость наставника, промежуточная"),
        )
        SATISFACTION_MENTEE_INTERIM = (
            "satisfaction_mentee_interim",
            _("удовлетворённость наставляемого, промежуточная"),
        )
        SATISFACTION_MENTOR_FINAL = "satisfaction_mentor_final", _("удовлетворённость наставника, итоговая")
        SATISFACTION_MENTEE_FINAL = (
            "satisfaction_mentee_final",
            _("удовлетворённость наставляемого, итоговая"),
        )
        PROGRAMME_QUALITY = "programme_quality", _("качество программы наставничества")
        EXPECTATIONS_MENTEE = "expectations_mentee", _("ожидания наставляемого (в начале)")
        EXPECTATIONS_MENTOR = "expectations_mentor", _("ожидания наставника (в начале)")
        RESULTS_MENTEE = "results_mentee", _("результаты наставляемого (в конце)")
        RESULTS_MENTOR = "results_mentor", _("результаты наставника (в конце)")
        CURATOR = "curator", _("анкета куратора")
        CUSTOM = "custom", _("своя анкета")

    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("организация"),
        help_text=_("Пусто — шаблон, поставляемый с системой."),
    )
    code = models.SlugField(
        _("код шаблона"), max_length=64, blank=True, help_text=_("Только у поставляемых шаблонов.")
    )
    title = models.CharField(_("название"), max_length=200)
    audience = models.CharField(_("кому"), max_length=16, choices=Audience.choices, default=Audience.MENTEE)
    purpose = models.CharField(
        _("назначение"), max_length=32, choices=Purpose.choices, default=Purpose.CUSTOM
    )
    description = models.TextField(_("вступление"), blank=True, help_text=_("Видно респонденту над анкетой."))
    is_template = models.BooleanField(_("шаблон"), default=False)
    source_template = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("создана из шаблона"),
    )
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = OrganizationScopedManager("organization")
    shipped = ShippedTemplateManager()

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(is_template=True),
                name="questionnaire_shipped_is_template",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(organization__isnull=True) & ~models.Q(code=""),
                name="questionnaire_unique_shipped_code",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shipped(self) -> bool:
        return self.organization_id is None


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="sections", verbose_name=_("анкета")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("организация")
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("заголовок"), max_length=300)

    objects = OrganizationScopedManager("organization")
    shipped = ShippedTemplatePartManager()

    class Meta:
        verbose_name = _("раздел анкеты")
        verbose_name_plural = _("разделы анкеты")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("один вариант")
    MULTIPLE_CHOICE = "multiple_choice", _("несколько вариантов")
    SCALE = "scale", _("шкала")
    SHORT_TEXT = "short_text", _("короткий текст")
    LONG_TEXT = "long_text", _("развёрнутый ответ")
    YES_NO = "yes_no", _("да или нет")
    RANKING = "ranking", _("ранжирование участников")


class OptionsSource(models.TextChoices):
    """Where the options of a choice question come from: its own list or a catalogue of the system."""

    OWN = "", _("свои варианты")
    DIFFICULTIES = "difficulties", _("каталог: затруднения")
    GOALS = "goals", _("каталог: цели")
    TOPICS = "topics", _("каталог: затруднения и цели")
    FORMS = "forms", _("формы наставничества")


class MapsTo(models.TextChoices):
    """Where an answer goes when the response is submitted (see services.apply_response)."""

    NOTHING = "", _("никуда — только в результаты")
    PARTICIPANT_SUBJECT = "participant.subject", _("участник: предмет или специальность")
    MENTEE_REQUESTS = "mentee.requests", _("наставляемый: запросы (затруднения)")
    MENTEE_GOALS = "mentee.goals", _("наставляемый: запросы (цели)")
    MENTEE_FORM = "mentee.form", _("наставляемый: форма наставничества")
    MENTEE_PREFERRED_GENDER = "mentee.preferred_gender", _("наставляемый: предпочтительный пол наставника")
    MENTOR_COMPETENCES = "mentor.competences", _("наставник: компетенции")
    MENTOR_CAPACITY = "mentor.capacity", _("наставник: сколько наставляемых готов взять")
    MENTOR_AVAILABILITY = "mentor.availability", _("наставник: удобное время")
    MENTOR_EXPERIENCE = "mentor.experience", _("наставник: опыт")
    MENTOR_FORMS = "mentor.forms", _("наставник: формы наставничества")


class Question(models.Model):
    Kind = QuestionKind
    Source = OptionsSource

    section = models.ForeignKey(Section, models.CASCADE, related_name="questions", verbose_name=_("раздел"))
    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="questions", verbose_name=_("анкета")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("организация")
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    text = models.CharField(_("вопрос"), max_length=1000)
    kind = models.CharField(
        _("тип"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.SHORT_TEXT
    )
    required = models.BooleanField(_("обязательный"), default=False)
    help_text = models.CharField(_("подсказка"), max_length=500, blank=True)
    options = models.JSONField(
        _("варианты"), default=list, blank=True, help_text=_('Список {"value": ..., "label": ...}.')
    )
    options_source = models.CharField(
        _("откуда варианты"),
        max_length=16,
        choices=OptionsSource.choices,
        default=OptionsSource.OWN,
        blank=True,
    )
    scale_min = models.PositiveSmallIntegerField(_("шкала от"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("шкала до"), default=10)
    maps_to = models.CharField(_("куда идёт ответ"), max_length=32, choices=MapsTo.choices, blank=True)

    objects = OrganizationScopedManager("organization")
    shipped = ShippedTemplatePartManager()

    class Meta:
        verbose_name = _("вопрос анкеты")
        verbose_name_plural = _("вопросы анкеты")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)

    @property
    def is_text(self) -> bool:
        return self.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)

    @property
    def field_name(self) -> str:
        """The name of the question's input in the respondent's form."""
        return f"q{self.pk}"

    def own_choices(self) -> list[tuple[str, str]]:
        return [
            (str(o.get("value", "")), str(o.get("label", ""))) for o in self.options if isinstance(o, dict)
        ]


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class Invitation(OrganizationOwned, Authored):
    """A personal link to one questionnaire for one participant; the token is the only key."""

    class Status(models.TextChoices):
        NOT_OPENED = "not_opened", _("не открыта")
        IN_PROGRESS = "in_progress", _("заполняется")
        SUBMITTED = "submitted", _("отправлена")
        EXPIRED = "expired", _("срок истёк")
        REVOKED = "revoked", _("отозвана")

    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="invitations", verbose_name=_("анкета")
    )
    participant = models.ForeignKey(
        "participants.Participant",
        models.CASCADE,
        related_name="questionnaire_invitations",
        verbose_name=_("участник"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    people_to_rank = models.JSONField(
        _("кого ранжировать"),
        default=list,
        blank=True,
        help_text=_("Идентификаторы участников другой стороны."),
    )
    expires_at = models.DateTimeField(_("действует до"), default=default_expiry)
    emailed_at = models.DateTimeField(_("отправлено письмом"), null=True, blank=True)
    opened_at = models.DateTimeField(_("открыто"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("анкета отправлена"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("приглашение заполнить анкету")
        verbose_name_plural = _("приглашения заполнить анкету")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "participant"],
                condition=models.Q(revoked_at__isnull=True),
                name="invitation_one_live_per_person",
            )
        ]
        indexes = [models.Index(fields=["organization", "questionnaire"], name="invitation_questionnaire")]

    def __str__(self) -> str:
        return f"{self.questionnaire} → {self.participant}"

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:respond", args=[self.token])

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.submitted_at is None and not self.is_expired

    @property
    def status(self) -> str:
        if self.submitted_at is not None:
            return self.Status.SUBMITTED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.is_expired:
            return self.Status.EXPIRED
        if self.opened_at is not None:
            return self.Status.IN_PROGRESS
        return self.Status.NOT_OPENED

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @classmethod
    def status_q(cls, status: str, now: datetime.datetime) -> models.Q:
        """The rows of one status, in SQL (mirrors the `status` property)."""
        submitted = models.Q(submitted_at__isnull=False)
        revoked = models.Q(revoked_at__isnull=False) & ~submitted
        expired = models.Q(expires_at__lte=now, revoked_at__isnull=True, submitted_at__isnull=True)
        live = models.Q(expires_at__gt=now, revoked_at__isnull=True, submitted_at__isnull=True)
        by_status: dict[str, models.Q] = {
            cls.Status.SUBMITTED: submitted,
            cls.Status.REVOKED: revoked,
            cls.Status.EXPIRED: expired,
            cls.Status.IN_PROGRESS: live & models.Q(opened_at__isnull=False),
            cls.Status.NOT_OPENED: live & models.Q(opened_at__isnull=True),
        }
        return by_status[status]

    def freeze_status(self) -> None:
        """Compute the status once for a list page (it reads the clock and several fields)."""
        self.state = self.status
        self.state_label = self.get_status_display()


class Response(OrganizationOwned):
    """What a respondent answered; kept while they fill the form, closed on submit."""

    invitation = models.OneToOneField(
        Invitation, models.CASCADE, related_name="response", verbose_name=_("приглашение")
    )
    participant = models.ForeignKey(
        "participants.Participant",
        models.CASCADE,
        related_name="questionnaire_responses",
        verbose_name=_("участник"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, models.CASCADE, related_name="responses", verbose_name=_("анкета")
    )
    started_at = models.DateTimeField(_("начато"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    submitted_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    applied_at = models.DateTimeField(_("перенесено в базу"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкеты")
        ordering = ["started_at", "pk"]
        indexes = [models.Index(fields=["questionnaire", "submitted_at"], name="response_submitted")]

    def __str__(self) -> str:
        return f"{self.participant}: {self.questionnaire}"


class Answer(OrganizationOwned):
    """One answer; `value` is a string, a list of strings, an integer or a boolean by question kind."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers", verbose_name=_("ответ"))
    question = models.ForeignKey(Question, models.CASCADE, related_name="answers", verbose_name=_("вопрос"))
    value = models.JSONField(_("значение"))
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
