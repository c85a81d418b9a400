"""The bases of the programme: participants, mentee and mentor profiles, requests, competences, consents.

A Participant is a person known to the organization (most have no account). One person may be a mentor in
one pairing and a mentee in another, so the two roles are separate one-to-one profiles. Everything here
belongs to one organization: rows carry a non-null `organization` and a scoped default manager.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nastavnik.core.tenancy import OrganizationScopedManager
from nastavnik.methodology.models import MentoringForm
from nastavnik.organizations.models import Organization

ADULT_AGE = 18
CONSENT_LINK_DAYS = 14


def adult_cutoff(today: datetime.date | None = None) -> datetime.date:
    """People born after this date are minors today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - ADULT_AGE)
    except ValueError:  # 29 February
        return today.replace(year=today.year - ADULT_AGE, day=28)


def make_search_name(*parts: str) -> str:
    return " ".join(" ".join(p for p in parts if p).lower().replace("ё", "е").split())


def hidden_label() -> str:
    """What everyone but the curator sees instead of the name of a person whose consent was revoked."""
    return gettext("скрыт (согласие отозвано)")


class Priority(models.IntegerChoices):
    LOW = 0, _("низкий")
    NORMAL = 1, _("обычный")
    HIGH = 2, _("высокий")


class RequestTopic(models.Model):
    """A typical difficulty or goal of mentees: the catalogue curators pick requests from.

    Rows without an organization are shipped defaults (data migration) shared by all organizations;
    an organization may add its own. Not scoped: shared rows have no organization.
    """

    class Kind(models.TextChoices):
        DIFFICULTY = "difficulty", _("затруднение")
        GOAL = "goal", _("цель")

    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="request_topics",
        verbose_name=_("организация"),
        help_text=_("Пусто — пункт доступен всем организациям."),
    )
    form = models.ForeignKey(
        MentoringForm,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="request_topics",
        verbose_name=_("форма наставничества"),
    )
    audience = models.CharField(
        _("для кого"), max_length=16, choices=MentoringForm.Audience.choices, blank=True
    )
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.DIFFICULTY)
    title = models.CharField(_("название"), max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("типовой запрос")
        verbose_name_plural = _("типовые запросы")
        ordering = ["audience", "kind", "position", "title"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def available_to(cls, organization):
        return cls.objects.filter(models.Q(organization__isnull=True) | models.Q(organization=organization))


class ImportBatch(models.Model):
    """One bulk import of a table: the audit summary of rows written by bulk insert.

    Bulk inserts bypass simple-history (one history row per participant would double the cost of an import
    of 100,000 rows), so an import records who loaded which file, when and how many rows, and every
    participant it created points back here.
    """

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )
    filename = models.CharField(_("файл"), max_length=255)
    sha256 = models.CharField(_("контрольная сумма"), max_length=64)
    rows = models.PositiveIntegerField(_("строк"), default=0)
    created = models.PositiveIntegerField(_("создано участников"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто загрузил"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("импорт участников")
        verbose_name_plural = _("импорты участников")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created})"


class Participant(models.Model):
    """A person of the programme: pupil, student, teacher, alumnus or a partner's employee."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("женский")
        MALE = "male", _("мужской")
        __empty__ = _("не указан")

    class Category(models.TextChoices):
        PUPIL = "pupil", _("обучающийся")
        STUDENT = "student", _("студент")
        TEACHER = "teacher", _("педагог")
        YOUNG_SPECIALIST = "young_specialist", _("молодой специалист (стаж до 3 лет)")
        STAFF = "staff", _("сотрудник")
        ALUMNUS = "alumnus", _("выпускник")
        PARTNER_EMPLOYEE = "partner_employee", _("сотрудник партнёра")

    # db_index=False: the composite indexes below start with the organization.
    organization = models.ForeignKey(
        Organization,
        models.CASCADE,
        related_name="participants",
        verbose_name=_("организация"),
        db_index=False,
    )
    last_name = models.CharField(_("фамилия"), max_length=150)
    first_name = models.CharField(_("имя"), max_length=150)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    birth_date = models.DateField(_("дата рождения"), null=True, blank=True)
    gender = models.CharField(_("пол"), max_length=8, choices=Gender.choices, blank=True)
    category = models.CharField(_("категория"), max_length=32, choices=Category.choices)
    group = models.CharField(_("класс или группа"), max_length=50, blank=True, help_text=_("Например, 7Б."))
    subject = models.CharField(_("предмет или специальность"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("стаж, лет"), null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("учётная запись"),
    )
    guardians = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Guardianship",
        related_name="wards",
        blank=True,
        verbose_name=_("законные представители"),
    )
    #: lowercased full name for search: SQLite's LIKE ignores case only for Latin letters
    search_name = models.CharField(max_length=500, blank=True, editable=False)
    import_batch = models.ForeignKey(
        ImportBatch,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("импорт"),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["import_batch", "search_name"])
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("участник")
        verbose_name_plural = _("участники")
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        indexes = [
            models.Index(
                fields=["organization", "last_name", "first_name", "patronymic", "birth_date"],
                name="participant_identity",
            ),
            models.Index(fields=["organization", "group"], name="participant_group"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = make_search_name(self.last_name, self.first_name, self.patronymic)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"last_name", "first_name", "patronymic"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("participants:person", args=[self.organization.slug, self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in [self.last_name, self.first_name, self.patronymic] if part)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in [self.first_name, self.patronymic] if part)
        return f"{self.last_name} {initials}".strip()

    def age(self, today: datetime.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        today = today or timezone.localdate()
        before_birthday = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - int(before_birthday)

    @property
    def is_minor(self) -> bool:
        """Under 18 today. A pupil whose birth date is unknown counts as a minor: when in doubt about a
        child, ask the parent for consent."""
        if self.birth_date is None:
            return self.category == self.Category.PUPIL
        return self.birth_date > adult_cutoff()

    # --- consents -------------------------------------------------------------------------------------
    def _personal_data_consents(self) -> list[Consent]:
        """Personal-data consents newest first; uses prefetched `consents` when a list prefetched them."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "consents" in cache:
            consents = [c for c in cache["consents"] if c.kind == Consent.Kind.PERSONAL_DATA]
        else:
            consents = list(self.consents.filter(kind=Consent.Kind.PERSONAL_DATA))
        return sorted(consents, key=lambda c: (c.given_at, c.pk), reverse=True)

    @property
    def valid_consent(self) -> Consent | None:
        """The newest personal-data consent that is in force (for a minor: given by a parent)."""
        minor = self.is_minor
        for consent in self._personal_data_consents():
            if consent.revoked_at is None and (not minor or consent.given_by == Consent.GivenBy.PARENT):
                return consent
        return None

    @property
    def has_valid_consent(self) -> bool:
        annotated = getattr(self, "annotated_has_consent", None)
        if annotated is not None:
            return bool(annotated)
        return self.valid_consent is not None

    @property
    def is_hidden_by_revocation(self) -> bool:
        """The latest personal-data consent was revoked: the person is hidden from all but the curator."""
        annotated = getattr(self, "annotated_revoked_at", _MISSING)
        if annotated is not _MISSING:
            return annotated is not None
        consents = self._personal_data_consents()
        return bool(consents) and consents[0].revoked_at is not None

    # --- who is related -------------------------------------------------------------------------------
    def mentor_users(self) -> list:
        """Users of the mentors this person is assigned to (MentorAssignment, filled by matching).

        The hook through which a mentor sees their own mentees; matching may later add pairings here.
        """
        from nastavnik.accounts.models import User

        return list(
            User.objects.filter(
                participants__mentor_profile__assignments__mentee_profile__participant=self
            ).distinct()
        )

    def is_self_or_guardian(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if self.user_id is not None and self.user_id == user.pk:
            return True
        return Guardianship.objects.filter(participant=self, user=user).exists()

    def is_related_user(self, user) -> bool:
        """The person themself, a parent (guardian), or a mentor assigned to them."""
        if not getattr(user, "is_authenticated", False):
            return False
        if self.is_self_or_guardian(user):
            return True
        return MentorAssignment.objects.filter(
            mentee_profile__participant=self, mentor_profile__participant__user=user
        ).exists()


_MISSING = object()


class Guardianship(models.Model):
    """A parent (законный представитель) with an account, linked to a minor participant."""

    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="guardianships", verbose_name=_("участник")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="guardianships",
        verbose_name=_("законный представитель"),
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )
    relation = models.CharField(_("кем приходится"), max_length=50, blank=True)

    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("законный представитель")
        verbose_name_plural = _("законные представители")
        constraints = [
            models.UniqueConstraint(fields=["participant", "user"], name="guardianship_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.participant}"


class Partner(models.Model):
    """A partner organization (enterprise, university, NGO) that supplies mentors."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("предприятие")
        UNIVERSITY = "university", _("вуз")
        NGO = "ngo", _("НКО")
        OTHER = "other", _("другое")

    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="partners", verbose_name=_("организация")
    )
    name = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    contact_person = models.CharField(_("контактное лицо"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    site = models.URLField(_("сайт"), blank=True)
    agreement = models.TextField(_("соглашение о сотрудничестве"), blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("партнёр")
        verbose_name_plural = _("партнёры")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MenteeProfile(models.Model):
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
        Organization,
        models.CASCADE,
        related_name="mentee_profiles",
        verbose_name=_("организация"),
        db_index=False,
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
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("профиль наставляемого")
        verbose_name_plural = _("профили наставляемых")
        indexes = [models.Index(fields=["organization", "status"], name="menteeprofile_status")]

    def __str__(self) -> str:
        return str(self.participant)

    def is_related_user(self, user) -> bool:
        return self.participant.is_related_user(user)

    @property
    def is_hidden_by_revocation(self) -> bool:
        return self.participant.is_hidden_by_revocation


class MentorProfile(models.Model):
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
        Organization,
        models.CASCADE,
        related_name="mentor_profiles",
        verbose_name=_("организация"),
        db_index=False,
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
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("профиль наставника")
        verbose_name_plural = _("профили наставников")
        indexes = [models.Index(fields=["organization", "status"], name="mentorprofile_status")]

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def in_register(self) -> bool:
        return self.status in self.REGISTER_STATUSES

    def is_related_user(self, user) -> bool:
        """Only the mentor themself (and guardians of a minor mentor) are related to a mentor profile."""
        return self.participant.is_self_or_guardian(user)

    @property
    def is_hidden_by_revocation(self) -> bool:
        return self.participant.is_hidden_by_revocation


class MentorAssignment(models.Model):
    """A mentor responsible for a mentee. Matching fills it when pairings are approved."""

    mentor_profile = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="assignments", verbose_name=_("наставник")
    )
    mentee_profile = models.ForeignKey(
        MenteeProfile, models.CASCADE, related_name="assignments", verbose_name=_("наставляемый")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    objects = OrganizationScopedManager("organization")

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


class MenteeRequest(models.Model):
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
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
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
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("запрос наставляемого")
        verbose_name_plural = _("запросы наставляемых")
        ordering = ["-priority", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text or (self.topic.title if self.topic_id else "")

    @property
    def label(self) -> str:
        if self.topic_id and self.text:
            return f"{self.topic.title}: {self.text}"
        return self.topic.title if self.topic_id else self.text


class MentorCompetence(models.Model):
    """Something a mentor can help with; a topic links it to the catalogue of requests for matching."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="competences", verbose_name=_("наставник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
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
    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("компетенция наставника")
        verbose_name_plural = _("компетенции наставников")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class MentorStatusChange(models.Model):
    """One decision on a mentor's path (selected after an interview, trained, excluded...)."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="status_changes", verbose_name=_("наставник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
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

    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("изменение статуса наставника")
        verbose_name_plural = _("изменения статуса наставников")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class Interview(models.Model):
    """An interview (собеседование) with a potential mentor."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="interviews", verbose_name=_("наставник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
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

    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("собеседование")
        verbose_name_plural = _("собеседования")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor}, {self.date:%d.%m.%Y}"


def certificate_path(instance: TrainingRecord, filename: str) -> str:
    return f"participants/{instance.organization_id}/certificates/{secrets.token_hex(8)}-{filename}"


def consent_scan_path(instance: Consent, filename: str) -> str:
    return f"participants/{instance.organization_id}/consents/{secrets.token_hex(8)}-{filename}"


class TrainingRecord(models.Model):
    """A course a mentor took (training of mentors, stage 4), with its certificate."""

    mentor = models.ForeignKey(
        MentorProfile, models.CASCADE, related_name="trainings", verbose_name=_("наставник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )
    course = models.CharField(_("курс или программа"), max_length=300)
    hours = models.PositiveSmallIntegerField(
        _("часов"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    date = models.DateField(_("дата окончания"))
    certificate = models.FileField(_("удостоверение или сертификат"), upload_to=certificate_path, blank=True)

    objects = OrganizationScopedManager("organization")

    class Meta:
        verbose_name = _("обучение наставника")
        verbose_name_plural = _("обучение наставников")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.course


def _consent_token() -> str:
    return secrets.token_urlsafe(32)


def _consent_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=CONSENT_LINK_DAYS)


class ConsentKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("обработка персональных данных")
    PUBLICATION = "publication", _("публикация ФИО и фото")


class ConsentRequest(models.Model):
    """A link a parent opens on a phone, without an account, to confirm consent. Valid 14 days."""

    participant = models.ForeignKey(
        Participant, models.CASCADE, related_name="consent_requests", verbose_name=_("участник")
    )
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
    )
    kind = models.CharField(
        _("вид согласия"), max_length=16, choices=ConsentKind.choices, default=ConsentKind.PERSONAL_DATA
    )
    token = models.CharField(max_length=64, unique=True, default=_consent_token, editable=False)
    representative_name = models.CharField(_("ФИО законного представителя"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    expires_at = models.DateTimeField(_("действует до"), default=_consent_expiry)
    used_at = models.DateTimeField(_("использована"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("отозвана"), null=True, blank=True)

    objects = OrganizationScopedManager("organization")

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


class Consent(models.Model):
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
    organization = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("организация")
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто внёс"),
    )
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто отозвал"),
    )
    revoke_reason = models.TextField(_("причина отзыва"), blank=True)

    history = HistoricalRecords()
    objects = OrganizationScopedManager("organization")

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
