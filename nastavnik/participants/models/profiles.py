"""The two roles of a participant and the mentor's path: mentee and mentor profiles, who mentors whom,
mentees' requests, mentors' competences, status decisions, interviews and training (stages 3–4)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.ownership import OrganizationOwned
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization

from .people import Participant, Partner, Priority, RequestTopic, user_link

if TYPE_CHECKING:
    from .people import AnyUser


class MenteeProfile(OrganizationOwned):
    """A participant in the base of mentees."""

    class Status(models.TextChoices):
        NEW = "new", _("новый")
        IN_BASE = "in_base", _("в базе")
        MATCHED = "matched", _("в паре")
        COMPLETED = "completed", _("завершил")
        LEFT = "left", _("выбыл")

    participant = models.OneToOneField(
        Participant, models.CASCADE, related_name="mentee_profile", verbose_name=_("участник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация"), db_index=False
    )
    form = models.ForeignKey(
        MentoringForm,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentee_profiles",
        verbose_name=_("форма наставничества"),
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.NEW)
    priority = models.SmallIntegerField(_("приоритет"), choices=Priority.choices, default=Priority.NORMAL)
    preferred_mentor_gender = models.CharField(
        _("предпочтительный пол наставника"),
        max_length=8,
        choices=Participant.Gender.choices,
        blank=True,
        default="",
        db_default="",  # the bulk importer writes rows with raw SQL that does not name this column
        help_text=_("Из анкеты или со слов наставляемого; пусто — не имеет значения."),
    )
    notes = models.TextField(_("заметки куратора"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("профиль наставляемого")
        verbose_name_plural = _("профили наставляемых")
        indexes = [models.Index(fields=["organization", "status"], name="menteeprofile_status")]

    def __str__(self) -> str:
        return str(self.participant)

    def is_related_user(self, user: AnyUser) -> bool:
        return self.participant.is_related_user(user)

    @property
    def is_hidden_by_revocation(self) -> bool:
        return self.participant.is_hidden_by_revocation


class MentorProfile(OrganizationOwned):
    """A participant in the base of mentors, from a potential mentor to an active one."""

    class Origin(models.TextChoices):
        STAFF = "staff", _("педагог или сотрудник")
        STUDENT = "student", _("студент или обучающийся")
        ALUMNUS = "alumnus", _("выпускник")
        PARTNER = "partner", _("представитель партнёра")

    class Status(models.TextChoices):
        POTENTIAL = "potential", _("потенциальный")
        INTERVIEWED = "interviewed", _("собеседование пройдено")
        SELECTED = "selected", _("в реестре наставников")
        TRAINED = "trained", _("обучен")
        ACTIVE = "active", _("действующий")
        RESTING = "resting", _("на паузе")
        EXCLUDED = "excluded", _("исключён")

    #: Statuses of the register of mentors (реестр наставников).
    REGISTER_STATUSES = (Status.SELECTED, Status.TRAINED, Status.ACTIVE, Status.RESTING)

    participant = models.OneToOneField(
        Participant, models.CASCADE, related_name="mentor_profile", verbose_name=_("участник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация"), db_index=False
    )
    origin = models.CharField(
        _("откуда наставник"), max_length=16, choices=Origin.choices, default=Origin.STAFF
    )
    partner = models.ForeignKey(
        Partner,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentors",
        verbose_name=_("партнёр"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("сколько наставляемых может взять"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    availability = models.JSONField(
        _("когда свободен"),
        default=list,
        blank=True,
        help_text=_("Список интервалов, например «пн 15:00–17:00»."),
    )
    experience = models.TextField(_("опыт наставничества и профессиональный опыт"), blank=True)
    forms = models.ManyToManyField(
        MentoringForm, blank=True, related_name="mentor_profiles", verbose_name=_("формы наставничества")
    )
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.POTENTIAL)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("профиль наставника")
        verbose_name_plural = _("профили наставников")
        indexes = [models.Index(fields=["organization", "status"], name="mentorprofile_status")]

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def in_register(self) -> bool:
        return self.status in self.REGISTER_STATUSES

    def is_related_user(self, user: AnyUser) -> bool:
        """Only the mentor themself (and guardians of a minor mentor) are related to a mentor profile."""
        return self.participant.is_self_or_guardian(user)

    @property
    def is_hidden_by_revocation(self) -> bool:
        return self.participant.is_hidden_by_revocation


_Status = MentorProfile.Status
#: The path of a mentor (stage 3–4): which status may follow which.
MENTOR_TRANSITIONS: dict[str, frozenset[str]] = {
    _Status.POTENTIAL: frozenset({_Status.INTERVIEWED, _Status.EXCLUDED}),
    _Status.INTERVIEWED: frozenset({_Status.SELECTED, _Status.POTENTIAL, _Status.EXCLUDED}),
    _Status.SELECTED: frozenset({_Status.TRAINED, _Status.ACTIVE, _Status.RESTING, _Status.EXCLUDED}),
    _Status.TRAINED: frozenset({_Status.ACTIVE, _Status.RESTING, _Status.EXCLUDED}),
    _Status.ACTIVE: frozenset({_Status.RESTING, _Status.EXCLUDED}),
    _Status.RESTING: frozenset({_Status.ACTIVE, _Status.EXCLUDED}),
    _Status.EXCLUDED: frozenset({_Status.POTENTIAL}),
}


class MentorAssignment(OrganizationOwned):
    """A mentor responsible for a mentee. Matching fills it when pairings are approved."""

    mentor_profile = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="assignments", verbose_name=_("наставник")
    )
    mentee_profile = models.ForeignKey(
        MenteeProfile, models.CASCADE, related_name="assignments", verbose_name=_("наставляемый")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("закрепление наставника")
        verbose_name_plural = _("закрепления наставников")
        constraints = [
            models.UniqueConstraint(
                fields=["mentor_profile", "mentee_profile"], name="mentorassignment_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor_profile} → {self.mentee_profile}"


class MenteeRequest(OrganizationOwned):
    """A request (запрос) of a mentee: a difficulty to overcome or a goal to reach."""

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("анкета")
        PERSONAL_FILE = "personal_file", _("личное дело")
        ATTESTATION = "attestation", _("аттестация")
        CLASS_TEACHER = "class_teacher", _("классный руководитель")
        PSYCHOLOGIST = "psychologist", _("педагог-психолог")
        OTHER = "other", _("другое")

    mentee = models.ForeignKey(
        MenteeProfile, models.CASCADE, related_name="requests", verbose_name=_("наставляемый")
    )
    topic = models.ForeignKey(
        RequestTopic,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("типовой запрос"),
    )
    text = models.TextField(_("запрос"), blank=True)
    source = models.CharField(_("источник"), max_length=16, choices=Source.choices, default=Source.OTHER)
    priority = models.SmallIntegerField(_("приоритет"), choices=Priority.choices, default=Priority.NORMAL)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("запрос наставляемого")
        verbose_name_plural = _("запросы наставляемых")
        ordering = ["-priority", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text or (self.topic.title if self.topic is not None else "")

    @property
    def label(self) -> str:
        return request_label(self.text, self.topic.title if self.topic is not None else None)


def request_label(text: str, topic_title: str | None) -> str:
    """How a request is shown: «тема: текст», or whichever of the two there is."""
    if topic_title is None:
        return text
    return f"{topic_title}: {text}" if text else topic_title


class MentorCompetence(OrganizationOwned):
    """Something a mentor can help with; a topic links it to the catalogue of requests for matching."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="competences", verbose_name=_("наставник")
    )
    title = models.CharField(_("компетенция"), max_length=300)
    topic = models.ForeignKey(
        RequestTopic,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="competences",
        verbose_name=_("типовой запрос"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("компетенция наставника")
        verbose_name_plural = _("компетенции наставников")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class MentorStatusChange(OrganizationOwned):
    """One decision on a mentor's path (selected after an interview, trained, excluded...)."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="status_changes", verbose_name=_("наставник")
    )
    from_status = models.CharField(_("был статус"), max_length=16, choices=MentorProfile.Status.choices)
    to_status = models.CharField(_("новый статус"), max_length=16, choices=MentorProfile.Status.choices)
    changed_at = models.DateTimeField(_("когда"), default=timezone.now)
    changed_by = user_link(_("кто решил"))
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
    interviewer = user_link(_("кто проводил"))
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
